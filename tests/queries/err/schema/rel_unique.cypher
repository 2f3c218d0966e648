// graph: empty
// A relationship uniqueness constraint (Neo4j 5.7): a commit that breaks it fails.
CREATE CONSTRAINT accuses_id FOR ()-[r:ACCUSES]-() REQUIRE r.id IS UNIQUE;
CREATE (a:Actor)-[:ACCUSES {id: 1}]->(b:Actor), (b)-[:ACCUSES {id: 2}]->(a), (a)-[:DENIES {id: 1}]->(b);
MATCH (a)-[r:ACCUSES {id: 2}]->(b) CREATE (a)-[:ACCUSES {id: 1.0}]->(b);
