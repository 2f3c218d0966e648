//! Range and prefix seeks: the candidates of `n.p > e`, `n.p >= a AND n.p < b` and
//! `n.p STARTS WITH e` read from the (label, key) index (`Graph::lookup_range`,
//! `Graph::lookup_prefix`) instead of every node of the label.
//!
//! The planner keeps the predicates as filters above the seek, so a seek may find more nodes
//! than match, never fewer. What it finds for the values of its bounds:
//!
//! - null, NaN, a duration or a point: nothing, as no value is `<` or `>` any of them (the
//!   comparison is null or false);
//! - a boolean, number, string or temporal value: the indexed values of its kind between the
//!   bounds, which are every value the comparison can hold for (numbers with numbers, dates
//!   with dates, ...; the index's order is Cypher's within a kind, see `graph::IndexKey`);
//! - anything else (a list, which compares with lists the index does not hold; a map): no
//!   narrowing from that bound, and without the other bound the label's every node;
//! - a bound that fails to evaluate: the label's every node, so that the filter above meets
//!   the same error it would without the seek (or none, when no node has the label).
//!
//! A prefix that is not a string finds nothing (`STARTS WITH` is then null).
//!
//! A seek gathers its candidates before giving the first (to give them in id order, as a scan
//! would): when they are more than half the label's nodes, that costs more than the scan it
//! replaces and keeps a LIMIT above from stopping early, so the seek gives the label's nodes
//! instead, as they come (a label of up to `SMALL_LABEL` nodes is always sought).

use crate::diagnostic::Result;
use crate::graph::{Graph, NodeId, Sym, Value};
use crate::ir::{Ex, ScanSource, SeekBound};
use crate::temporal::Temporal;
use std::ops::Bound;

/// Candidates a seek gathers whatever its label's size (see the module's comment).
const SMALL_LABEL: usize = 4096;

/// How many candidates a seek of `label` gathers at most before it scans the label instead.
fn most(graph: &Graph, label: Sym) -> usize {
    (graph.label_count(label) / 2).max(SMALL_LABEL)
}

/// What one bound's value says of the nodes a comparison with it can hold for.
enum Reach<'v> {
    /// None: the comparison is never true.
    Nothing,
    /// The index's values of the value's kind, on its side of it.
    Indexed(&'v Value),
    /// Cannot say: leave it to the filter.
    Anything,
}

fn reach(value: &Value) -> Reach<'_> {
    match value {
        Value::Null | Value::Point(_) => Reach::Nothing,
        Value::Float(f) if f.is_nan() => Reach::Nothing,
        Value::Temporal(t) if matches!(**t, Temporal::Duration(_)) => Reach::Nothing,
        Value::Bool(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::String(_)
        | Value::Temporal(_) => Reach::Indexed(value),
        _ => Reach::Anything,
    }
}

/// The candidates of a range or prefix seek, evaluating its expressions with `eval`, in id
/// order; None when every node of the label is one.
pub(crate) fn candidates(
    graph: &Graph,
    source: &ScanSource,
    mut eval: impl FnMut(&Ex) -> Result<Value>,
) -> Option<Vec<NodeId>> {
    match source {
        ScanSource::Range {
            label,
            key,
            lower,
            upper,
        } => {
            let values = [lower, upper].map(|b| b.as_ref().map(|b| (eval(&b.value), b)));
            let mut bounds = [Bound::Unbounded, Bound::Unbounded];
            for (slot, value) in bounds.iter_mut().zip(&values) {
                let Some((value, bound)) = value else {
                    continue;
                };
                let Ok(value) = value else {
                    return None;
                };
                match reach(value) {
                    Reach::Nothing => return Some(Vec::new()),
                    Reach::Indexed(v) => *slot = end(v, bound),
                    Reach::Anything => {}
                }
            }
            let [lower, upper] = bounds;
            if matches!((lower, upper), (Bound::Unbounded, Bound::Unbounded)) {
                return None;
            }
            graph.lookup_range(*label, *key, lower, upper, most(graph, *label))
        }
        ScanSource::Prefix { label, key, prefix } => match eval(prefix).ok()? {
            Value::String(s) => graph.lookup_prefix(*label, *key, &s, most(graph, *label)),
            _ => Some(Vec::new()),
        },
        _ => unreachable!("only range and prefix seeks are looked up here"),
    }
}

fn end<'v>(value: &'v Value, bound: &SeekBound) -> Bound<&'v Value> {
    if bound.inclusive {
        Bound::Included(value)
    } else {
        Bound::Excluded(value)
    }
}
