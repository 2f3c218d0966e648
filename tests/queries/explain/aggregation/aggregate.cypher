// Aggregation groups by the other items; relationship counts come from the type index.
EXPLAIN MATCH (a:Actor)<-[r:ACCUSES]-(b) RETURN a.name AS actor, count(*) AS accusations, collect(DISTINCT b.name) AS accusers;
EXPLAIN MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n;
EXPLAIN MATCH ()-[r:ACCUSES]->() RETURN count(r) AS accusations;
EXPLAIN MATCH (n) RETURN count(n) AS nodes, avg(size(n.aliases)) AS aliases;
