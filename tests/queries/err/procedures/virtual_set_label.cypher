// Nor its labels.
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n SET n:Seen;
