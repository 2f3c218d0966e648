RETURN graph.names() AS names;
