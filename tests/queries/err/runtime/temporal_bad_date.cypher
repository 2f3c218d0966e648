// graph: empty
RETURN date('2020-13-01') AS d;
