EXPLAIN MATCH (a:Country) CALL (a) { SET a.seen = true } IN TRANSACTIONS OF 100 ROWS;
