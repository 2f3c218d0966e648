MATCH (a:Country) CALL (b) { RETURN 1 AS one } RETURN one;
