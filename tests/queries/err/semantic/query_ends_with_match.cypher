MATCH (a:Actor);
