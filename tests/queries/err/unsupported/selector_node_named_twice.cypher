// A node named twice inside a selector's pattern of fixed hops.
MATCH p = SHORTEST 1 (x:Start)-->(m)-->(m)-->+(y) RETURN p;
