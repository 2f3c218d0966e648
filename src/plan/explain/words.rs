//! Plan descriptions, the words: expressions, patterns and names of a plan written back as
//! Cypher-like text, with the variables' names. Expressions the plan kept the place of are
//! shown as the statement wrote them.

use crate::diagnostic::Span;
use crate::graph::{format_float, Dir, Graph, Sym, Value};
use crate::ir::{AggSpec, AggregateKind, CreatePart, Ex, Function, LabelExpr, MapItem, SetOp};
use crate::syntax::ast::{BinaryOp, Quantifier, UnaryOp};

/// The names of the row slots where an operator's expressions are evaluated, ready to print.
#[derive(Clone, Default)]
pub(super) struct Names {
    /// Which of the query's scopes they come from (`QueryPlan::slot_names`).
    pub scope: usize,
    /// Shared between the operators that see the same names (a plan has many).
    pub slots: std::rc::Rc<Vec<Option<String>>>,
}

impl Names {
    pub fn get(&self, slot: usize) -> String {
        match self.slots.get(slot) {
            Some(Some(name)) => name.clone(),
            _ => format!("anon_{slot}"),
        }
    }
}

/// Turns plan pieces into Cypher-like words.
pub(super) struct Words<'a> {
    pub graph: &'a Graph,
    /// The statement's text, which the plan's spans point into.
    pub source: &'a str,
}

impl Words<'_> {
    pub fn set_op<'p>(&self, op: &'p SetOp, n: &Names, exprs: &mut Vec<&'p Ex>) -> String {
        match op {
            SetOp::Prop {
                target, key, value, ..
            } => {
                exprs.push(target);
                exprs.push(value);
                format!(
                    "{}.{} = {}",
                    self.atom(target, n),
                    self.sym(*key),
                    self.expr(value, n)
                )
            }
            SetOp::Replace { slot, value, .. } => {
                exprs.push(value);
                format!("{} = {}", n.get(*slot), self.expr(value, n))
            }
            SetOp::Merge { slot, value, .. } => {
                exprs.push(value);
                format!("{} += {}", n.get(*slot), self.expr(value, n))
            }
            SetOp::Labels { slot, labels, .. } | SetOp::RemoveLabels { slot, labels, .. } => {
                format!("{}{}", n.get(*slot), self.labels(labels))
            }
            SetOp::RemoveProp { target, key, .. } => {
                exprs.push(target);
                format!("{}.{}", self.atom(target, n), self.sym(*key))
            }
        }
    }

    /// A CREATE or MERGE pattern part, as a chain where its relationships make one.
    pub fn create_part<'p>(
        &self,
        part: &'p CreatePart,
        n: &Names,
        exprs: &mut Vec<&'p Ex>,
    ) -> String {
        let mut shown: Vec<usize> = Vec::new();
        let mut node_text = |slot: usize, exprs: &mut Vec<&'p Ex>| {
            let Some(node) = part.nodes.iter().find(|c| c.slot == slot) else {
                return format!("({})", n.get(slot));
            };
            if node.bound || shown.contains(&slot) {
                return format!("({})", n.get(slot));
            }
            shown.push(slot);
            let props = match &node.props {
                Some(p) => {
                    exprs.push(p);
                    format!(" {}", self.expr(p, n))
                }
                None => String::new(),
            };
            format!("({}{}{props})", n.get(slot), self.labels(&node.labels))
        };
        let mut out = match &part.path {
            Some((slot, _, _)) => format!("{} = ", n.get(*slot)),
            None => String::new(),
        };
        if part.rels.is_empty() {
            let nodes: Vec<String> = part
                .nodes
                .iter()
                .map(|c| node_text(c.slot, exprs))
                .collect();
            out.push_str(&nodes.join(", "));
            return out;
        }
        // The chain's first node: the end of the first relationship the second one does not
        // touch.
        let first = &part.rels[0];
        let mut at = match part.rels.get(1) {
            Some(r) if r.start == first.start || r.end == first.start => first.end,
            _ => first.start,
        };
        out.push_str(&node_text(at, exprs));
        for (i, r) in part.rels.iter().enumerate() {
            let props = match &r.props {
                Some(p) => {
                    exprs.push(p);
                    format!(" {}", self.expr(p, n))
                }
                None => String::new(),
            };
            let rel = format!("[{}:{}{props}]", n.get(r.slot), self.sym(r.ty));
            if r.start == at {
                out.push_str(&format!("-{rel}->{}", node_text(r.end, exprs)));
                at = r.end;
            } else if r.end == at {
                out.push_str(&format!("<-{rel}-{}", node_text(r.start, exprs)));
                at = r.start;
            } else {
                if i > 0 {
                    out.push_str(", ");
                }
                let start = node_text(r.start, exprs);
                out.push_str(&format!("{start}-{rel}->{}", node_text(r.end, exprs)));
                at = r.end;
            }
        }
        out
    }

    pub fn aggregate(&self, a: &AggSpec, n: &Names) -> String {
        if a.kind == AggregateKind::CountStar {
            return "count(*)".into();
        }
        let mut args: Vec<String> = a.arg.iter().map(|e| self.expr(e, n)).collect();
        args.extend(a.extra.iter().map(|e| self.expr(e, n)));
        format!(
            "{}({}{})",
            a.kind.name(),
            if a.distinct { "DISTINCT " } else { "" },
            args.join(", ")
        )
    }

    /// `(a)-[r:T]->(b)`, walked from `from`.
    #[allow(clippy::too_many_arguments)]
    pub fn hop(
        &self,
        n: &Names,
        from: usize,
        rel: usize,
        to: usize,
        types: &[Sym],
        dir: Dir,
        extra: &str,
    ) -> String {
        let types = if types.is_empty() {
            String::new()
        } else {
            format!(":{}", self.types(types))
        };
        let rel = format!("[{}{types}{extra}]", n.get(rel));
        let (from, to) = (n.get(from), n.get(to));
        match dir {
            Dir::Out => format!("({from})-{rel}->({to})"),
            Dir::In => format!("({from})<-{rel}-({to})"),
            Dir::Both => format!("({from})-{rel}-({to})"),
        }
    }

    /// A variable-length relationship's checks split into its type expression, where the
    /// types it expands along do not say it all (`:!A`, else empty), and the rest.
    pub fn type_filter<'e>(&self, filter: Option<&'e Ex>) -> (String, Option<&'e Ex>) {
        let type_of = |e: &'e Ex| match e {
            Ex::Labels(base, t) if matches!(**base, Ex::Local(0)) => Some(t),
            _ => None,
        };
        if let Some(t) = filter.and_then(type_of) {
            return (format!(":{}", self.label_expr(t)), None);
        }
        if let Some(Ex::And(a, rest)) = filter {
            if let Some(t) = type_of(a) {
                return (format!(":{}", self.label_expr(t)), Some(rest));
            }
        }
        (String::new(), filter)
    }

    /// The property checks of a variable-length relationship: ` {k: v}` (or ` WHERE ...`).
    pub fn rel_filter(&self, filter: Option<&Ex>, n: &Names) -> String {
        let Some(filter) = filter else {
            return String::new();
        };
        let mut pairs = Vec::new();
        if collect_rel_props(filter, &mut pairs) {
            let items: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", self.sym(*k), self.expr(v, n)))
                .collect();
            format!(" {{{}}}", items.join(", "))
        } else {
            format!(" WHERE {}", self.expr(filter, n))
        }
    }

    pub fn sym(&self, s: Sym) -> String {
        quote_name(self.graph.name(s))
    }

    pub fn labels(&self, labels: &[Sym]) -> String {
        labels
            .iter()
            .map(|l| format!(":{}", self.sym(*l)))
            .collect()
    }

    /// A label expression as Cypher writes it, without its colon: `A|B`, `(A|B)&!C`.
    pub fn label_expr(&self, e: &LabelExpr) -> String {
        let level = |e: &LabelExpr| match e {
            LabelExpr::Or(_) => 1,
            LabelExpr::And(_) => 2,
            LabelExpr::Not(_) => 3,
            LabelExpr::Has(_) | LabelExpr::Any => 4,
        };
        let part = |e: &LabelExpr, at: u8| {
            let text = self.label_expr(e);
            if level(e) < at {
                format!("({text})")
            } else {
                text
            }
        };
        match e {
            LabelExpr::Has(l) => self.sym(*l),
            LabelExpr::Any => "%".into(),
            LabelExpr::Not(e) => format!("!{}", part(e, 3)),
            LabelExpr::And(items) => items
                .iter()
                .map(|i| part(i, 2))
                .collect::<Vec<_>>()
                .join("&"),
            LabelExpr::Or(items) => items
                .iter()
                .map(|i| part(i, 1))
                .collect::<Vec<_>>()
                .join("|"),
        }
    }

    pub fn types(&self, types: &[Sym]) -> String {
        types
            .iter()
            .map(|t| self.sym(*t))
            .collect::<Vec<_>>()
            .join("|")
    }

    /// The statement's text at a span, on one line.
    fn text(&self, span: Span) -> Option<String> {
        let text = self.source.get(span.start..span.end)?.trim();
        if text.is_empty() {
            return None;
        }
        if !text.contains(['\n', '\r']) {
            return Some(text.to_string());
        }
        Some(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// An expression in Cypher-like words: as written where the plan kept its place, else
    /// rebuilt with the variables' names.
    pub fn expr(&self, e: &Ex, n: &Names) -> String {
        let list = |items: &mut dyn Iterator<Item = String>| items.collect::<Vec<_>>().join(", ");
        match e {
            // A call's span is its first argument's (where errors in the arguments point).
            Ex::Spanned(inner, _) if matches!(**inner, Ex::Procedure(..)) => self.expr(inner, n),
            Ex::Spanned(inner, span) => self.text(*span).unwrap_or_else(|| self.expr(inner, n)),
            Ex::Const(v) => literal(v),
            Ex::Procedure(p, args) => format!(
                "{}({})",
                p.name(),
                list(&mut args.iter().map(|a| self.expr(a, n)))
            ),
            Ex::Slot(s) => n.get(*s),
            Ex::Local(i) => format!("local_{i}"),
            Ex::Prop(base, key) => format!("{}.{}", self.atom(base, n), self.sym(*key)),
            Ex::Index(base, index) => format!("{}[{}]", self.atom(base, n), self.expr(index, n)),
            Ex::Slice(base, from, to) => format!(
                "{}[{}..{}]",
                self.atom(base, n),
                from.as_ref().map(|e| self.expr(e, n)).unwrap_or_default(),
                to.as_ref().map(|e| self.expr(e, n)).unwrap_or_default()
            ),
            Ex::And(a, b) => self.infix(a, "AND", b, precedence(e), n),
            Ex::Or(a, b) => self.infix(a, "OR", b, precedence(e), n),
            Ex::Binary(op, a, b) => self.infix(a, op.symbol(), b, precedence(e), n),
            Ex::Unary(op, a) => match op {
                UnaryOp::Not => format!("NOT {}", self.operand(a, NOT, n)),
                UnaryOp::Neg => format!("-{}", self.operand(a, SIGN, n)),
                UnaryOp::Plus => format!("+{}", self.operand(a, SIGN, n)),
            },
            Ex::IsNull(a, negated) => format!(
                "{} IS {}NULL",
                self.operand(a, COMPARISON + 1, n),
                if *negated { "NOT " } else { "" }
            ),
            Ex::List(items) => format!("[{}]", list(&mut items.iter().map(|i| self.expr(i, n)))),
            Ex::Map(items) => format!(
                "{{{}}}",
                list(&mut items.iter().map(|(k, v)| format!(
                    "{}: {}",
                    quote_name(k),
                    self.expr(v, n)
                )))
            ),
            // SKIP and LIMIT wrap their value in a check, an internal function.
            Ex::Call(f, args) if f.is_internal() => list(&mut args.iter().map(|a| self.expr(a, n))),
            // Where the plan kept no text for the call: the name in lower case.
            Ex::Call(f, args) => format!(
                "{}({})",
                f.name().to_lowercase(),
                list(&mut args.iter().map(|a| self.expr(a, n)))
            ),
            Ex::Case {
                subject,
                whens,
                else_,
            } => {
                let mut out = "CASE".to_string();
                if let Some(s) = subject {
                    out.push_str(&format!(" {}", self.expr(s, n)));
                }
                for (w, t) in whens {
                    out.push_str(&format!(
                        " WHEN {} THEN {}",
                        self.expr(w, n),
                        self.expr(t, n)
                    ));
                }
                if let Some(e) = else_ {
                    out.push_str(&format!(" ELSE {}", self.expr(e, n)));
                }
                out + " END"
            }
            Ex::ListComp {
                local,
                list,
                where_,
                map,
            } => {
                let mut out = format!("[local_{local} IN {}", self.expr(list, n));
                if let Some(w) = where_ {
                    out.push_str(&format!(" WHERE {}", self.expr(w, n)));
                }
                if let Some(m) = map {
                    out.push_str(&format!(" | {}", self.expr(m, n)));
                }
                out + "]"
            }
            Ex::Reduce {
                local,
                init,
                list,
                expr,
            } => format!(
                "reduce(local_{local} = {}, local_{} IN {} | {})",
                self.expr(init, n),
                local + 1,
                self.expr(list, n),
                self.expr(expr, n)
            ),
            Ex::Quantified {
                quantifier,
                local,
                list,
                pred,
            } => format!(
                "{}(local_{local} IN {} WHERE {})",
                match quantifier {
                    Quantifier::All => "all",
                    Quantifier::Any => "any",
                    Quantifier::None => "none",
                    Quantifier::Single => "single",
                },
                self.expr(list, n),
                self.expr(pred, n)
            ),
            Ex::HasLabels(a, labels) => format!("{}{}", self.atom(a, n), self.labels(labels)),
            Ex::Labels(a, e) => format!("{}:{}", self.atom(a, n), self.label_expr(e)),
            Ex::IsType(a, ty, negated) => format!(
                "{} IS {}:: {ty}",
                self.operand(a, COMPARISON + 1, n),
                if *negated { "NOT " } else { "" }
            ),
            Ex::Exists(_) => "exists(pattern)".into(),
            Ex::CountRows(_) => "COUNT { pattern }".into(),
            Ex::CollectRows(_, map) => format!("[pattern | {}]", self.expr(map, n)),
            Ex::MapProjection { base, items } => format!(
                "{} {{{}}}",
                self.atom(base, n),
                list(&mut items.iter().map(|i| match i {
                    MapItem::Property(k, _) => format!(".{}", quote_name(k)),
                    MapItem::Value(k, v) => format!("{}: {}", quote_name(k), self.expr(v, n)),
                    MapItem::AllProperties => ".*".into(),
                }))
            ),
            Ex::BuildPath { start, rels } => format!(
                "path({})",
                list(&mut std::iter::once(start).chain(rels).map(|s| n.get(*s)))
            ),
        }
    }

    /// `a OP b` for a left-associative operator binding as tightly as `level`.
    fn infix(&self, a: &Ex, op: &str, b: &Ex, level: u8, n: &Names) -> String {
        format!(
            "{} {op} {}",
            self.operand(a, level, n),
            self.operand(b, level + 1, n)
        )
    }

    /// An expression where one binding at least as tightly as `level` is needed: in
    /// parentheses when it binds more loosely.
    fn operand(&self, e: &Ex, level: u8, n: &Names) -> String {
        let text = self.expr(e, n);
        if precedence(e) < level {
            format!("({text})")
        } else {
            text
        }
    }

    /// An expression as the base of `.key`, `[i]` or `:Label`.
    fn atom(&self, e: &Ex, n: &Names) -> String {
        self.operand(e, ATOM, n)
    }
}

const NOT: u8 = 4;
const COMPARISON: u8 = 5;
const SIGN: u8 = 9;
const ATOM: u8 = 10;

/// How tightly an expression binds, as Cypher's operator precedence goes (higher binds
/// tighter): OR, XOR, AND, NOT, comparisons, `+ -`, `* / %`, `^`, signs, then atoms.
fn precedence(e: &Ex) -> u8 {
    use BinaryOp::*;
    match e {
        Ex::Spanned(inner, _) => precedence(inner),
        Ex::Or(..) | Ex::Binary(Or, ..) => 1,
        Ex::Binary(Xor, ..) => 2,
        Ex::And(..) | Ex::Binary(And, ..) => 3,
        Ex::Unary(UnaryOp::Not, _) => NOT,
        Ex::IsNull(..)
        | Ex::IsType(..)
        | Ex::Call(Function::IsNormalized, _)
        | Ex::Binary(Eq | Ne | Lt | Le | Gt | Ge | In | StartsWith | EndsWith | Contains, ..)
        | Ex::Binary(RegexMatch, ..) => COMPARISON,
        Ex::Binary(Add | Sub, ..) => 6,
        Ex::Binary(Mul | Div | Mod, ..) => 7,
        Ex::Binary(Pow, ..) => 8,
        Ex::Unary(UnaryOp::Neg | UnaryOp::Plus, _) => SIGN,
        _ => ATOM,
    }
}

/// The `(key, value)` pairs of a relationship filter made of `rel.key = value` checks joined
/// by AND (what a `[r* {key: value}]` pattern plans to); false when it is anything else.
fn collect_rel_props<'e>(filter: &'e Ex, out: &mut Vec<(Sym, &'e Ex)>) -> bool {
    match filter {
        Ex::And(a, b) => collect_rel_props(a, out) && collect_rel_props(b, out),
        Ex::Binary(BinaryOp::Eq, prop, value) => match &**prop {
            Ex::Prop(base, key) if matches!(**base, Ex::Local(0)) => {
                out.push((*key, value));
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// `*`, `*2`, `*1..3`, `*2..`: a variable-length relationship's lengths.
pub(super) fn length(min: u64, max: u64) -> String {
    match (min, max) {
        (1, u64::MAX) => "*".into(),
        (min, u64::MAX) => format!("*{min}.."),
        (min, max) if min == max => format!("*{min}"),
        (min, max) => format!("*{min}..{max}"),
    }
}

pub(super) use crate::syntax::ast::quote_name;

/// A constant as a Cypher literal (strings in single quotes).
fn literal(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        Value::String(s) => {
            let mut out = String::with_capacity(s.len() + 2);
            out.push('\'');
            for c in s.chars() {
                match c {
                    '\'' => out.push_str("\\'"),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('\'');
            out
        }
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(literal).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", quote_name(k), literal(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Node(id) => format!("node({})", id.0),
        Value::Rel(id) => format!("relationship({})", id.0),
        Value::VirtualNode(n) => format!("node({})", n.id),
        Value::VirtualRel(r) => format!("relationship({})", r.id),
        Value::Path(_) => "path(...)".into(),
        Value::Temporal(t) => t.to_cypher(),
        Value::Point(p) => p.to_string(),
    }
}
