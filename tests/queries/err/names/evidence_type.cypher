MATCH (a:Actor {name: 'Russia'}) RETURN evidence(a);
