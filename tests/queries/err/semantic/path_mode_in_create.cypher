CREATE ACYCLIC (a:Actor)-[:ACCUSES]->(b:Actor);
