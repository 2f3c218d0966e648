CALL { MATCH (a:Country) RETURN a.name AS n UNION MATCH (a:Person) RETURN a.name AS m } RETURN n;
