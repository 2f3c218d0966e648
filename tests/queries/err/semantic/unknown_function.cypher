MATCH (a:Actor) RETURN toUppr(a.name);
