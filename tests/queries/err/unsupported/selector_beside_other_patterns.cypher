// A selector's pattern of fixed hops is the only pattern of its MATCH.
MATCH (z), p = SHORTEST 1 (x)-->(m)-->+(y) RETURN p;
