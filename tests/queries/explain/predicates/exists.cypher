// Pattern predicates run their sub-plan as a branch of the operator that evaluates them.
EXPLAIN MATCH (a:Actor) WHERE NOT (a)-[:ACCUSES]->() RETURN a.name;
EXPLAIN MATCH (a:Actor)-[:ACCUSES]->(b) WHERE exists((b)-[:DENIES]->(a)) RETURN a.name, b.name;
EXPLAIN MATCH (a:Country) RETURN a.name, exists((a)<-[:LEADS]-(:Person)) AS led;
