// Graph algorithms over the seed graph, each on the part of it a call chooses.
// PageRank of who accuses whom.
CALL algo.pageRank({relationshipTypes: ['ACCUSES']}) YIELD node, score
RETURN node.name AS actor, round(score, 4) AS score ORDER BY score DESC, actor LIMIT 5;
// The most accused: incoming ACCUSES.
CALL algo.degree({relationshipTypes: ['ACCUSES'], orientation: 'REVERSE'}) YIELD node, score
WHERE score > 0 RETURN node.name AS actor, score ORDER BY score DESC, actor;
// Everyone is connected; over denials alone the graph falls apart.
CALL algo.wcc() YIELD node, componentId RETURN count(DISTINCT componentId) AS components;
CALL algo.wcc({relationshipTypes: ['DENIES']}) YIELD node, componentId
WITH componentId, collect(node.name) AS actors WHERE size(actors) > 1
RETURN actors ORDER BY size(actors) DESC, actors[0];
// A component is named by its lowest node id.
CALL algo.scc() YIELD node, componentId
WITH componentId, min(id(node)) AS lowest, count(*) AS size
RETURN count(*) AS components, sum(size) AS nodes, all(x IN collect(lowest = componentId) WHERE x) AS named_by_lowest;
CALL algo.scc() YIELD node, componentId
WITH componentId, collect(node.name) AS actors WHERE size(actors) > 1
RETURN actors;
// Who stands between the others.
CALL algo.betweenness() YIELD node, score WHERE score > 0
RETURN node.name AS actor, score ORDER BY score DESC, actor;
CALL algo.betweenness({orientation: 'UNDIRECTED'}) YIELD node, score WHERE score > 0
RETURN node.name AS actor, score ORDER BY score DESC, actor LIMIT 3;
CALL algo.triangleCount() YIELD node, triangleCount WHERE triangleCount > 0
RETURN node.name AS actor, triangleCount ORDER BY triangleCount DESC, actor;
CALL algo.louvain() YIELD node, communityId
WITH communityId, collect(node.name) AS actors
RETURN communityId, actors ORDER BY communityId;
CALL algo.leiden() YIELD node, communityId
WITH communityId, collect(node.name) AS actors
RETURN communityId, actors ORDER BY communityId;
// A predicate chooses the relationships: those with a date, as a list.
MATCH ()-[r]->() WHERE r.date IS NOT NULL WITH collect(r) AS dated
CALL algo.degree({relationships: dated, orientation: 'UNDIRECTED'}) YIELD node, score
WHERE score > 0 RETURN node.name AS actor, score ORDER BY score DESC, actor LIMIT 3;
// A list of nodes, and labels: only countries, and what joins them.
MATCH (c:Country) WITH collect(c) AS countries
CALL algo.degree({nodes: countries, orientation: 'UNDIRECTED'}) YIELD node, score
RETURN node.name AS country, score ORDER BY country;
CALL algo.pageRank({nodeLabels: ['Person', 'Group'], maxIterations: 5}) YIELD node, score
RETURN count(*) AS nodes, round(sum(score), 6) AS total;
// Nothing chosen: no rows.
CALL algo.pageRank({nodes: []}) YIELD node, score RETURN count(*) AS rows;
// On its own, a call returns its columns.
CALL algo.triangleCount({relationshipTypes: ['PROPOSES']});
CALL dbms.procedures() YIELD name, signature WHERE name STARTS WITH 'algo.' RETURN name, signature;
