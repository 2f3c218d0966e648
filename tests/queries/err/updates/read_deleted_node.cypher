// Reading a node deleted earlier in the same statement is an error, as in Neo4j.
MATCH (a:Actor {name: 'FBI'}) DETACH DELETE a WITH a RETURN a.name;
