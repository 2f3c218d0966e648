// graph: empty
// Text that is not a date fails when evaluated, as before it was read at planning.
UNWIND [1] AS x RETURN date('2020-13-01') AS d;
