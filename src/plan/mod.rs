//! Planning: AST to a plan of streaming operators (`ir`), with name, scope and type checks.
//! Uses `ast`, the graph's catalogue (names, counts, index sizes) and the function catalogue
//! (`ir::function`); never evaluates a query, and does not know the executor.

pub mod did_you_mean;
mod estimate;
pub mod explain;
mod expr;
mod pattern;
mod rules;
mod subquery;

use crate::diagnostic::{suggest, Error, Result, Span};
use crate::graph::{Graph, Value};
use crate::ir;
use crate::syntax::ast::{self, Clause, ExprKind};
use expr::{contains_aggregate, kind_of, AggMode, ExprCompiler};
use ir::{CreateNode, CreatePart, CreateRel, Ex, Op, Plan, QueryPlan, SetOp, Stage, Update};
use std::collections::HashMap;
use subquery::Body;

/// What a variable holds, as far as the planner knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Node,
    Rel,
    RelList,
    Path,
    Any,
}

impl VarKind {
    fn name(self) -> &'static str {
        match self {
            VarKind::Node => "Node",
            VarKind::Rel => "Relationship",
            VarKind::RelList => "List<Relationship>",
            VarKind::Path => "Path",
            VarKind::Any => "Any",
        }
    }
}

#[derive(Clone, Debug)]
pub struct VarInfo {
    pub name: String,
    pub slot: usize,
    pub kind: VarKind,
    /// Anonymous pattern elements: bound in the row but not visible by name.
    pub hidden: bool,
}

/// The variables in scope and their row slots.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    vars: Vec<VarInfo>,
    /// The next free slot.
    width: usize,
    /// For each visible name, its latest variable in `vars` (what `lookup` finds).
    by_name: HashMap<String, usize>,
    /// The slots of the line and the file of the latest LOAD CSV in this scope, which
    /// `linenumber()` and `file()` read (null without one).
    load_csv: Option<(usize, usize)>,
    /// In a `CALL { }` subquery: the outer variables it did not import.
    not_imported: Vec<String>,
}

impl Scope {
    pub fn lookup(&self, name: &str) -> Option<&VarInfo> {
        self.by_name.get(name).map(|&i| &self.vars[i])
    }
    /// Add a variable; a visible one hides any earlier one of the same name.
    fn push(&mut self, var: VarInfo) {
        if !var.hidden {
            self.by_name.insert(var.name.clone(), self.vars.len());
        }
        self.vars.push(var);
    }
    pub fn visible_names(&self) -> impl Iterator<Item = &str> {
        self.vars
            .iter()
            .filter(|v| !v.hidden)
            .map(|v| v.name.as_str())
    }
    fn bind(&mut self, name: &str, kind: VarKind) -> usize {
        let slot = self.width;
        self.width += 1;
        self.push(VarInfo {
            name: name.to_string(),
            slot,
            kind,
            hidden: false,
        });
        slot
    }
    /// The name of each slot (None for anonymous ones), for plan descriptions.
    fn slot_names(&self) -> Vec<Option<String>> {
        let mut names = vec![None; self.width];
        for v in self.vars.iter().filter(|v| !v.hidden) {
            names[v.slot] = Some(v.name.clone());
        }
        names
    }
    fn bind_hidden(&mut self, kind: VarKind) -> usize {
        let slot = self.width;
        self.width += 1;
        self.push(VarInfo {
            name: String::new(),
            slot,
            kind,
            hidden: true,
        });
        slot
    }
}

/// A note for the user that does not stop the statement (an unknown label, say).
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

pub struct Planner<'g> {
    graph: &'g Graph,
    params: &'g HashMap<String, Value>,
    source: &'g str,
    pub warnings: Vec<Warning>,
    writes: bool,
    /// For the next MATCH: the variables the projection after it reads, when that projection
    /// ignores how often a row occurs.
    dedupe_hint: Option<Vec<String>>,
    /// What stops the statement while it is planned (a pattern of many hops takes a while).
    cancel: crate::cancel::Cancel<'g>,
    /// The slot names of the subqueries planned so far (`QueryPlan::subquery_names`).
    subquery_names: Vec<(usize, Vec<Vec<Option<String>>>)>,
    /// The scopes of a subquery's queries between planning them and knowing where they
    /// lie (`subquery::read_op`).
    pending_names: Vec<Vec<Vec<Option<String>>>>,
    /// How many subqueries the planner is inside.
    depth: usize,
    /// The labels, relationship types and property keys the statement itself writes: no
    /// warning that the graph has none of them.
    written: std::collections::HashSet<String>,
}

/// The labels, relationship types and property keys that a statement's CREATE, MERGE and SET
/// clauses write (inside FOREACH and subqueries too).
fn written_names(queries: &[ast::SingleQuery]) -> std::collections::HashSet<String> {
    fn part(p: &ast::PatternPart, out: &mut std::collections::HashSet<String>) {
        let nodes = std::iter::once(&p.start).chain(p.chain.iter().map(|(_, n)| n));
        for n in nodes {
            if let Some(l) = &n.labels {
                out.extend(l.names().into_iter().map(|i| i.name.clone()));
            }
            props(&n.props, out);
        }
        for (r, _) in &p.chain {
            if let Some(t) = &r.types {
                out.extend(t.names().into_iter().map(|i| i.name.clone()));
            }
            props(&r.props, out);
        }
    }
    fn props(e: &Option<ast::Expr>, out: &mut std::collections::HashSet<String>) {
        if let Some(ast::Expr {
            kind: ExprKind::Map(items),
            ..
        }) = e
        {
            out.extend(items.iter().map(|(k, _)| k.name.clone()));
        }
    }
    fn set(items: &[ast::SetItem], out: &mut std::collections::HashSet<String>) {
        for item in items {
            match item {
                ast::SetItem::Property { key, .. } => {
                    out.insert(key.name.clone());
                }
                ast::SetItem::Labels { labels, .. } => {
                    out.extend(labels.iter().map(|l| l.name.clone()));
                }
                ast::SetItem::Replace { value, .. } | ast::SetItem::Merge { value, .. } => {
                    props(&Some(value.clone()), out)
                }
            }
        }
    }
    fn clause(c: &Clause, out: &mut std::collections::HashSet<String>) {
        match c {
            Clause::Create(c) => c.pattern.iter().for_each(|p| part(p, out)),
            Clause::Merge(m) => {
                part(&m.part, out);
                set(&m.on_create, out);
                set(&m.on_match, out);
            }
            Clause::Set(s) => set(&s.items, out),
            Clause::Foreach(f) => f.clauses.iter().for_each(|c| clause(c, out)),
            Clause::CallSubquery(c) => {
                for q in &c.body.queries {
                    q.clauses.iter().for_each(|c| clause(c, out));
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::HashSet::new();
    for q in queries {
        q.clauses.iter().for_each(|c| clause(c, &mut out));
    }
    out
}

/// Plan a statement. `source` is the text the statement's spans point into; planning stops
/// with an error when `cancel` fires.
pub fn plan(
    statement: &ast::Statement,
    source: &str,
    graph: &Graph,
    params: &HashMap<String, Value>,
    cancel: crate::cancel::Cancel,
) -> Result<(Plan, Vec<Warning>)> {
    let mut planner = Planner {
        graph,
        params,
        source,
        warnings: Vec::new(),
        writes: false,
        dedupe_hint: None,
        cancel,
        subquery_names: Vec::new(),
        pending_names: Vec::new(),
        depth: 0,
        written: written_names(&statement.queries),
    };
    let mut queries = Vec::new();
    for q in &statement.queries {
        let mut query = planner.plan_single(q)?;
        rules::apply(&mut query, planner.graph);
        queries.push(query);
    }
    let columns = union_columns(
        &queries,
        &statement.queries,
        &statement.union_all,
        statement.span,
    )?;
    let writes = planner.writes;
    let warnings = std::mem::take(&mut planner.warnings);
    Ok((
        Plan {
            queries,
            union_all: statement.union_all.clone(),
            columns,
            writes,
        },
        warnings,
    ))
}

/// The columns of single queries joined by UNION (at `span`): the same in every query, and
/// UNION and UNION ALL not mixed.
fn union_columns(
    queries: &[QueryPlan],
    written: &[ast::SingleQuery],
    union_all: &[bool],
    span: crate::diagnostic::Span,
) -> Result<Vec<String>> {
    if union_all.iter().any(|a| *a) && union_all.iter().any(|a| !a) {
        return Err(Error::semantic(
            span,
            "UNION and UNION ALL cannot be mixed in one statement",
        ));
    }
    let columns = queries[0].columns.clone();
    for (q, ast_q) in queries.iter().zip(written).skip(1) {
        if q.columns != columns {
            return Err(Error::semantic(
                ast_q.span,
                "all queries in a UNION must return the same column names",
            )
            .with_help(format!(
                "the first returns {}, this one {}",
                columns.join(", "),
                q.columns.join(", ")
            )));
        }
    }
    Ok(columns)
}

/// `MATCH ()-[r]->() RETURN [type(r),] count(*)` (or `count(r)`): the counts come from the
/// relationship type index instead of visiting every relationship.
fn count_by_type(input: &Op, keys: &[Ex], aggs: &[ir::AggSpec]) -> Option<Op> {
    use crate::graph::Dir;
    use ir::{AggregateKind, Function};
    // Planned as a scan of the relationships, or of all nodes and their expansion.
    let (start, spec) = match input {
        Op::RelScan {
            input: start,
            spec,
            seek: None,
        } => (start, spec),
        Op::Expand { input: scan, spec } => match &**scan {
            Op::Scan {
                input: start,
                slot,
                source: ir::ScanSource::All,
            } if spec.from == *slot && !spec.into => (start, spec),
            _ => return None,
        },
        _ => return None,
    };
    let directed = matches!(spec.dir, Dir::Out | Dir::In);
    if !matches!(**start, Op::Input) || !directed {
        return None;
    }
    let is_rel = |e: &Option<Ex>| matches!(e, Some(Ex::Slot(s)) if *s == spec.rel);
    let counts_rows = aggs.iter().all(|a| {
        !a.distinct
            && a.extra.is_none()
            && (a.kind == AggregateKind::CountStar
                || (a.kind == AggregateKind::Count && is_rel(&a.arg)))
    });
    let by_type = match keys {
        [] => false,
        [Ex::Spanned(call, _)] => match &**call {
            Ex::Call(Function::Type, args) if args.len() == 1 && is_rel(&Some(args[0].clone())) => {
                true
            }
            _ => return None,
        },
        _ => return None,
    };
    counts_rows.then(|| Op::RelTypeCounts {
        types: spec.types.clone(),
        by_type,
        aggs: aggs.len(),
    })
}

/// When a projection's result does not depend on how often each input row occurs (DISTINCT
/// without aggregates, or aggregates that are all DISTINCT or min/max), the variables it reads.
fn multiplicity_free_reads(p: &ast::Projection) -> Option<Vec<String>> {
    if p.star {
        return None;
    }
    let aggregating = p.items.iter().any(|i| contains_aggregate(&i.expr));
    if !aggregating && !p.distinct {
        return None;
    }
    let mut insensitive = true;
    let exprs = p
        .items
        .iter()
        .map(|i| &i.expr)
        .chain(p.order_by.iter().map(|s| &s.expr));
    for e in exprs.clone() {
        expr::walk(e, &mut |e| match &e.kind {
            ExprKind::CountStar => insensitive = false,
            ExprKind::Function { name, distinct, .. } => {
                use ir::{function::aggregate_kind, AggregateKind};
                if let Some(kind) = aggregate_kind(&name.name.to_lowercase()) {
                    if !distinct && !matches!(kind, AggregateKind::Min | AggregateKind::Max) {
                        insensitive = false;
                    }
                }
            }
            _ => {}
        });
    }
    if !insensitive {
        return None;
    }
    let mut names = Vec::new();
    for e in exprs {
        expr::free_vars(e, &mut names);
    }
    for e in p.skip.iter().chain(p.limit.iter()) {
        expr::free_vars(e, &mut names);
    }
    Some(names)
}

/// Compile an expression that reads no variables, for the caller to evaluate (a parameter's
/// value: the planner never evaluates anything itself).
pub fn compile_constant(
    expr: &ast::Expr,
    source: &str,
    graph: &Graph,
    params: &HashMap<String, Value>,
) -> Result<Ex> {
    let mut planner = Planner {
        graph,
        params,
        source,
        warnings: Vec::new(),
        writes: false,
        dedupe_hint: None,
        cancel: crate::cancel::Cancel::default(),
        subquery_names: Vec::new(),
        pending_names: Vec::new(),
        depth: 0,
        written: Default::default(),
    };
    planner.compile(expr, &Scope::default(), "in a constant")
}

impl<'g> Planner<'g> {
    fn text(&self, span: Span) -> &str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// A label expression with its names interned.
    fn label_expr(&mut self, e: &ast::LabelExpr) -> ir::LabelExpr {
        match e {
            ast::LabelExpr::Name(id) => ir::LabelExpr::Has(self.graph.intern(&id.name)),
            ast::LabelExpr::Any(_) => ir::LabelExpr::Any,
            ast::LabelExpr::Not(e, _) => ir::LabelExpr::Not(Box::new(self.label_expr(e))),
            ast::LabelExpr::And(items) => {
                ir::LabelExpr::And(items.iter().map(|i| self.label_expr(i)).collect())
            }
            ast::LabelExpr::Or(items, _) => {
                ir::LabelExpr::Or(items.iter().map(|i| self.label_expr(i)).collect())
            }
        }
    }

    fn param(&self, name: &str, span: Span) -> Result<Value> {
        match self.params.get(name) {
            Some(v) => Ok(v.clone()),
            None => {
                let mut err = Error::at(
                    crate::diagnostic::ErrorKind::Parameter,
                    span,
                    format!("expected parameter `${name}`"),
                );
                err = err.with_help(
                    match suggest(name, self.params.keys().map(|k| k.as_str())) {
                        Some(s) => format!("did you mean `${s}`?"),
                        None => format!(
                            "give it with --param '{name} => VALUE' (or :param in the shell)"
                        ),
                    },
                );
                Err(err)
            }
        }
    }

    fn compiler<'p, 's>(
        &'p mut self,
        scope: &'s Scope,
        place: &'static str,
    ) -> ExprCompiler<'p, 'g, 's> {
        ExprCompiler {
            planner: self,
            scope,
            locals: Vec::new(),
            agg: AggMode::Forbidden(place),
        }
    }

    fn compile(&mut self, expr: &ast::Expr, scope: &Scope, place: &'static str) -> Result<Ex> {
        self.compiler(scope, place).compile(expr)
    }

    fn plan_single(&mut self, query: &ast::SingleQuery) -> Result<QueryPlan> {
        Ok(self
            .plan_single_scoped(query, Scope::default(), Body::Statement)?
            .0)
    }

    /// Plan a single query starting from `scope` (empty for a statement; for a subquery, the
    /// outer row's slots with the variables it may see), as `body` allows; with the scope it
    /// ends in.
    fn plan_single_scoped(
        &mut self,
        query: &ast::SingleQuery,
        mut scope: Scope,
        body: Body,
    ) -> Result<(QueryPlan, Scope)> {
        let mut stages = Vec::new();
        let mut op = Op::Input;
        let mut columns = Vec::new();
        let mut slot_names = Vec::new();
        let n = query.clauses.len();
        for (i, clause) in query.clauses.iter().enumerate() {
            let last = i + 1 == n;
            match clause {
                Clause::Match(m) => {
                    self.dedupe_hint = match query.clauses.get(i + 1) {
                        Some(Clause::With(p) | Clause::Return(p)) if !m.optional => {
                            multiplicity_free_reads(p)
                        }
                        _ => None,
                    };
                    op = self.plan_match(op, &mut scope, m)?;
                    self.dedupe_hint = None;
                }
                Clause::Unwind(u) => {
                    let expr = self.compile(&u.expr, &scope, "in UNWIND")?;
                    self.check_new_var(&scope, &u.alias)?;
                    let slot = scope.bind(&u.alias.name, VarKind::Any);
                    op = Op::Unwind {
                        input: Box::new(op),
                        expr,
                        slot,
                        live: None,
                    };
                }
                Clause::LoadCsv(l) => op = self.plan_load_csv(op, &mut scope, l)?,
                Clause::CallSubquery(c) => {
                    op = self.plan_call_subquery(op, &mut scope, c, &mut stages)?;
                }
                Clause::Foreach(f) => {
                    let update = self.plan_foreach(&scope, f)?;
                    stages.push(Stage::Read(std::mem::replace(&mut op, Op::Input)));
                    stages.push(Stage::Update(update));
                }
                Clause::Call(c) => {
                    let standalone = n == 1 && body == Body::Statement;
                    let (new_op, cols) = self.plan_call(op, &mut scope, c, standalone)?;
                    op = new_op;
                    if let Some(cols) = cols {
                        columns = cols;
                    }
                }
                Clause::With(p) => {
                    let (new_op, new_scope, _) = self.plan_projection(op, &scope, p, false)?;
                    op = new_op;
                    slot_names.push(scope.slot_names());
                    scope = new_scope;
                }
                Clause::Return(p) => {
                    if !last {
                        return Err(Error::semantic(
                            p.span,
                            "RETURN can only be used at the end of a query",
                        )
                        .with_help("use WITH to pass values on to the next clause"));
                    }
                    let (new_op, new_scope, cols) = self.plan_projection(op, &scope, p, true)?;
                    op = new_op;
                    slot_names.push(scope.slot_names());
                    scope = new_scope;
                    columns = cols;
                }
                Clause::Create(c) => {
                    let update = self.plan_create(&mut scope, c)?;
                    stages.push(Stage::Read(std::mem::replace(&mut op, Op::Input)));
                    stages.push(Stage::Update(update));
                }
                Clause::Merge(m) => {
                    let update = self.plan_merge(&mut scope, m)?;
                    stages.push(Stage::Read(std::mem::replace(&mut op, Op::Input)));
                    stages.push(Stage::Update(update));
                }
                Clause::Set(s) => {
                    let ops = self.plan_set_items(&scope, &s.items)?;
                    stages.push(Stage::Read(std::mem::replace(&mut op, Op::Input)));
                    stages.push(Stage::Update(Update::Set(ops)));
                }
                Clause::Remove(r) => {
                    let ops = self.plan_remove(&scope, r)?;
                    stages.push(Stage::Read(std::mem::replace(&mut op, Op::Input)));
                    stages.push(Stage::Update(Update::Set(ops)));
                }
                Clause::Delete(d) => {
                    let update = self.plan_delete(&scope, d)?;
                    stages.push(Stage::Read(std::mem::replace(&mut op, Op::Input)));
                    stages.push(Stage::Update(update));
                }
            }
            // A procedure called on its own returns its rows.
            let standalone_call =
                matches!(clause, Clause::Call(_)) && n == 1 && body == Body::Statement;
            let unit_call = matches!(clause, Clause::CallSubquery(_))
                && matches!(op, Op::Input)
                && matches!(stages.last(), Some(Stage::Call(c)) if c.unit);
            if body.writes_forbidden() && !stages.is_empty() {
                return Err(Error::semantic(
                    clause.span(),
                    format!("{} cannot contain updates", body.name()),
                )
                .with_help("a CALL { } subquery can update the graph"));
            }
            if last
                && !standalone_call
                && !unit_call
                && body.needs_end()
                && !matches!(
                    clause,
                    Clause::Return(_)
                        | Clause::Create(_)
                        | Clause::Merge(_)
                        | Clause::Set(_)
                        | Clause::Remove(_)
                        | Clause::Delete(_)
                        | Clause::Foreach(_)
                )
            {
                let name = match clause {
                    Clause::Call(_) => "CALL",
                    Clause::CallSubquery(_) => "CALL { }",
                    Clause::Match(m) if m.optional => "OPTIONAL MATCH",
                    Clause::Match(_) => "MATCH",
                    Clause::Unwind(_) => "UNWIND",
                    Clause::LoadCsv(_) => "LOAD CSV",
                    _ => "WITH",
                };
                return Err(Error::semantic(
                    clause.span(),
                    format!("a query cannot end with {name}"),
                )
                .with_help(
                    "finish it with RETURN, or with an updating clause such as CREATE or SET",
                ));
            }
        }
        if !matches!(op, Op::Input) || stages.is_empty() {
            stages.push(Stage::Read(op));
        }
        slot_names.push(scope.slot_names());
        let plan = QueryPlan {
            stages,
            columns,
            slot_names,
            subquery_names: std::mem::take(&mut self.subquery_names),
        };
        Ok((plan, scope))
    }

    /// `CALL proc() YIELD ...`: the procedure's rows (lists in column order, `Ex::Procedure`) are
    /// unwound into a hidden slot, and each column yielded is bound from it. On its own, a call
    /// returns the columns it yields (every one without YIELD); inside a query it must say
    /// which.
    fn plan_call(
        &mut self,
        input: Op,
        scope: &mut Scope,
        c: &ast::Call,
        standalone: bool,
    ) -> Result<(Op, Option<Vec<String>>)> {
        use crate::ir::procedure::{Procedure, NOT_YET};
        let name = &c.name;
        let Some(procedure) = Procedure::lookup(&name.name) else {
            if let Some(not_yet) = NOT_YET
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&name.name))
            {
                let mut err =
                    Error::unsupported(name.span, &format!("the procedure `{}`", name.name));
                if let Some(why) = not_yet.why {
                    err.message = format!("{}: {why}", err.message);
                }
                if let Some(instead) = not_yet.instead {
                    err = err.with_help(instead);
                }
                return Err(err);
            }
            let known: Vec<&str> = Procedure::ALL.iter().map(|p| p.name()).collect();
            let err = Error::semantic(name.span, format!("there is no procedure `{}`", name.name));
            if name.name.to_ascii_lowercase().starts_with("gds.") {
                let algorithms: Vec<&str> = (Procedure::ALL.iter())
                    .filter(|p| p.is_algorithm())
                    .map(|p| p.name())
                    .collect();
                return Err(err.with_help(format!(
                    "relq's graph algorithms are {}; each runs on the graph itself, the part it \
                     runs on chosen by a map of settings (nodeLabels, relationshipTypes, nodes, \
                     relationships) rather than by a projected graph's name",
                    algorithms.join(", ")
                )));
            }
            return Err(match suggest(&name.name, known.iter().copied()) {
                Some(s) => err.with_help(format!("did you mean `{s}`?")),
                None => err.with_help(format!(
                    "the procedures are {}; CALL dbms.procedures() lists them",
                    known.join(", ")
                )),
            });
        };
        let most = usize::from(procedure.is_algorithm() || procedure.is_show());
        if let Some(arg) = c.args.get(most) {
            let takes = match most {
                0 => "no arguments".to_string(),
                _ => "one argument, a map of settings".to_string(),
            };
            return Err(Error::semantic(
                arg.span,
                format!("{}() takes {takes}, got {}", procedure.name(), c.args.len()),
            )
            .with_help(format!("its signature is {}", procedure.signature())));
        }
        let mut args = Vec::new();
        for arg in &c.args {
            args.push(self.compile(arg, scope, "in a procedure's arguments")?);
        }
        // Errors in the arguments' values point at the first argument (or the name).
        let at = c.args.first().map_or(name.span, |a| a.span);
        let call = Ex::Spanned(Box::new(Ex::Procedure(procedure, args)), at);
        let columns = procedure.columns();
        let column_list = columns
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ");
        let all = || {
            columns
                .iter()
                .map(|(col, _)| {
                    let ident = ast::Ident {
                        name: col.to_string(),
                        span: name.span,
                    };
                    (ident.clone(), ident)
                })
                .collect::<Vec<_>>()
        };
        let yields: Vec<(ast::Ident, ast::Ident)> = match &c.yields {
            None | Some(ast::Yield::All) if standalone => all(),
            Some(ast::Yield::All) if procedure.is_show() => all(),
            None => {
                return Err(Error::semantic(
                    c.span,
                    "a procedure called inside a query needs YIELD",
                )
                .with_help(format!("name the columns to keep: YIELD {column_list}")))
            }
            Some(ast::Yield::All) => {
                return Err(
                    Error::semantic(c.span, "YIELD * is only allowed in a CALL on its own")
                        .with_help("name the columns to keep"),
                )
            }
            Some(ast::Yield::Items(items)) => {
                let mut out = Vec::new();
                for (col, alias) in items {
                    if !columns.iter().any(|(c, _)| *c == col.name) {
                        let called = if procedure.is_show() {
                            procedure.name().to_string()
                        } else {
                            format!("{}()", procedure.name())
                        };
                        return Err(Error::semantic(
                            col.span,
                            format!("{called} has no column `{}`", col.name),
                        )
                        .with_help(format!("its columns are {column_list}")));
                    }
                    out.push((col.clone(), alias.clone().unwrap_or_else(|| col.clone())));
                }
                out
            }
        };
        let row_slot = scope.bind_hidden(VarKind::Any);
        let mut op = Op::Unwind {
            input: Box::new(input),
            expr: call,
            slot: row_slot,
            live: None,
        };
        let mut slots = Vec::new();
        for (col, alias) in &yields {
            self.check_new_var(scope, alias)?;
            let slot = scope.bind(&alias.name, VarKind::Any);
            let at = columns
                .iter()
                .position(|(c, _)| *c == col.name)
                .unwrap_or(0);
            op = Op::Bind {
                input: Box::new(op),
                slot,
                expr: Ex::Index(
                    Box::new(Ex::Slot(row_slot)),
                    Box::new(Ex::Const(Value::Int(at as i64))),
                ),
            };
            slots.push(slot);
        }
        if let Some(w) = &c.where_ {
            let pred = self.compile(w, scope, "in WHERE")?;
            op = Op::Filter {
                input: Box::new(op),
                pred,
            };
        }
        if !standalone {
            return Ok((op, None));
        }
        let op = Op::Project {
            input: Box::new(op),
            exprs: slots.into_iter().map(Ex::Slot).collect(),
            keep: false,
        };
        Ok((op, Some(yields.into_iter().map(|(_, a)| a.name).collect())))
    }

    /// `LOAD CSV`: the URL is any expression of the rows before it; the field terminator one
    /// character of one byte (Neo4j takes one character too; `'\t'` is a tab).
    fn plan_load_csv(&mut self, input: Op, scope: &mut Scope, l: &ast::LoadCsv) -> Result<Op> {
        let url = self.compile(&l.url, scope, "in LOAD CSV")?;
        let terminator = match &l.field_terminator {
            None => b',',
            Some((text, span)) => match text.as_bytes() {
                [b] if b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r') => *b,
                _ => {
                    return Err(Error::semantic(
                        *span,
                        format!(
                            "expected a FIELDTERMINATOR of one ASCII character other than a quote or a line end, found '{}'",
                            text.escape_default()
                        ),
                    )
                    .with_help("write one character such as ';' or '|', or '\\t' for a tab"))
                }
            },
        };
        self.check_new_var(scope, &l.alias)?;
        let slot = scope.bind(&l.alias.name, VarKind::Any);
        let line = scope.bind_hidden(VarKind::Any);
        let file = scope.bind_hidden(VarKind::Any);
        scope.load_csv = Some((line, file));
        Ok(Op::LoadCsv {
            input: Box::new(input),
            url,
            headers: l.with_headers,
            terminator,
            slot,
            line,
            file,
            span: l.url.span,
        })
    }

    /// DELETE and DETACH DELETE.
    fn plan_delete(&mut self, scope: &Scope, d: &ast::Delete) -> Result<Update> {
        let mut exprs = Vec::new();
        for e in &d.exprs {
            // A label test or a literal is never an entity (null deletes nothing).
            let never = match &e.kind {
                ExprKind::HasLabels(..) => true,
                ExprKind::Literal(l) => !matches!(l, ast::Literal::Null),
                ExprKind::Map(_) => true,
                _ => false,
            };
            if never
                || !matches!(
                    kind_of(e, scope),
                    VarKind::Node | VarKind::Rel | VarKind::Path | VarKind::Any
                )
            {
                let err =
                    Error::semantic(e.span, "DELETE expects a node, a relationship or a path");
                return Err(match e.kind {
                    ExprKind::HasLabels(..) => {
                        err.with_help("to take a label off a node, write REMOVE n:Label")
                    }
                    _ => err,
                });
            }
            exprs.push((self.compile(e, scope, "in DELETE")?, e.span));
        }
        self.writes = true;
        Ok(Update::Delete {
            detach: d.detach,
            exprs,
        })
    }

    fn check_new_var(&self, scope: &Scope, ident: &ast::Ident) -> Result<()> {
        if scope.lookup(&ident.name).is_some() {
            return Err(Error::semantic(
                ident.span,
                format!("variable `{}` already declared", ident.name),
            ));
        }
        Ok(())
    }

    /// WITH and RETURN.
    fn plan_projection(
        &mut self,
        input: Op,
        scope: &Scope,
        proj: &ast::Projection,
        is_return: bool,
    ) -> Result<(Op, Scope, Vec<String>)> {
        // The items: `*` first (visible variables by name), then the listed ones.
        let mut items: Vec<(ast::Expr, String, Option<String>)> = Vec::new(); // expr, column, plain variable name
        if proj.star {
            let mut names: Vec<&str> = scope.visible_names().collect();
            names.sort();
            names.dedup();
            // WITH * over nothing passes the rows on (after CREATE, say); RETURN * must
            // return some column.
            if names.is_empty() && is_return && proj.items.is_empty() {
                return Err(Error::semantic(
                    proj.span,
                    "RETURN * needs variables in scope",
                ));
            }
            for name in names {
                let e = ast::Expr {
                    kind: ExprKind::Variable(name.to_string()),
                    span: proj.span,
                };
                items.push((e, name.to_string(), Some(name.to_string())));
            }
        }
        for item in &proj.items {
            pattern_as_value(&item.expr)?;
        }
        for e in proj
            .items
            .iter()
            .map(|i| &i.expr)
            .chain(proj.order_by.iter().map(|o| &o.expr))
        {
            if let Some(at) = expr::aggregate_per_element(e) {
                return Err(Error::semantic(
                    at,
                    "an aggregate cannot be used inside a list comprehension, reduce() or a \
                     quantifier, which evaluate it once per element",
                ));
            }
        }
        for item in &proj.items {
            let column = match &item.alias {
                Some(a) => a.name.clone(),
                None => {
                    if !is_return && !matches!(item.expr.kind, ExprKind::Variable(_)) {
                        return Err(Error::semantic(
                            item.expr.span,
                            "an expression in WITH must be aliased",
                        )
                        .with_help(format!("write `{} AS name`", item.text)));
                    }
                    item.text.clone()
                }
            };
            let var = match &item.expr.kind {
                ExprKind::Variable(v) => Some(v.clone()),
                _ => None,
            };
            items.push((item.expr.clone(), column, var));
        }
        let mut columns_seen = std::collections::HashSet::with_capacity(items.len());
        for (i, (_, col, _)) in items.iter().enumerate() {
            if !columns_seen.insert(col.as_str()) {
                let span = items[i].0.span;
                return Err(
                    Error::semantic(span, format!("column `{col}` appears twice"))
                        .with_help("give one of them another name with AS"),
                );
            }
        }
        let aggregating = items.iter().any(|(e, _, _)| contains_aggregate(e));
        let n = items.len();
        let mut new_scope = Scope::default();
        for (e, col, _) in &items {
            let kind = kind_of(e, scope);
            new_scope.bind(col, kind);
        }
        let mut op;
        // ORDER BY sees the new names and, unless the projection aggregates or is DISTINCT,
        // the old variables too (kept after the new values until the sort is done).
        // So does WITH's WHERE, when it reads a variable the projection drops (`WITH b WHERE
        // r IS NULL`): the WHERE is part of the WITH, before its rows are narrowed.
        let where_reads_dropped = proj.where_.as_ref().is_some_and(|w| {
            let mut names = Vec::new();
            expr::free_vars(w, &mut names);
            names
                .iter()
                .any(|n| new_scope.lookup(n).is_none() && scope.lookup(n).is_some())
        });
        let keep =
            !aggregating && !proj.distinct && (!proj.order_by.is_empty() || where_reads_dropped);
        let mut order_scope = new_scope.clone();
        if aggregating {
            let mut keys_text: Vec<(String, Option<String>)> = Vec::new();
            let mut key_exprs = Vec::new();
            let mut key_of_item = vec![None; n];
            for (i, (e, _, var)) in items.iter().enumerate() {
                if !contains_aggregate(e) {
                    key_of_item[i] = Some(keys_text.len());
                    keys_text.push((self.text(e.span).trim().to_string(), var.clone()));
                    key_exprs.push(self.compile(e, scope, "here")?);
                }
            }
            let mut post = Vec::with_capacity(n);
            let mut specs = Vec::new();
            for (i, (e, _, _)) in items.iter().enumerate() {
                match key_of_item[i] {
                    Some(k) => post.push(Ex::Slot(k)),
                    None => {
                        let mut c = ExprCompiler {
                            planner: &mut *self,
                            scope,
                            locals: Vec::new(),
                            agg: AggMode::Rewrite {
                                input: scope,
                                keys: &keys_text,
                                specs: std::mem::take(&mut specs),
                            },
                        };
                        let ex = c.compile(e)?;
                        if let AggMode::Rewrite { specs: s, .. } = c.agg {
                            specs = s;
                        }
                        post.push(ex);
                    }
                }
            }
            op = match count_by_type(&input, &key_exprs, &specs) {
                Some(counts) => counts,
                None => Op::Aggregate {
                    input: Box::new(input),
                    keys: key_exprs,
                    aggs: specs,
                    top: None,
                },
            };
            op = Op::Project {
                input: Box::new(op),
                exprs: post,
                keep: false,
            };
        } else {
            let mut exprs = Vec::with_capacity(n);
            for (e, _, _) in &items {
                exprs.push(self.compile(
                    e,
                    scope,
                    if is_return {
                        "in RETURN without grouping"
                    } else {
                        "here"
                    },
                )?);
            }
            op = Op::Project {
                input: Box::new(input),
                exprs,
                keep,
            };
            if keep {
                for v in &scope.vars {
                    if new_scope.lookup(&v.name).is_none() || v.hidden {
                        order_scope.push(VarInfo {
                            name: v.name.clone(),
                            slot: n + v.slot,
                            kind: v.kind,
                            hidden: v.hidden,
                        });
                    }
                }
                order_scope.width = n + scope.width;
            }
        }
        if proj.distinct {
            op = Op::Distinct {
                input: Box::new(op),
                width: n,
            };
        }
        if !proj.order_by.is_empty() {
            let mut keys = Vec::new();
            for s in &proj.order_by {
                let text = self.text(s.expr.span).trim().to_string();
                let by_item = items
                    .iter()
                    .position(|(e, _, _)| self.text(e.span).trim() == text);
                let ex = match by_item {
                    Some(i) if !proj.star || i >= n - proj.items.len() => Ex::Slot(i),
                    _ => {
                        if contains_aggregate(&s.expr) {
                            // Aggregates the projection returns, inside a larger expression.
                            let texts: Vec<String> = items
                                .iter()
                                .map(|(e, _, _)| self.text(e.span).trim().to_string())
                                .collect();
                            let mut c = self.compiler(&order_scope, "in ORDER BY");
                            c.agg = AggMode::Returned { texts: &texts };
                            keys.push((c.compile(&s.expr)?, s.descending));
                            continue;
                        }
                        let place = if aggregating || proj.distinct {
                            "in ORDER BY"
                        } else {
                            "in ORDER BY here"
                        };
                        self.compile(&s.expr, &order_scope, place).map_err(|e| {
                            if (aggregating || proj.distinct) && e.message.contains("not defined") {
                                e.with_help("after an aggregation or DISTINCT, ORDER BY sees only the projected columns")
                            } else {
                                e
                            }
                        })?
                    }
                };
                keys.push((ex, s.descending));
            }
            let limit = match (&proj.skip, &proj.limit) {
                (None, Some(l)) => Some(self.compile_count(l, ir::Function::Limit)?),
                (Some(s), Some(l)) => Some(Ex::Binary(
                    ast::BinaryOp::Add,
                    Box::new(self.compile_count(s, ir::Function::Skip)?),
                    Box::new(self.compile_count(l, ir::Function::Limit)?),
                )),
                _ => None,
            };
            op = Op::Sort {
                input: Box::new(op),
                keys,
                limit,
            };
        }
        if let Some(s) = &proj.skip {
            op = Op::Skip {
                input: Box::new(op),
                count: self.compile_count(s, ir::Function::Skip)?,
            };
        }
        if let Some(l) = &proj.limit {
            op = Op::Limit {
                input: Box::new(op),
                count: self.compile_count(l, ir::Function::Limit)?,
            };
        }
        if let Some(w) = &proj.where_ {
            let pred = self.compile(w, if keep { &order_scope } else { &new_scope }, "in WHERE")?;
            op = Op::Filter {
                input: Box::new(op),
                pred,
            };
        }
        if keep {
            op = Op::Truncate {
                input: Box::new(op),
                width: n,
            };
        }
        let columns = items.into_iter().map(|(_, c, _)| c).collect();
        Ok((op, new_scope, columns))
    }

    /// SKIP and LIMIT take a constant: a literal or a parameter, checked when run.
    /// `check` is `Function::Skip` or `Function::Limit`, the internal function that checks the
    /// value when the plan runs (its name is the clause's).
    fn compile_count(&mut self, expr: &ast::Expr, check: ir::Function) -> Result<Ex> {
        let what = check.name();
        let mut vars = Vec::new();
        expr::free_vars(expr, &mut vars);
        if !vars.is_empty() {
            return Err(Error::semantic(
                expr.span,
                format!("{what} cannot use variables"),
            ));
        }
        let ex = self.compile(expr, &Scope::default(), "in SKIP or LIMIT")?;
        Ok(Ex::Spanned(Box::new(Ex::Call(check, vec![ex])), expr.span))
    }

    fn plan_create(&mut self, scope: &mut Scope, create: &ast::Create) -> Result<Update> {
        self.writes = true;
        let mut parts = Vec::new();
        for part in &create.pattern {
            parts.push(self.plan_create_part(scope, part, "CREATE")?);
        }
        Ok(Update::Create(parts))
    }

    fn plan_create_part(
        &mut self,
        scope: &mut Scope,
        part: &ast::PatternPart,
        clause: &str,
    ) -> Result<CreatePart> {
        if part.kind != ast::PathKind::Normal {
            return Err(Error::semantic(
                part.span,
                format!("shortestPath cannot be used in {clause}"),
            ));
        }
        if part.mode.is_some() {
            return Err(Error::semantic(
                part.span,
                format!("a path mode (WALK, TRAIL, ACYCLIC, SIMPLE) cannot be used in {clause}"),
            )
            .with_help("path modes choose which paths MATCH finds"));
        }
        // A lone node that is already bound would create nothing.
        if let (true, Some(var)) = (part.chain.is_empty(), &part.start.var) {
            if scope.lookup(&var.name).is_some() && part.var.is_none() {
                return Err(Error::semantic(
                    var.span,
                    format!(
                        "variable `{}` already declared: {clause} would make nothing of it",
                        var.name
                    ),
                )
                .with_help(format!(
                    "a new node needs a new variable, as in {clause} (other:Label)"
                )));
            }
        }
        check_created_labels(part, clause)?;
        let mut nodes: Vec<CreateNode> = Vec::new();
        let mut node_slots = Vec::new();
        let mut new_here: std::collections::HashSet<String> = std::collections::HashSet::new();
        let node = |planner: &mut Planner,
                    scope: &mut Scope,
                    np: &ast::NodePattern,
                    nodes: &mut Vec<CreateNode>,
                    new_here: &mut std::collections::HashSet<String>|
         -> Result<usize> {
            if let Some(var) = &np.var {
                if let Some(v) = scope.lookup(&var.name) {
                    if v.kind != VarKind::Node && v.kind != VarKind::Any {
                        return Err(Error::semantic(
                            var.span,
                            format!("`{}` is a {}, not a node", var.name, v.kind.name()),
                        ));
                    }
                    let slot = v.slot;
                    if np.labels.is_some() || np.props.is_some() {
                        if new_here.contains(&var.name) {
                            return Err(Error::semantic(np.span, format!("node `{}` is declared twice in this pattern with labels or properties", var.name)));
                        }
                        return Err(Error::semantic(np.span, format!("variable `{}` is already bound: {clause} cannot add labels or properties to it", var.name))
                            .with_help("use SET to change an existing node"));
                    }
                    if !new_here.contains(&var.name) {
                        nodes.push(CreateNode {
                            slot,
                            bound: true,
                            span: Some(var.span),
                            labels: vec![],
                            props: None,
                        });
                    }
                    return Ok(slot);
                }
            }
            let names = np.labels.as_ref().and_then(|l| l.conjunction());
            let labels = names
                .unwrap_or_default()
                .iter()
                .map(|l| planner.graph.intern(&l.name))
                .collect();
            let props = match &np.props {
                Some(p) => Some(planner.compile(p, scope, "in a pattern's properties")?),
                None => None,
            };
            let slot = match &np.var {
                Some(v) => {
                    new_here.insert(v.name.clone());
                    scope.bind(&v.name, VarKind::Node)
                }
                None => scope.bind_hidden(VarKind::Node),
            };
            nodes.push(CreateNode {
                slot,
                bound: false,
                span: np.var.as_ref().map(|v| v.span),
                labels,
                props,
            });
            Ok(slot)
        };
        node_slots.push(node(self, scope, &part.start, &mut nodes, &mut new_here)?);
        let mut rels = Vec::new();
        for (rp, np) in &part.chain {
            let right = node(self, scope, np, &mut nodes, &mut new_here)?;
            let left = *node_slots.last().expect("a chain starts with a node");
            node_slots.push(right);
            if rp.length.is_some() {
                return Err(Error::semantic(
                    rp.span,
                    format!("variable-length relationships cannot be used in {clause}"),
                ));
            }
            let Some(ty) = single_type(rp) else {
                return Err(Error::semantic(
                    rp.span,
                    format!("a relationship in {clause} must have exactly one type"),
                )
                .with_help("write it as -[:TYPE]->"));
            };
            let (start, end) = match rp.direction {
                ast::Direction::Outgoing => (left, right),
                ast::Direction::Incoming => (right, left),
                ast::Direction::Both if clause == "MERGE" => (left, right),
                ast::Direction::Both => {
                    return Err(Error::semantic(
                        rp.span,
                        "only directed relationships can be created",
                    )
                    .with_help("add a direction: -[:TYPE]-> or <-[:TYPE]-"))
                }
            };
            let ty = self.graph.intern(&ty.name);
            let props = match &rp.props {
                Some(p) => Some(self.compile(p, scope, "in a pattern's properties")?),
                None => None,
            };
            let slot = match &rp.var {
                Some(v) => {
                    self.check_new_var(scope, v)?;
                    scope.bind(&v.name, VarKind::Rel)
                }
                None => scope.bind_hidden(VarKind::Rel),
            };
            rels.push(CreateRel {
                slot,
                start,
                end,
                ty,
                props,
            });
        }
        let path = match &part.var {
            Some(v) => {
                self.check_new_var(scope, v)?;
                let slot = scope.bind(&v.name, VarKind::Path);
                Some((slot, node_slots[0], rels.iter().map(|r| r.slot).collect()))
            }
            None => None,
        };
        Ok(CreatePart { nodes, rels, path })
    }

    fn plan_merge(&mut self, scope: &mut Scope, merge: &ast::Merge) -> Result<Update> {
        self.writes = true;
        check_created_labels(&merge.part, "MERGE")?;
        for (rp, _) in &merge.part.chain {
            if single_type(rp).is_none() {
                return Err(Error::semantic(
                    rp.span,
                    "a relationship in MERGE must have exactly one type",
                ));
            }
            if rp.length.is_some() {
                return Err(Error::semantic(
                    rp.span,
                    "variable-length relationships cannot be used in MERGE",
                ));
            }
        }
        let mut match_scope = scope.clone();
        let matcher = self.plan_pattern(
            Op::Input,
            &mut match_scope,
            std::slice::from_ref(&merge.part),
            None,
            false,
        )?;
        let mut create_scope = scope.clone();
        let part = self.plan_create_part(&mut create_scope, &merge.part, "MERGE")?;
        // Both scopes must agree on the slots of the named variables.
        for v in create_scope.vars.iter().filter(|v| !v.hidden) {
            let m = match_scope.lookup(&v.name).map(|m| m.slot);
            if m != Some(v.slot) {
                return Err(Error::unsupported(
                    merge.span,
                    "this MERGE pattern (repeat a variable in a separate MATCH)",
                ));
            }
        }
        *scope = if match_scope.width >= create_scope.width {
            match_scope
        } else {
            create_scope
        };
        let on_create = self.plan_set_items(scope, &merge.on_create)?;
        let on_match = self.plan_set_items(scope, &merge.on_match)?;
        Ok(Update::Merge(Box::new(ir::MergeUpdate {
            part,
            matcher,
            on_create,
            on_match,
        })))
    }

    fn entity_slot(&self, scope: &Scope, var: &ast::Ident) -> Result<usize> {
        match scope.lookup(&var.name) {
            Some(v) if matches!(v.kind, VarKind::Node | VarKind::Rel | VarKind::Any) => Ok(v.slot),
            Some(v) => Err(Error::semantic(
                var.span,
                format!(
                    "`{}` is a {}: expected a node or relationship",
                    var.name,
                    v.kind.name()
                ),
            )),
            None => Err(Error::semantic(
                var.span,
                format!("variable `{}` not defined", var.name),
            )),
        }
    }

    fn plan_set_items(&mut self, scope: &Scope, items: &[ast::SetItem]) -> Result<Vec<SetOp>> {
        for item in items {
            if let ast::SetItem::Property { value, .. }
            | ast::SetItem::Replace { value, .. }
            | ast::SetItem::Merge { value, .. } = item
            {
                pattern_as_value(value)?;
            }
        }
        self.writes = true;
        let mut ops = Vec::new();
        for item in items {
            ops.push(match item {
                ast::SetItem::Property {
                    target,
                    key,
                    value,
                    span,
                } => SetOp::Prop {
                    target: self.compile(target, scope, "in SET")?,
                    key: self.graph.intern(&key.name),
                    value: self.compile(value, scope, "in SET")?,
                    span: *span,
                },
                ast::SetItem::Replace { var, value, span } => SetOp::Replace {
                    slot: self.entity_slot(scope, var)?,
                    value: self.compile(value, scope, "in SET")?,
                    span: *span,
                },
                ast::SetItem::Merge { var, value, span } => SetOp::Merge {
                    slot: self.entity_slot(scope, var)?,
                    value: self.compile(value, scope, "in SET")?,
                    span: *span,
                },
                ast::SetItem::Labels { var, labels, .. } => SetOp::Labels {
                    slot: self.entity_slot(scope, var)?,
                    labels: labels.iter().map(|l| self.graph.intern(&l.name)).collect(),
                    span: var.span,
                },
            });
        }
        Ok(ops)
    }

    fn plan_remove(&mut self, scope: &Scope, remove: &ast::Remove) -> Result<Vec<SetOp>> {
        self.writes = true;
        let mut ops = Vec::new();
        for item in &remove.items {
            ops.push(match item {
                ast::RemoveItem::Property { target, key, span } => SetOp::RemoveProp {
                    target: self.compile(target, scope, "in REMOVE")?,
                    key: self.graph.intern(&key.name),
                    span: *span,
                },
                ast::RemoveItem::Labels { var, labels, .. } => SetOp::RemoveLabels {
                    slot: self.entity_slot(scope, var)?,
                    labels: labels.iter().map(|l| self.graph.intern(&l.name)).collect(),
                    span: var.span,
                },
            });
        }
        Ok(ops)
    }
}

/// The one type a relationship of CREATE or MERGE is written with: None unless it is a single
/// plain name.
fn single_type(rp: &ast::RelPattern) -> Option<&ast::Ident> {
    match &rp.types {
        Some(ast::LabelExpr::Name(id)) => Some(id),
        _ => None,
    }
}

/// CREATE and MERGE make nodes with every label they name: a label expression there may only
/// join labels (`:A:B`, `:A&B`).
fn check_created_labels(part: &ast::PatternPart, clause: &str) -> Result<()> {
    let nodes = std::iter::once(&part.start).chain(part.chain.iter().map(|(_, n)| n));
    for np in nodes {
        let Some((symbol, at)) = np.labels.as_ref().and_then(|l| l.first_symbol()) else {
            continue;
        };
        return Err(Error::semantic(
            at,
            format!("label expressions in {clause} are not allowed to contain '{symbol}'"),
        )
        .with_help(format!(
            "{clause} gives a node every label it names (:A:B or :A&B); |, ! and % are for MATCH and WHERE"
        )));
    }
    Ok(())
}

/// A pattern given as a value (`RETURN (a)-->()`, `SET n.k = (a)-->()`): Neo4j 5 allows a
/// pattern only where a boolean is wanted, and so does relq, rather than answer a boolean
/// where a list of paths might be expected.
fn pattern_as_value(e: &ast::Expr) -> Result<()> {
    if matches!(e.kind, ExprKind::Pattern(_)) {
        return Err(Error::semantic(
            e.span,
            "a pattern can only test whether it exists (in WHERE, or in exists(), NOT, AND ...)",
        )
        .with_help("write exists(...) around it to test whether it matches"));
    }
    Ok(())
}
