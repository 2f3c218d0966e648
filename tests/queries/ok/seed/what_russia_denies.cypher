// What does Russia deny, and to whom?
MATCH (:Actor {name: 'Russia'})-[d:DENIES]->(accuser:Actor)
RETURN accuser.name AS to_whom, d.allegation AS denies
ORDER BY to_whom;
