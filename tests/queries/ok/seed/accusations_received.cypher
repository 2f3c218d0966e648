// Actors by number of accusations received.
MATCH (a:Actor)<-[r:ACCUSES]-()
RETURN a.name AS actor, count(r) AS accusations, count(DISTINCT startNode(r)) AS accusers
ORDER BY accusations DESC, actor;
