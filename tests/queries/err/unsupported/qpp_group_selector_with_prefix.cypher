// A selector takes a path pattern of one quantified relationship or quantified path pattern:
// a fixed hop before or after it is not supported yet.
MATCH p = SHORTEST 1 (x {name: 'FBI'})-[:ACCUSES]->(m) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c))+ (y {name: 'Germany'}) RETURN p;
