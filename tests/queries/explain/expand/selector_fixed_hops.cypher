EXPLAIN MATCH p = SHORTEST 2 (x:Country {name: 'Germany'})-[:ACCUSES]->(m:Country) ((a)-[:ACCUSES]->(b))+ (y:Country) RETURN m.name, y.name, length(p);
