// graph: empty
// A label test is never an entity: caught when the statement is planned.
MATCH (n) DELETE n:Actor;
