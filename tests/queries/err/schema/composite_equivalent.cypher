// graph: empty
// Same label, same properties, same order: equivalent; another order is another index.
CREATE INDEX code_year FOR (a:Actor) ON (a.code, a.year);
CREATE INDEX year_code FOR (a:Actor) ON (a.year, a.code);
CREATE INDEX IF NOT EXISTS FOR (a:Actor) ON (a.code, a.year);
CREATE INDEX FOR (a:Actor) ON (a.code, a.year);
