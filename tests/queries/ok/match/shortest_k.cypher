// SHORTEST k: the k shortest trails between each pair of ends, checked against every trail of
// the same bounds ordered by length.
MATCH p = SHORTEST 3 (a {name: 'FBI'})-[]-{1,5}(b {name: 'Germany'}) RETURN length(p) AS len ORDER BY len;
MATCH p = (a {name: 'FBI'})-[*1..5]-(b {name: 'Germany'}) RETURN length(p) AS len ORDER BY len LIMIT 3;
MATCH p = SHORTEST 2 PATHS (a {name: 'FBI'})-[:ACCUSES|DENIES]-+(b {name: 'Germany'}) RETURN count(p) AS paths, max(length(p)) AS longest;
// More than there are: every trail.
MATCH p = SHORTEST 1000 (a {name: 'FBI'})-[:ACCUSES]->{1,3}(b) RETURN count(p) AS paths;
MATCH p = (a {name: 'FBI'})-[:ACCUSES*1..3]->(b) RETURN count(p) AS paths;
// SHORTEST k GROUPS: every path of the k shortest lengths.
MATCH p = SHORTEST 2 GROUPS (a {name: 'FBI'})-[]-{1,5}(b {name: 'Germany'}) RETURN length(p) AS len, count(*) AS paths ORDER BY len;
MATCH p = (a {name: 'FBI'})-[*1..5]-(b {name: 'Germany'}) WITH length(p) AS len, count(*) AS paths ORDER BY len LIMIT 2 RETURN len, paths;
MATCH p = SHORTEST GROUP (a {name: 'FBI'})-[]-+(b {name: 'Germany'}) RETURN length(p) AS len, count(*) AS paths;
MATCH p = ALL SHORTEST PATHS (a {name: 'FBI'})-[]-+(b {name: 'Germany'}) RETURN length(p) AS len, count(*) AS paths;
// A lower bound: paths shorter than it do not count.
MATCH p = SHORTEST 2 (a {name: 'FBI'})-[]-{3,5}(b {name: 'Germany'}) RETURN length(p) AS len;
// Per pair of ends, with a quantified path pattern's WHERE and its group variables.
MATCH p = SHORTEST 2 (a:Country) ((x)-[r:ACCUSES]->(y) WHERE r.date IS NOT NULL)+ (b:Country)
RETURN a.name AS from, b.name AS to, length(p) AS len, [n IN x | n.name] AS via ORDER BY from, to, len, via;
// ANY k: k paths, the shortest ones.
MATCH p = ANY 2 (a {name: 'FBI'})-[]-{1,5}(b {name: 'Germany'}) RETURN length(p) AS len;
// Per pair of ends: the lengths of the two shortest, checked against every trail.
MATCH p = SHORTEST 2 (a:Actor)-[:ACCUSES|DENIES]-{1,3}(b:Actor {name: 'Russia'})
RETURN a.name AS from, length(p) AS len ORDER BY from, len;
MATCH p = (a:Actor)-[:ACCUSES|DENIES*1..3]-(b:Actor {name: 'Russia'})
WITH a.name AS from, length(p) AS len ORDER BY from, len
WITH from, collect(len)[..2] AS lens UNWIND lens AS len RETURN from, len;
// Walked from the right end.
MATCH p = SHORTEST 2 (b {name: 'Russia'})<-[:ACCUSES]-{1,4}(a) RETURN a.name AS accuser, length(p) AS len ORDER BY len, accuser;
MATCH p = (b {name: 'Russia'})<-[:ACCUSES*1..4]-(a) RETURN a.name AS accuser, length(p) AS len ORDER BY len, accuser;
