// A selector takes a path pattern of fixed hops and at most one quantified part: with two, a
// path could split between them in several ways.
MATCH p = SHORTEST 2 (x {name: 'FBI'})-[:ACCUSES]->+(m) ((a)-[:ACCUSES]->(b)-[:DENIES]->(c))+ (y {name: 'Germany'}) RETURN p;
