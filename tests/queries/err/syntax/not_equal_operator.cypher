MATCH (n) WHERE n.name != 'x' RETURN n;
