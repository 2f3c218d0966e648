MATCH (x) ((a)-[r:ACCUSES]->(b)-[r:DENIES]->(c)){1,2} (y) RETURN x;
