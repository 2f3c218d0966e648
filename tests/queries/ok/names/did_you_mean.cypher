// A read that finds nothing warns of what exists; one that finds rows does not.
MATCH (a:Actor {name: 'Rusia'}) RETURN a.name;
MATCH (a:Actor)-[:ACCUSES]->(b:Actor) WHERE b.name = 'Kremlin' RETURN a.name;
MATCH (a:Country) WHERE a.name = 'germany' RETURN a.name;
MATCH (a:Actor {name: 'Russia'}) RETURN a.name;
