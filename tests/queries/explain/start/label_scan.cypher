// The smallest label starts the pattern; without a label, every node.
EXPLAIN MATCH (p:Person) RETURN p.name, p.title;
EXPLAIN MATCH (a:Actor:Group) RETURN a.name;
EXPLAIN MATCH (n) WHERE n.kind = 'person' RETURN n.name;
