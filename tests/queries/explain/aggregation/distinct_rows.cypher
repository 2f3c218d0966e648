// When what follows a MATCH ignores how often a row occurs (DISTINCT, count(DISTINCT ...)),
// rows that agree on what is still needed are merged between hops (DistinctOn).
EXPLAIN MATCH (a:Actor)-[:ACCUSES]->(b)-[:ACCUSES]->(c) RETURN count(DISTINCT c) AS reached;
EXPLAIN MATCH (a:Actor {name: 'United States'})-[:ACCUSES]->(b)<-[:ACCUSES]-(c) RETURN DISTINCT c.name AS co_accuser;
