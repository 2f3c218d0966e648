// OPTIONAL MATCH runs its pattern as a branch on each row (an Argument); named paths are bound
// once their parts are.
EXPLAIN MATCH (a:Actor:Country) OPTIONAL MATCH (a)<-[:LEADS]-(p) RETURN a.name, p.name;
EXPLAIN MATCH (a:Person) OPTIONAL MATCH q = (a)-[d:DENIES]->(b) WHERE d.topic IS NOT NULL RETURN a.name, length(q);
