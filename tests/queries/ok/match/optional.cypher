// graph: empty
CREATE (:P {name: 'a'})-[:KNOWS]->(:P {name: 'b'}), (:P {name: 'c'});
MATCH (p:P) OPTIONAL MATCH (p)-[:KNOWS]->(q) RETURN p.name AS p, q.name AS q ORDER BY p;
MATCH (p:P) OPTIONAL MATCH (p)-[:KNOWS]->(q) WHERE q.name = 'zzz' RETURN p.name AS p, q ORDER BY p;
OPTIONAL MATCH (n:Missing) RETURN n;
MATCH (p:P {name: 'c'}) OPTIONAL MATCH (p)-[r]->(q) RETURN p.name, type(r), q.name;
