//! Execution: runs a plan against the graph and yields rows. Reads the store only through the
//! `Graph` API; never prints, never parses.

pub mod aggregate;
pub mod functions;
pub mod ops;

mod eval;
mod pipeline;
pub mod update;

pub use eval::eval;
pub use pipeline::run;
pub use update::apply;

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::graph::{Graph, Value};
use std::sync::atomic::{AtomicBool, Ordering};

/// A row: values by slot.
pub type Row = Vec<Value>;

/// What every operator can see: the graph and the flag that interrupts a running statement.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub graph: &'a Graph,
    pub interrupt: Option<&'a AtomicBool>,
}

impl Ctx<'_> {
    /// An error when the user asked to stop the statement.
    pub fn check_interrupt(&self) -> Result<()> {
        match self.interrupt {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::new(
                ErrorKind::Interrupted,
                "the statement was interrupted",
            )),
            _ => Ok(()),
        }
    }
}

/// Set a slot, growing the row as needed.
/// A copy of a row with room for the slots about to be set, so that `set` does not grow it
/// again (a row is copied for every match: growing it slot by slot costs more than the match).
pub(crate) fn widened(row: &[Value], slots: &[usize]) -> Row {
    let width = slots
        .iter()
        .map(|s| s + 1)
        .max()
        .unwrap_or(0)
        .max(row.len());
    let mut r = Vec::with_capacity(width);
    r.extend_from_slice(row);
    r
}

pub(crate) fn set(row: &mut Row, slot: usize, value: Value) {
    if row.len() <= slot {
        row.resize(slot + 1, Value::Null);
    }
    row[slot] = value;
}
