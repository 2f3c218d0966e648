// GQL's IS form of a label or type expression: the same answers as the colon form.
MATCH (a IS Actor)-[r IS ACCUSES]->(b IS Actor {name: 'Russia'}) RETURN a.name AS accuser ORDER BY accuser;
MATCH (a:Actor)-[r:ACCUSES]->(b:Actor {name: 'Russia'}) RETURN a.name AS accuser ORDER BY accuser;
MATCH (n) WHERE n IS Person RETURN count(n) AS people;
MATCH (n) WHERE n:Person RETURN count(n) AS people;
MATCH (n) RETURN n IS Person|Organization AS either, count(*) AS nodes ORDER BY either;
MATCH ()-[r IS ACCUSES|DENIES]->() RETURN type(r) AS type, count(*) AS n ORDER BY type;
// IS NULL, IS :: TYPE and IS NORMALIZED keep their meaning.
MATCH (n IS Actor {name: 'Russia'}) RETURN n.missing IS NULL AS missing, n.name IS :: STRING AS text, n.name IS NORMALIZED AS normalized;
