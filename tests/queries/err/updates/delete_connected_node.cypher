// The failed statement leaves the graph as it was.
MATCH (a:Actor {name: 'Russia'}) DELETE a;
