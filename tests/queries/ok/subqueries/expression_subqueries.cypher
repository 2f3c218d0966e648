// EXISTS { }, COUNT { } and COLLECT { } over whole queries: they see every variable of the row.
MATCH (a:Actor) RETURN a.name, COLLECT { MATCH (a)-[:ACCUSES]->(b) RETURN b.name ORDER BY b.name } AS accused ORDER BY a.name;
MATCH (a:Actor) RETURN a.name, COLLECT { MATCH (a)-[:ACCUSES]->(b) RETURN DISTINCT b.name } AS accused_once ORDER BY size(accused_once) DESC, a.name LIMIT 3;
MATCH (a:Actor) WHERE EXISTS { MATCH (a)-[:ACCUSES]->(b) WITH b WHERE b.kind = 'country' RETURN b } AND NOT EXISTS { MATCH (a)-[:DENIES]->() } RETURN a.name ORDER BY a.name;
MATCH (a:Actor) RETURN a.name, COUNT { MATCH (a)-->(b) RETURN DISTINCT b } AS partners, COUNT { MATCH (a)-->(b) RETURN b } AS relationships ORDER BY partners DESC, a.name LIMIT 3;
MATCH (a:Actor {name: 'Russia'}) RETURN COLLECT { MATCH (a)<-[:ACCUSES]-(x) RETURN x.name UNION MATCH (a)-[:DENIES]->(x) RETURN x.name } AS involved;
MATCH (a:Actor {name: 'Russia'}) RETURN COUNT { MATCH (a)<-[r]-() WITH type(r) AS t RETURN DISTINCT t } AS kinds_received;
RETURN COLLECT { UNWIND [3, 1, 2] AS x RETURN x ORDER BY x } AS sorted, EXISTS { UNWIND [] AS x RETURN x } AS empty;
