// IN over a labelled node's property or an indexed relationship property: sought value by
// value, the same rows as a scan (each node once, in id order, whatever the list repeats).
// param: names => ['Russia', 'FBI', 'Russia', null]
// rel index: ACCUSES.year
MATCH (a:Actor) WHERE a.name IN ['Russia', 'United States', 'Russia'] RETURN a.name;
MATCH (a:Actor)-[:ACCUSES]->(b) WHERE a.name IN $names RETURN a.name, b.name;
MATCH (a:Actor) WHERE a.name IN null RETURN count(*) AS n;
MATCH (a:Actor) WHERE a.name IN [] RETURN count(*) AS n;
MATCH (a)-[r:ACCUSES]->(b) WHERE r.year IN [2020, 2016.0] RETURN a.name, r.year, b.name;
UNWIND [['Russia'], ['Iran', 'FBI']] AS xs MATCH (a:Actor) WHERE a.name IN xs RETURN xs, a.name;
