MATCH (a) FOREACH (x IN [1] | SET a.x = x);
