// A relationship index seek starts the pattern: a property of a relationship of one type
// compared with a value known before the pattern (equal in WHERE or in the pattern's map, one
// bound or two, STARTS WITH), where an index on the type's property is declared. It binds the
// relationship and both its ends; an undirected pattern gives each relationship both ways.
// The predicates stay as filters above it.
// param: y => 2017
// rel index: ACCUSES.year
// rel index: LEADS.topic
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) WHERE r.year >= 2018 AND r.year < 2021 RETURN a.name, b.name;
EXPLAIN MATCH (a)<-[r:ACCUSES]-(b) WHERE $y < r.year RETURN a.name, b.name;
EXPLAIN MATCH (a)-[r:ACCUSES {year: 2020}]-(b) RETURN a.name, b.name;
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) WHERE r.year = $y RETURN a.name, b.name;
EXPLAIN MATCH (a)-[r:LEADS]-(b) WHERE r.topic STARTS WITH 'FBI' RETURN a.name, b.name;
EXPLAIN WITH 2016 AS since MATCH (a:Actor)-[r:ACCUSES]->(b) WHERE r.year > since RETURN a.name, b.name;
// No seek: no declared index on the key, more than one type, a node that finds fewer (an
// equality seek of a name), a bound read from the pattern itself.
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) WHERE r.election_year > 2016 RETURN a.name;
EXPLAIN MATCH (a)-[r:ACCUSES|DENIES]->(b) WHERE r.year > 2016 RETURN a.name;
EXPLAIN MATCH (a:Actor {name: 'Russia'})-[r:ACCUSES]-(b) WHERE r.year > 2016 RETURN b.name;
EXPLAIN MATCH (a)-[r:ACCUSES]->(b) WHERE r.year > a.born RETURN a.name;
