// graph: empty
SHOW FANCY INDEXES;
