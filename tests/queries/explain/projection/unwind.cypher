// UNWIND: one row per element; the estimate knows the length of a written list or range.
EXPLAIN UNWIND [1, 2, 3] AS x RETURN x * 10 AS y;
EXPLAIN UNWIND range(1, 10) AS x WITH x WHERE x % 2 = 0 RETURN collect(x) AS even;
EXPLAIN MATCH (a:Actor {name: 'Russia'}) UNWIND a.aliases AS alias RETURN alias;
