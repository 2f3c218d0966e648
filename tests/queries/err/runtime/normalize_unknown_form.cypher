// A normal form given as a string is its name in capitals, as in Neo4j.
RETURN normalize('x', 'nfc') AS n;
