// graph: empty
CREATE (a:N {name: 'a'})-[:R]->(b:N {name: 'b'})-[:R]->(c:N {name: 'c'})-[:R]->(d:N {name: 'd'});
MATCH (x:N {name: 'a'})-[*]->(y) RETURN y.name AS reach ORDER BY reach;
MATCH (x:N {name: 'a'})-[*2]->(y) RETURN y.name AS two;
MATCH (x:N {name: 'a'})-[*1..2]->(y) RETURN y.name AS one_or_two ORDER BY one_or_two;
MATCH (x:N {name: 'a'})-[*..5]->(y) RETURN count(y) AS up_to_five;
MATCH (x:N {name: 'a'})-[*0..1]->(y) RETURN y.name AS zero_or_one ORDER BY zero_or_one;
MATCH (x:N {name: 'd'})<-[rs:R*2..]-(y) RETURN y.name AS y, size(rs) AS len ORDER BY len;
MATCH p = (x:N {name: 'a'})-[*3]->(y) RETURN [n IN nodes(p) | n.name] AS names, length(p) AS len;
MATCH (x:N {name: 'b'})-[*1..3]-(y) RETURN y.name AS any_direction ORDER BY any_direction;
// A minimum above the maximum matches nothing (openCypher), in any direction and for shortest paths.
MATCH (x:N {name: 'a'})-[*2..1]->(y) RETURN count(*) AS none;
MATCH (x:N {name: 'b'})-[rs:R*3..2]-(y) RETURN count(rs) AS none_either_way;
MATCH p = shortestPath((x:N {name: 'a'})-[*1..0]->(y:N {name: 'b'})) RETURN count(p) AS no_path;
