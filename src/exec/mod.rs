//! Execution: runs a plan against the graph and yields rows. Never prints.
