// An aggregate inside a pattern comprehension, which evaluates it once per match.
MATCH (a:Actor) RETURN [(a)-->(b) | count(b)] AS n;
