// An algorithm runs on nodes of the graph.
CALL db.schema.visualization() YIELD nodes CALL algo.pageRank({nodes: nodes}) YIELD node RETURN node;
