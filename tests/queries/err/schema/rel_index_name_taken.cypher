// graph: empty
// Indexes and constraints share their names, on nodes and relationships alike.
CREATE CONSTRAINT dated FOR ()-[r:ACCUSES]-() REQUIRE r.date IS NOT NULL;
CREATE INDEX dated FOR ()-[r:ACCUSES]-() ON (r.date);
