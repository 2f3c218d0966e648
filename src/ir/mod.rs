//! The plan's intermediate representation: operators that stream rows and expressions compiled
//! against row slots. Plain data, built by `plan` and run by `exec`, which both read it and
//! neither of which the other imports. Beside it, what both sides share: the function catalogue
//! (`function`: a call's id, its arity and class, the aggregates) and what PROFILE measured
//! (`measure`: the executor records it, plan descriptions read it).

pub mod function;
mod measure;
pub mod procedure;

pub use function::{AggregateKind, Function};
pub use measure::{Measure, Measurements};

use crate::diagnostic::Span;
use crate::graph::{Dir, Sym, Value};
use crate::syntax::ast::{BinaryOp, PathMode, Quantifier, UnaryOp, ValueType};
use std::sync::{Arc, OnceLock};

/// A compiled expression: variables are row slots, names are interned.
#[derive(Clone, Debug)]
pub enum Ex {
    Const(Value),
    /// A variable bound in the row.
    Slot(usize),
    /// A variable of a list comprehension or quantifier: index into the local stack.
    Local(usize),
    Prop(Box<Ex>, Sym),
    Index(Box<Ex>, Box<Ex>),
    Slice(Box<Ex>, Option<Box<Ex>>, Option<Box<Ex>>),
    And(Box<Ex>, Box<Ex>),
    Or(Box<Ex>, Box<Ex>),
    Binary(BinaryOp, Box<Ex>, Box<Ex>),
    Unary(UnaryOp, Box<Ex>),
    IsNull(Box<Ex>, bool),
    List(Vec<Ex>),
    Map(Vec<(String, Ex)>),
    /// A scalar or internal function of the catalogue, on its arguments (their number checked
    /// by the planner against the function's arity).
    Call(Function, Vec<Ex>),
    Case {
        subject: Option<Box<Ex>>,
        whens: Vec<(Ex, Ex)>,
        else_: Option<Box<Ex>>,
    },
    ListComp {
        local: usize,
        list: Box<Ex>,
        where_: Option<Box<Ex>>,
        map: Option<Box<Ex>>,
    },
    /// `reduce(acc = init, x IN list | expr)`: the accumulator is local `local`, the element
    /// `local + 1`.
    Reduce {
        local: usize,
        init: Box<Ex>,
        list: Box<Ex>,
        expr: Box<Ex>,
    },
    Quantified {
        quantifier: Quantifier,
        local: usize,
        list: Box<Ex>,
        pred: Box<Ex>,
    },
    /// A node has every one of the labels (a relationship: its type is each of them).
    HasLabels(Box<Ex>, Vec<Sym>),
    /// Any other label expression (`n:A|B`, `n:!A`, `r:%`): of a node's labels, of a
    /// relationship's type. A plain conjunction is `HasLabels`.
    Labels(Box<Ex>, LabelExpr),
    /// `e IS :: type` (false), `e IS NOT :: type` (true): true or false, never null.
    IsType(Box<Ex>, ValueType, bool),
    /// True when the sub-plan, run on the current row, yields at least one row.
    Exists(Box<Op>),
    /// How many rows the plan gives over the row (`COUNT { ... }`).
    CountRows(Box<Op>),
    /// A pattern comprehension: the list of the expression's values over the rows the
    /// sub-plan gives for the current row (evaluated on each of them).
    CollectRows(Box<Op>, Box<Ex>),
    /// A procedure's rows, each a map by column name (what `CALL` unwinds), from the values of
    /// its arguments.
    Procedure(procedure::Procedure, Vec<Ex>),
    MapProjection {
        base: Box<Ex>,
        items: Vec<MapItem>,
    },
    /// A path from a start node slot and relationship slots (single or lists), in order.
    BuildPath {
        start: usize,
        rels: Vec<usize>,
    },
    /// Error raised at run time when evaluated with the place it concerns.
    Spanned(Box<Ex>, Span),
}

/// A label expression over interned names (from `ast::LabelExpr`): of a node's labels, or of a
/// relationship's one type.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelExpr {
    Has(Sym),
    /// `%`: at least one label.
    Any,
    Not(Box<LabelExpr>),
    And(Vec<LabelExpr>),
    Or(Vec<LabelExpr>),
}

impl LabelExpr {
    /// Whether the expression holds of a node with these labels (of a relationship, its type
    /// alone).
    pub fn holds(&self, labels: &[Sym]) -> bool {
        self.eval(&mut |l| labels.contains(&l), !labels.is_empty())
    }

    /// Whether the expression holds where `has` says which names hold and `any` whether `%`
    /// does.
    pub fn eval(&self, has: &mut dyn FnMut(Sym) -> bool, any: bool) -> bool {
        match self {
            LabelExpr::Has(l) => has(*l),
            LabelExpr::Any => any,
            LabelExpr::Not(e) => !e.eval(has, any),
            LabelExpr::And(items) => items.iter().all(|e| e.eval(has, any)),
            LabelExpr::Or(items) => items.iter().any(|e| e.eval(has, any)),
        }
    }

    /// The names it mentions, each once, in order.
    pub fn names(&self) -> Vec<Sym> {
        fn go(e: &LabelExpr, seen: &mut std::collections::HashSet<Sym>, out: &mut Vec<Sym>) {
            match e {
                LabelExpr::Has(l) => {
                    if seen.insert(*l) {
                        out.push(*l);
                    }
                }
                LabelExpr::Any => {}
                LabelExpr::Not(e) => go(e, seen, out),
                LabelExpr::And(items) | LabelExpr::Or(items) => {
                    items.iter().for_each(|e| go(e, seen, out))
                }
            }
        }
        let mut out = Vec::new();
        go(self, &mut std::collections::HashSet::new(), &mut out);
        out
    }
}

#[derive(Clone, Debug)]
pub enum MapItem {
    Property(String, Sym),
    Value(String, Ex),
    AllProperties,
}

/// Where a scan finds its nodes.
#[derive(Clone, Debug)]
pub enum ScanSource {
    All,
    Label(Sym),
    /// Nodes with any of the labels (at least two), each once, by id: the candidates of a
    /// label expression whose nodes all have one of them (`(n:A|B)`).
    Labels(Vec<Sym>),
    /// Nodes with the label whose property equals the value.
    Index {
        label: Sym,
        key: Sym,
        value: Ex,
    },
    /// Nodes with the label whose `name` or one of whose `aliases` equals the text under case
    /// folding (what `named(n, text)` tests), from the label's name index.
    Named {
        label: Sym,
        text: Ex,
    },
    /// Nodes with the label whose property lies between the bounds (`n.p >= a AND n.p < b`,
    /// or one of them), from the (label, key) index: the candidates of the comparisons, which
    /// stay as filters above (see `exec::seek`).
    Range {
        label: Sym,
        key: Sym,
        lower: Option<SeekBound>,
        upper: Option<SeekBound>,
    },
    /// Nodes with the label whose property is a string that starts with the prefix
    /// (`n.p STARTS WITH e`), from the (label, key) index; the predicate stays as a filter.
    Prefix {
        label: Sym,
        key: Sym,
        prefix: Ex,
    },
    /// Nodes with the label whose property equals one of the list's values (`n.p IN e`),
    /// from the (label, key) index; the predicate stays as a filter.
    AnyOf {
        label: Sym,
        key: Sym,
        values: Ex,
    },
    /// Nodes with the label (relationships of the type, in a seek of `Op::RelScan`) whose
    /// first properties of a composite index equal `values`, in order, and, when a bound is
    /// given, whose next one lies between the bounds, or is a string with the prefix when one
    /// is given (`n.a = 1 AND n.b = 'x'`, `n.a = 1 AND n.b > 2`, `n.a = 1 AND n.b STARTS WITH
    /// 'R'`): the candidates of the composite index declared on (label, `keys`), read from
    /// the ordered index of each key (see `exec::seek`). The predicates stay as filters above.
    Composite {
        label: Sym,
        /// The index's properties, in order: those `values` equal, then the one the bounds
        /// bound, or the prefix begins (when there are bounds or a prefix).
        keys: Vec<Sym>,
        values: Vec<Ex>,
        lower: Option<SeekBound>,
        upper: Option<SeekBound>,
        prefix: Option<Ex>,
    },
}

/// One end of a range seek: its value, and whether the value itself is in the range.
#[derive(Clone, Debug)]
pub struct SeekBound {
    pub value: Ex,
    pub inclusive: bool,
}

impl ScanSource {
    /// The expressions a seek evaluates for each input row.
    pub fn exprs(&self) -> Vec<&Ex> {
        match self {
            ScanSource::All | ScanSource::Label(_) | ScanSource::Labels(_) => Vec::new(),
            ScanSource::Index { value: e, .. }
            | ScanSource::Named { text: e, .. }
            | ScanSource::Prefix { prefix: e, .. }
            | ScanSource::AnyOf { values: e, .. } => vec![e],
            ScanSource::Range { lower, upper, .. } => {
                lower.iter().chain(upper).map(|b| &b.value).collect()
            }
            ScanSource::Composite {
                values,
                lower,
                upper,
                prefix,
                ..
            } => values
                .iter()
                .chain(lower.iter().chain(upper).map(|b| &b.value))
                .chain(prefix)
                .collect(),
        }
    }
}

/// A list of row slots that operators share: the first `len` slots of a list the planner
/// completes when it has planned a pattern. Each hop of a pattern differs from the
/// relationships matched before it, a prefix of one list, so that a pattern of n hops holds
/// its n relationship slots once rather than n²/2 times. Reads as a slice.
#[derive(Clone, Default)]
pub struct SlotList {
    all: Arc<OnceLock<Vec<usize>>>,
    len: usize,
}

impl SlotList {
    /// The first `len` slots of `all`, once it is set.
    pub fn prefix(all: &Arc<OnceLock<Vec<usize>>>, len: usize) -> SlotList {
        SlotList {
            all: Arc::clone(all),
            len,
        }
    }
}

impl From<Vec<usize>> for SlotList {
    fn from(slots: Vec<usize>) -> SlotList {
        let len = slots.len();
        SlotList {
            all: Arc::new(OnceLock::from(slots)),
            len,
        }
    }
}

impl std::ops::Deref for SlotList {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        let all = self.all.get().map_or(&[][..], |all| &all[..]);
        debug_assert!(
            self.len <= all.len(),
            "a slot list read before it is complete"
        );
        &all[..self.len.min(all.len())]
    }
}

impl<'a> IntoIterator for &'a SlotList {
    type Item = &'a usize;
    type IntoIter = std::slice::Iter<'a, usize>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::fmt::Debug for SlotList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[derive(Clone, Debug)]
pub struct ExpandSpec {
    pub from: usize,
    pub rel: usize,
    pub to: usize,
    pub types: Vec<Sym>,
    pub dir: Dir,
    /// The far node is already bound: check it instead of binding it.
    pub into: bool,
    /// Relationship slots bound earlier in the same MATCH (single relationships).
    pub distinct_from: SlotList,
    /// Relationship-list slots bound earlier in the same MATCH (variable-length).
    pub distinct_from_lists: SlotList,
    /// Walked from the pattern's right end to its left: relationship lists are reversed so
    /// that they follow the pattern's order.
    pub reversed: bool,
    /// The path mode of the pattern: under `ACYCLIC` a variable-length walk never meets a node
    /// twice, under `SIMPLE` never meets one of its inner nodes again (the whole path is
    /// checked afterwards too).
    pub mode: PathMode,
    /// Where the query names the start and far nodes when they are variables: a value bound
    /// to one that is not a node is an error pointing there.
    pub spans: Box<[Option<Span>; 2]>,
}

#[derive(Clone, Debug)]
pub struct AggSpec {
    pub kind: AggregateKind,
    pub distinct: bool,
    pub arg: Option<Ex>,
    pub extra: Option<Ex>,
}

/// The first rows an ORDER BY ... LIMIT above an aggregation keeps, by the aggregation's own
/// output columns (`keys`: a column, descending when true; ties go to the earlier group):
/// the sort above still orders and cuts the rows, so an aggregation gives those rows in any
/// order (and may give more).
#[derive(Clone, Debug)]
pub struct Top {
    pub keys: Vec<(usize, bool)>,
    pub limit: Ex,
}

/// One repetition of a quantified path pattern as `Op::Repeat` walks it (from the pattern's
/// right end to its left when `spec.reversed`).
#[derive(Clone, Debug)]
pub struct Repetition {
    /// The local of the node each repetition starts at, and its test.
    pub first: (usize, Option<Ex>),
    pub steps: Vec<RepeatStep>,
    /// What a whole repetition must meet (its WHERE), over every local.
    pub filter: Option<Ex>,
    /// The slot each named local's list is bound to.
    pub lists: Vec<(usize, usize)>,
    /// The group as written, for EXPLAIN.
    pub text: String,
}

/// One relationship of a repetition as walked: the relationship and the node it leads to,
/// their locals and tests (each reads only its own local and the row).
#[derive(Clone, Debug)]
pub struct RepeatStep {
    pub types: Vec<Sym>,
    pub dir: Dir,
    pub rel: (usize, Option<Ex>),
    pub node: (usize, Option<Ex>),
}

/// A path pattern a selector searches as a whole (`SHORTEST 1 (a)-[:R]->(m)-[:S]->+(b)`): its
/// parts in the pattern's order, at most one of them quantified.
#[derive(Clone, Debug)]
pub struct PathSequence {
    pub segments: Vec<Segment>,
    /// The named nodes between two quantified parts, which no fixed hop binds: (the segment
    /// that starts at the node, its slot).
    pub joints: Vec<(usize, usize)>,
    /// The pattern as written, for EXPLAIN.
    pub text: String,
}

/// One part of a `PathSequence`: a repetition taken `min` to `max` times (a fixed hop is a
/// repetition of one relationship, taken once). Its elements are the repetition's locals.
#[derive(Clone, Debug)]
pub struct Segment {
    /// The test of the node pattern before the part (local 0), met where the path enters it:
    /// none for the path's first node, whose tests the plan makes before.
    pub entry: Option<Ex>,
    pub repeat: Repetition,
    pub min: u64,
    pub max: u64,
    /// Its named elements are bound to single values (a fixed hop), not to lists.
    pub single: bool,
}

/// Which shortest paths between a pair of ends `Op::ShortestPath` gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathSelect {
    /// One shortest path (`shortestPath`, `SHORTEST 1`, `ANY`).
    One,
    /// Every shortest path (`allShortestPaths`, `ALL SHORTEST`, `SHORTEST 1 GROUPS`).
    All,
    /// The `k` shortest paths (`SHORTEST k`), or with `groups` every path of the `k`
    /// shortest lengths (`SHORTEST k GROUPS`).
    Counted { k: u64, groups: bool },
}

#[derive(Clone, Debug)]
pub enum Op {
    /// The rows given to the plan (the previous stage's rows, or the argument row).
    Input,
    Scan {
        input: Box<Op>,
        slot: usize,
        source: ScanSource,
    },
    Expand {
        input: Box<Op>,
        spec: ExpandSpec,
    },
    /// Every relationship of `spec.types` (of every type when empty; the planner lists each
    /// type once), in id order per type, binding the relationship and both its ends: `spec.from` to the pattern's
    /// left end and `spec.to` to its right end, as `spec.dir` (the pattern's arrow) says; an
    /// undirected pattern gives each relationship both ways, a self-loop once. Both ends are
    /// unbound; relationships in `spec.distinct_from` slots are skipped.
    ///
    /// With a `seek` (an `Index`, `Range` or `Prefix` source whose label is the one type of
    /// `spec.types`), only the relationships the declared (type, key) index finds for it, in
    /// id order: a superset of those whose property matches (the predicates stay as filters
    /// above; see `exec::seek`), every relationship of the type when the index cannot narrow.
    RelScan {
        input: Box<Op>,
        spec: ExpandSpec,
        seek: Option<ScanSource>,
    },
    /// Variable-length expansion; binds `spec.rel` to the list of relationships.
    VarExpand {
        input: Box<Op>,
        spec: ExpandSpec,
        min: u64,
        max: u64,
        rel_filter: Option<Box<Ex>>,
    },
    /// A quantified path pattern of several relationships, `((a)-[r]->(b)-[s]->(c)){m,n}`,
    /// repeated `min` to `max` times from `spec.from`: binds `spec.rel` to every relationship
    /// of the walk in the pattern's order, `spec.to` to where it ends, and each variable of
    /// the group to the list of its values, one per repetition. Inside, the group's elements
    /// are locals in the pattern's order (its relationships, then its nodes).
    Repeat {
        input: Box<Op>,
        spec: ExpandSpec,
        min: u64,
        max: u64,
        repeat: Box<Repetition>,
    },
    /// Shortest path(s) between two bound nodes; binds the relationship list and the path.
    /// With `repeat`, over a quantified path pattern of several relationships repeated `min`
    /// to `max` times (the spec's types and `rel_filter` then say nothing): its trails found
    /// level by level, one relationship per level, each repetition's WHERE checked when it is
    /// complete; binds each variable of the group to the list of its values, as `Op::Repeat`.
    ShortestPath {
        input: Box<Op>,
        spec: ExpandSpec,
        min: u64,
        max: u64,
        select: PathSelect,
        path: Option<usize>,
        rel_filter: Option<Box<Ex>>,
        repeat: Option<Box<Repetition>>,
        /// A whole path pattern of fixed hops beside at most one quantified part (the spec's
        /// types, `min`, `max`, `rel_filter` and `repeat` then say nothing): its trails found
        /// level by level, walked from `spec.from`, the pattern's left end; binds each named
        /// element of its fixed hops, and each group variable as a list.
        sequence: Option<Box<PathSequence>>,
        /// A path selector's (`SHORTEST k`, `ANY`, `ALL SHORTEST`), not `shortestPath()`'s: a
        /// path from a node back to itself is one of its paths (`shortestPath()` finds none,
        /// as Neo4j's does when it does not fail).
        cycles: bool,
    },
    Filter {
        input: Box<Op>,
        pred: Ex,
    },
    /// Binds a slot to a value.
    Bind {
        input: Box<Op>,
        slot: usize,
        expr: Ex,
    },
    /// For each input row, the inner plan's rows, or the input row with `nulls` set to null.
    Optional {
        input: Box<Op>,
        inner: Box<Op>,
        nulls: Vec<usize>,
    },
    Unwind {
        input: Box<Op>,
        expr: Ex,
        slot: usize,
        /// The slots the operators above read, when known (`plan::rules::release_slots`):
        /// the others are emptied in each input row before it is copied per item.
        live: Option<Vec<usize>>,
    },
    /// `LOAD CSV`: for each input row, the records of the file `url` names, read as the rows
    /// are pulled: `slot` gets the record (a map by the header's names when `headers`, else a
    /// list of strings), `line` the line it starts on and `file` the file's absolute path
    /// (what `linenumber()` and `file()` read). `span` is where the URL is written.
    LoadCsv {
        input: Box<Op>,
        url: Ex,
        headers: bool,
        terminator: u8,
        slot: usize,
        line: usize,
        file: usize,
        span: Span,
    },
    /// A new row of the expressions, followed by the old row when `keep` is set.
    Project {
        input: Box<Op>,
        exprs: Vec<Ex>,
        keep: bool,
    },
    /// Rows of group keys followed by aggregate values.
    Aggregate {
        input: Box<Op>,
        keys: Vec<Ex>,
        aggs: Vec<AggSpec>,
        /// The order and LIMIT of a sort above that reads only this operator's columns:
        /// the groups past it may be dropped before their rows are made.
        top: Option<Top>,
    },
    /// Drops rows whose first `width` values repeat an earlier row's.
    Distinct {
        input: Box<Op>,
        width: usize,
    },
    Sort {
        input: Box<Op>,
        keys: Vec<(Ex, bool)>,
        limit: Option<Ex>,
    },
    Skip {
        input: Box<Op>,
        count: Ex,
    },
    Limit {
        input: Box<Op>,
        count: Ex,
    },
    /// Relationship counts from the type index, as `Aggregate` would lay them out: per type
    /// (when `by_type`) a row of the type's name and `aggs` copies of its count, else one row of
    /// the total, each multiplied by the number of input rows. Only the given types, unless
    /// empty.
    RelTypeCounts {
        types: Vec<Sym>,
        by_type: bool,
        aggs: usize,
    },
    /// Drops rows whose key repeats an earlier row's key. Planned only where what follows does
    /// not depend on how many times a row occurs (see `plan::pattern`).
    DistinctOn {
        input: Box<Op>,
        key: Vec<DistinctKey>,
        /// With one `LoopRel` part: how many rows with distinct self-loops a group keeps.
        loop_cap: usize,
    },
    /// Keeps the first `width` values.
    Truncate {
        input: Box<Op>,
        width: usize,
    },
    /// `CALL { }` that only reads: for each input row, the rows `inner` gives when run on it
    /// (each the subquery's returned columns in order, copied into the slots `out` of the
    /// input row); with `optional`, an input row for which it gives none goes on with `out`
    /// null. (A subquery that returns nothing ends with an update: it is a `Stage::Call`.)
    Apply {
        input: Box<Op>,
        inner: Box<Op>,
        out: Vec<usize>,
        optional: bool,
    },
    /// UNION inside a subquery: for each input row, the rows each branch gives when run on
    /// it, branch after branch; with `distinct`, a row whose first `width` values repeat a
    /// row given before for the same input row is dropped.
    Union {
        input: Box<Op>,
        branches: Vec<Op>,
        distinct: bool,
        width: usize,
    },
}

/// A part of a `DistinctOn` key.
#[derive(Clone, Debug)]
pub enum DistinctKey {
    /// The value in a slot.
    Slot(usize),
    /// The relationship in a slot when it is a self-loop, else nothing: what a later hop's
    /// uniqueness check can still depend on.
    LoopRel(usize),
}

/// One stage of a query: a read pipeline (whose `Op::Input` is the previous stage's rows) or an
/// update applied to every row in turn.
#[derive(Clone, Debug)]
pub enum Stage {
    Read(Op),
    Update(Update),
    /// `CALL { }` that writes, or runs `IN TRANSACTIONS`: its queries run for each row in turn.
    Call(Box<SubqueryCall>),
}

/// A `CALL { }` subquery run as a stage of its own: for each input row, each query's stages
/// run on that row alone, and each row they return (its columns in order) is copied into
/// the slots `out` of the input row.
#[derive(Clone, Debug)]
pub struct SubqueryCall {
    pub queries: Vec<QueryPlan>,
    /// UNION (not UNION ALL) between the queries: a row repeated for the same input row is
    /// dropped.
    pub distinct: bool,
    pub out: Vec<usize>,
    /// `OPTIONAL CALL`: an input row for which the subquery gives nothing goes on with `out`
    /// null.
    pub optional: bool,
    /// The subquery returns nothing: each input row goes on once.
    pub unit: bool,
    pub transactions: Option<InTransactions>,
}

/// `IN TRANSACTIONS`: the input rows taken in batches of `rows`, each batch's changes
/// committed before the next starts.
#[derive(Clone, Debug)]
pub struct InTransactions {
    pub rows: Ex,
    /// `IN [n] CONCURRENT TRANSACTIONS`: the number of batches that may run at once (checked
    /// when the plan runs; the batches still commit one after another).
    pub concurrency: Option<Ex>,
    pub on_error: crate::syntax::ast::OnError,
    /// `REPORT STATUS AS s`: the slot that gets each batch's outcome.
    pub status: Option<usize>,
    pub span: Span,
}

/// A single query's plan and its result columns (empty when it returns nothing).
#[derive(Clone, Debug)]
pub struct QueryPlan {
    pub stages: Vec<Stage>,
    pub columns: Vec<String>,
    /// The variable names of the row slots, for plan descriptions: one list per scope the
    /// query passes through, in order (the clauses before the first WITH, then one per WITH
    /// and RETURN; each `Op::Project` starts the next). None for anonymous pattern elements.
    pub slot_names: Vec<Vec<Option<String>>>,
    /// The slot names a subquery's plan sees (`EXISTS { }`, `COUNT { }`: its own variables
    /// too), by the address of that plan: one list per scope it passes through, as
    /// `slot_names` (a pattern's has one).
    pub subquery_names: Vec<(usize, Vec<Vec<Option<String>>>)>,
}

/// A statement's plan: single queries joined by UNION.
#[derive(Clone, Debug)]
pub struct Plan {
    pub queries: Vec<QueryPlan>,
    /// Per UNION: whether it keeps duplicates.
    pub union_all: Vec<bool>,
    pub columns: Vec<String>,
    /// Whether any stage writes to the graph.
    pub writes: bool,
}

#[derive(Clone, Debug)]
pub struct CreateNode {
    pub slot: usize,
    /// Already bound: reuse, do not create.
    pub bound: bool,
    /// Where the query names it, when it is a variable: a bound value that is not a node is an
    /// error pointing there.
    pub span: Option<Span>,
    pub labels: Vec<Sym>,
    pub props: Option<Ex>,
}

#[derive(Clone, Debug)]
pub struct CreateRel {
    pub slot: usize,
    pub start: usize,
    pub end: usize,
    pub ty: Sym,
    pub props: Option<Ex>,
}

/// What CREATE (or MERGE, when nothing matched) makes of one pattern part.
#[derive(Clone, Debug)]
pub struct CreatePart {
    pub nodes: Vec<CreateNode>,
    pub rels: Vec<CreateRel>,
    /// Named path: its slot, start node slot and relationship slots.
    pub path: Option<(usize, usize, Vec<usize>)>,
}

#[derive(Clone, Debug)]
pub enum SetOp {
    Prop {
        target: Ex,
        key: Sym,
        value: Ex,
        span: Span,
    },
    Replace {
        slot: usize,
        value: Ex,
        span: Span,
    },
    Merge {
        slot: usize,
        value: Ex,
        span: Span,
    },
    Labels {
        slot: usize,
        labels: Vec<Sym>,
        /// The variable's place.
        span: Span,
    },
    RemoveProp {
        target: Ex,
        key: Sym,
        span: Span,
    },
    RemoveLabels {
        slot: usize,
        labels: Vec<Sym>,
        /// The variable's place.
        span: Span,
    },
}

#[derive(Clone, Debug)]
pub enum Update {
    Create(Vec<CreatePart>),
    Merge(Box<MergeUpdate>),
    Set(Vec<SetOp>),
    Delete {
        detach: bool,
        exprs: Vec<(Ex, Span)>,
    },
    /// `FOREACH (x IN list | ...)`: for each item of the list, the updates applied in turn to
    /// the row with the item in `slot`; the row itself goes on unchanged.
    Foreach {
        slot: usize,
        list: Ex,
        body: Vec<Update>,
        span: Span,
        /// The names of the row's slots inside, for plan descriptions.
        names: Vec<Option<String>>,
    },
}

/// MERGE: match the pattern, or create it when nothing matched.
#[derive(Clone, Debug)]
pub struct MergeUpdate {
    pub part: CreatePart,
    pub matcher: Op,
    pub on_create: Vec<SetOp>,
    pub on_match: Vec<SetOp>,
}

impl Op {
    /// The operator this one pulls its rows from; None for `Input` and `RelTypeCounts`, which
    /// read the rows given to the plan.
    pub fn input(&self) -> Option<&Op> {
        match self {
            Op::Input | Op::RelTypeCounts { .. } => None,
            Op::Scan { input, .. }
            | Op::Expand { input, .. }
            | Op::RelScan { input, .. }
            | Op::VarExpand { input, .. }
            | Op::Repeat { input, .. }
            | Op::ShortestPath { input, .. }
            | Op::Filter { input, .. }
            | Op::Bind { input, .. }
            | Op::Optional { input, .. }
            | Op::Unwind { input, .. }
            | Op::LoadCsv { input, .. }
            | Op::Project { input, .. }
            | Op::Aggregate { input, .. }
            | Op::Distinct { input, .. }
            | Op::Sort { input, .. }
            | Op::Skip { input, .. }
            | Op::Limit { input, .. }
            | Op::DistinctOn { input, .. }
            | Op::Truncate { input, .. }
            | Op::Apply { input, .. }
            | Op::Union { input, .. } => Some(input),
        }
    }

    /// `input`, to change it.
    pub fn input_mut(&mut self) -> Option<&mut Op> {
        match self {
            Op::Input | Op::RelTypeCounts { .. } => None,
            Op::Scan { input, .. }
            | Op::Expand { input, .. }
            | Op::RelScan { input, .. }
            | Op::VarExpand { input, .. }
            | Op::Repeat { input, .. }
            | Op::ShortestPath { input, .. }
            | Op::Filter { input, .. }
            | Op::Bind { input, .. }
            | Op::Optional { input, .. }
            | Op::Unwind { input, .. }
            | Op::LoadCsv { input, .. }
            | Op::Project { input, .. }
            | Op::Aggregate { input, .. }
            | Op::Distinct { input, .. }
            | Op::Sort { input, .. }
            | Op::Skip { input, .. }
            | Op::Limit { input, .. }
            | Op::DistinctOn { input, .. }
            | Op::Truncate { input, .. }
            | Op::Apply { input, .. }
            | Op::Union { input, .. } => Some(input),
        }
    }
}
