// The catalogue procedures, on their own (every column, or those yielded, filtered) and
// inside a query (YIELD binds variables for the clauses after it).
CALL db.labels();
CALL db.relationshipTypes() YIELD relationshipType AS type WHERE type STARTS WITH 'D';
CALL db.propertyKeys() YIELD *;
MATCH (a:Actor {name: 'Russia'}) CALL db.labels() YIELD label WHERE a:Country AND label <> 'Actor' RETURN a.name, collect(label) AS labels;
CALL db.relationshipTypes() YIELD relationshipType MATCH ()-[r]->() WHERE type(r) = relationshipType RETURN relationshipType, count(r) AS n ORDER BY n DESC, relationshipType;
CALL dbms.procedures() YIELD name, signature;
CALL dbms.functions() YIELD name, aggregating WHERE aggregating RETURN collect(name) AS aggregates;
call DB.LABELS() yield label return count(*) AS labels;
