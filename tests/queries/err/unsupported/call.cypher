CALL db.labels();
