// graph: empty
CREATE CONSTRAINT actor_code_year FOR (a:Actor) REQUIRE (a.code, a.year) IS UNIQUE;
CREATE (:Actor {code: 'RUS', year: 2020}), (:Actor {code: 'RUS', year: 2021}), (:Actor {code: 'RUS'});
// Free: no two nodes hold the same pair.
MATCH (a:Actor) WHERE a.year IS NULL SET a.year = 2019;
MATCH (a:Actor {year: 2019}) SET a.code = 'USA';
MATCH (a:Actor {code: 'RUS', year: 2021}) SET a.year = 2020;
