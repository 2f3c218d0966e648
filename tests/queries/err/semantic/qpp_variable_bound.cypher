MATCH (a:Country) MATCH (x) ((a)-[r]->(b)){1,2} (y) RETURN a;
