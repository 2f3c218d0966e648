//! Rewrite rules over finished plans, one file each. Each takes the plan as the pattern planner
//! built it and returns an equivalent one (the same rows; where several rows come from one input
//! row, their order may change) that costs less by the graph's statistics.

mod named_seek;
pub(crate) use named_seek::named_call;
mod seek_far_end;

use super::ir::{Ex, Op, QueryPlan, Stage};
use crate::graph::Graph;

/// Every rule, over every read stage of the query.
pub(crate) fn apply(query: &mut QueryPlan, graph: &Graph) {
    for stage in &mut query.stages {
        if let Stage::Read(op) = stage {
            walk(op, graph);
        }
    }
}

/// The rules at every operator, inputs first (inner plans of OPTIONAL MATCH included).
fn walk(op: &mut Op, graph: &Graph) {
    if let Op::Optional { inner, .. } = op {
        walk(inner, graph);
    }
    if let Some(input) = op.input_mut() {
        walk(input, graph);
    }
    seek_far_end::apply(op, graph);
    named_seek::apply(op, graph);
}

/// An expression without the places its errors carry.
fn bare(ex: &Ex) -> &Ex {
    match ex {
        Ex::Spanned(inner, _) => bare(inner),
        other => other,
    }
}
