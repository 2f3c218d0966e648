// UNION parts are branches of one Union; UNION (not ALL) drops duplicates after it.
EXPLAIN MATCH (a:Country) RETURN a.name AS name UNION MATCH (b:Person) RETURN b.name AS name;
EXPLAIN MATCH (a:Country) RETURN a.name AS name UNION ALL MATCH (b:Person) RETURN b.name AS name UNION ALL RETURN 'nobody' AS name;
