// graph: empty
// List values are compared too.
CREATE CONSTRAINT tags FOR (a:Actor) REQUIRE a.tags IS UNIQUE;
CREATE (:Actor {tags: [1, 2]});
CREATE (:Actor {tags: [1.0, 2]});
