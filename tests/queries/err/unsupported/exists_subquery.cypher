MATCH (a) WHERE EXISTS { MATCH (a)-->(m) RETURN m.name } RETURN a;
