// reduce() evaluates its expression per element: no aggregate in it.
UNWIND [1, 2] AS y RETURN reduce(a = 0, x IN [1] | a + sum(x)) AS r;
