// graph: empty
CREATE CONSTRAINT FOR (a:Actor) REQUIRE a.name IS NOT NULL;
CREATE (:Actor {name: 'Russia'});
MATCH (a:Actor) REMOVE a.name;
