// The seed graph's dated relationship holds a Date.
MATCH (a)-[r:ACCUSES]->(b) WHERE r.date IS NOT NULL
RETURN a.name, b.name, r.date, r.date.month AS month, r.date >= date('2020-01-01') AS in_2020;
