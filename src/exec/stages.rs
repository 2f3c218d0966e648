//! A query's stages in turn: read pipelines, updates, and `CALL { }` subqueries that write,
//! whose queries run for each row (`IN TRANSACTIONS`: in batches of rows, each batch's
//! changes committed before the next begins).

use super::update::Stats;
use super::{budget, collect_bounded, eval, set, widened, Cancel, Ctx, Profile, Row};
use crate::diagnostic::{Error, ErrorKind, Result};
use crate::graph::{Graph, Value};
use crate::ir::{QueryPlan, Stage, SubqueryCall};
use crate::syntax::ast::OnError;
use std::collections::{BTreeMap, HashSet};

/// Run a query's stages on `rows`; returns its rows and the bytes held for them against the
/// statement's budget (for `budget::release` once they are gone).
pub fn run_query(
    query: &QueryPlan,
    mut rows: Vec<Row>,
    graph: &mut Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
    stats: &mut Stats,
) -> Result<(Vec<Row>, u64)> {
    // The bytes charged to the statement's budget for `rows` (see `budget`).
    let mut held = 0u64;
    for stage in &query.stages {
        match stage {
            Stage::Read(op) => {
                let input = std::mem::take(&mut rows);
                (rows, held) = read_stage(op, input, held, graph, cancel, profile)?;
            }
            Stage::Update(update) => {
                let input = std::mem::take(&mut rows);
                rows = super::update::apply_measured(update, input, graph, cancel, profile, stats)?;
            }
            Stage::Call(call) => {
                let input = std::mem::take(&mut rows);
                let started = profile.map(|_| std::time::Instant::now());
                let result = call_subquery(call, input, graph, cancel, profile, stats);
                budget::release(held);
                (rows, held) = result?;
                if let (Some(profile), Some(started)) = (profile, started) {
                    profile.record_call(call, rows.len(), started.elapsed());
                }
            }
        }
    }
    Ok((rows, held))
}

/// `run_query` for a query that only reads (its plan does not write), on a graph other
/// statements may be reading at the same time.
pub fn run_reads(
    query: &QueryPlan,
    mut rows: Vec<Row>,
    graph: &Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
) -> Result<(Vec<Row>, u64)> {
    let mut held = 0u64;
    for stage in &query.stages {
        let Stage::Read(op) = stage else {
            return Err(Error::new(
                ErrorKind::Resource,
                "the statement failed unexpectedly: it writes, on a graph it shares",
            ));
        };
        let input = std::mem::take(&mut rows);
        (rows, held) = read_stage(op, input, held, graph, cancel, profile)?;
    }
    Ok((rows, held))
}

/// The rows of a read stage run on `input`, whose `held` bytes it releases, and the bytes
/// held for them.
fn read_stage(
    op: &crate::ir::Op,
    input: Vec<Row>,
    held: u64,
    graph: &Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
) -> Result<(Vec<Row>, u64)> {
    let ctx = Ctx {
        graph,
        cancel,
        profile,
    };
    let collected = collect_bounded(
        super::run(op, ctx, Box::new(input.into_iter().map(Ok))),
        "the result",
    );
    // The stage's input is gone: what it held is free.
    budget::release(held);
    collected
}

/// The rows of a `CALL { }` stage, and the bytes held for them.
fn call_subquery(
    call: &SubqueryCall,
    input: Vec<Row>,
    graph: &mut Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
    stats: &mut Stats,
) -> Result<(Vec<Row>, u64)> {
    let mut out = Output {
        rows: Vec::new(),
        held: 0,
    };
    let result = (|| {
        let Some(tx) = &call.transactions else {
            for row in input {
                cancel.tick()?;
                for_row(call, row, graph, cancel, profile, stats, &mut out)?;
            }
            return Ok(());
        };
        let ctx = Ctx {
            graph,
            cancel,
            profile,
        };
        let size =
            match eval(&tx.rows, &[], ctx, &mut Vec::new()).map_err(|e| e.or_span(tx.span))? {
                Value::Int(n) => usize::try_from(n).unwrap_or(usize::MAX).max(1),
                _ => 1000,
            };
        // CONCURRENT: its count is checked, and the batches commit one after another (the
        // store has one writer), which is one of the orders concurrent batches may take.
        if let Some(n) = &tx.concurrency {
            eval(n, &[], ctx, &mut Vec::new()).map_err(|e| e.or_span(tx.span))?;
        }
        let mut input = input.into_iter().peekable();
        let mut committed = 0usize;
        let mut number = 0usize;
        let mut broken = false;
        while input.peek().is_some() {
            let batch: Vec<Row> = input.by_ref().take(size).collect();
            number += 1;
            if broken {
                let status = status(false, false, None, None);
                for row in batch {
                    out.push(failed(call, row, status.clone()))?;
                }
                continue;
            }
            let mut part = Output {
                rows: Vec::new(),
                held: 0,
            };
            let mut part_stats = Stats::default();
            let run = batch.iter().try_for_each(|row| {
                cancel.tick()?;
                let row = row.clone();
                for_row(
                    call,
                    row,
                    graph,
                    cancel,
                    profile,
                    &mut part_stats,
                    &mut part,
                )
            });
            // The batch commits only if it keeps every constraint.
            let run = run.and_then(|()| super::schema::check(graph));
            match run {
                Ok(()) => {
                    // This batch's changes are kept whatever comes after: the statement's
                    // transaction ends here and a new one begins.
                    graph.commit();
                    graph.begin();
                    committed += 1;
                    stats.add(&part_stats);
                    let status = status(true, true, Some(number), None);
                    for mut row in std::mem::take(&mut part.rows) {
                        if let Some(slot) = tx.status {
                            set(&mut row, slot, status.clone());
                        }
                        out.push(row)?;
                    }
                }
                Err(e) if !recoverable(&e) || tx.on_error == OnError::Fail => {
                    return Err(if committed > 0 {
                        let batches = if committed == 1 {
                            "batch before it was"
                        } else {
                            "batches before it were"
                        };
                        e.with_help(format!(
                            "the {committed} {batches} committed (IN TRANSACTIONS OF {size} \
                             ROWS); ON ERROR CONTINUE or BREAK goes on past a failed batch"
                        ))
                    } else {
                        e
                    });
                }
                Err(e) => {
                    drop(part);
                    graph.rollback();
                    graph.begin();
                    broken = tx.on_error == OnError::Break;
                    let status = status(true, false, Some(number), Some(e.message.clone()));
                    for row in batch {
                        out.push(failed(call, row, status.clone()))?;
                    }
                }
            }
        }
        Ok(())
    })();
    result?;
    let held = out.held;
    Ok((out.take(), held))
}

/// Rows held against the statement's budget; what they hold is given back when dropped
/// unless they are taken.
struct Output {
    rows: Vec<Row>,
    held: u64,
}

impl Output {
    fn push(&mut self, row: Row) -> Result<()> {
        let bytes = budget::row_bytes(&row) + 8;
        budget::hold(bytes, "the result", budget::Kind::Rows)?;
        self.held += bytes;
        self.rows.push(row);
        Ok(())
    }

    /// The rows, still held (the caller releases `held`).
    fn take(&mut self) -> Vec<Row> {
        self.held = 0;
        std::mem::take(&mut self.rows)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        budget::release(self.held);
    }
}

/// Errors after which a batch of `IN TRANSACTIONS` may be skipped; stopping the statement
/// (Ctrl-C, its time limit) or running out of memory ends it whatever ON ERROR says.
fn recoverable(e: &Error) -> bool {
    !matches!(
        e.kind,
        ErrorKind::Interrupted | ErrorKind::Timeout | ErrorKind::Resource
    )
}

/// `REPORT STATUS`'s value: whether the batch started and committed, its number and the
/// error that failed it.
fn status(started: bool, committed: bool, number: Option<usize>, error: Option<String>) -> Value {
    let mut m = BTreeMap::new();
    m.insert("started".to_string(), Value::Bool(started));
    m.insert("committed".to_string(), Value::Bool(committed));
    m.insert(
        "transactionId".to_string(),
        number.map_or(Value::Null, |n| Value::String(format!("batch-{n}").into())),
    );
    m.insert(
        "errorMessage".to_string(),
        error.map_or(Value::Null, |e| Value::String(e.into())),
    );
    Value::Map(m)
}

/// An input row of a batch that failed or did not run: the subquery's columns null.
fn failed(call: &SubqueryCall, row: Row, status: Value) -> Row {
    let mut r = widened(&row, &call.out);
    for &s in &call.out {
        set(&mut r, s, Value::Null);
    }
    if let Some(slot) = call.transactions.as_ref().and_then(|t| t.status) {
        set(&mut r, slot, status);
    }
    r
}

/// The subquery's queries run on one input row; the rows it goes on as, into `out`.
fn for_row(
    call: &SubqueryCall,
    row: Row,
    graph: &mut Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
    stats: &mut Stats,
    out: &mut Output,
) -> Result<()> {
    let mut found: Vec<Row> = Vec::new();
    let mut seen: HashSet<Vec<super::ops::GroupKey>> = HashSet::new();
    let width = call.out.len();
    for q in &call.queries {
        let (rows, held) = run_query(q, vec![row.clone()], graph, cancel, profile, stats)?;
        budget::release(held);
        if call.unit {
            continue;
        }
        for r in rows {
            if call.distinct {
                let key = r
                    .iter()
                    .take(width)
                    .map(super::ops::GroupKey::new)
                    .collect();
                if !seen.insert(key) {
                    continue;
                }
            }
            found.push(r);
        }
    }
    if call.unit {
        return out.push(row);
    }
    if found.is_empty() && call.optional {
        return out.push(failed(call, row, Value::Null));
    }
    for columns in found {
        cancel.tick()?;
        let mut r = widened(&row, &call.out);
        let mut columns = columns.into_iter();
        for &s in &call.out {
            set(&mut r, s, columns.next().unwrap_or(Value::Null));
        }
        out.push(r)?;
    }
    Ok(())
}
