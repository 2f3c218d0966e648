// graph: empty
CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE;
CREATE (:Actor {code: 'RUS'}), (:Actor {code: 'USA'});
MATCH (a:Actor {code: 'USA'}) SET a.code = 'RUS';
