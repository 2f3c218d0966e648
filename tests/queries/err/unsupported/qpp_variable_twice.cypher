MATCH (x) ((a)-[:ACCUSES]->(b)-[:DENIES]->(a)){1,2} (y) RETURN x;
