// graph: empty
// A variable-length relationship's property map may read the row: each step compares with it.
CREATE (a:X {w: 1})-[:R {w: 1}]->(:X)-[:R {w: 1}]->(:X)-[:R {w: 2}]->(:X);
MATCH (a:X {w: 1}) MATCH (a)-[s*1..3 {w: a.w}]->(c) RETURN count(*) AS n;
MATCH (a:X {w: 1}) MATCH p = (a)-[s*1..3]->(c) WHERE all(r IN s WHERE r.w = a.w) RETURN count(*) AS n;
