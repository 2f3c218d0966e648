// graph: empty
// Indexes and constraints share their names.
CREATE INDEX actor_code FOR (a:Actor) ON (a.name);
CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE;
