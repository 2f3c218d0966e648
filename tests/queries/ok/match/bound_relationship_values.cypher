// graph: empty
// Relationship variables bound by UNWIND, a list or a parameter-like value of unknown kind:
// a relationship matches where it lies, null matches nothing.
CREATE (a:P {name: 'a'})-[:KNOWS {since: 2001}]->(b:P {name: 'b'}),
       (b)-[:LIKES]->(c:P {name: 'c'});
MATCH p = (:P {name: 'a'})-->()-->() UNWIND relationships(p) AS r MATCH (x)-[r]->(y) RETURN x.name AS x, type(r) AS t, y.name AS y ORDER BY x;
MATCH (:P {name: 'a'})-[k]->() WITH [k, null] AS rs UNWIND rs AS r MATCH (x)-[r]-(y) RETURN x.name AS x, y.name AS y, r IS NULL AS none ORDER BY x;
WITH null AS r MATCH ()-[r]->() RETURN count(*) AS none;
MATCH ()-[k:LIKES]->() WITH [k][0] AS r MATCH (:P {name: 'a'})-[r]->() RETURN count(*) AS not_from_a;
