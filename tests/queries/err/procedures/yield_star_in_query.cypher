// YIELD * only on its own.
MATCH (n) CALL db.labels() YIELD * RETURN count(*);
