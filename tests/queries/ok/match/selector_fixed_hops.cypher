// graph: empty
// Path selectors over a path pattern with fixed hops beside its quantified part, or of fixed
// hops alone: per pair of ends, the shortest paths that match the whole pattern. The fixed
// hops' named nodes and relationships are single values, the quantified part's lists.
CREATE (a:Start {name: 'a'}), (b:Hub {name: 'b'}), (c {name: 'c'}), (d {name: 'd'}),
       (e:End {name: 'e'}), (f:Hub {name: 'f'}), (g {name: 'g'}),
       (a)-[:IN {k: 1}]->(b), (a)-[:IN {k: 2}]->(f), (a)-[:R]->(c),
       (b)-[:R]->(c), (c)-[:R]->(d), (d)-[:OUT]->(e),
       (f)-[:R]->(g), (g)-[:OUT]->(e), (c)-[:OUT]->(e);
// A fixed hop into a Hub, then R's, then a fixed hop out: a-f-g-e (3) is shorter than
// a-b-c-d-e (4); a-b-c-e (3) ties with it.
MATCH p = ALL SHORTEST (x:Start)-[i:IN]->(h:Hub)-[:R]->+(m)-[o:OUT]->(y:End)
RETURN [n IN nodes(p) | n.name] AS path, i.k AS k, h.name AS hub, m.name AS last, type(o) AS out
ORDER BY path;
// SHORTEST k: the 3 shortest, longer ones after the shorter.
MATCH p = SHORTEST 3 (x:Start)-[:IN]->(h:Hub)-[r:R]->+(m)-[:OUT]->(y:End)
RETURN length(p) AS len, h.name AS hub, size(r) AS rs ORDER BY len, hub, rs;
// A quantified path pattern before a fixed hop, its variables lists.
MATCH p = SHORTEST 1 (x:Start) ((u)-[:IN|R]->(v)){1,3} (m)-[:OUT]->(y:End)
RETURN [n IN u | n.name] AS us, [n IN v | n.name] AS vs, m.name AS m;
// Fixed hops alone: every path has the same length, so ALL SHORTEST gives them all and
// SHORTEST 1 one per pair of ends.
MATCH p = ALL SHORTEST (x:Start)-[:IN]->(h)-[:R]->(m)
RETURN h.name AS h, m.name AS m ORDER BY h, m;
MATCH p = SHORTEST 1 (x:Start)-->(h)-->(m:End)
RETURN count(*) AS paths;
MATCH p = SHORTEST 2 GROUPS (x:Start)-[r]->(h) RETURN type(r) AS t, h.name AS h ORDER BY t, h;
// Labels and properties inside the pattern filter before the selection: the shortest path
// through an IN of k 1 is a-b-c-e, though a-f-g-e is as short.
MATCH p = SHORTEST 1 (x:Start)-[:IN {k: 1}]->(h)-[:R]->+(m)-[:OUT]->(y:End)
RETURN [n IN nodes(p) | n.name] AS path;
// The MATCH's WHERE filters the paths the selector chose: the shortest a-f-g-e and a-b-c-e
// go through no d, so asking for one leaves nothing.
MATCH p = ALL SHORTEST (x:Start)-[:IN]->(h)-[:R]->+(m)-[:OUT]->(y:End)
WHERE m.name = 'd'
RETURN count(*) AS paths;
// ACYCLIC holds over the whole path, the fixed hops too.
MATCH p = ALL SHORTEST ACYCLIC (x:Start)-->(h)-->+(m)-->(y:End)
RETURN [n IN nodes(p) | n.name] AS path ORDER BY path;
// No path: a fixed hop nothing matches.
MATCH p = SHORTEST 1 (x:Start)-[:NONE]->(h)-[:R]->+(y:End) RETURN p;
