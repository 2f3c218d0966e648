MATCH (a:Country {name: 'Russia'}) CREATE (a);
