// Label expressions as predicates in WHERE and RETURN, on nodes and on relationships (whose
// one type they test); on null they are null.
MATCH (a) WHERE a:Country|Organization RETURN a.name ORDER BY a.name;
MATCH (a) WHERE a:Actor&!Person AND NOT a:Country RETURN a.name ORDER BY a.name;
MATCH (a:Actor) RETURN a.name, a:Person|Group AS person_or_group, a:% AS labelled, a:!% AS unlabelled
ORDER BY a.name LIMIT 5;
MATCH (a)-[r]->(b) WHERE r:ACCUSES|DENIES RETURN type(r) AS t, count(*) AS n ORDER BY t;
MATCH (a)-[r]->(b) WHERE r:!ACCUSES&!DENIES RETURN type(r) AS t, count(*) AS n ORDER BY t;
MATCH (a)-[r:LEADS]->(b) RETURN r:LEADS AS leads, r:% AS typed, r:LEADS&DENIES AS two_types LIMIT 1;
OPTIONAL MATCH (x:Nobody) RETURN x:Actor|Person AS on_null;
// In a list comprehension's WHERE a `|` starts the mapping: a disjunction goes in parentheses.
MATCH (a:Actor) WITH collect(a) AS actors
RETURN [x IN actors WHERE x:Person | x.name] AS persons,
       size([x IN actors WHERE x:(Person|Group) | x.name]) AS persons_or_groups;
