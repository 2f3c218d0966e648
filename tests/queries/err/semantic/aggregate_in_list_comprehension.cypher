// An aggregate inside the per-element part of a list comprehension has no rows to aggregate over.
RETURN [x IN [1, 2] | count(x)] AS counts;
