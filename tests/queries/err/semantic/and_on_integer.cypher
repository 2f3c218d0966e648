// AND on an integer literal fails when the statement is planned, on an empty graph too.
RETURN true AND 1 AS x;
