// An algorithm takes one map of settings.
CALL algo.louvain({}, {resolution: 2}) YIELD node, communityId RETURN node;
