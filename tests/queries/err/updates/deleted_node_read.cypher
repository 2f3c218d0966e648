// graph: empty
// A node deleted earlier in the statement cannot be read, even after a CREATE.
CREATE (:X {k: 1});
MATCH (n:X) DETACH DELETE n WITH n CREATE (m:Y {k: 2}) WITH n, m RETURN n.k;
