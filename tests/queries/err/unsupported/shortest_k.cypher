MATCH p = SHORTEST 3 (a {name: 'FBI'})-[]-+(b {name: 'Germany'}) RETURN p;
