// graph: empty
EXPLAIN CREATE INDEX FOR (a:Actor) ON (a.name);
