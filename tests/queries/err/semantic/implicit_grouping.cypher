MATCH (a:Actor) RETURN a.name, a.kind + count(*) AS x;
