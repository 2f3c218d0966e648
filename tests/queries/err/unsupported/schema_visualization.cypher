// db.schema.visualization() answers with virtual nodes and relationships, which relq does not make: said so, with what describes the schema instead, never an empty answer.
CALL db.schema.visualization();
