// MERGE neither.
WITH 'Russia' AS n MERGE (n)-[:MENTIONS]->(:Log);
