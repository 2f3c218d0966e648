// graph: empty
CREATE CONSTRAINT FOR (a:Actor) REQUIRE a.year IS :: INTEGER NOT NULL;
