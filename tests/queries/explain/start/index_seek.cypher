// An index seek starts the pattern: a property map or a WHERE equality on a labelled node,
// with a literal or a parameter.
// param: who => 'FBI'
EXPLAIN MATCH (a:Actor {name: 'Russia'}) RETURN a.kind;
EXPLAIN MATCH (a:Actor) WHERE a.name = 'Germany' RETURN a.aliases;
EXPLAIN MATCH (a:Actor {name: $who})-[r:ACCUSES]->(b) RETURN b.name, r.allegation;
