FOREACH (x IN [1] | CREATE (n:T {x: x})) RETURN n;
