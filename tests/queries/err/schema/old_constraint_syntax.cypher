// graph: empty
CREATE CONSTRAINT ON (a:Actor) ASSERT a.code IS UNIQUE;
