// The shape of the seed graph.
MATCH (n) RETURN labels(n) AS labels, count(*) AS n ORDER BY n DESC, labels;
MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY n DESC, type;
MATCH (a:Actor) WHERE 'Kremlin' IN a.aliases RETURN a.name AS kremlin_is;
