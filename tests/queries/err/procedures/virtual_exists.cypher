// A pattern predicate neither.
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n RETURN n.name, EXISTS { (n)-->() } AS linked;
