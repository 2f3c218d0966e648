MATCH (a:Country) CALL () { RETURN a.name AS n } RETURN n;
