// graph: empty
// A composite node key: every property present, the tuple unique.
CREATE CONSTRAINT actor_key FOR (a:Actor) REQUIRE (a.code, a.year) IS NODE KEY;
CREATE (:Actor {code: 'RUS', year: 2020}), (:Actor {code: 'RUS', year: 2021});
MATCH (a:Actor {year: 2021}) REMOVE a.year;
