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
// IN [n] CONCURRENT TRANSACTIONS: the batches commit one after another (the store has one
// writer), one of the orders concurrent batches may take; the count is checked.
UNWIND range(1, 5) AS i CALL (i) { CREATE (:Conc {i: i}) } IN 3 CONCURRENT TRANSACTIONS OF 2 ROWS;
UNWIND range(6, 7) AS i CALL (i) { CREATE (:Conc {i: i}) } IN CONCURRENT TRANSACTIONS;
MATCH (c:Conc) RETURN count(c) AS rows, sum(c.i) AS total;
UNWIND range(1, 3) AS i CALL (i) { CREATE (n:ConcDiv {v: 10 / (2 - i)}) RETURN n.v AS v } IN 2 CONCURRENT TRANSACTIONS OF 1 ROW ON ERROR CONTINUE REPORT STATUS AS s RETURN i, v, s.committed AS committed ORDER BY i;
