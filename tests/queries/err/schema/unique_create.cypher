// graph: empty
// A second node of the same value breaks a uniqueness constraint (1 and 1.0 are one value).
CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE;
CREATE (:Actor {code: 1});
CREATE (:Actor {code: 1.0});
