// graph: empty
// Constraints: uniqueness, existence, node key and property type, each checked on the data
// there is when created and on every change after; a failed statement changes nothing.
CREATE (:Actor {code: 'RUS', year: 2020}), (:Actor {code: 'USA'});
CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE;
CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (c:Country) REQUIRE c.iso IS NODE KEY;
CREATE CONSTRAINT FOR ()-[r:ACCUSES]->() REQUIRE r.date IS NOT NULL;
CREATE CONSTRAINT year_type FOR (a:Actor) REQUIRE a.year IS :: INTEGER | LIST<INTEGER NOT NULL>;
CREATE CONSTRAINT actor_code IF NOT EXISTS FOR (a:Actor) REQUIRE a.code IS UNIQUE;
SHOW CONSTRAINTS;
SHOW NODE KEY CONSTRAINTS YIELD name, type, ownedIndex;
SHOW PROPERTY TYPE CONSTRAINTS YIELD name, propertyType, createStatement;
SHOW INDEXES YIELD name, owningConstraint;
// Changes that keep them.
CREATE (:Actor {code: 'CHN', year: [2019, 2020]});
MATCH (a:Actor {code: 'RUS'}), (b:Actor {code: 'USA'})
CREATE (a)-[:ACCUSES {date: date('2020-11-01')}]->(b);
MERGE (a:Actor {code: 'RUS'}) RETURN a.year;
MATCH (a:Actor {code: 'USA'}) SET a.code = 'US';
// Batches that break one are rolled back alone.
UNWIND ['FRA', 'RUS', 'GBR'] AS code
CALL (code) { CREATE (:Actor {code: code}) } IN TRANSACTIONS OF 1 ROW
ON ERROR CONTINUE REPORT STATUS AS s
RETURN code, s.committed, s.errorMessage;
MATCH (a:Actor) RETURN a.code ORDER BY a.code;
DROP CONSTRAINT actor_code;
CREATE (:Actor {code: 'RUS'});
SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names;
SHOW INDEXES YIELD name RETURN collect(name) AS names;
// createStatement, as Neo4j 5 prints it: every name in backticks, `r` for a relationship.
CREATE CONSTRAINT `said by` FOR ()-[r:ACCUSES]-() REQUIRE r.said IS :: STRING;
SHOW CONSTRAINTS YIELD name, createStatement WHERE name = 'said by' RETURN createStatement;
