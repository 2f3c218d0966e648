// graph: empty
// Existence and type constraints are on one property each, as in Neo4j.
CREATE CONSTRAINT FOR (a:Actor) REQUIRE (a.code, a.name) IS NOT NULL;
