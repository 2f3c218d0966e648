//! Execution: runs a plan against the graph and yields rows. Reads the store only through the
//! `Graph` API; never prints, never parses.

pub mod aggregate;
mod algorithms;
pub mod budget;
pub mod functions;
pub mod ops;

mod batch;
mod eval;
pub mod evidence;
pub mod load_csv;
pub mod morsel;
mod names;
mod pipeline;
mod procedures;
mod profile;
pub mod schema;
mod seek;
pub mod stages;
mod temporal_fns;
pub mod update;
mod value_type;

pub use eval::eval;
pub use pipeline::run;
pub use profile::Profile;

pub use crate::cancel::Cancel;

use crate::cancel::interrupted;
use crate::diagnostic::{Error, Result};
use crate::graph::{Graph, Value};
use std::sync::atomic::{AtomicBool, Ordering};

/// The error of a use that needs a node or relationship of the graph and was given a virtual
/// one (`db.schema.visualization`'s), which Cypher's functions read but which is not in the
/// graph: `what` says the use, `needs` what it needs, `entity` the virtual one.
pub(crate) fn not_in_graph(what: &str, needs: &str, entity: &str) -> Error {
    Error::type_error(format!(
        "{what} needs {needs}, got {entity}, which is not in the graph"
    ))
    .with_help(
        "a virtual node or relationship can be read (labels, type, properties, its ends) and \
         returned, but not matched, changed, exported or given to an algorithm",
    )
}

/// Whether read pipelines run in column batches (see `batch`) where every operator has a batch
/// form; when off, every operator runs row by row. Both give the same rows in the same order:
/// the switch exists to compare them.
static BATCH_EXECUTION: AtomicBool = AtomicBool::new(true);

/// Turn batch execution on or off for the whole process (see `BATCH_EXECUTION`).
pub fn set_batch_execution(on: bool) {
    BATCH_EXECUTION.store(on, Ordering::Relaxed);
}

pub(crate) fn batch_execution() -> bool {
    BATCH_EXECUTION.load(Ordering::Relaxed)
}

/// A row: values by slot.
pub type Row = Vec<Value>;

/// Collect rows, charging each by its size to the statement's budget (see `budget::hold`):
/// a ResourceError before they outgrow it. Returns the rows and the bytes held for them, for
/// `budget::release` once they are gone.
pub(crate) fn collect_bounded(
    rows: impl Iterator<Item = Result<Row>>,
    what: &str,
) -> Result<(Vec<Row>, u64)> {
    let mut out = Vec::new();
    let mut held = 0u64;
    let result = (|| {
        for row in rows {
            let row = row?;
            let bytes = budget::row_bytes(&row) + 8;
            held += bytes;
            budget::hold(bytes, what, budget::Kind::Rows)?;
            out.push(row);
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok((out, held)),
        Err(e) => {
            budget::release(held);
            Err(e)
        }
    }
}

/// What every operator can see: the graph, what stops a running statement, and under PROFILE
/// the profile that counts and times each operator's rows.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub graph: &'a Graph,
    pub cancel: Cancel<'a>,
    pub profile: Option<&'a Profile>,
}

impl<'a> Ctx<'a> {
    /// A context that nothing stops (constants, tests).
    pub fn new(graph: &'a Graph) -> Ctx<'a> {
        Ctx {
            graph,
            cancel: Cancel::default(),
            profile: None,
        }
    }

    /// An error when the statement must stop now (see `Cancel::check`).
    pub fn check(&self) -> Result<()> {
        self.cancel.check()
    }

    /// Count one unit of work (see `Cancel::tick`).
    #[inline]
    pub fn tick(&self) -> Result<()> {
        self.cancel.tick()
    }
}

/// Sort `items` by `cmp`, stopping soon after `cancel` fires: the comparisons count as work
/// (`Cancel::tick`), and a sort told to stop is abandoned at once (its elements stay in the
/// slice, in some order). With `keep`, only the first `keep` elements in order are wanted:
/// the rest are left unsorted after them.
pub(crate) fn sort_cancellable<T>(
    items: &mut [T],
    keep: Option<usize>,
    cancel: Cancel,
    cmp: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> Result<()> {
    compare_cancellable(cancel, cmp, |counted| match keep {
        Some(n) if n < items.len() => {
            if n > 0 {
                items.select_nth_unstable_by(n - 1, &mut *counted);
                items[..n].sort_by(counted);
            }
        }
        _ => items.sort_by(counted),
    })
}

/// Put the element that sorting `items` by `cmp` would put at `n` there, the smaller ones
/// before it and the others after (`select_nth_unstable_by`), stopping as `sort_cancellable`
/// does. With no ties under `cmp`, the element at `n` does not depend on the input's order.
pub(crate) fn select_cancellable<T>(
    items: &mut [T],
    n: usize,
    cancel: Cancel,
    cmp: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> Result<()> {
    compare_cancellable(cancel, cmp, |counted| {
        if n < items.len() {
            items.select_nth_unstable_by(n, counted);
        }
    })
}

/// Run `work` with a comparison that counts as work and leaves it early (by unwinding, the
/// only way out of the standard sorts, which keep every element in the slice when a
/// comparison unwinds; `resume_unwind` does not run the panic hook) once `cancel` fires.
fn compare_cancellable<T>(
    cancel: Cancel,
    mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering,
    work: impl FnOnce(&mut dyn FnMut(&T, &T) -> std::cmp::Ordering),
) -> Result<()> {
    /// The payload of the unwinding that abandons a sort.
    struct Abandoned;
    let mut stopped: Option<Error> = None;
    let mut counted = |a: &T, b: &T| {
        if let Err(e) = cancel.tick() {
            stopped = Some(e);
            std::panic::resume_unwind(Box::new(Abandoned));
        }
        cmp(a, b)
    };
    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut counted)));
    match done {
        Ok(()) => Ok(()),
        Err(payload) if payload.is::<Abandoned>() => {
            Err(stopped.take().unwrap_or_else(interrupted))
        }
        Err(payload) => std::panic::resume_unwind(payload),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::ErrorKind;

    fn flag(set: bool) -> AtomicBool {
        AtomicBool::new(set)
    }

    #[test]
    fn sorts_sort_and_stop_when_told() {
        let mut v: Vec<i64> = (0..10_000).map(|i| (i * 7919) % 10_007).collect();
        sort_cancellable(&mut v, None, Cancel::default(), |a, b| a.cmp(b)).unwrap();
        assert!(v.windows(2).all(|w| w[0] <= w[1]));
        let mut w: Vec<i64> = (0..10_000).rev().collect();
        sort_cancellable(&mut w, Some(3), Cancel::default(), |a, b| a.cmp(b)).unwrap();
        assert_eq!(&w[..3], &[0, 1, 2]);
        // Told to stop, the sort is abandoned at its first comparison; every element stays.
        let f = flag(true);
        let cancel = Cancel {
            interrupt: Some(&f),
            deadline: None,
        };
        let mut compared = 0;
        let mut u: Vec<i64> = (0..10_000).rev().collect();
        let e = sort_cancellable(&mut u, None, cancel, |a, b| {
            compared += 1;
            a.cmp(b)
        })
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Interrupted);
        assert_eq!(compared, 0);
        u.sort();
        assert_eq!(u, (0..10_000).collect::<Vec<_>>());
        let e = sort_cancellable(&mut u, Some(5), cancel, |a, b| a.cmp(b)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Interrupted);
        // A selection: the element of the rank in its place, or stopped the same way.
        let mut s: Vec<i64> = (0..10_000).map(|i| (i * 7919) % 10_007).collect();
        select_cancellable(&mut s, 4321, Cancel::default(), |a, b| a.cmp(b)).unwrap();
        let mut sorted = s.clone();
        sorted.sort();
        assert_eq!(s[4321], sorted[4321]);
        assert!(s[..4321].iter().all(|&x| x <= s[4321]));
        let e = select_cancellable(&mut s, 10, cancel, |a, b| a.cmp(b)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Interrupted);
    }

    #[test]
    #[should_panic(expected = "a comparison that fails")]
    fn a_comparison_that_panics_still_panics() {
        let mut v = vec![3, 1, 2];
        let _ = sort_cancellable(&mut v, None, Cancel::default(), |_: &i32, _: &i32| {
            panic!("a comparison that fails")
        });
    }
}
