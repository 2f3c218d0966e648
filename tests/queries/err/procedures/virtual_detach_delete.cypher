// Nor DETACH DELETE.
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n DETACH DELETE n;
