// param: who => 'the Russians'
EXPLAIN MATCH (a:Actor) WHERE named(a, 'kremlin') RETURN a.name;
EXPLAIN MATCH (a:Actor)<-[r:ACCUSES]-(b:Actor) WHERE named(a, $who) RETURN b.name, evidence(r).quote;
EXPLAIN MATCH (x:Actor {name: 'FBI'}) MATCH (x)-[:ACCUSES]->(b) WHERE b:Country AND named(b, 'Kremlin') RETURN b.name;
