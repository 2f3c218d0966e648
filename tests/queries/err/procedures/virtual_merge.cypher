// MERGE neither.
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n MERGE (n)-[:SEEN]->(:Log);
