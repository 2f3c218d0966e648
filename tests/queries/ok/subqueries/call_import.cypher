// A CALL { } subquery runs once per row; it sees the variables its scope clause or leading WITH imports.
MATCH (a:Country) CALL (a) { MATCH (a)-[r]->(b) RETURN count(b) AS out_degree } RETURN a.name, out_degree ORDER BY a.name;
MATCH (a:Country) CALL { WITH a MATCH (a)<-[:ACCUSES]-(b) RETURN b.name AS accuser ORDER BY accuser LIMIT 1 } RETURN a.name, accuser ORDER BY a.name;
MATCH (a:Country) CALL (*) { RETURN a.name + '!' AS loud } RETURN loud ORDER BY loud;
UNWIND [1, 2, 3] AS x CALL () { RETURN 'hello' AS greeting } RETURN x, greeting;
CALL { MATCH (n) RETURN count(n) AS nodes } RETURN nodes;
MATCH (a:Country) CALL (a) { MATCH (a)-[:DENIES]->(b) RETURN b.name AS denied } RETURN a.name, denied ORDER BY a.name, denied;
MATCH (a:Country) OPTIONAL CALL (a) { MATCH (a)-[:DENIES]->(b) RETURN b.name AS denied } RETURN a.name, denied ORDER BY a.name, denied;
MATCH (a:Country) CALL (a) { MATCH (a)-[:ACCUSES]->(b) RETURN b.name AS accused } WITH a, collect(accused) AS accused RETURN a.name, accused ORDER BY a.name;
