// A property map inside a selector's pattern reading another of its elements: it would be
// tested before that element is known.
MATCH p = SHORTEST 1 (x)-[r]->(m)-[s {since: r.since}]->+(y) RETURN p;
