MATCH (a) RETURN [(a)-->(b) | b.name] AS names;
