// graph: empty
CREATE CONSTRAINT FOR (a:Actor) REQUIRE a.friend IS :: NODE;
