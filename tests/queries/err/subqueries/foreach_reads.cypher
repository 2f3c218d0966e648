FOREACH (x IN [1] | MATCH (n) SET n.x = x);
