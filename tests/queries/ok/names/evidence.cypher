// evidence(): one map per relationship, the same keys whatever the data; a list for a path.
MATCH (:Actor {name: 'United States'})-[r:ACCUSES]->(:Actor {name: 'Russia'}) RETURN evidence(r) AS e ORDER BY e.what;
MATCH p = (:Actor {name: 'Angela Merkel'})-[:LEADS]->(:Actor)-[:ACCUSES]->(:Actor {name: 'Russia'}) RETURN [e IN evidence(p) | [e.said_by, e.type, e.target, e.via, e.date, e.year]] AS chain;
RETURN evidence(null) AS nothing;
