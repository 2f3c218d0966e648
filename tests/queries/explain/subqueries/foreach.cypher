EXPLAIN MATCH (a:Country) FOREACH (x IN [1, 2] | MERGE (a)-[:TAGGED]->(t:Tag {n: x}) SET t.seen = true);
