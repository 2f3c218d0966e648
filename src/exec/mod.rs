//! Execution: runs a plan against the graph and yields rows. Reads the store only through the
//! `Graph` API; never prints, never parses.

pub mod aggregate;
pub mod functions;
pub mod ops;

mod eval;
mod pipeline;
mod profile;
pub mod update;

pub use eval::eval;
pub use pipeline::run;
pub use profile::Profile;
pub use update::apply;

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::graph::{Graph, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A row: values by slot.
pub type Row = Vec<Value>;

/// How many values a statement may hold at once in materialised rows (results, sorts, groups,
/// DISTINCT sets): half the memory available when first asked, at 64 bytes a value. A
/// statement that needs more fails with a ResourceError instead of exhausting memory.
static HELD_VALUES_LIMIT: AtomicUsize = AtomicUsize::new(0);

/// The limit on values held at once (see `set_held_values_limit`).
pub fn held_values_limit() -> usize {
    match HELD_VALUES_LIMIT.load(Ordering::Relaxed) {
        0 => {
            let limit = available_memory()
                .map(|bytes| (bytes / 2 / 64) as usize)
                .unwrap_or(1 << 28)
                .max(1 << 20);
            HELD_VALUES_LIMIT.store(limit, Ordering::Relaxed);
            limit
        }
        n => n,
    }
}

/// Set the limit on values a statement may hold at once, for the whole process.
pub fn set_held_values_limit(values: usize) {
    HELD_VALUES_LIMIT.store(values.max(1), Ordering::Relaxed);
}

/// Available memory in bytes, where the system says (Linux's `MemAvailable`).
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// An error when `values` held at once exceed the limit; `what` names what holds them.
pub(crate) fn check_held(values: usize, what: &str) -> Result<()> {
    let limit = held_values_limit();
    if values > limit {
        return Err(Error::resource(format!(
            "{what} would hold more than {limit} values, more than memory allows; \
             add a LIMIT, aggregate, or narrow the pattern"
        )));
    }
    Ok(())
}

/// Collect rows, failing with a ResourceError before they outgrow memory.
pub(crate) fn collect_bounded(
    rows: impl Iterator<Item = Result<Row>>,
    what: &str,
) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    let mut held = 0usize;
    for row in rows {
        let row = row?;
        held += row.len().max(1);
        if out.len().is_multiple_of(4096) {
            check_held(held, what)?;
        }
        out.push(row);
    }
    check_held(held, what)?;
    Ok(out)
}

/// What every operator can see: the graph, the flag that interrupts a running statement, and
/// under PROFILE the profile that counts and times each operator's rows.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub graph: &'a Graph,
    pub interrupt: Option<&'a AtomicBool>,
    pub profile: Option<&'a Profile>,
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

/// Set a slot, growing the row as needed.
pub(crate) fn set(row: &mut Row, slot: usize, value: Value) {
    if row.len() <= slot {
        row.resize(slot + 1, Value::Null);
    }
    row[slot] = value;
}
