// A pattern is a test, not a value: Neo4j 5 refuses it as a column.
MATCH (a:P) RETURN (a)-->() AS out;
