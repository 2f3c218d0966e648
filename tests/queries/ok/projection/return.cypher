// graph: empty
CREATE (:P {name: 'x', k: 1}), (:P {name: 'y', k: 2}), (:P {name: 'z', k: 2});
MATCH (p:P) RETURN DISTINCT p.k AS k ORDER BY k;
MATCH (p:P) RETURN p.name AS name ORDER BY p.k DESC, name SKIP 1 LIMIT 1;
MATCH (p:P) WITH p ORDER BY p.name DESC LIMIT 2 RETURN collect(p.name) AS last_two;
MATCH (p:P {name: 'x'}) RETURN *;
MATCH (p:P) WITH p.k AS k, count(*) AS c WHERE c > 1 RETURN k, c;
MATCH (p:P) RETURN p.name, p.k * 10 AS tenfold ORDER BY p.name LIMIT 2;
MATCH (p:P) RETURN p {.name, .k, double: p.k * 2} AS m ORDER BY m.name;
MATCH (p:P {name: 'y'}) RETURN p {.*} AS all_props;
RETURN 1 AS one, 'two' AS two;
// WITH * over an empty scope passes the rows on.
CREATE (:Q) WITH * RETURN 1 AS after_create;
WITH * MATCH (q:Q) RETURN count(q) AS qs;
