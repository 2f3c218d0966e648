MATCH (a:Actor) WHERE a.kind = 'country' OR a.name RETURN a.name;
