// graph: empty
RETURN reduce(s = 0, x IN 5 | s + x) AS r;
