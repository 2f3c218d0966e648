// graph: empty
CREATE CONSTRAINT year_int FOR (a:Actor) REQUIRE a.year IS :: INTEGER;
CREATE (:Actor {year: 2020});
MATCH (a:Actor) SET a.year = '2020';
