//! Output: renders results as a table, JSON Lines or CSV, and values in Cypher notation.
