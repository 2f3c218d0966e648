// The far end of a hop, bound to a value that is not a node.
MATCH (a:Actor {name: 'Russia'}) WITH a, 'Kremlin' AS k MATCH (a)-[:ACCUSES]->(k) RETURN k;
