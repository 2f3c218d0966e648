// graph: empty
// A relationship is matched at most once per pattern.
CREATE (a:N {name: 'a'})-[:R]->(b:N {name: 'b'});
MATCH (x)-[r1]-(y)-[r2]-(z) RETURN count(*) AS walks_of_two;
MATCH (x)-[r1]-(y), (y)-[r2]-(z) RETURN count(*) AS in_one_match;
MATCH (x)-[r1]-(y) MATCH (y)-[r2]-(z) RETURN count(*) AS in_two_matches;
