// A range or prefix seek starts the pattern: a labelled node's property compared with a value
// known before the pattern (a literal, a parameter, a variable bound earlier), one bound or
// two (either way round, chained), or STARTS WITH. The predicates stay as filters above it.
// A seek needs a declared index (CREATE INDEX); without one, a range is a scan and a filter.
// param: lo => 'G'
// index: Actor.name
// index: Country.name
// index: Person.name
EXPLAIN MATCH (a:Actor) WHERE a.name >= 'G' AND a.name < 'S' RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE 'S' <= a.name RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE $lo < a.name <= 'W' RETURN a.name;
EXPLAIN MATCH (a:Country) WHERE a.name STARTS WITH 'Ru' RETURN a.name;
EXPLAIN MATCH (a:Actor:Person) WHERE a.name > 'S' RETURN a.name;
EXPLAIN UNWIND ['F', 'U'] AS p MATCH (a:Actor)-[:ACCUSES]->(b) WHERE a.name STARTS WITH p RETURN a.name, b.name;
EXPLAIN MATCH (x:Actor {name: 'FBI'}) MATCH (a:Person) WHERE a.name > x.name RETURN a.name;
// A null bound: the seek finds nothing.
EXPLAIN MATCH (a:Actor) WHERE a.name > null RETURN a.name;
// An equality seek finds fewer nodes: the comparison is only a filter.
EXPLAIN MATCH (a:Actor) WHERE a.name = 'Russia' AND a.kind > 'a' RETURN a.name;
// No seek: a bound read from the node itself, a node without a label, comparisons in an OR.
EXPLAIN MATCH (a:Actor) WHERE a.name > a.kind RETURN a.name;
EXPLAIN MATCH (a) WHERE a.name > 'S' RETURN a.name;
EXPLAIN MATCH (a:Actor) WHERE a.name > 'S' OR a.name < 'B' RETURN a.name;
// No declared index on the key: a scan and a filter.
EXPLAIN MATCH (a:Actor) WHERE a.kind >= 'c' RETURN a.name;
