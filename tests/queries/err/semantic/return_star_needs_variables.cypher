// RETURN * with nothing in scope has no column to return.
RETURN *;
