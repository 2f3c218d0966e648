// A hop from a variable that holds a value, not a node: the error points at the variable.
MATCH (a:Actor {name: 'Russia'}) UNWIND [a, 1] AS n MATCH (n)-[:ACCUSES]->(m) RETURN m.name;
