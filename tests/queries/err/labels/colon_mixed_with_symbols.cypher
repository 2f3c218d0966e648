MATCH (n:Actor:Country&!Person) RETURN n.name;
