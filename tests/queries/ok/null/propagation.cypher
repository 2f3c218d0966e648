// graph: empty
RETURN null + 1 AS add, null IN [1] AS in_null, 1 IN [null, 2] AS in_with_null, 2 IN [null, 2] AS found, null IS NULL AS is_null, toUpper(null) AS fn, [1, 2][null] AS idx, size(null) AS sz;
RETURN coalesce(null, null, 3) AS c, coalesce(null) AS none;
UNWIND [3, null, 1, 'x', 2.5, true, [1]] AS v RETURN v ORDER BY v;
UNWIND [3, null, 1, 'x', 2.5, true, [1]] AS v RETURN v ORDER BY v DESC;
