// SET, REMOVE and DELETE pass their rows on; the plan reads from the last stage up.
EXPLAIN MATCH (a:Actor {name: 'FBI'}) SET a.checked = true, a += {region: 'US'}, a:Agency RETURN a.region;
EXPLAIN MATCH (a:Actor {name: 'FBI'}) REMOVE a.checked, a:Agency;
EXPLAIN MATCH (a:Actor {name: 'western leaders'}) DETACH DELETE a;
EXPLAIN MATCH (a:Actor {name: 'FBI'})-[r:ACCUSES]->() WITH r, a DELETE r SET a.quiet = true;
