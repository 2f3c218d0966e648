// graph: empty
SHOW INDEXES YIELD nmae;
