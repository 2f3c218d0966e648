RETURN normalize('x', 1) AS n;
