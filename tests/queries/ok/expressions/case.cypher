// graph: empty
UNWIND [1, 2, 3, null] AS x
RETURN x, CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END AS simple,
       CASE WHEN x < 2 THEN 'small' WHEN x >= 2 THEN 'big' END AS generic;
