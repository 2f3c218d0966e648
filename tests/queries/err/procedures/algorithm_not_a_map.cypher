// Settings are a map.
CALL algo.scc(['DENIES']) YIELD node, componentId RETURN node;
