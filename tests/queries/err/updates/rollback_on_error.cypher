// graph: empty
CREATE (:A {n: 1});
CREATE (:A {n: 2}) WITH 1 AS one MATCH (a:A) SET a.n = a.n / 0;
