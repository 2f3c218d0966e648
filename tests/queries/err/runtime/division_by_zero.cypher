RETURN 1 / 0 AS boom;
