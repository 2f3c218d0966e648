// An algorithm's setting it does not take, with the nearest it does.
CALL algo.pageRank({dampingfactor: 0.9}) YIELD node, score RETURN node;
