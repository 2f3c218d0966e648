CREATE (a:Actor)-[:!ACCUSES]->(b:Actor);
