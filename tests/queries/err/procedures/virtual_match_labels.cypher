// Nor with the labels it has (they are checked only on a node of the graph).
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n MATCH (n:Actor {name: 'Actor'}) RETURN n;
