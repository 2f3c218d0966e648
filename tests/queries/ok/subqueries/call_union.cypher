// UNION inside CALL { }: the combined rows go on to the clauses after it.
CALL { MATCH (a:Country) RETURN a.name AS name UNION MATCH (a:Organization) RETURN a.name AS name } RETURN name ORDER BY name;
CALL { MATCH (a)-[:ACCUSES]->(b) RETURN b.name AS who UNION ALL MATCH (a)-[:DENIES]->(b) RETURN a.name AS who } RETURN who, count(*) AS times ORDER BY times DESC, who;
MATCH (r:Country {name: 'Russia'}) CALL (r) { MATCH (r)<-[:ACCUSES]-(x) RETURN x.name AS other UNION MATCH (r)-[:DENIES]->(x) RETURN x.name AS other } RETURN other ORDER BY other;
