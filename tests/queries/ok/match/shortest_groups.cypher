// graph: empty
// Path selectors over a quantified path pattern of several relationships: per pair of ends,
// the shortest trails that match the whole group (its labels, properties and WHERE at every
// repetition) a number of times the quantifier allows. From a to e, (R then S)+ matches
// a-f-e and a-g-e (one repetition) and a-b-c-d-e and a-b-c-h-e (two).
CREATE (a:Start {name: 'a', w: 1}), (b {name: 'b', w: 2}), (c {name: 'c', w: 3}),
       (d {name: 'd', w: 4}), (e {name: 'e', w: 5}), (f {name: 'f', w: 0}),
       (g {name: 'g', w: 6}), (h {name: 'h', w: 7}), (s:Start {name: 's', w: 1}),
       (a)-[:R {k: 1}]->(b), (b)-[:S {k: 1}]->(c), (c)-[:R {k: 1}]->(d), (d)-[:S {k: 1}]->(e),
       (a)-[:R {k: 1}]->(f), (f)-[:S {k: 2}]->(e),
       (a)-[:R {k: 2}]->(g), (g)-[:S {k: 2}]->(e),
       (c)-[:R {k: 3}]->(h), (h)-[:S {k: 3}]->(e),
       (s)-[:R {k: 1}]->(b),
       (p {name: 'p'})-[:T]->(q {name: 'q'})-[:T]->(r {name: 'r'});
// SHORTEST 1 and ANY: one path of the shortest length.
MATCH p = SHORTEST 1 (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN length(p) AS len, size(y) AS reps, count(*) AS paths;
MATCH p = ANY (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN length(p) AS len, count(*) AS paths;
// ALL SHORTEST: both paths of length 2; the group's variables are lists, one value a repetition.
MATCH p = ALL SHORTEST (a {name: 'a'}) ((x)-[r:R]->(y)-[s:S]->(z))+ (b {name: 'e'})
RETURN [n IN nodes(p) | n.name] AS path, [n IN x | n.name] AS x, [n IN y | n.name] AS y,
       [n IN z | n.name] AS z, [v IN r | v.k] AS rk, [v IN s | v.k] AS sk
ORDER BY path;
// SHORTEST k: the k shortest, the shorter ones first; more than there are gives them all.
MATCH p = SHORTEST 3 (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN length(p) AS len, count(*) AS paths ORDER BY len;
MATCH p = SHORTEST 10 (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN [n IN nodes(p) | n.name] AS path ORDER BY length(p), path;
// ANY k: k paths, the shortest ones.
MATCH p = ANY 2 (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN [n IN y | n.name] AS y ORDER BY y;
// SHORTEST k GROUPS: every path of the k shortest lengths.
MATCH p = SHORTEST 2 GROUPS (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN length(p) AS len, [n IN y | n.name] AS y ORDER BY len, y;
MATCH p = SHORTEST 1 GROUPS (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN length(p) AS len, [n IN y | n.name] AS y ORDER BY len, y;
// A WHERE reading two elements of a repetition, checked at each: a-f-e fails it (k 1 then 2).
MATCH p = ALL SHORTEST (a {name: 'a'}) ((x)-[r:R]->(y)-[s:S]->(z) WHERE r.k = s.k)+ (b {name: 'e'})
RETURN [n IN nodes(p) | n.name] AS path ORDER BY path;
MATCH p = SHORTEST 2 GROUPS (a {name: 'a'}) ((x)-[r:R]->(y)-[s:S]->(z) WHERE r.k = s.k AND x.w < z.w)+ (b {name: 'e'})
RETURN [n IN nodes(p) | n.name] AS path ORDER BY length(p), path;
// Only a-b-c-d-e keeps k = 1 throughout: the shortest is two repetitions long.
MATCH p = SHORTEST 1 (a {name: 'a'}) ((x)-[r:R]->(y)-[s:S]->(z) WHERE r.k = s.k AND r.k = 1)+ (b {name: 'e'})
RETURN [n IN nodes(p) | n.name] AS path;
// Labels and properties of the group's inner nodes.
MATCH p = ALL SHORTEST (a:Start {name: 'a'}) ((x)-[:R]->(y {w: 6})-[:S]->(z))+ (b {name: 'e'})
RETURN [n IN nodes(p) | n.name] AS path;
MATCH p = SHORTEST 1 (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z:Start))+ (b {name: 'e'})
RETURN p;
// The quantifier's bounds: paths shorter than the least count of repetitions do not count.
MATCH p = ALL SHORTEST (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z)){2,3} (b {name: 'e'})
RETURN [n IN y | n.name] AS y ORDER BY y;
MATCH p = SHORTEST 1 (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z)){3,} (b {name: 'e'})
RETURN p;
MATCH p = SHORTEST 2 (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z)){1,1} (b {name: 'e'})
RETURN length(p) AS len, count(*) AS paths;
// Zero repetitions: the path of one node, its lists empty.
MATCH p = SHORTEST 1 (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))* (b {name: 'a'})
RETURN length(p) AS len, x, y, [n IN nodes(p) | n.name] AS path;
// No path: no rows.
MATCH p = SHORTEST 1 (a {name: 'e'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'a'})
RETURN p;
MATCH p = ALL SHORTEST (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'd'})
RETURN p;
// A relationship is met once in a path: from p back to p would take q-p twice, which no trail does.
MATCH path = SHORTEST 1 (a {name: 'p'}) ((x)-[:T]-(y)-[:T]-(z))+ (b {name: 'p'})
RETURN path;
MATCH path = SHORTEST 1 (a {name: 'p'}) ((x)-[:T]-(y)-[:T]-(z))+ (b {name: 'r'})
RETURN [n IN nodes(path) | n.name] AS path;
// Per pair of ends: with the end unbound, and from several start nodes.
MATCH p = ALL SHORTEST (a:Start) ((x)-[:R]->(y)-[:S]->(z))+ (b)
RETURN a.name AS from, b.name AS to, length(p) AS len, count(*) AS paths ORDER BY from, to;
MATCH p = SHORTEST 1 (a:Start) ((x)-[:R]->(y)-[:S]->(z))+ (b)
RETURN a.name AS from, b.name AS to, length(p) AS len, count(*) AS paths ORDER BY from, to;
MATCH p = SHORTEST 2 GROUPS (a:Start) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN a.name AS from, length(p) AS len, count(*) AS paths ORDER BY from, len;
// Without a selector, every path: what the selectors choose from.
MATCH p = (a:Start) ((x)-[:R]->(y)-[:S]->(z))+ (b)
RETURN a.name AS from, b.name AS to, length(p) AS len, count(*) AS paths ORDER BY from, to, len;
// Against the pattern's arrows, from the right end's side.
MATCH p = ALL SHORTEST (b {name: 'e'}) ((z)<-[:S]-(y)<-[:R]-(x))+ (a:Start)
RETURN a.name AS to, [n IN nodes(p) | n.name] AS path ORDER BY to, path;
// With a path mode.
MATCH p = SHORTEST 1 ACYCLIC (a {name: 'a'}) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'e'})
RETURN length(p) AS len;
// Under OPTIONAL MATCH.
MATCH (a:Start)
OPTIONAL MATCH p = SHORTEST 1 (a) ((x)-[:R]->(y)-[:S]->(z))+ (b {name: 'c'})
RETURN a.name AS from, length(p) AS len ORDER BY from;
