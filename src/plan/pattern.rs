//! Pattern planning: MATCH, OPTIONAL MATCH, MERGE's matching half and pattern predicates.
//! Starts each pattern at its most selective node (a bound variable, then an index lookup,
//! then the smallest label), expands along relationships by type and direction, and applies
//! each WHERE conjunct as soon as the variables it reads are bound.

use super::expr::{free_vars, literal_value};
use super::{Planner, Scope, VarKind, Warning};
use crate::diagnostic::{suggest, Error, Result, Span};
use crate::graph::{Dir, Entity, Sym, Value};
use crate::ir::{DistinctKey, Ex, ExpandSpec, LabelExpr, Op, ScanSource, SeekBound, SlotList};
use crate::syntax::ast::{self, BinaryOp, ExprKind};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// The most hops a pattern may have for rows to be merged between its hops (see `dedupe_rows`).
const MAX_MERGED_HOPS: usize = 64;

struct NodeEl {
    slot: usize,
    /// The labels the node must have (`:A:B`, `:A&B`, the plain names of `:A&(B|C)`).
    labels: Vec<Sym>,
    /// The other parts of its label expressions, which must hold too (`B|C`, `!D`).
    label_exprs: Vec<LabelExpr>,
    props: Vec<(Sym, ast::Expr)>,
    /// The texts of `named(n, text)` conjuncts in WHERE: candidates for a name seek.
    named: Vec<ast::Expr>,
    /// Conjuncts of WHERE that bound one of its properties or give a prefix of it:
    /// candidates for a range or prefix seek.
    ranges: Vec<RangePred>,
    /// The share of its rows the conjuncts of WHERE that read it alone keep, estimated.
    kept: f64,
    /// Bound before this pattern.
    bound: bool,
    /// The variable's place in the pattern, when it was bound before.
    var_span: Option<Span>,
}

/// A conjunct that bounds a property of a node or relationship (`n.p > e`, `e <= n.p`), gives
/// a prefix of it (`n.p STARTS WITH e`) or, of a relationship, its value (`r.p = e`), `e`
/// known before the pattern is matched.
struct RangePred {
    key: Sym,
    side: Side,
    value: ast::Expr,
}

/// Which part of a range a `RangePred` gives.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Lower {
        inclusive: bool,
    },
    Upper {
        inclusive: bool,
    },
    Prefix,
    Equal,
    /// `n.p IN e`: the value is one of a list's.
    AnyOf,
}

struct Hop {
    left: usize,
    right: usize,
    rel_slot: usize,
    /// The types it expands along (every type when empty).
    types: Vec<Sym>,
    /// A type expression the types do not say all of (`[:!A]`): checked on each relationship.
    type_filter: Option<LabelExpr>,
    direction: ast::Direction,
    length: Option<(u64, u64)>,
    props: Vec<(Sym, ast::Expr)>,
    /// Conjuncts of WHERE that bound, give a prefix of or equal one of the relationship's
    /// properties: candidates for a relationship index seek (they stay as filters).
    ranges: Vec<RangePred>,
    /// The relationship variable was bound before this pattern.
    rel_bound: bool,
    /// Where the query names it, when it was bound to a value of unknown kind: checked to hold
    /// a relationship before the hop (`Function::IsBoundRel`).
    rel_check: Option<Span>,
    shortest: Option<crate::ir::PathSelect>,
    /// Of a path selector, not of `shortestPath()` (see `Op::ShortestPath::cycles`).
    selector: bool,
    path_slot: Option<usize>,
    /// A quantified path pattern's: what each repetition must meet (the relationship, its
    /// left node and its right node as locals 0, 1 and 2), and the slots of the lists of its
    /// left and right nodes.
    group: Option<(Option<Ex>, Option<usize>, Option<usize>)>,
    /// A quantified path pattern of several relationships (then `length` is how often it
    /// repeats, and the hop's types and direction say nothing).
    repeat: Option<RepeatPlan>,
    /// A whole pattern part a selector searches (fixed hops beside at most one quantified
    /// part): the hop joins its ends, and binds the slots listed besides.
    sequence: Option<(crate::ir::PathSequence, Vec<usize>)>,
    /// The path mode of its pattern part.
    mode: ast::PathMode,
    done: bool,
}

impl Hop {
    /// The slots of the lists a quantified path pattern binds for its variables.
    fn list_slots(&self) -> Vec<usize> {
        let mut slots = Vec::new();
        if let Some((_, left, right)) = &self.group {
            slots.extend(left.iter().chain(right.iter()));
        }
        if let Some(r) = &self.repeat {
            slots.extend(r.lists.iter().map(|&(_, slot)| slot));
        }
        if let Some((_, binds)) = &self.sequence {
            slots.extend(binds.iter().copied());
        }
        slots
    }
}

/// A quantified path pattern of k relationships in the pattern's order: relationship i is
/// local i, node j (0 to k) local k + j. Each test reads only its own element's local.
struct RepeatPlan {
    rel_types: Vec<Vec<Sym>>,
    rel_dirs: Vec<ast::Direction>,
    rel_tests: Vec<Option<Ex>>,
    node_tests: Vec<Option<Ex>>,
    filter: Option<Ex>,
    lists: Vec<(usize, usize)>,
    text: String,
}

struct PartEl {
    start: usize,
    hops: Vec<usize>,
    path_slot: Option<usize>,
}

#[derive(Clone, Copy)]
enum NameKind {
    Label,
    Type,
    Key,
}

struct Conjunct {
    expr: ConjunctExpr,
    vars: Vec<usize>,
    done: bool,
}

enum ConjunctExpr {
    Ast(ast::Expr),
    Compiled(Ex),
}

/// A cost or a count as a key that sorts (none is NaN).
#[derive(Clone, Copy, Debug)]
struct Cost(f64);

impl PartialEq for Cost {
    fn eq(&self, other: &Cost) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Cost {}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Cost) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cost {
    fn cmp(&self, other: &Cost) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The slots bound so far while a pattern is planned: those below `before`, bound before the
/// pattern, then the pattern's own in the order they were bound.
struct Bound {
    before: usize,
    /// Whether each slot from `before` on is bound.
    has: Vec<bool>,
    order: Vec<usize>,
}

impl Bound {
    fn new(before: usize) -> Bound {
        Bound {
            before,
            has: Vec::new(),
            order: Vec::new(),
        }
    }

    fn contains(&self, slot: usize) -> bool {
        slot < self.before || self.has.get(slot - self.before).copied().unwrap_or(false)
    }

    fn push(&mut self, slot: usize) {
        if self.contains(slot) {
            return;
        }
        let i = slot - self.before;
        if i >= self.has.len() {
            self.has.resize(i + 1, false);
        }
        self.has[i] = true;
        self.order.push(slot);
    }

    /// The slots bound during the pattern, in order.
    fn new_slots(&self) -> &[usize] {
        &self.order
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.before).chain(self.order.iter().copied())
    }
}

/// The hops that can be expanded next, by index, kept up to date as nodes are bound: those
/// with both ends bound (which only filter), and those with an end bound (both ends, for a
/// shortest path). The next hop is the first of the former, else the first of the latter.
struct ReadyHops {
    both: BTreeSet<usize>,
    either: BTreeSet<usize>,
    /// The hops at each node slot.
    at: HashMap<usize, Vec<usize>>,
}

impl ReadyHops {
    fn new(hops: &[Hop], bound: &Bound) -> ReadyHops {
        let mut ready = ReadyHops {
            both: BTreeSet::new(),
            either: BTreeSet::new(),
            at: HashMap::new(),
        };
        for (i, h) in hops.iter().enumerate() {
            ready.at.entry(h.left).or_default().push(i);
            if h.right != h.left {
                ready.at.entry(h.right).or_default().push(i);
            }
            Self::refresh(&mut ready.both, &mut ready.either, i, hops, bound);
        }
        ready
    }

    fn refresh(
        both: &mut BTreeSet<usize>,
        either: &mut BTreeSet<usize>,
        i: usize,
        hops: &[Hop],
        bound: &Bound,
    ) {
        let h = &hops[i];
        let (left, right) = (bound.contains(h.left), bound.contains(h.right));
        let ready = !h.done
            && match h.shortest {
                Some(_) => left && right,
                None => left || right,
            };
        let set = |set: &mut BTreeSet<usize>, on: bool| {
            if on {
                set.insert(i);
            } else {
                set.remove(&i);
            }
        };
        set(both, ready && left && right);
        set(either, ready);
    }

    /// `slot` was just bound.
    fn bound(&mut self, slot: usize, hops: &[Hop], bound: &Bound) {
        if let Some(at) = self.at.get(&slot) {
            for &i in at {
                Self::refresh(&mut self.both, &mut self.either, i, hops, bound);
            }
        }
    }

    fn done(&mut self, i: usize) {
        self.both.remove(&i);
        self.either.remove(&i);
    }

    fn first(&self) -> Option<usize> {
        self.both.first().or(self.either.first()).copied()
    }
}

/// The named paths not bound yet, by part, and how many hops each still waits for.
struct PendingPaths {
    waiting: Vec<usize>,
    hops_left: Vec<usize>,
    /// The part of each hop, and its relationship slot.
    part_of: Vec<usize>,
    rel_slots: Vec<usize>,
}

impl PendingPaths {
    fn new(parts: &[PartEl], hops: &[Hop]) -> PendingPaths {
        let mut part_of = vec![0; hops.len()];
        for (pi, p) in parts.iter().enumerate() {
            for &h in &p.hops {
                part_of[h] = pi;
            }
        }
        PendingPaths {
            waiting: (0..parts.len())
                .filter(|&pi| parts[pi].path_slot.is_some())
                .collect(),
            hops_left: parts
                .iter()
                .map(|p| p.hops.iter().filter(|&&h| !hops[h].done).count())
                .collect(),
            part_of,
            rel_slots: hops.iter().map(|h| h.rel_slot).collect(),
        }
    }

    fn hop_done(&mut self, hop: usize) {
        let part = self.part_of[hop];
        self.hops_left[part] -= 1;
    }
}

/// The relationships a pattern has matched so far, which each later hop must differ from:
/// single relationships and relationship lists, each hop's as prefixes of two lists completed
/// when the whole pattern is planned (`finish`).
#[derive(Default)]
struct MatchedRels {
    singles: Vec<usize>,
    lists: Vec<usize>,
    all_singles: Arc<OnceLock<Vec<usize>>>,
    all_lists: Arc<OnceLock<Vec<usize>>>,
}

impl MatchedRels {
    fn push(&mut self, slot: usize, is_list: bool) {
        if is_list {
            self.lists.push(slot);
        } else {
            self.singles.push(slot);
        }
    }

    /// The single relationships matched so far.
    fn singles(&self) -> SlotList {
        SlotList::prefix(&self.all_singles, self.singles.len())
    }

    /// The relationship lists matched so far.
    fn lists(&self) -> SlotList {
        SlotList::prefix(&self.all_lists, self.lists.len())
    }

    fn finish(self) {
        // Set once, here: nothing else sets them.
        let _ = self.all_singles.set(self.singles);
        let _ = self.all_lists.set(self.lists);
    }
}

/// The WHERE conjuncts not applied yet: for each, how many of the slots it reads are not
/// bound yet; the conjuncts waiting for each slot; and those whose slots are all bound, to be
/// applied in order. Slots are counted as `Bound` lists them (`seen` so far).
struct PendingConjuncts {
    missing: Vec<usize>,
    waiting: HashMap<usize, Vec<usize>>,
    ready: BTreeSet<usize>,
    seen: usize,
    before_done: bool,
}

impl PendingConjuncts {
    fn new(conjuncts: &[Conjunct]) -> PendingConjuncts {
        let mut pending = PendingConjuncts {
            missing: vec![0; conjuncts.len()],
            waiting: HashMap::new(),
            ready: BTreeSet::new(),
            seen: 0,
            before_done: false,
        };
        for (i, c) in conjuncts.iter().enumerate() {
            if c.done {
                continue;
            }
            let vars: HashSet<usize> = c.vars.iter().copied().collect();
            pending.missing[i] = vars.len();
            for v in vars {
                pending.waiting.entry(v).or_default().push(i);
            }
            if pending.missing[i] == 0 {
                pending.ready.insert(i);
            }
        }
        pending
    }

    /// Count the slots bound since the last call.
    fn update(&mut self, bound: &Bound) {
        let newly = |slot: usize, this: &mut PendingConjuncts| {
            if let Some(list) = this.waiting.remove(&slot) {
                for c in list {
                    this.missing[c] -= 1;
                    if this.missing[c] == 0 {
                        this.ready.insert(c);
                    }
                }
            }
        };
        if !self.before_done {
            self.before_done = true;
            // Slots bound before the pattern: only those some conjunct reads.
            let before: Vec<usize> = self
                .waiting
                .keys()
                .copied()
                .filter(|&s| s < bound.before)
                .collect();
            for s in before {
                newly(s, self);
            }
        }
        let new = bound.new_slots();
        while self.seen < new.len() {
            let s = new[self.seen];
            self.seen += 1;
            newly(s, self);
        }
    }
}

/// A node's scan, and what it guarantees of the node: the place of the property (in its
/// `props`) and of the label expression (in its `label_exprs`) it finds the nodes by.
type Scan = (ScanSource, Option<usize>, Option<usize>);

/// The hops that could start from a scan (or seek) of their relationships: the cost of each,
/// cheapest first, then in pattern order; the relationships per node its type has (what
/// starting from a node expands along); and the seek of each hop that has one, taken when it
/// is used.
struct RelScans {
    order: BTreeSet<(Cost, usize)>,
    per_node: Vec<f64>,
    seeks: Vec<Option<ScanSource>>,
}

/// A range seek's key and its bounds (lower, upper), or a prefix seek's key and prefix.
type RangeSeek = (
    Sym,
    Option<(Option<SeekBound>, Option<SeekBound>)>,
    Option<Ex>,
);

/// The keys of the range and prefix conjuncts that `declared` says an index is on, each once,
/// in the order they come.
fn seek_keys(ranges: &[RangePred], declared: impl Fn(Sym) -> bool) -> Vec<Sym> {
    let mut keys: Vec<Sym> = Vec::new();
    for r in ranges
        .iter()
        .filter(|r| !matches!(r.side, Side::Equal | Side::AnyOf) && declared(r.key))
    {
        if !keys.contains(&r.key) {
            keys.push(r.key);
        }
    }
    keys
}

/// The share of a node's scanned rows its own checks keep, estimated: for a scan of its
/// labels (or of every node), each property of its pattern's map (or equality of WHERE) and
/// the conjuncts of WHERE that read it alone (`NodeEl::kept`); a seek's cost already counts
/// what it narrows to, so its rows are all kept.
fn kept_share(n: &NodeEl, source: &ScanSource) -> f64 {
    if !matches!(
        source,
        ScanSource::All | ScanSource::Label(_) | ScanSource::Labels(_)
    ) {
        return 1.0;
    }
    super::estimate::EQUALITY.powi(n.props.len().min(8) as i32) * n.kept
}

/// How to scan each node that was unbound when the first scan was chosen: the cost of each
/// (cheapest first, then in pattern order) and its scan, taken when it is used.
struct NodeScans {
    order: BTreeSet<(Cost, usize)>,
    sources: Vec<Option<Scan>>,
    /// The share of its scanned rows each node's own checks keep (see `kept_share`).
    kept: Vec<f64>,
}

impl NodeScans {
    /// The cheapest node not bound yet, by index in `nodes`, and its cost.
    fn best(&mut self, nodes: &[NodeEl], bound: &Bound) -> Option<(usize, f64)> {
        while let Some(&(Cost(cost), i)) = self.order.first() {
            if bound.contains(nodes[i].slot) || self.sources[i].is_none() {
                self.order.pop_first();
                continue;
            }
            return Some((i, cost));
        }
        None
    }

    /// The rows of node `i`'s scan of cost `cost` that its own checks keep.
    fn kept(&self, i: usize, cost: f64) -> f64 {
        cost * self.kept[i]
    }

    fn take(&mut self, i: usize) -> Scan {
        self.sources[i]
            .take()
            .expect("a node is scanned once, after its scan was chosen")
    }
}

impl Planner<'_> {
    pub(super) fn plan_match(
        &mut self,
        input: Op,
        scope: &mut Scope,
        m: &ast::Match,
    ) -> Result<Op> {
        if !m.optional {
            return self.plan_pattern(input, scope, &m.pattern, m.where_.as_ref(), true);
        }
        let before = scope.width;
        let inner = self.plan_pattern(Op::Input, scope, &m.pattern, m.where_.as_ref(), true)?;
        let nulls = (before..scope.width).collect();
        Ok(Op::Optional {
            input: Box::new(input),
            inner: Box::new(inner),
            nulls,
        })
    }

    /// A pattern used as a predicate: a plan over a copy of the current row.
    pub(super) fn plan_pattern_predicate(
        &mut self,
        scope: &Scope,
        part: &ast::PatternPart,
    ) -> Result<Op> {
        let mut names = Vec::new();
        super::expr::pattern_vars(part, &mut names);
        for n in &names {
            if scope.lookup(n).is_none() {
                return Err(Error::semantic(
                    part.span,
                    format!("a pattern predicate cannot introduce a new variable (`{n}`)"),
                )
                .with_help("use MATCH to bind new variables"));
            }
        }
        let mut inner_scope = scope.clone();
        self.plan_pattern(
            Op::Input,
            &mut inner_scope,
            std::slice::from_ref(part),
            None,
            false,
        )
    }

    /// `EXISTS { MATCH pattern WHERE ... }` and `COUNT { ... }`: the pattern's plan over the
    /// row it is evaluated on, with the variables bound outside; it may bind new ones.
    pub(super) fn plan_subquery(
        &mut self,
        scope: &Scope,
        parts: &[ast::PatternPart],
        where_: Option<&ast::Expr>,
    ) -> Result<(Box<Op>, Scope)> {
        let mut inner_scope = scope.clone();
        let op = Box::new(self.plan_pattern(Op::Input, &mut inner_scope, parts, where_, false)?);
        // Its own variables take slots past the outer ones, which later outer variables may
        // take too: EXPLAIN names them from here.
        let at = &*op as *const Op as usize;
        self.subquery_names
            .push((at, vec![inner_scope.slot_names()]));
        Ok((op, inner_scope))
    }

    /// A quantified path pattern's inside: its predicate over the relationship and the nodes
    /// beside it (locals 0, 1, 2: their labels, properties and WHERE), and list slots for its
    /// node variables. The WHERE may read the variables bound before the pattern.
    fn plan_path_group(
        &mut self,
        scope: &mut Scope,
        rp: &ast::RelPattern,
        g: &ast::PathGroup,
        before: usize,
    ) -> Result<(Option<Ex>, Option<usize>, Option<usize>)> {
        // Names no variable can have stand for anonymous elements.
        let name = |v: &Option<ast::Ident>, anon: &str| {
            v.as_ref().map_or(anon.to_string(), |v| v.name.clone())
        };
        let locals = vec![
            name(&rp.var, " r"),
            name(&g.left.var, " a"),
            name(&g.right.var, " b"),
        ];
        check_group_where(g, &locals, scope, before)?;
        let mut conjuncts: Vec<Ex> = Vec::new();
        for (node, local) in [(&g.left, 1), (&g.right, 2)] {
            let mut tests: Vec<Ex> = Vec::new();
            if let Some(le) = &node.labels {
                for l in le.names() {
                    self.check_name(l, NameKind::Label);
                }
                let test = self.label_expr(le);
                tests.push(Ex::Labels(Box::new(Ex::Local(local)), test));
            }
            for (k, e) in self.pattern_props(&node.props)? {
                let v = self.compile_with_locals(&e, scope, locals.clone())?;
                tests.push(prop_equals(Ex::Local(local), k, v));
            }
            // Described as the node pattern was written.
            if let Some(test) = tests
                .into_iter()
                .reduce(|a, b| Ex::And(Box::new(a), Box::new(b)))
            {
                conjuncts.push(Ex::Spanned(Box::new(test), node.span));
            }
        }
        if let Some(w) = &g.where_ {
            conjuncts.push(self.compile_with_locals(w, scope, locals.clone())?);
        }
        let filter = conjuncts
            .into_iter()
            .reduce(|a, b| Ex::And(Box::new(a), Box::new(b)));
        let mut list = |node: &ast::NodePattern| -> Result<Option<usize>> {
            let Some(v) = &node.var else { return Ok(None) };
            if scope.lookup(&v.name).is_some() || Some(&v.name) == rp.var.as_ref().map(|r| &r.name)
            {
                return Err(Error::semantic(
                    v.span,
                    format!("variable `{}` already declared", v.name),
                )
                .with_help("a quantified path pattern's variables are new: outside it each is the list of its values, one per repetition"));
            }
            Ok(Some(scope.bind(&v.name, VarKind::Any)))
        };
        let left = list(&g.left)?;
        let right = list(&g.right)?;
        Ok((filter, left, right))
    }

    /// A quantified path pattern of several relationships: the types, directions and tests
    /// of its elements, its WHERE (with any element test that reads another element), and
    /// list slots for its named variables. The WHERE may read the variables bound before the
    /// pattern.
    fn plan_repeat(
        &mut self,
        scope: &mut Scope,
        rp: &ast::RelPattern,
        g: &ast::PathGroup,
        before: usize,
    ) -> Result<RepeatPlan> {
        let k = g.steps.len();
        let nodes: Vec<&ast::NodePattern> = std::iter::once(&g.left)
            .chain(g.steps.iter().map(|(_, n)| n))
            .collect();
        let rels: Vec<&ast::RelPattern> = g.steps.iter().map(|(r, _)| r).collect();
        // Names no variable can have stand for anonymous elements.
        let mut locals: Vec<String> = Vec::with_capacity(2 * k + 1);
        let mut named: Vec<(usize, &ast::Ident, bool)> = Vec::new();
        // A node named again within the group is the node its first mention is: its place
        // gets a local of its own, equal to the first (`(a)-->(b)-->(a)` in each repetition).
        let mut same_node: Vec<(usize, usize, Span)> = Vec::new();
        for (i, r) in rels.iter().enumerate() {
            if let Some(v) = &r.var {
                if named.iter().any(|(_, w, _)| w.name == v.name) {
                    return Err(Error::semantic(
                        v.span,
                        format!(
                            "relationship variable `{}` named twice inside a quantified path pattern",
                            v.name
                        ),
                    )
                    .with_help("a relationship is met once in a path: name each relationship once"));
                }
            }
            locals.push(r.var.as_ref().map_or(format!(" r{i}"), |v| v.name.clone()));
            named.extend(r.var.as_ref().map(|v| (i, v, true)));
        }
        for (j, n) in nodes.iter().enumerate() {
            let earlier = n.var.as_ref().and_then(|v| {
                named
                    .iter()
                    .find(|(_, w, _)| w.name == v.name)
                    .map(|&(at, _, is_rel)| (at, is_rel, v))
            });
            match earlier {
                Some((_, true, v)) => {
                    return Err(Error::semantic(
                        v.span,
                        format!("`{}` names a relationship of this group and a node", v.name),
                    ))
                }
                Some((first, false, v)) => {
                    locals.push(format!(" n{j}"));
                    same_node.push((first, k + j, v.span));
                }
                None => {
                    locals.push(n.var.as_ref().map_or(format!(" n{j}"), |v| v.name.clone()));
                    named.extend(n.var.as_ref().map(|v| (k + j, v, false)));
                }
            }
        }
        let own_locals: Vec<String> = locals.clone();
        // An expression reads another element of the group than `own`.
        let reads_other = |e: &ast::Expr, own: usize| {
            let mut reads = Vec::new();
            free_vars(e, &mut reads);
            reads.iter().any(|n| {
                own_locals
                    .iter()
                    .enumerate()
                    .any(|(i, l)| i != own && l == n)
            })
        };
        check_group_where(g, &locals, scope, before)?;
        let and = |a: Option<Ex>, b: Ex| match a {
            None => Some(b),
            Some(a) => Some(Ex::And(Box::new(a), Box::new(b))),
        };
        let mut filter: Option<Ex> = None;
        let mut node_tests = Vec::with_capacity(k + 1);
        for (j, node) in nodes.iter().enumerate() {
            let local = k + j;
            let mut test: Option<Ex> = None;
            if let Some(le) = &node.labels {
                for l in le.names() {
                    self.check_name(l, NameKind::Label);
                }
                let labels = self.label_expr(le);
                test = and(test, Ex::Labels(Box::new(Ex::Local(local)), labels));
            }
            for (key, e) in self.pattern_props(&node.props)? {
                let v = self.compile_with_locals(&e, scope, locals.clone())?;
                let check = prop_equals(Ex::Local(local), key, v);
                if reads_other(&e, local) {
                    filter = and(filter, Ex::Spanned(Box::new(check), node.span));
                } else {
                    test = and(test, check);
                }
            }
            // Described as the node pattern was written.
            node_tests.push(test.map(|t| Ex::Spanned(Box::new(t), node.span)));
        }
        let (mut rel_types, mut rel_dirs, mut rel_tests) = (Vec::new(), Vec::new(), Vec::new());
        for (i, r) in rels.iter().enumerate() {
            let mut test: Option<Ex> = None;
            let types = match &r.types {
                None => Vec::new(),
                Some(te) => {
                    for t in te.names() {
                        self.check_name(t, NameKind::Type);
                    }
                    match te.alternatives() {
                        Some(names) => names.iter().map(|t| self.graph.intern(&t.name)).collect(),
                        None => {
                            let (types, rest) = type_set(self.label_expr(te));
                            if let Some(rest) = rest {
                                test = and(test, Ex::Labels(Box::new(Ex::Local(i)), rest));
                            }
                            types
                        }
                    }
                }
            };
            for (key, e) in self.pattern_props(&r.props)? {
                let v = self.compile_with_locals(&e, scope, locals.clone())?;
                let check = prop_equals(Ex::Local(i), key, v);
                if reads_other(&e, i) {
                    filter = and(filter, check);
                } else {
                    test = and(test, check);
                }
            }
            rel_types.push(distinct_types(&types));
            rel_dirs.push(r.direction);
            rel_tests.push(test);
        }
        for &(first, again, span) in &same_node {
            let same = Ex::Binary(
                BinaryOp::Eq,
                Box::new(Ex::Local(first)),
                Box::new(Ex::Local(again)),
            );
            filter = and(filter, Ex::Spanned(Box::new(same), span));
        }
        if let Some(w) = &g.where_ {
            let w = self.compile_with_locals(w, scope, locals.clone())?;
            filter = and(filter, w);
        }
        let mut lists = Vec::new();
        for &(local, v, is_rel) in &named {
            if scope.lookup(&v.name).is_some() {
                return Err(Error::semantic(
                    v.span,
                    format!("variable `{}` already declared", v.name),
                )
                .with_help("a quantified path pattern's variables are new: outside it each is the list of its values, one per repetition"));
            }
            let kind = if is_rel {
                VarKind::RelList
            } else {
                VarKind::Any
            };
            lists.push((local, scope.bind(&v.name, kind)));
        }
        let text = self
            .text(rp.span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Ok(RepeatPlan {
            rel_types,
            rel_dirs,
            rel_tests,
            node_tests,
            filter,
            lists,
            text,
        })
    }

    /// A pattern part a path selector searches as a whole (`SHORTEST 1 (x)-[:R]->(m)
    /// ((a)-[:S]->(b))+ (y)`, or fixed hops alone): each fixed hop a segment taken once, its
    /// named elements single values, and the quantified part (at most one) a segment repeated
    /// as its quantifier says, its variables lists. The nodes between the parts are tested
    /// where the path enters the part after them; the ends (`ends`, declared by the caller)
    /// are the plan's to scan and test. Returns the sequence and the slots it binds.
    fn plan_sequence(
        &mut self,
        scope: &mut Scope,
        part: &ast::PatternPart,
        ends: (usize, usize),
        before: usize,
        rel_names: &mut HashSet<String>,
    ) -> Result<(crate::ir::PathSequence, Vec<usize>)> {
        let n = part.chain.len();
        // The node pattern before chain element t (t = 0: the start).
        let joint = |t: usize| -> &ast::NodePattern {
            if t == 0 {
                &part.start
            } else {
                &part.chain[t - 1].1
            }
        };
        // Every name inside the pattern but its ends: no test met during the search may read
        // one but its own hop's (it is bound only once a path is chosen).
        let mut inner_names: HashSet<String> = HashSet::new();
        for (t, (rp, np)) in part.chain.iter().enumerate() {
            if t + 1 < n {
                inner_names.extend(np.var.as_ref().map(|v| v.name.clone()));
            }
            inner_names.extend(rp.var.as_ref().map(|v| v.name.clone()));
            if let Some(g) = &rp.group {
                let group_nodes = std::iter::once(&g.left)
                    .chain(std::iter::once(&g.right))
                    .chain(g.steps.iter().map(|(_, n)| n));
                inner_names
                    .extend(group_nodes.filter_map(|n| n.var.as_ref().map(|v| v.name.clone())));
                inner_names.extend(
                    g.steps
                        .iter()
                        .filter_map(|(r, _)| r.var.as_ref().map(|v| v.name.clone())),
                );
            }
        }
        let reads_inner = |e: &ast::Expr, own: &[String]| -> Option<String> {
            let mut reads = Vec::new();
            free_vars(e, &mut reads);
            reads
                .into_iter()
                .find(|r| inner_names.contains(r) && !own.contains(r))
        };
        let refuse_read = |name: String, span: Span| {
            Error::unsupported(
                span,
                &format!("a property map inside a path selector's pattern reading `{name}`, another element of the pattern"),
            )
            .with_help("compare them in the MATCH's WHERE, which filters the paths the selector chose, or inside a quantified path pattern's WHERE")
        };
        // The nodes between the parts: their slots (a new variable bound from the path, or
        // one bound before the search, which the node must equal) and their tests over local 0.
        let mut joint_slot: Vec<Option<(usize, bool)>> = vec![None; n + 1];
        let mut joint_test: Vec<Option<Ex>> = vec![None; n + 1];
        for t in 1..n {
            let np = joint(t);
            let name = np.var.as_ref().map_or(" n".to_string(), |v| v.name.clone());
            let mut test: Option<Ex> = None;
            let and = |a: Option<Ex>, b: Ex| match a {
                None => Some(b),
                Some(a) => Some(Ex::And(Box::new(a), Box::new(b))),
            };
            if let Some(v) = &np.var {
                match scope.lookup(&v.name) {
                    Some(info) => {
                        if !matches!(info.kind, VarKind::Node | VarKind::Any) {
                            return Err(Error::semantic(
                                v.span,
                                format!("`{}` is a {}, not a node", v.name, info.kind.name()),
                            ));
                        }
                        if info.slot >= before && info.slot != ends.0 && info.slot != ends.1 {
                            return Err(Error::unsupported(
                                v.span,
                                &format!(
                                    "a node `{}` named twice inside a path selector's pattern",
                                    v.name
                                ),
                            )
                            .with_help(
                                "name it once, and compare the nodes in the MATCH's WHERE",
                            ));
                        }
                        let same = Ex::Binary(
                            BinaryOp::Eq,
                            Box::new(Ex::Local(0)),
                            Box::new(Ex::Slot(info.slot)),
                        );
                        test = and(test, same);
                        joint_slot[t] = Some((info.slot, false));
                    }
                    None => joint_slot[t] = Some((scope.bind(&v.name, VarKind::Node), true)),
                }
            }
            if let Some(le) = &np.labels {
                for l in le.names() {
                    self.check_name(l, NameKind::Label);
                }
                let labels = self.label_expr(le);
                test = and(test, Ex::Labels(Box::new(Ex::Local(0)), labels));
            }
            for (key, e) in self.pattern_props(&np.props)? {
                if let Some(other) = reads_inner(&e, std::slice::from_ref(&name)) {
                    return Err(refuse_read(other, e.span));
                }
                let v = self.compile_with_locals(&e, scope, vec![name.clone()])?;
                test = and(test, prop_equals(Ex::Local(0), key, v));
            }
            joint_test[t] = test.map(|t| Ex::Spanned(Box::new(t), np.span));
        }
        // Whether each node between the parts is bound yet by a segment.
        let mut joint_bound = vec![false; n + 1];
        let mut binds: Vec<usize> = Vec::new();
        let mut segments = Vec::with_capacity(n);
        let dir = |d: ast::Direction| match d {
            ast::Direction::Both => Dir::Both,
            ast::Direction::Outgoing => Dir::Out,
            ast::Direction::Incoming => Dir::In,
        };
        for (t, (rp, _)) in part.chain.iter().enumerate() {
            let entry = joint_test[t].take();
            // The relationship's types, and a test of what they do not say.
            let types_of = |planner: &mut Self, rp: &ast::RelPattern| -> (Vec<Sym>, Option<Ex>) {
                match &rp.types {
                    None => (Vec::new(), None),
                    Some(te) => {
                        for ty in te.names() {
                            planner.check_name(ty, NameKind::Type);
                        }
                        match te.alternatives() {
                            Some(names) => (
                                names
                                    .iter()
                                    .map(|ty| planner.graph.intern(&ty.name))
                                    .collect(),
                                None,
                            ),
                            None => {
                                let (types, rest) = type_set(planner.label_expr(te));
                                let test = rest.map(|r| Ex::Labels(Box::new(Ex::Local(0)), r));
                                (types, test)
                            }
                        }
                    }
                }
            };
            let rel_var = |scope: &mut Scope,
                           rel_names: &mut HashSet<String>,
                           kind: VarKind|
             -> Result<Option<usize>> {
                let Some(v) = &rp.var else { return Ok(None) };
                if !rel_names.insert(v.name.clone()) {
                    return Err(Error::semantic(
                        v.span,
                        format!(
                            "relationship variable `{}` is used twice in one pattern",
                            v.name
                        ),
                    ));
                }
                if scope.lookup(&v.name).is_some() {
                    return Err(Error::unsupported(
                        v.span,
                        &format!(
                            "a relationship variable `{}` bound before a path selector's pattern",
                            v.name
                        ),
                    )
                    .with_help(
                        "give the relationship a new name and compare the two in the MATCH's WHERE",
                    ));
                }
                Ok(Some(scope.bind(&v.name, kind)))
            };
            let and = |a: Option<Ex>, b: Ex| match a {
                None => Some(b),
                Some(a) => Some(Ex::And(Box::new(a), Box::new(b))),
            };
            let segment = match (&rp.group, rp.length) {
                // A quantified path pattern of several relationships.
                (Some(g), length) if !g.steps.is_empty() => {
                    let (min, max) =
                        length.map_or((1, 1), |(a, b)| (a.unwrap_or(1), b.unwrap_or(u64::MAX)));
                    let r = self.plan_repeat(scope, rp, g, before)?;
                    binds.extend(r.lists.iter().map(|&(_, slot)| slot));
                    crate::ir::Segment {
                        entry,
                        repeat: repetition_from_left(&r),
                        min,
                        max,
                        single: false,
                    }
                }
                // A fixed hop.
                (None, None) => {
                    let rel_slot = rel_var(scope, rel_names, VarKind::Rel)?;
                    let name = |v: &Option<ast::Ident>, anon: &str| {
                        v.as_ref().map_or(anon.to_string(), |v| v.name.clone())
                    };
                    let locals = vec![
                        name(&rp.var, " r"),
                        name(&joint(t).var, " a"),
                        name(&part.chain[t].1.var, " b"),
                    ];
                    let (types, mut test) = types_of(self, rp);
                    let mut filter: Option<Ex> = None;
                    for (key, e) in self.pattern_props(&rp.props)? {
                        if let Some(other) = reads_inner(&e, &locals) {
                            return Err(refuse_read(other, e.span));
                        }
                        let v = self.compile_with_locals(&e, scope, locals.clone())?;
                        let check = prop_equals(Ex::Local(0), key, v);
                        let mut reads = Vec::new();
                        free_vars(&e, &mut reads);
                        if reads.iter().any(|r| locals[1..].contains(r)) {
                            filter = and(filter, check);
                        } else {
                            test = and(test, check);
                        }
                    }
                    let mut lists = Vec::new();
                    lists.extend(rel_slot.map(|s| (0, s)));
                    if t > 0 && !joint_bound[t] {
                        if let Some((slot, true)) = joint_slot[t] {
                            lists.push((1, slot));
                            joint_bound[t] = true;
                        }
                    }
                    if t + 1 < n {
                        if let Some((slot, true)) = joint_slot[t + 1] {
                            lists.push((2, slot));
                            joint_bound[t + 1] = true;
                        }
                    }
                    binds.extend(lists.iter().map(|&(_, s)| s));
                    crate::ir::Segment {
                        entry,
                        repeat: crate::ir::Repetition {
                            first: (1, None),
                            steps: vec![crate::ir::RepeatStep {
                                types: distinct_types(&types),
                                dir: dir(rp.direction),
                                rel: (0, test),
                                node: (2, None),
                            }],
                            filter,
                            lists,
                            text: String::new(),
                        },
                        min: 1,
                        max: 1,
                        single: true,
                    }
                }
                // A quantified relationship, or a quantified path pattern of one.
                (group, length) => {
                    let (min, max) =
                        length.map_or((1, 1), |(a, b)| (a.unwrap_or(1), b.unwrap_or(u64::MAX)));
                    let (filter, left, right) = match group {
                        Some(g) => self.plan_path_group(scope, rp, g, before)?,
                        None => (None, None, None),
                    };
                    let rel_slot = rel_var(scope, rel_names, VarKind::RelList)?;
                    let (types, mut test) = types_of(self, rp);
                    for (key, e) in self.pattern_props(&rp.props)? {
                        if let Some(other) = reads_inner(&e, &[]) {
                            return Err(refuse_read(other, e.span));
                        }
                        let v = self.compile(&e, scope, "in a pattern's properties")?;
                        test = and(test, prop_equals(Ex::Local(0), key, v));
                    }
                    let lists: Vec<(usize, usize)> = [(0, rel_slot), (1, left), (2, right)]
                        .into_iter()
                        .filter_map(|(local, slot)| slot.map(|s| (local, s)))
                        .collect();
                    binds.extend(lists.iter().map(|&(_, s)| s));
                    crate::ir::Segment {
                        entry,
                        repeat: crate::ir::Repetition {
                            first: (1, None),
                            steps: vec![crate::ir::RepeatStep {
                                types: distinct_types(&types),
                                dir: dir(rp.direction),
                                rel: (0, test),
                                node: (2, None),
                            }],
                            filter,
                            lists,
                            text: String::new(),
                        },
                        min,
                        max,
                        single: false,
                    }
                }
            };
            segments.push(segment);
        }
        // The nodes between two quantified parts are bound from the path chosen.
        let mut joints = Vec::new();
        for t in 1..n {
            if let (Some((slot, true)), false) = (joint_slot[t], joint_bound[t]) {
                joints.push((t, slot));
                binds.push(slot);
            }
        }
        let last = part.chain.last().map_or(part.start.span, |(_, np)| np.span);
        let text = self
            .text(Span::new(part.start.span.start, last.end))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Ok((
            crate::ir::PathSequence {
                segments,
                joints,
                text,
            },
            binds,
        ))
    }

    fn compile_with_locals(
        &mut self,
        e: &ast::Expr,
        scope: &Scope,
        locals: Vec<String>,
    ) -> Result<Ex> {
        super::expr::ExprCompiler {
            planner: self,
            scope,
            locals,
            agg: super::expr::AggMode::Forbidden("inside a quantified path pattern"),
        }
        .compile(e)
    }

    fn warn_unknown(&mut self, name: &ast::Ident, what: &str, known: Vec<String>) {
        let mut help = suggest(&name.name, known.iter().map(|s| s.as_str()))
            .map(|s| format!("did you mean `{s}`?"));
        if help.is_none() && !known.is_empty() && known.len() <= 8 {
            help = Some(format!("known {what}s: {}", known.join(", ")));
        }
        self.warnings.push(Warning {
            message: format!("no {what} `{}` in the graph", name.name),
            span: name.span,
            help,
        });
    }

    /// Warn when a label, type or key of a pattern names nothing in the graph.
    fn check_name(&mut self, name: &ast::Ident, kind: NameKind) {
        let g = self.graph;
        let count = |s| match kind {
            NameKind::Label => g.label_count(s),
            NameKind::Type => g.type_count(s),
            NameKind::Key => g.key_count(s),
        };
        let exists = g.sym(&name.name).is_some_and(|s| count(s) > 0);
        if exists || g.node_count() == 0 || self.written.contains(&name.name) {
            return;
        }
        let (known, what) = match kind {
            NameKind::Label => (g.labels(), "label"),
            NameKind::Type => (g.rel_types(), "relationship type"),
            NameKind::Key => (g.property_keys(), "property key"),
        };
        let known = known.into_iter().map(|(n, _)| n.to_string()).collect();
        self.warn_unknown(name, what, known);
    }

    /// `n.key` on a node or relationship variable: warn only when the key is unused and close
    /// to one in use (a missing property is often intended).
    pub(super) fn check_property_access(&mut self, key: &ast::Ident) {
        let used = self
            .graph
            .sym(&key.name)
            .is_some_and(|k| self.graph.key_count(k) > 0);
        if used
            || self.graph.node_count() == 0
            || self.written.contains(&key.name)
            || self.warnings.iter().any(|w| w.span == key.span)
        {
            return;
        }
        let keys = self.graph.property_keys();
        if let Some(s) = suggest(&key.name, keys.iter().map(|(n, _)| *n)) {
            let help = Some(format!("did you mean `{s}`?"));
            self.warnings.push(Warning {
                message: format!("no property key `{}` in the graph", key.name),
                span: key.span,
                help,
            });
        }
    }

    /// The property map of a pattern element as (key, expression) pairs. A parameter map is
    /// expanded into literal entries.
    fn pattern_props(&mut self, props: &Option<ast::Expr>) -> Result<Vec<(Sym, ast::Expr)>> {
        let Some(p) = props else { return Ok(vec![]) };
        match &p.kind {
            ExprKind::Map(items) => {
                let mut out = Vec::new();
                for (k, e) in items {
                    self.check_name(k, NameKind::Key);
                    out.push((self.graph.intern(&k.name), e.clone()));
                }
                Ok(out)
            }
            ExprKind::Parameter(name) => match self.param(name, p.span)? {
                Value::Map(m) => Ok(m
                    .into_iter()
                    .map(|(k, v)| {
                        let e = value_expr(v, p.span);
                        (self.graph.intern(&k), e)
                    })
                    .collect()),
                other => Err(Error::type_error(format!(
                    "a pattern's properties must be a map, got {}",
                    other.type_name()
                ))
                .or_span(p.span)),
            },
            _ => Err(Error::semantic(
                p.span,
                "a pattern's properties must be a map literal or a parameter",
            )),
        }
    }

    /// Plan the parts of a pattern on `input`, binding new variables in `scope`.
    pub(super) fn plan_pattern(
        &mut self,
        input: Op,
        scope: &mut Scope,
        parts: &[ast::PatternPart],
        where_: Option<&ast::Expr>,
        warn: bool,
    ) -> Result<Op> {
        // The slots bound before the pattern are those below `before`.
        let before = scope.width;
        let mut nodes: Vec<NodeEl> = Vec::new();
        // The index in `nodes` of each node slot.
        let mut node_at: HashMap<usize, usize> = HashMap::new();
        let mut hops: Vec<Hop> = Vec::new();
        let mut part_els: Vec<PartEl> = Vec::new();
        let mut rel_names: HashSet<String> = HashSet::new();
        // The path-mode checks of parts with ACYCLIC or SIMPLE, on their path's slot.
        let mut mode_checks: Vec<(Ex, usize)> = Vec::new();

        // Declare every element: reuse slots of bound variables, give new ones slots.
        for part in parts {
            let start =
                self.declare_node(scope, &part.start, &mut nodes, &mut node_at, before, warn)?;
            let mut part_el = PartEl {
                start,
                hops: vec![],
                path_slot: None,
            };
            let mut left = start;
            if part.kind != ast::PathKind::Normal && part.chain.len() != 1 && !part.selector {
                return Err(Error::semantic(
                    part.span,
                    "shortestPath needs a pattern with exactly one relationship",
                ));
            }
            // A selector over more than one quantified relationship or quantified path
            // pattern: the whole pattern is searched as one.
            // So is a lone quantified part under `SHORTEST k` or `SHORTEST k GROUPS`, when it
            // is the MATCH's only pattern: the sequence's search takes trails in the order of
            // the length they could complete with, where a search of one relationship at a
            // time takes every trail of each length.
            let whole = part.selector
                && part.kind != ast::PathKind::Normal
                && (part.chain.len() > 1
                    || part.chain.iter().any(|(rp, _)| rp.length.is_none())
                    || (parts.len() == 1 && matches!(part.kind, ast::PathKind::Counted { .. })));
            if whole && parts.len() > 1 {
                return Err(Error::unsupported(
                    part.span,
                    "a path selector's pattern of fixed hops beside other patterns of the same MATCH",
                )
                .with_help("a selective path pattern is the only pattern of its MATCH: match the others in a MATCH of their own"));
            }
            if whole {
                let (_, last) = part
                    .chain
                    .last()
                    .expect("a selector's pattern has a relationship");
                let right =
                    self.declare_node(scope, last, &mut nodes, &mut node_at, before, warn)?;
                let sequence =
                    self.plan_sequence(scope, part, (start, right), before, &mut rel_names)?;
                let rel_slot = scope.bind_hidden(VarKind::RelList);
                part_el.hops.push(hops.len());
                hops.push(Hop {
                    left: start,
                    right,
                    rel_slot,
                    types: Vec::new(),
                    type_filter: None,
                    direction: ast::Direction::Outgoing,
                    length: Some((0, u64::MAX)),
                    props: Vec::new(),
                    ranges: Vec::new(),
                    rel_bound: false,
                    rel_check: None,
                    shortest: Some(match part.kind {
                        ast::PathKind::Normal | ast::PathKind::Shortest => {
                            crate::ir::PathSelect::One
                        }
                        ast::PathKind::AllShortest => crate::ir::PathSelect::All,
                        ast::PathKind::Counted { k, groups } => {
                            crate::ir::PathSelect::Counted { k, groups }
                        }
                    }),
                    selector: part.selector,
                    path_slot: None,
                    group: None,
                    repeat: None,
                    sequence: Some(sequence),
                    mode: part.mode.unwrap_or_default(),
                    done: false,
                });
            }
            for (rp, np) in part.chain.iter().filter(|_| !whole) {
                let right = self.declare_node(scope, np, &mut nodes, &mut node_at, before, warn)?;
                let is_list = rp.length.is_some() || part.kind != ast::PathKind::Normal;
                let (rel_slot, rel_bound, rel_check) = match &rp.var {
                    Some(v) => {
                        if !rel_names.insert(v.name.clone()) {
                            return Err(Error::semantic(
                                v.span,
                                format!(
                                    "relationship variable `{}` is used twice in one pattern",
                                    v.name
                                ),
                            ));
                        }
                        match scope.lookup(&v.name) {
                            Some(info) => {
                                let ok = if is_list {
                                    matches!(info.kind, VarKind::RelList | VarKind::Any)
                                } else {
                                    matches!(info.kind, VarKind::Rel | VarKind::Any)
                                };
                                if !ok {
                                    return Err(Error::semantic(
                                        v.span,
                                        format!(
                                            "`{}` is a {}, not a relationship",
                                            v.name,
                                            info.kind.name()
                                        ),
                                    ));
                                }
                                if is_list {
                                    return Err(Error::unsupported(
                                        v.span,
                                        "a variable-length relationship variable bound earlier",
                                    ));
                                }
                                let check = (info.kind == VarKind::Any).then_some(v.span);
                                (info.slot, true, check)
                            }
                            None => (
                                scope.bind(
                                    &v.name,
                                    if is_list {
                                        VarKind::RelList
                                    } else {
                                        VarKind::Rel
                                    },
                                ),
                                false,
                                None,
                            ),
                        }
                    }
                    None => (
                        scope.bind_hidden(if is_list {
                            VarKind::RelList
                        } else {
                            VarKind::Rel
                        }),
                        false,
                        None,
                    ),
                };
                let (types, type_filter) = match &rp.types {
                    None => (Vec::new(), None),
                    Some(te) => {
                        if warn {
                            for t in te.names() {
                                self.check_name(t, NameKind::Type);
                            }
                        }
                        match te.alternatives() {
                            Some(names) => {
                                let types = names.iter().map(|t| self.graph.intern(&t.name));
                                (types.collect(), None)
                            }
                            None => type_set(self.label_expr(te)),
                        }
                    }
                };
                let length = match (rp.length, part.kind) {
                    (Some((min, max)), _) => {
                        // A minimum above the maximum is allowed and matches nothing, as in
                        // openCypher.
                        Some((min.unwrap_or(1), max.unwrap_or(u64::MAX)))
                    }
                    (None, ast::PathKind::Normal) => None,
                    (None, _) => Some((1, 1)),
                };
                // A selector over a group of several relationships finds its paths by
                // enumerating trails, which any lower bound suits.
                let multi = rp.group.as_ref().is_some_and(|g| !g.steps.is_empty());
                if !multi
                    && matches!(
                        part.kind,
                        ast::PathKind::Shortest | ast::PathKind::AllShortest
                    )
                {
                    if let Some((min, _)) = length {
                        if min > 1 {
                            return Err(Error::semantic(
                                rp.span,
                                "shortestPath takes a minimum length of 0 or 1",
                            ));
                        }
                    }
                }
                let props = self.pattern_props(&rp.props)?;
                let group = match &rp.group {
                    Some(g) if g.steps.is_empty() => {
                        Some(self.plan_path_group(scope, rp, g, before)?)
                    }
                    _ => None,
                };
                let repeat = match &rp.group {
                    Some(g) if !g.steps.is_empty() => Some(self.plan_repeat(scope, rp, g, before)?),
                    _ => None,
                };
                part_el.hops.push(hops.len());
                hops.push(Hop {
                    left,
                    right,
                    rel_slot,
                    types,
                    type_filter,
                    direction: rp.direction,
                    length,
                    props,
                    ranges: Vec::new(),
                    rel_bound,
                    rel_check,
                    shortest: match part.kind {
                        ast::PathKind::Normal => None,
                        ast::PathKind::Shortest => Some(crate::ir::PathSelect::One),
                        ast::PathKind::AllShortest => Some(crate::ir::PathSelect::All),
                        ast::PathKind::Counted { k, groups } => {
                            Some(crate::ir::PathSelect::Counted { k, groups })
                        }
                    },
                    selector: part.selector,
                    path_slot: None,
                    group,
                    repeat,
                    sequence: None,
                    mode: part.mode.unwrap_or_default(),
                    done: false,
                });
                left = right;
            }
            if let Some(v) = &part.var {
                if scope.lookup(&v.name).is_some() {
                    return Err(Error::semantic(
                        v.span,
                        format!("variable `{}` already declared", v.name),
                    ));
                }
                part_el.path_slot = Some(scope.bind(&v.name, VarKind::Path));
            }
            // ACYCLIC and SIMPLE are checked on the whole path, which is built for it when
            // the pattern names none.
            // WALK and TRAIL change nothing: relationships never repeat within one MATCH.
            let check = match part.mode.unwrap_or_default() {
                ast::PathMode::Walk | ast::PathMode::Trail => None,
                ast::PathMode::Acyclic => Some(crate::ir::Function::AcyclicPath),
                ast::PathMode::Simple => Some(crate::ir::Function::SimplePath),
            };
            if let Some(f) = check.filter(|_| !part.chain.is_empty()) {
                let slot = *part_el
                    .path_slot
                    .get_or_insert_with(|| scope.bind_hidden(VarKind::Path));
                mode_checks.push((
                    Ex::Spanned(Box::new(Ex::Call(f, vec![Ex::Slot(slot)])), part.span),
                    slot,
                ));
            }
            if let Some(&h) = part_el.hops.first() {
                if hops[h].shortest.is_some() {
                    hops[h].path_slot = part_el.path_slot;
                }
            }
            part_els.push(part_el);
        }

        // WHERE, split into conjuncts with the slots each reads.
        let mut conjuncts: Vec<Conjunct> = mode_checks
            .into_iter()
            .map(|(check, slot)| Conjunct {
                expr: ConjunctExpr::Compiled(check),
                vars: vec![slot],
                done: false,
            })
            .collect();
        // Property maps that read variables of this same pattern cannot be checked when their
        // node is bound (the other variable may not be yet): they become conjuncts.
        for n in nodes.iter_mut() {
            let mut keep = Vec::new();
            for (k, e) in std::mem::take(&mut n.props) {
                let Some(slots) = free_slots(&e, scope) else {
                    keep.push((k, e));
                    continue;
                };
                if slots.iter().all(|&s| s < before) {
                    keep.push((k, e));
                } else {
                    let value = self.compile(&e, scope, "in a pattern's properties")?;
                    let mut vars = slots;
                    vars.push(n.slot);
                    conjuncts.push(Conjunct {
                        expr: ConjunctExpr::Compiled(prop_equals(Ex::Slot(n.slot), k, value)),
                        vars,
                        done: false,
                    });
                }
            }
            n.props = keep;
        }
        if let Some(w) = where_ {
            let mut list = Vec::new();
            split_and(w, &mut list);
            for e in list {
                let mut names = Vec::new();
                free_vars(&e, &mut names);
                let mut vars = Vec::new();
                for n in &names {
                    match scope.lookup(n) {
                        Some(v) => vars.push(v.slot),
                        None => {
                            // Compiling reports the undefined variable with its place.
                            self.compile(&e, scope, "in WHERE")?;
                        }
                    }
                }
                // `n.key = value` on a node of this pattern, with a value known before the
                // pattern is matched: a property of the node pattern (an index candidate).
                if let Some((slot, key, value)) = self.node_equality(&e, scope, before) {
                    let node = node_at.get(&slot).map(|&i| &mut nodes[i]);
                    if let Some(n) = node.filter(|n| !n.bound) {
                        n.props.push((key, value));
                        continue;
                    }
                }
                // `n.key > value`, `n.key STARTS WITH value`, ...: a range or prefix seek
                // candidate; the predicate stays as a filter.
                if let Some((slot, pred)) = self.node_range(&e, scope, before) {
                    let node = node_at.get(&slot).map(|&i| &mut nodes[i]);
                    if let Some(n) = node.filter(|n| !n.bound) {
                        n.ranges.push(pred);
                    }
                }
                // `r.key = value`, `r.key > value`, ... on a relationship of this pattern: a
                // relationship index seek candidate; the predicate stays as a filter.
                if let Some((slot, pred)) = self.rel_range(&e, scope, before) {
                    let hop = hops.iter_mut().find(|h| h.rel_slot == slot && !h.rel_bound);
                    if let Some(h) = hop.filter(|h| h.length.is_none() && h.repeat.is_none()) {
                        h.ranges.push(pred);
                    }
                }
                // `named(n, text)`: a name seek candidate; the call stays as a filter.
                if let Some((var, text)) = super::rules::named_call(&e) {
                    let node = scope.lookup(var).and_then(|v| node_at.get(&v.slot));
                    if let Some(n) = node.map(|&i| &mut nodes[i]).filter(|n| !n.bound) {
                        n.named.push(text.clone());
                    }
                }
                // A check of one unbound node of this pattern alone, without sub-plans:
                // compiled now, so that the share of the node's rows it keeps weighs where
                // the pattern starts (see `kept_share`).
                let alone = vars.first().filter(|&&v| vars.iter().all(|&w| w == v));
                let node = alone.and_then(|v| node_at.get(v)).copied();
                let expr = match node.filter(|&i| !nodes[i].bound && super::expr::plain(&e)) {
                    Some(i) => {
                        let ex = self.compile(&e, scope, "in WHERE")?;
                        nodes[i].kept *=
                            super::estimate::Estimator::new(self.graph).selectivity(&ex);
                        ConjunctExpr::Compiled(ex)
                    }
                    None => ConjunctExpr::Ast(e),
                };
                conjuncts.push(Conjunct {
                    expr,
                    vars,
                    done: false,
                });
            }
        }

        let mut bound = Bound::new(before);
        let mut op = input;
        let mut match_rels = MatchedRels::default();
        // When what follows ignores how often a row occurs (DISTINCT, count(DISTINCT ...)),
        // rows that agree on everything still needed can be merged between hops. Only for
        // patterns of single hops without named paths or relationships bound earlier.
        // The key of each merge names every relationship matched before it, so merging stops
        // at `MAX_MERGED_HOPS` hops: beyond that the plan would grow as the square of the
        // pattern.
        let dedupe: Option<Vec<usize>> = self.dedupe_hint.take().and_then(|names| {
            let simple = hops.len() <= MAX_MERGED_HOPS
                && part_els.iter().all(|p| p.path_slot.is_none())
                && hops
                    .iter()
                    .all(|h| h.length.is_none() && h.shortest.is_none() && !h.rel_bound);
            simple.then(|| {
                names
                    .iter()
                    .filter_map(|n| scope.lookup(n).map(|v| v.slot))
                    .collect()
            })
        });
        let mut ready = ReadyHops::new(&hops, &bound);
        let mut paths = PendingPaths::new(&part_els, &hops);
        let mut pending = PendingConjuncts::new(&conjuncts);
        // How to scan each unbound node, found when a node is first to be scanned: it does not
        // change while the pattern is planned.
        let mut scans: Option<NodeScans> = None;
        let mut rel_scans = self.rel_scan_candidates(scope, &hops, before)?;
        // Bound relationship variables are compared after expansion into a fresh slot.
        op = self.apply_conjuncts(op, scope, &mut conjuncts, &mut pending, &bound)?;
        // Nodes already bound still have their labels and properties checked (which fail on
        // a value that is not a node); one bound to a value of unknown kind, with neither, is
        // checked to hold a node.
        for n in nodes.iter().filter(|n| n.bound) {
            // A bound node alone (no hop reads it), or with labels or properties to check: it
            // must hold a node of the graph, before they are read (they would read a virtual
            // node's own), and null matches nothing. One a hop reads is checked by the hop.
            let alone = !hops.iter().any(|h| h.left == n.slot || h.right == n.slot);
            let plain = n.labels.is_empty() && n.label_exprs.is_empty() && n.props.is_empty();
            if let (true, Some(span)) = (alone || !plain, n.var_span) {
                op = holds_entity(op, crate::ir::Function::IsBoundNode, n.slot, span);
            }
            op = self.node_filters(op, scope, n, None, None, None)?;
        }
        // A relationship variable bound to a value of unknown kind must hold a relationship of
        // the graph (null matches nothing): compared with the hop's, anything else would just
        // match nothing.
        for h in &hops {
            if let Some(span) = h.rel_check {
                op = holds_entity(op, crate::ir::Function::IsBoundRel, h.rel_slot, span);
            }
        }

        loop {
            self.cancel.check()?;
            // 1. a hop with a bound end (both ends bound first: it only filters)
            let pick = ready.first();
            // The ends each step binds: their labels and properties are checked after it.
            let ends: Vec<usize> = if let Some(hi) = pick {
                let from_left = bound.contains(hops[hi].left);
                op = self.plan_hop(
                    op,
                    scope,
                    &nodes,
                    &mut hops[hi],
                    from_left,
                    &bound,
                    &match_rels,
                )?;
                hops[hi].done = true;
                ready.done(hi);
                paths.hop_done(hi);
                let h = &hops[hi];
                match_rels.push(h.rel_slot, h.length.is_some());
                let far = if from_left { h.right } else { h.left };
                bound.push(h.rel_slot);
                for s in h.list_slots() {
                    bound.push(s);
                }
                if let Some(p) = h.path_slot {
                    bound.push(p);
                }
                let mut ends = vec![];
                if !bound.contains(far) {
                    bound.push(far);
                    ready.bound(far, &hops, &bound);
                    ends.push(far);
                }
                ends
            } else {
                // 2. otherwise scan the most selective unbound node
                let scans = match &mut scans {
                    Some(scans) => scans,
                    None => scans.insert(self.node_scans(scope, &nodes, &bound)?),
                };
                let best = scans.best(&nodes, &bound);
                // 3. or scan the relationships of a hop whose ends are both unbound, when that
                // visits fewer rows than scanning the best node and expanding from it
                let node_cost = best.map(|(i, cost)| (cost, scans.kept(i, cost)));
                if let Some(hi) = self.rel_scan_choice(&mut rel_scans, &hops, &bound, node_cost) {
                    let h = &mut hops[hi];
                    let spec = ExpandSpec {
                        from: h.left,
                        rel: h.rel_slot,
                        to: h.right,
                        types: distinct_types(&h.types),
                        dir: match h.direction {
                            ast::Direction::Outgoing => Dir::Out,
                            ast::Direction::Incoming => Dir::In,
                            ast::Direction::Both => Dir::Both,
                        },
                        into: false,
                        distinct_from: match_rels.singles(),
                        distinct_from_lists: match_rels.lists(),
                        reversed: false,
                        mode: h.mode,
                        spans: Box::new([None, None]),
                    };
                    op = Op::RelScan {
                        input: Box::new(op),
                        spec,
                        seek: rel_scans.seeks[hi].take(),
                    };
                    op = type_filter(op, h.type_filter.as_ref(), h.rel_slot);
                    op = self.rel_prop_filters(op, scope, &h.props, h.rel_slot)?;
                    h.done = true;
                    match_rels.push(h.rel_slot, false);
                    let (rel_slot, left, right) = (h.rel_slot, h.left, h.right);
                    ready.done(hi);
                    paths.hop_done(hi);
                    for s in [rel_slot, left, right] {
                        bound.push(s);
                        ready.bound(s, &hops, &bound);
                    }
                    vec![left, right]
                } else {
                    let Some((i, _)) = best else {
                        break;
                    };
                    let (source, used_prop, used_expr) = scans.take(i);
                    let slot = nodes[i].slot;
                    let scanned_label = match &source {
                        ScanSource::Label(l)
                        | ScanSource::Index { label: l, .. }
                        | ScanSource::Named { label: l, .. }
                        | ScanSource::Range { label: l, .. }
                        | ScanSource::Prefix { label: l, .. }
                        | ScanSource::AnyOf { label: l, .. }
                        | ScanSource::Composite { label: l, .. } => Some(*l),
                        ScanSource::All | ScanSource::Labels(_) => None,
                    };
                    op = Op::Scan {
                        input: Box::new(op),
                        slot,
                        source,
                    };
                    bound.push(slot);
                    ready.bound(slot, &hops, &bound);
                    let skip = (scanned_label, used_prop, used_expr);
                    op = self.node_filters(op, scope, &nodes[i], skip.0, skip.1, skip.2)?;
                    op = self.bind_paths(op, &part_els, &mut paths, &mut bound);
                    op = self.apply_conjuncts(op, scope, &mut conjuncts, &mut pending, &bound)?;
                    continue;
                }
            };
            for end in ends {
                let n = &nodes[node_at[&end]];
                op = self.node_filters(op, scope, n, None, None, None)?;
            }
            op = self.bind_paths(op, &part_els, &mut paths, &mut bound);
            op = self.apply_conjuncts(op, scope, &mut conjuncts, &mut pending, &bound)?;
            if let Some(needed) = &dedupe {
                op = dedupe_rows(op, scope, needed, &hops, &conjuncts, &bound, before);
            }
        }
        op = self.bind_paths(op, &part_els, &mut paths, &mut bound);
        // Anything left (conjuncts over variables bound nowhere cannot happen: compile checks).
        for c in conjuncts.iter_mut().filter(|c| !c.done) {
            let pred = match &c.expr {
                ConjunctExpr::Ast(e) => self.compile(e, scope, "in WHERE")?,
                ConjunctExpr::Compiled(ex) => ex.clone(),
            };
            op = Op::Filter {
                input: Box::new(op),
                pred,
            };
            c.done = true;
        }
        match_rels.finish();
        Ok(op)
    }

    fn declare_node(
        &mut self,
        scope: &mut Scope,
        np: &ast::NodePattern,
        nodes: &mut Vec<NodeEl>,
        node_at: &mut HashMap<usize, usize>,
        before: usize,
        warn: bool,
    ) -> Result<usize> {
        let mut labels = Vec::new();
        let mut label_exprs = Vec::new();
        if let Some(le) = &np.labels {
            if warn {
                for l in le.names() {
                    self.check_name(l, NameKind::Label);
                }
            }
            // The plain names of a conjunction are the labels the node must have (a scan's
            // candidates); the rest are checked as they are.
            let parts = match le {
                ast::LabelExpr::And(items) => items.as_slice(),
                one => std::slice::from_ref(one),
            };
            for part in parts {
                match part {
                    ast::LabelExpr::Name(l) => labels.push(self.graph.intern(&l.name)),
                    other => label_exprs.push(self.label_expr(other)),
                }
            }
        }
        let props = self.pattern_props(&np.props)?;
        let var_span = np
            .var
            .as_ref()
            .filter(|v| scope.lookup(&v.name).is_some())
            .map(|v| v.span);
        let slot = match &np.var {
            Some(v) => match scope.lookup(&v.name) {
                Some(info) => {
                    if !matches!(info.kind, VarKind::Node | VarKind::Any) {
                        return Err(Error::semantic(
                            v.span,
                            format!("`{}` is a {}, not a node", v.name, info.kind.name()),
                        ));
                    }
                    info.slot
                }
                None => scope.bind(&v.name, VarKind::Node),
            },
            None => scope.bind_hidden(VarKind::Node),
        };
        match node_at.get(&slot) {
            Some(&i) => {
                nodes[i].labels.extend(labels);
                nodes[i].label_exprs.extend(label_exprs);
                nodes[i].props.extend(props);
            }
            None => {
                node_at.insert(slot, nodes.len());
                nodes.push(NodeEl {
                    slot,
                    labels,
                    label_exprs,
                    props,
                    named: Vec::new(),
                    ranges: Vec::new(),
                    kept: 1.0,
                    bound: slot < before,
                    var_span,
                });
            }
        }
        Ok(slot)
    }

    /// `n.key = value` (either way round) where `n` is a node variable and `value` reads only
    /// variables bound before the pattern: the node's slot, the key and the value.
    fn node_equality(
        &mut self,
        e: &ast::Expr,
        scope: &Scope,
        before: usize,
    ) -> Option<(usize, Sym, ast::Expr)> {
        let ExprKind::Binary(BinaryOp::Eq, left, right) = &e.kind else {
            return None;
        };
        for (prop, value) in [(left, right), (right, left)] {
            if let Some((slot, key)) = self.property_of(prop, value, scope, before, VarKind::Node) {
                return Some((slot, key, (**value).clone()));
            }
        }
        None
    }

    /// `n.key > value`, `n.key >= value`, `n.key < value`, `n.key <= value` (either way round)
    /// or `n.key STARTS WITH value`, where `n` and `value` are as `node_equality` has them: the
    /// node's slot and what the predicate says of the key.
    fn node_range(
        &mut self,
        e: &ast::Expr,
        scope: &Scope,
        before: usize,
    ) -> Option<(usize, RangePred)> {
        self.range_of(e, scope, before, VarKind::Node)
    }

    /// `node_range` for a relationship variable `r` of this pattern, and `r.key = value` too.
    fn rel_range(
        &mut self,
        e: &ast::Expr,
        scope: &Scope,
        before: usize,
    ) -> Option<(usize, RangePred)> {
        if let ExprKind::Binary(BinaryOp::Eq, left, right) = &e.kind {
            for (prop, value) in [(left, right), (right, left)] {
                if let Some((slot, key)) =
                    self.property_of(prop, value, scope, before, VarKind::Rel)
                {
                    let (side, value) = (Side::Equal, (**value).clone());
                    return Some((slot, RangePred { key, side, value }));
                }
            }
            return None;
        }
        self.range_of(e, scope, before, VarKind::Rel)
    }

    fn range_of(
        &mut self,
        e: &ast::Expr,
        scope: &Scope,
        before: usize,
        kind: VarKind,
    ) -> Option<(usize, RangePred)> {
        let ExprKind::Binary(op, left, right) = &e.kind else {
            return None;
        };
        for (prop, value, flipped) in [(left, right, false), (right, left, true)] {
            let side = match (op, flipped) {
                (BinaryOp::Gt, false) | (BinaryOp::Lt, true) => Side::Lower { inclusive: false },
                (BinaryOp::Ge, false) | (BinaryOp::Le, true) => Side::Lower { inclusive: true },
                (BinaryOp::Lt, false) | (BinaryOp::Gt, true) => Side::Upper { inclusive: false },
                (BinaryOp::Le, false) | (BinaryOp::Ge, true) => Side::Upper { inclusive: true },
                (BinaryOp::StartsWith, false) => Side::Prefix,
                (BinaryOp::In, false) => Side::AnyOf,
                _ => continue,
            };
            if let Some((slot, key)) = self.property_of(prop, value, scope, before, kind) {
                let value = (**value).clone();
                return Some((slot, RangePred { key, side, value }));
            }
        }
        None
    }

    /// When `prop` is `n.key` on a variable `n` of this pattern of the kind (a node, a
    /// relationship) and `value` reads only variables bound before the pattern (no
    /// aggregate): the variable's slot and the key.
    fn property_of(
        &mut self,
        prop: &ast::Expr,
        value: &ast::Expr,
        scope: &Scope,
        before: usize,
        kind: VarKind,
    ) -> Option<(usize, Sym)> {
        let ExprKind::Property(base, key) = &prop.kind else {
            return None;
        };
        let ExprKind::Variable(var) = &base.kind else {
            return None;
        };
        let info = scope.lookup(var)?;
        if info.kind != kind || info.slot < before {
            return None;
        }
        let slot = info.slot;
        let slots = free_slots(value, scope)?;
        (slots.iter().all(|&s| s < before) && !super::expr::contains_aggregate(value))
            .then(|| (slot, self.graph.intern(&key.name)))
    }

    /// How to find the candidates of an unbound node, and what that costs.
    fn scan_choice(
        &mut self,
        scope: &Scope,
        n: &NodeEl,
    ) -> Result<(f64, ScanSource, Option<usize>, Option<usize>)> {
        let mut best = (self.graph.node_count() as f64 + 1.0, ScanSource::All, None);
        for &l in &n.labels {
            let c = self.graph.label_count(l) as f64;
            if c < best.0 {
                best = (c, ScanSource::Label(l), None);
            }
            for text in &n.named {
                let value = match &text.kind {
                    ExprKind::Literal(lit) => literal_value(lit),
                    ExprKind::Parameter(p) => self.param(p, text.span)?,
                    _ => continue,
                };
                let Value::String(s) = &value else {
                    continue;
                };
                let c = self.graph.lookup_named(l, s).len() as f64 * 0.5;
                if c < best.0 {
                    let text = Ex::Const(value);
                    best = (c, ScanSource::Named { label: l, text }, None);
                }
            }
            for (pi, (k, e)) in n.props.iter().enumerate() {
                // An index lookup needs a value known before the scan: a literal or parameter.
                let value = match &e.kind {
                    ExprKind::Literal(lit) => literal_value(lit),
                    ExprKind::Parameter(p) => self.param(p, e.span)?,
                    _ => {
                        // A value computed from earlier variables: estimate the average
                        // number of nodes per indexed value.
                        // No value yet (the label's nodes may be made earlier in this very
                        // statement): a seek visits no more than the scan it replaces.
                        let distinct = self.graph.index_distinct(l, *k);
                        let c = match distinct {
                            0 => 0.0,
                            d => self.graph.label_count(l) as f64 / d as f64 * 0.6,
                        };
                        if c < best.0 || (distinct == 0 && c <= best.0) {
                            let value = self.compile(e, scope, "in a pattern's properties")?;
                            best = (
                                c,
                                ScanSource::Index {
                                    label: l,
                                    key: *k,
                                    value,
                                },
                                Some(pi),
                            );
                        }
                        continue;
                    }
                };
                let Some(found) = self.graph.lookup(l, *k, &value) else {
                    continue;
                };
                let c = found.len() as f64 * 0.5;
                if c < best.0 {
                    best = (
                        c,
                        ScanSource::Index {
                            label: l,
                            key: *k,
                            value: Ex::Const(value),
                        },
                        Some(pi),
                    );
                }
            }
        }
        // Range and prefix seeks, for each key the conjuncts bound or give a prefix of: the
        // first lower and first upper bound given (any pair narrows to a superset of the
        // answer: every conjunct stays a filter), or the first prefix; only where an index is
        // declared on the label and key.
        let declared = |key: Sym| n.labels.iter().any(|&l| self.graph.declared_index(l, key));
        let keys = seek_keys(&n.ranges, declared);
        let seeks = self.range_seeks(scope, &n.ranges, keys)?;
        for &l in &n.labels {
            for (key, range, prefix) in &seeks {
                if !self.graph.declared_index(l, *key) {
                    continue;
                }
                let source = match (range, prefix) {
                    (Some((lower, upper)), _) => ScanSource::Range {
                        label: l,
                        key: *key,
                        lower: lower.clone(),
                        upper: upper.clone(),
                    },
                    (None, Some(prefix)) => ScanSource::Prefix {
                        label: l,
                        key: *key,
                        prefix: prefix.clone(),
                    },
                    (None, None) => continue,
                };
                let c = self.graph.label_count(l) as f64 * super::estimate::seek_share(&source);
                if c < best.0 {
                    best = (c, source, None);
                }
            }
        }
        // IN seeks (`n.p IN list`, the list known before the pattern): each of the list's
        // values looked up as an equality would be; the predicate stays as a filter.
        for r in n.ranges.iter().filter(|r| r.side == Side::AnyOf) {
            let values = self.compile(&r.value, scope, "in WHERE")?;
            for &l in &n.labels {
                let estimate = super::estimate::Estimator::new(self.graph);
                let c = estimate.any_of_rows(l, r.key, &values, false) * 0.5;
                if c < best.0 {
                    let source = ScanSource::AnyOf {
                        label: l,
                        key: r.key,
                        values: values.clone(),
                    };
                    best = (c, source, None);
                }
            }
        }
        // Composite index seeks: equality on every property of a declared composite index, or
        // on all but its last and a range on that one; preferred to a seek of one of its
        // properties, whose superset it finds whatever the estimates say (every predicate
        // stays a filter).
        for &l in &n.labels {
            for keys in self.graph.declared_composites(Entity::Node, l) {
                let Some(source) = self.composite_seek(scope, l, keys, &n.props, &n.ranges)? else {
                    continue;
                };
                let c = super::estimate::composite_rows(self.graph, &source, false) * 0.5;
                if c <= best.0 || seeks_one_of(&best.1, l, &source) {
                    best = (c.min(best.0), source, None);
                }
            }
        }
        // A label expression whose nodes all have one of some labels: the union of their
        // scans, when that is smaller (the expression's own check kept unless the union is
        // exactly what it says).
        let mut used_expr = None;
        for (i, e) in n.label_exprs.iter().enumerate() {
            let Some((cost, labels)) = cover(e, self.graph) else {
                continue;
            };
            if cost < best.0 {
                let exact = match e {
                    LabelExpr::Or(items) => items.iter().all(|i| matches!(i, LabelExpr::Has(_))),
                    _ => false,
                };
                used_expr = exact.then_some(i);
                let source = match labels.as_slice() {
                    [one] => ScanSource::Label(*one),
                    _ => ScanSource::Labels(labels),
                };
                best = (cost, source, None);
            }
        }
        let (cost, source, used_prop) = best;
        Ok((cost, source, used_prop, used_expr))
    }

    /// The seek of a composite index on (`label`, `keys`) that equalities (`equal`: key and
    /// value, each known before the pattern) and range conjuncts give, if any: a value for
    /// every key, or for all but the last and a lower or upper bound of that one (else a
    /// prefix of it).
    fn composite_seek(
        &mut self,
        scope: &Scope,
        label: Sym,
        keys: Vec<Sym>,
        equal: &[(Sym, ast::Expr)],
        ranges: &[RangePred],
    ) -> Result<Option<ScanSource>> {
        let mut values = Vec::new();
        for key in &keys {
            let Some((_, e)) = equal.iter().find(|(k, _)| k == key) else {
                break;
            };
            let value = match &e.kind {
                ExprKind::Literal(lit) => Ex::Const(literal_value(lit)),
                ExprKind::Parameter(p) => Ex::Const(self.param(p, e.span)?),
                _ => self.compile(e, scope, "in a pattern's properties")?,
            };
            values.push(value);
        }
        let (mut lower, mut upper, mut prefix) = (None, None, None);
        if values.len() + 1 == keys.len() {
            // A range of the last property, else a prefix of it.
            let last = keys[values.len()];
            for (_, range, p) in self.range_seeks(scope, ranges, vec![last])? {
                if let Some((lo, hi)) = range {
                    (lower, upper) = (lo, hi);
                }
                prefix = prefix.or(p);
            }
            if lower.is_some() || upper.is_some() {
                prefix = None;
            } else if prefix.is_none() {
                return Ok(None);
            }
        } else if values.len() < keys.len() {
            return Ok(None);
        }
        Ok(Some(ScanSource::Composite {
            label,
            keys,
            values,
            lower,
            upper,
            prefix,
        }))
    }

    /// The range and prefix seeks the conjuncts `ranges` give for each of `keys`: the first
    /// lower and first upper bound given (any pair narrows to a superset of the answer: every
    /// conjunct stays a filter), or the first prefix, compiled.
    fn range_seeks(
        &mut self,
        scope: &Scope,
        ranges: &[RangePred],
        keys: Vec<Sym>,
    ) -> Result<Vec<RangeSeek>> {
        let mut seeks = Vec::new();
        for key in keys {
            let (mut lower, mut upper, mut prefix) = (None, None, None);
            for r in ranges.iter().filter(|r| r.key == key) {
                match r.side {
                    Side::Lower { inclusive } => lower = lower.or(Some((&r.value, inclusive))),
                    Side::Upper { inclusive } => upper = upper.or(Some((&r.value, inclusive))),
                    Side::Prefix => prefix = prefix.or(Some(&r.value)),
                    Side::Equal | Side::AnyOf => {}
                }
            }
            let mut bound = |b: Option<(&ast::Expr, bool)>| -> Result<Option<SeekBound>> {
                let Some((e, inclusive)) = b else {
                    return Ok(None);
                };
                let value = self.compile(e, scope, "in WHERE")?;
                Ok(Some(SeekBound { value, inclusive }))
            };
            let (lower, upper) = (bound(lower)?, bound(upper)?);
            if lower.is_some() || upper.is_some() {
                seeks.push((key, Some((lower, upper)), None));
            }
            if let Some(e) = prefix {
                seeks.push((key, None, Some(self.compile(e, scope, "in WHERE")?)));
            }
        }
        Ok(seeks)
    }

    /// The best seek of a hop's relationships by a declared (type, key) index, if any, and
    /// the relationships it is expected to find: for a hop of one type, from an equality of
    /// its property map or WHERE whose value is known before the pattern, or from the range
    /// and prefix conjuncts of WHERE. Every predicate stays a filter above the seek.
    fn rel_seek(
        &mut self,
        scope: &Scope,
        h: &Hop,
        before: usize,
    ) -> Result<Option<(f64, ScanSource)>> {
        let types = distinct_types(&h.types);
        let [ty] = types[..] else {
            return Ok(None);
        };
        let graph = self.graph;
        let declared = |key: Sym| graph.declared_rel_index(ty, key);
        let count = graph.type_count(ty) as f64;
        let mut best: Option<(f64, ScanSource)> = None;
        let known = |e: &ast::Expr| {
            free_slots(e, scope).is_some_and(|s| s.iter().all(|&s| s < before))
                && !super::expr::contains_aggregate(e)
        };
        let all_equalities: Vec<(Sym, ast::Expr)> = h
            .props
            .iter()
            .filter(|(_, e)| known(e))
            .cloned()
            .chain(
                h.ranges
                    .iter()
                    .filter(|r| r.side == Side::Equal)
                    .map(|r| (r.key, r.value.clone())),
            )
            .collect();
        let equalities: Vec<(Sym, ast::Expr)> = all_equalities
            .iter()
            .filter(|(k, _)| declared(*k))
            .cloned()
            .collect();
        for (key, e) in &equalities {
            let constant = match &e.kind {
                ExprKind::Literal(lit) => Some(literal_value(lit)),
                ExprKind::Parameter(p) => Some(self.param(p, e.span)?),
                _ => None,
            };
            let (cost, value) = match constant {
                Some(v) => match self.graph.lookup_rels(ty, *key, &v) {
                    Some(found) => (found.len() as f64, Ex::Const(v)),
                    // Null, NaN, a list: the index cannot find it.
                    None => continue,
                },
                None => {
                    let c = match graph.rel_index_counts(ty, *key) {
                        (_, 0) => 0.0,
                        (n, d) => n as f64 / d as f64,
                    };
                    (c, self.compile(e, scope, "in a pattern's properties")?)
                }
            };
            if best.as_ref().is_none_or(|b| cost < b.0) {
                let source = ScanSource::Index {
                    label: ty,
                    key: *key,
                    value,
                };
                best = Some((cost, source));
            }
        }
        for r in h
            .ranges
            .iter()
            .filter(|r| r.side == Side::AnyOf && declared(r.key))
        {
            let values = self.compile(&r.value, scope, "in WHERE")?;
            let estimate = super::estimate::Estimator::new(graph);
            let cost = estimate.any_of_rows(ty, r.key, &values, true);
            if best.as_ref().is_none_or(|b| cost < b.0) {
                let source = ScanSource::AnyOf {
                    label: ty,
                    key: r.key,
                    values,
                };
                best = Some((cost, source));
            }
        }
        let keys = seek_keys(&h.ranges, declared);
        for (key, range, prefix) in self.range_seeks(scope, &h.ranges, keys)? {
            let source = match (range, prefix) {
                (Some((lower, upper)), _) => ScanSource::Range {
                    label: ty,
                    key,
                    lower,
                    upper,
                },
                (None, Some(prefix)) => ScanSource::Prefix {
                    label: ty,
                    key,
                    prefix,
                },
                (None, None) => continue,
            };
            let cost = count * super::estimate::seek_share(&source);
            if best.as_ref().is_none_or(|b| cost < b.0) {
                best = Some((cost, source));
            }
        }
        for keys in graph.declared_composites(Entity::Rel, ty) {
            let Some(source) = self.composite_seek(scope, ty, keys, &all_equalities, &h.ranges)?
            else {
                continue;
            };
            let cost = super::estimate::composite_rows(graph, &source, true);
            if best
                .as_ref()
                .is_none_or(|b| cost <= b.0 || seeks_one_of(&b.1, ty, &source))
            {
                let cost = best.as_ref().map_or(cost, |b| cost.min(b.0));
                best = Some((cost, source));
            }
        }
        Ok(best.filter(|(cost, _)| *cost < count))
    }

    /// How to scan each node not bound yet (see `scan_choice`).
    fn node_scans(&mut self, scope: &Scope, nodes: &[NodeEl], bound: &Bound) -> Result<NodeScans> {
        let mut scans = NodeScans {
            order: BTreeSet::new(),
            sources: Vec::with_capacity(nodes.len()),
            kept: Vec::with_capacity(nodes.len()),
        };
        for (i, n) in nodes.iter().enumerate() {
            if bound.contains(n.slot) {
                scans.sources.push(None);
                scans.kept.push(1.0);
                continue;
            }
            let (cost, source, used_prop, used_expr) = self.scan_choice(scope, n)?;
            scans.order.insert((Cost(cost), i));
            scans.kept.push(kept_share(n, &source));
            scans.sources.push(Some((source, used_prop, used_expr)));
        }
        Ok(scans)
    }

    /// The hops that could start from a scan of their relationships, cheapest first: single
    /// hops, not bound earlier, between two distinct nodes, with the relationships they visit
    /// (found by a seek of a declared relationship index when that visits fewer, see
    /// `rel_seek`).
    fn rel_scan_candidates(
        &mut self,
        scope: &Scope,
        hops: &[Hop],
        before: usize,
    ) -> Result<RelScans> {
        let mut out = RelScans {
            order: BTreeSet::new(),
            per_node: vec![0.0; hops.len()],
            seeks: Vec::with_capacity(hops.len()),
        };
        for (i, h) in hops.iter().enumerate() {
            out.seeks.push(None);
            if h.length.is_some() || h.shortest.is_some() || h.rel_bound || h.left == h.right {
                continue;
            }
            let rels = if h.types.is_empty() {
                self.graph.rel_count()
            } else {
                distinct_types(&h.types)
                    .into_iter()
                    .map(|t| self.graph.type_count(t))
                    .sum()
            } as f64;
            out.per_node[i] = rels / self.graph.node_count().max(1) as f64;
            let cost = match self.rel_seek(scope, h, before)? {
                Some((cost, seek)) => {
                    out.seeks[i] = Some(seek);
                    cost
                }
                None => rels,
            };
            out.order.insert((Cost(cost), i));
        }
        Ok(out)
    }

    /// The hop to start from by scanning its relationships, if any is better than scanning
    /// the best node (`node_cost`: the rows its scan visits and those its own checks keep;
    /// None when every node is bound): one of `candidates` (see `rel_scan_candidates`) not
    /// done, between two unbound nodes. Starting from a node costs its scan plus the
    /// expansion of the rows kept (estimated at the hop's average degree per node); the
    /// relationship scan costs the hop's relationships. Between hops, the fewest wins. A
    /// candidate once out of the running stays out, so it is dropped.
    fn rel_scan_choice(
        &self,
        candidates: &mut RelScans,
        hops: &[Hop],
        bound: &Bound,
        node_cost: Option<(f64, f64)>,
    ) -> Option<usize> {
        let (node_cost, node_rows) = node_cost?;
        while let Some(&(Cost(rels), i)) = candidates.order.first() {
            let h = &hops[i];
            if h.done || bound.contains(h.left) || bound.contains(h.right) {
                candidates.order.pop_first();
                continue;
            }
            // Fewer relationships win against the node more easily: when the hop with the
            // fewest does not, none does.
            let from_node = node_cost + node_rows * candidates.per_node[i];
            return (rels < from_node).then_some(i);
        }
        None
    }

    /// The property checks of a single relationship pattern (`[r:T {year: 2020}]`), on the
    /// relationship in `slot`.
    fn rel_prop_filters(
        &mut self,
        mut op: Op,
        scope: &Scope,
        props: &[(Sym, ast::Expr)],
        slot: usize,
    ) -> Result<Op> {
        for (k, e) in props {
            let v = self.compile(e, scope, "in a pattern's properties")?;
            op = Op::Filter {
                input: Box::new(op),
                pred: prop_equals(Ex::Slot(slot), *k, v),
            };
        }
        Ok(op)
    }

    /// Label and property checks of a node pattern, except the label and the property the
    /// scan that bound it already guarantees.
    fn node_filters(
        &mut self,
        mut op: Op,
        scope: &Scope,
        n: &NodeEl,
        skip_label: Option<Sym>,
        skip_prop: Option<usize>,
        skip_expr: Option<usize>,
    ) -> Result<Op> {
        let labels: Vec<Sym> = n
            .labels
            .iter()
            .copied()
            .filter(|l| Some(*l) != skip_label)
            .collect();
        if !labels.is_empty() {
            op = Op::Filter {
                input: Box::new(op),
                pred: Ex::HasLabels(Box::new(Ex::Slot(n.slot)), labels),
            };
        }
        for (i, e) in n.label_exprs.iter().enumerate() {
            if Some(i) != skip_expr {
                op = Op::Filter {
                    input: Box::new(op),
                    pred: Ex::Labels(Box::new(Ex::Slot(n.slot)), e.clone()),
                };
            }
        }
        for (i, (k, e)) in n.props.iter().enumerate() {
            if Some(i) == skip_prop {
                continue;
            }
            let value = self.compile(e, scope, "in a pattern's properties")?;
            op = Op::Filter {
                input: Box::new(op),
                pred: prop_equals(Ex::Slot(n.slot), *k, value),
            };
        }
        Ok(op)
    }

    fn apply_conjuncts(
        &mut self,
        mut op: Op,
        scope: &Scope,
        conjuncts: &mut [Conjunct],
        pending: &mut PendingConjuncts,
        bound: &Bound,
    ) -> Result<Op> {
        pending.update(bound);
        while let Some(i) = pending.ready.pop_first() {
            let c = &mut conjuncts[i];
            let pred = match &c.expr {
                ConjunctExpr::Ast(e) => self.compile(e, scope, "in WHERE")?,
                ConjunctExpr::Compiled(ex) => ex.clone(),
            };
            op = Op::Filter {
                input: Box::new(op),
                pred,
            };
            c.done = true;
        }
        Ok(op)
    }

    /// Bind named paths whose elements are all bound.
    fn bind_paths(
        &mut self,
        mut op: Op,
        parts: &[PartEl],
        paths: &mut PendingPaths,
        bound: &mut Bound,
    ) -> Op {
        let mut still = Vec::with_capacity(paths.waiting.len());
        for &pi in &paths.waiting {
            let p = &parts[pi];
            let Some(slot) = p.path_slot else { continue };
            if bound.contains(slot) {
                continue;
            }
            if !bound.contains(p.start) || paths.hops_left[pi] > 0 {
                still.push(pi);
                continue;
            }
            let rels = p.hops.iter().map(|&h| paths.rel_slots[h]).collect();
            op = Op::Bind {
                input: Box::new(op),
                slot,
                expr: Ex::BuildPath {
                    start: p.start,
                    rels,
                },
            };
            bound.push(slot);
        }
        paths.waiting = still;
        op
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_hop(
        &mut self,
        op: Op,
        scope: &mut Scope,
        nodes: &[NodeEl],
        h: &mut Hop,
        from_left: bool,
        bound: &Bound,
        match_rels: &MatchedRels,
    ) -> Result<Op> {
        let (from, to) = if from_left {
            (h.left, h.right)
        } else {
            (h.right, h.left)
        };
        let dir = match (h.direction, from_left) {
            (ast::Direction::Both, _) => Dir::Both,
            (ast::Direction::Outgoing, true) | (ast::Direction::Incoming, false) => Dir::Out,
            _ => Dir::In,
        };
        let into = bound.contains(to);
        // A relationship variable bound earlier: expand into a fresh slot and compare.
        let target_rel = if h.rel_bound {
            scope.bind_hidden(VarKind::Rel)
        } else {
            h.rel_slot
        };
        let spec = ExpandSpec {
            from,
            rel: target_rel,
            to,
            types: h.types.clone(),
            dir,
            into,
            distinct_from: match_rels.singles(),
            distinct_from_lists: match_rels.lists(),
            reversed: !from_left,
            mode: h.mode,
            spans: Box::new([from, to].map(|slot| {
                nodes
                    .iter()
                    .find(|n| n.slot == slot)
                    .and_then(|n| n.var_span)
            })),
        };
        let group_filter = h.group.as_ref().and_then(|g| g.0.clone());
        let rel_filter = |planner: &mut Planner,
                          scope: &Scope,
                          props: &[(Sym, ast::Expr)]|
         -> Result<Option<Box<Ex>>> {
            let type_filter = h
                .type_filter
                .as_ref()
                .map(|t| Ex::Labels(Box::new(Ex::Local(0)), t.clone()));
            let mut pred: Option<Ex> = match (group_filter.clone(), type_filter) {
                (Some(g), Some(t)) => Some(Ex::And(Box::new(t), Box::new(g))),
                (g, t) => g.or(t),
            };
            for (k, e) in props {
                let v = planner.compile(e, scope, "in a pattern's properties")?;
                let p = prop_equals(Ex::Local(0), *k, v);
                pred = Some(match pred {
                    None => p,
                    Some(prev) => Ex::And(Box::new(prev), Box::new(p)),
                });
            }
            Ok(pred.map(Box::new))
        };
        // A quantified path pattern of several relationships as walked from `from`.
        let repetition = |r: &RepeatPlan| {
            let k = r.rel_types.len();
            let dir = |d: ast::Direction| match (d, from_left) {
                (ast::Direction::Both, _) => Dir::Both,
                (ast::Direction::Outgoing, true) | (ast::Direction::Incoming, false) => Dir::Out,
                _ => Dir::In,
            };
            let step = |i: usize, node: usize| crate::ir::RepeatStep {
                types: r.rel_types[i].clone(),
                dir: dir(r.rel_dirs[i]),
                rel: (i, r.rel_tests[i].clone()),
                node: (k + node, r.node_tests[node].clone()),
            };
            let (first, steps): (usize, Vec<_>) = if from_left {
                (0, (0..k).map(|i| step(i, i + 1)).collect())
            } else {
                (k, (0..k).rev().map(|i| step(i, i)).collect())
            };
            Box::new(crate::ir::Repetition {
                first: (k + first, r.node_tests[first].clone()),
                steps,
                filter: r.filter.clone(),
                lists: r.lists.clone(),
                text: r.text.clone(),
            })
        };
        let mut op = match (h.length, h.shortest, &h.repeat) {
            // Both ends are bound, so it is walked from its left end.
            (Some((min, max)), Some(select), _) if h.sequence.is_some() && from_left => {
                Op::ShortestPath {
                    input: Box::new(op),
                    spec,
                    min,
                    max,
                    select,
                    path: h.path_slot,
                    rel_filter: None,
                    repeat: None,
                    sequence: h.sequence.as_ref().map(|(s, _)| Box::new(s.clone())),
                    cycles: h.selector,
                }
            }
            (Some((min, max)), Some(select), Some(r)) => Op::ShortestPath {
                input: Box::new(op),
                spec,
                min,
                max,
                select,
                path: h.path_slot,
                rel_filter: None,
                repeat: Some(repetition(r)),
                sequence: None,
                cycles: h.selector,
            },
            (Some((min, max)), None, Some(r)) => Op::Repeat {
                input: Box::new(op),
                spec,
                min,
                max,
                repeat: repetition(r),
            },
            (None, _, _) => {
                let op = Op::Expand {
                    input: Box::new(op),
                    spec,
                };
                let op = type_filter(op, h.type_filter.as_ref(), target_rel);
                self.rel_prop_filters(op, scope, &h.props, target_rel)?
            }
            (Some((min, max)), None, None) => {
                let rel_filter = rel_filter(self, scope, &h.props)?;
                Op::VarExpand {
                    input: Box::new(op),
                    spec,
                    min,
                    max,
                    rel_filter,
                }
            }
            (Some((min, max)), Some(select), None) => {
                let rel_filter = rel_filter(self, scope, &h.props)?;
                Op::ShortestPath {
                    input: Box::new(op),
                    spec,
                    min,
                    max,
                    select,
                    path: h.path_slot,
                    rel_filter,
                    repeat: None,
                    sequence: None,
                    cycles: h.selector,
                }
            }
        };
        if h.rel_bound {
            op = Op::Filter {
                input: Box::new(op),
                pred: Ex::Binary(
                    BinaryOp::Eq,
                    Box::new(Ex::Slot(target_rel)),
                    Box::new(Ex::Slot(h.rel_slot)),
                ),
            };
        }
        // A quantified path pattern's node variables: the path's nodes but the last, and but
        // the first.
        if let Some((_, left_list, right_list)) = &h.group {
            let nodes = Ex::Call(
                crate::ir::Function::Nodes,
                vec![Ex::BuildPath {
                    start: h.left,
                    rels: vec![h.rel_slot],
                }],
            );
            let int = |i| Some(Box::new(Ex::Const(crate::graph::Value::Int(i))));
            let lists = [(left_list, int(0), int(-1)), (right_list, int(1), None)];
            for (slot, from, to) in lists {
                if let Some(slot) = slot {
                    op = Op::Bind {
                        input: Box::new(op),
                        slot: *slot,
                        expr: Ex::Slice(Box::new(nodes.clone()), from, to),
                    };
                }
            }
        }
        Ok(op)
    }
}

/// A quantified path pattern's WHERE reads its own elements (`locals`) and variables bound
/// before the pattern, not other variables of the same MATCH.
/// A quantified path pattern of several relationships as walked from its left end.
fn repetition_from_left(r: &RepeatPlan) -> crate::ir::Repetition {
    let k = r.rel_types.len();
    let dir = |d: ast::Direction| match d {
        ast::Direction::Both => Dir::Both,
        ast::Direction::Outgoing => Dir::Out,
        ast::Direction::Incoming => Dir::In,
    };
    crate::ir::Repetition {
        first: (k, r.node_tests[0].clone()),
        steps: (0..k)
            .map(|i| crate::ir::RepeatStep {
                types: r.rel_types[i].clone(),
                dir: dir(r.rel_dirs[i]),
                rel: (i, r.rel_tests[i].clone()),
                node: (k + i + 1, r.node_tests[i + 1].clone()),
            })
            .collect(),
        filter: r.filter.clone(),
        lists: r.lists.clone(),
        text: r.text.clone(),
    }
}

fn check_group_where(
    g: &ast::PathGroup,
    locals: &[String],
    scope: &Scope,
    before: usize,
) -> Result<()> {
    let Some(w) = &g.where_ else { return Ok(()) };
    let mut reads = Vec::new();
    free_vars(w, &mut reads);
    for n in reads.iter().filter(|n| !locals.contains(n)) {
        if scope.lookup(n).is_some_and(|v| v.slot >= before) {
            return Err(Error::unsupported(
                w.span,
                &format!(
                    "a quantified path pattern's WHERE reading `{n}`, a variable of the same MATCH"
                ),
            ));
        }
    }
    Ok(())
}

/// The row slots an expression reads, or None when it reads a name not in scope (compiling
/// it then reports the error with its place).
fn free_slots(e: &ast::Expr, scope: &Scope) -> Option<Vec<usize>> {
    let mut names = Vec::new();
    free_vars(e, &mut names);
    names
        .iter()
        .map(|n| scope.lookup(n).map(|v| v.slot))
        .collect()
}

/// Merge rows that agree on every slot still needed: the slots `needed` after the pattern,
/// those bound before it (they tell input rows apart), those pending conjuncts and node
/// properties read, the bound ends of the hops still to expand, and the relationships those
/// hops must differ from. A done relationship that no remaining hop can meet again, unless it
/// is a self-loop, is kept only when it is one (`DistinctKey::LoopRel`).
#[allow(clippy::too_many_arguments)]
fn dedupe_rows(
    op: Op,
    scope: &Scope,
    needed: &[usize],
    hops: &[Hop],
    conjuncts: &[Conjunct],
    bound: &Bound,
    before: usize,
) -> Op {
    let remaining: Vec<&Hop> = hops.iter().filter(|h| !h.done).collect();
    if remaining.is_empty() {
        return op;
    }
    let mut slots: Vec<usize> = (0..before).collect();
    let mut in_key: HashSet<usize> = slots.iter().copied().collect();
    let mut add = |s: usize, slots: &mut Vec<usize>| {
        if bound.contains(s) && in_key.insert(s) {
            slots.push(s);
        }
    };
    for &s in needed {
        add(s, &mut slots);
    }
    for c in conjuncts.iter().filter(|c| !c.done) {
        for &s in &c.vars {
            add(s, &mut slots);
        }
    }
    for h in &remaining {
        add(h.left, &mut slots);
        add(h.right, &mut slots);
        // A relationship's property map may read variables of the pattern.
        for (_, e) in &h.props {
            for s in free_slots(e, scope).unwrap_or_default() {
                add(s, &mut slots);
            }
        }
    }
    // Node property checks still to come read only variables bound before the pattern,
    // which are all in the key already.
    let ends = |h: &Hop| match h.direction {
        ast::Direction::Outgoing => Some((h.left, h.right)),
        ast::Direction::Incoming => Some((h.right, h.left)),
        ast::Direction::Both => None,
    };
    // The remaining hops by start node, by end node and by both, to tell for a done hop how
    // many of them leave its end node or enter its start node.
    let mut starting: HashMap<usize, usize> = HashMap::new();
    let mut ending: HashMap<usize, usize> = HashMap::new();
    let mut between: HashMap<(usize, usize), usize> = HashMap::new();
    let mut all_directed = true;
    for h in &remaining {
        match ends(h) {
            Some((hs, he)) => {
                *starting.entry(hs).or_default() += 1;
                *ending.entry(he).or_default() += 1;
                *between.entry((hs, he)).or_default() += 1;
            }
            None => all_directed = false,
        }
    }
    let count = |m: &HashMap<usize, usize>, s: usize| m.get(&s).copied().unwrap_or(0);
    let mut key: Vec<DistinctKey> = slots.iter().map(|&s| DistinctKey::Slot(s)).collect();
    for d in hops.iter().filter(|h| h.done) {
        // A remaining hop leaving d's end node, or entering d's start node, cannot match d
        // again unless d is a self-loop.
        let exempt = all_directed
            && ends(d).is_some_and(|(ds, de)| {
                let both = between.get(&(de, ds)).copied().unwrap_or(0);
                count(&starting, de) + count(&ending, ds) - both == remaining.len()
            });
        key.push(if exempt {
            DistinctKey::LoopRel(d.rel_slot)
        } else {
            in_key.insert(d.rel_slot);
            DistinctKey::Slot(d.rel_slot)
        });
    }
    if bound.iter().all(|s| in_key.contains(&s)) {
        // The key is the whole row: nothing would be merged.
        return op;
    }
    // The hops still to come use at most one relationship each, so among that many plus one
    // rows with distinct self-loops, one excludes none of them.
    Op::DistinctOn {
        input: Box::new(op),
        key,
        loop_cap: remaining.len() + 1,
    }
}

/// The types a relationship type expression that is not a plain list (`[:!A]`, `[:A&B]`)
/// allows, and the check it needs: a list of types when it allows only some it names (none
/// when it allows none: every type, with the check, which fails), else every type and the
/// check.
fn type_set(e: LabelExpr) -> (Vec<Sym>, Option<LabelExpr>) {
    let (set, all_but) = allowed_types(&e);
    if all_but || set.is_empty() {
        return (Vec::new(), Some(e));
    }
    let types = e.names().into_iter().filter(|t| set.contains(t)).collect();
    (types, None)
}

/// The types a relationship type expression allows (a relationship has exactly one type):
/// `(names, false)` those named, `(names, true)` every type but those.
fn allowed_types(e: &LabelExpr) -> (HashSet<Sym>, bool) {
    match e {
        LabelExpr::Has(t) => (HashSet::from([*t]), false),
        LabelExpr::Any => (HashSet::new(), true),
        LabelExpr::Not(e) => {
            let (set, all_but) = allowed_types(e);
            (set, !all_but)
        }
        LabelExpr::And(items) => {
            let mut acc = (HashSet::new(), true);
            for item in items {
                let (b, b_all_but) = allowed_types(item);
                let (a, a_all_but) = &mut acc;
                match (*a_all_but, b_all_but) {
                    (false, false) => a.retain(|t| b.contains(t)),
                    (false, true) => a.retain(|t| !b.contains(t)),
                    (true, false) => {
                        let rest = b.into_iter().filter(|t| !a.contains(t)).collect();
                        acc = (rest, false);
                    }
                    (true, true) => a.extend(b),
                }
            }
            acc
        }
        LabelExpr::Or(items) => {
            let mut acc = (HashSet::new(), false);
            for item in items {
                let (b, b_all_but) = allowed_types(item);
                let (a, a_all_but) = &mut acc;
                match (*a_all_but, b_all_but) {
                    (false, false) => a.extend(b),
                    (false, true) => {
                        let rest = b.into_iter().filter(|t| !a.contains(t)).collect();
                        acc = (rest, true);
                    }
                    (true, false) => a.retain(|t| !b.contains(t)),
                    (true, true) => a.retain(|t| b.contains(t)),
                }
            }
            acc
        }
    }
}

/// The check of a relationship type expression on the relationship in `slot`, if any.
fn type_filter(op: Op, filter: Option<&LabelExpr>, slot: usize) -> Op {
    match filter {
        Some(t) => Op::Filter {
            input: Box::new(op),
            pred: Ex::Labels(Box::new(Ex::Slot(slot)), t.clone()),
        },
        None => op,
    }
}

/// Labels one of which every node a label expression holds of has, with what scanning them
/// costs (their nodes, added up): None when there are none (`!A`, `%`).
fn cover(e: &LabelExpr, graph: &crate::graph::Graph) -> Option<(f64, Vec<Sym>)> {
    match e {
        LabelExpr::Has(l) => Some((graph.label_count(*l) as f64, vec![*l])),
        LabelExpr::Any | LabelExpr::Not(_) => None,
        LabelExpr::And(items) => items
            .iter()
            .filter_map(|i| cover(i, graph))
            .min_by(|a, b| a.0.total_cmp(&b.0)),
        LabelExpr::Or(items) => {
            let mut labels: Vec<Sym> = Vec::new();
            let mut seen = HashSet::new();
            for item in items {
                let (_, ls) = cover(item, graph)?;
                labels.extend(ls.into_iter().filter(|l| seen.insert(*l)));
            }
            let cost = labels.iter().map(|l| graph.label_count(*l) as f64).sum();
            Some((cost, labels))
        }
    }
}

/// A relationship pattern's types, each once (`[:A|B|A]` matches an A relationship once).
fn distinct_types(types: &[Sym]) -> Vec<Sym> {
    let mut out = Vec::with_capacity(types.len());
    for t in types {
        if !out.contains(t) {
            out.push(*t);
        }
    }
    out
}

fn prop_equals(base: Ex, key: Sym, value: Ex) -> Ex {
    Ex::Binary(
        BinaryOp::Eq,
        Box::new(Ex::Prop(Box::new(base), key)),
        Box::new(value),
    )
}

fn split_and(e: &ast::Expr, out: &mut Vec<ast::Expr>) {
    match &e.kind {
        ExprKind::Binary(BinaryOp::And, a, b) => {
            split_and(a, out);
            split_and(b, out);
        }
        _ => out.push(e.clone()),
    }
}

/// A value as a literal expression (parameter maps in patterns).
fn value_expr(v: Value, span: crate::diagnostic::Span) -> ast::Expr {
    // Non-literal values (lists, maps) stay values: wrap them in a parameter-free form by
    // re-encoding as literals where possible.
    let kind = match v {
        Value::Null => ExprKind::Literal(ast::Literal::Null),
        Value::Bool(b) => ExprKind::Literal(ast::Literal::Bool(b)),
        Value::Int(i) => ExprKind::Literal(ast::Literal::Integer(i)),
        Value::Float(f) => ExprKind::Literal(ast::Literal::Float(f)),
        Value::String(s) => ExprKind::Literal(ast::Literal::String(s.to_string())),
        Value::List(items) => {
            ExprKind::List(items.into_iter().map(|i| value_expr(i, span)).collect())
        }
        Value::Map(m) => ExprKind::Map(
            m.into_iter()
                .map(|(k, v)| (ast::Ident { name: k, span }, value_expr(v, span)))
                .collect(),
        ),
        // Entities cannot come from parameters.
        _ => ExprKind::Literal(ast::Literal::Null),
    };
    ast::Expr { kind, span }
}

/// Whether `best` is a seek of one property of `label` that the composite seek `composite`
/// bounds the same way (an equality, range or prefix of the same conjuncts; not an IN, whose
/// list the composite's equality may not share): the composite then finds a subset of what it
/// finds.
fn seeks_one_of(best: &ScanSource, label: Sym, composite: &ScanSource) -> bool {
    let ScanSource::Composite { keys, .. } = composite else {
        return false;
    };
    match best {
        ScanSource::Index { label: l, key, .. }
        | ScanSource::Range { label: l, key, .. }
        | ScanSource::Prefix { label: l, key, .. } => *l == label && keys.contains(key),
        _ => false,
    }
}

/// `op`'s rows whose `slot` holds the entity `check` (`IsBoundNode` or `IsBoundRel`) asks
/// for: null drops the row, any other value is an error placed at `span`.
fn holds_entity(op: Op, check: crate::ir::Function, slot: usize, span: Span) -> Op {
    Op::Filter {
        input: Box::new(op),
        pred: Ex::Spanned(Box::new(Ex::Call(check, vec![Ex::Slot(slot)])), span),
    }
}
