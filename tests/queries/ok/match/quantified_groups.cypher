// Quantified path patterns of several relationships: each repetition matches the whole group,
// and its last node is the next repetition's first. Each question is asked twice, as a
// quantified pattern and written out hop by hop.
MATCH (x) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){1} (y)
RETURN x.name AS x, [n IN b | n.name] AS via, y.name AS y ORDER BY x, via, y;
MATCH (x)-[:ACCUSES]->(b)-[:DENIES]->(y)
RETURN x.name AS x, [b.name] AS via, y.name AS y ORDER BY x, via, y;
MATCH (x) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){2} (y) RETURN count(*) AS rows;
MATCH (x)-[:ACCUSES]->(b)-[:DENIES]->(m)-[:ACCUSES]->(b2)-[:DENIES]->(y) RETURN count(*) AS rows;
// From either end: the planner walks from the bound one; the lists keep the pattern's order.
MATCH p = (x:Country {name: 'United States'}) ((a)<-[:DENIES]-(b)<-[:ACCUSES]-(c)){1,3} (y)
RETURN length(p) AS len, count(*) AS paths ORDER BY len;
MATCH p = (y) ((c)-[:ACCUSES]->(b)-[:DENIES]->(a)){1,3} (x:Country {name: 'United States'})
RETURN length(p) AS len, count(*) AS paths ORDER BY len;
MATCH (x) ((a)-[:ACCUSES]->(b)-[r:DENIES]->(c)){2} (y:Country {name: 'United States'})
WHERE x.name = 'FBI'
RETURN [n IN a | n.name] AS a, [n IN c | n.name] AS c, size(r) AS denials ORDER BY a, c;
MATCH (x {name: 'FBI'})-[:ACCUSES]->()-[:DENIES]->(c1)-[:ACCUSES]->()-[:DENIES]->(y:Country {name: 'United States'})
RETURN ['FBI', c1.name] AS a, [c1.name, y.name] AS c, 2 AS denials ORDER BY a, c;
// Zero repetitions: the two ends are the same node.
MATCH (x:Country {name: 'Germany'}) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){0,1} (y)
RETURN y.name AS y, size(a) AS reps ORDER BY reps, y;
// Labels, properties and a WHERE inside the group, read at every repetition; the WHERE may
// compare elements of the repetition and read a variable bound before the pattern.
WITH 'country' AS kind
MATCH (x) ((a:Country)-[r1:ACCUSES]->(b {kind: kind})-[r2]->(c) WHERE type(r2) <> 'ACCUSES' AND a <> c){1,2} (y)
RETURN count(*) AS rows, max(size(r1)) AS most;
WITH 'country' AS kind
MATCH (x:Country)-[r1:ACCUSES]->(b {kind: kind})-[r2]->(y) WHERE type(r2) <> 'ACCUSES' AND x <> y
RETURN count(*) AS rows;
WITH 'country' AS kind
MATCH (x:Country)-[r1:ACCUSES]->(b {kind: kind})-[r2]->(m:Country)-[r3:ACCUSES]->(b2 {kind: kind})-[r4]->(y)
WHERE type(r2) <> 'ACCUSES' AND x <> m AND type(r4) <> 'ACCUSES' AND m <> y
RETURN count(*) AS rows;
// A named path through the group, and the relationships in order.
MATCH p = (x {name: 'FBI'}) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){2} (y {name: 'Germany'})
RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types;
// A relationship is matched at most once in the whole MATCH, repetitions included.
MATCH (x) ((a)-[r:ACCUSES|DENIES]-(b)-[s:ACCUSES|DENIES]-(c)){2} (y) RETURN count(*) AS rows;
MATCH (x)-[r1:ACCUSES|DENIES]-(b1)-[s1:ACCUSES|DENIES]-(c1)-[r2:ACCUSES|DENIES]-(b2)-[s2:ACCUSES|DENIES]-(y) RETURN count(*) AS rows;
// With a path mode, in OPTIONAL MATCH and in EXISTS.
MATCH ACYCLIC (x) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){1,2} (y) RETURN count(*) AS rows;
MATCH (x)-[:ACCUSES]->(b1)-[:DENIES]->(y) WHERE x <> y RETURN count(*) AS rows;
MATCH (x:Country) OPTIONAL MATCH (x) ((a)-[:DENIES]->(b)-[:ACCUSES]->(c)){1} (y)
RETURN x.name AS x, count(y) AS found ORDER BY x;
MATCH (x:Country) WHERE EXISTS { (x) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){2} (x) }
RETURN x.name AS x ORDER BY x;
EXPLAIN MATCH (x) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c)){1,3} (y:Country {name: 'Russia'}) RETURN count(*) AS rows;
// A node named twice in a group is one node at each repetition: asked as a group and with the
// two places compared in the WHERE; and written out for one and two repetitions.
MATCH (x) ((a)-[:ACCUSES|DENIES]->(b)-[:ACCUSES|DENIES]->(a)){1,2} (y)
RETURN x.name AS x, [n IN b | n.name] AS via, y.name AS y ORDER BY x, via;
MATCH (x) ((a)-[:ACCUSES|DENIES]->(b)-[:ACCUSES|DENIES]->(c) WHERE a = c){1,2} (y)
RETURN x.name AS x, [n IN b | n.name] AS via, y.name AS y ORDER BY x, via;
MATCH (x)-[:ACCUSES|DENIES]->(b)-[:ACCUSES|DENIES]->(x) RETURN x.name AS x, [b.name] AS via, x.name AS y
UNION ALL
MATCH (x)-[r1:ACCUSES|DENIES]->(b1)-[r2:ACCUSES|DENIES]->(x)-[r3:ACCUSES|DENIES]->(b2)-[r4:ACCUSES|DENIES]->(x)
RETURN x.name AS x, [b1.name, b2.name] AS via, x.name AS y ORDER BY x, via;
