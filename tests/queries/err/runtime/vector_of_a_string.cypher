RETURN vector.similarity.cosine([1.0, '2'], [1.0, 2.0]) AS d;
