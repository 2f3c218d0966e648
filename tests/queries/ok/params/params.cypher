// param: who => 'Germany'
// param: names => ['FBI', 'Germany']
// param: props => {name: 'FBI'}
MATCH (a:Actor {name: $who}) RETURN a.name AS who;
MATCH (a:Actor) WHERE a.name IN $names RETURN a.name AS named ORDER BY named;
MATCH (a:Actor $props) RETURN a.kind AS kind;
RETURN $names[0] AS first, size($names) AS n;
