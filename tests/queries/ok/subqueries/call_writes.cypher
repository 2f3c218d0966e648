// graph: empty
// A CALL { } that writes runs its updates row by row, seeing the changes of the rows before.
UNWIND [1, 2, 3] AS i CALL (i) { CREATE (n:Step {i: i}) RETURN n } RETURN i, n.i AS made;
UNWIND [1, 2, 3] AS x CALL (x) { MATCH (s:Step) WITH x, count(s) AS seen CREATE (:Step {i: 10 + x}) RETURN seen } RETURN x, seen;
UNWIND ['a', 'b'] AS k CALL (k) { MERGE (:Key {k: k}) } RETURN count(*) AS rows;
MATCH (k:Key) RETURN k.k ORDER BY k.k;
MATCH (s:Step) CALL (s) { DETACH DELETE s } RETURN count(*) AS deleted;
MATCH (s:Step) RETURN count(s) AS left;
