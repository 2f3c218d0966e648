// graph: empty
CREATE CONSTRAINT dated FOR ()-[r:ACCUSES]-() REQUIRE r.date IS NOT NULL;
CREATE (:Actor)-[:ACCUSES]->(:Actor);
