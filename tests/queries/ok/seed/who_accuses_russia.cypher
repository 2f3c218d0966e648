// Who accuses Russia, of what, via whom, according to which sentence?
MATCH (a:Actor)-[r:ACCUSES]->(:Actor {name: 'Russia'})
RETURN a.name AS accuser, r.allegation AS allegation, r.via AS via
ORDER BY accuser, allegation;
