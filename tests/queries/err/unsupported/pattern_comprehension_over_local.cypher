// A comprehension variable read in a pattern comprehension's WHERE: its sub-plan's rows do not hold it.
MATCH (a:Actor) RETURN [x IN [1, 2] | [(a)-->(b) WHERE b.rank = x | b.name]] AS n;
