// Shortest paths run between two bound nodes.
EXPLAIN MATCH p = shortestPath((a:Actor {name: 'FBI'})-[*..5]-(b:Actor {name: 'Germany'})) RETURN [n IN nodes(p) | n.name] AS route;
EXPLAIN MATCH p = allShortestPaths((a:Actor {name: 'FBI'})-[:ACCUSES|DENIES*]-(b:Person)) RETURN b.name, length(p);
