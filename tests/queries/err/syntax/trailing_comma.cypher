MATCH (n:Actor)
WHERE n.name = 'Russia'
RETURN n.name,;
