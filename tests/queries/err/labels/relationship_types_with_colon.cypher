MATCH ()-[r:ACCUSES:DENIES]->() RETURN count(r);
