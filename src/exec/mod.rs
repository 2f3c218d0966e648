//! Execution: runs a plan against the graph and yields rows. Reads the store only through the
//! `Graph` API; never prints, never parses.

pub mod aggregate;
pub mod budget;
pub mod functions;
pub mod ops;

mod batch;
mod eval;
pub mod evidence;
pub mod load_csv;
mod names;
mod pipeline;
mod profile;
mod temporal_fns;
pub mod update;

pub use eval::eval;
pub use pipeline::run;
pub use profile::Profile;
pub use update::apply;

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::graph::{Graph, Value};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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

/// A statement's time limit: the moment it ends, and how long it is (for the message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub at: Instant,
    pub limit: Duration,
}

impl Deadline {
    /// The deadline `limit` from now; None when that is too far to represent (no limit).
    pub fn after(limit: Duration) -> Option<Deadline> {
        Some(Deadline {
            at: Instant::now().checked_add(limit)?,
            limit,
        })
    }
}

/// What stops a running statement: the interrupt flag (Ctrl-C in the shell) and the
/// statement's deadline. Every operator and every loop whose length depends on the data calls
/// `tick` once per unit of work, so that any statement stops soon after either fires.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cancel<'a> {
    pub interrupt: Option<&'a AtomicBool>,
    pub deadline: Option<Deadline>,
}

thread_local! {
    /// Units of work counted on this thread, for reading the clock only now and then.
    static TICKS: Cell<u32> = const { Cell::new(0) };
}

/// How many units of work pass between two readings of the clock.
const TICKS_PER_CLOCK_READ: u32 = 64;

impl Cancel<'_> {
    /// An error when the statement must stop now: the interrupt flag is set (`Interrupted`) or
    /// the deadline has passed (`Timeout`). Reads the clock: for steps that are not cheap.
    pub fn check(&self) -> Result<()> {
        if let Some(flag) = self.interrupt {
            if flag.load(Ordering::Relaxed) {
                return Err(interrupted());
            }
        }
        if let Some(d) = self.deadline {
            if Instant::now() >= d.at {
                return Err(timed_out(d.limit));
            }
        }
        Ok(())
    }

    /// Count one unit of work (a row, a list element, a step of a search, a comparison):
    /// reads the interrupt flag (a relaxed load), and the clock once every
    /// `TICKS_PER_CLOCK_READ` units counted on this thread, whichever loop counted them.
    #[inline]
    pub fn tick(&self) -> Result<()> {
        if let Some(flag) = self.interrupt {
            if flag.load(Ordering::Relaxed) {
                return Err(interrupted());
            }
        }
        if let Some(d) = self.deadline {
            let n = TICKS.with(|t| {
                let n = t.get().wrapping_add(1);
                t.set(n);
                n
            });
            if n.is_multiple_of(TICKS_PER_CLOCK_READ) && Instant::now() >= d.at {
                return Err(timed_out(d.limit));
            }
        }
        Ok(())
    }
}

#[cold]
fn interrupted() -> Error {
    Error::new(ErrorKind::Interrupted, "the statement was interrupted")
}

#[cold]
fn timed_out(limit: Duration) -> Error {
    Error::new(
        ErrorKind::Timeout,
        format!(
            "the statement ran longer than its time limit of {}",
            format_limit(limit)
        ),
    )
    .with_help("the limit is --timeout SECONDS on the command line, :timeout in the shell")
}

/// A time limit for people: `2 s`, `2.5 s`, `0.25 s`, `1.5 ms`.
pub fn format_limit(limit: Duration) -> String {
    let secs = limit.as_secs_f64();
    if secs >= 0.001 {
        format!("{} s", (secs * 1000.0).round() / 1000.0)
    } else {
        format!("{} ms", (secs * 1e6).round() / 1000.0)
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
    mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> Result<()> {
    /// The payload of the unwinding that abandons a sort.
    struct Abandoned;
    let mut stopped: Option<Error> = None;
    let mut counted = |a: &T, b: &T| {
        if let Err(e) = cancel.tick() {
            stopped = Some(e);
            // Unwinding out of the comparison is the only way to leave a sort early; the
            // standard sorts keep every element in the slice when a comparison unwinds, and
            // `resume_unwind` does not run the panic hook (nothing is printed).
            std::panic::resume_unwind(Box::new(Abandoned));
        }
        cmp(a, b)
    };
    let sorted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match keep {
        Some(n) if n < items.len() => {
            if n > 0 {
                items.select_nth_unstable_by(n - 1, &mut counted);
                items[..n].sort_by(&mut counted);
            }
        }
        _ => items.sort_by(&mut counted),
    }));
    match sorted {
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

    fn flag(set: bool) -> AtomicBool {
        AtomicBool::new(set)
    }

    #[test]
    fn nothing_stops_a_statement_without_flag_or_deadline() {
        let cancel = Cancel::default();
        for _ in 0..10 * TICKS_PER_CLOCK_READ {
            cancel.tick().unwrap();
        }
        cancel.check().unwrap();
    }

    #[test]
    fn the_flag_stops_at_the_next_tick() {
        let f = flag(false);
        let cancel = Cancel {
            interrupt: Some(&f),
            deadline: None,
        };
        cancel.tick().unwrap();
        f.store(true, Ordering::Relaxed);
        assert_eq!(cancel.tick().unwrap_err().kind, ErrorKind::Interrupted);
        assert_eq!(cancel.check().unwrap_err().kind, ErrorKind::Interrupted);
    }

    #[test]
    fn a_passed_deadline_stops_within_one_clock_reading() {
        let cancel = Cancel {
            interrupt: None,
            deadline: Some(Deadline {
                at: Instant::now(),
                limit: Duration::from_millis(2500),
            }),
        };
        let e = cancel.check().unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout);
        assert_eq!(
            e.message,
            "the statement ran longer than its time limit of 2.5 s"
        );
        let stopped = (0..TICKS_PER_CLOCK_READ).find_map(|_| cancel.tick().err());
        assert_eq!(stopped.map(|e| e.kind), Some(ErrorKind::Timeout));
        let later = Cancel {
            interrupt: None,
            deadline: Deadline::after(Duration::from_secs(3600)),
        };
        for _ in 0..10 * TICKS_PER_CLOCK_READ {
            later.tick().unwrap();
        }
        assert!(Deadline::after(Duration::MAX).is_none());
    }

    #[test]
    fn limits_read_as_people_write_them() {
        assert_eq!(format_limit(Duration::from_secs(2)), "2 s");
        assert_eq!(format_limit(Duration::from_millis(2500)), "2.5 s");
        assert_eq!(format_limit(Duration::from_millis(10)), "0.01 s");
        assert_eq!(format_limit(Duration::from_micros(500)), "0.5 ms");
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
