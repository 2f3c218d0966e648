// Neo4j's example: the two nearest neighbours of a query vector, in 32-bit floats as its
// vector indexes compute them.
UNWIND [{id: 1, vector: [1.0, 4.0, 2.0]}, {id: 2, vector: [3.0, -2.0, 1.0]}, {id: 3, vector: [2.0, 8.0, 3.0]}] AS node
WITH node, vector.similarity.euclidean([4.0, 5.0, 6.0], node.vector) AS score
RETURN node.id AS id, score ORDER BY score DESCENDING LIMIT 2;
UNWIND [{id: 1, vector: [1.0, 4.0, 2.0]}, {id: 2, vector: [3.0, -2.0, 1.0]}, {id: 3, vector: [2.0, 8.0, 3.0]}] AS node
WITH node, vector.similarity.cosine([4.0, 5.0, 6.0], node.vector) AS score
RETURN node.id AS id, score ORDER BY score DESCENDING LIMIT 2;
// Same direction, opposite, at right angles; integers are numbers too.
RETURN vector.similarity.cosine([1, 2], [2, 4]) AS same, vector.similarity.cosine([1, 0], [-3, 0]) AS opposite,
       vector.similarity.cosine([1, 0], [0, 5]) AS square, vector.similarity.euclidean([1, 1], [1, 1]) AS here;
// Null in, null out; a vector the measure cannot take gives null.
RETURN vector.similarity.cosine(null, [1.0]) AS a, vector.similarity.euclidean([1.0], null) AS b,
       vector.similarity.cosine([0, 0], [1, 1]) AS zero, vector.similarity.euclidean([1e300], [1.0]) AS huge;
