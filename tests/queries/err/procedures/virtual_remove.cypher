// Nor REMOVE.
CALL db.schema.visualization() YIELD relationships UNWIND relationships AS r REMOVE r.name;
