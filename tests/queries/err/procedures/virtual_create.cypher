// CREATE cannot join it to the graph.
CALL db.schema.visualization() YIELD nodes WITH nodes[0] AS n CREATE (n)-[:SEEN]->(:Log);
