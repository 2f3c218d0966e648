// graph: empty
// The schema procedures on values of every kind: Neo4j's type names (lists as arrays, an empty
// list as Neo4j stores it, a list of mixed items as `List`), a key whose values differ in type
// (both named), a key one node of a combination lacks (not mandatory), the same labels given in
// another order (one combination), nodes without labels, a combination and a type with no
// properties (one row of nulls), and a backtick in a label.
CREATE (:Person {name: 'Ada', born: 1815, height: 1.65, alive: false}), (:Person {name: 'Alan', born: 1912.0, nick: ['AMT']}), (:Person:Engineer {name: 'Grace', langs: ['COBOL']}), (:Engineer:Person {name: 'Linus', since: date('1991-08-25')}), (:Empty), (:Empty), ({note: 'unlabelled'}), (:`Odd``Label` {seen: datetime('2020-01-01T00:00:00Z'), at: localdatetime('2020-01-01T12:00'), opens: time('09:00+01:00'), closes: localtime('17:00'), span: duration('P1D'), days: [date('2020-01-01')], scores: [], mixed: [1, 'a'], nums: [1, 2.5], flags: [true], ratios: [0.5]});
MATCH (a:Person {name: 'Ada'}), (b:Person {name: 'Alan'}) CREATE (a)-[:KNOWS {since: 1950}]->(b), (b)-[:KNOWS {since: '1950', weight: 0.5}]->(a), (a)-[:NEXT]->(b);
CALL db.schema.nodeTypeProperties();
CALL db.schema.relTypeProperties();
