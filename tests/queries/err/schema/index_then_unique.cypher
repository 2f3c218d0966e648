// graph: empty
CREATE INDEX actor_code FOR (a:Actor) ON (a.code);
CREATE CONSTRAINT FOR (a:Actor) REQUIRE a.code IS UNIQUE;
