// graph: empty
MERGE (a:Actor {name: 'Russia'}) ON CREATE SET a.created = true ON MATCH SET a.matched = true RETURN a.created AS created, a.matched AS matched;
MERGE (a:Actor {name: 'Russia'}) ON CREATE SET a.created = true ON MATCH SET a.matched = true RETURN a.created AS created, a.matched AS matched;
MERGE (b:Actor {name: 'FBI'});
MATCH (a:Actor {name: 'FBI'}), (b:Actor {name: 'Russia'}) MERGE (a)-[r:ACCUSES]->(b) ON CREATE SET r.n = 1 ON MATCH SET r.n = r.n + 1;
MATCH (a:Actor {name: 'FBI'}), (b:Actor {name: 'Russia'}) MERGE (a)-[r:ACCUSES]->(b) ON CREATE SET r.n = 1 ON MATCH SET r.n = r.n + 1 RETURN r.n AS n;
MATCH ()-[r:ACCUSES]->() RETURN count(r) AS one_edge;
UNWIND ['x', 'y', 'x'] AS name MERGE (:Tag {name: name});
MATCH (t:Tag) RETURN t.name AS tag ORDER BY tag;
