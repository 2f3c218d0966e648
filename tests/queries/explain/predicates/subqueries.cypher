// EXISTS { } and COUNT { } run as branches over each row; the subquery's own variables keep
// their names, even where a later variable of the query takes the same row slot.
EXPLAIN MATCH (a:Actor) WHERE EXISTS { (a)-[:ACCUSES]->(x) WHERE x.name = 'Russia' } MATCH (a)-[:DENIES]->(y) RETURN y.name;
EXPLAIN MATCH (a:Actor) RETURN a.name, COUNT { MATCH (a)<-[r]-(b:Actor) WHERE type(r) = 'ACCUSES' } AS accused;
