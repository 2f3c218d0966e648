// graph: empty
// Indexes as Neo4j 5 declares them: named or not, IF NOT EXISTS, listed by SHOW INDEXES
// (default columns, YIELD, WHERE, RETURN), dropped by name.
CREATE (:Actor {code: 'RUS', name: 'Russia'}), (:Actor {code: 'USA', name: 'United States'});
CREATE INDEX actor_name FOR (a:Actor) ON (a.name);
CREATE RANGE INDEX FOR (e:Event) ON (e.date) OPTIONS {indexProvider: 'range-1.0'};
CREATE INDEX actor_name IF NOT EXISTS FOR (a:Actor) ON (a.code);
CREATE INDEX another IF NOT EXISTS FOR (a:Actor) ON (a.name);
CREATE INDEX `actor code` IF NOT EXISTS FOR (a:Actor) ON (a.code);
SHOW INDEXES;
SHOW RANGE INDEXES YIELD name, labelsOrTypes, properties ORDER BY name DESC LIMIT 2;
SHOW INDEXES YIELD * WHERE name STARTS WITH 'actor' RETURN name, createStatement, options;
SHOW INDEX WHERE 'Event' IN labelsOrTypes;
SHOW TEXT INDEXES;
MATCH (a:Actor) WHERE a.name = 'Russia' RETURN a.code;
DROP INDEX actor_name;
DROP INDEX actor_name IF EXISTS;
SHOW INDEXES YIELD name RETURN collect(name) AS names;
