// graph: empty
CREATE INDEX actor_name FOR (a:Actor) ON (a.name);
DROP INDEX actor_nmae;
