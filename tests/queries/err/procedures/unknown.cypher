// A procedure relq does not have, with the nearest name.
CALL db.lables();
