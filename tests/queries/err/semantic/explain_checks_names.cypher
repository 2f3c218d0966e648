EXPLAIN MATCH (a:Actor) RETURN b.name;
