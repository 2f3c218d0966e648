MATCH (n) RETURN n.name IS :: INTEGR;
