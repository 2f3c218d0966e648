//! Syntax stage, parser: runs the pest grammar (`grammar/cypher.pest`) and builds the AST
//! with one build function per grammar rule; operator precedence comes from pest's Pratt
//! parser. Also turns pest's errors into readable messages through one rename table. Uses
//! only `diagnostic` and `ast` (and the lexical checks of `split`); knows nothing of planning,
//! execution or the graph.

use std::num::NonZeroUsize;
use std::sync::LazyLock;

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;
use pest_derive::Parser;

use super::ast::*;
use super::split::{check_structure, only_trivia, significant_end, too_deep, MAX_NESTING};
use crate::diagnostic::{suggest, Error, ErrorKind, Result, Span};

#[derive(Parser)]
#[grammar = "grammar/cypher.pest"]
struct CypherParser;

type P<'i> = Pair<'i, Rule>;

/// Deepest expression tree accepted (operator chains like `1 + 1 + ... + 1` included), so
/// that later stages can walk the tree recursively.
const MAX_EXPR_DEPTH: usize = 500;

/// Budget of grammar rule calls for one parse: a bound on the time pathological input can
/// take through backtracking.
const MAX_RULE_CALLS: usize = 20_000_000;

/// Parse one statement; `offset` is where `text` starts in the whole source.
pub(crate) fn statement(text: &str, offset: usize) -> Result<Statement> {
    let rest = skip_trivia(text, 0);
    if rest == text.len() || (text[rest..].starts_with(';') && only_trivia(&text[rest + 1..])) {
        let at = offset + rest.min(text.len());
        return Err(Error::syntax(Span::new(at, at), "empty statement"));
    }
    check_structure(text, offset)?;
    let b = Builder { text, offset };
    let mut pairs = b.run(Rule::statement)?;
    b.statement(pairs.next().expect("statement"))
}

/// Parse a whole text as one expression.
pub(crate) fn expression(text: &str) -> Result<Expr> {
    if only_trivia(text) {
        return Err(Error::syntax(Span::new(0, 0), "expected an expression, found end of input"));
    }
    check_structure(text, 0)?;
    let b = Builder { text, offset: 0 };
    let mut pairs = b.run(Rule::expression_only)?;
    let top = pairs.next().expect("expression_only");
    let e = top.into_inner().next().expect("expression");
    b.expression(e)
}

/// Offset of the first character at or after `from` that is neither whitespace nor comment.
fn skip_trivia(text: &str, from: usize) -> usize {
    let mut i = from.min(text.len());
    loop {
        let rest = &text[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        if let Some(r) = trimmed.strip_prefix("//") {
            i += 2 + r.find(['\n', '\r']).unwrap_or(r.len());
        } else if let Some(r) = trimmed.strip_prefix("/*") {
            i += 2 + r.find("*/").map_or(r.len(), |j| j + 2);
        } else {
            return i;
        }
    }
}

fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

/// Punctuation and keyword pairs, which carry no information once parsed.
fn is_token(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::comma
            | Rule::semicolon
            | Rule::colon
            | Rule::assign
            | Rule::plus_assign
            | Rule::close_paren
            | Rule::close_bracket
            | Rule::close_brace
            | Rule::EOI
    ) || is_keyword(rule)
}

/// The children of a pair that matter for building.
fn kids(p: P<'_>) -> impl Iterator<Item = P<'_>> {
    p.into_inner().filter(|c| !is_token(c.as_rule()))
}

fn has_child(p: &P<'_>, rule: Rule) -> bool {
    p.clone().into_inner().any(|c| c.as_rule() == rule)
}

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    use Assoc::Left;
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Left))
        .op(Op::infix(Rule::op_xor, Left))
        .op(Op::infix(Rule::op_and, Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Left)
            | Op::infix(Rule::op_ne, Left)
            | Op::infix(Rule::op_bang_ne, Left)
            | Op::infix(Rule::op_lt, Left)
            | Op::infix(Rule::op_le, Left)
            | Op::infix(Rule::op_gt, Left)
            | Op::infix(Rule::op_ge, Left))
        .op(Op::infix(Rule::op_regex, Left)
            | Op::infix(Rule::op_in, Left)
            | Op::infix(Rule::op_starts_with, Left)
            | Op::infix(Rule::op_ends_with, Left)
            | Op::infix(Rule::op_contains, Left)
            | Op::postfix(Rule::op_is_null)
            | Op::postfix(Rule::op_is_not_null))
        .op(Op::infix(Rule::op_add, Left) | Op::infix(Rule::op_sub, Left))
        .op(Op::infix(Rule::op_mul, Left)
            | Op::infix(Rule::op_div, Left)
            | Op::infix(Rule::op_mod, Left))
        .op(Op::infix(Rule::op_pow, Left))
        .op(Op::prefix(Rule::op_neg) | Op::prefix(Rule::op_pos))
        .op(Op::postfix(Rule::property_lookup)
            | Op::postfix(Rule::index_op)
            | Op::postfix(Rule::label_op))
});

/// An expression while the Pratt parser assembles it.
struct Node {
    expr: Expr,
    /// Depth of `expr` as a tree.
    depth: usize,
    /// When `expr` is a comparison (or a chain of them), its last operand: `a < b < c` means
    /// `a < b AND b < c`.
    chain_last: Option<Expr>,
    /// The literal 9223372036854775808, which is only valid right after a minus sign.
    min_literal: bool,
}

impl Node {
    fn new(expr: Expr, depth: usize) -> Node {
        Node { expr, depth, chain_last: None, min_literal: false }
    }
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// Depth of an expression tree (whose subexpressions are already known to be bounded).
fn expr_depth(e: &Expr) -> usize {
    let max = |it: &mut dyn Iterator<Item = &Expr>| it.map(expr_depth).max().unwrap_or(0);
    1 + match &e.kind {
        ExprKind::Literal(_) | ExprKind::Parameter(_) | ExprKind::Variable(_) => 0,
        ExprKind::CountStar => 0,
        ExprKind::Property(a, _)
        | ExprKind::Unary(_, a)
        | ExprKind::IsNull(a, _)
        | ExprKind::HasLabels(a, _) => expr_depth(a),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => expr_depth(a).max(expr_depth(b)),
        ExprKind::Slice(a, b, c) => {
            max(&mut [Some(a), b.as_ref(), c.as_ref()].into_iter().flatten().map(|e| &**e))
        }
        ExprKind::List(v) | ExprKind::Function { args: v, .. } => max(&mut v.iter()),
        ExprKind::Map(v) => max(&mut v.iter().map(|(_, e)| e)),
        ExprKind::Case { subject, whens, else_ } => max(
            &mut subject
                .iter()
                .map(|e| &**e)
                .chain(whens.iter().flat_map(|(a, b)| [a, b]))
                .chain(else_.iter().map(|e| &**e)),
        ),
        ExprKind::ListComprehension { list, where_, map, .. } => {
            max(&mut [Some(list), where_.as_ref(), map.as_ref()].into_iter().flatten().map(|e| &**e))
        }
        ExprKind::Quantified { list, pred, .. } => expr_depth(list).max(expr_depth(pred)),
        ExprKind::Pattern(part) => {
            let nodes = std::iter::once(&part.start).chain(part.chain.iter().map(|(_, n)| n));
            let props = nodes
                .filter_map(|n| n.props.as_ref())
                .chain(part.chain.iter().filter_map(|(r, _)| r.props.as_ref()));
            max(&mut props.into_iter())
        }
        ExprKind::MapProjection { items, .. } => max(&mut items.iter().filter_map(|i| match i {
            MapProjectionItem::Literal(_, e) => Some(e),
            _ => None,
        })),
    }
}

/// Turns pairs into AST nodes; `offset` is added to every span.
struct Builder<'s> {
    text: &'s str,
    offset: usize,
}

impl<'s> Builder<'s> {
    fn run(&self, rule: Rule) -> Result<pest::iterators::Pairs<'s, Rule>> {
        pest::set_call_limit(NonZeroUsize::new(MAX_RULE_CALLS));
        CypherParser::parse(rule, self.text).map_err(|e| self.pest_error(e))
    }

    /// The span of a pair, without the whitespace and comments pest may leave at its end.
    fn span(&self, p: &P<'_>) -> Span {
        let s = p.as_span();
        let text = p.as_str();
        let len = if text.ends_with(|c: char| c.is_whitespace()) || text.contains('/') {
            significant_end(text)
        } else {
            text.len()
        };
        Span::new(self.offset + s.start(), self.offset + s.start() + len)
    }

    fn local(&self, start: usize, end: usize) -> Span {
        Span::new(self.offset + start, self.offset + end)
    }

    // ----------------------------------------------------------------------------------------
    // Statements and clauses

    fn statement(&self, p: P<'_>) -> Result<Statement> {
        let query = p.into_inner().find(|c| c.as_rule() == Rule::query).expect("query");
        let span = self.span(&query);
        let mut queries = Vec::new();
        let mut union_all = Vec::new();
        for c in query.into_inner() {
            match c.as_rule() {
                Rule::single_query => queries.push(self.single_query(c)?),
                Rule::union => union_all.push(has_child(&c, Rule::kw_all)),
                _ => {}
            }
        }
        Ok(Statement { queries, union_all, span })
    }

    fn single_query(&self, p: P<'_>) -> Result<SingleQuery> {
        let span = self.span(&p);
        let clauses = p.into_inner().map(|c| self.clause(c)).collect::<Result<_>>()?;
        Ok(SingleQuery { clauses, span })
    }

    fn clause(&self, p: P<'_>) -> Result<Clause> {
        Ok(match p.as_rule() {
            Rule::match_clause => Clause::Match(self.match_clause(p)?),
            Rule::unwind_clause => Clause::Unwind(self.unwind_clause(p)?),
            Rule::with_clause => Clause::With(self.projection(p)?),
            Rule::return_clause => Clause::Return(self.projection(p)?),
            Rule::create_clause => Clause::Create(self.create_clause(p)?),
            Rule::merge_clause => Clause::Merge(self.merge_clause(p)?),
            Rule::set_clause => Clause::Set(self.set_clause(p)?),
            Rule::remove_clause => Clause::Remove(self.remove_clause(p)?),
            Rule::delete_clause => Clause::Delete(self.delete_clause(p)?),
            Rule::unsupported_clause => return Err(self.unsupported_clause(p)),
            r => unreachable!("clause {r:?}"),
        })
    }

    fn unsupported_clause(&self, p: P<'_>) -> Error {
        let mut kw = p.clone().into_inner();
        let keyword = kw.next().expect("unsupported_keyword");
        let rest = kw.next().map_or("", |r| r.as_str().trim_start());
        let mut name = keyword
            .clone()
            .into_inner()
            .map(|k| k.as_str().to_uppercase())
            .collect::<Vec<_>>()
            .join(" ");
        if name == "CALL" && rest.starts_with('{') {
            name = "CALL { } subquery".into();
        } else if name == "CALL" {
            name = "CALL (procedures)".into();
        }
        Error::unsupported(self.span(&keyword), &name)
    }

    fn match_clause(&self, p: P<'_>) -> Result<Match> {
        let span = self.span(&p);
        let optional = has_child(&p, Rule::kw_optional);
        let mut pattern = Vec::new();
        let mut where_ = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::pattern => pattern = self.pattern(c)?,
                Rule::where_clause => where_ = Some(self.where_clause(c)?),
                r => unreachable!("match {r:?}"),
            }
        }
        Ok(Match { optional, pattern, where_, span })
    }

    fn where_clause(&self, p: P<'_>) -> Result<Expr> {
        self.expression(kids(p).next().expect("where expression"))
    }

    fn unwind_clause(&self, p: P<'_>) -> Result<Unwind> {
        let span = self.span(&p);
        let mut it = kids(p);
        let expr = self.expression(it.next().expect("unwind expression"))?;
        let alias = self.ident(it.next().expect("unwind alias"));
        Ok(Unwind { expr, alias, span })
    }

    /// The body of WITH and RETURN.
    fn projection(&self, p: P<'_>) -> Result<Projection> {
        let mut proj = Projection {
            distinct: false,
            star: false,
            items: Vec::new(),
            order_by: Vec::new(),
            skip: None,
            limit: None,
            where_: None,
            span: self.span(&p),
        };
        for c in kids(p) {
            match c.as_rule() {
                Rule::distinct => proj.distinct = true,
                Rule::projection_items => {
                    for item in kids(c) {
                        match item.as_rule() {
                            Rule::star => proj.star = true,
                            _ => proj.items.push(self.projection_item(item)?),
                        }
                    }
                }
                Rule::order_by => {
                    proj.order_by = kids(c).map(|s| self.sort_item(s)).collect::<Result<_>>()?
                }
                Rule::skip => proj.skip = Some(self.where_clause(c)?),
                Rule::limit => proj.limit = Some(self.where_clause(c)?),
                Rule::where_clause => proj.where_ = Some(self.where_clause(c)?),
                r => unreachable!("projection {r:?}"),
            }
        }
        Ok(proj)
    }

    fn projection_item(&self, p: P<'_>) -> Result<ProjectionItem> {
        let mut it = kids(p);
        let e = it.next().expect("projection expression");
        let text = e.as_str()[..significant_end(e.as_str())].to_string();
        let expr = self.expression(e)?;
        let alias = it.next().map(|a| self.ident(a));
        Ok(ProjectionItem { expr, alias, text })
    }

    fn sort_item(&self, p: P<'_>) -> Result<SortItem> {
        let mut it = kids(p);
        let expr = self.expression(it.next().expect("sort expression"))?;
        let descending = it.next().is_some_and(|d| d.as_str().to_lowercase().starts_with("desc"));
        Ok(SortItem { expr, descending })
    }

    fn create_clause(&self, p: P<'_>) -> Result<Create> {
        let span = self.span(&p);
        let pattern = self.pattern(kids(p).next().expect("create pattern"))?;
        Ok(Create { pattern, span })
    }

    fn merge_clause(&self, p: P<'_>) -> Result<Merge> {
        let span = self.span(&p);
        let mut it = kids(p);
        let part = self.pattern_part(it.next().expect("merge pattern"))?;
        let (mut on_create, mut on_match) = (Vec::new(), Vec::new());
        for action in it {
            let create = has_child(&action, Rule::kw_create);
            let items = kids(action).map(|i| self.set_item(i)).collect::<Result<Vec<_>>>()?;
            if create {
                on_create.extend(items);
            } else {
                on_match.extend(items);
            }
        }
        Ok(Merge { part, on_create, on_match, span })
    }

    fn set_clause(&self, p: P<'_>) -> Result<SetClause> {
        let span = self.span(&p);
        let items = kids(p).map(|i| self.set_item(i)).collect::<Result<_>>()?;
        Ok(SetClause { items, span })
    }

    fn set_item(&self, p: P<'_>) -> Result<SetItem> {
        let span = self.span(&p);
        let rule = p.as_rule();
        let mut it = kids(p);
        let first = it.next().expect("set item target");
        Ok(match rule {
            Rule::set_property => {
                let (target, key) = self.property_target(first)?;
                let value = self.expression(it.next().expect("set value"))?;
                SetItem::Property { target, key, value, span }
            }
            Rule::set_merge => {
                let value = self.expression(it.next().expect("set value"))?;
                SetItem::Merge { var: self.ident(first), value, span }
            }
            Rule::set_replace => {
                let value = self.expression(it.next().expect("set value"))?;
                SetItem::Replace { var: self.ident(first), value, span }
            }
            Rule::set_labels => {
                let labels = self.labels(it.next().expect("labels"));
                SetItem::Labels { var: self.ident(first), labels, span }
            }
            r => unreachable!("set item {r:?}"),
        })
    }

    /// `n.a.b` or `(expr).k`: the expression owning the last key, and that key.
    fn property_target(&self, p: P<'_>) -> Result<(Expr, Ident)> {
        let mut it = kids(p);
        let base = it.next().expect("property target base");
        let mut target = match base.as_rule() {
            Rule::variable => {
                let id = self.ident(base);
                Expr { kind: ExprKind::Variable(id.name), span: id.span }
            }
            _ => self.plain(self.primary(base)?)?,
        };
        let mut keys: Vec<Ident> =
            it.map(|l| self.ident(kids(l).next().expect("property key"))).collect();
        let key = keys.pop().expect("at least one property key");
        for k in keys {
            let span = target.span.to(k.span);
            target = Expr { kind: ExprKind::Property(boxed(target), k), span };
        }
        Ok((target, key))
    }

    fn remove_clause(&self, p: P<'_>) -> Result<Remove> {
        let span = self.span(&p);
        let mut items = Vec::new();
        for item in kids(p) {
            let span = self.span(&item);
            match item.as_rule() {
                Rule::remove_labels => {
                    let mut it = kids(item);
                    let var = self.ident(it.next().expect("remove variable"));
                    let labels = self.labels(it.next().expect("remove labels"));
                    items.push(RemoveItem::Labels { var, labels, span });
                }
                Rule::remove_property => {
                    let target = kids(item).next().expect("remove target");
                    let (target, key) = self.property_target(target)?;
                    items.push(RemoveItem::Property { target, key, span });
                }
                r => unreachable!("remove item {r:?}"),
            }
        }
        Ok(Remove { items, span })
    }

    fn delete_clause(&self, p: P<'_>) -> Result<Delete> {
        let span = self.span(&p);
        let mut detach = false;
        let mut exprs = Vec::new();
        for c in kids(p) {
            match c.as_rule() {
                Rule::detach => detach = true,
                _ => exprs.push(self.expression(c)?),
            }
        }
        Ok(Delete { detach, exprs, span })
    }

    // ----------------------------------------------------------------------------------------
    // Patterns

    fn pattern(&self, p: P<'_>) -> Result<Vec<PatternPart>> {
        kids(p).map(|part| self.pattern_part(part)).collect()
    }

    fn pattern_part(&self, p: P<'_>) -> Result<PatternPart> {
        let span = self.span(&p);
        let mut var = None;
        let mut elements = Vec::new();
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => var = Some(self.ident(c)),
                Rule::shortest_path | Rule::all_shortest_paths => {
                    let path = self.shortest_path(c)?;
                    return Ok(PatternPart { var, span, ..path });
                }
                _ => elements.push(c),
            }
        }
        self.pattern_element(var, PathKind::Normal, elements, span)
    }

    fn shortest_path(&self, p: P<'_>) -> Result<PatternPart> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::shortest_path => PathKind::Shortest,
            _ => PathKind::AllShortest,
        };
        self.pattern_element(None, kind, kids(p).collect(), span)
    }

    /// A node pattern followed by (relationship, node) pairs.
    fn pattern_element(
        &self,
        var: Option<Ident>,
        kind: PathKind,
        elements: Vec<P<'_>>,
        span: Span,
    ) -> Result<PatternPart> {
        let mut it = elements.into_iter();
        let start = self.node_pattern(it.next().expect("first node pattern"))?;
        let mut chain = Vec::new();
        while let Some(rel) = it.next() {
            let rel = self.rel_pattern(rel)?;
            let node = self.node_pattern(it.next().expect("node after relationship"))?;
            chain.push((rel, node));
        }
        Ok(PatternPart { var, kind, start, chain, span })
    }

    fn pattern_predicate(&self, p: P<'_>) -> Result<PatternPart> {
        let span = self.span(&p);
        self.pattern_element(None, PathKind::Normal, kids(p).collect(), span)
    }

    fn node_pattern(&self, p: P<'_>) -> Result<NodePattern> {
        let mut node = NodePattern { var: None, labels: Vec::new(), props: None, span: self.span(&p) };
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => node.var = Some(self.ident(c)),
                Rule::node_labels => node.labels = self.labels(c),
                _ => node.props = Some(self.plain(self.primary(c)?)?),
            }
        }
        Ok(node)
    }

    fn rel_pattern(&self, p: P<'_>) -> Result<RelPattern> {
        let text = p.as_str();
        let direction = match (text.starts_with('<'), text.ends_with('>')) {
            (true, false) => Direction::Incoming,
            (false, true) => Direction::Outgoing,
            _ => Direction::Both,
        };
        let mut rel = RelPattern {
            var: None,
            types: Vec::new(),
            direction,
            length: None,
            props: None,
            span: self.span(&p),
        };
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => rel.var = Some(self.ident(c)),
                Rule::rel_types => rel.types = kids(c).map(|t| self.ident(t)).collect(),
                Rule::var_length => rel.length = Some(self.var_length(c)?),
                _ => rel.props = Some(self.plain(self.primary(c)?)?),
            }
        }
        Ok(rel)
    }

    fn var_length(&self, p: P<'_>) -> Result<(Option<u64>, Option<u64>)> {
        let (mut min, mut max, mut dots) = (None, None, false);
        for c in kids(p) {
            match c.as_rule() {
                Rule::range_min => min = Some(self.hop_count(c)?),
                Rule::range_max => max = Some(self.hop_count(c)?),
                _ => dots = true,
            }
        }
        Ok(if dots { (min, max) } else { (min, min) })
    }

    fn hop_count(&self, p: P<'_>) -> Result<u64> {
        p.as_str()
            .trim()
            .parse()
            .map_err(|_| Error::syntax(self.span(&p), "integer literal is too large"))
    }

    fn labels(&self, p: P<'_>) -> Vec<Ident> {
        kids(p).map(|l| self.ident(l)).collect()
    }

    // ----------------------------------------------------------------------------------------
    // Names

    /// An identifier from `variable`, `schema_name`, `symbolic_name` or `escaped_name`.
    fn ident(&self, p: P<'_>) -> Ident {
        let span = self.span(&p);
        let inner = match p.as_rule() {
            Rule::variable | Rule::schema_name => p.into_inner().next().expect("name"),
            _ => p,
        };
        Ident { name: name_text(&inner), span }
    }

    // ----------------------------------------------------------------------------------------
    // Expressions

    fn expression(&self, p: P<'_>) -> Result<Expr> {
        let pairs = p.into_inner();
        let mut run = 0;
        for c in pairs.clone() {
            if matches!(c.as_rule(), Rule::op_not | Rule::op_neg | Rule::op_pos) {
                run += 1;
                if run > MAX_NESTING {
                    return Err(too_deep(self.span(&c)));
                }
            } else {
                run = 0;
            }
        }
        let node = PRATT
            .map_primary(|c| self.primary(c))
            .map_prefix(|op, rhs| self.prefix(op, rhs?))
            .map_postfix(|lhs, op| self.postfix(lhs?, op))
            .map_infix(|lhs, op, rhs| self.infix(lhs?, op, rhs?))
            .parse(pairs)?;
        self.plain(node)
    }

    /// The finished expression of a node; the bare literal 9223372036854775808 is an error.
    fn plain(&self, node: Node) -> Result<Expr> {
        if node.min_literal {
            return Err(Error::syntax(node.expr.span, "integer literal is too large"));
        }
        Ok(node.expr)
    }

    fn node(&self, kind: ExprKind, span: Span, depth: usize, at: Span) -> Result<Node> {
        if depth > MAX_EXPR_DEPTH {
            return Err(too_deep(at));
        }
        Ok(Node::new(Expr { kind, span }, depth))
    }

    fn prefix(&self, op: P<'_>, rhs: Node) -> Result<Node> {
        let op_span = self.span(&op);
        let span = op_span.to(rhs.expr.span);
        let op = match op.as_rule() {
            Rule::op_neg if rhs.min_literal => {
                return Ok(Node::new(
                    Expr { kind: ExprKind::Literal(Literal::Integer(i64::MIN)), span },
                    1,
                ))
            }
            Rule::op_neg => UnaryOp::Neg,
            Rule::op_pos => UnaryOp::Plus,
            _ => UnaryOp::Not,
        };
        let depth = rhs.depth + 1;
        let rhs = self.plain(rhs)?;
        self.node(ExprKind::Unary(op, boxed(rhs)), span, depth, op_span)
    }

    fn infix(&self, lhs: Node, op: P<'_>, rhs: Node) -> Result<Node> {
        let op_span = self.span(&op);
        let op = match op.as_rule() {
            Rule::op_or => BinaryOp::Or,
            Rule::op_xor => BinaryOp::Xor,
            Rule::op_and => BinaryOp::And,
            Rule::op_eq => BinaryOp::Eq,
            Rule::op_ne => BinaryOp::Ne,
            Rule::op_lt => BinaryOp::Lt,
            Rule::op_le => BinaryOp::Le,
            Rule::op_gt => BinaryOp::Gt,
            Rule::op_ge => BinaryOp::Ge,
            Rule::op_regex => BinaryOp::RegexMatch,
            Rule::op_in => BinaryOp::In,
            Rule::op_starts_with => BinaryOp::StartsWith,
            Rule::op_ends_with => BinaryOp::EndsWith,
            Rule::op_contains => BinaryOp::Contains,
            Rule::op_add => BinaryOp::Add,
            Rule::op_sub => BinaryOp::Sub,
            Rule::op_mul => BinaryOp::Mul,
            Rule::op_div => BinaryOp::Div,
            Rule::op_mod => BinaryOp::Mod,
            Rule::op_pow => BinaryOp::Pow,
            _ => {
                return Err(Error::syntax(op_span, "'!=' is not a Cypher operator")
                    .with_help("use <> for inequality"))
            }
        };
        let span = lhs.expr.span.to(rhs.expr.span);
        let comparison = matches!(
            op,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        );
        let (lhs_depth, rhs_depth) = (lhs.depth, rhs.depth);
        let chained = lhs.chain_last.clone();
        let (lhs, rhs) = (self.plain(lhs)?, self.plain(rhs)?);
        if !comparison {
            let depth = lhs_depth.max(rhs_depth) + 1;
            return self.node(ExprKind::Binary(op, boxed(lhs), boxed(rhs)), span, depth, op_span);
        }
        let last = rhs.clone();
        let mut node = match chained {
            // `a < b < c`: `a < b AND b < c`.
            Some(prev) => {
                let cmp_span = prev.span.to(rhs.span);
                let cmp = Expr { kind: ExprKind::Binary(op, boxed(prev), boxed(rhs)), span: cmp_span };
                let depth = lhs_depth.max(rhs_depth + 1) + 1;
                let kind = ExprKind::Binary(BinaryOp::And, boxed(lhs), boxed(cmp));
                self.node(kind, span, depth, op_span)?
            }
            None => {
                let depth = lhs_depth.max(rhs_depth) + 1;
                self.node(ExprKind::Binary(op, boxed(lhs), boxed(rhs)), span, depth, op_span)?
            }
        };
        node.chain_last = Some(last);
        Ok(node)
    }

    fn postfix(&self, lhs: Node, op: P<'_>) -> Result<Node> {
        let op_span = self.span(&op);
        let span = lhs.expr.span.to(op_span);
        let mut depth = lhs.depth + 1;
        let lhs = boxed(self.plain(lhs)?);
        let kind = match op.as_rule() {
            Rule::op_is_null => ExprKind::IsNull(lhs, false),
            Rule::op_is_not_null => ExprKind::IsNull(lhs, true),
            Rule::property_lookup => {
                ExprKind::Property(lhs, self.ident(kids(op).next().expect("property key")))
            }
            Rule::label_op => ExprKind::HasLabels(lhs, self.labels(op)),
            _ => {
                let close = op.clone().into_inner().last().map(|c| self.span(&c)).unwrap_or(op_span);
                let (mut from, mut to, mut dots) = (None, None, false);
                for c in kids(op) {
                    match c.as_rule() {
                        Rule::range_dots => dots = true,
                        _ => {
                            let e = self.expression(c)?;
                            depth = depth.max(expr_depth(&e) + 1);
                            if dots {
                                to = Some(boxed(e));
                            } else {
                                from = Some(boxed(e));
                            }
                        }
                    }
                }
                match (dots, from) {
                    (true, from) => ExprKind::Slice(lhs, from, to),
                    (false, Some(index)) => ExprKind::Index(lhs, index),
                    (false, None) => {
                        return Err(Error::syntax(close, "expected an expression, found ']'"))
                    }
                }
            }
        };
        self.node(kind, span, depth, op_span)
    }

    fn primary(&self, p: P<'_>) -> Result<Node> {
        let span = self.span(&p);
        let literal = |l: Literal| Ok(Node::new(Expr { kind: ExprKind::Literal(l), span }, 1));
        let kind = match p.as_rule() {
            Rule::decimal_integer => {
                let s = p.as_str();
                if s.len() > 1 && s.starts_with('0') {
                    if s.bytes().any(|b| b > b'7') {
                        let msg = format!("invalid octal integer literal '{s}'");
                        return Err(Error::syntax(span, msg));
                    }
                    return self.integer(&s[1..], 8, span);
                }
                return self.integer(s, 10, span);
            }
            Rule::hex_integer => return self.integer(&p.as_str()[2..], 16, span),
            Rule::octal_integer => return self.integer(&p.as_str()[2..], 8, span),
            Rule::float_literal => {
                let f: f64 = p.as_str().parse().map_err(|_| Error::syntax(span, "invalid float literal"))?;
                if !f.is_finite() {
                    return Err(Error::syntax(span, "float literal is too large"));
                }
                return literal(Literal::Float(f));
            }
            Rule::string_literal => {
                let content = p.into_inner().next().expect("string content");
                return literal(Literal::String(self.unescape(&content)?));
            }
            Rule::true_literal => return literal(Literal::Bool(true)),
            Rule::false_literal => return literal(Literal::Bool(false)),
            Rule::null_literal => return literal(Literal::Null),
            Rule::parameter => {
                let name = p.into_inner().next().expect("parameter name");
                ExprKind::Parameter(name_text(&name))
            }
            Rule::variable => ExprKind::Variable(self.ident(p).name),
            Rule::count_star => ExprKind::CountStar,
            Rule::case_expression => self.case_expression(p)?,
            Rule::subquery_expression => {
                let kw = p.into_inner().next().expect("subquery keyword");
                let name = format!("{} {{ }} subquery", kw.as_str().to_uppercase());
                return Err(Error::unsupported(self.span(&kw), &name));
            }
            Rule::pattern_comprehension => {
                return Err(Error::unsupported(span, "pattern comprehension"))
            }
            Rule::list_comprehension => self.list_comprehension(p)?,
            Rule::list_literal => {
                ExprKind::List(kids(p).map(|e| self.expression(e)).collect::<Result<_>>()?)
            }
            Rule::map_literal => self.map_literal(p)?,
            Rule::quantified => self.quantified(p)?,
            Rule::shortest_path | Rule::all_shortest_paths => {
                ExprKind::Pattern(Box::new(self.shortest_path(p)?))
            }
            Rule::function_call => self.function_call(p)?,
            Rule::pattern_predicate => ExprKind::Pattern(Box::new(self.pattern_predicate(p)?)),
            Rule::parenthesized => {
                let inner = self.expression(kids(p).next().expect("parenthesized"))?;
                inner.kind
            }
            Rule::map_projection => self.map_projection(p)?,
            r => unreachable!("primary {r:?}"),
        };
        let expr = Expr { kind, span };
        let depth = expr_depth(&expr);
        self.node(expr.kind, span, depth, span)
    }

    fn integer(&self, digits: &str, radix: u32, span: Span) -> Result<Node> {
        let too_large = || Error::syntax(span, "integer literal is too large");
        let v = u64::from_str_radix(digits, radix).map_err(|_| too_large())?;
        let (value, min_literal) = match i64::try_from(v) {
            Ok(v) => (v, false),
            Err(_) if v == 1 << 63 => (i64::MIN, true),
            Err(_) => return Err(too_large()),
        };
        let mut node = Node::new(Expr { kind: ExprKind::Literal(Literal::Integer(value)), span }, 1);
        node.min_literal = min_literal;
        Ok(node)
    }

    /// The value of a string literal's content, escapes resolved.
    fn unescape(&self, p: &P<'_>) -> Result<String> {
        let raw = p.as_str();
        let base = p.as_span().start();
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((_, e)) = chars.next() else { break };
            let simple = match e {
                '\\' => Some('\\'),
                '\'' => Some('\''),
                '"' => Some('"'),
                'n' | 'N' => Some('\n'),
                't' | 'T' => Some('\t'),
                'r' | 'R' => Some('\r'),
                'b' | 'B' => Some('\u{8}'),
                'f' | 'F' => Some('\u{c}'),
                _ => None,
            };
            if let Some(s) = simple {
                out.push(s);
                continue;
            }
            let width = match e {
                'u' => 4,
                'U' => 8,
                _ => {
                    let span = self.local(base + i, base + i + 1 + e.len_utf8());
                    return Err(Error::syntax(span, format!("invalid escape sequence '\\{e}'"))
                        .with_help("write \\\\ for a backslash"));
                }
            };
            let start = i + 2;
            let hex = raw.get(start..start + width).unwrap_or("");
            let code = (hex.len() == width && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(hex, 16).ok())
                .flatten()
                .and_then(char::from_u32);
            match code {
                Some(ch) => {
                    out.push(ch);
                    for _ in 0..width {
                        chars.next();
                    }
                }
                None => {
                    let end = (start + width).min(raw.len());
                    let end = (start..=end).rev().find(|&j| raw.is_char_boundary(j)).unwrap_or(start);
                    let span = self.local(base + i, base + end);
                    return Err(Error::syntax(span, "invalid unicode escape sequence"));
                }
            }
        }
        Ok(out)
    }

    fn case_expression(&self, p: P<'_>) -> Result<ExprKind> {
        let (mut subject, mut whens, mut else_) = (None, Vec::new(), None);
        for c in kids(p) {
            match c.as_rule() {
                Rule::case_subject => subject = Some(boxed(self.where_clause(c)?)),
                Rule::case_when => {
                    let mut it = kids(c);
                    let when = self.expression(it.next().expect("when"))?;
                    let then = self.expression(it.next().expect("then"))?;
                    whens.push((when, then));
                }
                _ => else_ = Some(boxed(self.where_clause(c)?)),
            }
        }
        Ok(ExprKind::Case { subject, whens, else_ })
    }

    fn list_comprehension(&self, p: P<'_>) -> Result<ExprKind> {
        let mut it = kids(p);
        let var = self.ident(it.next().expect("comprehension variable"));
        let list = boxed(self.expression(it.next().expect("comprehension list"))?);
        let (mut where_, mut map) = (None, None);
        for c in it {
            let rule = c.as_rule();
            let e = Some(boxed(self.where_clause(c)?));
            match rule {
                Rule::comprehension_where => where_ = e,
                _ => map = e,
            }
        }
        Ok(ExprKind::ListComprehension { var, list, where_, map })
    }

    fn map_literal(&self, p: P<'_>) -> Result<ExprKind> {
        let mut entries = Vec::new();
        for entry in kids(p) {
            let mut it = kids(entry);
            let key = self.ident(it.next().expect("map key"));
            let value = self.expression(it.next().expect("map value"))?;
            entries.push((key, value));
        }
        Ok(ExprKind::Map(entries))
    }

    fn quantified(&self, p: P<'_>) -> Result<ExprKind> {
        let mut it = kids(p);
        let quantifier = match it.next().expect("quantifier").as_str().to_lowercase().as_str() {
            "all" => Quantifier::All,
            "any" => Quantifier::Any,
            "none" => Quantifier::None,
            _ => Quantifier::Single,
        };
        let var = self.ident(it.next().expect("quantifier variable"));
        let list = boxed(self.expression(it.next().expect("quantifier list"))?);
        let pred = boxed(self.expression(it.next().expect("quantifier predicate"))?);
        Ok(ExprKind::Quantified { quantifier, var, list, pred })
    }

    fn function_call(&self, p: P<'_>) -> Result<ExprKind> {
        let mut distinct = false;
        let mut name = None;
        let mut args = Vec::new();
        for c in kids(p) {
            match c.as_rule() {
                Rule::function_name => {
                    let span = self.span(&c);
                    let parts: Vec<String> = c.into_inner().map(|n| name_text(&n)).collect();
                    name = Some(Ident { name: parts.join("."), span });
                }
                Rule::distinct => distinct = true,
                _ => args.push(self.expression(c)?),
            }
        }
        Ok(ExprKind::Function { name: name.expect("function name"), distinct, args })
    }

    fn map_projection(&self, p: P<'_>) -> Result<ExprKind> {
        let mut it = kids(p);
        let var = self.ident(it.next().expect("map projection variable"));
        let mut items = Vec::new();
        for c in it {
            items.push(match c.as_rule() {
                Rule::map_projection_all => MapProjectionItem::AllProperties,
                Rule::map_projection_property => {
                    MapProjectionItem::Property(self.ident(kids(c).next().expect("key")))
                }
                Rule::map_projection_literal => {
                    let mut kv = kids(c);
                    let key = self.ident(kv.next().expect("key"));
                    MapProjectionItem::Literal(key, self.expression(kv.next().expect("value"))?)
                }
                _ => MapProjectionItem::Variable(self.ident(kids(c).next().expect("variable"))),
            });
        }
        Ok(ExprKind::MapProjection { var, items })
    }

    // ----------------------------------------------------------------------------------------
    // Errors

    fn pest_error(&self, e: pest::error::Error<Rule>) -> Error {
        let pos = match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
        let (found_span, found) = found_token(self.text, pos);
        let span = self.local(found_span.start, found_span.end);
        match e.variant {
            ErrorVariant::CustomError { message } => {
                let msg = if message.contains("stack") {
                    "expression nested too deeply"
                } else {
                    "statement too complex to parse"
                };
                Error::at(ErrorKind::Resource, span, msg)
            }
            ErrorVariant::ParsingError { positives, .. } => {
                let expected = expected_list(&positives);
                let found_text = match &found {
                    Some(t) => format!("'{t}'"),
                    None => "end of input".to_string(),
                };
                let message = if expected.is_empty() {
                    format!("unexpected {found_text}")
                } else {
                    format!("expected {}, found {found_text}", join_words(&expected))
                };
                let mut err = Error::syntax(span, message);
                if let Some(word) = found.filter(|w| w.chars().all(|c| c.is_alphabetic())) {
                    let candidates = keyword_candidates(&expected);
                    if let Some(k) = suggest(&word.to_uppercase(), candidates.iter().copied()) {
                        err = err.with_help(format!("did you mean `{k}`?"));
                    }
                }
                err
            }
        }
    }
}

/// The name a `symbolic_name`, `escaped_name` or `parameter_index` pair stands for.
fn name_text(p: &P<'_>) -> String {
    match p.as_rule() {
        Rule::escaped_name => {
            let s = p.as_str();
            s[1..s.len() - 1].replace("``", "`")
        }
        _ => p.as_str().to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Error messages

/// How a label takes part in grouping.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A clause keyword: several of them are shown as one group.
    Clause,
    /// An operator: several of them are shown as "an operator".
    Operator,
    Other,
}

const CLAUSE_GROUP: &str = "a clause (MATCH, WITH, RETURN, ...)";
const CLAUSE_KEYWORDS: &[&str] = &[
    "MATCH", "OPTIONAL", "WHERE", "UNWIND", "WITH", "RETURN", "CREATE", "MERGE", "SET", "REMOVE",
    "DELETE", "DETACH", "ORDER", "SKIP", "LIMIT", "UNION",
];

/// The rename table: what a grammar rule is called in an error message (None: not shown).
fn describe(rule: Rule) -> Option<(&'static str, Class)> {
    use Class::*;
    use Rule::*;
    let d = match rule {
        expression | expression_only | projection_items | projection_item | sort_item
        | case_subject | comprehension_where | comprehension_map | float_literal | hex_integer
        | octal_integer | string_literal | true_literal | false_literal | null_literal
        | case_expression | count_star | list_comprehension | list_literal | quantified
        | function_call | pattern_predicate | parenthesized | map_projection => {
            ("an expression", Other)
        }
        pattern | pattern_part | shortest_path | all_shortest_paths => ("a pattern", Other),
        node_pattern => ("a node pattern", Other),
        rel_pattern => ("a relationship pattern", Other),
        node_labels => ("a label", Other),
        rel_types => ("a relationship type", Other),
        var_length | star => ("'*'", Other),
        map_literal => ("a map", Other),
        parameter => ("a parameter", Other),
        variable | property_target | set_labels | set_merge | set_replace | remove_labels
        | remove_property | map_projection_variable => ("a variable", Other),
        schema_name | symbolic_name | escaped_name | function_name | map_entry
        | map_projection_literal => ("a name", Other),
        map_projection_property | map_projection_all => ("'.'", Other),
        range_min | range_max | decimal_integer | parameter_index => ("an integer", Other),
        range_dots => ("'..'", Other),
        distinct | kw_distinct => ("DISTINCT", Other),
        kw_as => ("AS", Other),
        where_clause | kw_where => ("WHERE", Other),
        order_by | kw_order => ("ORDER BY", Other),
        kw_by => ("BY", Other),
        skip | kw_skip => ("SKIP", Other),
        limit | kw_limit => ("LIMIT", Other),
        sort_direction | kw_asc | kw_ascending | kw_desc | kw_descending => ("ASC or DESC", Other),
        case_when | kw_when => ("WHEN", Other),
        kw_then => ("THEN", Other),
        case_else | kw_else => ("ELSE", Other),
        kw_end => ("END", Other),
        merge_action | kw_on => ("ON", Other),
        kw_in => ("IN", Operator),
        kw_all => ("ALL", Other),
        union | kw_union => ("UNION", Other),
        match_clause | kw_match | kw_optional => ("MATCH", Clause),
        unwind_clause | kw_unwind => ("UNWIND", Clause),
        with_clause | kw_with => ("WITH", Clause),
        return_clause | kw_return => ("RETURN", Clause),
        create_clause | kw_create => ("CREATE", Clause),
        merge_clause | kw_merge => ("MERGE", Clause),
        set_clause | kw_set => ("SET", Clause),
        remove_clause | kw_remove => ("REMOVE", Clause),
        delete_clause | kw_delete | detach | kw_detach => ("DELETE", Clause),
        single_query | query => (CLAUSE_GROUP, Other),
        property_lookup => ("'.'", Operator),
        index_op => ("'['", Operator),
        label_op => ("':'", Operator),
        op_or | op_xor | op_and | op_not | op_regex | op_eq | op_ne | op_bang_ne | op_le | op_ge
        | op_lt | op_gt | op_in | op_starts_with | op_ends_with | op_contains | op_add | op_sub
        | op_mul | op_div | op_mod | op_pow | op_neg | op_pos | op_is_null | op_is_not_null
        | kw_or | kw_xor | kw_and | kw_is | kw_starts | kw_ends | kw_contains => {
            ("an operator", Operator)
        }
        kw_not => ("NOT", Other),
        kw_null => ("NULL", Other),
        comma => ("','", Other),
        colon => ("':'", Other),
        assign => ("'='", Other),
        plus_assign => ("'+='", Other),
        close_paren => ("')'", Other),
        close_bracket => ("']'", Other),
        close_brace => ("'}'", Other),
        EOI => ("end of input", Other),
        _ => return None,
    };
    Some(d)
}

/// Labels in the order messages list them.
const ORDER: &[&str] = &[
    "an expression",
    "a pattern",
    "a node pattern",
    "a relationship pattern",
    "a variable",
    "a name",
    "a label",
    "a relationship type",
    "'*'",
    "a map",
    "a parameter",
    "an integer",
    "'..'",
    "DISTINCT",
    "IN",
    "NOT",
    "NULL",
    "'.'",
    "'['",
    "':'",
    "an operator",
    "AS",
    "','",
    "'='",
    "'+='",
    "')'",
    "']'",
    "'}'",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "ON",
    "WHERE",
    "ORDER BY",
    "BY",
    "ASC or DESC",
    "SKIP",
    "LIMIT",
    CLAUSE_GROUP,
    "MATCH",
    "UNWIND",
    "WITH",
    "RETURN",
    "CREATE",
    "MERGE",
    "SET",
    "REMOVE",
    "DELETE",
    "UNION",
    "ALL",
    "end of input",
];

/// Rename pest's expected rules into words, grouped and ordered.
fn expected_list(rules: &[Rule]) -> Vec<&'static str> {
    let mut items: Vec<(&'static str, Class)> = Vec::new();
    for &r in rules {
        if let Some(d) = describe(r) {
            if !items.iter().any(|(l, _)| *l == d.0) {
                items.push(d);
            }
        }
    }
    let operators = items.iter().filter(|(_, c)| *c == Class::Operator).count();
    if operators >= 2 {
        items.retain(|(_, c)| *c != Class::Operator);
        items.push(("an operator", Class::Other));
    }
    let clauses = items.iter().filter(|(_, c)| *c == Class::Clause).count();
    if clauses >= 3 {
        items.retain(|(_, c)| *c != Class::Clause);
        if !items.iter().any(|(l, _)| *l == CLAUSE_GROUP) {
            items.push((CLAUSE_GROUP, Class::Other));
        }
    }
    let mut labels: Vec<&'static str> = items.into_iter().map(|(l, _)| l).collect();
    labels.sort_by_key(|l| ORDER.iter().position(|o| o == l).unwrap_or(ORDER.len()));
    labels
}

/// `a`, `a or b`, `a, b or c`.
fn join_words(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Keywords a misspelled word may have meant, given what was expected.
fn keyword_candidates(expected: &[&'static str]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for &label in expected {
        if label == CLAUSE_GROUP {
            out.extend_from_slice(CLAUSE_KEYWORDS);
        } else if label == "ASC or DESC" {
            out.extend_from_slice(&["ASC", "DESC", "ASCENDING", "DESCENDING"]);
        } else if let Some(word) = label.split(' ').next() {
            if word.chars().all(|c| c.is_ascii_uppercase()) {
                out.push(word);
            }
        }
    }
    out
}

/// The token at `pos` (after whitespace and comments) for "found ...": its byte range and
/// its text, or None at the end of the input.
fn found_token(text: &str, pos: usize) -> (Span, Option<String>) {
    let start = skip_trivia(text, pos);
    let rest = &text[start..];
    let Some(c) = rest.chars().next() else {
        return (Span::new(text.len(), text.len()), None);
    };
    let len = if c.is_alphanumeric() || c == '_' {
        rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '_')).unwrap_or(rest.len())
    } else if c == '\'' || c == '"' {
        // The scanner has checked that strings are terminated.
        let mut escaped = false;
        rest.char_indices()
            .skip(1)
            .find(|&(_, ch)| {
                let end = ch == c && !escaped;
                escaped = ch == '\\' && !escaped;
                end
            })
            .map_or(rest.len(), |(i, _)| i + 1)
    } else if ["!=", "<>", "<=", ">=", "=~", "+=", ".."].iter().any(|op| rest.starts_with(op)) {
        2
    } else {
        c.len_utf8()
    };
    let token = &rest[..len];
    let shown = if token.chars().count() > 30 {
        format!("{}...", token.chars().take(27).collect::<String>())
    } else {
        token.to_string()
    };
    (Span::new(start, start + len), Some(shown))
}
