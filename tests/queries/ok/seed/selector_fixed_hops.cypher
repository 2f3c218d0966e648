// A path selector over fixed hops beside a quantified part, on the seed graph: from Germany,
// whom it accuses, and from there the shortest chains of accusations.
MATCH p = SHORTEST 1 (x:Country {name: 'Germany'})-[:ACCUSES]->(m) ((a)-[:ACCUSES]->(b))+ (y)
RETURN m.name AS accused, [n IN b | n.name] AS chain, y.name AS reached, length(p) AS len
ORDER BY len, reached;
MATCH p = ALL SHORTEST (x:Country {name: 'Germany'})-[:ACCUSES]->(m)-[:DENIES]->+(y)
RETURN m.name AS accused, y.name AS denied, length(p) AS len ORDER BY denied;
