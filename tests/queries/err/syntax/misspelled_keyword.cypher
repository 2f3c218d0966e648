MATCH (n:Actor) RETRUN n;
