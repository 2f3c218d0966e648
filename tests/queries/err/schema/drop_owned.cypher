// graph: empty
CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE;
DROP INDEX actor_code;
