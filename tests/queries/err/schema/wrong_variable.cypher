// graph: empty
CREATE INDEX FOR (a:Actor) ON (b.name);
