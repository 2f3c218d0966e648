MATCH (a:Actor) SET a.x = a;
