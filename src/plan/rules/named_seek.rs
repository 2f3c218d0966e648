//! Seek a node by name instead of scanning its label: `MATCH (a:Actor) WHERE named(a, 'kremlin')`
//! plans a scan of every `Actor` with the call as a filter above it. The label's name index
//! (`Graph::lookup_named`) gives the nodes whose name or an alias folds to the text, so the scan
//! becomes a `NodeByNameSeek` of those few nodes:
//!
//! - a label scan (or a scan of all nodes whose filters require a label) under filters that
//!   call `named(n, text)` on the scanned node, `text` a literal or parameter;
//! - an expansion to a far node those filters pin the same way (`(x)-[:ACCUSES]->(b) WHERE
//!   b:Actor AND named(b, 'Russia')`): the far node is sought for each row and the
//!   relationships between the two checked (`Expand(Into)`), as `seek_far_end` does for
//!   property equality.
//!
//! The filters stay: they hold for the nodes found, at the cost of testing only those, so the
//! rows are the same with and without the rule (`tests/names.rs` runs both ways). Above a far
//! node's seek, its label checks and `named` calls (which cannot fail) test each node found
//! before the expansion; any other filter stays above it.

use super::{bare, filters_over, required_labels, seek_far_end_from};
use crate::graph::{Graph, Sym, Value};
use crate::ir::{Ex, Function, Op, ScanSource};

pub(super) fn apply(op: &mut Op, graph: &Graph) {
    let (conjuncts, below) = filters_over(op);
    if conjuncts.is_empty() {
        return;
    }
    let (slot, far) = match below {
        Op::Scan {
            slot,
            source: ScanSource::Label(_) | ScanSource::All,
            ..
        } => (*slot, false),
        Op::Expand { spec, .. } if !spec.into => (spec.to, true),
        _ => return,
    };
    let Some(text) = conjuncts.iter().find_map(|c| named_text(c, slot)) else {
        return;
    };
    // The label to seek in: the scan's, else the smallest the filters require.
    let scanned = match below {
        Op::Scan {
            source: ScanSource::Label(l),
            ..
        } => Some(*l),
        _ => None,
    };
    let label = scanned
        .or_else(|| required_labels(&conjuncts, slot).min_by_key(|l: &Sym| graph.label_count(*l)));
    let Some(label) = label else {
        return;
    };
    let source = ScanSource::Named {
        label,
        text: Ex::Const(text),
    };
    if far {
        let early = |c: &Ex| match bare(c) {
            Ex::HasLabels(base, _) => matches!(bare(base), Ex::Slot(s) if *s == slot),
            c => named_text(c, slot).is_some(),
        };
        seek_far_end_from(op, source, early);
        return;
    }
    let mut cursor: &mut Op = op;
    while let Op::Filter { input, .. } = cursor {
        cursor = input;
    }
    if let Op::Scan { source: s, .. } = cursor {
        *s = source;
    }
}

/// `named(slot, constant)`: the constant (a string or null; any other value is left to the
/// call to refuse).
fn named_text(ex: &Ex, slot: usize) -> Option<Value> {
    let Ex::Call(Function::Named, args) = bare(ex) else {
        return None;
    };
    if args.len() != 2 {
        return None;
    }
    if !matches!(bare(&args[0]), Ex::Slot(s) if *s == slot) {
        return None;
    }
    match bare(&args[1]) {
        Ex::Const(v @ (Value::String(_) | Value::Null)) => Some(v.clone()),
        _ => None,
    }
}

/// `named(var, text)` in a statement's WHERE, `text` a literal or parameter: the variable and
/// the text's expression. The pattern planner scans such a node by name when that finds the
/// fewest candidates.
pub(crate) fn named_call(
    e: &crate::syntax::ast::Expr,
) -> Option<(&str, &crate::syntax::ast::Expr)> {
    use crate::syntax::ast::ExprKind;
    let ExprKind::Function {
        name,
        distinct: false,
        args,
    } = &e.kind
    else {
        return None;
    };
    if Function::lookup(&name.name.to_lowercase()) != Some(Function::Named) || args.len() != 2 {
        return None;
    }
    let ExprKind::Variable(var) = &args[0].kind else {
        return None;
    };
    matches!(args[1].kind, ExprKind::Literal(_) | ExprKind::Parameter(_))
        .then_some((var.as_str(), &args[1]))
}
