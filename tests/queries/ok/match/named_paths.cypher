// graph: empty
CREATE (:N {name: 'a'})-[:R {w: 1}]->(:N {name: 'b'})<-[:S {w: 2}]-(:N {name: 'c'});
MATCH p = (a {name: 'a'})-[:R]->(b)<-[:S]-(c) RETURN p;
MATCH p = (c {name: 'c'})-->(b)<--(a) RETURN length(p) AS len, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | r.w] AS ws;
MATCH p = (n {name: 'a'}) RETURN p, length(p) AS len;
