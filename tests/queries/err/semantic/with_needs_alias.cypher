MATCH (a:Actor) WITH a.name RETURN a;
