CREATE (a)-[:R]-(b);
