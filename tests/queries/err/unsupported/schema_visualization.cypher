// Neo4j's schema procedures are not there yet: said so, never an empty answer.
CALL db.schema.visualization();
