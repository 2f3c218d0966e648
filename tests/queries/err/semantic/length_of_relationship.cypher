// graph: empty
// Caught when the statement is planned: on an empty graph, where running it would meet no row.
MATCH ()-[r]->() RETURN length(r);
