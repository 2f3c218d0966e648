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
// Q17: two typed hops into one actor, the middle filtered, top 5
MATCH (a:Actor {name: 'Russia'})<-[r1:ACCUSES]-(b)<-[r2:PROPOSES]-(c) WHERE b.kind = 'country' RETURN c.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 5;
// Q18: common neighbours of two actors over two other types
MATCH (a:Actor {name: 'United Kingdom'})-[r1:CRITICIZES]->(x)<-[r2:THREATENS]-(b:Actor {name: 'Germany'}) RETURN count(DISTINCT x) AS n;
// Q19: name prefix scan with typed in-degree, top 5
MATCH (a:Actor)<-[r:DENIES]-() WHERE a.name STARTS WITH 'Actor_002' RETURN a.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 5;
// Q20: name suffix scan with out-degree, top 5
MATCH (a:Actor)-[r]->() WHERE a.name ENDS WITH '77' RETURN a.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 5;
// Q21: top 5 accusers of one actor
MATCH (a:Actor {name: 'Russia'})<-[r:ACCUSES]-(b) RETURN b.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 5;
// Q22: typed relationships filtered on a range and a date, counted
MATCH (a)-[r:ACCUSES]->(b) WHERE r.weight < -2.5 AND r.date >= '2020' RETURN count(*) AS n;
// Q23: typed relationships filtered on a number and a prefix, counted
MATCH (a)-[r:PRAISES]->(b) WHERE r.weight >= 3 AND r.source STARTS WITH 'cnn' RETURN count(*) AS n;
// Q24: reciprocal pairs of one type between distinct countries
MATCH (a:Actor)-[r1:ACCUSES]->(b:Actor)-[r2:ACCUSES]->(a) WHERE a.kind = 'country' AND a <> b RETURN count(*) AS n;
// Q25: two typed hops between countries, top 5 pairs
MATCH (a:Actor)-[r1:SANCTIONS]->(b)-[r2:PROTESTS]->(c:Actor) WHERE a.kind = 'country' AND c.kind = 'country' RETURN a.name AS a, c.name AS c, count(*) AS n ORDER BY n DESC, a, c LIMIT 5;
