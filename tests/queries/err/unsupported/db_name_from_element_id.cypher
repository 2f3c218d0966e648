MATCH (n) RETURN db.nameFromElementId(elementId(n)) AS db;
