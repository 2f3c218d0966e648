// Nor expand from it.
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n MATCH (n)-[:ACCUSES]->(m) RETURN m;
