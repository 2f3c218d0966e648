//! Row estimates for plan descriptions (EXPLAIN, PROFILE): how many rows each operator of a
//! plan is expected to yield, from the graph's counts alone. Uses the plan and the graph's
//! catalogue (`node_count`, `label_count`, `type_count`, `rel_count`, `index_distinct`), and
//! counts what a range or prefix seek with constant bounds finds in its index; never runs an
//! operator, evaluates an expression or looks at a node.
//!
//! The model, operator by operator (`in` is the rows the operator's input yields):
//!
//! | operator | rows |
//! |---|---|
//! | scan of all nodes / of a label / of several labels | `in × nodes` / `in × nodes with the label` / `in ×` the labels' nodes added up |
//! | index seek | `in × nodes with the label / distinct values of the key` |
//! | range or prefix seek with constant bounds | `in ×` what it finds, counted in its index up to 4096 (`COUNTED`); beyond, at least 4097 and the share below |
//! | range seek (`n.p > a`, `n.p >= a AND n.p < b`) | `in × nodes with the label × 0.3`, `× 0.15` with both bounds (Neo4j's default range selectivity, shared between the bounds); 0 for a null bound |
//! | prefix seek (`n.p STARTS WITH s`) | `in × nodes with the label × 0.3 / length of s` (in characters, at least 1; 6 when not known); 0 for null |
//! | relationship seek | the same, of the relationships of its type; an equality `relationships indexed / distinct values` |
//! | relationship scan | `in × relationships of its types` (twice that when undirected) |
//! | expand | `in × average degree`: relationships of its types / nodes, twice that when undirected |
//! | expand into a bound node | `in × average degree / nodes` |
//! | variable-length expand | `in × Σ degreeᵏ` over the lengths `k` from min to max, at most 3 beyond min; into: `/ nodes` |
//! | shortest path | `in` (one path per pair; `k` per pair for `SHORTEST k`) |
//! | filter | `in × selectivity` (below) |
//! | optional | `max(in, rows of its inner plan)` |
//! | unwind | `in × the list's length` when it is written out (or `range` of constants), else `in × 10` |
//! | LOAD CSV | `in × 1000` (the file is not looked at) |
//! | aggregate, distinct | 1 without keys; else `min(in, √in × number of keys)` |
//! | sort with a limit, limit / skip | `min(in, n)` / `max(0, in − n)` for a constant `n` |
//! | relationship counts | 1, or one per type |
//! | projection, bind, MERGE (`max(in, matches)`), other updates | `in` |
//!
//! Selectivities: a label check `nodes with the label / nodes` (per label; for a name that is
//! only a relationship type, its share of the relationships); a label expression its labels'
//! shares combined as `NOT`, `AND` and `OR` below, `%` 1; `IS ::` `0.5`; equality `0.1`
//! (`IN` a written list: `0.1` per element); inequality `0.9`; range comparisons `0.3`;
//! `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `=~` `0.1` (but 1 for the comparisons and
//! prefixes of the key a range or prefix seek below the filter answered); `IS NULL`, `IS NOT NULL` `0.5`; a
//! pattern predicate: the rows its sub-plan is expected to find per row, at most 1; `NOT p`
//! `1 − p`; `p AND q` `p × q`; `p OR q` `p + q − p × q`; constants `true` 1, `false` and null 0;
//! anything else `0.5`.

use crate::graph::{Dir, Graph, Sym, Value};
use crate::ir::{Ex, ExpandSpec, Function, LabelExpr, Op, ScanSource, Update};
use crate::syntax::ast::{BinaryOp, UnaryOp};

/// Equality (`=`), per compared value.
pub(super) const EQUALITY: f64 = 0.1;
/// `<`, `<=`, `>`, `>=`.
const RANGE: f64 = 0.3;
/// `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `=~`.
const STRING_MATCH: f64 = 0.1;
/// The length of a prefix seek's string when it is not known before the query runs (Neo4j's).
const PREFIX_LENGTH: f64 = 6.0;
/// `IS NULL`, `IS NOT NULL`.
const NULL_CHECK: f64 = 0.5;
/// `IS ::`, `IS NOT ::`.
const TYPE_CHECK: f64 = 0.5;
/// Any other predicate.
const OTHER_PREDICATE: f64 = 0.5;
/// Rows per input row of an UNWIND whose list is not written out.
const UNWIND_ROWS: f64 = 10.0;
/// Rows per input row of a LOAD CSV: the estimator never opens the file.
const LOAD_CSV_ROWS: f64 = 1000.0;
/// Lengths beyond the minimum that a variable-length expansion is counted for.
const VAR_LENGTH_SPAN: u64 = 3;
/// A range or prefix seek with constant bounds is counted in its index up to this many
/// entries when it is planned (a few tens of microseconds); beyond, the default shares.
const COUNTED: usize = 4096;
/// No estimate goes above this (an unbounded expansion would reach infinity).
const CEILING: f64 = 1e18;

/// How many walks of `min` to `max` steps leave a node when each step has `degree` choices
/// (the lengths past `min + VAR_LENGTH_SPAN` left out).
fn walks(degree: f64, min: u64, max: u64) -> f64 {
    let longest = max.min(min.saturating_add(VAR_LENGTH_SPAN));
    let mut paths = 0.0;
    let mut power = 1.0;
    for k in 0..=longest {
        if k >= min {
            paths += power;
        }
        power = (power * degree).min(CEILING);
    }
    paths
}

/// Estimates rows from a graph's counts.
pub(super) struct Estimator<'g> {
    graph: &'g Graph,
}

impl<'g> Estimator<'g> {
    pub fn new(graph: &'g Graph) -> Estimator<'g> {
        Estimator { graph }
    }

    fn nodes(&self) -> f64 {
        self.graph.node_count().max(1) as f64
    }

    /// Relationships of the given types (every type when empty), each type counted once.
    fn rels(&self, types: &[Sym]) -> f64 {
        if types.is_empty() {
            return self.graph.rel_count() as f64;
        }
        let mut seen: Vec<Sym> = Vec::with_capacity(types.len());
        let mut n = 0;
        for t in types {
            if !seen.contains(t) {
                seen.push(*t);
                n += self.graph.type_count(*t);
            }
        }
        n as f64
    }

    /// Relationships per node that an expansion walks.
    fn degree(&self, spec: &ExpandSpec) -> f64 {
        let per_node = self.rels(&spec.types) / self.nodes();
        match spec.dir {
            Dir::Both => 2.0 * per_node,
            Dir::Out | Dir::In => per_node,
        }
    }

    /// The rows `op` yields when its input yields `input` rows and, for `Op::Optional`,
    /// `Op::Apply` and `Op::Union`, its inner plans yield `inner` rows in all.
    pub fn rows(&self, op: &Op, input: f64, inner: f64) -> f64 {
        let rows = match op {
            Op::Input => input,
            Op::Scan { source, .. } => {
                input
                    * match source {
                        ScanSource::All => self.graph.node_count() as f64,
                        ScanSource::Label(l) => self.graph.label_count(*l) as f64,
                        ScanSource::Labels(ls) => {
                            ls.iter().map(|l| self.graph.label_count(*l) as f64).sum()
                        }
                        ScanSource::Index { label, key, .. } => {
                            match self.graph.index_distinct(*label, *key) {
                                0 => 0.0,
                                d => self.graph.label_count(*label) as f64 / d as f64,
                            }
                        }
                        // About one node per name, as the index is not read here.
                        ScanSource::Named { label, .. } => {
                            self.graph.label_count(*label).min(1) as f64
                        }
                        ScanSource::Range { label, .. } | ScanSource::Prefix { label, .. } => {
                            self.seek_rows(source, self.graph.label_count(*label), false)
                        }
                        ScanSource::AnyOf { label, key, values } => {
                            self.any_of_rows(*label, *key, values, false)
                        }
                        ScanSource::Composite { .. } => composite_rows(self.graph, source, false),
                    }
            }
            Op::Expand { spec, .. } => {
                let rows = input * self.degree(spec);
                if spec.into {
                    rows / self.nodes()
                } else {
                    rows
                }
            }
            Op::RelScan { spec, seek, .. } => {
                let rels = match seek {
                    Some(source) => self.rel_seek_rows(source),
                    None => self.rels(&spec.types),
                };
                input
                    * match spec.dir {
                        Dir::Both => 2.0 * rels,
                        Dir::Out | Dir::In => rels,
                    }
            }
            Op::VarExpand { spec, min, max, .. } => {
                let degree = self.degree(spec);
                let rows = input * walks(degree, *min, *max);
                if spec.into {
                    rows / self.nodes()
                } else {
                    rows
                }
            }
            Op::Repeat {
                spec,
                min,
                max,
                repeat,
                ..
            } => {
                // Each repetition fans out as its steps do, one after the other.
                let mut degree = 1.0;
                for step in &repeat.steps {
                    let one = ExpandSpec {
                        types: step.types.clone(),
                        dir: step.dir,
                        ..spec.clone()
                    };
                    degree = (degree * self.degree(&one)).min(CEILING);
                }
                let rows = input * walks(degree, *min, *max);
                if spec.into {
                    rows / self.nodes()
                } else {
                    rows
                }
            }
            // Up to k paths per pair (or k lengths of them: k again, for want of better).
            Op::ShortestPath {
                select: crate::ir::PathSelect::Counted { k, .. },
                ..
            } => input * (*k).min(1 << 20) as f64,
            Op::ShortestPath { .. } => input,
            Op::Filter { pred, input: below } => match seek_below(below) {
                Some(seek) => input * self.selectivity_over_seek(pred, &seek),
                None => input * self.selectivity(pred),
            },
            Op::Optional { .. } => input.max(inner),
            Op::Apply { optional, .. } => {
                if *optional {
                    input.max(inner)
                } else {
                    inner
                }
            }
            Op::Union {
                distinct, width, ..
            } => {
                if *distinct {
                    groups(inner, *width)
                } else {
                    inner
                }
            }
            Op::Unwind { expr, .. } => input * list_length(expr).unwrap_or(UNWIND_ROWS),
            Op::LoadCsv { .. } => input * LOAD_CSV_ROWS,
            Op::Aggregate { keys, .. } => match keys.len() {
                0 => 1.0,
                n => groups(input, n),
            },
            Op::Distinct { width, .. } => groups(input, *width),
            Op::DistinctOn { key, .. } => groups(input, key.len()),
            Op::Sort { limit, .. } => match limit.as_ref().and_then(constant) {
                Some(n) => input.min(n),
                None => input,
            },
            Op::Skip { count, .. } => match constant(count) {
                Some(n) => (input - n).max(0.0),
                None => input,
            },
            Op::Limit { count, .. } => match constant(count) {
                Some(n) => input.min(n),
                None => input,
            },
            Op::RelTypeCounts { types, by_type, .. } => {
                if !*by_type {
                    1.0
                } else if types.is_empty() {
                    self.graph.rel_types().len() as f64
                } else {
                    let mut seen: Vec<Sym> = Vec::new();
                    for t in types {
                        if !seen.contains(t) && self.graph.type_count(*t) > 0 {
                            seen.push(*t);
                        }
                    }
                    seen.len() as f64
                }
            }
            Op::Bind { .. } | Op::Project { .. } | Op::Truncate { .. } => input,
        };
        rows.clamp(0.0, CEILING)
    }

    /// The rows a whole operator tree yields when `Op::Input` yields `input`.
    pub fn plan_rows(&self, op: &Op, input: f64) -> f64 {
        let below = match op.input() {
            Some(child) => self.plan_rows(child, input),
            None => input,
        };
        let inner = match op {
            Op::Optional { inner, .. } | Op::Apply { inner, .. } => self.plan_rows(inner, below),
            Op::Union { branches, .. } => branches.iter().map(|b| self.plan_rows(b, below)).sum(),
            _ => 0.0,
        };
        self.rows(op, below, inner)
    }

    /// The rows an update yields when given `input` rows; `matcher` is what MERGE's matcher
    /// is expected to find for them.
    pub fn update_rows(&self, update: &Update, input: f64, matcher: f64) -> f64 {
        match update {
            Update::Merge(_) => input.max(matcher),
            Update::Create(_) | Update::Set(_) | Update::Delete { .. } | Update::Foreach { .. } => {
                input
            }
        }
    }

    /// The rows left when duplicates of `width` columns are dropped from `input` rows.
    pub fn distinct_rows(&self, input: f64, width: usize) -> f64 {
        groups(input, width)
    }

    /// The share of nodes with a label; for a name no node has as a label but relationships
    /// have as their type, the share of relationships of the type (`r:T`).
    fn label_share(&self, l: Sym) -> f64 {
        match self.graph.label_count(l) {
            0 if self.graph.type_count(l) > 0 => {
                self.graph.type_count(l) as f64 / self.graph.rel_count().max(1) as f64
            }
            n => n as f64 / self.nodes(),
        }
    }

    /// The share of rows a label expression keeps: its names' shares combined as `NOT`,
    /// `AND` and `OR` are (as independent events), `%` keeping every row.
    fn label_expr_share(&self, e: &LabelExpr) -> f64 {
        match e {
            LabelExpr::Has(l) => self.label_share(*l),
            LabelExpr::Any => 1.0,
            LabelExpr::Not(e) => 1.0 - self.label_expr_share(e),
            LabelExpr::And(items) => items.iter().map(|i| self.label_expr_share(i)).product(),
            LabelExpr::Or(items) => {
                1.0 - items
                    .iter()
                    .map(|i| 1.0 - self.label_expr_share(i))
                    .product::<f64>()
            }
        }
    }

    /// The share of rows a predicate keeps.
    pub fn selectivity(&self, pred: &Ex) -> f64 {
        let s = match pred {
            Ex::Spanned(e, _) => self.selectivity(e),
            Ex::Const(Value::Bool(true)) => 1.0,
            Ex::Const(Value::Bool(false) | Value::Null) => 0.0,
            Ex::And(a, b) => self.selectivity(a) * self.selectivity(b),
            Ex::Or(a, b) => {
                let (a, b) = (self.selectivity(a), self.selectivity(b));
                a + b - a * b
            }
            Ex::Unary(UnaryOp::Not, e) => 1.0 - self.selectivity(e),
            Ex::IsNull(..) => NULL_CHECK,
            Ex::HasLabels(_, labels) => labels.iter().map(|l| self.label_share(*l)).product(),
            Ex::Labels(_, e) => self.label_expr_share(e),
            Ex::IsType(..) => TYPE_CHECK,
            Ex::Exists(sub) => self.plan_rows(sub, 1.0),
            Ex::Binary(op, a, b) => match op {
                BinaryOp::Eq => EQUALITY,
                BinaryOp::Ne => 1.0 - EQUALITY,
                BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => RANGE,
                BinaryOp::StartsWith
                | BinaryOp::EndsWith
                | BinaryOp::Contains
                | BinaryOp::RegexMatch => STRING_MATCH,
                BinaryOp::In => match list_length(b) {
                    Some(n) => EQUALITY * n,
                    None => OTHER_PREDICATE,
                },
                BinaryOp::And => self.selectivity(a) * self.selectivity(b),
                BinaryOp::Or => {
                    let (a, b) = (self.selectivity(a), self.selectivity(b));
                    a + b - a * b
                }
                BinaryOp::Xor => {
                    let (a, b) = (self.selectivity(a), self.selectivity(b));
                    a + b - 2.0 * a * b
                }
                _ => OTHER_PREDICATE,
            },
            _ => OTHER_PREDICATE,
        };
        s.clamp(0.0, 1.0)
    }
}

/// The nodes of a label (relationships of a type, with `rels`) a composite seek finds: those of
/// the values it equals that are constants the indexes hold, counted (the entities of each
/// key's value, intersected; the whole group when there are none), shared out by the distinct
/// values of each other key, as if they were independent, and by a range's default share.
pub(super) fn composite_rows(graph: &Graph, source: &ScanSource, rels: bool) -> f64 {
    let ScanSource::Composite {
        label,
        keys,
        values,
        lower,
        upper,
        prefix,
    } = source
    else {
        return 0.0;
    };
    let group = if rels {
        graph.type_count(*label)
    } else {
        graph.label_count(*label)
    } as f64;
    let range = if lower.is_some() || upper.is_some() {
        let bound = ScanSource::Range {
            label: *label,
            key: keys[keys.len() - 1],
            lower: lower.clone(),
            upper: upper.clone(),
        };
        seek_share(&bound)
    } else if let Some(prefix) = prefix {
        seek_share(&ScanSource::Prefix {
            label: *label,
            key: keys[keys.len() - 1],
            prefix: prefix.clone(),
        })
    } else {
        1.0
    };
    let mut found: Option<Vec<u32>> = None;
    let mut unknown = Vec::new();
    for (&key, value) in keys.iter().zip(values) {
        let ids: Option<Vec<u32>> = match bare(value) {
            Ex::Const(Value::Null) => return 0.0,
            Ex::Const(v) if rels => graph
                .lookup_rels(*label, key, v)
                .map(|ids| ids.into_iter().map(|r| r.0).collect()),
            Ex::Const(v) => graph
                .lookup(*label, key, v)
                .map(|ids| ids.into_iter().map(|n| n.0).collect()),
            _ => None,
        };
        match ids {
            Some(ids) => {
                found = Some(match found {
                    None => ids,
                    Some(f) => f
                        .into_iter()
                        .filter(|i| ids.binary_search(i).is_ok())
                        .collect(),
                })
            }
            None => unknown.push(key),
        }
    }
    let mut rows = found.map_or(group, |f| f.len() as f64);
    for key in unknown {
        let distinct = if rels {
            graph.rel_index_distinct(*label, key)
        } else {
            graph.index_distinct(*label, key)
        };
        if distinct == 0 {
            return 0.0;
        }
        rows /= distinct as f64;
    }
    rows * range
}

/// The share of its label's nodes a range or prefix seek is expected to find (see the table).
pub(super) fn seek_share(source: &ScanSource) -> f64 {
    let null = |e: &Ex| matches!(bare(e), Ex::Const(Value::Null));
    match source {
        ScanSource::Range { lower, upper, .. } => {
            let bounds: Vec<&Ex> = lower.iter().chain(upper).map(|b| &b.value).collect();
            if bounds.iter().any(|e| null(e)) {
                0.0
            } else {
                RANGE / bounds.len().max(1) as f64
            }
        }
        ScanSource::Prefix { prefix, .. } => match bare(prefix) {
            Ex::Const(Value::String(s)) => RANGE / s.chars().count().max(1) as f64,
            Ex::Const(Value::Null) => 0.0,
            _ => RANGE / PREFIX_LENGTH,
        },
        _ => 1.0,
    }
}

/// Whether the index of a seek holds values like this one (what it can count a bound of).
fn indexable(value: &Value) -> bool {
    match value {
        Value::Float(f) => !f.is_nan(),
        Value::Temporal(t) => !matches!(**t, crate::temporal::Temporal::Duration(_)),
        Value::Bool(_) | Value::Int(_) | Value::String(_) => true,
        _ => false,
    }
}

fn bare(ex: &Ex) -> &Ex {
    match ex {
        Ex::Spanned(e, _) => bare(e),
        e => e,
    }
}

/// What a seek answers: its node (or relationship) slot, key, and what it seeks.
type Seek = (usize, Vec<Sym>, Sought);

/// What a seek narrows its candidates by.
#[derive(Clone, Copy, PartialEq)]
enum Sought {
    Range,
    Prefix,
    /// An equality (relationship seeks: the node's equality seek has no filter above).
    Equal,
    /// One of a list's values (`IN`).
    AnyOf,
    /// A composite index's equalities, and a range of its last key.
    Composite,
}

/// The seek under a stack of filters, if any.
fn seek_below(mut op: &Op) -> Option<Seek> {
    loop {
        let (slot, source) = match op {
            Op::Filter { input, .. } => {
                op = input;
                continue;
            }
            Op::Scan { slot, source, .. } => (*slot, source),
            Op::RelScan {
                spec,
                seek: Some(source),
                ..
            } => (spec.rel, source),
            _ => return None,
        };
        return match source {
            ScanSource::Range { key, .. } => Some((slot, vec![*key], Sought::Range)),
            ScanSource::Prefix { key, .. } => Some((slot, vec![*key], Sought::Prefix)),
            ScanSource::AnyOf { key, .. } => Some((slot, vec![*key], Sought::AnyOf)),
            ScanSource::Index { key, .. } if matches!(op, Op::RelScan { .. }) => {
                Some((slot, vec![*key], Sought::Equal))
            }
            ScanSource::Composite { keys, .. } => Some((slot, keys.clone(), Sought::Composite)),
            _ => None,
        };
    }
}

/// What counting a seek in its index found (see `Estimator::counted`).
enum Counted {
    Exactly(usize),
    /// More than `COUNTED`.
    More,
    /// Not counted: a bound is not a constant, or not a value the index holds.
    Unknown,
}

impl Estimator<'_> {
    /// The nodes of a label (relationships of a type, with `rels`) a range or prefix seek
    /// finds, of `group` in all: counted in the index when its bounds are constants and it
    /// finds at most `COUNTED`, else the default share of the group.
    fn seek_rows(&self, source: &ScanSource, group: usize, rels: bool) -> f64 {
        let share = group as f64 * seek_share(source);
        match self.counted(source, rels) {
            Counted::Exactly(n) => n as f64,
            Counted::More => share.max(COUNTED as f64 + 1.0),
            Counted::Unknown => share,
        }
    }

    /// Count what a range or prefix seek with constant bounds finds, in the index it seeks
    /// (which a lookup builds when it is not built yet, as the seek itself would), up to
    /// `COUNTED`.
    fn counted(&self, source: &ScanSource, rels: bool) -> Counted {
        use std::ops::Bound;
        fn konst(e: &Ex) -> Option<&Value> {
            match bare(e) {
                Ex::Const(v) => Some(v),
                _ => None,
            }
        }
        fn end(b: &Option<crate::ir::SeekBound>) -> Option<Bound<&Value>> {
            Some(match b {
                None => Bound::Unbounded,
                Some(b) if b.inclusive => Bound::Included(konst(&b.value)?),
                Some(b) => Bound::Excluded(konst(&b.value)?),
            })
        }
        let g = self.graph;
        // None: the bounds are not constants; Some(None): more than `COUNTED` (or a bound
        // the index does not hold, which the lookup cannot tell apart).
        let found: Option<Option<usize>> = match source {
            ScanSource::Range {
                label,
                key,
                lower,
                upper,
            } => match (end(lower), end(upper)) {
                (Some(lo), Some(hi)) if !rels => Some(
                    g.lookup_range(*label, *key, lo, hi, COUNTED)
                        .map(|v| v.len()),
                ),
                (Some(lo), Some(hi)) => Some(
                    g.lookup_rel_range(*label, *key, lo, hi, COUNTED)
                        .map(|v| v.len()),
                ),
                _ => None,
            },
            ScanSource::Prefix { label, key, prefix } => match konst(prefix) {
                Some(Value::String(p)) if !rels => {
                    Some(g.lookup_prefix(*label, *key, p, COUNTED).map(|v| v.len()))
                }
                Some(Value::String(p)) => Some(
                    g.lookup_rel_prefix(*label, *key, p, COUNTED)
                        .map(|v| v.len()),
                ),
                _ => None,
            },
            _ => None,
        };
        match found {
            Some(Some(n)) => Counted::Exactly(n),
            // A bound the index cannot hold (null, a list) makes the lookup give up as well:
            // the default share says what it can of those.
            Some(None)
                if !matches!(source, ScanSource::Range { lower, upper, .. }
                if lower.iter().chain(upper).any(|b| !konst(&b.value).is_some_and(indexable))) =>
            {
                Counted::More
            }
            _ => Counted::Unknown,
        }
    }

    /// The nodes (or relationships, `rels`) of `group` whose `key` is one of `values` (an IN
    /// seek): counted in the index for a list known when the query is planned (each value
    /// once); otherwise the average per value, for `UNWIND_ROWS` values.
    pub(super) fn any_of_rows(&self, group: Sym, key: Sym, values: &Ex, rels: bool) -> f64 {
        let g = self.graph;
        let per_value = || {
            let (n, d) = if rels {
                g.rel_index_counts(group, key)
            } else {
                (g.label_count(group), g.index_distinct(group, key))
            };
            if d == 0 {
                0.0
            } else {
                n as f64 / d as f64
            }
        };
        let Some(items) = constant_list(values) else {
            return per_value() * UNWIND_ROWS;
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut rows = 0.0;
        for v in items.iter().filter(|v| !v.is_null()) {
            // Each value once (`1` and `1.0` are one key of the index).
            if crate::graph::IndexKey::of(v).is_some_and(|k| !seen.insert(k)) {
                continue;
            }
            let found = if rels {
                g.lookup_rels(group, key, v).map(|f| f.len())
            } else {
                g.lookup(group, key, v).map(|f| f.len())
            };
            rows += found.map_or_else(per_value, |n| n as f64);
        }
        rows
    }

    /// The relationships a relationship seek finds (for each input row).
    pub(super) fn rel_seek_rows(&self, source: &ScanSource) -> f64 {
        match source {
            ScanSource::Index { label, key, .. } => {
                match self.graph.rel_index_counts(*label, *key) {
                    (_, 0) => 0.0,
                    (n, d) => n as f64 / d as f64,
                }
            }
            ScanSource::Range { label, .. } | ScanSource::Prefix { label, .. } => {
                self.seek_rows(source, self.graph.type_count(*label), true)
            }
            ScanSource::AnyOf { label, key, values } => {
                self.any_of_rows(*label, *key, values, true)
            }
            ScanSource::Composite { .. } => composite_rows(self.graph, source, true),
            ScanSource::All
            | ScanSource::Label(_)
            | ScanSource::Labels(_)
            | ScanSource::Named { .. } => self.graph.rel_count() as f64,
        }
    }

    /// `selectivity`, for a filter over a range or prefix seek: the conjuncts comparing the
    /// seek's property (or testing its prefix) are the seek's, counted there.
    fn selectivity_over_seek(&self, pred: &Ex, seek: &Seek) -> f64 {
        let (slot, keys, sought) = seek;
        let (slot, sought) = (*slot, *sought);
        let is_prop = |e: &Ex| {
            matches!(bare(e), Ex::Prop(base, k)
                if keys.contains(k) && matches!(bare(base), Ex::Slot(s) if *s == slot))
        };
        let composite = sought == Sought::Composite;
        match bare(pred) {
            Ex::And(a, b) | Ex::Binary(BinaryOp::And, a, b) => {
                self.selectivity_over_seek(a, seek) * self.selectivity_over_seek(b, seek)
            }
            Ex::Binary(BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge, a, b)
                if (sought == Sought::Range || composite) && (is_prop(a) || is_prop(b)) =>
            {
                1.0
            }
            Ex::Binary(BinaryOp::StartsWith, a, _)
                if (sought == Sought::Prefix || composite) && is_prop(a) =>
            {
                1.0
            }
            Ex::Binary(BinaryOp::Eq, a, b)
                if (sought == Sought::Equal || composite) && (is_prop(a) || is_prop(b)) =>
            {
                1.0
            }
            Ex::Binary(BinaryOp::In, a, _) if sought == Sought::AnyOf && is_prop(a) => 1.0,
            other => self.selectivity(other),
        }
    }
}

/// Groups among `rows` rows for `keys` grouping keys: √rows per key, at most one per row.
fn groups(rows: f64, keys: usize) -> f64 {
    if rows <= 1.0 || keys == 0 {
        return rows.clamp(0.0, 1.0);
    }
    rows.min(rows.sqrt() * keys as f64)
}

/// The value of SKIP, LIMIT or a sort's limit when it is a constant.
pub(super) fn constant(ex: &Ex) -> Option<f64> {
    match ex {
        Ex::Spanned(e, _) => constant(e),
        // SKIP and LIMIT wrap their value in a check (`Ex::Call` of an internal function).
        Ex::Call(f, args) if f.is_internal() && args.len() == 1 => constant(&args[0]),
        Ex::Const(Value::Int(n)) => Some((*n).max(0) as f64),
        Ex::Binary(BinaryOp::Add, a, b) => Some(constant(a)? + constant(b)?),
        _ => None,
    }
}

/// The values of a list known when the query is planned: a constant (a parameter) or a list
/// written out of constants; null is no values.
pub(super) fn constant_list(ex: &Ex) -> Option<Vec<Value>> {
    match bare(ex) {
        Ex::Const(Value::List(items)) => Some(items.clone()),
        Ex::Const(Value::Null) => Some(Vec::new()),
        Ex::List(items) => items
            .iter()
            .map(|e| match bare(e) {
                Ex::Const(v) => Some(v.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// The length of a list written out in the query (or a `range` of constants).
fn list_length(ex: &Ex) -> Option<f64> {
    match ex {
        Ex::Spanned(e, _) => list_length(e),
        Ex::Const(Value::List(items)) => Some(items.len() as f64),
        Ex::Const(Value::Null) => Some(0.0),
        Ex::List(items) => Some(items.len() as f64),
        Ex::Call(Function::Range, args) if (2..=3).contains(&args.len()) => {
            let int = |e: &Ex| match e {
                Ex::Const(Value::Int(n)) => Some(*n as f64),
                _ => None,
            };
            let (from, to) = (int(&args[0])?, int(&args[1])?);
            let step = match args.get(2) {
                Some(s) => int(s)?,
                None => 1.0,
            };
            if step == 0.0 {
                return None;
            }
            Some(((to - from) / step + 1.0).floor().max(0.0))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::BinaryOp;

    fn int(n: i64) -> Ex {
        Ex::Const(Value::Int(n))
    }

    /// A predicate's selectivity on a graph of 10 nodes, 4 of them labelled `L` (the label
    /// `pred` is given).
    fn check_selectivity(pred: impl Fn(Sym) -> Ex, expected: f64) {
        let mut graph = Graph::new();
        let l = graph.intern("L");
        for i in 0..10 {
            let labels = if i < 4 { vec![l] } else { vec![] };
            graph.create_node(labels, vec![]).unwrap();
        }
        let pred = pred(l);
        let s = Estimator::new(&graph).selectivity(&pred);
        assert!((s - expected).abs() < 1e-9, "{pred:?}: {s} != {expected}");
    }

    #[test]
    fn selectivities() {
        let eq = || Ex::Binary(BinaryOp::Eq, Box::new(Ex::Slot(0)), Box::new(int(1)));
        let range = || Ex::Binary(BinaryOp::Lt, Box::new(Ex::Slot(0)), Box::new(int(1)));
        let label = |l: Sym| Ex::HasLabels(Box::new(Ex::Slot(0)), vec![l]);
        check_selectivity(|_| eq(), EQUALITY);
        check_selectivity(|_| range(), RANGE);
        check_selectivity(label, 0.4);
        check_selectivity(|l| Ex::And(Box::new(eq()), Box::new(label(l))), 0.04);
        check_selectivity(|_| Ex::Or(Box::new(eq()), Box::new(range())), 0.37);
        check_selectivity(|l| Ex::Unary(UnaryOp::Not, Box::new(label(l))), 0.6);
        check_selectivity(|_| Ex::IsNull(Box::new(Ex::Slot(0)), true), NULL_CHECK);
        let within = |_| {
            let list = Ex::List(vec![int(1), int(2), int(3)]);
            Ex::Binary(BinaryOp::In, Box::new(Ex::Slot(0)), Box::new(list))
        };
        check_selectivity(within, 0.3);
        check_selectivity(|_| Ex::Const(Value::Bool(true)), 1.0);
        check_selectivity(|_| Ex::Const(Value::Null), 0.0);
        check_selectivity(|_| Ex::Call(Function::Rand, vec![]), OTHER_PREDICATE);
    }

    #[test]
    fn seek_shares() {
        let (label, key) = (Sym(0), Sym(1));
        let bound = |v: Value| {
            Some(crate::ir::SeekBound {
                value: Ex::Const(v),
                inclusive: true,
            })
        };
        let range = |lower, upper| ScanSource::Range {
            label,
            key,
            lower,
            upper,
        };
        let prefix = |v: Value| ScanSource::Prefix {
            label,
            key,
            prefix: Ex::Const(v),
        };
        assert_eq!(seek_share(&range(bound(Value::Int(1)), None)), RANGE);
        assert_eq!(seek_share(&range(None, bound(Value::Int(1)))), RANGE);
        let both = range(bound(Value::Int(1)), bound(Value::Int(5)));
        assert_eq!(seek_share(&both), RANGE / 2.0);
        assert_eq!(seek_share(&range(bound(Value::Null), None)), 0.0);
        assert_eq!(seek_share(&prefix(Value::str("Ru"))), RANGE / 2.0);
        assert_eq!(seek_share(&prefix(Value::str(""))), RANGE);
        assert_eq!(seek_share(&prefix(Value::Null)), 0.0);
        let unknown = ScanSource::Prefix {
            label,
            key,
            prefix: Ex::Slot(0),
        };
        assert_eq!(seek_share(&unknown), RANGE / PREFIX_LENGTH);
    }

    #[test]
    fn groups_constants_and_lists() {
        assert_eq!(groups(0.0, 1), 0.0);
        assert_eq!(groups(1.0, 2), 1.0);
        assert_eq!(groups(100.0, 1), 10.0);
        assert_eq!(groups(100.0, 2), 20.0);
        assert_eq!(groups(4.0, 3), 4.0);
        let limit = Ex::Call(Function::Limit, vec![int(5)]);
        assert_eq!(constant(&limit), Some(5.0));
        let top = Ex::Binary(BinaryOp::Add, Box::new(int(2)), Box::new(limit));
        assert_eq!(constant(&top), Some(7.0));
        assert_eq!(constant(&Ex::Slot(0)), None);
        assert_eq!(list_length(&Ex::List(vec![int(1), int(2)])), Some(2.0));
        let range = |args: Vec<Ex>| Ex::Call(Function::Range, args);
        assert_eq!(list_length(&range(vec![int(1), int(10)])), Some(10.0));
        assert_eq!(
            list_length(&range(vec![int(0), int(10), int(3)])),
            Some(4.0)
        );
        assert_eq!(list_length(&range(vec![int(5), int(1)])), Some(0.0));
        assert_eq!(list_length(&Ex::Slot(0)), None);
    }
}
