MATCH (a:Country) CALL (a) { MATCH (a)-->(b) } RETURN a;
