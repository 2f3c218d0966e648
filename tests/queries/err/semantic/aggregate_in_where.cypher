MATCH (a:Actor) WHERE count(a) > 1 RETURN a;
