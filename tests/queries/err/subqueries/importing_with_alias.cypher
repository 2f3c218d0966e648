MATCH (a:Country) CALL { WITH a AS x RETURN x } RETURN x;
