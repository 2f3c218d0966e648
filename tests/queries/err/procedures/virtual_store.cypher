// Nor can a property hold it.
CALL db.schema.visualization() YIELD nodes MATCH (m:Person {name: 'Vladimir Putin'}) SET m.schema = nodes[0];
