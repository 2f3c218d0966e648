//! Range and prefix seeks: the candidates of `n.p > e`, `n.p >= a AND n.p < b` and
//! `n.p STARTS WITH e` read from the (label, key) index (`Graph::lookup_range`,
//! `Graph::lookup_prefix`) instead of every node of the label; and the same of relationships,
//! `r.p = e` too, from a declared (type, key) index (`Graph::lookup_rel_range`, ...) instead of
//! every relationship of the type (the seek of `Op::RelScan`).
//!
//! The planner keeps the predicates as filters above the seek, so a seek may find more nodes
//! (or relationships) than match, never fewer. What it finds for the values of its bounds:
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
//! A prefix that is not a string finds nothing (`STARTS WITH` is then null). An IN seek
//! (`n.p IN e`) looks each of the list's values up once as an equality would, and finds
//! nothing for a null list; every node of the label (or relationship of the type) for a value
//! the index cannot look up, or for a right side that is not a list (the filter then fails as
//! it would on a scan). An equality
//! seek of relationships finds the indexed values equal to its value, and every relationship
//! of the type for a value the index cannot look up (null, NaN, a list: the filter decides).
//!
//! A composite index's seek (`ScanSource::Composite`: equalities on its first properties, and a
//! range or a prefix of the next) finds the entities the ordered index of each of those
//! properties finds for its value, range or prefix, intersected; a value it cannot look up (a
//! list, NaN) or a range of more than half the group does not narrow them, and null finds
//! nothing.
//!
//! A seek gathers its candidates before giving the first (to give them in id order, as a scan
//! would): when they are more than half the label's nodes, that costs more than the scan it
//! replaces and keeps a LIMIT above from stopping early, so the seek gives the label's nodes
//! instead, as they come (a label of up to `SMALL_LABEL` nodes is always sought).

use crate::diagnostic::Result;
use crate::exec::ops::GroupKey;
use crate::graph::{Graph, NodeId, RelId, Sym, Value};
use crate::ir::{Ex, ScanSource, SeekBound};
use crate::temporal::Temporal;
use std::ops::Bound;

/// Candidates a seek gathers whatever its label's size (see the module's comment).
const SMALL_LABEL: usize = 4096;

/// What a seek finds: nodes of a label, or relationships of a type, by a key's values.
pub(crate) trait Sought: Sized + Ord + Copy {
    /// How many of the group (label or type) there are.
    fn group_count(graph: &Graph, group: Sym) -> usize;
    fn equal(graph: &Graph, group: Sym, key: Sym, value: &Value) -> Option<Vec<Self>>;
    fn range(
        graph: &Graph,
        group: Sym,
        key: Sym,
        lower: Bound<&Value>,
        upper: Bound<&Value>,
        most: usize,
    ) -> Option<Vec<Self>>;
    fn prefix(graph: &Graph, group: Sym, key: Sym, prefix: &str, most: usize) -> Option<Vec<Self>>;
}

impl Sought for NodeId {
    fn group_count(graph: &Graph, label: Sym) -> usize {
        graph.label_count(label)
    }
    fn equal(graph: &Graph, label: Sym, key: Sym, value: &Value) -> Option<Vec<NodeId>> {
        graph.lookup(label, key, value)
    }
    fn range(
        graph: &Graph,
        label: Sym,
        key: Sym,
        lower: Bound<&Value>,
        upper: Bound<&Value>,
        most: usize,
    ) -> Option<Vec<NodeId>> {
        graph.lookup_range(label, key, lower, upper, most)
    }
    fn prefix(
        graph: &Graph,
        label: Sym,
        key: Sym,
        prefix: &str,
        most: usize,
    ) -> Option<Vec<NodeId>> {
        graph.lookup_prefix(label, key, prefix, most)
    }
}

impl Sought for RelId {
    fn group_count(graph: &Graph, ty: Sym) -> usize {
        graph.type_count(ty)
    }
    fn equal(graph: &Graph, ty: Sym, key: Sym, value: &Value) -> Option<Vec<RelId>> {
        graph.lookup_rels(ty, key, value)
    }
    fn range(
        graph: &Graph,
        ty: Sym,
        key: Sym,
        lower: Bound<&Value>,
        upper: Bound<&Value>,
        most: usize,
    ) -> Option<Vec<RelId>> {
        graph.lookup_rel_range(ty, key, lower, upper, most)
    }
    fn prefix(graph: &Graph, ty: Sym, key: Sym, prefix: &str, most: usize) -> Option<Vec<RelId>> {
        graph.lookup_rel_prefix(ty, key, prefix, most)
    }
}

/// How many candidates a seek of `group` gathers at most before it scans the group instead.
fn most<I: Sought>(graph: &Graph, group: Sym) -> usize {
    (I::group_count(graph, group) / 2).max(SMALL_LABEL)
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

/// The candidates of a range, prefix or composite seek (of relationships, an equality seek too),
/// evaluating its expressions with `eval`, in id order; None when every node of the label (or
/// relationship of the type) is one.
pub(crate) fn candidates<I: Sought>(
    graph: &Graph,
    source: &ScanSource,
    mut eval: impl FnMut(&Ex) -> Result<Value>,
) -> Option<Vec<I>> {
    match source {
        ScanSource::Index { label, key, value } => match eval(value).ok()? {
            Value::Null => Some(Vec::new()),
            v => I::equal(graph, *label, *key, &v),
        },
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
            I::range(graph, *label, *key, lower, upper, most::<I>(graph, *label))
        }
        ScanSource::Prefix { label, key, prefix } => match eval(prefix).ok()? {
            Value::String(s) => I::prefix(graph, *label, *key, &s, most::<I>(graph, *label)),
            _ => Some(Vec::new()),
        },
        ScanSource::AnyOf { label, key, values } => match eval(values).ok()? {
            Value::Null => Some(Vec::new()),
            Value::List(items) => {
                let mut found = Vec::new();
                let mut sought = std::collections::HashSet::new();
                for v in items.iter().filter(|v| !v.is_null()) {
                    // A value given twice is looked up once (`1` and `1.0` find the same).
                    if !sought.insert(GroupKey::new(v)) {
                        continue;
                    }
                    // A value the index cannot look up (NaN, a list): the filter decides.
                    found.extend(I::equal(graph, *label, *key, v)?);
                    if found.len() > most::<I>(graph, *label) {
                        return None;
                    }
                }
                found.sort_unstable();
                found.dedup();
                Some(found)
            }
            // Not a list: `IN` fails, and the filter above says so.
            _ => None,
        },
        ScanSource::Composite {
            label,
            keys,
            values,
            lower,
            upper,
            prefix,
        } => {
            let mut equal = Vec::with_capacity(values.len());
            for value in values {
                match eval(value).ok()? {
                    Value::Null => return Some(Vec::new()),
                    v => equal.push(v),
                }
            }
            let mut bounds = [Bound::Unbounded, Bound::Unbounded];
            let ends = [lower, upper].map(|b| b.as_ref().map(|b| (eval(&b.value), b)));
            for (slot, value) in bounds.iter_mut().zip(&ends) {
                match value {
                    Some((Ok(value), bound)) => match reach(value) {
                        Reach::Nothing => return Some(Vec::new()),
                        Reach::Indexed(v) => *slot = end(v, bound),
                        Reach::Anything => {}
                    },
                    // The filter above meets the error.
                    Some((Err(_), _)) => return None,
                    None => {}
                }
            }
            let last = keys.get(equal.len()).copied();
            let prefix = match (prefix, last) {
                (Some(p), Some(key)) => match eval(p).ok()? {
                    Value::String(s) => Some((key, s)),
                    _ => return Some(Vec::new()),
                },
                _ => None,
            };
            let range = last.map(|key| (key, bounds));
            composite::<I>(graph, *label, keys, &equal, range, prefix)
        }
        // Not a seek: every one of the group.
        ScanSource::All
        | ScanSource::Label(_)
        | ScanSource::Labels(_)
        | ScanSource::Named { .. } => None,
    }
}

/// The candidates of a composite index's seek: the entities of `group` whose first keys equal
/// `values` and whose next key, when `range` gives it, lies between its bounds (or, when
/// `prefix` gives it, is a string with the prefix), in id order: the ids the ordered index of
/// each key finds, intersected. A value the index cannot look up
/// (a list, NaN) and a range of more than `most` do not narrow them (the filters above
/// decide); None when nothing narrows them.
pub(crate) fn composite<I: Sought>(
    graph: &Graph,
    group: Sym,
    keys: &[Sym],
    values: &[Value],
    range: Option<(Sym, [Bound<&Value>; 2])>,
    prefix: Option<(Sym, std::sync::Arc<str>)>,
) -> Option<Vec<I>> {
    let mut lists: Vec<Vec<I>> = keys
        .iter()
        .zip(values)
        .filter_map(|(&key, value)| I::equal(graph, group, key, value))
        .collect();
    if let Some((key, [lower, upper])) = range {
        if !matches!((lower, upper), (Bound::Unbounded, Bound::Unbounded)) {
            let most = most::<I>(graph, group);
            lists.extend(I::range(graph, group, key, lower, upper, most));
        }
    }
    if let Some((key, prefix)) = prefix {
        let most = most::<I>(graph, group);
        lists.extend(I::prefix(graph, group, key, &prefix, most));
    }
    // The shortest first, so that each step keeps at most as many.
    lists.sort_by_key(Vec::len);
    let mut lists = lists.into_iter();
    let mut found = lists.next()?;
    for list in lists {
        found.retain(|id| list.binary_search(id).is_ok());
    }
    Some(found)
}

fn end<'v>(value: &'v Value, bound: &SeekBound) -> Bound<&'v Value> {
    if bound.inclusive {
        Bound::Included(value)
    } else {
        Bound::Excluded(value)
    }
}
