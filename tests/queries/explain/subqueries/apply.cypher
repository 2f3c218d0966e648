EXPLAIN MATCH (a:Country) CALL (a) { MATCH (a)<-[:ACCUSES]-(b) RETURN b.name AS accuser ORDER BY accuser LIMIT 1 } RETURN a.name, accuser;
