//! Seek the far end of a hop instead of filtering it: an expansion to a node that the filters
//! above it pin by label and property (`(x)<-[:ACCUSES]-(b) WHERE b:Actor AND b.name = 'X'`)
//! walks every relationship of `x` and tests each far node. When the (label, key) index says the
//! value is held by about one node, looking it up and checking the relationships between the two
//! (`Expand(Into)`, a binary search in `x`'s relationships) does the same work per input row in a
//! few steps instead of the node's degree.
//!
//! The filters stay: the label checks and property equalities of the far node (which cannot
//! fail) test the nodes found, before the expansion; any other stays above it.

use super::{bare, filters_over, required_labels, seek_far_end_from};
use crate::graph::{Graph, IndexKey, Sym, Value};
use crate::ir::{Ex, Op, ScanSource};
use crate::syntax::ast::BinaryOp;

/// How many nodes a value may be expected to hold, at most, for the seek to pay.
const MAX_MATCHES: f64 = 2.0;

pub(super) fn apply(op: &mut Op, graph: &Graph) {
    // The filters directly above an Expand(All): their conjuncts.
    let (conjuncts, below) = filters_over(op);
    let Op::Expand { spec, .. } = below else {
        return;
    };
    if spec.into || conjuncts.is_empty() {
        return;
    }
    let to = spec.to;
    let labels: Vec<Sym> = required_labels(&conjuncts, to).collect();
    let mut best: Option<(f64, Sym, Sym, Value)> = None;
    for c in &conjuncts {
        let Some((key, value)) = equality(c, to) else {
            continue;
        };
        if IndexKey::of(value).is_none() {
            continue;
        }
        for &label in &labels {
            let nodes = graph.label_count(label) as f64;
            let distinct = graph.index_distinct(label, key).max(1) as f64;
            let matches = nodes / distinct;
            if matches <= MAX_MATCHES && best.as_ref().is_none_or(|b| matches < b.0) {
                best = Some((matches, label, key, value.clone()));
            }
        }
    }
    let Some((_, label, key, value)) = best else {
        return;
    };
    // Rebuild: the same filters over Expand(Into) over the seek.
    let early = |c: &Ex| match bare(c) {
        Ex::HasLabels(base, _) => matches!(bare(base), Ex::Slot(s) if *s == to),
        c => equality(c, to).is_some(),
    };
    seek_far_end_from(
        op,
        ScanSource::Index {
            label,
            key,
            value: Ex::Const(value),
        },
        early,
    );
}

/// `slot.key = constant` (either way round): the key and the constant.
fn equality(ex: &Ex, slot: usize) -> Option<(Sym, &Value)> {
    let Ex::Binary(BinaryOp::Eq, l, r) = bare(ex) else {
        return None;
    };
    let prop = |e: &Ex| match bare(e) {
        Ex::Prop(base, key) if matches!(bare(base), Ex::Slot(s) if *s == slot) => Some(*key),
        _ => None,
    };
    match (bare(l), bare(r)) {
        (p, Ex::Const(v)) => prop(p).map(|k| (k, v)),
        (Ex::Const(v), p) => prop(p).map(|k| (k, v)),
        _ => None,
    }
}
