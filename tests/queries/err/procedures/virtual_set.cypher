// Nor can SET change it.
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n SET n.seen = true;
