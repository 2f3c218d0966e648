MATCH (a)-[r]->(b) MATCH (r) RETURN r;
