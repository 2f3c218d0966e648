// A column the procedure does not have, with those it has.
CALL db.labels() YIELD name;
