MATCH (n:Country|&Person) RETURN n.name;
