// The catalogue procedures take no arguments.
CALL db.labels('Actor');
