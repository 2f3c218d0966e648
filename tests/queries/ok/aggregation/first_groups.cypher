// ORDER BY ... LIMIT over an aggregation: the groups kept are those a full sort puts first,
// whether the sort reads the aggregation's columns (ranked before rows are made) or values a
// projection computes from them (sorted as computed).
MATCH (a:Actor)-[r]->() RETURN a.name AS name, count(r) AS n ORDER BY n DESC, name LIMIT 3;
MATCH (a:Actor)-[r]->() RETURN a.name AS name, -count(r) AS n ORDER BY n, name LIMIT 3;
MATCH (a:Actor)-[r]->() RETURN a.name AS name, 100 - count(r) AS n ORDER BY n DESC, name LIMIT 3;
MATCH (a:Actor)-[r]->() RETURN a.name AS name, count(r) AS n ORDER BY n, name SKIP 1 LIMIT 2;
MATCH (a:Actor)-[r]->() RETURN a.name AS name, count(r) AS n ORDER BY n DESC LIMIT 0;
