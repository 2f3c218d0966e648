RETURN normalize(42) AS n;
