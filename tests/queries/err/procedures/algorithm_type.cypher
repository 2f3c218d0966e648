// A relationship type the graph does not have, with the nearest it has.
CALL algo.wcc({relationshipTypes: ['ACUSES']}) YIELD node, componentId RETURN count(*);
