MATCH p = SHORTEST 1 (x {name: 'FBI'}) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c))+ (y {name: 'Germany'}) RETURN p;
