MATCH (a:Actor {name: 'Russia'}) RETURN named(a, 42);
