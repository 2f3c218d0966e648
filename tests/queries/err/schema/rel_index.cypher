// graph: empty
CREATE INDEX on_date FOR ()-[r:ACCUSES]-() ON (r.date);
CREATE INDEX FOR ()-[e:ACCUSES]->() ON (e.date);
