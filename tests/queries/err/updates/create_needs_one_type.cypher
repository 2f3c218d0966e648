CREATE (a)-[:R|S]->(b);
