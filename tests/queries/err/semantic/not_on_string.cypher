// graph: empty
// NOT on a string literal fails when the statement is planned, where it is written.
MATCH (n) WHERE NOT 'yes' RETURN n;
