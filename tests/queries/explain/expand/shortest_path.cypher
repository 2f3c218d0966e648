// Shortest paths run between two bound nodes.
EXPLAIN MATCH p = shortestPath((a:Actor {name: 'FBI'})-[*..5]-(b:Actor {name: 'Germany'})) RETURN [n IN nodes(p) | n.name] AS route;
EXPLAIN MATCH p = allShortestPaths((a:Actor {name: 'FBI'})-[:ACCUSES|DENIES*]-(b:Person)) RETURN b.name, length(p);
// SHORTEST k and SHORTEST k GROUPS: up to k paths per pair of ends.
EXPLAIN MATCH p = SHORTEST 3 (a:Actor {name: 'FBI'})-[:ACCUSES|DENIES]-{1,5}(b:Actor {name: 'Russia'}) RETURN p;
EXPLAIN MATCH p = SHORTEST 2 GROUPS (a:Actor {name: 'FBI'})-[]-+(b:Actor {name: 'Russia'}) RETURN length(p);
