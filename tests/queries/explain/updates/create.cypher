// Updates are stages: each takes the rows of the stage before. EXPLAIN creates nothing.
EXPLAIN CREATE (a:Actor:Country {name: 'France', kind: 'country'});
EXPLAIN MATCH (a:Actor {name: 'FBI'}), (b:Actor {name: 'Germany'}) CREATE (a)-[r:ACCUSES {allegation: 'none'}]->(b)<-[:DENIES]-(c:Actor {name: 'X'}) RETURN r.allegation;
