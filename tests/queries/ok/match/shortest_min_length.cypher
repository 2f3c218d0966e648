// graph: empty
// A selector over one quantified relationship whose minimum is above 1 (GQL allows it; Neo4j's
// shortestPath() does not): the shortest trails of at least that many relationships. From a
// to d: a-d is one hop, too short for {2,}; a-b-d and a-c-d are two; a-d-e-d is three (back to
// d over e, no relationship twice), a-b-d-e-d and a-c-d-e-d four.
CREATE (a {name: 'a'}), (b {name: 'b'}), (c {name: 'c'}), (d {name: 'd'}), (e {name: 'e'}),
       (a)-[:R]->(d), (a)-[:R]->(b), (b)-[:R]->(d), (a)-[:R]->(c), (c)-[:R]->(d),
       (d)-[:R]->(e), (e)-[:R]->(d);
MATCH p = SHORTEST 1 (x {name: 'a'})-[:R]->{2,}(y {name: 'd'}) RETURN length(p) AS hops;
MATCH p = ALL SHORTEST (x {name: 'a'})-[:R]->{2,}(y {name: 'd'})
RETURN [n IN nodes(p) | n.name] AS path ORDER BY path;
MATCH p = ANY (x {name: 'a'})-[:R]->{3,4}(y {name: 'd'})
RETURN [n IN nodes(p) | n.name] AS path;
MATCH p = SHORTEST 1 GROUPS (x {name: 'a'})-[:R]->{3,4}(y {name: 'd'})
RETURN [n IN nodes(p) | n.name] AS path ORDER BY path;
// No trail long enough: no rows.
MATCH p = SHORTEST 1 (x {name: 'a'})-[:R]->{9,}(y {name: 'd'}) RETURN p;
