// graph: empty
CREATE INDEX FOR (a:Actor) ON (a.code, a.name);
