// graph: empty
// IN TRANSACTIONS: the rows in batches, each batch committed before the next begins.
UNWIND range(1, 5) AS i CALL (i) { CREATE (:Row {i: i}) } IN TRANSACTIONS OF 2 ROWS;
MATCH (r:Row) RETURN count(r) AS rows, sum(r.i) AS total;
UNWIND range(1, 5) AS i CALL (i) { CREATE (n:Div {v: 10 / (3 - i)}) RETURN n.v AS v } IN TRANSACTIONS OF 2 ROWS ON ERROR CONTINUE REPORT STATUS AS s RETURN i, v, s.started AS started, s.committed AS committed, s.errorMessage AS error;
MATCH (d:Div) RETURN d.v ORDER BY d.v;
UNWIND range(1, 5) AS i CALL (i) { CREATE (n:Brk {v: 10 / (3 - i)}) RETURN n.v AS v } IN TRANSACTIONS OF 1 ROW ON ERROR BREAK REPORT STATUS AS s RETURN i, v, s;
MATCH (b:Brk) RETURN count(b) AS kept;
MATCH (r:Row) CALL (r) { DETACH DELETE r } IN TRANSACTIONS;
MATCH (r:Row) RETURN count(r) AS left;
