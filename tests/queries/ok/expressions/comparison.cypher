// graph: empty
RETURN 1 = 1.0 AS int_float, 1 <> 2 AS ne, 'a' < 'b' AS str_lt, [1, 2] = [1, 2] AS list_eq, {a: 1} = {a: 1} AS map_eq;
RETURN 1 = 'a' AS mixed_eq, 1 < 'a' AS mixed_lt, null = null AS null_eq, null <> 1 AS null_ne;
RETURN [1, null] = [1, null] AS list_null, [1, 2] = [1, null] AS list_partial, [2, null] = [1, null] AS list_differs;
RETURN true > false AS bools, 2 > 1.5 AS num, 'B' < 'a' AS case_order;
