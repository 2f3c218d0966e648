// Questions of the same shapes as the benchmark kit's, for the generated event graphs:
// run with relq GRAPH --timing -f benches/shapes.cypher (each line is one statement).
MATCH (a:Actor {name: 'United States'})-[:ACCUSES]->(b)-[:DENIES]->(c) WHERE c.kind = 'country' RETURN c.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 5;
MATCH (a:Actor {name: 'Russia'})-[:ACCUSES]->(x)<-[:ACCUSES]-(b:Actor {name: 'United States'}) RETURN count(DISTINCT x) AS n;
MATCH (a:Actor)-[r]->() WHERE a.name STARTS WITH 'Actor_0001' RETURN a.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 5;
MATCH (a:Actor {name: 'Germany'})-[r]-(b) RETURN b.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 5;
MATCH (a)-[r:DENIES]->(b) WHERE r.weight > 1.5 AND r.date STARTS WITH '2019' RETURN count(*) AS n;
MATCH (a:Actor)-[r1:DENIES]->(b:Actor)-[r2:ACCUSES]->(a) RETURN count(*) AS n;
