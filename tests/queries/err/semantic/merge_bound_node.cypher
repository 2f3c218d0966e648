MATCH (a:Country {name: 'Russia'}) MERGE (a);
