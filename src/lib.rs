//! relq: a relationship knowledge graph of actors and what they do to each other, held in an
//! in-memory property graph and queried with a Cypher-compatible language.
//!
//! ```
//! let mut db = relq::Database::with_seed();
//! let result = db.query("MATCH (a:Actor)-[:ACCUSES]->(:Actor {name: 'Russia'}) RETURN a.name ORDER BY a.name").unwrap();
//! assert_eq!(result.columns, vec!["a.name"]);
//! assert!(!result.rows.is_empty());
//! ```

mod algo;
pub mod atomic;
mod cancel;
mod database;
pub mod diagnostic;
mod exec;
pub mod export;
pub mod graph;
pub mod import;
pub mod input;
mod ir;
pub mod load;
pub mod output;
mod plan;
pub mod repl;
pub mod serve;
pub mod snapshot;
pub mod spatial;
pub mod syntax;
pub mod temporal;

pub use database::{
    on_statement_thread, Database, FileAccess, LoadFormat, QueryResult, StatementOutcome, Stats,
    Warning, SEED,
};
pub use diagnostic::{Error, ErrorKind, Span};
pub use exec::budget::format_bytes;
pub use exec::morsel::set_morsel_size;
pub use exec::set_batch_execution;
pub use graph::{Graph, NodeId, RelId, Value};
pub use plan::explain::{PlanDescription, PlanOperator};
