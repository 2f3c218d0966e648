//! Tell an aggregation which groups an ORDER BY ... LIMIT above it keeps. `RETURN a.name AS
//! name, count(*) AS n ORDER BY n DESC, name LIMIT 10` makes a row for every group only for the
//! sort to keep ten; when the sort's keys are columns the aggregation gives (through a
//! projection that only moves them), the aggregation can rank its groups first and make the
//! rows of those ten alone.
//!
//! The sort stays in place and still orders and cuts the rows: the hint only lets the
//! aggregation leave out rows the sort would drop.

use super::bare;
use crate::ir::{Ex, Op, Top};

pub(super) fn apply(op: &mut Op) {
    let Op::Sort {
        input,
        keys,
        limit: Some(limit),
    } = op
    else {
        return;
    };
    // The output column of the aggregation each of the sort's slots holds: through a
    // projection only when it moves columns (one that computes a value sorts by that value).
    let (columns, aggregate): (Option<Vec<usize>>, &mut Op) = match &mut **input {
        Op::Project {
            input: below,
            exprs,
            keep: false,
        } => match moved_slots(exprs) {
            Some(columns) => (Some(columns), below),
            None => return,
        },
        other => (None, other),
    };
    let Op::Aggregate {
        keys: group_keys,
        aggs,
        top,
        ..
    } = aggregate
    else {
        return;
    };
    let width = group_keys.len() + aggs.len();
    let mut top_keys = Vec::with_capacity(keys.len());
    for (key, descending) in keys.iter() {
        let Ex::Slot(slot) = bare(key) else {
            return;
        };
        let column = match &columns {
            Some(columns) => match columns.get(*slot) {
                Some(c) => *c,
                None => return,
            },
            None => *slot,
        };
        if column >= width {
            return;
        }
        top_keys.push((column, *descending));
    }
    *top = Some(Top {
        keys: top_keys,
        limit: limit.clone(),
    });
}

/// The slot each expression of a projection moves, when each is a slot of its own.
fn moved_slots(exprs: &[Ex]) -> Option<Vec<usize>> {
    let mut slots = Vec::with_capacity(exprs.len());
    for e in exprs {
        let Ex::Slot(s) = bare(e) else {
            return None;
        };
        if slots.contains(s) {
            return None;
        }
        slots.push(*s);
    }
    Some(slots)
}
