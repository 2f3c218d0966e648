// graph: empty
// Two nodes share a name: grouping by the name merges their rows, in the order of the first
// row of each name, whatever the nodes.
UNWIND [['a', 1], ['b', 2], ['a', 3], ['c', 1], ['b', 1]] AS p
CREATE (:P {name: p[0], n: p[1]});
MATCH (x:P), (y:P) WHERE x.n <= y.n RETURN x.name AS name, count(*) AS pairs, count(y.n) AS ns;
MATCH (x:P) OPTIONAL MATCH (x)-[r]->() RETURN x.name AS name, x.n AS n, count(r) AS rels ORDER BY name, n;
MATCH (x:P) RETURN x.name, count(DISTINCT x.n) AS distinct_n, min(x.n) AS least;
