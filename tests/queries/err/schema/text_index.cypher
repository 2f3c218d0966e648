// graph: empty
CREATE TEXT INDEX FOR (a:Actor) ON (a.name);
