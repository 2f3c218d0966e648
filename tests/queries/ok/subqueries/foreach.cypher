// graph: empty
// FOREACH applies its updates once per list item; what it binds stays inside.
FOREACH (x IN [1, 2, 3] | CREATE (:N {v: x}));
MATCH (n:N) RETURN n.v ORDER BY n.v;
CREATE (:Chain {name: 'c'}) WITH 1 AS one MATCH (c:Chain) FOREACH (i IN range(1, 3) | MERGE (c)-[:HAS]->(:Link {i: i % 2}));
MATCH (:Chain)-[:HAS]->(l:Link) RETURN l.i, count(*) AS n ORDER BY l.i;
MATCH (n:N) FOREACH (tag IN ['a', 'b'] | SET n.tags = coalesce(n.tags, []) + tag) RETURN n.v, n.tags ORDER BY n.v;
FOREACH (row IN [[1, 2], [3]] | FOREACH (x IN row | CREATE (:Nested {x: x})));
MATCH (n:Nested) RETURN collect(n.x) AS xs;
FOREACH (x IN null | CREATE (:Never));
MATCH (n:Never) RETURN count(n) AS never;
MATCH (n:N) WITH collect(n) AS ns FOREACH (n IN ns | DETACH DELETE n);
MATCH (n:N) RETURN count(n) AS left;
