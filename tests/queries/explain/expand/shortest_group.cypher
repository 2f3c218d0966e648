EXPLAIN MATCH p = SHORTEST 2 GROUPS (x:Country {name: 'Germany'}) ((a)-[r:ACCUSES]->(b)-[:DENIES]->(c) WHERE r.year >= 2016){1,3} (y:Country) RETURN y.name, [n IN b | n.name] AS via;
