EXPLAIN MATCH (x:Country) ((a)-[r:ACCUSES]->(b:Country) WHERE r.year >= 2016){1,3} (y) RETURN x.name, [n IN b | n.name] AS reached;
