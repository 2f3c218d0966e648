// A setting out of its range.
CALL algo.pageRank({dampingFactor: 1.5}) YIELD node, score RETURN node;
