// graph: empty
RETURN duration('P1Q') AS d;
