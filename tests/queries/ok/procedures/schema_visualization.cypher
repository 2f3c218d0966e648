// db.schema.visualization() on the seed graph: one row, a virtual node per label (ids -1, -2,
// ... by name) and, per relationship type, a virtual relationship from each label of its start
// nodes to each label of its end nodes. Nodes of several labels count under each.
CALL db.schema.visualization();
CALL db.schema.visualization() YIELD nodes, relationships RETURN size(nodes) AS labels, size(relationships) AS combinations;
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n RETURN id(n), elementId(n), n.name, labels(n), n.indexes, n.constraints, keys(n), n['name'], n:Actor AS actor, n IS :: NODE AS isNode;
CALL db.schema.visualization() YIELD relationships UNWIND relationships AS r RETURN id(r), elementId(r), type(r), startNode(r).name AS from, endNode(r).name AS to, properties(r), r{.*} AS projected;
// Neo4j's rule counts the labels at each end alone: 38 combinations, where the pairs some one
// relationship joins are 36.
MATCH (a)-[r]->(b) UNWIND labels(a) AS from UNWIND labels(b) AS to RETURN count(DISTINCT [from, type(r), to]) AS joined;
CALL db.schema.visualization() YIELD relationships UNWIND relationships AS r WITH r WHERE type(r) = 'ACCUSES' AND startNode(r).name = 'Group' RETURN endNode(r).name AS to ORDER BY to;
// Equality, DISTINCT, ORDER BY (by id: virtual entities come before the graph's), grouping, collect.
CALL db.schema.visualization() YIELD nodes, relationships RETURN nodes[0] = nodes[0] AS same, nodes[0] = nodes[1] AS other, startNode(relationships[0]) = nodes[0] AS startIsActor, nodes[0] = head(nodes) AS head;
CALL db.schema.visualization() YIELD nodes UNWIND nodes + nodes AS n RETURN DISTINCT n.name AS name, id(n) AS id ORDER BY id;
CALL db.schema.visualization() YIELD nodes UNWIND nodes + nodes AS n RETURN n, count(*) AS times ORDER BY n DESC;
CALL db.schema.visualization() YIELD relationships UNWIND relationships AS r WITH startNode(r) AS s, collect(type(r)) AS types RETURN s.name AS label, size(types) AS out ORDER BY label;
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n WITH collect(DISTINCT n) AS every RETURN size(every), [x IN every | x.name][0..2] AS first;
CALL db.schema.visualization() YIELD nodes MATCH (m:Person {name: 'Vladimir Putin'}) UNWIND nodes AS n WITH m, n ORDER BY n LIMIT 2 RETURN m.name, n.name, m = n AS equal;
// Two calls make the same entities: equal, and one group.
CALL db.schema.visualization() YIELD nodes AS a CALL db.schema.visualization() YIELD nodes AS b RETURN a = b AS same;
// named() reads a virtual node's name and aliases as it reads a node's.
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n WITH n WHERE named(n, 'person') RETURN n.name;
// SET copies a virtual node's properties as a map's.
CALL db.schema.visualization() YIELD nodes WITH nodes[0] AS v MATCH (m:Person {name: 'Vladimir Putin'}) SET m += v RETURN m.name, m.indexes;
// Listed with its signature.
CALL dbms.procedures() YIELD name, signature WHERE name = 'db.schema.visualization' RETURN name, signature;
