// graph: empty
CREATE (a:P {name: 'a', age: 30})-[:KNOWS {since: 2001}]->(b:P {name: 'b', age: 25}),
       (b)-[:KNOWS {since: 2005}]->(c:P:Q {name: 'c'}),
       (c)-[:LIKES]->(a),
       (a)-[:LIKES]->(a);
MATCH (n) RETURN n.name AS name ORDER BY name;
MATCH (n:Q) RETURN n;
MATCH (x:P {name: 'a'})-[r]->(y) RETURN type(r) AS t, y.name AS y ORDER BY t, y;
MATCH (x {name: 'b'})<-[r]-(y) RETURN r, y.name AS y;
MATCH (x {name: 'a'})-[r]-(y) RETURN type(r) AS t, y.name AS y ORDER BY t, y;
MATCH (x)-[:KNOWS|LIKES]->(y) RETURN x.name AS x, y.name AS y ORDER BY x, y;
MATCH (x)-[:KNOWS]->(y), (y)-[:KNOWS]->(z) RETURN x.name, y.name, z.name;
MATCH (a)-->(b)-->(c) RETURN a.name, b.name, c.name ORDER BY a.name, b.name, c.name;
MATCH ()-[r]-() RETURN count(r) AS undirected_matches;
MATCH (n:Nope) RETURN n;
// A node bound earlier and matched again alone: null matches nothing.
OPTIONAL MATCH (x:Nowhere) WITH x MATCH (x) RETURN count(*) AS none;
