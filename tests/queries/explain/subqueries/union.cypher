EXPLAIN CALL { MATCH (a:Country) RETURN a.name AS n UNION MATCH (a:Organization) RETURN a.name AS n } RETURN n;
