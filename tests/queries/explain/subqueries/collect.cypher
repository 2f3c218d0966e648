EXPLAIN MATCH (a:Country) RETURN a.name, COLLECT { MATCH (a)-[:ACCUSES]->(b) WITH DISTINCT b RETURN b.name } AS accused;
