RETURN valueType(1, 2) AS t;
