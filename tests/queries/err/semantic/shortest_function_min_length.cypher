// Neo4j's shortestPath() takes a minimum of 0 or 1 hops; GQL's SHORTEST 1 takes any.
MATCH p = shortestPath((x {name: 'a'})-[*2..4]-(y {name: 'd'})) RETURN p;
