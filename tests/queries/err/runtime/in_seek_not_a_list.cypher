// An IN seek on a list that is not one: the filter above meets the type error a scan would.
MATCH (a:Actor) WHERE a.name IN 'Russia' RETURN a.name;
