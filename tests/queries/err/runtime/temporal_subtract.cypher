// graph: empty
RETURN date('2020-11-14') - date('2020-11-01') AS d;
