// graph: empty
CREATE INDEX FOR (a:Actor) ON (a.name) OPTIONS {indexConfig: {`spatial.cartesian.min`: [0, 0]}};
