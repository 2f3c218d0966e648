// Each WHERE conjunct is a filter placed as soon as the variables it reads are bound.
EXPLAIN MATCH (a:Actor)-[r:ACCUSES]->(b:Actor) WHERE r.date >= '2020-01-01' AND a.name STARTS WITH 'U' AND b.kind IN ['country', 'organization'] RETURN a.name, b.name;
EXPLAIN MATCH (a:Actor) WHERE a.title IS NULL OR a.name =~ 'G.*' RETURN a.name;
