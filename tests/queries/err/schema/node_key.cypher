// graph: empty
CREATE CONSTRAINT code_key FOR (a:Actor) REQUIRE a.code IS NODE KEY;
CREATE (:Actor {name: 'Russia'});
