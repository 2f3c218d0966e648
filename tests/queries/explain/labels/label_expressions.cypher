// A disjunction of labels scans the union of the labels' members; a negation or `%` scans
// every node and checks each; a plain conjunction keeps its label scan; the parts of a
// conjunction that are not plain labels are checked after it. Relationship type expressions
// that name the types they allow expand along them; others check each relationship.
EXPLAIN MATCH (a:Country|Organization) RETURN a.name;
EXPLAIN MATCH (a:!Country) RETURN a.name;
EXPLAIN MATCH (a:Person&!Group) RETURN a.name;
EXPLAIN MATCH (a:Actor&(Person|Group)) WHERE a:!Country RETURN a.name;
EXPLAIN MATCH (a:Country)-[r:!ACCUSES]->(b:%) RETURN b.name;
EXPLAIN MATCH (a:Country)-[r:(ACCUSES|DENIES)&!DENIES]->(b) RETURN b.name;
EXPLAIN MATCH (a:Person)-[rs:!ACCUSES*1..2]->(b) WHERE b IS :: NODE RETURN b.name;
