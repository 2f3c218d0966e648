// Variable-length relationships: lengths and property maps in the details.
EXPLAIN MATCH (a:Actor {name: 'FBI'})-[*1..3]->(b) RETURN DISTINCT b.name;
EXPLAIN MATCH (a:Actor {name: 'Germany'})-[rs:ACCUSES*0..2 {source: 'article:us-russia-election-interference-2020'}]-(b) RETURN b.name, size(rs);
EXPLAIN MATCH (a:Actor {name: 'FBI'})-[:ACCUSES*]->(b:Actor {name: 'Russia'}) RETURN count(*);
