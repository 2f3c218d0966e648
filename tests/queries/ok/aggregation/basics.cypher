// graph: empty
UNWIND [1, 2, 2, 3, null] AS x RETURN count(*) AS rows, count(x) AS xs, count(DISTINCT x) AS distinct_xs, sum(x) AS sum, avg(x) AS avg, min(x) AS min, max(x) AS max, collect(x) AS everything, collect(DISTINCT x) AS distinct_values;
UNWIND [] AS x RETURN count(*) AS c, sum(x) AS s, avg(x) AS a, collect(x) AS l, min(x) AS m;
UNWIND [] AS x RETURN x, count(*) AS c;
UNWIND ['a', 'b', 'a'] AS k RETURN k, count(*) AS n ORDER BY k;
UNWIND [1.5, 2.5] AS x RETURN sum(x) AS s, avg(x) AS a;
UNWIND [1, 2, 3, 4] AS x RETURN x % 2 AS parity, collect(x) AS xs, count(*) * 10 AS tens ORDER BY parity;
UNWIND [1, 2, 3, 4] AS x RETURN percentileCont(x, 0.5) AS median, percentileDisc(x, 0.5) AS disc, stDev(x) AS sd;
UNWIND ['b', 'a', 'c'] AS s RETURN min(s) AS lo, max(s) AS hi;
// An aggregate may be the list a comprehension walks.
UNWIND ['Rome', 'Riga', 'Oslo'] AS c RETURN size([x IN collect(c) WHERE x STARTS WITH 'R']) AS r_names;
// ORDER BY over the aggregates the projection returns, inside larger expressions.
UNWIND [1, 2, 3, 4, 5] AS x RETURN x % 3 AS k, avg(x) AS a ORDER BY 10 - avg(x) * 2, k;
UNWIND [1, 2, 3, 4, 5] AS x RETURN x % 2 AS k, count(*) AS n ORDER BY -count(*) + k;
