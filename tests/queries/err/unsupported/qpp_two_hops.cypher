MATCH ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){1,2} RETURN a;
