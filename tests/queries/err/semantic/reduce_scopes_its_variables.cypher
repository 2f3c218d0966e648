// graph: empty
RETURN reduce(s = 0, x IN [1] | s + x) + x AS r;
