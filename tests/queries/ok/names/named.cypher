// named(): the name or any alias, under Unicode case folding; null in, null out.
MATCH (a:Actor) WHERE named(a, 'KREMLIN') OR named(a, 'britain') OR named(a, 'the u.s.') RETURN a.name AS actor ORDER BY actor;
MATCH (a:Actor {name: 'Russia'}) RETURN named(a, 'the russians') AS alias, named(a, 'Rusia') AS typo, named(a, null) AS nothing;
MATCH (a:Actor)<-[:ACCUSES]-(b) WHERE named(a, 'Kremlin') RETURN b.name AS accuser, count(*) AS n ORDER BY accuser;
CREATE (:Actor {name: 'Straße', aliases: ['ΣΊΣΥΦΟΣ']});
MATCH (a:Actor) WHERE named(a, 'STRASSE') AND named(a, 'σίσυφος') RETURN a.name;
