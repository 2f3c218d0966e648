// graph: empty
UNWIND [1, 2, 3] AS x RETURN x;
UNWIND [] AS x RETURN x;
UNWIND null AS x RETURN x;
UNWIND [[1, 2], [3]] AS xs UNWIND xs AS x RETURN x;
WITH [3, 1, 2] AS xs UNWIND xs AS x RETURN x ORDER BY x DESC;
