// Neo4j's shortestPath() takes one relationship pattern; a selector takes more.
MATCH p = shortestPath((a)-[*]->(b)-->(c)) RETURN p;
