// Expansions walk from the bound node, outgoing, incoming or both ways.
EXPLAIN MATCH (:Actor {name: 'Russia'})-[p:PROPOSES]->(b) RETURN b.name, p.topic;
EXPLAIN MATCH (a:Actor {name: 'Russia'})<-[r:ACCUSES]-(b) RETURN b.name, r.via;
EXPLAIN MATCH (a:Actor {name: 'Russia'})-[:LEADS]-(p)-[:MEMBER_OF|PART_OF]->(o) RETURN p.name, o.name;
