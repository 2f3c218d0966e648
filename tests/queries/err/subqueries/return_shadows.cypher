MATCH (a:Country) CALL (a) { RETURN a } RETURN a;
