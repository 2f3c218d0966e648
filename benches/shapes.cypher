// Questions of the same shapes as the benchmark kit's, for the generated event graphs:
// run with relq GRAPH --timing -f benches/shapes.cypher, or side by side with the kit's
// `anchors.py run --queries benches/shapes.cypher` (engines that speak Cypher: a line
// '// Qn: ...' names the statement after it). Relationships are named so that FalkorDB
// counts parallel ones, as the kit's own questions do.
// Q11: two typed hops from one actor, filtered on the far end, top 5
MATCH (a:Actor {name: 'United States'})-[r1:ACCUSES]->(b)-[r2:DENIES]->(c) WHERE c.kind = 'country' RETURN c.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 5;
// Q12: common neighbours of two actors
MATCH (a:Actor {name: 'Russia'})-[r1:ACCUSES]->(x)<-[r2:ACCUSES]-(b:Actor {name: 'United States'}) RETURN count(DISTINCT x) AS n;
// Q13: name prefix scan with out-degree, top 5
MATCH (a:Actor)-[r]->() WHERE a.name STARTS WITH 'Actor_0001' RETURN a.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 5;
// Q14: top 5 partners of one actor, both directions
MATCH (a:Actor {name: 'Germany'})-[r]-(b) RETURN b.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 5;
// Q15: typed relationships filtered on two properties, counted
MATCH (a)-[r:DENIES]->(b) WHERE r.weight > 1.5 AND r.date STARTS WITH '2019' RETURN count(*) AS n;
// Q16: reciprocal pairs of two different types
MATCH (a:Actor)-[r1:DENIES]->(b:Actor)-[r2:ACCUSES]->(a) RETURN count(*) AS n;
