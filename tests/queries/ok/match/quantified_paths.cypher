// Quantified relationships and quantified path patterns, each beside the same question asked
// with a variable-length relationship and a list predicate: the counts agree.
MATCH (a:Country)-[r:ACCUSES]->{1,2}(b) RETURN a.name, size(r) AS hops, b.name ORDER BY a.name, hops, b.name;
MATCH (a:Country)-[:ACCUSES]->+(b) WITH count(*) AS plus RETURN plus, COUNT { MATCH (a2:Country)-[:ACCUSES*1..]->(b2) } AS star_form;
MATCH (a:Country)-[:ACCUSES]->*(b) RETURN count(*) AS zero_or_more;
MATCH (a {name: 'Russia'})-[:DENIES]->{,1}(b) RETURN count(*) AS at_most_one;
MATCH (x:Country) ((a)-[r:ACCUSES|DENIES]->(b) WHERE b.kind = 'country'){1,3} (y) WITH count(*) AS qpp RETURN qpp, COUNT { MATCH (x2:Country)-[r2:ACCUSES|DENIES*1..3]->(y2) WHERE all(rel IN r2 WHERE endNode(rel).kind = 'country') } AS list_form;
MATCH p = (x) ((a:Country)-[r]-(b)){2} (y) WITH count(*) AS qpp RETURN qpp, COUNT { MATCH p2 = (x2)-[r2*2]-(y2) WHERE all(n IN nodes(p2)[0..-1] WHERE n:Country) } AS list_form;
MATCH (y) ((a)-[r]-(b) WHERE a.kind = 'country'){1,3} (x {name: 'Russia'}) WITH count(*) AS qpp RETURN qpp, COUNT { MATCH p2 = (y2)-[r2*1..3]-(x2 {name: 'Russia'}) WHERE all(n IN nodes(p2)[0..-1] WHERE n.kind = 'country') } AS list_form;
MATCH (x {name: 'FBI'}) ((a)-[r:ACCUSES|DENIES]-(b {kind: 'country'})){1,2} (y) RETURN [n IN a | n.name] AS froms, [n IN b | n.name] AS tos, [q IN r | type(q)] AS types ORDER BY froms, tos, types;
MATCH (x:Country {name: 'Germany'}) ((a)-[r]-(b)){0} (y) RETURN x.name, y.name, size(r) AS none, a, b;
MATCH p = ((a)-[:ACCUSES]->(b)){2} RETURN [n IN nodes(p) | n.name] AS chain ORDER BY chain;
MATCH p = SHORTEST 1 (a {name: 'FBI'})-[:ACCUSES|DENIES]-+(b {name: 'Germany'}) RETURN [n IN nodes(p) | n.name] AS path;
MATCH p = ALL SHORTEST (a {name: 'FBI'})-[:ACCUSES|DENIES]-+(b {name: 'Germany'}) RETURN count(p) AS shortest, min(length(p)) AS len;
MATCH p = ANY (a {name: 'FBI'}) ((x)-[]-(y) WHERE y.kind = 'country')+ (b {name: 'Germany'}) RETURN length(p) AS len;
MATCH p = SHORTEST 1 GROUPS (a {name: 'FBI'})-[]-+(b {name: 'Germany'}) RETURN count(p) AS in_group;
MATCH TRAIL (a {name: 'Germany'})-[:ACCUSES]->+(b) RETURN b.name;
