MATCH (a:Country {name: 'Russia'}) FOREACH (x IN a.name | SET a.seen = x);
