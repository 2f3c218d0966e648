// Neo4j's graph data science names point to relq's algorithms.
CALL gds.pageRank.stream('accusations') YIELD nodeId, score RETURN nodeId;
