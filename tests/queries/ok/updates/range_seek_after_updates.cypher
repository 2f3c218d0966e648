// graph: empty
// index: N.x
// A range seek reads the index as the statements before it (and the earlier clauses of its
// own statement) left it: values set, removed, nodes created, deleted, labelled, and changes
// a failed transaction undid.
CREATE (:N {id: 1, x: 5}), (:N {id: 2, x: 15}), (:N {id: 3, x: 25});
MATCH (n:N) WHERE n.x >= 10 RETURN collect(n.id) AS at_least_10;
MATCH (n:N {id: 1}) SET n.x = 12.5;
MATCH (n:N {id: 2}) SET n.x = '15';
MATCH (n:N {id: 3}) DELETE n;
CREATE (:N {id: 4, x: 10.0}), (:M {id: 5, x: 50});
MATCH (n:N) WHERE n.x >= 10 RETURN collect(n.id) AS at_least_10;
MATCH (n:M) SET n:N;
MATCH (n:N {id: 4}) REMOVE n.x;
MATCH (n:N) WHERE n.x >= 10 RETURN collect(n.id) AS at_least_10;
MATCH (n:N) WHERE n.x STARTS WITH '1' RETURN collect(n.id) AS starts_with_1;
// Within one statement: nodes created and values set by its earlier clauses.
CREATE (:N {id: 6, x: 11}) WITH count(*) AS made MATCH (n:N) WHERE n.x > 10 RETURN collect(n.id) AS above_10;
MATCH (n:N {id: 1}) SET n.x = 0 WITH count(*) AS changed MATCH (n:N) WHERE n.x > 10 RETURN collect(n.id) AS above_10;
MATCH (n:N) WHERE n.x > 10 SET n.x = n.x - 100 RETURN n.id, n.x ORDER BY n.id;
// A batch that fails is undone, its index changes with it.
UNWIND [6, 5] AS k CALL (k) { MATCH (n:N {id: k}) SET n.x = 1000 RETURN 10 / (k - 5) AS q } IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE RETURN k, q;
EXPLAIN MATCH (n:N) WHERE n.x >= 1000 RETURN collect(n.id) AS at_least_1000;
MATCH (n:N) WHERE n.x >= 1000 RETURN collect(n.id) AS at_least_1000;
MATCH (n:N) WHERE n.x < 0 RETURN collect(n.id) AS below_0;
