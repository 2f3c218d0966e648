// index: Actor.kind,name
// index: Person.title
// rel index: ACCUSES.year
// db.schema.visualization() over indexes and constraints: a label's indexes that no
// constraint owns, each as its properties joined by commas; its constraints as Neo4j describes
// them (with the index a uniqueness or key constraint owns). Relationship indexes and
// constraints are on no label.
CREATE CONSTRAINT actor_name FOR (n:Actor) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT person_key FOR (n:Person) REQUIRE (n.name, n.kind) IS NODE KEY;
CREATE CONSTRAINT country_kind FOR (n:Country) REQUIRE n.kind IS NOT NULL;
CREATE CONSTRAINT group_name FOR (n:Group) REQUIRE n.name IS :: STRING;
CREATE CONSTRAINT org_aliases FOR (n:Organization) REQUIRE n.aliases IS :: LIST<STRING NOT NULL> | STRING;
CREATE CONSTRAINT accuses_quote FOR ()-[r:ACCUSES]-() REQUIRE r.quote IS NOT NULL;
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n RETURN n.name, n.indexes, n.constraints;
SHOW CONSTRAINTS YIELD id, name, ownedIndex;
SHOW INDEXES YIELD id, name, labelsOrTypes, properties;
