// graph: empty
RETURN date('2020-11-14').hour AS h;
