// A virtual node is not in the graph: a pattern cannot match it.
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n MATCH (n) RETURN n;
