//! "Did you mean": when a read statement returns no rows, the equalities it put on a string
//! property of a labelled node (`(a:Actor {name: 'Rusia'})`, `WHERE a.name = 'Kremlin'`) whose
//! value no node of the label holds are looked up once more, for a warning that names what
//! does exist:
//!
//! - a node whose name or an alias equals the text under case folding (`'Kremlin'`, an alias of
//!   Russia; `'russia'`): its value of the property, and `named()` to match aliases;
//! - else the nearest value of the property under 3 edits (`diagnostic::suggest`), among the
//!   label's values in its (label, key) index, or the nearest name or alias in its name index.
//!
//! Nothing runs when the statement found rows. The search reads the indexes only, and at most
//! `MAX_COMPARED` values of each, so a huge graph bounds it too; it stops, without a warning,
//! when the statement is interrupted or past its time limit.

use super::Warning;
use crate::diagnostic::{suggest, Span};
use crate::graph::{fold_name, Graph, Value};
use crate::syntax::ast::{self, BinaryOp, Clause, ExprKind, Literal};
use std::collections::HashMap;

/// How many distinct values of an index are compared with the text, at most.
const MAX_COMPARED: usize = 100_000;
/// How many equalities of one statement are looked at, at most.
const MAX_CHECKED: usize = 16;

/// One `var.key = 'text'` of the statement.
struct Wanted<'a> {
    label: &'a str,
    key: &'a str,
    var: Option<&'a str>,
    text: String,
    span: Span,
}

/// The warnings for a read statement that returned no rows.
pub fn warnings(
    statement: &ast::Statement,
    graph: &Graph,
    params: &HashMap<String, Value>,
    cancel: crate::cancel::Cancel,
) -> Vec<Warning> {
    let mut wanted = Vec::new();
    for query in &statement.queries {
        collect(query, params, &mut wanted);
    }
    wanted
        .iter()
        .take(MAX_CHECKED)
        .filter_map(|w| warning(w, graph, cancel))
        .collect()
}

/// The equalities on labelled nodes' string properties in the MATCH clauses of a query.
fn collect<'a>(
    query: &'a ast::SingleQuery,
    params: &HashMap<String, Value>,
    out: &mut Vec<Wanted<'a>>,
) {
    // The first label each node variable was given in the query.
    let mut labels: HashMap<&str, &str> = HashMap::new();
    for clause in &query.clauses {
        let Clause::Match(m) = clause else {
            continue;
        };
        for part in &m.pattern {
            let nodes = std::iter::once(&part.start).chain(part.chain.iter().map(|(_, n)| n));
            for node in nodes {
                let label = node.labels.as_ref().and_then(|l| l.first_required());
                let label = label.map(|l| l.name.as_str());
                let var = node.var.as_ref().map(|v| v.name.as_str());
                if let (Some(v), Some(l)) = (var, label) {
                    labels.entry(v).or_insert(l);
                }
                let label = label.or_else(|| var.and_then(|v| labels.get(v).copied()));
                let (Some(label), Some(props)) = (label, &node.props) else {
                    continue;
                };
                let ExprKind::Map(entries) = &props.kind else {
                    continue;
                };
                for (key, value) in entries {
                    if let Some(text) = text_of(value, params) {
                        out.push(Wanted {
                            label,
                            key: &key.name,
                            var,
                            text,
                            span: value.span,
                        });
                    }
                }
            }
        }
        let Some(w) = &m.where_ else {
            continue;
        };
        let mut conjuncts = Vec::new();
        split_and(w, &mut conjuncts);
        for c in conjuncts {
            let ExprKind::Binary(BinaryOp::Eq, l, r) = &c.kind else {
                continue;
            };
            for (prop, value) in [(l, r), (r, l)] {
                let ExprKind::Property(base, key) = &prop.kind else {
                    continue;
                };
                let ExprKind::Variable(var) = &base.kind else {
                    continue;
                };
                let (Some(&label), Some(text)) = (labels.get(var.as_str()), text_of(value, params))
                else {
                    continue;
                };
                out.push(Wanted {
                    label,
                    key: &key.name,
                    var: Some(var),
                    text,
                    span: value.span,
                });
            }
        }
    }
}

fn split_and<'a>(e: &'a ast::Expr, out: &mut Vec<&'a ast::Expr>) {
    match &e.kind {
        ExprKind::Binary(BinaryOp::And, a, b) => {
            split_and(a, out);
            split_and(b, out);
        }
        _ => out.push(e),
    }
}

/// A string literal's or string parameter's text.
fn text_of(e: &ast::Expr, params: &HashMap<String, Value>) -> Option<String> {
    match &e.kind {
        ExprKind::Literal(Literal::String(s)) => Some(s.clone()),
        ExprKind::Parameter(p) => match params.get(p) {
            Some(Value::String(s)) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The warning for one equality, when no node has the value and something close exists.
fn warning(w: &Wanted, graph: &Graph, cancel: crate::cancel::Cancel) -> Option<Warning> {
    let (label, key) = (graph.sym(w.label)?, graph.sym(w.key)?);
    let text = Value::str(&w.text);
    if graph
        .lookup(label, key, &text)
        .is_none_or(|found| !found.is_empty())
    {
        return None;
    }
    let missing = format!("no {} has {} {}", w.label, w.key, quoted(&w.text));
    let var = w.var.unwrap_or("n");
    // A node that has the text as its name or an alias, in any case.
    if let Some(&node) = graph.lookup_named(label, &w.text).first() {
        let value = graph.node_prop(node, key);
        let how = format!(
            "named({var}, {}) finds a node by its name or any of its aliases, in any case",
            quoted(&w.text)
        );
        let (message, help) = match value {
            Some(Value::String(v)) if fold_name(&v) == fold_name(&w.text) => (
                format!("{missing}; did you mean {}?", quoted(&v)),
                format!("values are compared as written; {how}"),
            ),
            Some(Value::String(v)) => (
                format!("{missing}; did you mean {}?", quoted(&v)),
                format!("{} is an alias of {}; {how}", quoted(&w.text), quoted(&v)),
            ),
            _ => (
                format!("{missing}; a node has {} as an alias", quoted(&w.text)),
                how,
            ),
        };
        return Some(Warning {
            message,
            span: w.span,
            help: Some(help),
        });
    }
    // The nearest value of the property, else the nearest name or alias.
    let near = |s: &str| s.chars().count().abs_diff(w.text.chars().count()) <= 2;
    let mut values: Vec<String> = Vec::new();
    let mut stopped = false;
    graph.visit_string_values(label, key, MAX_COMPARED, |v| {
        if near(v) {
            values.push(v.to_string());
        }
        stopped = cancel.tick().is_err();
        !stopped
    });
    if stopped {
        return None;
    }
    if let Some(best) = suggest(&w.text, values.iter().map(String::as_str)) {
        return Some(Warning {
            message: format!("{missing}; did you mean {}?", quoted(best)),
            span: w.span,
            help: None,
        });
    }
    let folded = fold_name(&w.text);
    let mut names: Vec<(String, Vec<crate::graph::NodeId>)> = Vec::new();
    graph.visit_names(label, MAX_COMPARED, |name, ids| {
        if near(name) {
            names.push((name.to_string(), ids.to_vec()));
        }
        stopped = cancel.tick().is_err();
        !stopped
    });
    if stopped {
        return None;
    }
    let best = suggest(&folded, names.iter().map(|(n, _)| n.as_str()))?;
    let (_, ids) = names.iter().find(|(n, _)| n == best)?;
    let name_key = graph.sym("name");
    let called = ids
        .first()
        .and_then(|&n| graph.node_prop(n, name_key?))
        .and_then(|v| match v {
            Value::String(s) => Some(s.to_string()),
            _ => None,
        })?;
    Some(Warning {
        message: format!("{missing}; did you mean {}?", quoted(&called)),
        span: w.span,
        help: Some(format!(
            "{} is a name or alias of {}; named({var}, {}) finds a node by its name or any of its aliases, in any case",
            quoted(best),
            quoted(&called),
            quoted(best)
        )),
    })
}

/// A string as a Cypher literal in single quotes.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}
