// Path modes. WALK and TRAIL match what a pattern without a mode matches: relationships never
// repeat within one MATCH.
MATCH p = WALK (a:Country {name: 'Russia'})-[*1..4]-(b) RETURN count(p) AS paths;
MATCH p = TRAIL PATH (a:Country {name: 'Russia'})-[*1..4]-(b) RETURN count(p) AS paths;
MATCH p = (a:Country {name: 'Russia'})-[*1..4]-(b) RETURN count(p) AS paths;
// ACYCLIC: no node twice in the path. Checked against every trail whose nodes all differ.
MATCH p = ACYCLIC (a:Country {name: 'Russia'})-[*1..4]-(b) RETURN count(p) AS paths;
MATCH p = (a:Country {name: 'Russia'})-[*1..4]-(b)
WHERE all(i IN range(0, length(p)) WHERE all(j IN range(0, length(p)) WHERE i = j OR nodes(p)[i] <> nodes(p)[j]))
RETURN count(p) AS paths;
// Across the hops of one path, without a path variable.
MATCH ACYCLIC (a:Country {name: 'Russia'})-[]-(m)-[*1..3]-(b) RETURN count(*) AS rows;
MATCH p = (a:Country {name: 'Russia'})-[]-(m)-[*1..3]-(b)
WHERE size(nodes(p)) = size(reduce(s = [], n IN nodes(p) | CASE WHEN n IN s THEN s ELSE s + n END))
RETURN count(*) AS rows;
// A cycle back to the start is not acyclic; SIMPLE allows it, and no other repeated node.
MATCH p = ACYCLIC (a:Country {name: 'Russia'})-[*1..4]-(a) RETURN count(p) AS cycles;
MATCH p = SIMPLE (a:Country {name: 'Russia'})-[*1..4]-(a) RETURN count(p) AS cycles, min(length(p)) AS shortest;
MATCH p = (a:Country {name: 'Russia'})-[*1..4]-(a)
WHERE all(i IN range(1, length(p)) WHERE all(j IN range(1, length(p)) WHERE i = j OR nodes(p)[i] <> nodes(p)[j]))
RETURN count(p) AS cycles, min(length(p)) AS shortest;
// Between different parts of a MATCH a node may repeat (it joins them).
MATCH ACYCLIC (a:Country {name: 'Russia'})-[:ACCUSES]-(b), ACYCLIC (b)-[:DENIES]-(c) RETURN count(*) AS rows;
MATCH (a:Country {name: 'Russia'})-[:ACCUSES]-(b), (b)-[:DENIES]-(c) WHERE a <> b AND b <> c RETURN count(*) AS rows;
// With a selector: the k shortest acyclic paths, not the k shortest trails filtered.
MATCH p = SHORTEST 4 ACYCLIC (a:Country {name: 'Russia'})-[*]-(b {name: 'Germany'})
RETURN [n IN nodes(p) | n.name] AS names ORDER BY size(names), names;
MATCH p = ACYCLIC (a:Country {name: 'Russia'})-[*]-(b {name: 'Germany'}) RETURN length(p) AS len, count(*) AS paths;
MATCH p = SHORTEST 4 (a:Country {name: 'Russia'})-[*]-(b {name: 'Germany'})
RETURN [n IN nodes(p) | n.name] AS names ORDER BY size(names), names;
// A quantified path pattern, and a pattern predicate.
MATCH p = ACYCLIC (a:Country {name: 'Russia'}) ((x)-[r]-(y) WHERE type(r) <> 'MAKES_STATEMENT'){2} (b)
RETURN count(p) AS paths;
MATCH p = (a:Country {name: 'Russia'}) ((x)-[r]-(y) WHERE type(r) <> 'MAKES_STATEMENT'){2} (b)
WHERE size(nodes(p)) = size(reduce(s = [], n IN nodes(p) | CASE WHEN n IN s THEN s ELSE s + n END))
RETURN count(p) AS paths;
MATCH (a:Country) WHERE EXISTS { MATCH ACYCLIC (a)-[*3]-(a) } RETURN a.name AS name ORDER BY name;
MATCH (a:Country) WHERE EXISTS { MATCH SIMPLE (a)-[*3]-(a) } RETURN a.name AS name ORDER BY name;
