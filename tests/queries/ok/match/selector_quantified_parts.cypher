// graph: empty
// Path selectors over a path pattern of several quantified parts. A path that splits into
// the parts in more than one way is matched once per split, each a binding of its own (GQL's
// path bindings): ALL SHORTEST and SHORTEST k GROUPS give every binding of the shortest
// lengths, SHORTEST k counts bindings. A node named between two quantified parts is bound
// where the path passes from one to the next.
CREATE (a:Town {name: 'a'}), (b:Town {name: 'b'}), (c:Port {name: 'c'}), (d:Town {name: 'd'}),
       (a)-[:ROAD {km: 1}]->(b), (b)-[:ROAD {km: 2}]->(c), (c)-[:SEA {km: 3}]->(d),
       (a)-[:ROAD {km: 4}]->(c);
// Roads, then anything: a-c-d (2) in one split, a-b-c-d (3) in two.
MATCH p = (x {name: 'a'})-[r:ROAD]->+(m)-[s]->+(y {name: 'd'})
RETURN length(p) AS len, [e IN r | e.km] AS roads, m.name AS m, [e IN s | e.km] AS rest
ORDER BY len, roads;
MATCH p = ALL SHORTEST (x {name: 'a'})-[r:ROAD]->+(m)-[s]->+(y {name: 'd'})
RETURN length(p) AS len, [e IN r | e.km] AS roads, m.name AS m, [e IN s | e.km] AS rest;
// Two shortest bindings: the only path of length 2, then one of the two splits of a-b-c-d.
MATCH p = SHORTEST 2 (x {name: 'a'})-[r:ROAD]->+(m)-[s]->+(y {name: 'd'})
RETURN length(p) AS len, m.name IN ['b', 'c'] AS split;
MATCH p = SHORTEST 2 GROUPS (x {name: 'a'})-[r:ROAD]->+(m)-[s]->+(y {name: 'd'})
RETURN length(p) AS len, [e IN r | e.km] AS roads, m.name AS m, [e IN s | e.km] AS rest
ORDER BY len, roads;
// The node between the parts is tested where the path passes it: a Port there leaves only
// the splits at c.
MATCH p = SHORTEST 2 GROUPS (x {name: 'a'})-[r:ROAD]->*(m:Port)-[s]->*(y {name: 'd'})
RETURN [n IN nodes(p) | n.name] AS path, m.name AS m ORDER BY size(path);
// A quantified path pattern beside a quantified relationship, with a fixed hop between.
MATCH p = SHORTEST 1 GROUPS (x {name: 'a'}) ((u)-[:ROAD]->(v)){1,2} (m)-[:SEA]->(n) (()-->()){0,1} (y {name: 'd'})
RETURN [t IN u | t.name] AS us, [t IN v | t.name] AS vs, m.name AS m, n.name AS n
ORDER BY us;
