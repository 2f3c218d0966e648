// graph: empty
// The schema procedures read the property columns: dense ones of one type, one that turns
// generic when a value of another type arrives, and what deleting nodes and relationships and
// removing properties leaves (counted from the live entities only).
UNWIND range(1, 100) AS i CREATE (:Item {id: i, name: 'item ' + toString(i), even: i % 2 = 0, weight: i * 0.5});
UNWIND range(1, 100) AS i MATCH (a:Item {id: i}), (b:Item {id: i % 100 + 1}) CREATE (a)-[:NEXT {gap: 1, tag: 'n'}]->(b);
CALL db.schema.nodeTypeProperties();
CALL db.schema.relTypeProperties();
MATCH (n:Item {id: 7}) SET n.weight = null;
MATCH (n:Item {id: 9}) SET n.id = 'nine';
MATCH (:Item {id: 20})-[r:NEXT]->() SET r.gap = null;
MATCH (:Item {id: 30})-[r:NEXT]->() SET r.tag = ['n'];
MATCH (n:Item) WHERE NOT n.name IN ['item 7', 'item 9', 'item 20', 'item 21', 'item 30', 'item 31'] DETACH DELETE n;
MATCH (n:Item) OPTIONAL MATCH (n)-[r:NEXT]->() RETURN n.name, n.id, keys(n) AS keys, keys(r) AS next ORDER BY n.name;
CALL db.schema.nodeTypeProperties();
CALL db.schema.relTypeProperties();
