//! The database: text in, rows out. Ties the stages together.

use crate::diagnostic::Result;
use crate::graph::{Graph, Value};

/// The rows a statement returned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// A graph and the parameters statements see.
#[derive(Default)]
pub struct Database {
    pub graph: Graph,
}

impl Database {
    pub fn new() -> Database {
        Database::default()
    }
    pub fn with_seed() -> Database {
        Database::default()
    }
    pub fn query(&mut self, text: &str) -> Result<QueryResult> {
        let _ = text;
        Ok(QueryResult::default())
    }
}
