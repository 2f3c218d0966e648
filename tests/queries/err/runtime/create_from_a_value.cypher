// CREATE joins nodes only.
UNWIND ['Russia'] AS n CREATE (n)-[:MENTIONS]->(:Log);
