//! What stops a running statement: the interrupt flag (Ctrl-C in the shell, a cancelled
//! statement in the server) and the statement's deadline (`--timeout`). The planner checks it
//! at every step of a pattern, the executor at every unit of work.

use crate::diagnostic::{Error, ErrorKind, Result};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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
pub(crate) fn interrupted() -> Error {
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
}
