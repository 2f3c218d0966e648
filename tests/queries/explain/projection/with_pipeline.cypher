// WITH starts a new scope: its projection, its WHERE, then the next clauses on its rows.
EXPLAIN MATCH (a:Actor)<-[:ACCUSES]-(b) WITH a, count(b) AS n WHERE n > 1 MATCH (a)-[:DENIES]->(c) RETURN a.name, n, collect(c.name) AS denied;
EXPLAIN UNWIND ['FBI', 'Germany'] AS name MATCH (a:Actor {name: name}) WITH a ORDER BY a.name LIMIT 1 RETURN a.name AS first;
