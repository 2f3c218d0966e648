// trim's SQL form trims strings only.
RETURN trim(LEADING '0' FROM 1200) AS n;
