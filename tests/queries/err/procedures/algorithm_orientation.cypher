// An orientation that is none of the three.
CALL algo.degree({orientation: 'OUT'}) YIELD node, score RETURN node;
