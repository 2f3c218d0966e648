// A pattern comprehension runs as a branch over each row, like EXISTS { }.
EXPLAIN MATCH (a:Actor {name: 'Russia'}) RETURN [(a)<-[:ACCUSES]-(b) WHERE b.name STARTS WITH 'U' | b.name] AS accusers;
