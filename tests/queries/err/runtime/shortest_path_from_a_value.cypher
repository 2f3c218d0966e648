// shortestPath's ends must be nodes.
UNWIND [1] AS n MATCH p = shortestPath((n)-[*]-(m:Actor {name: 'Russia'})) RETURN p;
