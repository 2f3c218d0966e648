// graph: empty
// A literal is never an entity: caught when the statement is planned.
MATCH (n) DELETE 1;
