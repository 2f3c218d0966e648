// A hop between two bound nodes only checks that they are joined: Expand(Into). Cycles close
// this way.
EXPLAIN MATCH (a)-[:ACCUSES]->(b)-[:DENIES]->(a) RETURN a.name, b.name;
EXPLAIN MATCH (a:Actor {name: 'FBI'}), (b:Actor {name: 'Russia'}) MATCH (a)-[r]->(b) RETURN type(r);
EXPLAIN MATCH (a)-[:ACCUSES]->(b)-[:ACCUSES]->(c)-[:ACCUSES]->(a) RETURN a.name, b.name, c.name;
