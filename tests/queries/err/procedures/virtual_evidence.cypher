// A virtual relationship has no evidence.
CALL db.schema.visualization() YIELD relationships RETURN evidence(relationships[0]);
