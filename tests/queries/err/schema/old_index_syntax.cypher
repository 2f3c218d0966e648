// graph: empty
// Neo4j 4's form.
CREATE INDEX ON :Actor(name);
