// graph: empty
CREATE (a:Actor:Country {name: 'Atlantis', founded: -9600, tags: ['myth', 'island']});
CREATE (n) RETURN labels(n) AS labels, keys(n) AS keys;
MATCH (a:Actor {name: 'Atlantis'}) CREATE (a)-[r:CLAIMS {year: 2020}]->(:Actor {name: 'Lemuria'}) RETURN type(r) AS t, r.year AS y;
CREATE p = (:X {i: 1})-[:NEXT]->(:X {i: 2}) RETURN length(p) AS len;
UNWIND range(1, 3) AS i CREATE (:Num {i: i});
MATCH (n:Num) RETURN count(n) AS nums, sum(n.i) AS total;
CREATE (a {v: null}) RETURN keys(a) AS nulls_are_not_stored;
