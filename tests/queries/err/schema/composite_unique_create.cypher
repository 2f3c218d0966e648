// graph: empty
// A composite uniqueness constraint is checked on the data there is: the pair is unique, not
// each property; a node without one of them is free.
CREATE (:Actor {code: 'RUS', year: 2020}), (:Actor {code: 'RUS', year: 2021}),
       (:Actor {code: 'USA', year: 2020}), (:Actor {code: 'RUS'}), (:Actor {code: 'RUS'}),
       (:Actor {code: 'RUS', year: 2021.0});
CREATE CONSTRAINT actor_code_year FOR (a:Actor) REQUIRE (a.code, a.year) IS UNIQUE;
