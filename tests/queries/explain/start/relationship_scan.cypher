// A pattern of unbound nodes starts from the relationships of its type when there are fewer
// of them than rows a node scan and its expansion would visit.
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) RETURN a.name, b.name;
EXPLAIN MATCH (a)-[r:DENIES|PROPOSES]-(b) RETURN a.name, type(r), b.name;
EXPLAIN MATCH (a:Person)-[:LEADS]->(b:Country) RETURN a.name, b.name;
