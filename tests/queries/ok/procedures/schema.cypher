// The schema procedures on the seed graph: a row per label combination (or relationship type)
// and key, by name; inside a query they yield like any procedure.
CALL db.schema.nodeTypeProperties();
CALL db.schema.relTypeProperties();
CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName, mandatory WHERE NOT mandatory RETURN nodeLabels, propertyName;
CALL db.schema.relTypeProperties() YIELD relType, propertyTypes WHERE 'Long' IN propertyTypes RETURN relType, count(*) AS keys;
