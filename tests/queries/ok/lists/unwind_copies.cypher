// An UNWIND empties, in the rows it copies per item, the values nothing above it reads; what
// the operators above do read stays, whichever operator reads it.
MATCH (c:Country) WITH collect(c.name) AS names, count(*) AS k
UNWIND names AS n RETURN count(*) AS rows, k;
MATCH (c:Country) WITH collect(c.name) AS names, count(*) AS k
UNWIND names AS n WITH n, names WHERE size(names) = k RETURN n ORDER BY n;
MATCH (c:Country) WITH collect(c.name) AS names
UNWIND names AS n RETURN n, [x IN names WHERE x < n | x] AS before ORDER BY n;
MATCH (c:Country) WITH collect(c.name) AS names, 'x' AS tag
UNWIND names AS n WITH * RETURN n, tag, size(names) AS s ORDER BY n LIMIT 2;
MATCH (c:Country) WITH collect(c) AS cs
UNWIND cs AS c WITH c ORDER BY size(cs) + c.name DESC RETURN c.name;
MATCH (c:Country) WITH collect(c) AS cs
UNWIND cs AS c RETURN c.name AS name, CASE WHEN c = cs[0] THEN 'first' ELSE 'later' END AS place ORDER BY name;
MATCH (c:Country) WITH collect(c) AS cs
UNWIND cs AS c UNWIND cs AS d WITH c, d WHERE id(c) < id(d) RETURN count(*) AS pairs;
MATCH (c:Country) WITH collect(c) AS cs, collect(c.name) AS names
UNWIND range(0, size(cs) - 1) AS i RETURN names[i] AS name, cs[i].name = names[i] AS same ORDER BY name;
MATCH (c:Country) WITH collect(c) AS cs
UNWIND cs AS c WITH c, cs WHERE EXISTS { (c)-[:ACCUSES]->(x) WHERE x IN cs } RETURN c.name ORDER BY c.name;
MATCH (c:Country) WITH collect(c) AS cs
UNWIND cs AS c RETURN DISTINCT size(cs) AS s;
MATCH (c:Country) WITH collect(c) AS cs
UNWIND cs AS c RETURN c {.name, n: size(cs)} AS m ORDER BY m.name LIMIT 1;
MATCH (c:Country) WITH collect(c) AS cs
UNWIND cs AS c RETURN collect(c.name)[0..1] AS first, min(size(cs)) AS n;
