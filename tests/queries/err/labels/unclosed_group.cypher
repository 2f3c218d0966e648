MATCH (n) WHERE n:(Country|Person RETURN n.name;
