// graph: empty
WITH [1, 2, 3, 4, 5] AS xs
RETURN xs[0] AS first, xs[-1] AS last, xs[10] AS out_of_range, xs[1..3] AS slice, xs[..2] AS head2, xs[-2..] AS tail2, xs[3..1] AS empty_slice;
RETURN [x IN range(1, 6) WHERE x % 2 = 0 | x * x] AS even_squares, [x IN [1, 2, 3] | x + 1] AS mapped, [x IN [1, 2, 3] WHERE x > 1] AS filtered;
RETURN all(x IN [1, 2] WHERE x > 0) AS all_, any(x IN [1, 2] WHERE x > 1) AS any_, none(x IN [1, 2] WHERE x > 2) AS none_, single(x IN [1, 2] WHERE x > 1) AS single_;
RETURN all(x IN [1, null] WHERE x > 0) AS all_null, any(x IN [] WHERE x > 0) AS any_empty, {a: 1, b: [1, 2]}['b'] AS map_index;
RETURN range(0, 10, 3) AS stepped, range(5, 1, -2) AS down, size([1, 2, 3]) AS size, head([1, 2]) AS h, last([1, 2]) AS l, tail([1, 2, 3]) AS t, reverse([1, 2, 3]) AS r;
