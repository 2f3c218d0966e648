MATCH (a)-[r:ACCUSES|]->(b) RETURN count(r);
