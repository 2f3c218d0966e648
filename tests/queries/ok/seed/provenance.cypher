// Every relationship carries its sentence and source.
MATCH ()-[r]->()
RETURN count(*) AS rels, count(r.quote) AS quoted, count(DISTINCT r.source) AS sources;
MATCH (:Actor {name: 'FBI'})-[r:ACCUSES]->(russia)
RETURN r.quote AS sentence;
