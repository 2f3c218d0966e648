//! Plan descriptions for EXPLAIN and PROFILE: the operator tree of a `Plan` (read operators,
//! update stages, UNION parts, and the sub-plans of OPTIONAL MATCH, pattern predicates and
//! MERGE), each operator with its details in Cypher-like words and the rows `estimate` expects
//! of it, and, for PROFILE, the rows it produced and the time spent in it as the executor
//! measured them (`Measurements`).
//!
//! Reads the plan, the graph's names and counts and the statement's text (expressions are shown
//! as written where the plan kept their place); never runs an operator or evaluates anything.

mod words;

use super::estimate::Estimator;
use crate::graph::{Dir, Graph, Sym};
use crate::ir::{
    DistinctKey, Ex, MapItem, Measurements, Op, PathSelect, Plan, QueryPlan, ScanSource, SeekBound,
    SetOp, Stage, SubqueryCall, Update,
};
use std::rc::Rc;
use std::time::Duration;
use words::{length, quote_name, Names, Words};

/// A statement's plan as EXPLAIN and PROFILE show it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDescription {
    /// Whether the statement ran (PROFILE): then every operator has `rows`, and every operator
    /// that runs on its own has `time`.
    pub profiled: bool,
    /// The operators in pre-order, root first: each operator is followed by its branches, then
    /// by its input. An operator's index here is its id.
    pub operators: Vec<PlanOperator>,
}

/// One operator of a plan description.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanOperator {
    /// Neo4j's name where relq's operator is Neo4j's (`NodeByLabelScan`, `Expand(All)`, ...).
    pub name: String,
    /// What it does, in Cypher-like words: `(a)-[r:ACCUSES]->(b)`, `a.name = 'Russia'`.
    pub details: String,
    /// The id of the operator this one gives its rows to; None for the root.
    pub parent: Option<usize>,
    /// How many branches deep the operator is: 0 on the main line from the root.
    pub lane: usize,
    /// Whether this operator starts a branch of its parent (a sub-plan, or a UNION part other
    /// than the first) rather than being its input.
    pub branch: bool,
    pub estimated_rows: f64,
    /// PROFILE: the rows it produced.
    pub rows: Option<u64>,
    /// PROFILE: the column batches it produced them in; None for an operator that ran row by
    /// row.
    pub batches: Option<u64>,
    /// PROFILE: the time spent in this operator alone (the time of the operators it pulls from
    /// and of its sub-plans taken off); None for what is not timed on its own
    /// (`ProduceResults`, `Union`).
    pub time: Option<Duration>,
}

impl PlanDescription {
    /// The sum of every operator's estimated rows.
    pub fn total_estimated_rows(&self) -> f64 {
        self.operators.iter().map(|o| o.estimated_rows).sum()
    }

    /// PROFILE: the sum of every operator's rows.
    pub fn total_rows(&self) -> Option<u64> {
        self.profiled
            .then(|| self.operators.iter().filter_map(|o| o.rows).sum())
    }

    /// PROFILE: the sum of every operator's own time.
    pub fn total_time(&self) -> Option<Duration> {
        self.profiled
            .then(|| self.operators.iter().filter_map(|o| o.time).sum())
    }
}

/// A plan described, waiting for what PROFILE measures (`finish`). Built before the statement
/// runs, so that the estimates come from the graph the planner saw.
pub struct Described<'p> {
    root: Option<Node<'p>>,
}

/// Describe a plan: operators, details and estimates. `source` is the text the plan's spans
/// point into.
pub fn describe<'p>(plan: &'p Plan, graph: &Graph, source: &str) -> Described<'p> {
    let estimator = Estimator::new(graph);
    let parts: Vec<Built<'p>> = plan
        .queries
        .iter()
        .map(|q| {
            Describer {
                words: Words { graph, source },
                estimator: &estimator,
                scopes: &q.slot_names,
                subqueries: &q.subquery_names,
                quoted: quoted_scopes(&q.slot_names),
            }
            .query(q)
        })
        .collect();
    let mut root = union_of(parts, String::new());
    if plan.union_all.iter().any(|all| !all) {
        let estimate = estimator.distinct_rows(
            root.as_ref().map_or(0.0, |r| r.estimate),
            plan.columns.len(),
        );
        root = Some(Node {
            name: "Distinct".into(),
            details: column_list(&plan.columns),
            estimate,
            source: Source::Result,
            children: root.into_iter().map(|r| Child::input(r, true)).collect(),
        });
    }
    if !plan.columns.is_empty() {
        let estimate = root.as_ref().map_or(1.0, |r| r.estimate);
        root = Some(Node {
            name: "ProduceResults".into(),
            details: column_list(&plan.columns),
            estimate,
            source: Source::Result,
            children: root.into_iter().map(|r| Child::input(r, true)).collect(),
        });
    }
    Described { root }
}

impl Described<'_> {
    /// The description, with PROFILE's measurements when given.
    pub fn finish(self, measured: Option<&dyn Measurements>) -> PlanDescription {
        let mut operators = Vec::new();
        if let Some(root) = &self.root {
            flatten(root, None, 0, false, measured, &mut operators);
        }
        PlanDescription {
            profiled: measured.is_some(),
            operators,
        }
    }
}

/// Where a described operator's measure comes from.
enum Source<'p> {
    Op(&'p Op),
    Update(&'p Update),
    /// The statement's result rows (`ProduceResults`, UNION's `Distinct`).
    Result,
    /// The rows of its parts together.
    Union,
    /// A `CALL { }` stage.
    Call(&'p SubqueryCall),
    /// Not measured on its own (the row FOREACH's updates start from).
    Unmeasured,
}

struct Node<'p> {
    name: String,
    details: String,
    estimate: f64,
    source: Source<'p>,
    /// The input (if any) first, then the branches.
    children: Vec<Child<'p>>,
}

struct Child<'p> {
    node: Node<'p>,
    branch: bool,
    /// Whether it runs while its parent runs (its time is part of the parent's), as inputs and
    /// sub-plans do; an earlier stage runs before.
    nested: bool,
}

impl<'p> Child<'p> {
    fn input(node: Node<'p>, nested: bool) -> Child<'p> {
        Child {
            node,
            branch: false,
            nested,
        }
    }
}

/// Append a node and its subtree in pre-order (branches before the input); returns its rows
/// and the time spent in it and below.
fn flatten(
    node: &Node,
    parent: Option<usize>,
    lane: usize,
    branch: bool,
    measured: Option<&dyn Measurements>,
    out: &mut Vec<PlanOperator>,
) -> (Option<u64>, Option<Duration>) {
    let id = out.len();
    out.push(PlanOperator {
        name: node.name.clone(),
        details: node.details.clone(),
        parent,
        lane,
        branch,
        estimated_rows: node.estimate,
        rows: None,
        batches: None,
        time: None,
    });
    let mut below = Duration::ZERO;
    let mut rows_below = 0u64;
    let branches = node.children.iter().filter(|c| c.branch);
    let inputs = node.children.iter().filter(|c| !c.branch);
    for c in branches {
        let (rows, time) = flatten(&c.node, Some(id), lane + 1, true, measured, out);
        rows_below += rows.unwrap_or(0);
        if c.nested {
            below += time.unwrap_or_default();
        }
    }
    for c in inputs {
        let (rows, time) = flatten(&c.node, Some(id), lane, false, measured, out);
        rows_below += rows.unwrap_or(0);
        if c.nested {
            below += time.unwrap_or_default();
        }
    }
    let Some(m) = measured else {
        return (None, None);
    };
    let (rows, time) = match &node.source {
        Source::Op(op) => {
            let x = m.op(op);
            out[id].batches = (x.batches > 0).then_some(x.batches);
            (x.rows, Some(x.time))
        }
        Source::Update(u) => {
            let x = m.update(u);
            (x.rows, Some(x.time))
        }
        Source::Result => (m.result_rows(), None),
        Source::Union => (rows_below, None),
        Source::Call(call) => {
            let x = m.call(call);
            (x.rows, Some(x.time))
        }
        Source::Unmeasured => return (None, None),
    };
    out[id].rows = Some(rows);
    out[id].time = time.map(|t| t.saturating_sub(below));
    (Some(rows), time)
}

/// A described subtree: its root (None for the row a query starts from), the rows it is
/// expected to yield, and the names of its rows' slots.
struct Built<'p> {
    node: Option<Node<'p>>,
    estimate: f64,
    names: Names,
    /// Whether the node runs while its consumer runs (see `Child::nested`).
    nested: bool,
}

/// What an `Op::Input` stands for.
enum Leaf<'p> {
    /// The one empty row a query starts from: not shown.
    Start,
    /// The rows of the stage before.
    Stage(Option<Built<'p>>),
    /// The row a sub-plan runs on (`Argument`), expected this many times, with these names.
    Argument(f64, Names),
}

struct Describer<'a> {
    words: Words<'a>,
    estimator: &'a Estimator<'a>,
    scopes: &'a [Vec<Option<String>>],
    subqueries: &'a [(usize, Vec<Vec<Option<String>>>)],
    /// The names of each scope's slots as shown.
    quoted: Vec<Rc<Vec<Option<String>>>>,
}

/// Each scope's names as shown.
fn quoted_scopes(scopes: &[Vec<Option<String>>]) -> Vec<Rc<Vec<Option<String>>>> {
    scopes
        .iter()
        .map(|names| Rc::new(names.iter().map(|n| n.as_deref().map(quote_name)).collect()))
        .collect()
}

/// `outer`'s names with those of `inner` over them.
fn overlay(outer: &Names, inner: &[Option<String>]) -> Names {
    let mut slots = (*outer.slots).clone();
    if slots.len() < inner.len() {
        slots.resize(inner.len(), None);
    }
    // The inner plan's own slots are named as it names them: one it leaves anonymous may be
    // a slot the outer scope names later (a status of IN TRANSACTIONS, say).
    for (slot, name) in inner.iter().enumerate() {
        slots[slot] = name.as_deref().map(quote_name);
    }
    Names {
        scope: 0,
        slots: Rc::new(slots),
    }
}

impl<'a> Describer<'a> {
    /// A describer for a subquery's plan, whose scopes are `scopes`.
    fn nested<'b>(&'b self, scopes: &'b [Vec<Option<String>>]) -> Describer<'b> {
        Describer {
            words: Words {
                graph: self.words.graph,
                source: self.words.source,
            },
            estimator: self.estimator,
            scopes,
            subqueries: self.subqueries,
            quoted: quoted_scopes(scopes),
        }
    }

    /// A sub-plan run on each of `estimate` rows named `names`: described with its own
    /// scopes when the planner recorded them (by its address), else with `names`.
    fn sub_op<'p>(&self, op: &'p Op, estimate: f64, names: &Names) -> Built<'p> {
        let at = op as *const Op as usize;
        match self.subqueries.iter().find(|(a, _)| *a == at) {
            Some((_, scopes)) => {
                let names = overlay(names, scopes.first().map_or(&[][..], |s| &s[..]));
                let mut leaf = Leaf::Argument(estimate, names);
                self.nested(scopes).op(op, &mut leaf)
            }
            None => {
                let mut leaf = Leaf::Argument(estimate, names.clone());
                self.op(op, &mut leaf)
            }
        }
    }

    fn scope_names(&self, scope: usize) -> Names {
        let slots = self.quoted.get(scope).cloned().unwrap_or_default();
        Names { scope, slots }
    }

    fn start(&self) -> Built<'static> {
        Built {
            node: None,
            estimate: 1.0,
            names: self.scope_names(0),
            nested: true,
        }
    }

    fn query<'p>(&self, query: &'p QueryPlan) -> Built<'p> {
        self.query_from(query, None)
    }

    /// A query's stages; a subquery's (`argument`: its rows expected and the outer names)
    /// start from the row it runs on.
    fn query_from<'p>(&self, query: &'p QueryPlan, argument: Option<(f64, Names)>) -> Built<'p> {
        let mut prev: Option<Built<'p>> = None;
        let mut argument = argument;
        let start = |argument: &mut Option<(f64, Names)>| match argument.take() {
            Some((estimate, names)) => Leaf::Argument(estimate, names),
            None => Leaf::Start,
        };
        for stage in &query.stages {
            prev = Some(match stage {
                Stage::Read(op) => {
                    let mut leaf = match prev.take() {
                        Some(b) => Leaf::Stage(Some(b)),
                        None => start(&mut argument),
                    };
                    self.op(op, &mut leaf)
                }
                Stage::Update(u) => {
                    let below = match prev.take() {
                        Some(b) => b,
                        None => self.start(),
                    };
                    self.update(u, below)
                }
                Stage::Call(call) => {
                    let below = prev.take().unwrap_or_else(|| self.start());
                    self.call(call, below)
                }
            });
        }
        prev.unwrap_or_else(|| self.start())
    }

    /// A `CALL { }` stage: its queries as a branch run on each row below.
    fn call<'p>(&self, call: &'p SubqueryCall, below: Built<'p>) -> Built<'p> {
        let names = below.names.clone();
        let input_rows = below.estimate;
        let parts: Vec<Built<'p>> = call
            .queries
            .iter()
            .map(|q| {
                let inner = overlay(&names, q.slot_names.first().map_or(&[][..], |s| &s[..]));
                self.nested(&q.slot_names)
                    .query_from(q, Some((input_rows, inner)))
            })
            .collect();
        let inner_rows: f64 = parts.iter().map(|p| p.estimate).sum();
        let details = if call.distinct { "DISTINCT" } else { "" };
        let branch = union_of(parts, details.into());
        let out_names = self.scope_names(names.scope);
        let mut details = slot_list_of(&out_names, &call.out);
        if let Some(t) = &call.transactions {
            let concurrent = match &t.concurrency {
                Some(n) => format!("{} CONCURRENT ", self.words.expr(n, &names)),
                None => String::new(),
            };
            let mut text = format!(
                "IN {concurrent}TRANSACTIONS OF {} ROWS ON ERROR {}",
                self.words.expr(&t.rows, &names),
                match t.on_error {
                    crate::syntax::ast::OnError::Fail => "FAIL",
                    crate::syntax::ast::OnError::Continue => "CONTINUE",
                    crate::syntax::ast::OnError::Break => "BREAK",
                }
            );
            if let Some(s) = t.status {
                text.push_str(&format!(" REPORT STATUS AS {}", out_names.get(s)));
            }
            details = if details.is_empty() {
                text
            } else {
                format!("{details}; {text}")
            };
        }
        let estimate = if call.unit {
            input_rows
        } else if call.optional {
            input_rows.max(inner_rows)
        } else {
            inner_rows
        };
        let mut children: Vec<Child<'p>> = below
            .node
            .map(|node| Child::input(node, false))
            .into_iter()
            .collect();
        children.extend(branch.map(|node| Child {
            node,
            branch: true,
            nested: true,
        }));
        let name = match (&call.transactions, call.optional) {
            (Some(_), _) => "TransactionApply",
            (None, true) => "OptionalApply",
            (None, false) => "Apply",
        };
        Built {
            node: Some(Node {
                name: name.into(),
                details,
                estimate,
                source: Source::Call(call),
                children,
            }),
            estimate,
            names: out_names,
            nested: true,
        }
    }

    /// What `Op::Input` yields.
    fn leaf<'p>(&self, op: &'p Op, leaf: &mut Leaf<'p>) -> Built<'p> {
        match leaf {
            Leaf::Start => self.start(),
            Leaf::Stage(built) => {
                let mut b = built.take().unwrap_or_else(|| self.start());
                b.nested = false;
                b
            }
            Leaf::Argument(estimate, names) => Built {
                node: Some(Node {
                    name: "Argument".into(),
                    details: String::new(),
                    estimate: *estimate,
                    source: Source::Op(op),
                    children: vec![],
                }),
                estimate: *estimate,
                names: names.clone(),
                nested: true,
            },
        }
    }

    /// The sub-plans (pattern predicates) in expressions, described as branches run on the
    /// rows of an operator's input.
    fn subplans<'p>(&self, exprs: &[&'p Ex], estimate: f64, names: &Names) -> Vec<Child<'p>> {
        let mut ops = Vec::new();
        for e in exprs {
            subplans_of(e, &mut ops);
        }
        ops.into_iter()
            .filter_map(|op| self.sub_op(op, estimate, names).node)
            .map(|node| Child {
                node,
                branch: true,
                nested: true,
            })
            .collect()
    }

    /// A node seek's details: `(var:Label) WHERE var.key OP value`.
    fn key_test(
        &self,
        var: String,
        label: Sym,
        key: Sym,
        op: &str,
        value: &Ex,
        n: &Names,
    ) -> String {
        format!(
            "({var}:{}) WHERE {var}.{} {op} {}",
            self.words.sym(label),
            self.words.sym(key),
            self.words.expr(value, n)
        )
    }

    /// A composite seek's properties (`a, b`) and its tests (`a = 1 AND b > 2`), as Neo4j
    /// writes them; the expressions it evaluates go to `exprs`.
    fn composite_tests<'p>(
        &self,
        keys: &[Sym],
        values: &'p [Ex],
        (lower, upper, prefix): (&'p Option<SeekBound>, &'p Option<SeekBound>, &'p Option<Ex>),
        n: &Names,
        exprs: &mut Vec<&'p Ex>,
    ) -> (String, String) {
        let names: Vec<String> = keys.iter().map(|k| self.words.sym(*k)).collect();
        let mut tests = Vec::new();
        for (name, value) in names.iter().zip(values) {
            exprs.push(value);
            tests.push(format!("{name} = {}", self.words.expr(value, n)));
        }
        if let Some(name) = names.get(values.len()) {
            for (bound, ops) in [(lower, [">", ">="]), (upper, ["<", "<="])] {
                if let Some(b) = bound {
                    exprs.push(&b.value);
                    let op = ops[usize::from(b.inclusive)];
                    tests.push(format!("{name} {op} {}", self.words.expr(&b.value, n)));
                }
            }
            if let Some(p) = prefix {
                exprs.push(p);
                tests.push(format!("{name} STARTS WITH {}", self.words.expr(p, n)));
            }
        }
        (names.join(", "), tests.join(" AND "))
    }

    fn op<'p>(&self, op: &'p Op, leaf: &mut Leaf<'p>) -> Built<'p> {
        let below = match op {
            Op::Input => return self.leaf(op, leaf),
            Op::RelTypeCounts { .. } => self.leaf(op, leaf),
            _ => {
                let child = op.input().expect("every other operator has an input");
                self.op(child, leaf)
            }
        };
        let names = below.names.clone();
        let input_rows = below.estimate;
        let mut out_names = names.clone();
        let mut branches: Vec<Child<'p>> = Vec::new();
        let mut inner_rows = 0.0;
        let mut exprs: Vec<&'p Ex> = Vec::new();
        let n = &names;
        let (name, details): (String, String) = match op {
            Op::Input => unreachable!("returned above"),
            Op::Scan { slot, source, .. } => match source {
                ScanSource::All => ("AllNodesScan".into(), n.get(*slot)),
                ScanSource::Label(l) => (
                    "NodeByLabelScan".into(),
                    format!("{}:{}", n.get(*slot), self.words.sym(*l)),
                ),
                ScanSource::Labels(ls) => (
                    "UnionNodeByLabelsScan".into(),
                    format!("{}:{}", n.get(*slot), self.words.types(ls)),
                ),
                ScanSource::Index { label, key, value } => {
                    exprs.push(value);
                    (
                        "NodeIndexSeek".into(),
                        format!(
                            "({}:{} {{{}: {}}})",
                            n.get(*slot),
                            self.words.sym(*label),
                            self.words.sym(*key),
                            self.words.expr(value, n)
                        ),
                    )
                }
                ScanSource::Named { label, text } => {
                    exprs.push(text);
                    (
                        "NodeByNameSeek".into(),
                        format!(
                            "{}:{} named {}",
                            n.get(*slot),
                            self.words.sym(*label),
                            self.words.expr(text, n)
                        ),
                    )
                }
                ScanSource::Range {
                    label,
                    key,
                    lower,
                    upper,
                } => {
                    let var = n.get(*slot);
                    let prop = format!("{var}.{}", self.words.sym(*key));
                    let mut tests = Vec::new();
                    for (bound, ops) in [(lower, [">", ">="]), (upper, ["<", "<="])] {
                        if let Some(b) = bound {
                            exprs.push(&b.value);
                            let op = ops[usize::from(b.inclusive)];
                            tests.push(format!("{prop} {op} {}", self.words.expr(&b.value, n)));
                        }
                    }
                    (
                        "NodeIndexSeekByRange".into(),
                        format!(
                            "({var}:{}) WHERE {}",
                            self.words.sym(*label),
                            tests.join(" AND ")
                        ),
                    )
                }
                ScanSource::AnyOf { label, key, values } => {
                    exprs.push(values);
                    let details = self.key_test(n.get(*slot), *label, *key, "IN", values, n);
                    ("NodeIndexSeek".into(), details)
                }
                ScanSource::Prefix { label, key, prefix } => {
                    exprs.push(prefix);
                    let var = n.get(*slot);
                    let details = self.key_test(var, *label, *key, "STARTS WITH", prefix, n);
                    ("NodeIndexSeekByRange".into(), details)
                }
                ScanSource::Composite {
                    label,
                    keys,
                    values,
                    lower,
                    upper,
                    prefix,
                } => {
                    let (keys, tests) =
                        self.composite_tests(keys, values, (lower, upper, prefix), n, &mut exprs);
                    let name = if lower.is_some() || upper.is_some() || prefix.is_some() {
                        "NodeIndexSeekByRange"
                    } else {
                        "NodeIndexSeek"
                    };
                    (
                        name.into(),
                        format!(
                            "{}:{}({keys}) WHERE {tests}",
                            n.get(*slot),
                            self.words.sym(*label)
                        ),
                    )
                }
            },
            Op::Expand { spec, .. } => (
                if spec.into {
                    "Expand(Into)"
                } else {
                    "Expand(All)"
                }
                .into(),
                self.words
                    .hop(n, spec.from, spec.rel, spec.to, &spec.types, spec.dir, ""),
            ),
            Op::RelScan {
                spec, seek: None, ..
            } => {
                let name = match (spec.dir, spec.types.is_empty()) {
                    (Dir::Both, true) => "UndirectedAllRelationshipsScan",
                    (Dir::Both, false) => "UndirectedRelationshipTypeScan",
                    (_, true) => "DirectedAllRelationshipsScan",
                    (_, false) => "DirectedRelationshipTypeScan",
                };
                (
                    name.into(),
                    self.words
                        .hop(n, spec.from, spec.rel, spec.to, &spec.types, spec.dir, ""),
                )
            }
            Op::RelScan {
                spec,
                seek: Some(source),
                ..
            } => {
                let hop = |extra: &str| {
                    self.words.hop(
                        n,
                        spec.from,
                        spec.rel,
                        spec.to,
                        &spec.types,
                        spec.dir,
                        extra,
                    )
                };
                let var = n.get(spec.rel);
                // `hop WHERE r.key OP value`.
                let key_test = |key: Sym, op: &str, value: &Ex| {
                    let (key, value) = (self.words.sym(key), self.words.expr(value, n));
                    format!("{} WHERE {var}.{key} {op} {value}", hop(""))
                };
                let (kind, details) = match source {
                    ScanSource::Index { key, value, .. } => {
                        exprs.push(value);
                        let extra = format!(
                            " {{{}: {}}}",
                            self.words.sym(*key),
                            self.words.expr(value, n)
                        );
                        ("RelationshipIndexSeek", hop(&extra))
                    }
                    ScanSource::Range {
                        key, lower, upper, ..
                    } => {
                        let prop = format!("{var}.{}", self.words.sym(*key));
                        let mut tests = Vec::new();
                        for (bound, ops) in [(lower, [">", ">="]), (upper, ["<", "<="])] {
                            if let Some(b) = bound {
                                exprs.push(&b.value);
                                let op = ops[usize::from(b.inclusive)];
                                tests.push(format!("{prop} {op} {}", self.words.expr(&b.value, n)));
                            }
                        }
                        let details = format!("{} WHERE {}", hop(""), tests.join(" AND "));
                        ("RelationshipIndexSeekByRange", details)
                    }
                    ScanSource::Composite {
                        keys,
                        values,
                        lower,
                        upper,
                        prefix,
                        ..
                    } => {
                        let (keys, tests) = self.composite_tests(
                            keys,
                            values,
                            (lower, upper, prefix),
                            n,
                            &mut exprs,
                        );
                        let details = format!("{} WHERE {tests}", hop(&format!("({keys})")));
                        if lower.is_some() || upper.is_some() || prefix.is_some() {
                            ("RelationshipIndexSeekByRange", details)
                        } else {
                            ("RelationshipIndexSeek", details)
                        }
                    }
                    ScanSource::Prefix { key, prefix, .. } => {
                        exprs.push(prefix);
                        let details = key_test(*key, "STARTS WITH", prefix);
                        ("RelationshipIndexSeekByRange", details)
                    }
                    ScanSource::AnyOf { key, values, .. } => {
                        exprs.push(values);
                        ("RelationshipIndexSeek", key_test(*key, "IN", values))
                    }
                    ScanSource::All
                    | ScanSource::Label(_)
                    | ScanSource::Labels(_)
                    | ScanSource::Named { .. } => ("RelationshipTypeScan", hop("")),
                };
                let way = if spec.dir == Dir::Both {
                    "Undirected"
                } else {
                    "Directed"
                };
                (format!("{way}{kind}"), details)
            }
            Op::VarExpand {
                spec,
                min,
                max,
                rel_filter,
                ..
            } => {
                exprs.extend(rel_filter.as_deref());
                let (types, rest) = self.words.type_filter(rel_filter.as_deref());
                let extra = format!(
                    "{types}{}{}",
                    length(*min, *max),
                    self.words.rel_filter(rest, n)
                );
                (
                    if spec.into {
                        "VarLengthExpand(Into)"
                    } else {
                        "VarLengthExpand(All)"
                    }
                    .into(),
                    self.words.hop(
                        n,
                        spec.from,
                        spec.rel,
                        spec.to,
                        &spec.types,
                        spec.dir,
                        &extra,
                    ),
                )
            }
            Op::Repeat { spec, repeat, .. } => {
                exprs.extend(repeat.first.1.iter());
                for step in &repeat.steps {
                    exprs.extend(step.rel.1.iter().chain(step.node.1.iter()));
                }
                exprs.extend(repeat.filter.iter());
                // In the pattern's order, whichever way it is walked.
                let (left, right) = if spec.reversed {
                    (spec.to, spec.from)
                } else {
                    (spec.from, spec.to)
                };
                (
                    if spec.into {
                        "Repeat(Trail, Into)"
                    } else {
                        "Repeat(Trail)"
                    }
                    .into(),
                    format!(
                        "({}) {} ({}){}",
                        n.get(left),
                        repeat.text,
                        n.get(right),
                        if spec.reversed {
                            format!(", from ({})", n.get(spec.from))
                        } else {
                            String::new()
                        }
                    ),
                )
            }
            Op::ShortestPath {
                select,
                path,
                sequence: Some(seq),
                ..
            } => {
                for s in &seq.segments {
                    let repeat = &s.repeat;
                    exprs.extend(s.entry.iter().chain(repeat.first.1.iter()));
                    for step in &repeat.steps {
                        exprs.extend(step.rel.1.iter().chain(step.node.1.iter()));
                    }
                    exprs.extend(repeat.filter.iter());
                }
                let path = path.map(|p| format!("{} = ", n.get(p))).unwrap_or_default();
                (
                    "StatefulShortestPath(Into)".into(),
                    format!("{path}{} {}", selector_text(*select), seq.text),
                )
            }
            Op::ShortestPath {
                spec,
                select,
                path,
                rel_filter,
                repeat: Some(repeat),
                ..
            } => {
                exprs.extend(rel_filter.as_deref());
                exprs.extend(repeat.first.1.iter());
                for step in &repeat.steps {
                    exprs.extend(step.rel.1.iter().chain(step.node.1.iter()));
                }
                exprs.extend(repeat.filter.iter());
                let path = path.map(|p| format!("{} = ", n.get(p))).unwrap_or_default();
                let selector = selector_text(*select);
                // In the pattern's order, whichever way it is walked.
                let (left, right) = if spec.reversed {
                    (spec.to, spec.from)
                } else {
                    (spec.from, spec.to)
                };
                (
                    "StatefulShortestPath(Into)".into(),
                    format!(
                        "{path}{selector} ({}) {} ({})",
                        n.get(left),
                        repeat.text,
                        n.get(right)
                    ),
                )
            }
            Op::ShortestPath {
                spec,
                min,
                max,
                select,
                path,
                rel_filter,
                ..
            } => {
                exprs.extend(rel_filter.as_deref());
                let (types, rest) = self.words.type_filter(rel_filter.as_deref());
                let extra = format!(
                    "{types}{}{}",
                    length(*min, *max),
                    self.words.rel_filter(rest, n)
                );
                let hop = self.words.hop(
                    n,
                    spec.from,
                    spec.rel,
                    spec.to,
                    &spec.types,
                    spec.dir,
                    &extra,
                );
                let path = path.map(|p| format!("{} = ", n.get(p))).unwrap_or_default();
                match select {
                    PathSelect::One => {
                        ("ShortestPath".into(), format!("{path}shortestPath({hop})"))
                    }
                    PathSelect::All => (
                        "AllShortestPaths".into(),
                        format!("{path}allShortestPaths({hop})"),
                    ),
                    PathSelect::Counted { k, groups } => (
                        "ShortestPaths".into(),
                        format!(
                            "{path}SHORTEST {k}{} {hop}",
                            if *groups { " GROUPS" } else { "" }
                        ),
                    ),
                }
            }
            Op::Filter { pred, .. } => {
                exprs.push(pred);
                ("Filter".into(), self.words.expr(pred, n))
            }
            Op::Bind { slot, expr, input } => {
                exprs.push(expr);
                let value = match yielded_column(input, expr) {
                    Some((row, column)) => format!("{}.{column}", n.get(row)),
                    None => self.words.expr(expr, n),
                };
                ("Bind".into(), format!("{} = {value}", n.get(*slot)))
            }
            Op::Optional { inner, nulls, .. } => {
                let mut leaf = Leaf::Argument(input_rows, names.clone());
                let built = self.op(inner, &mut leaf);
                inner_rows = built.estimate;
                branches.extend(built.node.map(|node| Child {
                    node,
                    branch: true,
                    nested: true,
                }));
                (
                    "Optional".into(),
                    nulls
                        .iter()
                        .map(|s| n.get(*s))
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            }
            Op::Apply {
                inner,
                out,
                optional,
                ..
            } => {
                let built = self.sub_op(inner, input_rows, &names);
                inner_rows = built.estimate;
                branches.extend(built.node.map(|node| Child {
                    node,
                    branch: true,
                    nested: true,
                }));
                out_names = self.scope_names(names.scope);
                let name = if *optional { "OptionalApply" } else { "Apply" };
                (name.into(), slot_list_of(&out_names, out))
            }
            Op::Union {
                branches: parts,
                distinct,
                ..
            } => {
                for part in parts {
                    let built = self.sub_op(part, input_rows, &names);
                    inner_rows += built.estimate;
                    branches.extend(built.node.map(|node| Child {
                        node,
                        branch: true,
                        nested: true,
                    }));
                }
                let details = if *distinct { "DISTINCT" } else { "" };
                ("Union".into(), details.into())
            }
            Op::Unwind { expr, slot, .. } => {
                exprs.push(expr);
                (
                    "Unwind".into(),
                    format!("{} AS {}", self.words.expr(expr, n), n.get(*slot)),
                )
            }
            Op::LoadCsv {
                url,
                headers,
                terminator,
                slot,
                ..
            } => {
                exprs.push(url);
                let mut details = format!(
                    "{}FROM {} AS {}",
                    if *headers { "WITH HEADERS " } else { "" },
                    self.words.expr(url, n),
                    n.get(*slot)
                );
                if *terminator != b',' {
                    let t = match *terminator {
                        b'\t' => "\\t".to_string(),
                        b'\'' => "\\'".to_string(),
                        b'\\' => "\\\\".to_string(),
                        c => (c as char).to_string(),
                    };
                    details.push_str(&format!(" FIELDTERMINATOR '{t}'"));
                }
                ("LoadCSV".into(), details)
            }
            Op::Project {
                exprs: items, keep, ..
            } => {
                exprs.extend(items.iter());
                let next = self.scope_names(names.scope + 1);
                let columns = self.scopes.get(names.scope + 1);
                let details = items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let text = self.words.expr(e, n);
                        match columns.and_then(|c| c.get(i)).and_then(|c| c.as_deref()) {
                            Some(column) if column != text => {
                                format!("{text} AS {}", quote_name(column))
                            }
                            _ => text,
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                out_names = next;
                if *keep {
                    // ORDER BY sees the new values, then the old row.
                    let slots = Rc::make_mut(&mut out_names.slots);
                    slots.resize(items.len(), None);
                    slots.extend(names.slots.iter().cloned());
                }
                ("Projection".into(), details)
            }
            Op::Aggregate {
                keys, aggs, top, ..
            } => {
                exprs.extend(keys.iter());
                for a in aggs {
                    exprs.extend(a.arg.iter().chain(a.extra.iter()));
                }
                let keys_text: Vec<String> = keys.iter().map(|k| self.words.expr(k, n)).collect();
                let aggs_text: Vec<String> =
                    aggs.iter().map(|a| self.words.aggregate(a, n)).collect();
                out_names = Names {
                    scope: names.scope,
                    slots: Rc::new(
                        keys_text
                            .iter()
                            .chain(&aggs_text)
                            .map(|t| Some(t.clone()))
                            .collect(),
                    ),
                };
                let mut details = if keys.is_empty() {
                    format!("aggs: {}", aggs_text.join(", "))
                } else {
                    format!(
                        "keys: {}; aggs: {}",
                        keys_text.join(", "),
                        aggs_text.join(", ")
                    )
                };
                if let Some(top) = top {
                    // The groups the sort above keeps, by the columns it reads.
                    let by: Vec<String> = top
                        .keys
                        .iter()
                        .filter_map(|&(column, descending)| {
                            let name = out_names.slots.get(column).cloned().flatten()?;
                            Some(if descending {
                                format!("{name} DESC")
                            } else {
                                name
                            })
                        })
                        .collect();
                    details.push_str(&format!(
                        "; first {} by {}",
                        self.words.expr(&top.limit, n),
                        by.join(", ")
                    ));
                }
                ("Aggregate".into(), details)
            }
            Op::RelTypeCounts { types, by_type, .. } => {
                // Laid out as the aggregation it replaces: the projection above names them.
                out_names = Names {
                    scope: names.scope,
                    slots: Rc::new(
                        self.scopes
                            .get(names.scope + 1)
                            .cloned()
                            .unwrap_or_default(),
                    ),
                };
                let types = if types.is_empty() {
                    String::new()
                } else {
                    format!(":{}", self.words.types(types))
                };
                (
                    "RelationshipCountFromCountStore".into(),
                    format!(
                        "count( ()-[{types}]->() ){}",
                        if *by_type { " per type" } else { "" }
                    ),
                )
            }
            Op::Distinct { width, .. } => ("Distinct".into(), slot_list(n, 0..*width)),
            Op::DistinctOn { key, .. } => (
                "DistinctOn".into(),
                key.iter()
                    .map(|k| match k {
                        DistinctKey::Slot(s) => n.get(*s),
                        DistinctKey::LoopRel(s) => format!("{} if a self-loop", n.get(*s)),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Op::Sort { keys, limit, .. } => {
                exprs.extend(keys.iter().map(|(e, _)| e));
                exprs.extend(limit.iter());
                let mut details = keys
                    .iter()
                    .map(|(e, desc)| {
                        let text = self.words.expr(e, n);
                        if *desc {
                            format!("{text} DESC")
                        } else {
                            text
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                if let Some(l) = limit {
                    let top = match super::estimate::constant(l) {
                        Some(count) => count.to_string(),
                        None => self.words.expr(l, n),
                    };
                    details.push_str(&format!("; top {top}"));
                }
                ("Sort".into(), details)
            }
            Op::Skip { count, .. } => ("Skip".into(), self.words.expr(count, n)),
            Op::Limit { count, .. } => ("Limit".into(), self.words.expr(count, n)),
            Op::Truncate { width, .. } => {
                out_names = self.scope_names(names.scope);
                Rc::make_mut(&mut out_names.slots).truncate(*width);
                ("Truncate".into(), slot_list(&out_names, 0..*width))
            }
        };
        branches.extend(self.subplans(&exprs, input_rows, &names));
        let estimate = self.estimator.rows(op, input_rows, inner_rows);
        let mut children: Vec<Child<'p>> = below
            .node
            .map(|node| Child::input(node, below.nested))
            .into_iter()
            .collect();
        children.extend(branches);
        Built {
            node: Some(node(name, details, estimate, Source::Op(op), children)),
            estimate,
            names: out_names,
            nested: true,
        }
    }

    fn update<'p>(&self, update: &'p Update, below: Built<'p>) -> Built<'p> {
        let names = below.names.clone();
        let n = &names;
        let input_rows = below.estimate;
        let mut exprs: Vec<&'p Ex> = Vec::new();
        let mut branches = Vec::new();
        let mut matcher_rows = 0.0;
        let set_items = |ops: &'p [SetOp], exprs: &mut Vec<&'p Ex>| {
            ops.iter()
                .map(|op| self.words.set_op(op, n, exprs))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (name, details) = match update {
            Update::Create(parts) => {
                let text = parts
                    .iter()
                    .map(|p| self.words.create_part(p, n, &mut exprs))
                    .collect::<Vec<_>>()
                    .join(", ");
                ("Create", text)
            }
            Update::Merge(merge) => {
                let mut text = self.words.create_part(&merge.part, n, &mut exprs);
                if !merge.on_create.is_empty() {
                    text.push_str(" ON CREATE SET ");
                    text.push_str(&set_items(&merge.on_create, &mut exprs));
                }
                if !merge.on_match.is_empty() {
                    text.push_str(" ON MATCH SET ");
                    text.push_str(&set_items(&merge.on_match, &mut exprs));
                }
                let mut leaf = Leaf::Argument(input_rows, names.clone());
                let built = self.op(&merge.matcher, &mut leaf);
                matcher_rows = built.estimate;
                branches.extend(built.node.map(|node| Child {
                    node,
                    branch: true,
                    nested: true,
                }));
                ("Merge", text)
            }
            Update::Set(ops) => {
                let removes = ops
                    .iter()
                    .all(|o| matches!(o, SetOp::RemoveProp { .. } | SetOp::RemoveLabels { .. }));
                (
                    if removes { "Remove" } else { "Set" },
                    set_items(ops, &mut exprs),
                )
            }
            Update::Foreach {
                slot,
                list,
                body,
                names: inner,
                ..
            } => {
                exprs.push(list);
                let scopes = vec![inner.clone()];
                let nested = self.nested(&scopes);
                let inner = overlay(&names, inner);
                let text = format!("{} IN {}", inner.get(*slot), self.words.expr(list, n));
                let mut built = Built {
                    node: Some(Node {
                        name: "Argument".into(),
                        details: String::new(),
                        estimate: input_rows,
                        source: Source::Unmeasured,
                        children: vec![],
                    }),
                    estimate: input_rows,
                    names: inner,
                    nested: true,
                };
                for u in body {
                    built = nested.update(u, built);
                }
                branches.extend(built.node.map(|node| Child {
                    node,
                    branch: true,
                    nested: true,
                }));
                ("Foreach", text)
            }
            Update::Delete {
                detach,
                exprs: items,
            } => {
                exprs.extend(items.iter().map(|(e, _)| e));
                (
                    if *detach { "DetachDelete" } else { "Delete" },
                    items
                        .iter()
                        .map(|(e, _)| self.words.expr(e, n))
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            }
        };
        branches.extend(self.subplans(&exprs, input_rows, &names));
        let estimate = self.estimator.update_rows(update, input_rows, matcher_rows);
        let mut children: Vec<Child<'p>> = below
            .node
            .map(|node| Child::input(node, false))
            .into_iter()
            .collect();
        children.extend(branches);
        // CREATE and MERGE bind new variables: the names are the scope's final ones.
        let names = if matches!(update, Update::Create(_) | Update::Merge(_)) {
            self.scope_names(names.scope)
        } else {
            names
        };
        Built {
            node: Some(node(
                name.into(),
                details,
                estimate,
                Source::Update(update),
                children,
            )),
            estimate,
            names,
            nested: true,
        }
    }
}

/// The parts of a UNION: the one part's root, or a `Union` node over the parts (the first as
/// its input, the others as branches).
fn union_of(mut parts: Vec<Built<'_>>, details: String) -> Option<Node<'_>> {
    if parts.len() == 1 {
        return parts.pop().and_then(|b| b.node);
    }
    let estimate = parts.iter().map(|p| p.estimate).sum();
    let children = parts
        .into_iter()
        .filter_map(|p| p.node)
        .enumerate()
        .map(|(i, node)| Child {
            node,
            branch: i > 0,
            nested: true,
        })
        .collect();
    Some(Node {
        name: "Union".into(),
        details,
        estimate,
        source: Source::Union,
        children,
    })
}

fn node<'p>(
    name: String,
    details: String,
    estimate: f64,
    source: Source<'p>,
    mut children: Vec<Child<'p>>,
) -> Node<'p> {
    // An operator whose only children are branches (MERGE starting a query) draws the first
    // one as its input.
    if children.iter().all(|c| c.branch) {
        if let Some(first) = children.first_mut() {
            first.branch = false;
        }
    }
    Node {
        name,
        details,
        estimate,
        source,
        children,
    }
}

/// The sub-plans of pattern predicates in an expression (not those inside the sub-plans).
fn subplans_of<'e>(e: &'e Ex, out: &mut Vec<&'e Op>) {
    let mut each = |e: &'e Ex| subplans_of(e, out);
    match e {
        Ex::Exists(op) | Ex::CountRows(op) | Ex::CollectRows(op, _) => out.push(op),
        Ex::Const(_) | Ex::Slot(_) | Ex::Local(_) | Ex::BuildPath { .. } => {}
        Ex::Procedure(_, args) => args.iter().for_each(each),
        Ex::Prop(a, _)
        | Ex::Unary(_, a)
        | Ex::IsNull(a, _)
        | Ex::HasLabels(a, _)
        | Ex::Labels(a, _)
        | Ex::IsType(a, ..)
        | Ex::Spanned(a, _) => each(a),
        Ex::Index(a, b) | Ex::And(a, b) | Ex::Or(a, b) | Ex::Binary(_, a, b) => {
            each(a);
            each(b);
        }
        Ex::Slice(a, b, c) => {
            each(a);
            b.iter().for_each(|b| each(b));
            c.iter().for_each(|c| each(c));
        }
        Ex::List(items) | Ex::Call(_, items) => items.iter().for_each(&mut each),
        Ex::Map(items) => items.iter().for_each(|(_, v)| each(v)),
        Ex::Case {
            subject,
            whens,
            else_,
        } => {
            subject.iter().for_each(|s| each(s));
            for (w, t) in whens {
                each(w);
                each(t);
            }
            else_.iter().for_each(|e| each(e));
        }
        Ex::ListComp {
            list, where_, map, ..
        } => {
            each(list);
            where_.iter().for_each(|w| each(w));
            map.iter().for_each(|m| each(m));
        }
        Ex::Quantified { list, pred, .. } => {
            each(list);
            each(pred);
        }
        Ex::Reduce {
            init, list, expr, ..
        } => {
            each(init);
            each(list);
            each(expr);
        }
        Ex::MapProjection { base, items } => {
            each(base);
            for i in items {
                if let MapItem::Value(_, v) = i {
                    each(v);
                }
            }
        }
    }
}

fn slot_list(n: &Names, slots: std::ops::Range<usize>) -> String {
    slots.map(|s| n.get(s)).collect::<Vec<_>>().join(", ")
}

fn slot_list_of(n: &Names, slots: &[usize]) -> String {
    slots
        .iter()
        .map(|&s| n.get(s))
        .collect::<Vec<_>>()
        .join(", ")
}

fn column_list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| quote_name(c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The procedure row and column a `CALL ... YIELD` binding reads (`row[k]`, where `row` is
/// the slot a procedure's rows are unwound into, through the other bindings of the call).
fn yielded_column(mut input: &Op, expr: &Ex) -> Option<(usize, &'static str)> {
    let (Ex::Slot(row), Ex::Const(crate::graph::Value::Int(at))) = (match expr {
        Ex::Index(base, index) => (&**base, &**index),
        _ => return None,
    }) else {
        return None;
    };
    loop {
        match input {
            Op::Bind { input: below, .. } => input = below,
            Op::Unwind { expr, slot, .. } if slot == row => {
                let mut e = expr;
                while let Ex::Spanned(inner, _) = e {
                    e = inner;
                }
                let Ex::Procedure(p, _) = e else {
                    return None;
                };
                let column = p.columns().get(usize::try_from(*at).ok()?)?.0;
                return Some((*row, column));
            }
            _ => return None,
        }
    }
}

/// A GQL path selector as EXPLAIN writes it.
fn selector_text(select: PathSelect) -> String {
    match select {
        PathSelect::One => "SHORTEST 1".to_string(),
        PathSelect::All => "ALL SHORTEST".to_string(),
        PathSelect::Counted { k, groups } => {
            format!("SHORTEST {k}{}", if groups { " GROUPS" } else { "" })
        }
    }
}
