// Neo4j's shortestPath and allShortestPaths take a relationship pattern: a quantified path
// pattern of several relationships is for the GQL selectors (SHORTEST 1, ALL SHORTEST, ...).
MATCH p = shortestPath((x {name: 'FBI'}) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c))+ (y {name: 'Germany'})) RETURN p;
