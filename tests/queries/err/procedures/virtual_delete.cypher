// Nor DELETE.
CALL db.schema.visualization() YIELD relationships UNWIND relationships AS r DELETE r;
