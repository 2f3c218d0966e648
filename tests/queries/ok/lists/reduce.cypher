// graph: empty
RETURN reduce(s = 0, x IN [1, 2, 3] | s + x) AS six, reduce(acc = '', w IN ['a', 'b'] | acc + w) AS ab;
RETURN reduce(s = 1, x IN null | s * x) AS no_list, reduce(s = 7, x IN [] | s + x) AS empty;
RETURN reduce(t = 0, x IN range(1, 4) | t + reduce(u = 0, y IN range(1, x) | u + y)) AS nested;
RETURN [z IN [1, 2] | reduce(a = z, q IN [10, 100] | a * q)] AS in_a_comprehension;
UNWIND [[1, 2], [3]] AS l RETURN reduce(m = head(l), x IN tail(l) | CASE WHEN x > m THEN x ELSE m END) AS max_of_each;
WITH 5 AS base RETURN reduce(s = base, x IN [1, 2] | s - x) AS from_an_outer_variable;
