// graph: empty
// Adding the label brings a node under the constraint.
CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE;
CREATE (:Actor {code: 'RUS'}), (:Country {code: 'RUS'});
MATCH (c:Country) SET c:Actor;
