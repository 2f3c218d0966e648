// Inside a query a call says which columns it keeps.
MATCH (n) CALL db.labels() RETURN count(*);
