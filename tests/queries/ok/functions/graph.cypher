// Functions on nodes and relationships of the seed graph.
MATCH (a:Actor {name: 'Germany'})-[r:ACCUSES]->(b)
RETURN labels(a) AS labels, type(r) AS type, keys(a) AS keys, startNode(r).name AS start, endNode(r).name AS `end`, properties(a).kind AS kind;
MATCH (a:Actor {name: 'Germany'}) RETURN id(a) = id(a) AS same_id, size(keys(properties(a))) AS n_props;
