//! Subqueries over whole queries: `CALL { }` (an `Op::Apply` when it only reads, a stage of
//! its own, `Stage::Call`, when it writes or runs `IN TRANSACTIONS`), `EXISTS { }`,
//! `COUNT { }` and `COLLECT { }` with clauses beyond one pattern, and `FOREACH`.
//!
//! A subquery's body is planned as queries of their own over the outer row: its slots come
//! after the outer ones, and it sees the outer variables it imports (`CALL (a) { }`, a leading
//! `WITH a`) or, in an expression, all of them.

use super::{Planner, Scope, VarKind};
use crate::diagnostic::{Error, Result, Span};
use crate::ir::{self, Ex, InTransactions, Op, QueryPlan, Stage, SubqueryCall, Update};
use crate::syntax::ast::{self, Clause, ExprKind, ImportScope, OnError, SubqueryKind};

/// Where a single query is planned: what it may contain and how it must end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Body {
    /// A statement of its own.
    Statement,
    /// The body of `CALL { }`.
    Call,
    /// The body of `EXISTS { }`, `COUNT { }` or `COLLECT { }`.
    Expr(SubqueryKind),
}

impl Body {
    /// Updates are refused (in an expression).
    pub(super) fn writes_forbidden(self) -> bool {
        matches!(self, Body::Expr(_))
    }

    /// Must end with RETURN or an update (EXISTS and COUNT may end with any clause).
    pub(super) fn needs_end(self) -> bool {
        !matches!(self, Body::Expr(SubqueryKind::Exists | SubqueryKind::Count))
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Body::Statement => "a query",
            Body::Call => "CALL { }",
            Body::Expr(SubqueryKind::Exists) => "EXISTS { }",
            Body::Expr(SubqueryKind::Count) => "COUNT { }",
            Body::Expr(SubqueryKind::Collect) => "COLLECT { }",
        }
    }
}

/// A subquery's body, planned.
struct Planned {
    queries: Vec<QueryPlan>,
    /// Its columns (every query returns the same).
    columns: Vec<String>,
    /// What each column holds, as far as the planner knows.
    kinds: Vec<VarKind>,
    distinct: bool,
    /// Whether any of it writes.
    writes: bool,
}

impl Scope {
    /// The same slots, with only the variables `keep` names visible; the others are kept
    /// apart for the message that says how to import them.
    fn restricted(&self, keep: &dyn Fn(&str) -> bool) -> Scope {
        let mut s = self.clone();
        s.by_name.retain(|name, _| keep(name));
        for v in &mut s.vars {
            if !v.hidden && !keep(&v.name) {
                v.hidden = true;
                if !s.not_imported.contains(&v.name) {
                    s.not_imported.push(v.name.clone());
                }
            }
        }
        s
    }
}

/// `WITH a, b` (or `WITH *`) as a body's first clause, plain variables only: the variables a
/// `CALL { }` without a scope clause imports (None: it imports nothing). A leading WITH that
/// reads outer variables in any other way is an error, as in Neo4j.
fn importing_with(query: &ast::SingleQuery, outer: &Scope) -> Result<Option<Vec<String>>> {
    let Some(Clause::With(p)) = query.clauses.first() else {
        return Ok(None);
    };
    let plain = |item: &ast::ProjectionItem| match &item.expr.kind {
        ExprKind::Variable(v) => item.alias.as_ref().is_none_or(|a| &a.name == v),
        _ => false,
    };
    let mut reads = Vec::new();
    for item in &p.items {
        super::expr::free_vars(&item.expr, &mut reads);
    }
    let reads_outer = p.star || reads.iter().any(|n| outer.lookup(n).is_some());
    if !reads_outer {
        return Ok(None);
    }
    let simple = p.items.iter().all(plain)
        && !p.distinct
        && p.order_by.is_empty()
        && p.skip.is_none()
        && p.limit.is_none()
        && p.where_.is_none();
    if !simple {
        return Err(Error::semantic(
            p.span,
            "an importing WITH may only list variables from outside the subquery",
        )
        .with_help(
            "import them as they are (`WITH a, b`, or `CALL (a, b) { ... }`), then use \
             another WITH for aliases, expressions, WHERE or ORDER BY",
        ));
    }
    if p.star {
        return Ok(Some(outer.visible_names().map(str::to_string).collect()));
    }
    Ok(Some(reads))
}

/// The place of a returned column, for messages: its alias, or its expression.
fn column_span(query: &ast::SingleQuery, column: &str) -> Option<Span> {
    let Some(Clause::Return(p)) = query.clauses.last() else {
        return None;
    };
    p.items.iter().find_map(|item| match &item.alias {
        Some(a) if a.name == column => Some(a.span),
        None if item.text == column => Some(item.expr.span),
        _ => None,
    })
}

impl Planner<'_> {
    /// Plan a body's queries from the outer scope: `visible` is the scope each sees (None: a
    /// `CALL { }` without a scope clause, where each query's importing WITH says).
    fn plan_body(
        &mut self,
        body: &ast::Subquery,
        outer: &Scope,
        visible: Option<&Scope>,
        kind: Body,
    ) -> Result<Planned> {
        let saved_names = std::mem::take(&mut self.subquery_names);
        let saved_hint = self.dedupe_hint.take();
        let saved_writes = std::mem::replace(&mut self.writes, false);
        self.depth += 1;
        let planned = self.plan_body_queries(body, outer, visible, kind);
        self.depth -= 1;
        let writes = self.writes;
        self.writes = saved_writes || writes;
        self.dedupe_hint = saved_hint;
        let mut names = saved_names;
        names.append(&mut self.subquery_names);
        self.subquery_names = names;
        let (mut queries, kinds) = planned?;
        // The names of their nested subqueries go with the statement's (EXPLAIN finds them
        // by address).
        for q in &mut queries {
            self.subquery_names.append(&mut q.subquery_names);
        }
        let columns = super::union_columns(&queries, &body.queries, &body.union_all, body.span)?;
        if body.queries.len() > 1 && columns.is_empty() {
            return Err(Error::semantic(
                body.queries[0].span,
                "each query of a UNION must end with RETURN",
            ));
        }
        Ok(Planned {
            queries,
            columns,
            kinds,
            distinct: body.union_all.iter().any(|all| !all),
            writes,
        })
    }

    fn plan_body_queries(
        &mut self,
        body: &ast::Subquery,
        outer: &Scope,
        visible: Option<&Scope>,
        kind: Body,
    ) -> Result<(Vec<QueryPlan>, Vec<VarKind>)> {
        let mut queries = Vec::new();
        let mut kinds: Vec<VarKind> = Vec::new();
        for q in &body.queries {
            let scope = match visible {
                Some(scope) => scope.clone(),
                None => match importing_with(q, outer)? {
                    Some(names) => outer.restricted(&|n| names.iter().any(|m| m == n)),
                    None => outer.restricted(&|_| false),
                },
            };
            let (plan, end) = self.plan_single_scoped(q, scope, kind)?;
            let these: Vec<VarKind> = (plan.columns.iter())
                .map(|c| end.lookup(c).map_or(VarKind::Any, |v| v.kind))
                .collect();
            if queries.is_empty() {
                kinds = these;
            } else {
                for (k, t) in kinds.iter_mut().zip(these) {
                    if *k != t {
                        *k = VarKind::Any;
                    }
                }
            }
            queries.push(plan);
        }
        Ok((queries, kinds))
    }

    /// A read-only body as one operator over the outer row: its query's, or a UNION of its
    /// queries'.
    fn read_op(&mut self, planned: Planned) -> Op {
        let width = planned.columns.len();
        let mut ops: Vec<Op> = planned
            .queries
            .into_iter()
            .map(|q| {
                let op = match q.stages.into_iter().next() {
                    Some(Stage::Read(op)) => op,
                    _ => Op::Input,
                };
                (op, q.slot_names)
            })
            .map(|(op, names)| {
                self.pending_names.push(names);
                op
            })
            .collect();
        if ops.len() == 1 {
            return ops.pop().expect("one query");
        }
        Op::Union {
            input: Box::new(Op::Input),
            branches: ops,
            distinct: planned.distinct,
            width,
        }
    }

    /// Record the scopes of the queries `read_op` made into `op` (one, or a UNION's
    /// branches), by their addresses, for EXPLAIN.
    fn name_read_op(&mut self, op: &Op) {
        let pending = std::mem::take(&mut self.pending_names);
        match op {
            Op::Union { branches, .. } if pending.len() == branches.len() && pending.len() > 1 => {
                for (b, names) in branches.iter().zip(pending) {
                    self.subquery_names.push((b as *const Op as usize, names));
                }
            }
            _ => {
                if let Some(names) = pending.into_iter().next() {
                    self.subquery_names.push((op as *const Op as usize, names));
                }
            }
        }
    }

    /// `[OPTIONAL] CALL [(vars)] { ... } [IN TRANSACTIONS ...]`: binds the columns it returns
    /// after the outer ones. One that writes or runs in transactions ends the read stage
    /// before it (pushed to `stages`) and is a stage of its own.
    pub(super) fn plan_call_subquery(
        &mut self,
        input: Op,
        scope: &mut Scope,
        c: &ast::CallSubquery,
        stages: &mut Vec<Stage>,
    ) -> Result<Op> {
        let visible = match &c.scope {
            None => None,
            Some(ImportScope::All) => Some(scope.clone()),
            Some(ImportScope::Vars(vars)) => {
                for v in vars {
                    if scope.lookup(&v.name).is_none() {
                        return Err(Error::semantic(
                            v.span,
                            format!("variable `{}` not defined", v.name),
                        ));
                    }
                }
                Some(scope.restricted(&|n| vars.iter().any(|v| v.name == n)))
            }
        };
        if let (Some(t), true) = (&c.transactions, self.depth > 0) {
            return Err(Error::semantic(
                t.span,
                "CALL { } IN TRANSACTIONS cannot be nested in another subquery",
            ));
        }
        if let (Some(t), true) = (&c.transactions, c.optional) {
            return Err(Error::semantic(
                t.span,
                "OPTIONAL CALL { } cannot run IN TRANSACTIONS",
            ));
        }
        let planned = self.plan_body(&c.body, scope, visible.as_ref(), Body::Call)?;
        for col in &planned.columns {
            if scope.lookup(col).is_some() {
                let span = c.body.queries.iter().find_map(|q| column_span(q, col));
                return Err(Error::semantic(
                    span.unwrap_or(c.span),
                    format!("variable `{col}` already declared outside the subquery"),
                )
                .with_help(format!("return it under another name: `... AS {col}2`")));
            }
        }
        let out: Vec<usize> = (planned.columns.iter().zip(&planned.kinds))
            .map(|(col, kind)| scope.bind(col, *kind))
            .collect();
        let unit = planned.columns.is_empty();
        if c.transactions.is_some() {
            // Its batches commit the statement's changes as they go.
            self.writes = true;
        }
        if planned.writes || c.transactions.is_some() {
            let transactions = match &c.transactions {
                Some(t) => Some(self.plan_in_transactions(scope, t)?),
                None => None,
            };
            let mut queries = planned.queries;
            for q in &mut queries {
                super::rules::apply(q, self.graph);
            }
            stages.push(Stage::Read(input));
            stages.push(Stage::Call(Box::new(SubqueryCall {
                queries,
                distinct: planned.distinct,
                out,
                optional: c.optional,
                unit,
                transactions,
            })));
            return Ok(Op::Input);
        }
        let inner = Box::new(self.read_op(planned));
        self.name_read_op(&inner);
        Ok(Op::Apply {
            input: Box::new(input),
            inner,
            out,
            optional: c.optional,
        })
    }

    fn plan_in_transactions(
        &mut self,
        scope: &mut Scope,
        t: &ast::InTransactions,
    ) -> Result<InTransactions> {
        let rows = match &t.rows {
            Some(e) => self.compile_count(e, ir::Function::BatchSize)?,
            None => Ex::Const(crate::graph::Value::Int(1000)),
        };
        let concurrency = match &t.concurrency {
            Some(Some(e)) => Some(self.compile_count(e, ir::Function::Concurrency)?),
            Some(None) => Some(Ex::Const(crate::graph::Value::Int(1))),
            None => None,
        };
        let status = match &t.status {
            Some(v) => {
                if t.on_error == OnError::Fail {
                    return Err(Error::semantic(
                        v.span,
                        "REPORT STATUS needs ON ERROR CONTINUE or ON ERROR BREAK",
                    )
                    .with_help("with ON ERROR FAIL, a failed batch fails the statement"));
                }
                self.check_new_var(scope, v)?;
                Some(scope.bind(&v.name, VarKind::Any))
            }
            None => None,
        };
        Ok(InTransactions {
            rows,
            concurrency,
            on_error: t.on_error,
            status,
            span: t.span,
        })
    }

    /// `EXISTS { query }`, `COUNT { query }`, `COLLECT { query }` over the row: every outer
    /// variable visible; no updates; COLLECT returns one column.
    pub(super) fn plan_query_subquery(
        &mut self,
        scope: &Scope,
        kind: SubqueryKind,
        body: &ast::Subquery,
        span: Span,
    ) -> Result<Ex> {
        let planned = self.plan_body(body, scope, Some(scope), Body::Expr(kind))?;
        if kind == SubqueryKind::Collect && planned.columns.len() != 1 {
            let at = match body.queries[0].clauses.last() {
                Some(c @ Clause::Return(_)) => c.span(),
                _ => span,
            };
            return Err(Error::semantic(
                at,
                format!(
                    "COLLECT {{ }} must return exactly one column, this one returns {}",
                    planned.columns.len()
                ),
            ));
        }
        let op = Box::new(self.read_op(planned));
        self.name_read_op(&op);
        Ok(match kind {
            SubqueryKind::Exists => Ex::Exists(op),
            SubqueryKind::Count => Ex::CountRows(op),
            SubqueryKind::Collect => Ex::CollectRows(op, Box::new(Ex::Slot(0))),
        })
    }

    /// `FOREACH (x IN list | updates)`: the updates planned in a scope of their own, where
    /// `x` is bound; what they bind stays inside.
    pub(super) fn plan_foreach(&mut self, scope: &Scope, f: &ast::Foreach) -> Result<Update> {
        let list = self.compile(&f.list, scope, "in FOREACH")?;
        self.check_new_var(scope, &f.var)?;
        let mut inner = scope.clone();
        let slot = inner.bind(&f.var.name, VarKind::Any);
        let mut body = Vec::new();
        for clause in &f.clauses {
            body.push(match clause {
                Clause::Create(c) => self.plan_create(&mut inner, c)?,
                Clause::Merge(m) => self.plan_merge(&mut inner, m)?,
                Clause::Set(s) => Update::Set(self.plan_set_items(&inner, &s.items)?),
                Clause::Remove(r) => Update::Set(self.plan_remove(&inner, r)?),
                Clause::Delete(d) => self.plan_delete(&inner, d)?,
                Clause::Foreach(nested) => self.plan_foreach(&inner, nested)?,
                other => {
                    return Err(Error::semantic(
                        other.span(),
                        "FOREACH may only contain CREATE, MERGE, SET, REMOVE, DELETE and FOREACH",
                    ))
                }
            });
        }
        self.writes = true;
        Ok(Update::Foreach {
            slot,
            list,
            body,
            span: f.list.span,
            names: inner.slot_names(),
        })
    }
}
