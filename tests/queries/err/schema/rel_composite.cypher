// graph: empty
CREATE CONSTRAINT FOR ()-[r:ACCUSES]-() REQUIRE (r.date, r.source) IS :: DATE;
