// graph: empty
UNWIND range(1, 5) AS i CALL (i) { CREATE (:T {v: 10 / (3 - i)}) } IN TRANSACTIONS OF 2 ROWS;
