// graph: empty
CREATE INDEX FOR ()-[r:ACCUSES]-() ON (a.date);
