//! PROFILE's measurements: the rows each operator produced and the time spent producing them.
//! `pipeline::run` wraps every operator's rows in a `Measured` iterator when the context
//! carries a `Profile`; without one nothing is counted or timed.

use super::pipeline::Rows;
use super::Row;
use crate::diagnostic::Result;
use crate::ir::{Measure, Measurements, Op, SubqueryCall, Update};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What one statement's operators did, keyed by the operator's place in the plan (its
/// address: the plan does not move while it runs). Operators running on several threads at
/// once (a parallel scan's workers) add to the same counts: their times add up, as CPU time.
#[derive(Default)]
pub struct Profile {
    ops: Mutex<HashMap<usize, Measure>>,
    updates: Mutex<HashMap<usize, Measure>>,
    result_rows: AtomicU64,
}

/// The map behind a lock, also after a thread that held it panicked (counts are plain data).
fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Profile {
    pub fn new() -> Profile {
        Profile::default()
    }

    /// The rows of `build` (an operator's rows), counted and timed for `op`. The time spent
    /// building them counts too: Sort and Aggregate pull their whole input then.
    pub(crate) fn measure<'a>(&'a self, op: &'a Op, build: impl FnOnce() -> Rows<'a>) -> Rows<'a> {
        let started = Instant::now();
        let rows = build();
        Box::new(Measured {
            profile: self,
            key: op as *const Op as usize,
            rows,
            count: 0,
            time: started.elapsed(),
        })
    }

    /// An update stage passed on `rows` rows in `time`.
    pub fn record_update(&self, update: &Update, rows: usize, time: Duration) {
        let mut updates = locked(&self.updates);
        let m = updates.entry(update as *const Update as usize).or_default();
        m.rows += rows as u64;
        m.time += time;
    }

    /// A `CALL { }` stage passed on `rows` rows in `time`.
    pub fn record_call(&self, call: &SubqueryCall, rows: usize, time: Duration) {
        let mut updates = locked(&self.updates);
        let m = updates
            .entry(call as *const SubqueryCall as usize)
            .or_default();
        m.rows += rows as u64;
        m.time += time;
    }

    /// The statement returned `rows` rows.
    pub fn set_result_rows(&self, rows: usize) {
        self.result_rows.store(rows as u64, Ordering::Relaxed);
    }

    pub(super) fn add(&self, key: usize, rows: u64, time: Duration) {
        self.add_batches(key, rows, 0, time);
    }

    /// A batch operator gave `rows` rows in `batches` batches.
    pub(super) fn add_batches(&self, key: usize, rows: u64, batches: u64, time: Duration) {
        let mut ops = locked(&self.ops);
        let m = ops.entry(key).or_default();
        m.rows += rows;
        m.batches += batches;
        m.time += time;
    }
}

impl Measurements for Profile {
    fn op(&self, op: &Op) -> Measure {
        let key = op as *const Op as usize;
        locked(&self.ops).get(&key).copied().unwrap_or_default()
    }

    fn update(&self, update: &Update) -> Measure {
        let key = update as *const Update as usize;
        locked(&self.updates).get(&key).copied().unwrap_or_default()
    }

    fn call(&self, call: &SubqueryCall) -> Measure {
        let key = call as *const SubqueryCall as usize;
        locked(&self.updates).get(&key).copied().unwrap_or_default()
    }

    fn result_rows(&self) -> u64 {
        self.result_rows.load(Ordering::Relaxed)
    }
}

/// An operator's rows, counted and timed; the totals go to the profile when it is dropped
/// (an operator may run many times, as the inner plan of OPTIONAL MATCH does: they add up).
struct Measured<'a> {
    profile: &'a Profile,
    key: usize,
    rows: Rows<'a>,
    count: u64,
    time: Duration,
}

impl Iterator for Measured<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Self::Item> {
        let started = Instant::now();
        let row = self.rows.next();
        self.time += started.elapsed();
        if let Some(Ok(_)) = row {
            self.count += 1;
        }
        row
    }
}

impl Drop for Measured<'_> {
    fn drop(&mut self) {
        self.profile.add(self.key, self.count, self.time);
    }
}
