// graph: empty
CREATE CONSTRAINT FOR (a:Actor) REQUIRE a.code IS REL KEY;
