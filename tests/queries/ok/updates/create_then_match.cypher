// Nodes made earlier in the same statement are found by a property computed from the row (an
// index seek, planned while the label had no nodes), and after a SET changes that property.
UNWIND range(0, 9) AS i CREATE (:Ring {i: i}) WITH count(*) AS made
MATCH (a:Ring) MATCH (b:Ring {i: (a.i + 1) % 10}) CREATE (a)-[:NEXT]->(b)
RETURN made, count(*) AS linked;
MATCH (a:Ring)-[:NEXT]->(b:Ring) RETURN count(*) AS links, sum((b.i - a.i + 10) % 10) AS steps;
MATCH (r:Ring {i: 3}) SET r.i = 30 WITH count(*) AS changed
MATCH (a:Ring) MATCH (b:Ring {i: a.i * 15}) WHERE a.i > 0 RETURN a.i AS a, b.i AS b;
EXPLAIN UNWIND range(0, 9) AS i CREATE (:Fresh {i: i}) WITH count(*) AS made
MATCH (a:Fresh) MATCH (b:Fresh {i: a.i + 1}) RETURN count(*);
