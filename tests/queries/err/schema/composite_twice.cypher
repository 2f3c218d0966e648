// graph: empty
CREATE INDEX FOR (a:Actor) ON (a.code, a.year, a.code);
