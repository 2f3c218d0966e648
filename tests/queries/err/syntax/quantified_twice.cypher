MATCH (a)-[r*1..2]->{2}(b) RETURN a;
