// graph: empty
// A slot freed by DELETE is reused only by a later statement: inside the statement that
// deleted it, a new node or relationship gets a slot of its own, so that a variable still
// bound to the deleted one never reads the new one.
CREATE (a:A {k: 1})-[:R {k: 1}]->(b:B {k: 1});
MATCH ()-[r:R]->() DELETE r WITH r MATCH (a:A), (b:B) CREATE (a)-[s:S {k: 2}]->(b) RETURN type(r) AS deleted_type, id(r) AS deleted, id(s) AS created;
MATCH (n:B) DETACH DELETE n CREATE (m:C {k: 2}) RETURN id(n) AS deleted, id(m) AS created;
MATCH (a:A) MERGE (x:D {k: 3}) RETURN id(x) AS merged;
MATCH (a:A), (c:C) CREATE (a)-[t:T]->(c) RETURN id(t) AS reused;
MATCH (n) RETURN labels(n) AS labels, id(n) AS id ORDER BY id;
