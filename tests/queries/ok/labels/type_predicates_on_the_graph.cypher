// Type predicates over the graph's values: nodes, relationships, paths, properties (a missing
// property is null, of every nullable type).
MATCH p = (a:Actor {name: 'FBI'})-[r:ACCUSES]->(b)
RETURN a :: NODE AS node, r :: RELATIONSHIP AS rel, p :: PATH AS path, a :: MAP AS node_is_map,
       r :: ANY EDGE AS edge, a :: VERTEX AS vertex, [a, b] :: LIST<NODE> AS nodes, a :: PROPERTY VALUE AS prop;
MATCH ()-[r:ACCUSES]->() RETURN id(r) AS id, r.year IS :: INTEGER NOT NULL AS has_year, r.date IS :: DATE AS date_or_missing,
       r.date IS :: DATE NOT NULL AS has_date ORDER BY id;
MATCH (a:Actor) WHERE a.title IS :: STRING NOT NULL RETURN a.name ORDER BY a.name;
MATCH (a:Actor) WHERE a.aliases IS :: LIST<STRING NOT NULL> NOT NULL AND size(a.aliases) = 0 RETURN count(*) AS without_aliases;
MATCH (a:Actor) RETURN a.kind IS NOT :: STRING AS not_string, count(*) AS n;
