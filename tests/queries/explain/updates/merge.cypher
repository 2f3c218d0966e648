// MERGE runs its matcher as a branch on each row and creates what it does not find.
EXPLAIN MERGE (a:Actor {name: 'France'}) ON CREATE SET a.new = true ON MATCH SET a.seen = true RETURN a.name;
EXPLAIN MATCH (a:Actor {name: 'FBI'}), (b:Actor {name: 'Russia'}) MERGE (a)-[r:ACCUSES]->(b) RETURN r.allegation;
