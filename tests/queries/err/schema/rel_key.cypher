// graph: empty
// A relationship key, composite: each present, the pair unique; checked on the data there is.
CREATE (a:Actor)-[:ACCUSES {source: 'wire', seq: 1}]->(b:Actor), (b)-[:ACCUSES {source: 'wire'}]->(a);
CREATE CONSTRAINT accuses_key FOR ()-[r:ACCUSES]-() REQUIRE (r.source, r.seq) IS RELATIONSHIP KEY;
