RETURN vector.similarity.euclidean([1.0, 2.0], [1.0, 2.0, 3.0]) AS d;
