// What Russia proposed, to whom, and in which sentence.
MATCH (russia:Actor {name: 'Russia'})-[p:PROPOSES]->(other)
RETURN other.name AS to_whom, p.topic AS proposal, p.via AS via, p.quote AS sentence
ORDER BY proposal;
