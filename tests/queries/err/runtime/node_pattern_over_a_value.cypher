// A node pattern over a variable that holds no node.
WITH 1 AS a MATCH (a) RETURN a;
