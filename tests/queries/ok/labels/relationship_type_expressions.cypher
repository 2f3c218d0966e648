// Relationship type expressions: a relationship has exactly one type, so `&` of two types
// matches nothing, `!A` every other type and `%` every type.
MATCH (a)-[r:!ACCUSES]->(b) RETURN type(r) AS t, count(*) AS n ORDER BY t;
MATCH (a)-[r:ACCUSES|!DENIES]->(b) RETURN type(r) AS t, count(*) AS n ORDER BY t;
MATCH (a)-[r:ACCUSES&DENIES]->(b) RETURN count(*) AS both_types;
MATCH (a)-[r:%]->(b) RETURN count(*) AS any_type;
MATCH (a)-[r:(ACCUSES|DENIES)&!DENIES]->(b) RETURN count(*) AS accuses;
// The old way of listing types keeps working.
MATCH (a)-[r:LEADS|:MEMBER_OF]->(b) RETURN a.name, type(r) ORDER BY a.name;
// Variable length, shortest paths and undirected.
MATCH (a:Person {name: 'Christopher Wray'})-[rs:!ACCUSES*1..3]->(b) RETURN b.name, size(rs) AS hops ORDER BY hops, b.name;
MATCH p = shortestPath((a:Actor {name: 'Vladimir Putin'})-[:!DENIES&!ACCUSES*..4]-(b:Actor {name: 'FBI'})) RETURN [n IN nodes(p) | n.name] AS path;
MATCH (a:Actor {name: 'FBI'})-[r:!PART_OF]-(b) RETURN type(r) AS t, b.name ORDER BY t, b.name;
