// A procedure's rows are unwound and each column yielded is bound from them.
EXPLAIN MATCH (a:Actor {name: 'Russia'}) CALL db.labels() YIELD label WHERE label <> 'Actor' RETURN a.name, label;
