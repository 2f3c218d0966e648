// A weight property no relationship carries, with the nearest that some do.
CALL algo.pageRank({relationshipWeightProperty: 'qoute'}) YIELD node, score RETURN node;
