// Pattern predicates on the seed graph: who accuses Russia and is denied by it?
MATCH (a:Actor), (russia:Actor {name: 'Russia'})
WHERE (a)-[:ACCUSES]->(russia) AND (russia)-[:DENIES]->(a)
RETURN a.name AS denied_accuser ORDER BY denied_accuser;
MATCH (a:Actor:Country) WHERE NOT (a)-[:ACCUSES]->() RETURN a.name AS accuses_no_one ORDER BY accuses_no_one;
// WITH's WHERE sees the variables bound before the WITH, not only those it projects.
MATCH (a:Country)-[r]->(b) WITH b WHERE type(r) = 'ACCUSES' RETURN count(b) AS accused_by_countries;
