// ORDER BY with LIMIT keeps only the top rows while sorting; SKIP and LIMIT after it.
EXPLAIN MATCH (a:Actor)-[r]->() RETURN a.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 3;
EXPLAIN MATCH (a:Actor) RETURN a.name ORDER BY a.kind, a.name DESC SKIP 2 LIMIT 3;
EXPLAIN MATCH (a:Actor) RETURN DISTINCT a.kind AS kind ORDER BY kind;
