// EXISTS { } and COUNT { } over a pattern, with MATCH or without, with WHERE or without: the
// variables bound outside are those of the row; the subquery may bind its own.
MATCH (a:Actor) WHERE EXISTS { MATCH (a)-[:ACCUSES]->(b:Actor) WHERE b.name = 'Russia' } RETURN a.name ORDER BY a.name;
MATCH (a:Actor) WHERE NOT EXISTS { (a)-[:ACCUSES]->() } RETURN count(*) AS never_accusing;
MATCH (a:Actor) RETURN a.name, COUNT { (a)-[:ACCUSES]->() } AS accusations, COUNT { MATCH (a)<-[r]-(x) WHERE type(r) = 'DENIES' } AS denials ORDER BY accusations DESC, a.name LIMIT 4;
MATCH (a:Actor {name: 'Russia'})<-[:ACCUSES]-(b) WITH b WHERE COUNT { (b)-[:ACCUSES]->(c) WHERE c <> b } >= 2 RETURN b.name;
MATCH (a:Actor {name: 'United States'}) RETURN EXISTS { (a)-[:ACCUSES]->(:Actor {name: 'Russia'}) } AS accuses_russia, COUNT { (a)--() } AS degree;
UNWIND ['Russia', 'Nobody'] AS n RETURN n, COUNT { MATCH (x:Actor {name: n})<-[:ACCUSES]-() } AS accused;
