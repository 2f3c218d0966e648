// graph: empty
// A constraint the data breaks already is not created.
CREATE (:Actor {code: 'RUS'}), (:Actor {code: 'RUS'});
CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE;
