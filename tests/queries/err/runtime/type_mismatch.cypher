RETURN 'a' - 1 AS boom;
