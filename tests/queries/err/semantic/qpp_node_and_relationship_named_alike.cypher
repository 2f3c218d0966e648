MATCH (x) ((a)-[b:ACCUSES]->(b)-[:DENIES]->(c)){1,2} (y) RETURN x;
