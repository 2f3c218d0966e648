MATCH (b) MATCH (x) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){1,2} (y) RETURN x;
