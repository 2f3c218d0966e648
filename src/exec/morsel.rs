//! Morsel-driven parallelism. An aggregation over a read pipeline that starts at a scan (of a
//! label's nodes, of every node, or of the relationships of some types) is split into
//! morsels: parts of the scan of some thousands of candidates each. The threads of a pool take
//! morsels in turn, each running its own copy of the pipeline into its own aggregation state;
//! the states are then merged so that the answer, and the order of its groups, are exactly
//! those of one thread (each group remembers the morsel and row it was first seen at).
//!
//! A pipeline that starts elsewhere (an index seek, a small scan, the previous stage's rows)
//! is staged instead: the part below its last expansion runs on the statement thread, its rows
//! are kept (some tens of thousands at a time), and those rows are shared out in morsels of a
//! few hundred to the threads, which run the expansion and what follows it.
//!
//! The threads share the statement's memory budget (`budget::Shared`), its cancellation and
//! its clock. A statement planned on a thread of its own (`serial`) runs on that thread alone.

use super::pipeline::Rows;
use super::{budget, Ctx, Row};
use crate::diagnostic::{Error, Result};
use crate::ir::{Op, ScanSource};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Candidates of the scan per morsel, unless `set_morsel_size` says otherwise.
const MORSEL: usize = 16 * 1024;

/// The stack of the pool's threads: a pipeline's filters evaluate expressions as deep as the
/// statement thread does (see `database::stack_for`). Only the pages used are taken.
const STACK: usize = 96 << 20;

static MORSEL_SIZE: AtomicUsize = AtomicUsize::new(MORSEL);

/// Split aggregations into morsels of `candidates` scan candidates each (at least two
/// morsels, or the statement runs on one thread); 0 runs every statement on one thread. Both
/// give the same answers: the switch exists to compare them.
pub fn set_morsel_size(candidates: usize) {
    MORSEL_SIZE.store(candidates, Ordering::Relaxed);
}

thread_local! {
    /// Whether statements on this thread run on it alone (see `serial`).
    static SERIAL: Cell<bool> = const { Cell::new(false) };
}

/// While alive, statements on this thread run on it alone.
pub struct Serial(bool);

/// Run statements on this thread alone until the guard goes: for a statement whose operators
/// need a larger stack than the pool's threads have.
pub fn serial() -> Serial {
    Serial(SERIAL.replace(true))
}

impl Drop for Serial {
    fn drop(&mut self) {
        SERIAL.set(self.0);
    }
}

/// The pool of the threads that run morsels: one per core. None when the system will not
/// start them (the statement then runs on its own thread).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("relq-morsel-{i}"))
            .stack_size(STACK)
            .build()
            .ok()
    })
    .as_ref()
}

/// One morsel of a scan: the candidates of `leaf` at positions `from..to` (node ids for a
/// node scan; places in the types' relationship lists, one after the other, for a
/// relationship scan).
#[derive(Clone, Copy, Debug)]
pub(super) struct Part {
    /// The scan's operator (its address in the plan).
    pub leaf: usize,
    pub from: usize,
    pub to: usize,
}

impl Part {
    /// The range of `op`'s candidates when it is the scan being split.
    pub(super) fn range_of(part: Option<&Part>, op: &Op) -> Option<(usize, usize)> {
        part.filter(|p| p.leaf == op as *const Op as usize)
            .map(|p| (p.from, p.to))
    }
}

/// A pipeline split into morsels: its single input row and the parts of its scan (or of its
/// staged rows: see `staged`).
pub(super) struct Morsels {
    pub row: Row,
    leaf: usize,
    ranges: Vec<(usize, usize)>,
    /// The number of the first morsel (staged rows come in rounds, numbered on).
    first: usize,
    /// None: one morsel, run on the calling thread.
    pool: Option<&'static rayon::ThreadPool>,
}

/// What `split` decided.
pub(super) enum Split<'a> {
    Parallel(Morsels),
    /// On one thread, over these rows (the input, unchanged).
    Serial(Rows<'a>),
}

/// Split the pipeline `op` into morsels when its scan has enough candidates for two, it runs
/// once (its input is one row), and there are threads to share it.
pub(super) fn split<'a>(op: &'a Op, ctx: Ctx<'a>, mut input: Rows<'a>) -> Result<Split<'a>> {
    let Some((pool, size)) = shared() else {
        return Ok(Split::Serial(input));
    };
    let Some((leaf, bound, members)) = scan_of(op, ctx) else {
        return Ok(Split::Serial(input));
    };
    if members < 2 * size {
        return Ok(Split::Serial(input));
    }
    // A part of the positions that holds about `size` candidates.
    let width = (size as u128 * bound as u128 / members.max(1) as u128).max(1) as usize;
    let ranges: Vec<(usize, usize)> = (0..bound)
        .step_by(width)
        .map(|from| (from, from.saturating_add(width).min(bound)))
        .collect();
    let row = match input.next() {
        None => return Ok(Split::Serial(input)),
        Some(Err(e)) => return Err(e),
        Some(Ok(row)) => row,
    };
    match input.next() {
        None => Ok(Split::Parallel(Morsels {
            row,
            leaf: leaf as *const Op as usize,
            ranges,
            first: 0,
            pool: Some(pool),
        })),
        Some(second) => Ok(Split::Serial(Box::new(
            std::iter::once(Ok(row))
                .chain(std::iter::once(second))
                .chain(input),
        ))),
    }
}

/// The pool and the morsel size, when statements on this thread may share their work now.
fn shared() -> Option<(&'static rayon::ThreadPool, usize)> {
    let size = MORSEL_SIZE.load(Ordering::Relaxed);
    if size == 0 || SERIAL.get() {
        return None;
    }
    let pool = pool().filter(|p| p.current_num_threads() > 1)?;
    Some((pool, size))
}

/// Whether a pipeline may be staged (see the module's comment): there are threads to share
/// its rows with.
pub(super) fn may_stage() -> bool {
    shared().is_some()
}

/// Staged rows per morsel for a morsel size of `size` scan candidates: each of them opens an
/// expansion, worth many candidates.
fn staged_rows(size: usize) -> usize {
    (size / 64).max(1)
}

/// How many staged rows a round holds before its morsels run.
pub(super) fn staged_round() -> usize {
    staged_rows(MORSEL_SIZE.load(Ordering::Relaxed).max(1)) * 256
}

/// Morsels over `rows` staged rows standing in for the operator `leaf`, numbered from
/// `first`: with fewer than two morsels' worth, or no threads, one morsel run here.
pub(super) fn staged(leaf: &Op, rows: usize, first: usize) -> Morsels {
    let (ranges, pool) = match shared() {
        Some((pool, size)) if rows >= 2 * staged_rows(size) => {
            let width = staged_rows(size);
            let ranges = (0..rows)
                .step_by(width)
                .map(|from| (from, (from + width).min(rows)))
                .collect();
            (ranges, Some(pool))
        }
        _ => (vec![(0, rows)], None),
    };
    Morsels {
        row: Vec::new(),
        leaf: leaf as *const Op as usize,
        ranges,
        first,
        pool,
    }
}

/// The scan at the bottom of the pipeline, how far its positions go, and how many candidates
/// it has: a label's nodes, every node or the relationships of some types.
fn scan_of<'a>(op: &'a Op, ctx: Ctx) -> Option<(&'a Op, usize, usize)> {
    // The pipeline's batch operators go down to the scan, and each morsel runs them over the
    // input row: nothing but the input below the scan.
    let mut at = op;
    while let Some(input) = at.input() {
        if matches!(input, Op::Input) {
            break;
        }
        if !super::batch::batch_op(input) {
            return None;
        }
        at = input;
    }
    let graph = ctx.graph;
    match at {
        Op::Scan {
            source: ScanSource::Label(l),
            ..
        } => Some((at, graph.node_bound(), graph.label_count(*l))),
        Op::Scan {
            source: ScanSource::All,
            ..
        } => Some((at, graph.node_bound(), graph.node_count())),
        Op::Scan {
            source: ScanSource::Labels(ls),
            ..
        } => {
            let members = ls.iter().map(|l| graph.label_count(*l)).sum();
            Some((at, graph.node_bound(), members))
        }
        // A seek's relationships are found per input row, not split into parts.
        Op::RelScan {
            spec, seek: None, ..
        } => {
            let types = if spec.types.is_empty() {
                graph.rel_types_in_use()
            } else {
                spec.types.clone()
            };
            let places: usize = types.iter().map(|t| graph.rel_places(*t).len()).sum();
            Some((at, places, places))
        }
        _ => None,
    }
}

impl Morsels {
    /// How many morsels there are.
    pub(super) fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Run every morsel on the pool's threads: each thread makes a state with `new` and gives
    /// it the morsels it takes (`work`: the state, the morsel's number, its part of the
    /// scan). The states come back in no particular order; the first error by morsel number
    /// is the error a single thread would have met first.
    pub(super) fn run<S: Send>(
        &self,
        new: impl Fn() -> S + Sync,
        work: impl Fn(&mut S, usize, Part) -> Result<()> + Sync,
    ) -> Result<Vec<S>> {
        let mut states = Vec::new();
        self.run_into(&mut states, new, work)?;
        Ok(states)
    }

    /// `run`, with the states of earlier morsels (of a staged pipeline's earlier rounds) taken
    /// up again before new ones are made: their morsels all came before these.
    pub(super) fn run_into<S: Send>(
        &self,
        states: &mut Vec<S>,
        new: impl Fn() -> S + Sync,
        work: impl Fn(&mut S, usize, Part) -> Result<()> + Sync,
    ) -> Result<()> {
        let next = AtomicUsize::new(0);
        let first_failed = AtomicUsize::new(usize::MAX);
        let errors: Mutex<Vec<(usize, Error)>> = Mutex::new(Vec::new());
        let spare: Mutex<Vec<S>> = Mutex::new(std::mem::take(states));
        let done: Mutex<Vec<S>> = Mutex::new(Vec::new());
        let shared = budget::share();
        let now = crate::temporal::statement_now();
        let threads = self
            .pool
            .map_or(1, |p| p.current_num_threads().min(self.ranges.len()));
        let worker = || {
            let _budget = shared.join();
            crate::temporal::set_statement_now(now);
            let taken = lock(&spare).pop();
            let mut state = taken.unwrap_or_else(&new);
            loop {
                let m = next.fetch_add(1, Ordering::Relaxed);
                // Morsels after one that failed are not needed: one thread would have
                // stopped there.
                if m >= self.ranges.len() || m > first_failed.load(Ordering::Relaxed) {
                    break;
                }
                let (from, to) = self.ranges[m];
                let part = Part {
                    leaf: self.leaf,
                    from,
                    to,
                };
                if let Err(e) = work(&mut state, self.first + m, part) {
                    first_failed.fetch_min(m, Ordering::Relaxed);
                    lock(&errors).push((m, e));
                    break;
                }
            }
            lock(&done).push(state);
        };
        match self.pool.filter(|_| threads > 1) {
            Some(pool) => pool.in_place_scope(|s| {
                for _ in 1..threads {
                    s.spawn(|_| worker());
                }
                worker();
            }),
            None => worker(),
        }
        let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some((_, e)) = errors.into_iter().min_by_key(|(m, _)| *m) {
            return Err(e);
        }
        // The threads' structures are the statement's now.
        budget::hold(shared.added(), "a parallel aggregation", budget::Kind::Rows)?;
        states.extend(done.into_inner().unwrap_or_else(|e| e.into_inner()));
        // States no thread took up again (fewer morsels than before) are kept too.
        states.extend(spare.into_inner().unwrap_or_else(|e| e.into_inner()));
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
