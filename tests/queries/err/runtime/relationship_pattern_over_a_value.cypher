// A relationship variable bound to a value that is not a relationship is an error, not a match of nothing.
UNWIND [1, 2] AS r MATCH ()-[r]->() RETURN r;
