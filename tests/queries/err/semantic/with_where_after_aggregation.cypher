// After an aggregating WITH, WHERE sees only what it projects.
UNWIND [1, 2] AS x WITH count(*) AS n WHERE x > 1 RETURN n;
