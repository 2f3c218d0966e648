LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row;
