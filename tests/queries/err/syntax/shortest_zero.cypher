MATCH p = SHORTEST 0 (a {name: 'FBI'})-[]-+(b {name: 'Germany'}) RETURN p;
