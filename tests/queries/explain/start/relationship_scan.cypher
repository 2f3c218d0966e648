// A pattern of unbound nodes starts from the relationships of its type when there are fewer
// of them than rows a node scan and its expansion would visit.
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) RETURN a.name, b.name;
EXPLAIN MATCH (a)-[r:DENIES|PROPOSES]-(b) RETURN a.name, type(r), b.name;
EXPLAIN MATCH (a:Person)-[:LEADS]->(b:Country) RETURN a.name, b.name;
// Only the rows a node's own WHERE keeps are expanded: a prefix keeps few, so scanning the
// nodes and expanding those costs less than every relationship; without it, not.
EXPLAIN MATCH (a)-[r]->() WHERE a.name STARTS WITH 'Ru' RETURN a.name, count(r);
EXPLAIN MATCH (a)-[r]->() WHERE a.name ENDS WITH 'ia' AND a.name <> 'Russia' RETURN a.name, count(r);
EXPLAIN MATCH (a)-[r]->() RETURN a.name, count(r);
