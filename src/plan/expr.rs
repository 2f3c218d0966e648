//! Expression compilation: AST expressions to `ir::Ex`, resolving variables to row slots,
//! names to symbols and parameters to values, and checking function names and arities.

use super::{Planner, Scope, VarKind};
use crate::diagnostic::{suggest, Error, ErrorKind, Result, Span};
use crate::graph::Value;
use crate::ir::function::{aggregate_kind, unsupported_function, FUNCTION_NAMES};
use crate::ir::{AggSpec, AggregateKind, Ex, Function, MapItem};
use crate::syntax::ast::{self, ExprKind, Literal};

/// How aggregate calls are treated while compiling.
pub(super) enum AggMode<'s> {
    /// Aggregates are not allowed here.
    Forbidden(&'static str),
    /// Compiling a projection item after aggregation: aggregate calls become slots after the
    /// grouping keys, and expressions equal to a grouping key become that key's slot.
    Rewrite {
        input: &'s Scope,
        keys: &'s [(String, Option<String>)],
        specs: Vec<AggSpec>,
    },
    /// ORDER BY after a projection that aggregates: an expression written as one of the
    /// projection's items (by its text, `texts[i]`) is that item's column, so an aggregate the
    /// projection returns can take part in a sort key (`ORDER BY $k + avg(x)`); any other
    /// aggregate is refused.
    Returned { texts: &'s [String] },
}

pub(super) struct ExprCompiler<'p, 'g, 's> {
    pub planner: &'p mut Planner<'g>,
    pub scope: &'s Scope,
    pub locals: Vec<String>,
    pub agg: AggMode<'s>,
}

/// The name of a boolean operator, for its errors.
fn boolean_op_name(op: ast::BinaryOp) -> Option<&'static str> {
    match op {
        ast::BinaryOp::And => Some("AND"),
        ast::BinaryOp::Or => Some("OR"),
        ast::BinaryOp::Xor => Some("XOR"),
        _ => None,
    }
}

/// An operand of a boolean operator written as a value that is never a Boolean (a number, a
/// string, a list or a map literal) fails when the statement is planned, with its place.
fn never_boolean(operand: &ast::Expr, op: &str) -> Result<()> {
    let kind = match &operand.kind {
        ExprKind::Literal(Literal::Null | Literal::Bool(_)) => return Ok(()),
        ExprKind::Literal(lit) => literal_value(lit).type_name(),
        ExprKind::List(_) => "List",
        ExprKind::Map(_) => "Map",
        _ => return Ok(()),
    };
    Err(Error::at(
        ErrorKind::Type,
        operand.span,
        if op == "NOT" {
            format!("NOT expects a Boolean, got {kind}")
        } else {
            format!("{op} expects Boolean operands, got {kind}")
        },
    ))
}

/// Whether an expression's value can only be a boolean or null (or its own error): a
/// comparison, a predicate, a boolean operator, a boolean literal.
fn surely_boolean(e: &ast::Expr) -> bool {
    use ast::BinaryOp as B;
    match &e.kind {
        ExprKind::Literal(Literal::Null | Literal::Bool(_)) => true,
        ExprKind::Binary(op, _, _) => {
            !matches!(op, B::Add | B::Sub | B::Mul | B::Div | B::Mod | B::Pow)
        }
        ExprKind::Unary(op, _) => *op == ast::UnaryOp::Not,
        ExprKind::IsNull(..)
        | ExprKind::HasLabels(..)
        | ExprKind::IsType(..)
        | ExprKind::IsNormalized(..)
        | ExprKind::Quantified { .. }
        | ExprKind::Pattern(_) => true,
        ExprKind::Subquery { count, map, .. } => !count && map.is_none(),
        ExprKind::QuerySubquery { kind, .. } => *kind == ast::SubqueryKind::Exists,
        _ => false,
    }
}

pub(super) fn literal_value(lit: &Literal) -> Value {
    match lit {
        Literal::Null => Value::Null,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Integer(i) => Value::Int(*i),
        Literal::Float(f) => Value::Float(*f),
        Literal::String(s) => Value::str(s),
    }
}

/// True when the expression contains an aggregate call (not counting nested patterns).
pub(super) fn contains_aggregate(expr: &ast::Expr) -> bool {
    let mut found = false;
    walk(expr, &mut |e| found |= contains_aggregate_here(e));
    found
}

/// The first aggregate inside the part of a list comprehension, `reduce` or quantifier that is
/// evaluated per element (its source list may aggregate: `[x IN collect(n) | x.k]`): an
/// aggregate there has no rows to aggregate over.
pub(super) fn aggregate_per_element(expr: &ast::Expr) -> Option<Span> {
    let mut found = None;
    walk(expr, &mut |e| {
        if found.is_some() {
            return;
        }
        let bodies: Vec<&ast::Expr> = match &e.kind {
            ExprKind::ListComprehension { where_, map, .. } => {
                where_.iter().chain(map.iter()).map(|b| &**b).collect()
            }
            ExprKind::Reduce { expr, .. } => vec![&**expr],
            ExprKind::Quantified { pred, .. } => vec![&**pred],
            _ => Vec::new(),
        };
        for body in bodies {
            walk(body, &mut |inner| {
                if found.is_none() && contains_aggregate_here(inner) {
                    found = Some(inner.span);
                }
            });
        }
    });
    found
}

/// Whether `expr` itself is an aggregate call.
fn contains_aggregate_here(expr: &ast::Expr) -> bool {
    match &expr.kind {
        ExprKind::CountStar => true,
        ExprKind::Function { name, .. } => aggregate_kind(&name.name.to_lowercase()).is_some(),
        _ => false,
    }
}

/// Whether an expression is compiled without planning anything (no pattern, subquery or
/// aggregate in it).
pub(super) fn plain(expr: &ast::Expr) -> bool {
    let mut plain = true;
    walk(expr, &mut |e| {
        plain &= !matches!(
            e.kind,
            ExprKind::Pattern(_) | ExprKind::Subquery { .. } | ExprKind::QuerySubquery { .. }
        ) && !contains_aggregate_here(e);
    });
    plain
}

/// Visit an expression and every sub-expression (not descending into patterns).
pub(super) fn walk(expr: &ast::Expr, f: &mut dyn FnMut(&ast::Expr)) {
    f(expr);
    match &expr.kind {
        ExprKind::Literal(_)
        | ExprKind::Parameter(_)
        | ExprKind::Variable(_)
        | ExprKind::CountStar => {}
        ExprKind::Pattern(_) | ExprKind::Subquery { .. } | ExprKind::QuerySubquery { .. } => {}
        ExprKind::Property(e, _)
        | ExprKind::Unary(_, e)
        | ExprKind::IsNull(e, _)
        | ExprKind::HasLabels(e, _)
        | ExprKind::IsType(e, ..)
        | ExprKind::IsNormalized(e, ..) => walk(e, f),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
            walk(a, f);
            walk(b, f);
        }
        ExprKind::Slice(a, b, c) => {
            walk(a, f);
            if let Some(b) = b {
                walk(b, f);
            }
            if let Some(c) = c {
                walk(c, f);
            }
        }
        ExprKind::List(items) => items.iter().for_each(|e| walk(e, f)),
        ExprKind::Map(items) => items.iter().for_each(|(_, e)| walk(e, f)),
        ExprKind::Function { args, .. } => args.iter().for_each(|e| walk(e, f)),
        ExprKind::Case {
            subject,
            whens,
            else_,
        } => {
            if let Some(s) = subject {
                walk(s, f);
            }
            for (w, t) in whens {
                walk(w, f);
                walk(t, f);
            }
            if let Some(e) = else_ {
                walk(e, f);
            }
        }
        ExprKind::ListComprehension {
            list, where_, map, ..
        } => {
            walk(list, f);
            if let Some(w) = where_ {
                walk(w, f);
            }
            if let Some(m) = map {
                walk(m, f);
            }
        }
        ExprKind::Quantified { list, pred, .. } => {
            walk(list, f);
            walk(pred, f);
        }
        ExprKind::Reduce {
            init, list, expr, ..
        } => {
            walk(init, f);
            walk(list, f);
            walk(expr, f);
        }
        ExprKind::MapProjection { items, .. } => {
            for item in items {
                if let ast::MapProjectionItem::Literal(_, e) = item {
                    walk(e, f);
                }
            }
        }
    }
}

/// Names of the variables an expression reads from the row (including those inside pattern
/// predicates), excluding comprehension variables it binds itself.
pub(super) fn free_vars(expr: &ast::Expr, out: &mut Vec<String>) {
    fn go(expr: &ast::Expr, bound: &mut Vec<String>, out: &mut Vec<String>) {
        let add = |name: &str, bound: &Vec<String>, out: &mut Vec<String>| {
            if !bound.iter().any(|b| b == name) && !out.iter().any(|o| o == name) {
                out.push(name.to_string());
            }
        };
        match &expr.kind {
            ExprKind::Variable(v) => add(v, bound, out),
            ExprKind::MapProjection { var, items } => {
                add(&var.name, bound, out);
                for item in items {
                    match item {
                        ast::MapProjectionItem::Literal(_, e) => go(e, bound, out),
                        ast::MapProjectionItem::Variable(v) => add(&v.name, bound, out),
                        _ => {}
                    }
                }
            }
            // Every name a whole subquery writes (its own ones too, which is harmless).
            ExprKind::QuerySubquery { query, .. } => {
                let mut exprs = Vec::new();
                let mut names = Vec::new();
                query.visit(&mut |e| exprs.push(e), &mut |v| names.push(&v.name));
                for n in names {
                    add(n, bound, out);
                }
                for e in exprs {
                    go(e, bound, out);
                }
            }
            // A subquery's names that are not bound outside are its own and read nothing
            // from the row: naming them too is harmless.
            ExprKind::Pattern(_) | ExprKind::Subquery { .. } => {
                let (parts, where_, map) = match &expr.kind {
                    ExprKind::Subquery {
                        pattern,
                        where_,
                        map,
                        ..
                    } => (pattern.as_slice(), where_.as_deref(), map.as_deref()),
                    ExprKind::Pattern(part) => (std::slice::from_ref(&**part), None, None),
                    _ => (&[][..], None, None),
                };
                for part in parts {
                    let mut names = Vec::new();
                    pattern_vars(part, &mut names);
                    for n in names {
                        add(&n, bound, out);
                    }
                    for e in pattern_exprs(part) {
                        go(e, bound, out);
                    }
                }
                if let Some(w) = where_ {
                    go(w, bound, out);
                }
                if let Some(m) = map {
                    go(m, bound, out);
                }
            }
            ExprKind::ListComprehension {
                var,
                list,
                where_,
                map,
            } => {
                go(list, bound, out);
                bound.push(var.name.clone());
                if let Some(w) = where_ {
                    go(w, bound, out);
                }
                if let Some(m) = map {
                    go(m, bound, out);
                }
                bound.pop();
            }
            ExprKind::Quantified {
                var, list, pred, ..
            } => {
                go(list, bound, out);
                bound.push(var.name.clone());
                go(pred, bound, out);
                bound.pop();
            }
            ExprKind::Reduce {
                acc,
                init,
                var,
                list,
                expr,
            } => {
                go(init, bound, out);
                go(list, bound, out);
                bound.push(acc.name.clone());
                bound.push(var.name.clone());
                go(expr, bound, out);
                bound.pop();
                bound.pop();
            }
            _ => {
                let mut children = Vec::new();
                direct_children(expr, &mut children);
                for c in children {
                    go(c, bound, out);
                }
            }
        }
    }
    go(expr, &mut Vec::new(), out)
}

fn direct_children<'a>(expr: &'a ast::Expr, out: &mut Vec<&'a ast::Expr>) {
    match &expr.kind {
        ExprKind::Property(e, _)
        | ExprKind::Unary(_, e)
        | ExprKind::IsNull(e, _)
        | ExprKind::HasLabels(e, _)
        | ExprKind::IsType(e, ..)
        | ExprKind::IsNormalized(e, ..) => out.push(e),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
            out.push(a);
            out.push(b);
        }
        ExprKind::Slice(a, b, c) => {
            out.push(a);
            out.extend(b.as_deref());
            out.extend(c.as_deref());
        }
        ExprKind::List(items) => out.extend(items.iter()),
        ExprKind::Map(items) => out.extend(items.iter().map(|(_, e)| e)),
        ExprKind::Function { args, .. } => out.extend(args.iter()),
        ExprKind::Case {
            subject,
            whens,
            else_,
        } => {
            out.extend(subject.as_deref());
            for (w, t) in whens {
                out.push(w);
                out.push(t);
            }
            out.extend(else_.as_deref());
        }
        _ => {}
    }
}

/// Named variables of a pattern part.
pub(super) fn pattern_vars(part: &ast::PatternPart, out: &mut Vec<String>) {
    let mut push = |v: &Option<ast::Ident>| {
        if let Some(v) = v {
            if !out.contains(&v.name) {
                out.push(v.name.clone());
            }
        }
    };
    push(&part.var);
    push(&part.start.var);
    for (rel, node) in &part.chain {
        push(&rel.var);
        push(&node.var);
    }
    // A quantified path pattern's variables.
    let mut inner = Vec::new();
    for (rel, _) in &part.chain {
        if let Some(g) = &rel.group {
            g.visit(&mut |_| {}, &mut |v| inner.push(v));
        }
    }
    for v in inner {
        push(&Some(v.clone()));
    }
}

/// Property-map expressions of a pattern part.
pub(super) fn pattern_exprs(part: &ast::PatternPart) -> Vec<&ast::Expr> {
    let mut v: Vec<&ast::Expr> = part.start.props.iter().collect();
    for (rel, node) in &part.chain {
        v.extend(rel.props.iter());
        v.extend(node.props.iter());
        if let Some(g) = &rel.group {
            g.visit(&mut |e| v.push(e), &mut |_| {});
        }
    }
    v
}

impl ExprCompiler<'_, '_, '_> {
    fn text(&self, span: Span) -> &str {
        self.planner.text(span)
    }

    pub fn compile(&mut self, expr: &ast::Expr) -> Result<Ex> {
        if let AggMode::Returned { texts } = &self.agg {
            let text = self.text(expr.span).trim();
            if let Some(i) = texts.iter().position(|t| t == text) {
                if !matches!(expr.kind, ExprKind::Literal(_) | ExprKind::Parameter(_)) {
                    return Ok(Ex::Slot(i));
                }
            }
        }
        if let AggMode::Rewrite { keys, .. } = &self.agg {
            let text = self.text(expr.span).trim().to_string();
            if let Some(i) = keys.iter().position(|(t, _)| *t == text) {
                if !matches!(expr.kind, ExprKind::Literal(_) | ExprKind::Parameter(_)) {
                    return Ok(Ex::Slot(i));
                }
            }
        }
        let span = expr.span;
        Ok(match &expr.kind {
            ExprKind::Literal(lit) => Ex::Const(literal_value(lit)),
            ExprKind::Parameter(name) => Ex::Const(self.planner.param(name, span)?),
            ExprKind::Variable(name) => self.variable(name, span)?,
            ExprKind::Property(base, key) => {
                if let ExprKind::Variable(v) = &base.kind {
                    let kind = self.scope.lookup(v).map(|i| i.kind);
                    if matches!(kind, Some(VarKind::Node | VarKind::Rel)) {
                        self.planner.check_property_access(key);
                    }
                }
                let base = self.compile(base)?;
                let sym = self.planner.graph.intern(&key.name);
                Ex::Spanned(Box::new(Ex::Prop(Box::new(base), sym)), span)
            }
            ExprKind::Index(a, b) => Ex::Spanned(
                Box::new(Ex::Index(
                    Box::new(self.compile(a)?),
                    Box::new(self.compile(b)?),
                )),
                span,
            ),
            ExprKind::Slice(a, b, c) => {
                let a = self.compile(a)?;
                let b = match b {
                    Some(b) => Some(Box::new(self.compile(b)?)),
                    None => None,
                };
                let c = match c {
                    Some(c) => Some(Box::new(self.compile(c)?)),
                    None => None,
                };
                Ex::Spanned(Box::new(Ex::Slice(Box::new(a), b, c)), span)
            }
            ExprKind::Binary(op, a, b) => {
                if let Some(name) = boolean_op_name(*op) {
                    for operand in [&**a, &**b] {
                        never_boolean(operand, name)?;
                    }
                }
                // AND and OR stay bare, as the optimizer and the batch kernels read them,
                // when their operands can only be booleans or null; otherwise an operand of
                // another type is a TypeError pointing at the operator's expression.
                let plain = surely_boolean(a) && surely_boolean(b);
                let a = Box::new(self.compile(a)?);
                let b = Box::new(self.compile(b)?);
                match op {
                    ast::BinaryOp::And if plain => Ex::And(a, b),
                    ast::BinaryOp::Or if plain => Ex::Or(a, b),
                    ast::BinaryOp::And => Ex::Spanned(Box::new(Ex::And(a, b)), span),
                    ast::BinaryOp::Or => Ex::Spanned(Box::new(Ex::Or(a, b)), span),
                    _ => Ex::Spanned(Box::new(Ex::Binary(*op, a, b)), span),
                }
            }
            ExprKind::Unary(op, e) => {
                if *op == ast::UnaryOp::Not {
                    never_boolean(e, "NOT")?;
                }
                let e = self.compile(e)?;
                // A signed number is a constant (`-1.5`), as kernels read constants; one whose
                // sign fails (`-(-9223372036854775808)`) fails when evaluated, as before.
                let signed = match (op, &e) {
                    (ast::UnaryOp::Plus, Ex::Const(v @ (Value::Int(_) | Value::Float(_)))) => {
                        Some(v.clone())
                    }
                    (ast::UnaryOp::Neg, Ex::Const(Value::Int(i))) => {
                        i.checked_neg().map(Value::Int)
                    }
                    (ast::UnaryOp::Neg, Ex::Const(Value::Float(f))) => Some(Value::Float(-f)),
                    _ => None,
                };
                if let Some(v) = signed {
                    return Ok(Ex::Const(v));
                }
                Ex::Spanned(Box::new(Ex::Unary(*op, Box::new(e))), span)
            }
            ExprKind::IsNull(e, negated) => Ex::IsNull(Box::new(self.compile(e)?), *negated),
            ExprKind::List(items) => Ex::List(
                items
                    .iter()
                    .map(|e| self.compile(e))
                    .collect::<Result<_>>()?,
            ),
            ExprKind::Map(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (k, e) in items {
                    out.push((k.name.clone(), self.compile(e)?));
                }
                Ex::Map(out)
            }
            ExprKind::CountStar => self.aggregate(AggregateKind::CountStar, false, &[], span)?,
            ExprKind::Function {
                name,
                distinct,
                args,
            } => self.function(name, *distinct, args, span)?,
            ExprKind::Case {
                subject,
                whens,
                else_,
            } => {
                let subject = match subject {
                    Some(s) => Some(Box::new(self.compile(s)?)),
                    None => None,
                };
                let mut ws = Vec::with_capacity(whens.len());
                for (w, t) in whens {
                    ws.push((self.compile(w)?, self.compile(t)?));
                }
                let else_ = match else_ {
                    Some(e) => Some(Box::new(self.compile(e)?)),
                    None => None,
                };
                Ex::Case {
                    subject,
                    whens: ws,
                    else_,
                }
            }
            ExprKind::ListComprehension {
                var,
                list,
                where_,
                map,
            } => {
                let list = Box::new(self.compile(list)?);
                let local = self.locals.len();
                self.locals.push(var.name.clone());
                let result = (|| -> Result<_> {
                    let w = match where_ {
                        Some(w) => Some(Box::new(self.compile(w)?)),
                        None => None,
                    };
                    let m = match map {
                        Some(m) => Some(Box::new(self.compile(m)?)),
                        None => None,
                    };
                    Ok((w, m))
                })();
                self.locals.pop();
                let (where_, map) = result?;
                // Spanned so that plan descriptions show it as written, with its variable's name.
                Ex::Spanned(
                    Box::new(Ex::ListComp {
                        local,
                        list,
                        where_,
                        map,
                    }),
                    span,
                )
            }
            ExprKind::Reduce {
                acc,
                init,
                var,
                list,
                expr,
            } => {
                let init = Box::new(self.compile(init)?);
                let list = Box::new(self.compile(list)?);
                let local = self.locals.len();
                self.locals.push(acc.name.clone());
                self.locals.push(var.name.clone());
                let expr = self.compile(expr);
                self.locals.pop();
                self.locals.pop();
                Ex::Spanned(
                    Box::new(Ex::Reduce {
                        local,
                        init,
                        list,
                        expr: Box::new(expr?),
                    }),
                    span,
                )
            }
            ExprKind::Quantified {
                quantifier,
                var,
                list,
                pred,
            } => {
                let list = Box::new(self.compile(list)?);
                let local = self.locals.len();
                self.locals.push(var.name.clone());
                let pred = self.compile(pred);
                self.locals.pop();
                Ex::Spanned(
                    Box::new(Ex::Quantified {
                        quantifier: *quantifier,
                        local,
                        list,
                        pred: Box::new(pred?),
                    }),
                    span,
                )
            }
            ExprKind::HasLabels(base, labels) => {
                let e = Box::new(self.compile(base)?);
                let test = match labels.conjunction() {
                    Some(names) => {
                        let syms = names
                            .iter()
                            .map(|l| self.planner.graph.intern(&l.name))
                            .collect();
                        Ex::HasLabels(e, syms)
                    }
                    None => Ex::Labels(e, self.planner.label_expr(labels)),
                };
                // On a value that may be neither a node nor a relationship, its error has a
                // place.
                match kind_of(base, self.scope) {
                    VarKind::Node | VarKind::Rel => test,
                    _ => Ex::Spanned(Box::new(test), span),
                }
            }
            ExprKind::IsType(e, ty, negated) => {
                Ex::IsType(Box::new(self.compile(e)?), ty.clone(), *negated)
            }
            // An internal function of the string, the form and the negation: null on a value
            // that is not a string, as in Neo4j.
            ExprKind::IsNormalized(e, form, negated) => Ex::Spanned(
                Box::new(Ex::Call(
                    Function::IsNormalized,
                    vec![
                        self.compile(e)?,
                        Ex::Const(Value::str(form.name())),
                        Ex::Const(Value::Bool(*negated)),
                    ],
                )),
                span,
            ),
            ExprKind::Pattern(part) => {
                self.check_subplan(
                    std::slice::from_ref(part),
                    None,
                    span,
                    "a pattern predicate",
                )?;
                let op = self.planner.plan_pattern_predicate(self.scope, part)?;
                Ex::Spanned(Box::new(Ex::Exists(Box::new(op))), span)
            }
            ExprKind::Subquery {
                count,
                pattern,
                where_,
                map,
            } => {
                let what = if map.is_some() {
                    "a pattern comprehension"
                } else {
                    "a subquery"
                };
                self.check_subplan(pattern, where_.as_deref(), span, what)?;
                let (op, inner_scope) =
                    self.planner
                        .plan_subquery(self.scope, pattern, where_.as_deref())?;
                let ex = match map {
                    // Its expression is evaluated over each match's row, in the subquery's
                    // scope (the pattern's own variables beside the outer ones).
                    Some(map) => {
                        let mut inner = ExprCompiler {
                            planner: &mut *self.planner,
                            scope: &inner_scope,
                            locals: self.locals.clone(),
                            agg: AggMode::Forbidden("inside a pattern comprehension"),
                        };
                        Ex::CollectRows(op, Box::new(inner.compile(map)?))
                    }
                    None if *count => Ex::CountRows(op),
                    None => Ex::Exists(op),
                };
                Ex::Spanned(Box::new(ex), span)
            }
            ExprKind::QuerySubquery { kind, query } => {
                let what = match kind {
                    ast::SubqueryKind::Exists => "EXISTS { }",
                    ast::SubqueryKind::Count => "COUNT { }",
                    ast::SubqueryKind::Collect => "COLLECT { }",
                };
                let mut names = Vec::new();
                if !self.locals.is_empty() {
                    free_vars(expr, &mut names);
                }
                self.check_subplan_reads(&names, span, what)?;
                let ex = self
                    .planner
                    .plan_query_subquery(self.scope, *kind, query, span)?;
                Ex::Spanned(Box::new(ex), span)
            }
            ExprKind::MapProjection { var, items } => {
                let base = self.variable(&var.name, var.span)?;
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(match item {
                        ast::MapProjectionItem::Property(k) => {
                            MapItem::Property(k.name.clone(), self.planner.graph.intern(&k.name))
                        }
                        ast::MapProjectionItem::Literal(k, e) => {
                            MapItem::Value(k.name.clone(), self.compile(e)?)
                        }
                        ast::MapProjectionItem::Variable(v) => {
                            MapItem::Value(v.name.clone(), self.variable(&v.name, v.span)?)
                        }
                        ast::MapProjectionItem::AllProperties => MapItem::AllProperties,
                    });
                }
                Ex::Spanned(
                    Box::new(Ex::MapProjection {
                        base: Box::new(base),
                        items: out,
                    }),
                    span,
                )
            }
        })
    }

    /// Where a pattern predicate or subquery (`what`) over `parts` cannot be planned as a
    /// sub-plan: over a list comprehension's variable, or in an aggregating item.
    /// A sub-plan's rows hold the statement's variables, not a comprehension's: one that its
    /// pattern or WHERE reads is refused (its own expression, evaluated beside the
    /// comprehension's values, may read them).
    fn check_subplan(
        &self,
        parts: &[ast::PatternPart],
        where_: Option<&ast::Expr>,
        span: Span,
        what: &str,
    ) -> Result<()> {
        if !self.locals.is_empty() {
            let mut names = Vec::new();
            for part in parts {
                pattern_vars(part, &mut names);
                for e in pattern_exprs(part) {
                    free_vars(e, &mut names);
                }
            }
            if let Some(w) = where_ {
                free_vars(w, &mut names);
            }
            return self.check_subplan_reads(&names, span, what);
        }
        self.check_subplan_reads(&[], span, what)
    }

    /// A sub-plan (`what`) reading `names` cannot read a list comprehension's variable, nor
    /// stand in an aggregating item outside its aggregate.
    fn check_subplan_reads(&self, names: &[String], span: Span, what: &str) -> Result<()> {
        if names.iter().any(|n| self.locals.contains(n)) {
            return Err(Error::unsupported(
                span,
                &format!("{what} over a list comprehension variable"),
            ));
        }
        if let AggMode::Rewrite { .. } = self.agg {
            return Err(Error::semantic(
                span,
                format!("{what} in an aggregating item must be inside the aggregate"),
            ));
        }
        Ok(())
    }

    /// `type()`, `length()` and `size()` of a variable whose kind the plan knows to be wrong
    /// fail here, before anything runs, with the error running them would give.
    fn check_argument_kind(&self, function: Function, arg: &ast::Expr, span: Span) -> Result<()> {
        let ExprKind::Variable(name) = &arg.kind else {
            return Ok(());
        };
        if self.locals.iter().any(|l| l == name) {
            return Ok(());
        }
        let Some(kind) = self.scope.lookup(name).map(|v| v.kind) else {
            return Ok(());
        };
        let expected = match (function, kind) {
            (Function::Type, VarKind::Node | VarKind::Path) => "a Relationship",
            (Function::Length, VarKind::Node | VarKind::Rel) => "a Path",
            (Function::Size, VarKind::Path) => "a String or a List",
            _ => return Ok(()),
        };
        Err(Error::at(
            ErrorKind::Type,
            span,
            format!(
                "{}() expects {expected}, got {}",
                function.name(),
                kind.name()
            ),
        ))
    }

    /// `normalize(s, NFQ)`: a form written as a keyword that is none of the four (and names no
    /// variable) is a syntax error naming them, as in Neo4j.
    fn check_normal_form(&self, form: &ast::Expr) -> Result<()> {
        let ExprKind::Variable(name) = &form.kind else {
            return Ok(());
        };
        let key = match &self.agg {
            AggMode::Rewrite { keys, .. } => keys.iter().any(|(_, v)| v.as_deref() == Some(name)),
            _ => false,
        };
        if key || self.locals.iter().any(|l| l == name) || self.scope.lookup(name).is_some() {
            return Ok(());
        }
        Err(
            Error::syntax(form.span, format!("unknown normal form `{name}`"))
                .with_help("the normal forms are NFC, NFD, NFKC and NFKD"),
        )
    }

    fn variable(&mut self, name: &str, span: Span) -> Result<Ex> {
        if let Some(i) = self.locals.iter().rposition(|l| l == name) {
            return Ok(Ex::Local(i));
        }
        if let AggMode::Rewrite { keys, .. } = &self.agg {
            if let Some(i) = keys.iter().position(|(_, v)| v.as_deref() == Some(name)) {
                return Ok(Ex::Slot(i));
            }
            if self.scope.lookup(name).is_some() {
                return Err(Error::semantic(
                    span,
                    format!(
                        "variable `{name}` is used beside an aggregate but is not a grouping key"
                    ),
                )
                .with_help(format!(
                    "add `{name}` as its own item of the projection, or aggregate it"
                )));
            }
        }
        match self.scope.lookup(name) {
            Some(v) => Ok(Ex::Slot(v.slot)),
            None => {
                let mut err = Error::semantic(span, format!("variable `{name}` not defined"));
                let known: Vec<&str> = self
                    .scope
                    .visible_names()
                    .chain(self.locals.iter().map(|s| s.as_str()))
                    .collect();
                if self.scope.not_imported.iter().any(|n| n == name) {
                    err = err.with_help(format!(
                        "`{name}` is bound outside the subquery: import it with \
                         CALL ({name}) {{ ... }} or a leading WITH {name}"
                    ));
                } else if let Some(s) = suggest(name, known) {
                    err = err.with_help(format!("did you mean `{s}`?"));
                }
                Err(err)
            }
        }
    }

    fn function(
        &mut self,
        name: &ast::Ident,
        distinct: bool,
        args: &[ast::Expr],
        span: Span,
    ) -> Result<Ex> {
        let lower = name.name.to_lowercase();
        // Resolved to the catalogue's id once, here: the plan holds the id.
        let function = Function::lookup(&lower);
        if let Some(kind) = function.and_then(Function::aggregate) {
            return self.aggregate(kind, distinct, args, span);
        }
        if let Some(f @ (Function::Linenumber | Function::File)) = function {
            // What the latest LOAD CSV before them in this scope read; null without one.
            if !args.is_empty() || distinct {
                return Err(Error::semantic(
                    span,
                    format!("{}() takes no arguments", lower),
                ));
            }
            return Ok(match self.scope.load_csv {
                Some((line, file)) => Ex::Slot(if f == Function::File { file } else { line }),
                None => Ex::Const(crate::graph::Value::Null),
            });
        }
        if let Some((construct, help)) = unsupported_function(&lower) {
            let err = Error::unsupported(name.span, &construct);
            return Err(match help {
                Some(help) => err.with_help(help),
                None => err,
            });
        }
        if function == Some(Function::Exists) {
            if args.len() != 1 {
                return Err(Error::semantic(span, "exists() takes exactly one argument"));
            }
            return match &args[0].kind {
                ExprKind::Property(..) => Ok(Ex::IsNull(Box::new(self.compile(&args[0])?), true)),
                ExprKind::Pattern(_) => self.compile(&args[0]),
                _ => Err(Error::semantic(
                    args[0].span,
                    "exists() expects a property (n.key) or a pattern",
                )),
            };
        }
        let Some(function) = function.filter(|f| f.is_scalar()) else {
            let mut err = Error::semantic(name.span, format!("unknown function `{}`", name.name));
            if let Some(s) = suggest(&name.name, FUNCTION_NAMES.iter().copied()) {
                err = err.with_help(format!("did you mean `{s}`?"));
            }
            return Err(err);
        };
        if distinct {
            return Err(Error::semantic(
                span,
                format!(
                    "DISTINCT is only allowed in aggregating functions, not in {}()",
                    name.name
                ),
            ));
        }
        if let [arg] = args {
            self.check_argument_kind(function, arg, span)?;
        }
        if let (Function::Normalize, [_, form]) = (function, args) {
            self.check_normal_form(form)?;
        }
        let (min, max) = function.arity();
        if args.len() < min || args.len() > max {
            let expected = if min == max {
                format!("{min}")
            } else if max == usize::MAX {
                format!("at least {min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(Error::semantic(
                span,
                format!(
                    "{}() takes {expected} argument{}, got {}",
                    name.name,
                    if max == 1 && min == 1 { "" } else { "s" },
                    args.len()
                ),
            ));
        }
        let args = args
            .iter()
            .map(|a| self.compile(a))
            .collect::<Result<Vec<_>>>()?;
        // A temporal value written as text (`date('2020-11-01')`) is made once, here: a filter
        // then compares with a constant (a kernel, on a date column without making values)
        // instead of reading the text on every row. Text that does not read stays a call,
        // whose error comes when (and if) it runs.
        if let (Some(kind), [arg]) = (temporal_kind(function), &args[..]) {
            let mut inner = arg;
            while let Ex::Spanned(e, _) = inner {
                inner = e;
            }
            if let Ex::Const(Value::String(text)) = inner {
                if let Ok(t) = crate::temporal::parse_temporal(kind, text) {
                    return Ok(Ex::Spanned(Box::new(Ex::Const(Value::from(t))), span));
                }
            }
        }
        Ok(Ex::Spanned(Box::new(Ex::Call(function, args)), span))
    }

    fn aggregate(
        &mut self,
        kind: AggregateKind,
        distinct: bool,
        args: &[ast::Expr],
        span: Span,
    ) -> Result<Ex> {
        let input: &Scope = match &self.agg {
            AggMode::Rewrite { input, .. } => input,
            AggMode::Returned { .. } => {
                return Err(Error::semantic(
                    span,
                    "ORDER BY can only use an aggregate that the projection returns",
                )
                .with_help("add it as an item with AS and order by that name"))
            }
            AggMode::Forbidden(place) => {
                return Err(Error::semantic(
                    span,
                    format!("aggregating functions are not allowed {place}"),
                )
                .with_help("aggregate in a WITH or RETURN item, then filter with WITH ... WHERE"))
            }
        };
        let expected = match kind {
            AggregateKind::CountStar => 0,
            AggregateKind::PercentileCont | AggregateKind::PercentileDisc => 2,
            _ => 1,
        };
        if args.len() != expected {
            return Err(Error::semantic(
                span,
                format!(
                    "this aggregating function takes {expected} argument(s), got {}",
                    args.len()
                ),
            ));
        }
        for a in args {
            if contains_aggregate(a) {
                return Err(Error::semantic(
                    a.span,
                    "aggregating functions cannot be nested",
                ));
            }
        }
        let mut inner = ExprCompiler {
            planner: &mut *self.planner,
            scope: input,
            locals: self.locals.clone(),
            agg: AggMode::Forbidden("inside another aggregate"),
        };
        let arg = match args.first() {
            Some(a) => Some(inner.compile(a)?),
            None => None,
        };
        let extra = match args.get(1) {
            Some(a) => Some(inner.compile(a)?),
            None => None,
        };
        let AggMode::Rewrite { keys, specs, .. } = &mut self.agg else {
            return Err(Error::semantic(
                span,
                "aggregating functions are not allowed here",
            ));
        };
        specs.push(AggSpec {
            kind,
            distinct,
            arg,
            extra,
        });
        Ok(Ex::Slot(keys.len() + specs.len() - 1))
    }
}

/// The kind of value an expression yields, when it is a variable or obviously an entity.
pub(super) fn kind_of(expr: &ast::Expr, scope: &Scope) -> VarKind {
    match &expr.kind {
        ExprKind::Variable(name) => scope.lookup(name).map_or(VarKind::Any, |v| v.kind),
        _ => VarKind::Any,
    }
}

#[allow(dead_code)]
pub(super) fn unsupported(span: Span, what: &str) -> Error {
    Error::at(
        ErrorKind::Unsupported,
        span,
        format!("{what} is not supported"),
    )
}

/// The kind of temporal value a constructor makes from text (`date('...')`), if it is one.
fn temporal_kind(f: Function) -> Option<crate::temporal::Kind> {
    use crate::temporal::Kind;
    Some(match f {
        Function::Date => Kind::Date,
        Function::LocalTime => Kind::LocalTime,
        Function::Time => Kind::Time,
        Function::LocalDateTime => Kind::LocalDateTime,
        Function::DateTime => Kind::DateTime,
        Function::Duration => Kind::Duration,
        _ => return None,
    })
}
