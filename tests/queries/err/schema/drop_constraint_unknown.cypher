// graph: empty
DROP CONSTRAINT nothing_here;
