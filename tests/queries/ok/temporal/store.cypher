// graph: empty
// Temporal values as properties: created, set, matched by equality (through the index) and by range.
CREATE (:Event {name: 'accusation', on: date('2019-01-21'), at: datetime('2019-01-21T09:00[Europe/Berlin]')}),
       (:Event {name: 'denial', on: date('2020-11-14'), took: duration('P1D'), days: [date('2020-11-14'), date('2020-11-15')]});
MATCH (e:Event {name: 'accusation'}) SET e.until = e.on + duration('P30D');
MATCH (e:Event {on: date('2020-11-14')}) RETURN e.name, e.on, e.took, e.days;
MATCH (e:Event) WHERE e.on >= date('2020-01-01') RETURN e.name;
MATCH (e:Event) RETURN e.name, e.on, e.at, e.until ORDER BY e.on DESC;
MATCH (e:Event) RETURN e.on.year AS year, count(*) AS n ORDER BY year;
