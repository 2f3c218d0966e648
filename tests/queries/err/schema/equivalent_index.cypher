// graph: empty
CREATE INDEX FOR (a:Actor) ON (a.name);
CREATE INDEX named FOR (a:Actor) ON (a.name);
