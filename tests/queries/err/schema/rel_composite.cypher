// graph: empty
CREATE INDEX FOR ()-[r:ACCUSES]-() ON (r.date, r.source);
