CREATE (n:Actor|Person {name: 'x'});
