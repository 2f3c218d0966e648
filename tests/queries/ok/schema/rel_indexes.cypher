// graph: empty
// Indexes on relationship properties, as Neo4j 5 declares them: any arrow, named or not,
// IF NOT EXISTS; listed by SHOW INDEXES with entityType RELATIONSHIP; dropped by name. A seek
// gives what a scan gives: both directions of an undirected pattern, a self-loop once.
CREATE (a:Actor {name: 'A'}), (b:Actor {name: 'B'}), (c:Actor {name: 'C'}),
       (a)-[:ACCUSES {date: date('2020-11-03'), source: 'wire'}]->(b),
       (b)-[:ACCUSES {date: date('2020-11-20'), source: 'web'}]->(c),
       (c)-[:ACCUSES {date: date('2020-12-02'), source: 'wire'}]->(a),
       (c)-[:ACCUSES {date: date('2020-11-05')}]->(c),
       (a)-[:ACCUSES {date: '2020-11-10'}]->(c),
       (a)-[:DENIES {date: date('2020-11-04')}]->(b);
CREATE INDEX accuses_date FOR ()-[r:ACCUSES]-() ON (r.date);
CREATE RANGE INDEX IF NOT EXISTS FOR ()-[r:ACCUSES]->() ON (r.source);
CREATE INDEX IF NOT EXISTS FOR ()<-[r:ACCUSES]-() ON (r.date);
CREATE INDEX accuses_date IF NOT EXISTS FOR (a:Actor) ON (a.name);
SHOW INDEXES;
SHOW INDEXES YIELD name, entityType, labelsOrTypes, properties, createStatement;
MATCH (a)-[r:ACCUSES]->(b) WHERE date('2020-11-01') <= r.date < date('2020-12-01') RETURN a.name, b.name, r.date ORDER BY r.date;
MATCH (a)-[r:ACCUSES]-(b) WHERE r.date >= date('2020-11-01') AND r.date < date('2020-12-01') RETURN a.name, b.name, r.date ORDER BY r.date, a.name;
MATCH (a)-[r:ACCUSES {source: 'wire'}]->(b) RETURN a.name, b.name;
MATCH (a)<-[r:ACCUSES]-(b) WHERE r.source STARTS WITH 'we' RETURN a.name, b.name;
MATCH ()-[r:ACCUSES]->() WHERE r.date > '2020' RETURN r.date;
// Changes reach the index: set, removed, created, deleted.
MATCH ()-[r:ACCUSES {source: 'web'}]->() SET r.date = date('2021-01-01');
MATCH ()-[r:ACCUSES {source: 'wire'}]->(:Actor {name: 'A'}) REMOVE r.date;
MATCH (a:Actor {name: 'B'}) CREATE (a)-[:ACCUSES {date: date('2020-11-30')}]->(a);
MATCH ()-[r:ACCUSES]->() WHERE r.date = date('2020-11-05') DELETE r;
MATCH (a)-[r:ACCUSES]->(b) WHERE r.date >= date('2020-11-01') RETURN a.name, b.name, r.date ORDER BY r.date;
DROP INDEX accuses_date;
SHOW INDEXES YIELD name, entityType RETURN collect(name) AS names;
