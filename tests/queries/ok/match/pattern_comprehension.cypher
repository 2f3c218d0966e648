// Pattern comprehensions: the list of an expression's value at each match of a pattern from
// the row's variables, with WHERE or without, a path variable, new variables of their own,
// nested in one another and in list comprehensions.
MATCH (a:Actor {name: 'Russia'}) RETURN [(a)<-[:ACCUSES]-(b) | b.name] AS accusers;
MATCH (a:Actor {name: 'Russia'}) RETURN [(a)<-[r]-(b) WHERE type(r) = 'DENIES' OR b.name STARTS WITH 'U' | type(r) + ' by ' + b.name] AS some;
MATCH (a:Actor {name: 'FBI'}) RETURN [p = (a)-[:ACCUSES]->()-[:DENIES]->(c) WHERE c <> a | [n IN nodes(p) | n.name]] AS two_hops;
MATCH (a:Actor) RETURN a.name, size([(a)-[:ACCUSES]->() | 1]) AS accusations ORDER BY accusations DESC, a.name LIMIT 3;
MATCH (a:Actor {name: 'FBI'}) RETURN [(a)-[:ACCUSES]->(b) | [(b)-[:DENIES]->(c) | c.name]] AS nested;
MATCH (a:Actor {name: 'Russia'}) RETURN [x IN [1, 2] | [(a)<-[:ACCUSES]-(b:Country) | x * 10]] AS per_x;
UNWIND ['Russia', 'Nobody'] AS n RETURN n, [(x:Actor {name: n})<-[:ACCUSES]-(y) | y.name][0] AS first;
MATCH (a:Actor {name: 'Germany'}) RETURN [(a)-[:ACCUSES]->(b:Actor {name: 'Nobody'}) | b] AS none;
