// A list of nodes where relationships are wanted.
MATCH (n) WITH collect(n) AS ns CALL algo.pageRank({relationships: ns}) YIELD node, score RETURN node;
