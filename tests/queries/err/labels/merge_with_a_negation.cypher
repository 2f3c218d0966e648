MERGE (n:Actor&!Person {name: 'x'}) RETURN n;
