// graph: empty
RETURN date.truncate('fortnight', date('2020-11-14')) AS d;
