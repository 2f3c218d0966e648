UNWIND [true, 1] AS x RETURN x AND true AS both;
