//! Vectorised execution of read pipelines. Operators pass batches of rows held as columns:
//! node and relationship ids in plain arrays, other values as `Value`s. A scan or expansion
//! writes one id per output row plus the index of the input row it extends, and the input's
//! columns are gathered by those indexes once per batch; a filter computes one keep mask per
//! batch, with typed kernels for label tests and property comparisons and a row-by-row
//! fallback for any other predicate; aggregation reads the columns directly.
//!
//! `pipeline` hands a subtree here when every operator in it has a batch form (`capable`) and
//! it expands or scans something (`worth`). Rows come out in the order the row operators give
//! them: each input row's outputs in the order its candidates are walked. Batches start small
//! and double up to `BATCH` rows, so LIMIT and EXISTS still stop the work early. Every batch
//! checks for cancellation, and every input row opened counts a unit of work.

use super::aggregate::{Accumulator, AggregateKind};
use super::morsel::{self, Part, Split};
use super::pipeline::{self, Dedupe, Rows};
use super::{budget, eval, ops, Ctx, Row};
use crate::diagnostic::Result;
use crate::graph::{
    Coded, ColumnRef, Dir, Graph, NodeId, Number, Numbers, PropRef, RelId, Sym, Value,
};
use crate::ir::{AggSpec, DistinctKey, Ex, ExpandSpec, MapItem, Op, ScanSource};
use crate::syntax::ast::BinaryOp;
use foldhash::{HashMap, HashMapExt};
use std::time::Instant;

/// Groups and DISTINCT keys are charged to the statement's memory budget this many at a time.
const GROUPS_CHARGED: usize = 4096;

/// The most rows a batch holds.
pub(crate) const BATCH: usize = 2048;
/// The rows of a scan's or expansion's first batch; each later batch doubles, up to `BATCH`.
const FIRST_BATCH: usize = 64;

/// How deep a subtree may be for batches: the checks below walk it from every operator the row
/// operators run, so a bound keeps them linear in a plan of thousands of operators (a longer
/// chain runs row by row).
const MAX_DEPTH: usize = 64;

/// Whether the operator has a batch form.
pub(super) fn batch_op(op: &Op) -> bool {
    match op {
        Op::Scan { .. } | Op::Filter { .. } | Op::DistinctOn { .. } => true,
        Op::Expand { spec, .. } | Op::RelScan { spec, .. } => spec.distinct_from_lists.is_empty(),
        _ => false,
    }
}

/// Whether the subtree runs in batches: its top operator has a batch form, and so has every
/// operator below it down to the first that has none (the row operators run that one and
/// what lies below it, and their rows are the batches' input).
pub(crate) fn capable(op: &Op) -> bool {
    if !batch_op(op) {
        return false;
    }
    let mut at = op;
    for _ in 0..=MAX_DEPTH {
        match at.input() {
            Some(input) if batch_op(input) => at = input,
            _ => return true,
        }
    }
    false
}

/// Whether the subtree's batch part expands relationships: where batches pay for themselves.
/// (A lone node scan or index seek is left to the row operators.)
pub(crate) fn worth(op: &Op) -> bool {
    if !super::batch_execution() {
        return false;
    }
    let mut at = op;
    for _ in 0..=MAX_DEPTH {
        match at {
            Op::Expand { .. } | Op::RelScan { .. } => return true,
            other => match other.input() {
                Some(input) if batch_op(input) => at = input,
                _ => return false,
            },
        }
    }
    false
}

/// The subtree's rows, computed in batches.
pub(crate) fn rows<'a>(op: &'a Op, ctx: Ctx<'a>, input: Rows<'a>) -> Rows<'a> {
    // The top operator's rows and time are measured by `pipeline::run`, which called this;
    // its batches are counted here.
    let mut source = build(op, ctx, &mut Some(input), false, &Need::all(), None);
    if let Some(profile) = ctx.profile {
        source = Box::new(Batches {
            inner: source,
            profile,
            key: op as *const Op as usize,
        });
    }
    Box::new(Unbatch {
        source,
        batch: None,
        next: 0,
        failed: false,
    })
}

/// `Op::Aggregate` over the subtree's batches: groups in the order of their first row, as
/// `pipeline::aggregate` gives them. With aggregates whose parts merge exactly (counts), a
/// long scan is shared among threads (`morsel`).
pub(crate) fn aggregate<'a>(
    op: &'a Op,
    ctx: Ctx<'a>,
    input: Rows<'a>,
    keys: &[Ex],
    aggs: &[AggSpec],
    top: Option<&crate::ir::Top>,
) -> Result<Vec<Row>> {
    // Only the columns the keys and aggregates read are made.
    let mut need = Need::none();
    for e in keys
        .iter()
        .chain(aggs.iter().flat_map(|a| a.arg.iter().chain(a.extra.iter())))
    {
        need.add_reads(e);
    }
    let count_only = aggs
        .iter()
        .all(|a| a.kind == AggregateKind::CountStar && a.extra.is_none());
    let mergeable = aggs
        .iter()
        .all(|a| Accumulator::mergeable(a.kind, a.distinct));
    let entity = entity_slot(op, keys, aggs);
    let pair = entity_pair(op, keys, aggs);
    let split = if mergeable {
        morsel::split(op, ctx, input)?
    } else {
        Split::Serial(input)
    };
    let (morsels, mut input) = match split {
        Split::Parallel(morsels) => (Some(morsels), None),
        Split::Serial(input) => (None, Some(input)),
    };
    // Not a long scan: the rows below the last expansion may still be shared out.
    let stage = stage_point(op).filter(|_| mergeable && morsels.is_none() && morsel::may_stage());
    let fold = match (&morsels, stage) {
        (Some(morsels), _) => Fold::Morsels(MorselRun {
            op,
            ctx,
            need: &need,
            morsels,
        }),
        (None, Some(at)) => Fold::Staged(StagedRun {
            op,
            ctx,
            need: &need,
            at,
            lower: build(at, ctx, &mut input, true, &need_at(op, at, &need), None),
        }),
        (None, None) => Fold::Whole(build(op, ctx, &mut input, true, &need, None)),
    };
    match entity {
        _ if keys.is_empty() && count_only => {
            let counts = fold.fold(
                || 0u64,
                |n, mut source, _| {
                    *n += source.count()?;
                    Ok(())
                },
            )?;
            Ok(vec![count_row(aggs, counts.into_iter().sum(), ctx)?])
        }
        _ if keys.is_empty() => {
            let parts = fold.fold(
                || Totals::new(aggs, op, ctx),
                |t, mut source, m| t.feed(&mut source, aggs, ctx, m),
            )?;
            let mut parts = parts.into_iter();
            let mut all = parts.next().unwrap_or_else(|| Totals::new(aggs, op, ctx));
            for part in parts {
                all.absorb(part)?;
            }
            Ok(vec![all.finish(ctx)?])
        }
        Some((slot, kind)) if count_only => {
            let parts = fold.fold(
                || EntityGroups::<u64>::new(ctx, kind),
                |g, mut source, m| g.feed(&mut source, slot, aggs, ctx, m),
            )?;
            let groups = EntityGroups::merged(parts, ctx)?;
            pipeline::merge_entity_groups(counts_of(groups, aggs), ctx, &[slot], keys, top)
        }
        Some((slot, kind)) => {
            let parts = fold.fold(
                || EntityGroups::<Vec<Accumulator>>::new(ctx, kind),
                |g, mut source, m| g.feed(&mut source, slot, aggs, ctx, m),
            )?;
            let groups = EntityGroups::merged(parts, ctx)?;
            pipeline::merge_entity_groups(groups, ctx, &[slot], keys, top)
        }
        None if pair.is_some() && count_only => {
            let slots = pair.unwrap_or_default();
            let parts = fold.fold(PairGroups::<u64>::default, |g, mut source, m| {
                g.feed(&mut source, slots, aggs, ctx, m)
            })?;
            let groups = counts_of(PairGroups::merged(parts, ctx)?, aggs);
            pipeline::merge_entity_groups(groups, ctx, &[slots.0, slots.1], keys, top)
        }
        None if pair.is_some() => {
            let slots = pair.unwrap_or_default();
            let parts = fold.fold(
                PairGroups::<Vec<Accumulator>>::default,
                |g, mut source, m| g.feed(&mut source, slots, aggs, ctx, m),
            )?;
            let groups = PairGroups::merged(parts, ctx)?;
            pipeline::merge_entity_groups(groups, ctx, &[slots.0, slots.1], keys, top)
        }
        None => match fold {
            Fold::Whole(source) => pipeline::aggregate(
                Box::new(Unbatch {
                    source,
                    batch: None,
                    next: 0,
                    failed: false,
                }),
                ctx,
                keys,
                aggs,
            ),
            shared => {
                let state = foldhash::fast::RandomState::default();
                let parts = shared.fold(
                    || pipeline::Grouper::new(state.clone()),
                    |g, source, m| {
                        let rows = Box::new(Unbatch {
                            source,
                            batch: None,
                            next: 0,
                            failed: false,
                        });
                        g.feed(rows, ctx, keys, aggs, (m as u64) << MORSEL_ROWS_SHIFT)
                    },
                )?;
                pipeline::Grouper::merged(parts, ctx)
            }
        },
    }
}

/// The slot of the node or relationship the rows are grouped by, first, when the keys are
/// that slot or its properties and the aggregates merge (`pipeline::entity_keyed`).
fn entity_slot(op: &Op, keys: &[Ex], aggs: &[AggSpec]) -> Option<(usize, Kind)> {
    let slot = pipeline::entity_keyed(keys, aggs).or_else(|| match keys {
        [key]
            if aggs
                .iter()
                .all(|a| Accumulator::mergeable(a.kind, a.distinct)) =>
        {
            Some(peel(key)).filter(|s| *s != usize::MAX)
        }
        _ => None,
    })?;
    let kind = kind_of(op, slot);
    matches!(kind, Kind::Node | Kind::Rel).then_some((slot, kind))
}

/// The two node slots the rows are grouped by, first, when the keys are those slots or their
/// properties (each reading one of them, both read) and the aggregates are merged per group
/// cheaply (`Accumulator::by_entity_first`).
fn entity_pair(op: &Op, keys: &[Ex], aggs: &[AggSpec]) -> Option<(usize, usize)> {
    if !aggs
        .iter()
        .all(|a| Accumulator::by_entity_first(a.kind, a.distinct))
    {
        return None;
    }
    let mut slots: Vec<usize> = Vec::with_capacity(2);
    for k in keys {
        let (s, _) = pipeline::key_entity(k)?;
        if !slots.contains(&s) {
            slots.push(s);
        }
    }
    match slots[..] {
        [a, b] if kind_of(op, a) == Kind::Node && kind_of(op, b) == Kind::Node => Some((a, b)),
        _ => None,
    }
}

/// Groups by the nodes in two slots, in the order of their first row, each with the place of
/// that row (as `EntityGroups` does for one slot).
struct PairGroups<A> {
    /// By the two node ids packed in a word: the group's place in `groups`.
    index: HashMap<u64, usize>,
    groups: Vec<(u64, u64, A)>,
}

impl<A> Default for PairGroups<A> {
    fn default() -> Self {
        PairGroups {
            index: HashMap::new(),
            groups: Vec::new(),
        }
    }
}

impl<A: EntityState> PairGroups<A> {
    /// The rows of `source` (morsel `morsel`), into their groups.
    fn feed(
        &mut self,
        source: &mut Boxed,
        (left, right): (usize, usize),
        aggs: &[AggSpec],
        ctx: Ctx,
        morsel: usize,
    ) -> Result<()> {
        let mut scratch = Scratch::default();
        let mut place = (morsel as u64) << MORSEL_ROWS_SHIFT;
        while let Some(batch) = source.next()? {
            if let (Some(Col::Node(a)), Some(Col::Node(b))) = (batch.col(left), batch.col(right)) {
                for (i, (a, b)) in a.iter().zip(b).enumerate() {
                    let key = (u64::from(a.0) << 32) | u64::from(b.0);
                    let fresh = self.groups.len();
                    let g = *self.index.entry(key).or_insert(fresh);
                    if g == fresh {
                        self.groups.push((key, place + i as u64, A::new(aggs)));
                        if self.groups.len().is_multiple_of(GROUPS_CHARGED) {
                            let bytes = GROUPS_CHARGED * (A::bytes(aggs) + 8);
                            budget::hold(bytes as u64, "grouping", budget::Kind::Rows)?;
                        }
                    }
                    self.groups[g]
                        .2
                        .add(aggs, &batch, i, ctx, &mut scratch, morsel as u64)?;
                }
            }
            place += batch.len as u64;
        }
        Ok(())
    }

    /// The groups of several threads as one thread makes them: the same pair's merged, in
    /// the order of their first rows, each with its two nodes.
    fn merged(parts: Vec<Self>, ctx: Ctx) -> Result<Vec<((Value, Value), A)>> {
        let mut parts = parts.into_iter();
        let mut all = parts.next().unwrap_or_default();
        let several = parts.len() > 0;
        for part in parts {
            for (key, first, state) in part.groups {
                ctx.tick()?;
                let fresh = all.groups.len();
                let g = *all.index.entry(key).or_insert(fresh);
                join_group(&mut all.groups, g, (key, first, state));
            }
        }
        if several {
            // The order of first rows.
            all.groups.sort_unstable_by_key(|g| g.1);
        }
        let node = |raw: u64| Value::Node(NodeId(raw as u32));
        Ok(all
            .groups
            .into_iter()
            .map(|(key, _, state)| ((node(key >> 32), node(key & 0xffff_ffff)), state))
            .collect())
    }
}

/// The row of `count(*)` aggregates over `n` rows.
fn count_row(aggs: &[AggSpec], n: u64, ctx: Ctx) -> Result<Row> {
    let mut row = Vec::with_capacity(aggs.len());
    for a in aggs {
        let mut acc = Accumulator::new(a.kind, a.distinct);
        acc.add_rows(n);
        row.push(acc.finish(ctx.cancel)?);
    }
    Ok(row)
}

/// Groups of `count(*)` aggregates by their number of rows.
fn counts_of<E>(groups: Vec<(E, u64)>, aggs: &[AggSpec]) -> Vec<(E, pipeline::Counts)> {
    groups
        .into_iter()
        .map(|(id, rows)| {
            let counts = pipeline::Counts {
                rows,
                aggregates: aggs.len(),
            };
            (id, counts)
        })
        .collect()
}

/// What the morsels of one aggregation share: the pipeline, the columns it makes, the parts
/// of its scan.
struct MorselRun<'s, 'a> {
    op: &'a Op,
    ctx: Ctx<'a>,
    need: &'s Need,
    morsels: &'s morsel::Morsels,
}

/// Where an aggregation's rows come from: the whole pipeline on this thread, its morsels on
/// the pool's threads, or its upper part on the pool's threads over the rows of its lower
/// part made on this one.
enum Fold<'s, 'a> {
    Whole(Boxed<'a>),
    Morsels(MorselRun<'s, 'a>),
    Staged(StagedRun<'s, 'a>),
}

impl<'a> Fold<'_, 'a> {
    /// The aggregation's states: one, or one per thread that ran morsels (see
    /// `MorselRun::fold`); `feed` gets the rows of the whole pipeline as morsel 0.
    fn fold<S: Send>(
        self,
        new: impl Fn() -> S + Sync,
        feed: impl Fn(&mut S, Boxed<'a>, usize) -> Result<()> + Sync,
    ) -> Result<Vec<S>> {
        match self {
            Fold::Whole(source) => {
                let mut state = new();
                feed(&mut state, source, 0)?;
                Ok(vec![state])
            }
            Fold::Morsels(run) => run.fold(new, feed),
            Fold::Staged(run) => run.fold(new, feed),
        }
    }
}

impl<'a> MorselRun<'_, 'a> {
    /// Each thread's state, after `feed` took the batches of each morsel the thread ran (with
    /// the morsel's number).
    fn fold<S: Send>(
        &self,
        new: impl Fn() -> S + Sync,
        feed: impl Fn(&mut S, Boxed<'a>, usize) -> Result<()> + Sync,
    ) -> Result<Vec<S>> {
        self.morsels.run(new, |state, m, part| {
            let input: Rows = Box::new(std::iter::once(Ok(self.morsels.row.clone())));
            let piece = Piece { part, round: None };
            let source = build(
                self.op,
                self.ctx,
                &mut Some(input),
                true,
                self.need,
                Some(&piece),
            );
            feed(state, source, m)
        })
    }
}

/// The operator whose rows a pipeline is staged at (see `morsel`): the input of its last
/// expansion.
fn stage_point(op: &Op) -> Option<&Op> {
    let mut at = op;
    for _ in 0..=MAX_DEPTH {
        match at {
            Op::Expand { input, .. } => return Some(input),
            other => at = other.input().filter(|i| batch_op(i))?,
        }
    }
    None
}

/// The operators of the pipeline `op` above `at`, from the top.
fn above<'o>(op: &'o Op, at: &'o Op) -> impl Iterator<Item = &'o Op> {
    std::iter::successors(Some(op), |o| o.input()).take_while(move |o| !std::ptr::eq(*o, at))
}

/// The columns the operators above `at` read (what `build` passes down to it).
fn need_at(op: &Op, at: &Op, need: &Need) -> Need {
    above(op, at).fold(need.clone(), |need, o| need.below(o))
}

/// A pipeline staged at `at`: the batches of `lower` (the part up to `at`, on this thread)
/// are kept a round at a time and shared out in morsels to the threads, which run the part
/// above over them.
struct StagedRun<'s, 'a> {
    op: &'a Op,
    ctx: Ctx<'a>,
    need: &'s Need,
    at: &'a Op,
    lower: Boxed<'a>,
}

/// The rows of one round of a staged pipeline.
struct Round {
    batches: Vec<Batch>,
    /// The number of the first row of each batch.
    starts: Vec<usize>,
    rows: usize,
}

impl Round {
    /// Rows `from..to` as batches of their own.
    fn rows(&self, from: usize, to: usize) -> Vec<Batch> {
        let mut out = Vec::new();
        let mut b = self
            .starts
            .partition_point(|s| *s <= from)
            .saturating_sub(1);
        while b < self.batches.len() && self.starts[b] < to {
            let start = self.starts[b];
            let batch = &self.batches[b];
            let lo = from.saturating_sub(start);
            let hi = (to - start).min(batch.len);
            if hi > lo {
                let idx: Vec<u32> = (lo as u32..hi as u32).collect();
                out.push(batch.gather(&idx, &Need::all()));
            }
            b += 1;
        }
        out
    }
}

impl<'a> StagedRun<'_, 'a> {
    fn fold<S: Send>(
        mut self,
        new: impl Fn() -> S + Sync,
        feed: impl Fn(&mut S, Boxed<'a>, usize) -> Result<()> + Sync,
    ) -> Result<Vec<S>> {
        let mut states = Vec::new();
        let mut first = 0;
        let mut lower_time = std::time::Duration::ZERO;
        let out = loop {
            let started = Instant::now();
            let (round, held, failed, last) = self.round();
            lower_time += started.elapsed();
            let _release = budget::Release(held);
            if round.rows > 0 {
                let morsels = morsel::staged(self.at, round.rows, first);
                first += morsels.len();
                let ran = morsels.run_into(&mut states, &new, |state, m, part| {
                    let piece = Piece {
                        part,
                        round: Some(&round),
                    };
                    let source = build(self.op, self.ctx, &mut None, true, self.need, Some(&piece));
                    feed(state, source, m)
                });
                if let Err(e) = ran {
                    break Err(e);
                }
            }
            // An error below comes after every row made before it went through.
            if let Some(e) = failed {
                break Err(e);
            }
            if last {
                break Ok(());
            }
        };
        // PROFILE: the operators above the stage took its rows from their own inputs, whose
        // time counts in theirs (as one thread would have measured it).
        if let Some(profile) = self.ctx.profile {
            for o in above(self.op, self.at) {
                profile.add_batches(o as *const Op as usize, 0, 0, lower_time);
            }
        }
        out?;
        if states.is_empty() {
            states.push(new());
        }
        Ok(states)
    }

    /// The next round of the lower part's rows, with the bytes held for them, the error that
    /// ended them, and whether they are the last.
    fn round(&mut self) -> (Round, u64, Option<crate::diagnostic::Error>, bool) {
        let want = morsel::staged_round();
        let mut round = Round {
            batches: Vec::new(),
            starts: Vec::new(),
            rows: 0,
        };
        let mut held = 0u64;
        while round.rows < want {
            match self.lower.next() {
                Ok(Some(batch)) => {
                    let bytes = batch_bytes(&batch);
                    held += bytes;
                    if let Err(e) =
                        budget::hold(bytes, "a parallel aggregation", budget::Kind::Rows)
                    {
                        return (round, held, Some(e), true);
                    }
                    round.starts.push(round.rows);
                    round.rows += batch.len;
                    round.batches.push(batch);
                }
                Ok(None) => return (round, held, None, true),
                Err(e) => return (round, held, Some(e), true),
            }
        }
        (round, held, None, false)
    }
}

/// What a batch's columns take.
fn batch_bytes(batch: &Batch) -> u64 {
    let mut bytes = 64u64;
    for col in batch.cols.iter().flatten() {
        bytes += match col {
            Col::Node(v) => 4 * v.len() as u64,
            Col::Rel(v) => 4 * v.len() as u64,
            Col::Any(v) => v.iter().map(budget::value_bytes).sum(),
        };
    }
    bytes
}

/// What one morsel runs: its part of the scan, or its rows of a staged round.
#[derive(Clone, Copy)]
struct Piece<'r> {
    part: Part,
    round: Option<&'r Round>,
}

/// A morsel's rows of a staged round, standing in for the operator they came from.
struct RoundRows {
    batches: std::vec::IntoIter<Batch>,
}

impl<'a> BatchOp<'a> for RoundRows {
    fn next(&mut self) -> Result<Option<Batch>> {
        Ok(self.batches.next())
    }
}

/// Aggregates without grouping keys over the rows so far.
struct Totals(Vec<Agg>);

impl Totals {
    fn new(aggs: &[AggSpec], op: &Op, ctx: Ctx) -> Totals {
        Totals(aggs.iter().map(|a| Agg::new(a, op, ctx)).collect())
    }

    /// The rows of `source` (morsel `morsel`).
    fn feed(
        &mut self,
        source: &mut Boxed,
        aggs: &[AggSpec],
        ctx: Ctx,
        morsel: usize,
    ) -> Result<()> {
        for agg in &mut self.0 {
            if let Agg::Plain(acc) = agg {
                acc.at(morsel as u64);
            }
        }
        let mut scratch = Scratch::default();
        while let Some(batch) = source.next()? {
            for (spec, acc) in aggs.iter().zip(self.0.iter_mut()) {
                acc.update_all(spec, &batch, ctx, &mut scratch)?;
            }
        }
        Ok(())
    }

    /// Takes in the totals of other rows (aggregates that merge: see `Accumulator::merge`).
    fn absorb(&mut self, other: Totals) -> Result<()> {
        for (into, from) in self.0.iter_mut().zip(other.0) {
            into.absorb(from)?;
        }
        Ok(())
    }

    fn finish(self, ctx: Ctx) -> Result<Row> {
        let mut row = Vec::with_capacity(self.0.len());
        for acc in self.0 {
            row.push(acc.finish(ctx)?);
        }
        Ok(row)
    }
}

/// What a group grouped by an entity holds (see `EntityGroups`): a count, or accumulators.
trait EntityState: Sized + Send {
    fn new(aggs: &[AggSpec]) -> Self;
    /// Bytes charged per group.
    fn bytes(aggs: &[AggSpec]) -> usize;
    /// Row `i` of the batch, of morsel `morsel`, joins the group.
    fn add(
        &mut self,
        aggs: &[AggSpec],
        batch: &Batch,
        i: usize,
        ctx: Ctx,
        scratch: &mut Scratch,
        morsel: u64,
    ) -> Result<()>;
    /// Takes in the rows of the same group seen elsewhere.
    fn absorb(&mut self, other: Self);
}

impl EntityState for u64 {
    fn new(_: &[AggSpec]) -> u64 {
        0
    }
    fn bytes(aggs: &[AggSpec]) -> usize {
        16 + 8 + 8 + 8 + 64 * aggs.len()
    }
    #[inline]
    fn add(
        &mut self,
        _: &[AggSpec],
        _: &Batch,
        _: usize,
        _: Ctx,
        _: &mut Scratch,
        _: u64,
    ) -> Result<()> {
        *self += 1;
        Ok(())
    }
    fn absorb(&mut self, other: u64) {
        *self += other;
    }
}

impl EntityState for Vec<Accumulator> {
    fn new(aggs: &[AggSpec]) -> Self {
        aggs.iter()
            .map(|a| Accumulator::new(a.kind, a.distinct))
            .collect()
    }
    fn bytes(aggs: &[AggSpec]) -> usize {
        // Each group: its entity, its first row, its accumulators and its index entry.
        16 + 8 + 8 + 64 * (1 + aggs.len())
    }
    fn add(
        &mut self,
        aggs: &[AggSpec],
        batch: &Batch,
        i: usize,
        ctx: Ctx,
        scratch: &mut Scratch,
        morsel: u64,
    ) -> Result<()> {
        for (spec, acc) in aggs.iter().zip(self.iter_mut()) {
            acc.at(morsel);
            update_one(acc, spec, batch, i, ctx, scratch)?;
        }
        Ok(())
    }
    fn absorb(&mut self, other: Self) {
        for (into, from) in self.iter_mut().zip(other) {
            into.merge(from);
        }
    }
}

/// Groups by the node or relationship id in a slot, in the order of their first row, each
/// with the place of that row (its morsel, and its number there): groups made by several
/// threads are merged into the order one thread gives them.
struct EntityGroups<A> {
    index: GroupIndex,
    groups: Vec<(Value, u64, A)>,
}

/// A group another thread made, into the groups at place `g`: a new group when `g` is one
/// past the last, else merged into the one there (the earlier first row kept).
fn join_group<K, A: EntityState>(groups: &mut Vec<(K, u64, A)>, g: usize, group: (K, u64, A)) {
    if g == groups.len() {
        groups.push(group);
    } else {
        let (_, first, state) = group;
        let into = &mut groups[g];
        into.1 = into.1.min(first);
        into.2.absorb(state);
    }
}

/// Rows a morsel may give before its places run into the next morsel's (2^40).
const MORSEL_ROWS_SHIFT: u32 = 40;

impl<A: EntityState> EntityGroups<A> {
    fn new(ctx: Ctx, kind: Kind) -> Self {
        let bound = match kind {
            Kind::Rel => ctx.graph.rel_bound(),
            _ => ctx.graph.node_bound(),
        };
        EntityGroups {
            index: GroupIndex::new(bound),
            groups: Vec::new(),
        }
    }

    /// The rows of `source` (morsel `morsel`), into their groups.
    fn feed(
        &mut self,
        source: &mut Boxed,
        slot: usize,
        aggs: &[AggSpec],
        ctx: Ctx,
        morsel: usize,
    ) -> Result<()> {
        let mut scratch = Scratch::default();
        let mut place = (morsel as u64) << MORSEL_ROWS_SHIFT;
        while let Some(batch) = source.next()? {
            match batch.col(slot) {
                Some(Col::Node(ids)) => {
                    for (i, n) in ids.iter().enumerate() {
                        let first = place + i as u64;
                        let g = self.group(n.0, || Value::Node(*n), first, aggs)?;
                        self.groups[g]
                            .2
                            .add(aggs, &batch, i, ctx, &mut scratch, morsel as u64)?;
                    }
                }
                Some(Col::Rel(ids)) => {
                    for (i, r) in ids.iter().enumerate() {
                        let first = place + i as u64;
                        let g = self.group(r.0, || Value::Rel(*r), first, aggs)?;
                        self.groups[g]
                            .2
                            .add(aggs, &batch, i, ctx, &mut scratch, morsel as u64)?;
                    }
                }
                _ => {}
            }
            place += batch.len as u64;
        }
        Ok(())
    }

    /// The group of id `raw`, made (with the entity `id` makes, first seen at `first`) when
    /// it has none.
    #[inline]
    fn group(
        &mut self,
        raw: u32,
        id: impl FnOnce() -> Value,
        first: u64,
        aggs: &[AggSpec],
    ) -> Result<usize> {
        let groups = &mut self.groups;
        self.index.get_or(raw, || {
            groups.push((id(), first, A::new(aggs)));
            if groups.len().is_multiple_of(GROUPS_CHARGED) {
                let bytes = GROUPS_CHARGED * A::bytes(aggs);
                budget::hold(bytes as u64, "grouping", budget::Kind::Rows)?;
            }
            Ok(groups.len() - 1)
        })
    }

    /// The groups of several threads as one thread makes them: the same entity's merged, in
    /// the order of their first rows.
    fn merged(mut parts: Vec<Self>, ctx: Ctx) -> Result<Vec<(Value, A)>> {
        if parts.len() == 1 {
            // One thread's groups are in the order of their first rows already.
            let groups = parts.pop().map_or_else(Vec::new, |p| p.groups);
            return Ok(groups.into_iter().map(|(v, _, a)| (v, a)).collect());
        }
        // Into the part with the most groups, through its index.
        let biggest = (0..parts.len())
            .max_by_key(|i| parts[*i].groups.len())
            .unwrap_or(0);
        let mut all = parts.swap_remove(biggest);
        for part in parts {
            for (id, first, state) in part.groups {
                ctx.tick()?;
                let raw = match &id {
                    Value::Node(n) => n.0,
                    Value::Rel(r) => r.0,
                    _ => continue,
                };
                let fresh = all.groups.len();
                let g = all.index.get_or(raw, || Ok(fresh))?;
                join_group(&mut all.groups, g, (id, first, state));
            }
        }
        // The order of first rows.
        all.groups.sort_unstable_by_key(|g| g.1);
        Ok(all.groups.into_iter().map(|(v, _, a)| (v, a)).collect())
    }
}

/// An aggregate without grouping keys: `count(DISTINCT n)` over the nodes of a column marks
/// them in a bitset; anything else goes to its accumulator.
enum Agg {
    Plain(Accumulator),
    DistinctNodes {
        slot: usize,
        seen: fixedbitset::FixedBitSet,
        /// Values of the column that are not nodes (never equal to a node).
        other: Accumulator,
    },
}

impl Agg {
    fn new(spec: &AggSpec, op: &Op, ctx: Ctx) -> Agg {
        let plain = Accumulator::new(spec.kind, spec.distinct);
        match &spec.arg {
            Some(arg)
                if spec.kind == AggregateKind::Count
                    && spec.distinct
                    && peel(arg) != usize::MAX
                    && kind_of(op, peel(arg)) == Kind::Node =>
            {
                // A bit per node slot: far less than the set of values it replaces.
                let bound = ctx.graph.node_bound();
                if budget::hold(
                    bound.div_ceil(8) as u64,
                    "count(DISTINCT)",
                    budget::Kind::Rows,
                )
                .is_err()
                {
                    return Agg::Plain(plain);
                }
                Agg::DistinctNodes {
                    slot: peel(arg),
                    seen: fixedbitset::FixedBitSet::with_capacity(bound),
                    other: plain,
                }
            }
            _ => Agg::Plain(plain),
        }
    }

    fn update_all(
        &mut self,
        spec: &AggSpec,
        batch: &Batch,
        ctx: Ctx,
        scratch: &mut Scratch,
    ) -> Result<()> {
        match self {
            Agg::Plain(acc) => update_all(acc, spec, batch, ctx, scratch),
            Agg::DistinctNodes { slot, seen, other } => {
                match batch.col(*slot) {
                    Some(Col::Node(ids)) => {
                        for n in ids {
                            seen.grow(n.0 as usize + 1);
                            seen.insert(n.0 as usize);
                        }
                    }
                    _ => {
                        for i in 0..batch.len {
                            match batch.value(*slot, i) {
                                Value::Node(n) => {
                                    seen.grow(n.0 as usize + 1);
                                    seen.insert(n.0 as usize);
                                }
                                v => other.update(v, None)?,
                            }
                        }
                    }
                }
                Ok(())
            }
        }
    }

    /// Takes in the same aggregate over other rows (one that merges: `Accumulator::merge`).
    fn absorb(&mut self, other: Agg) -> Result<()> {
        match (self, other) {
            (
                Agg::DistinctNodes { seen, other, .. },
                Agg::DistinctNodes {
                    seen: more,
                    other: more_other,
                    ..
                },
            ) => {
                seen.grow(more.len());
                seen.union_with(&more);
                other.merge(more_other);
            }
            (into, from) => {
                let mut acc = std::mem::replace(
                    into,
                    Agg::Plain(Accumulator::new(AggregateKind::Count, false)),
                )
                .into_plain()?;
                acc.merge(from.into_plain()?);
                *into = Agg::Plain(acc);
            }
        }
        Ok(())
    }

    /// The aggregate as an accumulator of values.
    fn into_plain(self) -> Result<Accumulator> {
        match self {
            Agg::Plain(acc) => Ok(acc),
            Agg::DistinctNodes { seen, other, .. } => {
                let mut acc = Accumulator::new(AggregateKind::Count, true);
                for n in seen.ones() {
                    acc.update(Value::Node(NodeId(n as u32)), None)?;
                }
                acc.merge(other);
                Ok(acc)
            }
        }
    }

    fn finish(self, ctx: Ctx) -> Result<Value> {
        match self {
            Agg::Plain(acc) => acc.finish(ctx.cancel),
            Agg::DistinctNodes { seen, other, .. } => {
                let n = seen.count_ones(..) as i64;
                Ok(match other.finish(ctx.cancel)? {
                    Value::Int(m) => Value::Int(n.saturating_add(m)),
                    _ => Value::Int(n),
                })
            }
        }
    }
}

/// The group of each node or relationship id: a hash table while the groups are few, an
/// array by id once they are many enough to pay for one entry per id.
struct GroupIndex {
    dense: Vec<u32>,
    hash: HashMap<u32, usize>,
    /// The last id asked for and its group: rows of one id often come together (a node's
    /// neighbours come out in id order, so parallel relationships are neighbours), and then
    /// need no lookup.
    last: Option<(u32, usize)>,
    /// One past the highest id when the index was made; 0 once it cannot be dense.
    bound: usize,
}

impl GroupIndex {
    /// Ids up to this many may get an array (4 bytes each).
    const DENSE_MAX: usize = 1 << 24;

    fn new(bound: usize) -> GroupIndex {
        GroupIndex {
            dense: Vec::new(),
            hash: HashMap::new(),
            last: None,
            bound: if bound <= Self::DENSE_MAX { bound } else { 0 },
        }
    }

    /// The group of `raw`, made with `make` (which returns its index) when it has none.
    #[inline]
    fn get_or(&mut self, raw: u32, make: impl FnOnce() -> Result<usize>) -> Result<usize> {
        match self.last {
            Some((id, g)) if id == raw => Ok(g),
            _ => {
                let g = self.find_or(raw, make)?;
                self.last = Some((raw, g));
                Ok(g)
            }
        }
    }

    #[inline]
    fn find_or(&mut self, raw: u32, make: impl FnOnce() -> Result<usize>) -> Result<usize> {
        if !self.dense.is_empty() {
            if let Some(&g) = self.dense.get(raw as usize) {
                if g != u32::MAX {
                    return Ok(g as usize);
                }
                let g = make()?;
                self.dense[raw as usize] = g as u32;
                return Ok(g);
            }
            // An id past the array (a node made during the statement): back to hashing.
            for (id, g) in self.dense.iter().enumerate() {
                if *g != u32::MAX {
                    self.hash.insert(id as u32, *g as usize);
                }
            }
            self.dense = Vec::new();
            self.bound = 0;
        }
        if let Some(g) = self.hash.get(&raw) {
            return Ok(*g);
        }
        let g = make()?;
        self.hash.insert(raw, g);
        // Groups past a 32nd of the ids: an array costs less than the table.
        if self.bound > 0 && self.hash.len() > self.bound / 32 {
            let bound = self.bound;
            self.bound = 0;
            if self.hash.keys().all(|id| (*id as usize) < bound)
                && budget::hold((bound * 4) as u64, "grouping", budget::Kind::Rows).is_ok()
            {
                self.dense = vec![u32::MAX; bound];
                for (id, g) in self.hash.drain() {
                    self.dense[id as usize] = g as u32;
                }
            }
        }
        Ok(g)
    }
}

/// One aggregate over every row of a batch.
fn update_all(
    acc: &mut Accumulator,
    spec: &AggSpec,
    batch: &Batch,
    ctx: Ctx,
    scratch: &mut Scratch,
) -> Result<()> {
    if spec.kind == AggregateKind::CountStar && spec.extra.is_none() {
        acc.add_rows(batch.len as u64);
        return Ok(());
    }
    if let Some(done) = prop_aggregate(acc, spec, batch, ctx) {
        return done;
    }
    for i in 0..batch.len {
        update_one(acc, spec, batch, i, ctx, scratch)?;
    }
    Ok(())
}

/// An aggregate of a property over a batch (see `reads_in_place`), read in place column by
/// column: the column of the nodes' property, or of each relationship type's, is found once
/// per batch and not per row; a number is added without making a value. None when the
/// aggregate is not of that form.
fn prop_aggregate(
    acc: &mut Accumulator,
    spec: &AggSpec,
    batch: &Batch,
    ctx: Ctx,
) -> Option<Result<()>> {
    if !reads_in_place(spec) {
        return None;
    }
    let take = |acc: &mut Accumulator, cell| take_prop(acc, spec.kind, cell);
    let graph = ctx.graph;
    let operand = spec.arg.as_ref().and_then(|a| operand(a, batch))?;
    Some(match (operand, operand_col(operand, batch)?) {
        (Operand::NodeProp(_, key), Col::Node(ns)) => {
            let col = graph.node_column(key);
            ns.iter().try_for_each(|&n| match graph.contains_node(n) {
                true => take(acc, col.and_then(|c| c.get(n.0))),
                false => Ok(()),
            })
        }
        (Operand::RelProp(_, key), Col::Rel(rs)) => {
            // The column of the type last read: a batch's relationships come by type.
            let mut last: Option<(Sym, Option<crate::graph::ColumnRef>)> = None;
            rs.iter().try_for_each(|&r| {
                let Some((ty, pos)) = graph.rel_place(r) else {
                    return Ok(());
                };
                let col = match last {
                    Some((t, col)) if t == ty => col,
                    _ => {
                        let col = graph.rel_column(ty, key);
                        last = Some((ty, col));
                        col
                    }
                };
                take(acc, col.and_then(|c| c.get(pos)))
            })
        }
        _ => return None,
    })
}

/// Whether the aggregate takes a property of its rows read in place (`take_prop`): `sum`,
/// `avg`, `min` and `max` without DISTINCT; `count`, `collect`, `stDev` and `stDevP`. Not the
/// percentiles, whose percentile is read from each row.
fn reads_in_place(spec: &AggSpec) -> bool {
    spec.extra.is_none()
        && match spec.kind {
            AggregateKind::Sum | AggregateKind::Avg | AggregateKind::Min | AggregateKind::Max => {
                !spec.distinct
            }
            AggregateKind::Count
            | AggregateKind::Collect
            | AggregateKind::StDev
            | AggregateKind::StDevP => true,
            AggregateKind::CountStar
            | AggregateKind::PercentileCont
            | AggregateKind::PercentileDisc => false,
        }
}

/// One property value read in place (None: the entity has none), given to its aggregate
/// without evaluating an expression: a number is added by `sum` and `avg` without making a
/// value, a date makes one for `min` and `max` only when it would win.
fn take_prop(
    acc: &mut Accumulator,
    kind: AggregateKind,
    cell: Option<crate::graph::PropRef>,
) -> Result<()> {
    use crate::graph::PropRef;
    let numeric = matches!(kind, AggregateKind::Sum | AggregateKind::Avg);
    match cell {
        None => Ok(()),
        Some(PropRef::Int(x)) if numeric => acc.update_int(x),
        Some(PropRef::Float(x)) if numeric => acc.update_float(x),
        Some(PropRef::Date(days)) if !numeric && !acc.date_may_win(days) => Ok(()),
        Some(cell) => acc.update(cell.to_value(), None),
    }
}

/// The column of the slot a property operand reads.
fn operand_col<'b>(operand: Operand, batch: &'b Batch) -> Option<&'b Col> {
    match operand {
        Operand::NodeProp(s, _) | Operand::RelProp(s, _) => batch.col(s),
        Operand::Const(_) => None,
    }
}

/// One aggregate over one row: a slot's value is read from its column, anything else is
/// evaluated over the row.
fn update_one(
    acc: &mut Accumulator,
    spec: &AggSpec,
    batch: &Batch,
    i: usize,
    ctx: Ctx,
    scratch: &mut Scratch,
) -> Result<()> {
    // A property read in place (see `reads_in_place`).
    if reads_in_place(spec) {
        if let Some(operand @ (Operand::NodeProp(..) | Operand::RelProp(..))) =
            spec.arg.as_ref().and_then(|a| operand(a, batch))
        {
            let cell = match operand.read(batch, i, ctx) {
                Cell::Prop(p) => Some(p),
                _ => None,
            };
            return take_prop(acc, spec.kind, cell);
        }
    }
    let value = match &spec.arg {
        None => Value::Null,
        Some(Ex::Slot(s)) => batch.value(*s, i),
        Some(arg) => scratch.eval(arg, batch, i, ctx)?,
    };
    let extra = match &spec.extra {
        Some(e) => Some(scratch.eval(e, batch, i, ctx)?),
        None => None,
    };
    acc.update(value, extra.as_ref())
}

// ---- batches ------------------------------------------------------------------------------

/// One column of a batch.
#[derive(Clone, Debug)]
enum Col {
    Node(Vec<NodeId>),
    Rel(Vec<RelId>),
    /// Values given to the pipeline (the previous stage's rows).
    Any(Vec<Value>),
}

impl Col {
    fn gather(&self, idx: &[u32]) -> Col {
        match self {
            Col::Node(v) => Col::Node(idx.iter().map(|&i| v[i as usize]).collect()),
            Col::Rel(v) => Col::Rel(idx.iter().map(|&i| v[i as usize]).collect()),
            Col::Any(v) => Col::Any(idx.iter().map(|&i| v[i as usize].clone()).collect()),
        }
    }

    fn retain(&mut self, keep: &[bool]) {
        fn go<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut k = keep.iter();
            v.retain(|_| *k.next().unwrap_or(&false));
        }
        match self {
            Col::Node(v) => go(v, keep),
            Col::Rel(v) => go(v, keep),
            Col::Any(v) => go(v, keep),
        }
    }

    fn value(&self, i: usize) -> Value {
        match self {
            Col::Node(v) => Value::Node(v[i]),
            Col::Rel(v) => Value::Rel(v[i]),
            Col::Any(v) => v[i].clone(),
        }
    }
}

/// Rows as columns by slot; a slot nothing has bound yet has no column (null).
#[derive(Clone, Debug, Default)]
struct Batch {
    cols: Vec<Option<Col>>,
    len: usize,
}

impl Batch {
    fn col(&self, slot: usize) -> Option<&Col> {
        self.cols.get(slot).and_then(Option::as_ref)
    }

    fn set(&mut self, slot: usize, col: Col) {
        if self.cols.len() <= slot {
            self.cols.resize(slot + 1, None);
        }
        self.cols[slot] = Some(col);
    }

    /// The rows at `idx`, in that order, of the columns `need` names.
    fn gather(&self, idx: &[u32], need: &Need) -> Batch {
        Batch {
            cols: self
                .cols
                .iter()
                .enumerate()
                .map(|(s, c)| c.as_ref().filter(|_| need.has(s)).map(|c| c.gather(idx)))
                .collect(),
            len: idx.len(),
        }
    }

    fn retain(&mut self, keep: &[bool]) {
        for c in self.cols.iter_mut().flatten() {
            c.retain(keep);
        }
        self.len = keep.iter().filter(|k| **k).count();
    }

    fn value(&self, slot: usize, i: usize) -> Value {
        self.col(slot).map_or(Value::Null, |c| c.value(i))
    }

    /// Row `i` into `row`, every slot.
    fn fill(&self, i: usize, row: &mut Row) {
        row.clear();
        row.extend(
            self.cols
                .iter()
                .map(|c| c.as_ref().map_or(Value::Null, |c| c.value(i))),
        );
    }

    /// The node at an expansion's start (`end` 0) or far end (1): None for null, an error for
    /// other values (as the row operators: `pipeline::end_at`).
    fn end_at(&self, spec: &ExpandSpec, end: usize, i: usize) -> Result<Option<NodeId>> {
        let slot = if end == 0 { spec.from } else { spec.to };
        match self.col(slot) {
            Some(Col::Node(v)) => Ok(Some(v[i])),
            Some(Col::Any(v)) => pipeline::node_at(std::slice::from_ref(&v[i]), 0),
            Some(Col::Rel(v)) => pipeline::node_at(std::slice::from_ref(&Value::Rel(v[i])), 0),
            None => Ok(None),
        }
        .map_err(|e| pipeline::placed(e, spec.spans[end]))
    }

    /// Relationships row `i` already bound in the same MATCH: a pattern never matches one twice.
    fn used_rels(&self, spec: &ExpandSpec, i: usize) -> Vec<RelId> {
        spec.distinct_from
            .iter()
            .filter_map(|s| self.rel_at(*s, i))
            .collect()
    }

    fn rel_at(&self, slot: usize, i: usize) -> Option<RelId> {
        match self.col(slot) {
            Some(Col::Rel(v)) => Some(v[i]),
            Some(Col::Any(v)) => match &v[i] {
                Value::Rel(r) => Some(*r),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A reusable row for evaluating expressions the kernels do not cover.
#[derive(Default)]
struct Scratch {
    row: Row,
    locals: Vec<Value>,
    /// `column_compare`'s decisions by dictionary code, kept from batch to batch, by the
    /// comparison (its address in the plan) and the dictionary (`ColumnRef::dict_id`).
    memos: HashMap<(usize, u64), Vec<u8>>,
}

impl Scratch {
    fn eval(&mut self, ex: &Ex, batch: &Batch, i: usize, ctx: Ctx) -> Result<Value> {
        batch.fill(i, &mut self.row);
        self.locals.clear();
        eval(ex, &self.row, ctx, &mut self.locals)
    }
}

/// What a slot holds in the subtree's batches: ids when an operator of the subtree binds it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Node,
    Rel,
    Any,
}

fn kind_of(op: &Op, slot: usize) -> Kind {
    kind_within(op, slot, MAX_DEPTH)
}

fn kind_within(op: &Op, slot: usize, depth: usize) -> Kind {
    // Below the batch part the row operators bind slots: values of any kind.
    if depth == 0 || !batch_op(op) {
        return Kind::Any;
    }
    match op {
        Op::Scan { slot: s, .. } if *s == slot => Kind::Node,
        Op::Expand { spec, .. } if spec.rel == slot => Kind::Rel,
        Op::Expand { spec, .. } if spec.to == slot && !spec.into => Kind::Node,
        Op::RelScan { spec, .. } if spec.rel == slot => Kind::Rel,
        Op::RelScan { spec, .. } if spec.from == slot || spec.to == slot => Kind::Node,
        other => other
            .input()
            .map_or(Kind::Any, |i| kind_within(i, slot, depth - 1)),
    }
}

// ---- operators ----------------------------------------------------------------------------

trait BatchOp<'a> {
    /// The next non-empty batch; None when there are no more.
    fn next(&mut self) -> Result<Option<Batch>>;

    /// How many rows the operator gives, when only their number is wanted (count(*) with
    /// nothing read from the rows): an expansion whose outputs nothing reads counts them
    /// without making them.
    fn count(&mut self) -> Result<u64> {
        count_batches(self)
    }
}

/// The rows of every batch an operator gives, counted.
fn count_batches<'a>(op: &mut (impl BatchOp<'a> + ?Sized)) -> Result<u64> {
    let mut n = 0u64;
    while let Some(b) = op.next()? {
        n += b.len as u64;
    }
    Ok(n)
}

type Boxed<'a> = Box<dyn BatchOp<'a> + 'a>;

/// The slots the operators above read: an operator makes and keeps only those columns. `None`
/// is every slot (rows going back to the row operators, or a predicate whose reads cannot be
/// told).
#[derive(Clone, Debug)]
struct Need(Option<Vec<bool>>);

impl Need {
    fn all() -> Need {
        Need(None)
    }

    fn none() -> Need {
        Need(Some(Vec::new()))
    }

    fn has(&self, slot: usize) -> bool {
        match &self.0 {
            None => true,
            Some(v) => v.get(slot).copied().unwrap_or(false),
        }
    }

    fn add(&mut self, slot: usize) {
        if let Some(v) = &mut self.0 {
            if v.len() <= slot {
                v.resize(slot + 1, false);
            }
            v[slot] = true;
        }
    }

    /// The slots an expression reads, added; every slot when it runs a sub-plan.
    fn add_reads(&mut self, ex: &Ex) {
        if self.0.is_some() && !reads(ex, self) {
            self.0 = None;
        }
    }

    /// The need of an operator's input: this need and the slots the operator reads.
    fn below(&self, op: &Op) -> Need {
        let mut need = self.clone();
        match op {
            Op::Scan { source, .. }
            | Op::RelScan {
                seek: Some(source), ..
            } => {
                for value in source.exprs() {
                    need.add_reads(value);
                }
                if let Op::RelScan { spec, .. } = op {
                    for s in spec.distinct_from.iter() {
                        need.add(*s);
                    }
                }
            }
            Op::Filter { pred, .. } => need.add_reads(pred),
            Op::DistinctOn { key, .. } => {
                for k in key.iter() {
                    let (DistinctKey::Slot(s) | DistinctKey::LoopRel(s)) = k;
                    need.add(*s);
                }
            }
            Op::Expand { spec, .. } | Op::RelScan { spec, .. } => {
                need.add(spec.from);
                if spec.into {
                    need.add(spec.to);
                }
                for s in spec.distinct_from.iter() {
                    need.add(*s);
                }
            }
            _ => {}
        }
        need
    }
}

/// The slots `ex` reads, into `need`; false when it runs a sub-plan (which may read any).
fn reads(ex: &Ex, need: &mut Need) -> bool {
    match ex {
        Ex::Slot(s) => {
            need.add(*s);
            true
        }
        Ex::Const(_) | Ex::Local(_) => true,
        Ex::Procedure(_, args) => args.iter().all(|a| reads(a, need)),
        Ex::Exists(_) | Ex::CountRows(_) | Ex::CollectRows(..) => false,
        Ex::BuildPath { start, rels } => {
            need.add(*start);
            for r in rels {
                need.add(*r);
            }
            true
        }
        Ex::Prop(e, _)
        | Ex::Unary(_, e)
        | Ex::IsNull(e, _)
        | Ex::HasLabels(e, _)
        | Ex::Labels(e, _)
        | Ex::IsType(e, ..) => reads(e, need),
        Ex::Spanned(e, _) => reads(e, need),
        Ex::Index(a, b) | Ex::And(a, b) | Ex::Or(a, b) | Ex::Binary(_, a, b) => {
            reads(a, need) && reads(b, need)
        }
        Ex::Slice(a, b, c) => {
            reads(a, need)
                && b.as_deref().is_none_or(|b| reads(b, need))
                && c.as_deref().is_none_or(|c| reads(c, need))
        }
        Ex::List(items) | Ex::Call(_, items) => items.iter().all(|e| reads(e, need)),
        Ex::Map(items) => items.iter().all(|(_, e)| reads(e, need)),
        Ex::Case {
            subject,
            whens,
            else_,
        } => {
            subject.as_deref().is_none_or(|s| reads(s, need))
                && whens.iter().all(|(w, t)| reads(w, need) && reads(t, need))
                && else_.as_deref().is_none_or(|e| reads(e, need))
        }
        Ex::ListComp {
            list, where_, map, ..
        } => {
            reads(list, need)
                && where_.as_deref().is_none_or(|w| reads(w, need))
                && map.as_deref().is_none_or(|m| reads(m, need))
        }
        Ex::Reduce {
            init, list, expr, ..
        } => reads(init, need) && reads(list, need) && reads(expr, need),
        Ex::Quantified { list, pred, .. } => reads(list, need) && reads(pred, need),
        Ex::MapProjection { base, items } => {
            reads(base, need)
                && items.iter().all(|i| match i {
                    MapItem::Value(_, e) => reads(e, need),
                    MapItem::Property(..) | MapItem::AllProperties => true,
                })
        }
    }
}

/// The operator tree as batch operators, making the columns `need` names; `measure` says
/// whether to profile `op` itself.
fn build<'a>(
    op: &'a Op,
    ctx: Ctx<'a>,
    input: &mut Option<Rows<'a>>,
    measure: bool,
    need: &Need,
    piece: Option<&Piece>,
) -> Boxed<'a> {
    if let Some(Piece {
        part,
        round: Some(round),
    }) = piece
    {
        if part.leaf == op as *const Op as usize {
            // Measured where the round was made.
            return Box::new(RoundRows {
                batches: round.rows(part.from, part.to).into_iter(),
            });
        }
    }
    let part = piece.map(|p| &p.part);
    let below = need.below(op);
    let range = Part::range_of(part, op);
    let built: Boxed<'a> = match op {
        Op::Input => Box::new(Input {
            rows: input.take().unwrap_or_else(|| Box::new(std::iter::empty())),
            ctx,
            need: need.clone(),
            cap: BATCH,
        }),
        Op::Scan {
            input: child,
            slot,
            source,
        } => Box::new(Fan::new(
            build(child, ctx, input, true, &below, piece),
            ctx,
            Scan {
                ctx,
                slot: *slot,
                source,
                range,
                found: None,
            },
            need,
            range.is_some(),
        )),
        Op::Expand { input: child, spec } => Box::new(Fan::new(
            build(child, ctx, input, true, &below, piece),
            ctx,
            Expand {
                ctx,
                spec,
                last_from: None,
                last_to: None,
            },
            need,
            part.is_some(),
        )),
        Op::RelScan {
            input: child,
            spec,
            seek,
        } => Box::new(Fan::new(
            build(child, ctx, input, true, &below, piece),
            ctx,
            RelScan {
                ctx,
                spec,
                seek: seek.as_ref(),
                range,
            },
            need,
            range.is_some(),
        )),
        Op::Filter { input: child, pred } => Box::new(Filter {
            child: build(child, ctx, input, true, &below, piece),
            ctx,
            pred,
            scratch: Scratch::default(),
        }),
        Op::DistinctOn {
            input: child,
            key,
            loop_cap,
        } => Box::new(Distinct {
            child: build(child, ctx, input, true, &below, piece),
            ctx,
            dedupe: Dedupe::new(key, *loop_cap),
            by_ids: IdDedupe::new(child, key, *loop_cap, ctx.graph),
            key,
            row: Vec::new(),
        }),
        // Where the batch part ends: the rows of the row operators, measured by them.
        leaf => {
            let rows = input.take().unwrap_or_else(|| Box::new(std::iter::empty()));
            return Box::new(Input {
                rows: pipeline::run(leaf, ctx, rows),
                ctx,
                need: need.clone(),
                cap: 1,
            });
        }
    };
    match (measure, ctx.profile) {
        (true, Some(profile)) => Box::new(Measured {
            inner: built,
            profile,
            key: op as *const Op as usize,
        }),
        _ => built,
    }
}

/// PROFILE's counts for a batch operator: rows, and time including its inputs', as the row
/// operators are measured.
struct Measured<'a> {
    inner: Boxed<'a>,
    profile: &'a super::Profile,
    key: usize,
}

impl<'a> BatchOp<'a> for Measured<'a> {
    fn next(&mut self) -> Result<Option<Batch>> {
        let started = Instant::now();
        let out = self.inner.next();
        let (rows, batches) = match &out {
            Ok(Some(b)) => (b.len as u64, 1),
            _ => (0, 0),
        };
        self.profile
            .add_batches(self.key, rows, batches, started.elapsed());
        out
    }

    fn count(&mut self) -> Result<u64> {
        let started = Instant::now();
        let out = self.inner.count();
        // Counted without batches of rows: one batch, of the count.
        self.profile
            .add_batches(self.key, *out.as_ref().unwrap_or(&0), 1, started.elapsed());
        out
    }
}

/// Counts a batch operator's batches for PROFILE, where its rows and time are measured
/// row by row.
struct Batches<'a> {
    inner: Boxed<'a>,
    profile: &'a super::Profile,
    key: usize,
}

impl<'a> BatchOp<'a> for Batches<'a> {
    fn next(&mut self) -> Result<Option<Batch>> {
        let out = self.inner.next();
        if let Ok(Some(_)) = &out {
            self.profile
                .add_batches(self.key, 0, 1, std::time::Duration::ZERO);
        }
        out
    }
}

/// The rows given to the pipeline, or made by the row operators below it, as batches of
/// values.
struct Input<'a> {
    rows: Rows<'a>,
    ctx: Ctx<'a>,
    need: Need,
    /// The rows of the next batch: rows made below start at one and double up to `BATCH`,
    /// so that no more of them are made than the operators above ask for (LIMIT).
    cap: usize,
}

impl<'a> BatchOp<'a> for Input<'a> {
    fn next(&mut self) -> Result<Option<Batch>> {
        let mut rows: Vec<Row> = Vec::new();
        for row in self.rows.by_ref() {
            rows.push(row?);
            self.ctx.tick()?;
            if rows.len() >= self.cap {
                break;
            }
        }
        self.cap = (self.cap * 2).min(BATCH);
        if rows.is_empty() {
            return Ok(None);
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut batch = Batch {
            cols: Vec::with_capacity(width),
            len: rows.len(),
        };
        for s in 0..width {
            if !self.need.has(s) {
                batch.cols.push(None);
                continue;
            }
            let col: Vec<Value> = rows
                .iter()
                .map(|r| r.get(s).cloned().unwrap_or(Value::Null))
                .collect();
            batch.cols.push(Some(Col::Any(col)));
        }
        Ok(Some(batch))
    }
}

/// What one input row of a scan or expansion yields, up to three ids per output row: an
/// iterator, or (for an expansion) the entries of adjacency slices the `Fan` copies in bulk.
enum Outs<'a> {
    Iter(Box<dyn Iterator<Item = [u32; 3]> + 'a>),
    Slices,
    Table(TableRun<'a>),
}

/// A relationship scan's outputs: the relationships of its types' tables, walked in order,
/// their ends read only when an operator above reads them.
/// How many relationships ahead a scan asks for the ends it will read (see
/// `Graph::prefetch_ends`).
const PREFETCH_AHEAD: usize = 16;

struct TableRun<'a> {
    graph: &'a Graph,
    /// The types' tables, or the relationships a seek found.
    lists: Vec<std::borrow::Cow<'a, [RelId]>>,
    dir: Dir,
    used: Vec<RelId>,
    /// The next entry: list, offset.
    at: usize,
    off: usize,
    /// The second row of an undirected scan's relationship, when the batch filled before it.
    due: Option<[u32; 3]>,
}

impl<'a> TableRun<'a> {
    /// Copies outputs of input row `from` until `cap` rows; true when every one is out.
    fn copy(
        &mut self,
        from: u32,
        cap: usize,
        want: [bool; 3],
        idx: &mut Vec<u32>,
        ids: &mut [Vec<u32>; 3],
    ) -> bool {
        let mut push = |row: [u32; 3], idx: &mut Vec<u32>| {
            idx.push(from);
            for k in 0..3 {
                if want[k] {
                    ids[k].push(row[k]);
                }
            }
        };
        // Only the ends read above are looked up; an undirected scan needs both to place them.
        let (need_start, need_end) = match self.dir {
            Dir::Out => (want[0], want[2]),
            Dir::In => (want[2], want[0]),
            Dir::Both => (true, true),
        };
        let graph = self.graph;
        let ends = |r: RelId| {
            (
                if need_start {
                    graph.start_of_live(r)
                } else {
                    NodeId(0)
                },
                if need_end {
                    graph.end_of_live(r)
                } else {
                    NodeId(0)
                },
            )
        };
        loop {
            if let Some(row) = self.due.take() {
                if idx.len() >= cap {
                    self.due = Some(row);
                    return false;
                }
                push(row, idx);
            }
            let Some(list) = self.lists.get(self.at) else {
                return true;
            };
            while self.off < list.len() {
                if idx.len() >= cap {
                    return false;
                }
                let r = list[self.off];
                if let Some(ahead) = list.get(self.off + PREFETCH_AHEAD) {
                    if !Graph::is_rel_place_empty(*ahead) {
                        graph.prefetch_ends(*ahead, need_start, need_end);
                    }
                }
                self.off += 1;
                if Graph::is_rel_place_empty(r) || self.used.contains(&r) {
                    continue;
                }
                let (s, e) = ends(r);
                match self.dir {
                    Dir::Out => push([s.0, r.0, e.0], idx),
                    Dir::In => push([e.0, r.0, s.0], idx),
                    Dir::Both => {
                        push([s.0, r.0, e.0], idx);
                        if s != e {
                            if idx.len() >= cap {
                                self.due = Some([e.0, r.0, s.0]);
                                return false;
                            }
                            push([e.0, r.0, s.0], idx);
                        }
                    }
                }
            }
            self.at += 1;
            self.off = 0;
        }
    }

    /// How many output rows there are.
    fn count(&self) -> u64 {
        let mut n = 0u64;
        for list in &self.lists {
            for &r in list.iter() {
                if Graph::is_rel_place_empty(r) || self.used.contains(&r) {
                    continue;
                }
                n += 1;
                if self.dir == Dir::Both {
                    let (s, e) = self.graph.ends_of_live(r);
                    n += u64::from(s != e);
                }
            }
        }
        n
    }
}

/// An expansion's outputs as slices of the adjacency rows (`Graph::expand_slices`): each entry
/// (relationship, other end) is one output row, except the other end's self entries where a
/// slice is marked and the relationships the row already used.
/// Entries from which on an expansion drops the relationships bound earlier that do not touch
/// its node (one lookup each), so that the entries are copied without comparing.
const USED_CHECKED: usize = 16;

#[derive(Default)]
struct Slices<'a> {
    list: Vec<(&'a [(RelId, NodeId)], bool)>,
    node: u32,
    used: Vec<RelId>,
    /// The next entry: slice, offset.
    at: usize,
    off: usize,
}

impl<'a> Slices<'a> {
    fn reset(&mut self, node: NodeId, used: Vec<RelId>) {
        self.list.clear();
        self.node = node.0;
        self.used = used;
        self.at = 0;
        self.off = 0;
    }

    /// Copies entries into the outputs of input row `from` until `cap` rows; true when every
    /// entry is out.
    fn copy(
        &mut self,
        from: u32,
        cap: usize,
        want: [bool; 3],
        idx: &mut Vec<u32>,
        ids: &mut [Vec<u32>; 3],
    ) -> bool {
        while self.at < self.list.len() {
            if idx.len() >= cap {
                return false;
            }
            let (slice, skip_self) = self.list[self.at];
            let rest = &slice[self.off..];
            let take = rest.len().min(cap - idx.len());
            let chunk = &rest[..take];
            if !skip_self && self.used.is_empty() {
                idx.extend(std::iter::repeat_n(from, take));
                if want[0] {
                    ids[0].extend(chunk.iter().map(|(r, _)| r.0));
                }
                if want[1] {
                    ids[1].extend(chunk.iter().map(|(_, n)| n.0));
                }
            } else {
                for &(r, n) in chunk {
                    if (skip_self && n.0 == self.node) || self.used.contains(&r) {
                        continue;
                    }
                    idx.push(from);
                    if want[0] {
                        ids[0].push(r.0);
                    }
                    if want[1] {
                        ids[1].push(n.0);
                    }
                }
            }
            self.off += take;
            if self.off == slice.len() {
                self.at += 1;
                self.off = 0;
            }
        }
        true
    }

    /// How many entries there are.
    fn len(&self) -> usize {
        self.list.iter().map(|(slice, _)| slice.len()).sum()
    }

    /// How many output rows the entries make.
    fn count(&self) -> u64 {
        self.list
            .iter()
            .map(|(slice, skip_self)| {
                if !skip_self && self.used.is_empty() {
                    slice.len() as u64
                } else {
                    slice
                        .iter()
                        .filter(|(r, n)| {
                            !((*skip_self && n.0 == self.node) || self.used.contains(r))
                        })
                        .count() as u64
                }
            })
            .sum()
    }
}

/// A scan or an expansion: the outputs of each input row, and where they go.
trait Fanning<'a> {
    /// Input row `i`'s outputs: an iterator, or `Outs::Slices` after filling `slices`.
    fn open(&mut self, batch: &Batch, i: usize, slices: &mut Slices<'a>) -> Result<Outs<'a>>;
    /// Where each of the three ids of an output goes: a slot and the kind of id.
    fn outputs(&self) -> [Option<(usize, Kind)>; 3];
}

/// Runs a `Fanning` over its input's rows, gathering the input columns once per batch.
struct Fan<'a, F: Fanning<'a>> {
    child: Boxed<'a>,
    ctx: Ctx<'a>,
    fan: F,
    /// Which of the three ids the operators above read.
    want: [bool; 3],
    need: Need,
    input: Option<Batch>,
    /// The next input row to open.
    row: usize,
    current: Option<Outs<'a>>,
    slices: Slices<'a>,
    cap: usize,
}

impl<'a, F: Fanning<'a>> Fan<'a, F> {
    /// With `full`, batches are full from the first (nothing above stops early: the
    /// pipeline is a morsel of an aggregation).
    fn new(child: Boxed<'a>, ctx: Ctx<'a>, fan: F, need: &Need, full: bool) -> Self {
        let want = fan.outputs().map(|o| o.is_some_and(|(s, _)| need.has(s)));
        Fan {
            child,
            ctx,
            fan,
            want,
            need: need.clone(),
            input: None,
            row: 0,
            current: None,
            slices: Slices::default(),
            cap: if full { BATCH } else { FIRST_BATCH },
        }
    }

    /// An output batch: the input rows at `idx` (the columns needed), with the new ids placed.
    fn emit(&self, input: &Batch, idx: &[u32], ids: [Vec<u32>; 3]) -> Result<Batch> {
        self.ctx.check()?;
        let mut out = input.gather(idx, &self.need);
        for ((o, want), ids) in self.fan.outputs().into_iter().zip(self.want).zip(ids) {
            if let (Some((slot, kind)), true) = (o, want) {
                out.set(
                    slot,
                    match kind {
                        Kind::Rel => Col::Rel(ids.into_iter().map(RelId).collect()),
                        _ => Col::Node(ids.into_iter().map(NodeId).collect()),
                    },
                );
            }
        }
        Ok(out)
    }
}

impl<'a, F: Fanning<'a>> BatchOp<'a> for Fan<'a, F> {
    fn next(&mut self) -> Result<Option<Batch>> {
        let mut idx: Vec<u32> = Vec::new();
        let mut ids: [Vec<u32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let want = self.want;
        loop {
            if self.input.is_none() {
                match self.child.next()? {
                    None => return Ok(None),
                    Some(b) => {
                        self.input = Some(b);
                        self.row = 0;
                    }
                }
            }
            let batch = self.input.as_ref().expect("an input batch");
            if let Some(current) = &mut self.current {
                let from = (self.row - 1) as u32;
                let done = match current {
                    Outs::Iter(it) => {
                        let mut done = true;
                        for out in it.by_ref() {
                            idx.push(from);
                            for k in 0..3 {
                                if want[k] {
                                    ids[k].push(out[k]);
                                }
                            }
                            if idx.len() >= self.cap {
                                done = false;
                                break;
                            }
                        }
                        done
                    }
                    Outs::Slices => self.slices.copy(from, self.cap, want, &mut idx, &mut ids),
                    Outs::Table(run) => run.copy(from, self.cap, want, &mut idx, &mut ids),
                };
                if !done || idx.len() >= self.cap {
                    break;
                }
                self.current = None;
            }
            if self.row < batch.len {
                self.ctx.tick()?;
                self.current = Some(self.fan.open(batch, self.row, &mut self.slices)?);
                self.row += 1;
                continue;
            }
            // This input batch is done: what it gave goes out before the next is read.
            let done = self.input.take().expect("an input batch");
            if !idx.is_empty() {
                self.cap = (self.cap * 2).min(BATCH);
                return self.emit(&done, &idx, ids).map(Some);
            }
        }
        self.cap = (self.cap * 2).min(BATCH);
        let batch = self.input.as_ref().expect("an input batch");
        self.emit(batch, &idx, ids).map(Some)
    }

    fn count(&mut self) -> Result<u64> {
        if self.want.iter().any(|w| *w) {
            return count_batches(self);
        }
        // Nothing above reads the outputs: count each input row's without making them.
        let mut n = 0u64;
        while let Some(batch) = self.child.next()? {
            self.ctx.check()?;
            for i in 0..batch.len {
                self.ctx.tick()?;
                n += match self.fan.open(&batch, i, &mut self.slices)? {
                    Outs::Slices => self.slices.count(),
                    Outs::Table(run) => {
                        self.ctx.check()?;
                        run.count()
                    }
                    Outs::Iter(it) => {
                        let mut k = 0u64;
                        for _ in it {
                            k += 1;
                            if k.is_multiple_of(4096) {
                                self.ctx.check()?;
                            }
                        }
                        k
                    }
                };
            }
        }
        Ok(n)
    }
}

/// `Op::Scan`: the nodes of a source, for each input row.
struct Scan<'a> {
    ctx: Ctx<'a>,
    slot: usize,
    source: &'a ScanSource,
    /// The node ids of a morsel (see `morsel::Part`).
    range: Option<(usize, usize)>,
    /// What an index or name seek of a constant found, for every input row alike (the graph
    /// does not change while a read runs).
    found: Option<Vec<NodeId>>,
}

impl<'a> Fanning<'a> for Scan<'a> {
    fn open(&mut self, batch: &Batch, i: usize, _: &mut Slices<'a>) -> Result<Outs<'a>> {
        let graph = self.ctx.graph;
        let one = |n: NodeId| [n.0, 0, 0];
        if let Some(found) = &self.found {
            return Ok(Outs::Iter(Box::new(found.clone().into_iter().map(one))));
        }
        Ok(Outs::Iter(match (self.source, self.range) {
            (ScanSource::All, Some((from, to))) => Box::new(graph.nodes_in(from, to).map(one)),
            (ScanSource::Label(l), Some((from, to))) => {
                Box::new(graph.nodes_with_label_in(*l, from, to).map(one))
            }
            (ScanSource::Labels(ls), range) => {
                let (from, to) = range.unwrap_or((0, usize::MAX));
                Box::new(graph.nodes_with_any_label_in(ls, from, to).map(one))
            }
            (source, _) => match source {
                ScanSource::All => Box::new(graph.nodes().map(one)),
                ScanSource::Labels(_) => unreachable!("matched above"),
                ScanSource::Label(l) => Box::new(graph.nodes_with_label(*l).map(one)),
                ScanSource::Index { label, key, value } => {
                    let mut row = Vec::new();
                    batch.fill(i, &mut row);
                    let v = eval(value, &row, self.ctx, &mut Vec::new())?;
                    match graph.lookup(*label, *key, &v) {
                        Some(found) => {
                            if is_const(value) {
                                self.found = Some(found.clone());
                            }
                            Box::new(found.into_iter().map(one))
                        }
                        // Not indexable (a list, say): scan the label and compare.
                        None => {
                            let key = *key;
                            Box::new(
                                graph
                                    .nodes_with_label(*label)
                                    .filter(move |n| {
                                        graph
                                            .node_prop(*n, key)
                                            .is_some_and(|p| ops::equals(&p, &v) == Some(true))
                                    })
                                    .map(one),
                            )
                        }
                    }
                }
                ScanSource::Named { label, text } => {
                    let mut row = Vec::new();
                    batch.fill(i, &mut row);
                    let v = eval(text, &row, self.ctx, &mut Vec::new())?;
                    match super::names::seek(graph, *label, &v) {
                        Some(found) => {
                            if is_const(text) {
                                self.found = Some(found.clone());
                            }
                            Box::new(found.into_iter().map(one))
                        }
                        None => Box::new(graph.nodes_with_label(*label).map(one)),
                    }
                }
                ScanSource::Range { label, .. }
                | ScanSource::Prefix { label, .. }
                | ScanSource::AnyOf { label, .. }
                | ScanSource::Composite { label, .. } => {
                    let mut row = Vec::new();
                    batch.fill(i, &mut row);
                    let ctx = self.ctx;
                    let eval = |e: &Ex| eval(e, &row, ctx, &mut Vec::new());
                    match super::seek::candidates(graph, source, eval) {
                        Some(found) => Box::new(found.into_iter().map(one)),
                        None => Box::new(graph.nodes_with_label(*label).map(one)),
                    }
                }
            },
        }))
    }

    fn outputs(&self) -> [Option<(usize, Kind)>; 3] {
        [Some((self.slot, Kind::Node)), None, None]
    }
}

/// `Op::Expand`: the relationships at each input row's node.
struct Expand<'a> {
    ctx: Ctx<'a>,
    spec: &'a ExpandSpec,
    /// Between two bound nodes: the previous row's.
    last_from: Option<NodeId>,
    last_to: Option<NodeId>,
}

impl<'a> Fanning<'a> for Expand<'a> {
    fn open(&mut self, batch: &Batch, i: usize, slices: &mut Slices<'a>) -> Result<Outs<'a>> {
        let spec = self.spec;
        let ctx = self.ctx;
        let Some(from) = batch.end_at(spec, 0, i)? else {
            return Ok(Outs::Iter(Box::new(std::iter::empty())));
        };
        let target = if spec.into {
            match batch.end_at(spec, 1, i)? {
                Some(to) => Some(to),
                None => return Ok(Outs::Iter(Box::new(std::iter::empty()))),
            }
        } else {
            None
        };
        let used = batch.used_rels(spec, i);
        slices.reset(from, used);
        let in_rows = match target {
            // Of one type and one direction, the relationships between the two nodes are
            // the same, in the same order, searched from either end: from the one the
            // previous row had too, whose relationships are still at hand.
            Some(to)
                if spec.types.len() == 1
                    && spec.dir != Dir::Both
                    && self.last_to == Some(to)
                    && self.last_from != Some(from) =>
            {
                self.last_from = Some(from);
                ctx.graph.between_slices(
                    to,
                    from,
                    spec.dir.reversed(),
                    &spec.types,
                    &mut slices.list,
                )
            }
            Some(to) => {
                self.last_from = Some(from);
                self.last_to = Some(to);
                ctx.graph
                    .between_slices(from, to, spec.dir, &spec.types, &mut slices.list)
            }
            None => ctx
                .graph
                .expand_slices(from, spec.dir, &spec.types, &mut slices.list),
        };
        if in_rows {
            if !slices.used.is_empty() && slices.len() >= USED_CHECKED {
                // A relationship bound earlier is among these only when it touches the node:
                // the others need not be looked for in every entry.
                let graph = ctx.graph;
                slices.used.retain(|r| {
                    graph
                        .endpoints(*r)
                        .is_none_or(|(a, b)| a == from || b == from)
                });
            }
            return Ok(Outs::Slices);
        }
        let used = std::mem::take(&mut slices.used);
        // Between two bound nodes: a binary search in the first one's relationships.
        if let Some(to) = target {
            return Ok(Outs::Iter(Box::new(
                ctx.graph
                    .between(from, to, spec.dir, &spec.types)
                    .filter(move |rel| !used.contains(rel))
                    .map(move |rel| [rel.0, to.0, 0]),
            )));
        }
        Ok(Outs::Iter(Box::new(
            pipeline::neighbours(ctx, from, spec.dir, &spec.types)
                .filter(move |(rel, _)| !used.contains(rel))
                .map(|(rel, other)| [rel.0, other.0, 0]),
        )))
    }

    fn outputs(&self) -> [Option<(usize, Kind)>; 3] {
        let to = (!self.spec.into).then_some((self.spec.to, Kind::Node));
        [Some((self.spec.rel, Kind::Rel)), to, None]
    }
}

/// `Op::RelScan`: every relationship of the types (or those a seek finds), with both ends,
/// for each input row.
struct RelScan<'a> {
    ctx: Ctx<'a>,
    spec: &'a ExpandSpec,
    seek: Option<&'a ScanSource>,
    /// The places of a morsel, counted through the types' lists one after the other (see
    /// `morsel::Part`).
    range: Option<(usize, usize)>,
}

impl<'a> Fanning<'a> for RelScan<'a> {
    fn open(&mut self, batch: &Batch, i: usize, _: &mut Slices<'a>) -> Result<Outs<'a>> {
        let spec = self.spec;
        let graph = self.ctx.graph;
        let types = if spec.types.is_empty() {
            graph.rel_types_in_use()
        } else {
            spec.types.clone()
        };
        let sought = self.seek.and_then(|source| {
            let mut row = Vec::new();
            batch.fill(i, &mut row);
            let ctx = self.ctx;
            let eval = |e: &Ex| eval(e, &row, ctx, &mut Vec::new());
            super::seek::candidates::<RelId>(graph, source, eval)
        });
        let lists: Vec<std::borrow::Cow<'a, [RelId]>> = match sought {
            Some(found) => vec![std::borrow::Cow::Owned(found)],
            None => {
                let mut lists: Vec<&'a [RelId]> =
                    types.iter().map(|t| graph.rel_places(*t)).collect();
                if let Some((from, to)) = self.range {
                    let mut start = 0;
                    for list in &mut lists {
                        let end = start + list.len();
                        let (lo, hi) = (from.clamp(start, end), to.clamp(start, end));
                        *list = &list[lo - start..hi - start];
                        start = end;
                    }
                }
                lists.into_iter().map(std::borrow::Cow::Borrowed).collect()
            }
        };
        Ok(Outs::Table(TableRun {
            graph,
            lists,
            dir: spec.dir,
            used: batch.used_rels(spec, i),
            at: 0,
            off: 0,
            due: None,
        }))
    }

    fn outputs(&self) -> [Option<(usize, Kind)>; 3] {
        [
            Some((self.spec.from, Kind::Node)),
            Some((self.spec.rel, Kind::Rel)),
            Some((self.spec.to, Kind::Node)),
        ]
    }
}

/// `Op::Filter`: the rows whose predicate is true.
struct Filter<'a> {
    child: Boxed<'a>,
    ctx: Ctx<'a>,
    pred: &'a Ex,
    scratch: Scratch,
}

impl<'a> BatchOp<'a> for Filter<'a> {
    fn next(&mut self) -> Result<Option<Batch>> {
        while let Some(mut batch) = self.child.next()? {
            self.ctx.check()?;
            if every_node_has(self.pred, &batch, self.ctx) {
                return Ok(Some(batch));
            }
            let sel: Vec<u32> = (0..batch.len as u32).collect();
            let mut truth = vec![None; batch.len];
            truths(
                self.pred,
                &batch,
                &sel,
                self.ctx,
                &mut self.scratch,
                &mut truth,
            )?;
            let keep: Vec<bool> = truth.iter().map(|t| *t == Some(true)).collect();
            if keep.iter().any(|k| !k) {
                batch.retain(&keep);
            }
            if batch.len > 0 {
                return Ok(Some(batch));
            }
        }
        Ok(None)
    }
}

/// Whether `pred` is a label test of a column of nodes with labels every node has (a graph
/// of one kind of node): true on every row.
fn every_node_has(pred: &Ex, batch: &Batch, ctx: Ctx) -> bool {
    match pred {
        Ex::Spanned(inner, _) => every_node_has(inner, batch, ctx),
        Ex::HasLabels(base, labels) => {
            matches!(batch.col(peel(base)), Some(Col::Node(_))) && on_every_node(labels, ctx.graph)
        }
        _ => false,
    }
}

/// Whether every node has each of the labels.
fn on_every_node(labels: &[Sym], graph: &Graph) -> bool {
    let nodes = graph.node_count();
    labels.iter().all(|l| graph.label_count(*l) == nodes)
}

/// The truth of `pred` on the rows `sel` of the batch, into `out` (indexed by row): true,
/// false or null (None). Errors as evaluating the predicate row by row would raise them: an
/// AND evaluates its right side only where its left is not false.
fn truths(
    pred: &Ex,
    batch: &Batch,
    sel: &[u32],
    ctx: Ctx,
    scratch: &mut Scratch,
    out: &mut [Option<bool>],
) -> Result<()> {
    if let Ex::And(a, b) = pred {
        // Side by side; where that fails, row by row, for the error the whole AND raises
        // at its first failing row.
        if and_truths(a, b, batch, sel, ctx, scratch, out).is_ok() {
            return Ok(());
        }
    } else if kernel_truths(pred, batch, sel, ctx, scratch, out) {
        return Ok(());
    }
    for &i in sel {
        let v = scratch.eval(pred, batch, i as usize, ctx)?;
        out[i as usize] = ops::truthy(&v)?;
    }
    Ok(())
}

/// `a AND b`: `b` only where `a` is not false.
fn and_truths(
    a: &Ex,
    b: &Ex,
    batch: &Batch,
    sel: &[u32],
    ctx: Ctx,
    scratch: &mut Scratch,
    out: &mut [Option<bool>],
) -> Result<()> {
    truths(a, batch, sel, ctx, scratch, out)?;
    let rest: Vec<u32> = sel
        .iter()
        .copied()
        .filter(|&i| out[i as usize] != Some(false))
        .collect();
    if rest.is_empty() {
        return Ok(());
    }
    let mut right = vec![None; batch.len];
    truths(b, batch, &rest, ctx, scratch, &mut right)?;
    for &i in &rest {
        let i = i as usize;
        out[i] = match (out[i], right[i]) {
            (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        };
    }
    Ok(())
}

/// The truth of a predicate a kernel covers, into `out`; false when it does not cover it
/// (kernels never fail, so the places errors would carry do not matter to them).
fn kernel_truths(
    pred: &Ex,
    batch: &Batch,
    sel: &[u32],
    ctx: Ctx,
    scratch: &mut Scratch,
    out: &mut [Option<bool>],
) -> bool {
    match pred {
        Ex::Spanned(inner, _) => kernel_truths(inner, batch, sel, ctx, scratch, out),
        Ex::HasLabels(base, labels) => {
            let Some(Col::Node(ns)) = batch.col(peel(base)) else {
                return false;
            };
            // Labels every node has (a graph of one kind of node): true throughout.
            if on_every_node(labels, ctx.graph) {
                for &i in sel {
                    out[i as usize] = Some(true);
                }
                return true;
            }
            for &i in sel {
                let n = ns[i as usize];
                out[i as usize] = Some(labels.iter().all(|l| ctx.graph.has_label(n, *l)));
            }
            true
        }
        Ex::Labels(base, expr) => {
            let Some(Col::Node(ns)) = batch.col(peel(base)) else {
                return false;
            };
            for &i in sel {
                let labels = ctx.graph.node_labels(ns[i as usize]).unwrap_or(&[]);
                out[i as usize] = Some(expr.holds(labels));
            }
            true
        }
        Ex::Binary(op, left, right) if comparison(*op) => {
            let (Some(l), Some(r)) = (operand(left, batch), operand(right, batch)) else {
                return false;
            };
            if matches!(l, Operand::Const(_)) && matches!(r, Operand::Const(_)) {
                return false;
            }
            match (l, r) {
                (Operand::Const(c), prop) | (prop, Operand::Const(c)) => {
                    let prop_left = !matches!(l, Operand::Const(_));
                    let memos = (pred as *const Ex as usize, &mut scratch.memos);
                    return column_compare(*op, prop, c, prop_left, batch, sel, ctx, memos, out);
                }
                _ => {}
            }
            for &i in sel {
                let i = i as usize;
                out[i] = compare(*op, l.read(batch, i, ctx), r.read(batch, i, ctx));
            }
            true
        }
        _ => false,
    }
}

/// A property compared with a constant, column by column: the column of the nodes' property,
/// or of each relationship type's, is found once, and over a dictionary-encoded column the
/// comparison is decided once per distinct string (a memo by code).
#[allow(clippy::too_many_arguments)]
fn column_compare(
    op: BinaryOp,
    prop: Operand,
    konst: &Value,
    prop_left: bool,
    batch: &Batch,
    sel: &[u32],
    ctx: Ctx,
    (at, memos): (usize, &mut HashMap<(usize, u64), Vec<u8>>),
    out: &mut [Option<bool>],
) -> bool {
    if let Some(k) = Cell::Value(konst).number() {
        if number_compare(op, prop, k, prop_left, batch, sel, ctx, out) {
            return true;
        }
    }
    // A string constant: strings decided on themselves, anything else as `compare` has it.
    let text = match konst {
        Value::String(k) => Some(&**k),
        _ => None,
    };
    // A string of the column against a string constant, without making a cell.
    let decide_str = |s: &str, k: &str| {
        if prop_left {
            str_truth(op, s, k)
        } else {
            str_truth(op, k, s)
        }
    };
    let decide = |cell: Cell| match (text, cell) {
        (Some(k), Cell::Prop(PropRef::Str(s))) => decide_str(s, k),
        (_, cell) if prop_left => compare(op, cell, Cell::Value(konst)),
        (_, cell) => compare(op, Cell::Value(konst), cell),
    };
    // Decisions by code: 0 not made yet, 1 false, 2 true, 3 null.
    const DECIDED: [Option<bool>; 4] = [None, Some(false), Some(true), None];
    // A column's memo, taken out of `memos` while the batch is read.
    let mut take = |col: Option<ColumnRef>| -> Vec<u8> {
        let Some(col) = col.filter(|c| (1..=MEMO_MAX).contains(&c.dict_len())) else {
            return Vec::new();
        };
        let mut memo = memos.remove(&(at, col.dict_id())).unwrap_or_default();
        memo.resize(col.dict_len(), 0);
        memo
    };
    let read = |col: Option<ColumnRef>, slot: u32, memo: &mut Vec<u8>| -> Option<bool> {
        let Some(col) = col else {
            return decide(Cell::Null);
        };
        match (col.coded(slot), text) {
            (Coded::Code(c), _) => match memo.get_mut(c as usize) {
                Some(m) if *m != 0 => DECIDED[*m as usize],
                Some(m) => {
                    let d = decide(Cell::Prop(PropRef::Str(col.dict_str(c))));
                    *m = match d {
                        Some(false) => 1,
                        Some(true) => 2,
                        None => 3,
                    };
                    d
                }
                None => decide(Cell::Prop(PropRef::Str(col.dict_str(c)))),
            },
            (Coded::Cell(Some(PropRef::Str(s))), Some(k)) => decide_str(s, k),
            (Coded::Cell(v), _) => decide(v.map_or(Cell::Null, Cell::Prop)),
        }
    };
    let graph = ctx.graph;
    // The columns read, each with its memo: given back to `memos` at the end.
    let mut cols: Vec<(Sym, Option<ColumnRef>, Vec<u8>)> = Vec::new();
    match prop {
        Operand::NodeProp(s, key) => {
            let Some(Col::Node(ns)) = batch.col(s) else {
                return false;
            };
            let col = graph.node_column(key);
            let mut memo = take(col);
            for (j, &i) in sel.iter().enumerate() {
                if let Some(&ahead) = sel.get(j + PREFETCH_AHEAD) {
                    let n = ns[ahead as usize];
                    graph.prefetch_node(n);
                    if let Some(col) = col {
                        col.prefetch(n.0);
                    }
                }
                let n = ns[i as usize];
                out[i as usize] = if graph.contains_node(n) {
                    read(col, n.0, &mut memo)
                } else {
                    decide(Cell::Null)
                };
            }
            cols.push((key, col, memo));
        }
        Operand::RelProp(s, key) => {
            let Some(Col::Rel(rs)) = batch.col(s) else {
                return false;
            };
            for (j, &i) in sel.iter().enumerate() {
                if let Some(&ahead) = sel.get(j + PREFETCH_AHEAD) {
                    graph.prefetch_place(rs[ahead as usize]);
                }
                let i = i as usize;
                out[i] = match graph.rel_place(rs[i]) {
                    None => decide(Cell::Null),
                    Some((ty, pos)) => {
                        let at = match cols.iter().position(|(t, _, _)| *t == ty) {
                            Some(at) => at,
                            None => {
                                let col = graph.rel_column(ty, key);
                                cols.push((ty, col, take(col)));
                                cols.len() - 1
                            }
                        };
                        let (_, col, memo) = &mut cols[at];
                        read(*col, pos, memo)
                    }
                };
            }
        }
        Operand::Const(_) => return false,
    }
    for (_, col, memo) in cols {
        if let Some(col) = col.filter(|_| !memo.is_empty()) {
            memos.insert((at, col.dict_id()), memo);
        }
    }
    true
}

/// Dictionaries of up to this many strings get a memo of decisions in `column_compare`.
const MEMO_MAX: usize = 1 << 16;

/// Whether an expression is a constant, through the places errors carry.
fn is_const(ex: &Ex) -> bool {
    match ex {
        Ex::Const(_) => true,
        Ex::Spanned(inner, _) => is_const(inner),
        _ => false,
    }
}

/// The slot an expression reads, through the places errors carry; `usize::MAX` for any other
/// expression.
fn peel(ex: &Ex) -> usize {
    pipeline::peel_slot(ex).unwrap_or(usize::MAX)
}

/// One side of a comparison a kernel evaluates: a constant, or a property of the node or
/// relationship in a slot (which never fails to read).
#[derive(Clone, Copy)]
enum Operand<'e> {
    Const(&'e Value),
    NodeProp(usize, Sym),
    RelProp(usize, Sym),
}

fn operand<'e>(ex: &'e Ex, batch: &Batch) -> Option<Operand<'e>> {
    match ex {
        Ex::Const(c) => Some(Operand::Const(c)),
        Ex::Spanned(inner, _) => operand(inner, batch),
        Ex::Prop(base, key) => match batch.col(peel(base)) {
            Some(Col::Node(_)) => Some(Operand::NodeProp(peel(base), *key)),
            Some(Col::Rel(_)) => Some(Operand::RelProp(peel(base), *key)),
            _ => None,
        },
        _ => None,
    }
}

/// A value a kernel compares: read in place from a column, or a constant of the plan.
enum Cell<'a> {
    Null,
    Prop(crate::graph::PropRef<'a>),
    Value(&'a Value),
}

impl<'e> Operand<'e> {
    fn read<'a>(self, batch: &'a Batch, i: usize, ctx: Ctx<'a>) -> Cell<'a>
    where
        'e: 'a,
    {
        let found = match self {
            Operand::Const(c) => return Cell::Value(c),
            Operand::NodeProp(s, key) => match batch.col(s) {
                Some(Col::Node(ns)) => ctx.graph.node_prop_ref(ns[i], key),
                _ => None,
            },
            Operand::RelProp(s, key) => match batch.col(s) {
                Some(Col::Rel(rs)) => ctx.graph.rel_prop_ref(rs[i], key),
                _ => None,
            },
        };
        found.map_or(Cell::Null, Cell::Prop)
    }
}

impl Cell<'_> {
    fn str(&self) -> Option<&str> {
        match self {
            Cell::Prop(crate::graph::PropRef::Str(s)) => Some(s),
            Cell::Value(Value::String(s)) => Some(s),
            _ => None,
        }
    }
    /// A date as days since 1970-01-01: read in place from a date column, or a constant.
    fn date(&self) -> Option<i32> {
        match self {
            Cell::Prop(crate::graph::PropRef::Date(d)) => Some(*d),
            Cell::Value(v @ Value::Temporal(_)) => crate::graph::date_days(v),
            _ => None,
        }
    }
    /// A number read in place: an integer or a float.
    fn number(&self) -> Option<Number> {
        match self {
            Cell::Prop(crate::graph::PropRef::Int(i)) | Cell::Value(Value::Int(i)) => {
                Some(Number::Int(*i))
            }
            Cell::Prop(crate::graph::PropRef::Float(f)) | Cell::Value(Value::Float(f)) => {
                Some(Number::Float(*f))
            }
            _ => None,
        }
    }
    fn is_null(&self) -> bool {
        matches!(self, Cell::Null | Cell::Value(Value::Null))
    }
    fn to_value(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Prop(p) => p.to_value(),
            Cell::Value(v) => (*v).clone(),
        }
    }
}

/// A comparison of two cells, as `ops::binary` gives it: strings and integers compared in
/// place, anything else through the values.
fn compare(op: BinaryOp, l: Cell, r: Cell) -> Option<bool> {
    if l.is_null() || r.is_null() {
        return None;
    }
    if let (Some(a), Some(b)) = (l.str(), r.str()) {
        return str_truth(op, a, b);
    }
    if let (Some(a), Some(b)) = (l.number(), r.number()) {
        // As `ops::binary` compares numbers: exactly across integers and floats, and NaN
        // neither equal to, below nor above any number (so `<>` holds).
        return number_truth(op, a, b);
    }
    if let (Some(a), Some(b)) = (l.date(), r.date()) {
        return ordered(op, a.cmp(&b));
    }
    match ops::binary(op, l.to_value(), r.to_value()) {
        Ok(Value::Bool(b)) => Some(b),
        _ => None,
    }
}

/// An operator's truth for two values in this order; null for one that does not order.
#[inline(always)]
fn ordered(op: BinaryOp, o: std::cmp::Ordering) -> Option<bool> {
    use std::cmp::Ordering;
    match op {
        BinaryOp::Eq => Some(o == Ordering::Equal),
        BinaryOp::Ne => Some(o != Ordering::Equal),
        BinaryOp::Lt => Some(o == Ordering::Less),
        BinaryOp::Le => Some(o != Ordering::Greater),
        BinaryOp::Gt => Some(o == Ordering::Greater),
        BinaryOp::Ge => Some(o != Ordering::Less),
        _ => None,
    }
}

/// A comparison of two strings, as `ops::binary` gives it.
#[inline(always)]
fn str_truth(op: BinaryOp, a: &str, b: &str) -> Option<bool> {
    match op {
        BinaryOp::StartsWith => Some(a.starts_with(b)),
        BinaryOp::EndsWith => Some(a.ends_with(b)),
        BinaryOp::Contains => Some(a.contains(b)),
        _ => ordered(op, a.cmp(b)),
    }
}

/// A comparison of two numbers, as `ops::binary` gives it: exact across integers and floats,
/// and NaN neither equal to, below nor above any number (so `<>` holds); null for an operator
/// that does not compare numbers.
#[inline(always)]
fn number_truth(op: BinaryOp, a: Number, b: Number) -> Option<bool> {
    use std::cmp::Ordering;
    let o = match (a, b) {
        (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
        (Number::Float(a), Number::Float(b)) => a.partial_cmp(&b),
        (Number::Int(a), Number::Float(b)) => ops::cmp_int_float(a, b),
        (Number::Float(a), Number::Int(b)) => ops::cmp_int_float(b, a).map(Ordering::reverse),
    };
    match (o, op) {
        (Some(o), _) => ordered(op, o),
        // NaN: unequal, and neither below nor above.
        (None, BinaryOp::Ne) => Some(true),
        (None, BinaryOp::Eq | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge) => {
            Some(false)
        }
        (None, _) => None,
    }
}

/// `column_compare` of a number constant over columns of numbers: each row's number read
/// and compared in place. False (nothing decided that counts) when a column read holds
/// anything else, for the general path.
#[allow(clippy::too_many_arguments)]
fn number_compare(
    op: BinaryOp,
    prop: Operand,
    konst: Number,
    prop_left: bool,
    batch: &Batch,
    sel: &[u32],
    ctx: Ctx,
    out: &mut [Option<bool>],
) -> bool {
    let decide = |x: Option<Number>| match (x, prop_left) {
        (None, _) => None,
        (Some(x), true) => number_truth(op, x, konst),
        (Some(x), false) => number_truth(op, konst, x),
    };
    let graph = ctx.graph;
    match prop {
        Operand::NodeProp(s, key) => {
            let Some(Col::Node(ns)) = batch.col(s) else {
                return false;
            };
            let Some(nums) = numbers_of(graph.node_column(key)) else {
                return false;
            };
            for &i in sel {
                let n = ns[i as usize];
                out[i as usize] = match nums {
                    Some(nums) if graph.contains_node(n) => decide(nums.get(n.0)),
                    _ => None,
                };
            }
        }
        Operand::RelProp(s, key) => {
            let Some(Col::Rel(rs)) = batch.col(s) else {
                return false;
            };
            // The last type read and its column's numbers.
            let mut last: Option<(Sym, Option<Numbers>)> = None;
            for (j, &i) in sel.iter().enumerate() {
                if let Some(&ahead) = sel.get(j + PREFETCH_AHEAD) {
                    graph.prefetch_place(rs[ahead as usize]);
                }
                let i = i as usize;
                out[i] = match graph.rel_place(rs[i]) {
                    None => None,
                    Some((ty, pos)) => {
                        let nums = match last {
                            Some((t, nums)) if t == ty => nums,
                            _ => {
                                let Some(nums) = numbers_of(graph.rel_column(ty, key)) else {
                                    return false;
                                };
                                last = Some((ty, nums));
                                nums
                            }
                        };
                        nums.and_then(|nums| decide(nums.get(pos)))
                    }
                };
            }
        }
        Operand::Const(_) => return false,
    }
    true
}

/// A column's numbers read in place: Some(None) when there is no column (every value null),
/// None when the column holds anything but integers or floats.
fn numbers_of(col: Option<ColumnRef>) -> Option<Option<Numbers>> {
    match col {
        None => Some(None),
        Some(col) => col.numbers().map(Some),
    }
}

/// Comparisons that never fail: a kernel may evaluate them on any values.
fn comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::StartsWith
            | BinaryOp::EndsWith
            | BinaryOp::Contains
    )
}

/// `Op::DistinctOn` over batches.
struct Distinct<'a> {
    child: Boxed<'a>,
    ctx: Ctx<'a>,
    dedupe: Dedupe<'a>,
    /// The same over ids, when the key is at most two id slots and at most one self-loop part.
    by_ids: Option<IdDedupe>,
    key: &'a [DistinctKey],
    row: Row,
}

impl<'a> BatchOp<'a> for Distinct<'a> {
    fn next(&mut self) -> Result<Option<Batch>> {
        while let Some(mut batch) = self.child.next()? {
            self.ctx.check()?;
            let width = self
                .key
                .iter()
                .map(|k| match k {
                    DistinctKey::Slot(s) | DistinctKey::LoopRel(s) => s + 1,
                })
                .max()
                .unwrap_or(0);
            let mut keep = Vec::with_capacity(batch.len);
            for i in 0..batch.len {
                if let Some(ids) = &mut self.by_ids {
                    if let Some(k) = ids.keep(&batch, i, self.ctx)? {
                        keep.push(k);
                        continue;
                    }
                }
                self.row.clear();
                self.row.resize(width, Value::Null);
                for k in self.key {
                    let (DistinctKey::Slot(s) | DistinctKey::LoopRel(s)) = k;
                    self.row[*s] = batch.value(*s, i);
                }
                keep.push(self.dedupe.keep(&self.row, self.ctx));
            }
            if keep.iter().any(|k| !k) {
                batch.retain(&keep);
            }
            if batch.len > 0 {
                return Ok(Some(batch));
            }
        }
        Ok(None)
    }
}

/// `Dedupe` specialised to keys of one or two slots holding node or relationship ids and at
/// most one self-loop part (`DistinctKey::LoopRel`): the group is the ids packed in a word,
/// and the rules are `Dedupe::keep`'s. A slot the rows below bound (of any kind) takes part
/// while it holds a node; a row where it holds anything else goes to `Dedupe` (whose groups
/// never equal these: they have a value that is no node where these all have nodes).
struct IdDedupe {
    slots: Vec<usize>,
    loop_rel: Option<usize>,
    loop_cap: usize,
    /// Per group: whether it is covered, and the self-loops of the rows kept.
    groups: HashMap<u64, (bool, Vec<RelId>)>,
    /// With a key of one slot of nodes: a bit per node id for the groups covered, so that
    /// only groups with self-loops kept and not yet covered need the table.
    covered: Option<fixedbitset::FixedBitSet>,
}

impl IdDedupe {
    fn new(child: &Op, key: &[DistinctKey], loop_cap: usize, graph: &Graph) -> Option<IdDedupe> {
        let mut slots = Vec::new();
        let mut loops = Vec::new();
        for k in key {
            match k {
                DistinctKey::Slot(s) => slots.push(*s),
                DistinctKey::LoopRel(s) => loops.push(*s),
            }
        }
        if slots.len() > 2 || loops.len() > 1 {
            return None;
        }
        let covered = match slots.as_slice() {
            [s] if kind_of(child, *s) != Kind::Rel => {
                let bound = graph.node_bound();
                budget::hold(bound.div_ceil(8) as u64, "DISTINCT", budget::Kind::Rows)
                    .is_ok()
                    .then(|| fixedbitset::FixedBitSet::with_capacity(bound))
            }
            _ => None,
        };
        Some(IdDedupe {
            slots,
            loop_rel: loops.first().copied(),
            loop_cap,
            groups: HashMap::new(),
            covered,
        })
    }

    /// The id in a slot: None where it holds no node (in a column of values) or nothing.
    #[inline]
    fn id(batch: &Batch, slot: usize, i: usize) -> Option<u32> {
        match batch.col(slot)? {
            Col::Node(v) => Some(v[i].0),
            Col::Rel(v) => Some(v[i].0),
            Col::Any(v) => match &v[i] {
                Value::Node(n) => Some(n.0),
                _ => None,
            },
        }
    }

    /// Whether row `i` is kept; None when its key is not all ids (see the type).
    fn keep(&mut self, batch: &Batch, i: usize, ctx: Ctx) -> Result<Option<bool>> {
        let mut group = 0u64;
        for &s in &self.slots {
            let Some(id) = Self::id(batch, s, i) else {
                return Ok(None);
            };
            group = (group << 32) | u64::from(id);
        }
        let this_loop = |slot: usize| {
            batch
                .rel_at(slot, i)
                .filter(|r| ctx.graph.endpoints(*r).is_some_and(|(a, b)| a == b))
        };
        if let Some(bits) = &mut self.covered {
            let id = group as usize;
            if id < bits.len() {
                if bits.contains(id) {
                    return Ok(Some(false));
                }
                let Some(rel_slot) = self.loop_rel else {
                    bits.insert(id);
                    return Ok(Some(true));
                };
                let (_, loops) = self.groups.entry(group).or_insert((false, Vec::new()));
                let (kept, covered) = loop_rule(loops, this_loop(rel_slot), self.loop_cap);
                if covered {
                    bits.insert(id);
                    self.groups.remove(&group);
                }
                return Ok(Some(kept));
            }
        }
        if self.groups.len() % GROUPS_CHARGED == GROUPS_CHARGED - 1 {
            budget::hold((GROUPS_CHARGED * 48) as u64, "DISTINCT", budget::Kind::Rows)?;
        }
        let Some(slot) = self.loop_rel else {
            return Ok(Some(match self.groups.entry(group) {
                std::collections::hash_map::Entry::Occupied(_) => false,
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert((true, Vec::new()));
                    true
                }
            }));
        };
        let (covered, loops) = self.groups.entry(group).or_insert((false, Vec::new()));
        if *covered {
            return Ok(Some(false));
        }
        let (kept, now_covered) = loop_rule(loops, this_loop(slot), self.loop_cap);
        *covered = now_covered;
        Ok(Some(kept))
    }
}

/// `Dedupe::keep`'s rule for a row of a group not yet covered, whose kept rows had the
/// self-loops `loops`: whether the row is kept, and whether the group is covered after it (a
/// row without a self-loop came, or `cap` distinct self-loops were kept).
fn loop_rule(loops: &mut Vec<RelId>, this_loop: Option<RelId>, cap: usize) -> (bool, bool) {
    match this_loop {
        None => (true, true),
        Some(r) if loops.contains(&r) => (false, false),
        Some(r) => {
            loops.push(r);
            (true, loops.len() >= cap)
        }
    }
}

/// Batches back into rows, for the row operators above.
struct Unbatch<'a> {
    source: Boxed<'a>,
    batch: Option<Batch>,
    next: usize,
    failed: bool,
}

impl Iterator for Unbatch<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        loop {
            if self.failed {
                return None;
            }
            if let Some(batch) = &self.batch {
                if self.next < batch.len {
                    let mut row = Vec::with_capacity(batch.cols.len());
                    batch.fill(self.next, &mut row);
                    self.next += 1;
                    return Some(Ok(row));
                }
            }
            match self.source.next() {
                Ok(Some(b)) => {
                    self.batch = Some(b);
                    self.next = 0;
                }
                Ok(None) => {
                    self.batch = None;
                    self.failed = true;
                    return None;
                }
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
