// memory: 64M
// Each row holds a list of 100,000 numbers: the result outgrows the limit.
UNWIND range(1, 1000) AS i
RETURN i, range(1, 100000) AS l;
