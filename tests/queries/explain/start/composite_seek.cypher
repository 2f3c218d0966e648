// A composite index (CREATE INDEX FOR (a:Actor) ON (a.kind, a.name)) answers equality on
// every one of its properties, from WHERE or a map, with values known before the pattern; or
// equality on all but its last and a range or a prefix of that one. Every predicate stays a
// filter above.
// param: kind => 'person'
// index: Actor.kind,name
// rel index: ACCUSES.source,election_year
EXPLAIN MATCH (a:Actor) WHERE a.kind = 'country' AND a.name = 'Russia' RETURN a.name;
EXPLAIN MATCH (a:Actor {name: 'Russia', kind: 'country'}) RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE a.kind = $kind AND a.name >= 'S' RETURN a.name;
EXPLAIN MATCH (x:Person {name: 'Vladimir Putin'}) MATCH (a:Actor) WHERE a.kind = x.kind AND a.name = x.name RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE a.kind = 'country' AND a.name STARTS WITH 'R' RETURN a.name;
// Not the composite index: equality on its second property only, a range on its first.
EXPLAIN MATCH (a:Actor) WHERE a.name = 'Russia' RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE a.kind >= 'c' AND a.name = 'Russia' RETURN a.name;
// Relationships: a composite index on (source, election_year).
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) WHERE r.source = 'x' AND r.election_year = 2020 RETURN a.name;
EXPLAIN MATCH (a)-[r:ACCUSES {source: 'x'}]-(b) WHERE r.election_year > 2016 RETURN a.name;
// A composite index keeps the index of each of its properties: a range, a prefix or (of
// relationships) an equality on one of them alone is a seek of that one.
EXPLAIN MATCH (a:Actor) WHERE a.kind >= 'p' RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE a.name STARTS WITH 'Ru' RETURN a.name;
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) WHERE r.source = 'x' RETURN a.name;
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) WHERE r.election_year < 2018 RETURN a.name;
