// graph: empty
// A path selector finds paths from a node back to itself (a self-loop, a cycle through another
// node); shortestPath() finds none, as Neo4j's does when it does not fail.
CREATE (a {i:1})-[:T {id:0}]->(a), (a)-[:T {id:1}]->(b {i:2})-[:T {id:2}]->(a);
MATCH p = ALL SHORTEST (s)-[q]->{1,3}(e) WHERE s = e RETURN s.i, [r IN q | r.id] ORDER BY s.i;
MATCH p = ANY (s)-[q]->+(e) WHERE s = e RETURN s.i, [r IN q | r.id] ORDER BY s.i;
MATCH p = ALL SHORTEST (s)((x)-[q]->(y)){1,3}(e) WHERE s = e RETURN s.i, [r IN q | r.id] ORDER BY s.i;
MATCH p = shortestPath((s)-[q*1..3]->(e)) WHERE s = e RETURN s.i;
