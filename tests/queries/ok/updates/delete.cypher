// graph: empty
CREATE (a:N {i: 1})-[:R]->(b:N {i: 2})-[:R]->(c:N {i: 3}), (:Lonely);
MATCH (l:Lonely) DELETE l;
MATCH (n:N {i: 1})-[r]->() DELETE r;
MATCH (n:N {i: 1}) DELETE n;
MATCH (n:N {i: 2}) DETACH DELETE n;
MATCH (n) RETURN n.i AS left ORDER BY left;
MATCH ()-[r]->() RETURN count(r) AS rels;
MATCH (n:N) WITH collect(n) AS ns UNWIND ns AS n DETACH DELETE n;
MATCH (n) RETURN count(n) AS empty;
// A relationship deleted earlier in the statement still has its type.
CREATE (a:Gone)-[r:BRIEF {k: 1}]->(b:Gone) DELETE r RETURN type(r) AS was;
