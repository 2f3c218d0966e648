// graph: empty
// Composite indexes and constraints (Neo4j 5): several properties of one label or type. An
// entity is in a composite index when it has every one of its properties; a uniqueness
// constraint is on the combination of values; a seek gives what a scan gives.
CREATE (:Actor {kind: 'country', name: 'Russia', year: 2020}),
       (:Actor {kind: 'country', name: 'Germany', year: 2020}),
       (:Actor {kind: 'person', name: 'Russia', year: 2021}),
       (:Actor {kind: 'country', name: 'Ukraine'}),
       (:Actor {kind: 'country', year: 2020}),
       (:Actor {kind: 'country', name: 'Russia', year: 2022});
CREATE INDEX kind_name FOR (a:Actor) ON (a.kind, a.name);
CREATE INDEX FOR (a:Actor) ON (a.name, a.kind);
CREATE INDEX kind_name IF NOT EXISTS FOR (a:Actor) ON (a.kind, a.name);
SHOW INDEXES YIELD name, labelsOrTypes, properties, createStatement;
MATCH (a:Actor) WHERE a.kind = 'country' AND a.name = 'Russia' RETURN a.year ORDER BY a.year;
MATCH (a:Actor {name: 'Russia', kind: 'person'}) RETURN a.year;
MATCH (a:Actor) WHERE a.kind = 'country' AND a.name >= 'R' RETURN a.name, a.year ORDER BY a.name, a.year;
MATCH (a:Actor) WHERE a.kind = 'country' AND a.name STARTS WITH 'R' RETURN a.name, a.year ORDER BY a.year;
MATCH (a:Actor) WHERE a.kind = 'country' AND a.name = null RETURN a.year;
MATCH (a:Actor) WHERE a.kind = 'country' AND a.name = ['Russia'] RETURN a.year;
// Changes reach it: set, removed, created, deleted, relabelled.
MATCH (a:Actor {name: 'Ukraine'}) SET a.name = 'Russia', a.year = 2023;
MATCH (a:Actor {year: 2022}) REMOVE a.kind;
CREATE (:Actor {kind: 'country', name: 'Russia', year: 2024});
MATCH (a:Actor {year: 2020, name: 'Russia'}) DETACH DELETE a;
MATCH (a:Actor {kind: 'person'}) SET a.kind = 'country';
MATCH (a:Actor) WHERE a.kind = 'country' AND a.name = 'Russia' RETURN a.year ORDER BY a.year;
MATCH (a:Actor {year: 2024}) REMOVE a:Actor;
MATCH (a:Actor) WHERE a.kind = 'country' AND a.name = 'Russia' RETURN a.year ORDER BY a.year;
DROP INDEX kind_name;
// Composite constraints, of nodes and relationships, with their indexes.
CREATE CONSTRAINT actor_key FOR (p:Person) REQUIRE (p.first, p.last) IS NODE KEY;
CREATE CONSTRAINT actor_unique FOR (p:Person) REQUIRE (p.last, p.first) IS UNIQUE;
CREATE CONSTRAINT accuses_unique FOR ()-[r:ACCUSES]-() REQUIRE (r.source, r.seq) IS UNIQUE;
CREATE CONSTRAINT accuses_id FOR ()-[r:ACCUSES]-() REQUIRE r.id IS REL KEY;
CREATE CONSTRAINT denies_id IF NOT EXISTS FOR ()-[r:DENIES]-() REQUIRE r.id IS RELATIONSHIP UNIQUE;
CREATE CONSTRAINT IF NOT EXISTS FOR ()-[r:DENIES]-() REQUIRE r.id IS UNIQUE;
SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties, ownedIndex, createStatement;
SHOW INDEXES YIELD name, entityType, properties, owningConstraint;
SHOW RELATIONSHIP KEY CONSTRAINTS YIELD name;
SHOW UNIQUE CONSTRAINTS YIELD name;
CREATE (a:Person {first: 'Vladimir', last: 'Putin'}), (b:Person {first: 'Sergei', last: 'Lavrov'}),
       (a)-[:ACCUSES {id: 1, source: 'wire', seq: 1}]->(b),
       (b)-[:ACCUSES {id: 2, source: 'wire', seq: 2}]->(a),
       (b)-[:ACCUSES {id: 3, source: 'web', seq: 1}]->(a),
       (a)-[:DENIES {id: 1}]->(b), (b)-[:DENIES]->(a), (b)-[:DENIES]->(a);
MATCH (a)-[r:ACCUSES]->(b) WHERE r.source = 'wire' AND r.seq = 2 RETURN a.first, b.first;
MATCH (a)-[r:ACCUSES {source: 'wire'}]-(b) WHERE r.seq >= 1 RETURN r.id, a.first ORDER BY r.id, a.first;
DROP CONSTRAINT accuses_unique;
SHOW INDEXES YIELD name RETURN collect(name) AS names;
