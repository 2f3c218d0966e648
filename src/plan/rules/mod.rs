//! Rewrite rules over finished plans, one file each. Each takes the plan as the pattern planner
//! built it and returns an equivalent one (the same rows; where several rows come from one input
//! row, their order may change) that costs less by the graph's statistics.

mod named_seek;
mod release_slots;
pub(crate) use named_seek::named_call;
mod seek_far_end;
mod top_groups;

use crate::graph::{Graph, Sym};
use crate::ir::{Ex, Op, QueryPlan, ScanSource, Stage};

/// Every rule, over every read stage of the query.
pub(crate) fn apply(query: &mut QueryPlan, graph: &Graph) {
    for stage in &mut query.stages {
        if let Stage::Read(op) = stage {
            walk(op, graph);
        }
    }
    // What the last stage's operators read is known from its top: its rows are the result.
    if let Some(Stage::Read(op)) = query.stages.last_mut() {
        release_slots::apply(op);
    }
}

/// The rules at every operator, inputs first (inner plans of OPTIONAL MATCH and of `CALL { }`
/// included).
fn walk(op: &mut Op, graph: &Graph) {
    match op {
        Op::Optional { inner, .. } | Op::Apply { inner, .. } => walk(inner, graph),
        Op::Union { branches, .. } => branches.iter_mut().for_each(|b| walk(b, graph)),
        _ => {}
    }
    if let Some(input) = op.input_mut() {
        walk(input, graph);
    }
    seek_far_end::apply(op, graph);
    named_seek::apply(op, graph);
    top_groups::apply(op);
}

/// An expression without the places its errors carry.
fn bare(ex: &Ex) -> &Ex {
    match ex {
        Ex::Spanned(inner, _) => bare(inner),
        other => other,
    }
}

/// The conjuncts of the filters directly above an operator, and that operator.
fn filters_over(op: &Op) -> (Vec<&Ex>, &Op) {
    let mut conjuncts: Vec<&Ex> = Vec::new();
    let mut below: &Op = op;
    while let Op::Filter { input, pred } = below {
        split(pred, &mut conjuncts);
        below = input;
    }
    (conjuncts, below)
}

/// The conjuncts of a predicate.
fn split<'a>(pred: &'a Ex, out: &mut Vec<&'a Ex>) {
    match bare(pred) {
        Ex::And(a, b) => {
            split(a, out);
            split(b, out);
        }
        other => out.push(other),
    }
}

/// The labels the conjuncts require of the node in `slot`.
fn required_labels<'a>(conjuncts: &'a [&'a Ex], slot: usize) -> impl Iterator<Item = Sym> + 'a {
    conjuncts
        .iter()
        .filter_map(move |c| match bare(c) {
            Ex::HasLabels(base, labels) if matches!(bare(base), Ex::Slot(s) if *s == slot) => {
                Some(labels.iter().copied())
            }
            _ => None,
        })
        .flatten()
}

/// Below the filters at `op`, an Expand(All) becomes Expand(Into) over a scan of its far end
/// from `source`: the same filters over the same rows. Those `early` says of (checks of the far
/// node alone that cannot fail) move between the scan and the expansion, where they test each
/// node found once instead of once per relationship to it.
fn seek_far_end_from(op: &mut Op, source: ScanSource, early: impl Fn(&Ex) -> bool) {
    // The filters, top first.
    let mut preds: Vec<Ex> = Vec::new();
    let mut rest = std::mem::replace(op, Op::Input);
    while let Op::Filter { input, pred } = rest {
        preds.push(pred);
        rest = *input;
    }
    let Op::Expand { input, spec } = rest else {
        unreachable!("the operator below the filters is the expansion");
    };
    let mut spec = spec;
    let mut below = Op::Scan {
        input,
        slot: spec.to,
        source,
    };
    let (moved, kept): (Vec<Ex>, Vec<Ex>) = preds.into_iter().partition(|p| {
        let mut parts = Vec::new();
        split(p, &mut parts);
        parts.iter().all(|c| early(c))
    });
    for pred in moved.into_iter().rev() {
        below = Op::Filter {
            input: Box::new(below),
            pred,
        };
    }
    spec.into = true;
    let mut top = Op::Expand {
        input: Box::new(below),
        spec,
    };
    for pred in kept.into_iter().rev() {
        top = Op::Filter {
            input: Box::new(top),
            pred,
        };
    }
    *op = top;
}
