// valueType(): the type of a value as Neo4j 5 names it, in the type predicate's names; every
// value but null is of its type NOT NULL. First the Neo4j manual's example.
UNWIND ["abc", 1, 2.0, true, [date()]] AS value RETURN valueType(value) AS result;
UNWIND [null, true, 'x', 1, 1.5, {k: 1}, date('2024-01-02'), localtime('12:00'), time('12:00+01:00'),
        localdatetime('2024-01-02T12:00'), datetime('2024-01-02T12:00Z'),
        datetime('2024-01-02T12:00[Europe/Berlin]'), duration('P1D')] AS v
RETURN v, valueType(v) AS type;
// A list's element type is the closed union of its elements' types, normalized as Neo4j
// normalizes types: ordered (NULL, BOOLEAN, STRING, INTEGER, FLOAT, ..., MAP, LIST, PATH), a
// type absorbed by one that encompasses it (NULL by a nullable type, LIST<NOTHING> by a list,
// LIST<INTEGER> by LIST<STRING | INTEGER>), all nullable when some are, one type alone.
UNWIND [[], [1, 2], [1, null], [null], [1, 'a'], [2.5, 1], ['a', null, 1], [true, {k: 1}, 'x'],
        [[], [1]], [[1], [1, 'a']], [[1], null], [[1], ['a']], [[1, null], [2]]] AS v
RETURN v, valueType(v) AS type;
// Graph elements and paths; a property, a missing one, a list property.
MATCH p = (a:Actor {name: 'Russia'})-[r:ACCUSES]->(b)
RETURN valueType(a) AS node, valueType(r) AS rel, valueType(p) AS path, valueType([a, r, p]) AS list,
       valueType(a.name) AS name, valueType(a.nosuch) AS missing, valueType(nodes(p)) AS nodes
LIMIT 1;
// Each value is of the type valueType() gives it (checked here for the types the predicate can
// name directly).
UNWIND [1, 'x', [1, null], [1, 'a'], [], null] AS v
RETURN valueType(v) AS type,
       CASE valueType(v)
         WHEN 'INTEGER NOT NULL' THEN v IS :: INTEGER NOT NULL
         WHEN 'STRING NOT NULL' THEN v IS :: STRING NOT NULL
         WHEN 'LIST<INTEGER> NOT NULL' THEN v IS :: LIST<INTEGER> NOT NULL
         WHEN 'LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL' THEN v IS :: LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL
         WHEN 'LIST<NOTHING> NOT NULL' THEN v IS :: LIST<NOTHING> NOT NULL
         WHEN 'NULL' THEN v IS :: NULL
       END AS agrees;
