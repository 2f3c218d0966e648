RETURN date('2020-01-01') AS d;
