// graph: empty
// A composite index and a uniqueness constraint on the same properties in the same order
// conflict; in another order they do not.
CREATE INDEX code_year FOR (a:Actor) ON (a.code, a.year);
CREATE CONSTRAINT FOR (a:Actor) REQUIRE (a.year, a.code) IS UNIQUE;
CREATE CONSTRAINT FOR (a:Actor) REQUIRE (a.code, a.year) IS UNIQUE;
