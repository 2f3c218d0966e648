// graph: empty
CREATE TEXT INDEX FOR ()-[r:ACCUSES]-() ON (r.source);
