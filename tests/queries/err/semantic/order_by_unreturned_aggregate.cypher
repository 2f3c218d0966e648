// ORDER BY after an aggregation may use only the aggregates the projection returns.
UNWIND [1, 2, 3] AS x RETURN x % 2 AS k, count(*) AS n ORDER BY sum(x);
