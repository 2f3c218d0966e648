// An IN seek starts the pattern: a labelled node's property is one of a list's values known
// before the pattern (a list written out, a parameter, a variable bound earlier); each value is
// looked up in the (label, key) index as an equality would be, and the predicate stays as a
// filter above it. A relationship's property likewise, where an index on its type's property
// is declared.
// param: names => ['Russia', 'FBI']
// rel index: ACCUSES.year
EXPLAIN MATCH (a:Actor) WHERE a.name IN ['Russia', 'United States'] RETURN a.name;
EXPLAIN MATCH (a:Actor)-[:ACCUSES]->(b) WHERE a.name IN $names RETURN a.name, b.name;
EXPLAIN WITH ['Russia'] AS xs MATCH (a:Actor)-[r]->(b) WHERE a.name IN xs RETURN b.name;
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) WHERE r.year IN [2016, 2020] RETURN a.name, b.name;
// An empty list and null find nothing; a node that finds fewer (an equality) starts instead.
EXPLAIN MATCH (a:Actor) WHERE a.name IN [] RETURN a.name;
EXPLAIN MATCH (a:Actor {name: 'FBI'})-[:ACCUSES]->(b:Actor) WHERE b.name IN ['Russia', 'Iran', 'China'] RETURN b.name;
// No seek: a node without a label, a list read from the node itself, an IN inside an OR.
EXPLAIN MATCH (a) WHERE a.name IN ['Russia'] RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE a.name IN a.aliases RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE a.name IN ['Russia'] OR a.kind = 'person' RETURN a.name;
