//! Execution: runs a plan against the graph and yields rows. Never prints.

pub mod aggregate;
pub mod functions;
pub mod ops;
