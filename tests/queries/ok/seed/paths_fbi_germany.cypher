// Paths between FBI and Germany, shortest first.
MATCH p = shortestPath((a:Actor {name: 'FBI'})-[*..4]-(b:Actor {name: 'Germany'}))
RETURN length(p) AS hops;
MATCH p = allShortestPaths((a:Actor {name: 'FBI'})-[*..4]-(b:Actor {name: 'Germany'}))
RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types
ORDER BY types;
MATCH p = (a:Actor {name: 'FBI'})-[*..2]->(b:Actor {name: 'Germany'})
RETURN [r IN relationships(p) | type(r)] AS directed_types;
