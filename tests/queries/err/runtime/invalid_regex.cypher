RETURN 'abc' =~ '(' AS boom;
