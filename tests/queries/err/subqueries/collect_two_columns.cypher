MATCH (a:Country) RETURN COLLECT { MATCH (a)-->(b) RETURN b.name, b.kind } AS xs;
