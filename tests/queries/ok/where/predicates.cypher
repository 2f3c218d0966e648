// graph: empty
UNWIND [{n: 'a', v: 1}, {n: 'b', v: 2}, {n: 'c', v: null}, {n: 'd', v: 4}] AS row
CREATE (:T {name: row.n, v: row.v});
MATCH (t:T) WHERE t.v > 1 RETURN t.name ORDER BY t.name;
MATCH (t:T) WHERE t.v IS NULL RETURN t.name;
MATCH (t:T) WHERE t.v IS NOT NULL AND NOT t.v = 2 RETURN t.name ORDER BY t.name;
MATCH (t:T) WHERE t.v = 1 OR t.v = 4 RETURN t.name ORDER BY t.name;
MATCH (t:T) WHERE t.v = 1 XOR t.name = 'a' RETURN t.name;
MATCH (t:T) WHERE t.name IN ['b', 'c'] RETURN t.name ORDER BY t.name;
MATCH (t:T) WHERE t.name STARTS WITH 'a' OR t.name ENDS WITH 'd' RETURN t.name ORDER BY t.name;
MATCH (t:T) WHERE t.name CONTAINS 'c' RETURN t.name;
MATCH (t:T) WHERE t.name =~ '[a-b]' RETURN t.name ORDER BY t.name;
MATCH (t:T) WHERE t:T AND NOT t:U RETURN count(t) AS labelled;
MATCH (t:T) WHERE exists(t.v) RETURN count(*) AS with_v;
MATCH (t:T) WHERE 1 < t.v <= 4 RETURN t.name AS chained ORDER BY chained;
