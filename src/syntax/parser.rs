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
use super::split::{
    check_structure, only_trivia, open_bracket_at, significant_end, too_deep, MAX_NESTING,
};
use crate::diagnostic::{suggest, Error, ErrorKind, Result, Span};

#[derive(Parser)]
#[grammar = "grammar/cypher.pest"]
struct CypherParser;

type P<'i> = Pair<'i, Rule>;

/// Deepest expression tree accepted (operator chains like `1 + 1 + ... + 1` included), so
/// that later stages can walk the tree recursively.
const MAX_EXPR_DEPTH: usize = 500;

/// Budget of grammar rule calls for one parse, a bound on the time pathological input can
/// take through backtracking: a base plus this many calls per byte of input (dense
/// literal data takes about a hundred).
const RULE_CALLS_BASE: usize = 10_000_000;
const RULE_CALLS_PER_BYTE: usize = 1_000;

/// Stack for the thread that parses: the grammar and the build functions recurse once per
/// nesting level (at most `MAX_NESTING` brackets), which must not depend on the caller's stack.
pub(crate) const PARSER_STACK: usize = 16 << 20;

/// Run `f` on a thread with a stack of `PARSER_STACK` bytes (or here, if none can be made).
fn with_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(f));
    let take = || slot.lock().ok().and_then(|mut f| f.take());
    let result = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().stack_size(PARSER_STACK);
        let handle = thread.spawn_scoped(scope, || take().map(|f| f())).ok()?;
        match handle.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    match result {
        Some(result) => result,
        None => take().expect("the parser has not run")(),
    }
}

/// Parse one statement; `offset` is where `text` starts in the whole source.
pub(crate) fn statement(text: &str, offset: usize) -> Result<Statement> {
    with_stack(|| statement_here(text, offset))
}

/// Parse a whole text as one expression.
pub(crate) fn expression(text: &str) -> Result<Expr> {
    with_stack(|| expression_here(text))
}

pub(crate) fn statement_here(text: &str, offset: usize) -> Result<Statement> {
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

pub(crate) fn expression_here(text: &str) -> Result<Expr> {
    if only_trivia(text) {
        return Err(Error::syntax(
            Span::new(0, 0),
            "expected an expression, found end of input",
        ));
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
            | Rule::type_close
            | Rule::EOI
    ) || is_keyword(rule)
}

/// A node pattern with nothing in it, where the text has none (beside a quantified path
/// pattern).
fn anonymous_node(span: Span) -> NodePattern {
    NodePattern {
        var: None,
        labels: None,
        props: None,
        span,
    }
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
            | Op::postfix(Rule::op_is_not_null)
            | Op::postfix(Rule::op_is_normalized)
            | Op::postfix(Rule::op_is_type)
            | Op::postfix(Rule::op_is_type_nobar))
        .op(Op::infix(Rule::op_add, Left) | Op::infix(Rule::op_sub, Left))
        .op(Op::infix(Rule::op_mul, Left)
            | Op::infix(Rule::op_div, Left)
            | Op::infix(Rule::op_mod, Left))
        .op(Op::infix(Rule::op_pow, Left))
        .op(Op::prefix(Rule::op_neg) | Op::prefix(Rule::op_pos))
        .op(Op::postfix(Rule::property_lookup)
            | Op::postfix(Rule::index_op)
            | Op::postfix(Rule::label_op)
            | Op::postfix(Rule::label_op_nobar))
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
        Node {
            expr,
            depth,
            chain_last: None,
            min_literal: false,
        }
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
        ExprKind::QuerySubquery { query, .. } => {
            let mut depth = 0;
            query.visit(&mut |e| depth = depth.max(expr_depth(e)), &mut |_| {});
            depth
        }
        ExprKind::Subquery {
            pattern,
            where_,
            map,
            ..
        } => {
            let props = pattern.iter().flat_map(|part| {
                std::iter::once(&part.start)
                    .chain(part.chain.iter().map(|(_, n)| n))
                    .filter_map(|n| n.props.as_ref())
                    .chain(part.chain.iter().filter_map(|(r, _)| r.props.as_ref()))
            });
            max(&mut props.chain(where_.as_deref()).chain(map.as_deref()))
        }
        ExprKind::Property(a, _)
        | ExprKind::Unary(_, a)
        | ExprKind::IsNull(a, _)
        | ExprKind::HasLabels(a, _)
        | ExprKind::IsType(a, ..)
        | ExprKind::IsNormalized(a, ..) => expr_depth(a),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => expr_depth(a).max(expr_depth(b)),
        ExprKind::Slice(a, b, c) => max(&mut [Some(a), b.as_ref(), c.as_ref()]
            .into_iter()
            .flatten()
            .map(|e| &**e)),
        ExprKind::List(v) | ExprKind::Function { args: v, .. } => max(&mut v.iter()),
        ExprKind::Map(v) => max(&mut v.iter().map(|(_, e)| e)),
        ExprKind::Case {
            subject,
            whens,
            else_,
        } => max(&mut subject
            .iter()
            .map(|e| &**e)
            .chain(whens.iter().flat_map(|(a, b)| [a, b]))
            .chain(else_.iter().map(|e| &**e))),
        ExprKind::ListComprehension {
            list, where_, map, ..
        } => max(&mut [Some(list), where_.as_ref(), map.as_ref()]
            .into_iter()
            .flatten()
            .map(|e| &**e)),
        ExprKind::Quantified { list, pred, .. } => expr_depth(list).max(expr_depth(pred)),
        ExprKind::Reduce {
            init, list, expr, ..
        } => expr_depth(init).max(expr_depth(list)).max(expr_depth(expr)),
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
        let budget = RULE_CALLS_PER_BYTE.saturating_mul(self.text.len());
        pest::set_call_limit(NonZeroUsize::new(RULE_CALLS_BASE.saturating_add(budget)));
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
        let mode = match p
            .clone()
            .into_inner()
            .find(|c| c.as_rule() == Rule::statement_mode)
        {
            Some(m) if has_child(&m, Rule::kw_profile) => Mode::Profile,
            Some(_) => Mode::Explain,
            None => Mode::Run,
        };
        let body = p
            .into_inner()
            .find(|c| {
                !matches!(
                    c.as_rule(),
                    Rule::statement_mode | Rule::semicolon | Rule::EOI
                )
            })
            .expect("grammar: a statement has a query or a schema command");
        let command = match body.as_rule() {
            Rule::query => None,
            Rule::show_schema => {
                let span = self.span(&body);
                let single = self.show_schema(body)?;
                return Ok(Statement {
                    mode,
                    queries: vec![single],
                    union_all: Vec::new(),
                    span,
                    command: None,
                });
            }
            _ => Some(self.schema_command(body.clone())?),
        };
        if let Some(command) = command {
            if mode != Mode::Run {
                let word = if mode == Mode::Explain {
                    "EXPLAIN"
                } else {
                    "PROFILE"
                };
                return Err(Error::unsupported(
                    command.span(),
                    &format!("{word} of a schema command"),
                )
                .with_help("a schema command has no plan: run it on its own"));
            }
            return Ok(Statement {
                mode,
                queries: Vec::new(),
                union_all: Vec::new(),
                span: command.span(),
                command: Some(command),
            });
        }
        let Subquery {
            queries,
            union_all,
            span,
        } = self.query(body)?;
        Ok(Statement {
            mode,
            queries,
            union_all,
            span,
            command: None,
        })
    }

    // ----------------------------------------------------------------------------------------
    // Schema commands

    fn schema_command(&self, p: P<'_>) -> Result<SchemaCommand> {
        let span = self.span(&p);
        let rule = p.as_rule();
        match rule {
            Rule::old_schema_syntax => {
                let help = if has_child(&p, Rule::kw_index) && has_child(&p, Rule::kw_create) {
                    "write CREATE INDEX [name] FOR (n:Label) ON (n.property)"
                } else if has_child(&p, Rule::kw_create) {
                    "write CREATE CONSTRAINT [name] FOR (n:Label) REQUIRE n.property IS UNIQUE (or IS NOT NULL, IS NODE KEY, IS :: type; several properties in parentheses for IS UNIQUE and IS NODE KEY)"
                } else {
                    "drop an index or a constraint by its name: DROP INDEX name, DROP CONSTRAINT name (SHOW INDEXES and SHOW CONSTRAINTS list the names)"
                };
                let words: Vec<String> = p
                    .into_inner()
                    .take_while(|c| c.as_rule() != Rule::rest_of_input)
                    .filter(|c| is_keyword(c.as_rule()))
                    .map(|c| c.as_str().to_uppercase())
                    .collect();
                Err(Error::syntax(
                    span,
                    format!(
                        "{} ... is Neo4j 4's form, which Neo4j 5 and relq do not accept",
                        words.join(" ")
                    ),
                )
                .with_help(help))
            }
            Rule::other_index_kind => {
                let kind = p.into_inner().nth(1).expect("grammar: index kind");
                Err(Error::unsupported(
                    self.span(&kind),
                    &format!("a {} index", kind.as_str().to_uppercase()),
                )
                .with_help("relq has RANGE indexes (CREATE INDEX FOR (n:Label) ON (n.property), or FOR ()-[r:TYPE]-() ON (r.property)): equality, ranges and STARTS WITH"))
            }
            Rule::drop_index | Rule::drop_constraint => {
                let if_exists = has_child(&p, Rule::if_exists);
                let name = kids(p)
                    .find(|c| c.as_rule() == Rule::schema_name)
                    .map(|c| self.ident(c))
                    .expect("grammar: DROP has a name");
                Ok(if rule == Rule::drop_index {
                    SchemaCommand::DropIndex {
                        name,
                        if_exists,
                        span,
                    }
                } else {
                    SchemaCommand::DropConstraint {
                        name,
                        if_exists,
                        span,
                    }
                })
            }
            Rule::create_index | Rule::create_constraint => {
                let mut name = None;
                let mut if_not_exists = false;
                let mut target = None;
                let mut properties: Vec<(Ident, Ident)> = Vec::new();
                let mut constraint = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::schema_object_name => {
                            name = Some(self.ident(kids(c).next().expect("grammar: name")))
                        }
                        Rule::if_not_exists => if_not_exists = true,
                        Rule::schema_target => target = Some(self.schema_target(c)),
                        Rule::property_ref => properties.push(self.property_ref(c)),
                        Rule::constraint_props => {
                            properties.extend(kids(c).map(|r| self.property_ref(r)))
                        }
                        Rule::rule_unique
                        | Rule::rule_key
                        | Rule::rule_not_null
                        | Rule::rule_typed => constraint = Some(self.constraint_rule(c)?),
                        Rule::schema_options => self.schema_options(c)?,
                        _ => {}
                    }
                }
                let target = target.expect("grammar: FOR (n:Label)");
                for (var, _) in &properties {
                    if var.name != target.var.name {
                        return Err(Error::semantic(
                            var.span,
                            format!("variable `{}` not defined", var.name),
                        )
                        .with_help(format!(
                            "the property must be of `{}`, the variable FOR names",
                            target.var.name
                        )));
                    }
                }
                let properties: Vec<Ident> = properties.into_iter().map(|(_, key)| key).collect();
                if let Some(twice) = properties.iter().enumerate().find_map(|(i, p)| {
                    properties[..i]
                        .iter()
                        .any(|q| q.name == p.name)
                        .then_some(p)
                }) {
                    return Err(Error::semantic(
                        twice.span,
                        format!("the property `{}` is named twice", twice.name),
                    )
                    .with_help("an index or constraint names each property once"));
                }
                match constraint {
                    None => Ok(SchemaCommand::CreateIndex {
                        name,
                        if_not_exists,
                        target,
                        properties,
                        span,
                    }),
                    Some((rule, rule_span, entity_word)) => {
                        if let Some(rel_word) = entity_word {
                            if rel_word != target.rel {
                                let (said, is) = if rel_word {
                                    ("REL", "a node pattern")
                                } else {
                                    ("NODE", "a relationship pattern")
                                };
                                return Err(Error::semantic(
                                    rule_span,
                                    format!("a {said} constraint cannot be on {is}"),
                                ));
                            }
                        }
                        if let (Some(second), ConstraintRule::NotNull | ConstraintRule::Type(_)) =
                            (properties.get(1), &rule)
                        {
                            let (what, one) = match rule {
                                ConstraintRule::NotNull => (
                                    "a property existence constraint (IS NOT NULL) on more than one property",
                                    "IS NOT NULL",
                                ),
                                _ => (
                                    "a property type constraint (IS :: type) on more than one property",
                                    "IS :: type",
                                ),
                            };
                            return Err(Error::unsupported(second.span, what).with_help(format!(
                                "as in Neo4j, {one} is on one property: create one constraint for each"
                            )));
                        }
                        Ok(SchemaCommand::CreateConstraint {
                            name,
                            if_not_exists,
                            target,
                            properties,
                            rule,
                            rule_span,
                            span,
                        })
                    }
                }
            }
            r => unreachable!("schema command {r:?}"),
        }
    }

    /// `column [AS alias]` of a YIELD.
    fn yield_item(&self, p: P<'_>) -> (Ident, Option<Ident>) {
        let mut it = kids(p);
        let column = self.ident(it.next().expect("yielded column"));
        let alias = it.next().map(|a| self.ident(a));
        (column, alias)
    }

    fn schema_target(&self, p: P<'_>) -> SchemaTarget {
        let inner = kids(p)
            .next()
            .expect("grammar: node or relationship target");
        let span = self.span(&inner);
        let rel = inner.as_rule() == Rule::rel_target;
        let mut it =
            kids(inner).filter(|c| matches!(c.as_rule(), Rule::variable | Rule::schema_name));
        let var = self.ident(it.next().expect("grammar: variable"));
        let token = self.ident(it.next().expect("grammar: label or type"));
        SchemaTarget {
            rel,
            var,
            token,
            span,
        }
    }

    fn property_ref(&self, p: P<'_>) -> (Ident, Ident) {
        let mut it = kids(p);
        let var = self.ident(it.next().expect("grammar: variable"));
        let key = self.ident(it.next().expect("grammar: key"));
        (var, key)
    }

    /// The rule, where it is written, and whether it said NODE (false) or REL (true).
    fn constraint_rule(&self, p: P<'_>) -> Result<(ConstraintRule, Span, Option<bool>)> {
        let span = self.span(&p);
        let entity = if has_child(&p, Rule::kw_node) {
            Some(false)
        } else if has_child(&p, Rule::kw_rel) || has_child(&p, Rule::kw_relationship) {
            Some(true)
        } else {
            None
        };
        let rule = match p.as_rule() {
            Rule::rule_unique => ConstraintRule::Unique,
            Rule::rule_key => ConstraintRule::Key,
            Rule::rule_not_null => ConstraintRule::NotNull,
            _ => {
                let t = kids(p)
                    .find(|c| c.as_rule() == Rule::value_type)
                    .expect("grammar: a type");
                ConstraintRule::Type(self.value_type(t)?)
            }
        };
        Ok((rule, span, entity))
    }

    /// `OPTIONS {...}`: only what a range index takes (`indexProvider: 'range-1.0'`, an empty
    /// `indexConfig`) is accepted, and it changes nothing.
    fn schema_options(&self, p: P<'_>) -> Result<()> {
        let map = kids(p).next().expect("grammar: options map");
        let ExprKind::Map(entries) = self.map_literal(map)? else {
            unreachable!("a map literal is a map")
        };
        for (key, value) in entries {
            let fine = match (key.name.as_str(), &value.kind) {
                ("indexProvider", ExprKind::Literal(Literal::String(s))) => s == "range-1.0",
                ("indexConfig", ExprKind::Map(m)) => m.is_empty(),
                _ => false,
            };
            if !fine {
                return Err(Error::unsupported(
                    key.span.to(value.span),
                    &format!("the option `{}` here", key.name),
                )
                .with_help("relq's indexes are range indexes: OPTIONS may only say {indexProvider: 'range-1.0'}"));
            }
        }
        Ok(())
    }

    /// `SHOW ... INDEXES | CONSTRAINTS ...` as the query it is: the rows of the procedure that
    /// lists them (its one argument the kind asked for), `YIELD`'s columns (the default ones
    /// without it), a WITH for `YIELD`'s ORDER BY, SKIP, LIMIT and the WHERE, and the RETURN
    /// given or one of the yielded columns.
    fn show_schema(&self, p: P<'_>) -> Result<SingleQuery> {
        let span = self.span(&p);
        let mut filter: Option<(String, Span)> = None;
        let mut indexes = true;
        let mut what_span = span;
        let mut yields: Option<Yield> = None;
        let mut order_by = Vec::new();
        let (mut skip, mut limit, mut where_, mut ret) = (None, None, None, None);
        for c in kids(p) {
            match c.as_rule() {
                Rule::show_filter => {
                    let at = self.span(&c);
                    let words: Vec<String> = kids(c).map(|w| w.as_str().to_uppercase()).collect();
                    filter = Some((words.join(" "), at));
                }
                Rule::show_what => {
                    what_span = self.span(&c);
                    indexes = c.as_str().to_lowercase().starts_with("index");
                }
                Rule::show_yield => {
                    let mut items = Vec::new();
                    let mut all = false;
                    for y in kids(c) {
                        match y.as_rule() {
                            Rule::yield_all => all = true,
                            Rule::yield_item => items.push(self.yield_item(y)),
                            Rule::order_by => {
                                order_by =
                                    kids(y).map(|s| self.sort_item(s)).collect::<Result<_>>()?
                            }
                            Rule::skip => skip = Some(self.where_clause(y)?),
                            Rule::limit => limit = Some(self.where_clause(y)?),
                            _ => {}
                        }
                    }
                    yields = Some(if all { Yield::All } else { Yield::Items(items) });
                }
                Rule::where_clause => where_ = Some(self.where_clause(c)?),
                Rule::return_clause => ret = Some(self.projection(c)?),
                _ => {}
            }
        }
        let kind = filter
            .as_ref()
            .map_or("ALL".to_string(), |(w, _)| w.clone());
        let known: &[&str] = if indexes {
            &[
                "ALL", "RANGE", "TEXT", "POINT", "LOOKUP", "FULLTEXT", "VECTOR",
            ]
        } else {
            &[
                "ALL",
                "UNIQUE",
                "UNIQUENESS",
                "NODE UNIQUE",
                "NODE UNIQUENESS",
                "RELATIONSHIP UNIQUE",
                "RELATIONSHIP UNIQUENESS",
                "REL UNIQUE",
                "REL UNIQUENESS",
                "EXIST",
                "EXISTENCE",
                "NODE EXIST",
                "NODE EXISTENCE",
                "RELATIONSHIP EXIST",
                "RELATIONSHIP EXISTENCE",
                "REL EXIST",
                "REL EXISTENCE",
                "KEY",
                "NODE KEY",
                "RELATIONSHIP KEY",
                "REL KEY",
                "PROPERTY TYPE",
                "NODE PROPERTY TYPE",
                "RELATIONSHIP PROPERTY TYPE",
                "REL PROPERTY TYPE",
            ]
        };
        if let Some((words, at)) = &filter {
            if !known.contains(&words.as_str()) {
                let what = if indexes { "INDEXES" } else { "CONSTRAINTS" };
                return Err(Error::syntax(
                    *at,
                    format!(
                        "expected a kind of {} to show, found '{words}'",
                        what.to_lowercase()
                    ),
                )
                .with_help(format!(
                    "SHOW {what} lists all; the kinds are {}",
                    known[1..].join(", ")
                )));
            }
        }
        let (procedure, columns, defaults) = if indexes {
            (SHOW_INDEXES, SHOW_INDEX_COLUMNS, SHOW_INDEX_DEFAULTS)
        } else {
            (
                SHOW_CONSTRAINTS,
                SHOW_CONSTRAINT_COLUMNS,
                SHOW_CONSTRAINT_DEFAULTS,
            )
        };
        let ident = |name: &str| Ident {
            name: name.to_string(),
            span: what_span,
        };
        let yielded: Vec<(Ident, Option<Ident>)> = match &yields {
            None => columns[..defaults]
                .iter()
                .map(|c| (ident(c.0), None))
                .collect(),
            Some(Yield::Items(items)) => items.clone(),
            Some(Yield::All) => Vec::new(),
        };
        let mut clauses = vec![Clause::Call(Call {
            name: Ident {
                name: procedure.to_string(),
                span: what_span,
            },
            args: vec![Expr {
                kind: ExprKind::Literal(Literal::String(kind)),
                span: filter.as_ref().map_or(what_span, |(_, at)| *at),
            }],
            yields: Some(match yields {
                Some(Yield::All) => Yield::All,
                _ => Yield::Items(yielded.clone()),
            }),
            where_: None,
            span,
        })];
        if where_.is_some() || !order_by.is_empty() || skip.is_some() || limit.is_some() {
            clauses.push(Clause::With(Projection {
                distinct: false,
                star: true,
                items: Vec::new(),
                order_by,
                skip,
                limit,
                where_,
                span,
            }));
        }
        let ret = match ret {
            Some(r) => r,
            None => {
                let names: Vec<String> = if yielded.is_empty() {
                    // YIELD *: every column, in the procedure's order.
                    columns.iter().map(|c| c.0.to_string()).collect()
                } else {
                    yielded
                        .iter()
                        .map(|(c, a)| a.as_ref().unwrap_or(c).name.clone())
                        .collect()
                };
                Projection {
                    distinct: false,
                    star: false,
                    items: names
                        .into_iter()
                        .map(|n| ProjectionItem {
                            expr: Expr {
                                kind: ExprKind::Variable(n.clone()),
                                span: what_span,
                            },
                            alias: None,
                            text: n,
                        })
                        .collect(),
                    order_by: Vec::new(),
                    skip: None,
                    limit: None,
                    where_: None,
                    span,
                }
            }
        };
        clauses.push(Clause::Return(ret));
        Ok(SingleQuery { clauses, span })
    }

    /// Single queries joined by UNION.
    fn query(&self, p: P<'_>) -> Result<Subquery> {
        let span = self.span(&p);
        let mut queries = Vec::new();
        let mut union_all = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::single_query => queries.push(self.single_query(c)?),
                Rule::union => union_all.push(has_child(&c, Rule::kw_all)),
                _ => {}
            }
        }
        Ok(Subquery {
            queries,
            union_all,
            span,
        })
    }

    fn single_query(&self, p: P<'_>) -> Result<SingleQuery> {
        let span = self.span(&p);
        let clauses = p
            .into_inner()
            .map(|c| self.clause(c))
            .collect::<Result<_>>()?;
        Ok(SingleQuery { clauses, span })
    }

    fn clause(&self, p: P<'_>) -> Result<Clause> {
        Ok(match p.as_rule() {
            Rule::match_clause => Clause::Match(self.match_clause(p)?),
            Rule::unwind_clause => Clause::Unwind(self.unwind_clause(p)?),
            Rule::load_csv_clause => Clause::LoadCsv(self.load_csv_clause(p)?),
            Rule::with_clause => Clause::With(self.projection(p)?),
            Rule::return_clause => Clause::Return(self.projection(p)?),
            Rule::create_clause => Clause::Create(self.create_clause(p)?),
            Rule::merge_clause => Clause::Merge(self.merge_clause(p)?),
            Rule::set_clause => Clause::Set(self.set_clause(p)?),
            Rule::remove_clause => Clause::Remove(self.remove_clause(p)?),
            Rule::delete_clause => Clause::Delete(self.delete_clause(p)?),
            Rule::call_clause => Clause::Call(self.call_clause(p)?),
            Rule::call_subquery => Clause::CallSubquery(self.call_subquery(p)?),
            Rule::foreach_clause => Clause::Foreach(self.foreach_clause(p)?),
            Rule::unsupported_clause => return Err(self.unsupported_clause(p)),
            r => unreachable!("clause {r:?}"),
        })
    }

    fn unsupported_clause(&self, p: P<'_>) -> Error {
        let keyword = p.clone().into_inner().next().expect("unsupported_keyword");
        let name = keyword
            .clone()
            .into_inner()
            .map(|k| k.as_str().to_uppercase())
            .collect::<Vec<_>>()
            .join(" ");
        Error::unsupported(self.span(&keyword), &name)
    }

    fn call_subquery(&self, p: P<'_>) -> Result<CallSubquery> {
        let span = self.span(&p);
        let optional = has_child(&p, Rule::kw_optional);
        let mut scope = None;
        let mut body = None;
        let mut transactions = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::subquery_scope => {
                    scope = Some(if has_child(&c, Rule::star) {
                        ImportScope::All
                    } else {
                        ImportScope::Vars(kids(c).map(|v| self.ident(v)).collect())
                    });
                }
                Rule::query => body = Some(self.query(c)?),
                Rule::in_transactions => {
                    let span = self.span(&c);
                    let mut rows = None;
                    let mut concurrency = None;
                    let mut on_error = OnError::Fail;
                    let mut status = None;
                    for t in kids(c) {
                        match t.as_rule() {
                            Rule::kw_concurrent => concurrency = concurrency.or(Some(None)),
                            Rule::concurrency => {
                                let e = kids(t).next().expect("grammar: an expression");
                                concurrency = Some(Some(self.expression(e)?));
                            }
                            Rule::expression => rows = Some(self.expression(t)?),
                            Rule::report_status => {
                                status = kids(t).next().map(|v| self.ident(v));
                            }
                            Rule::on_error => {
                                on_error = if has_child(&t, Rule::kw_continue) {
                                    OnError::Continue
                                } else if has_child(&t, Rule::kw_break) {
                                    OnError::Break
                                } else {
                                    OnError::Fail
                                };
                            }
                            _ => {}
                        }
                    }
                    transactions = Some(InTransactions {
                        rows,
                        concurrency,
                        on_error,
                        status,
                        span,
                    });
                }
                _ => {}
            }
        }
        Ok(CallSubquery {
            optional,
            scope,
            body: body.expect("grammar: a subquery has a body"),
            transactions,
            span,
        })
    }

    fn foreach_clause(&self, p: P<'_>) -> Result<Foreach> {
        let span = self.span(&p);
        let mut it = kids(p);
        let var = self.ident(it.next().expect("foreach variable"));
        let list = self.expression(it.next().expect("foreach list"))?;
        let clauses = it.map(|c| self.clause(c)).collect::<Result<_>>()?;
        Ok(Foreach {
            var,
            list,
            clauses,
            span,
        })
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
        Ok(Match {
            optional,
            pattern,
            where_,
            span,
        })
    }

    fn call_clause(&self, p: P<'_>) -> Result<Call> {
        let span = self.span(&p);
        let mut call = Call {
            name: Ident {
                name: String::new(),
                span,
            },
            args: Vec::new(),
            yields: None,
            where_: None,
            span,
        };
        for c in kids(p) {
            match c.as_rule() {
                Rule::procedure_name => {
                    let span = self.span(&c);
                    let parts: Vec<String> = kids(c).map(|n| self.ident(n).name).collect();
                    call.name = Ident {
                        name: parts.join("."),
                        span,
                    };
                }
                Rule::call_args => {
                    for e in kids(c) {
                        call.args.push(self.expression(e)?);
                    }
                }
                Rule::yield_clause => {
                    let mut items = Vec::new();
                    let mut all = false;
                    for y in kids(c) {
                        match y.as_rule() {
                            Rule::yield_all => all = true,
                            Rule::yield_item => items.push(self.yield_item(y)),
                            Rule::where_clause => call.where_ = Some(self.where_clause(y)?),
                            _ => {}
                        }
                    }
                    call.yields = Some(if all { Yield::All } else { Yield::Items(items) });
                }
                _ => {}
            }
        }
        Ok(call)
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

    fn load_csv_clause(&self, p: P<'_>) -> Result<LoadCsv> {
        let span = self.span(&p);
        let mut with_headers = false;
        let mut url = None;
        let mut alias = None;
        let mut field_terminator = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::with_headers => with_headers = true,
                Rule::expression => url = Some(self.expression(c)?),
                Rule::variable => alias = Some(self.ident(c)),
                Rule::field_terminator => {
                    let literal = kids(c).next().expect("field terminator literal");
                    let at = self.span(&literal);
                    let content = literal.into_inner().next().expect("string content");
                    field_terminator = Some((self.unescape(&content)?, at));
                }
                r => unreachable!("load csv {r:?}"),
            }
        }
        Ok(LoadCsv {
            with_headers,
            url: url.expect("grammar: LOAD CSV has a URL"),
            alias: alias.expect("grammar: LOAD CSV has an alias"),
            field_terminator,
            span,
        })
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
        let descending = it
            .next()
            .is_some_and(|d| d.as_str().to_lowercase().starts_with("desc"));
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
            let items = kids(action)
                .map(|i| self.set_item(i))
                .collect::<Result<Vec<_>>>()?;
            if create {
                on_create.extend(items);
            } else {
                on_match.extend(items);
            }
        }
        Ok(Merge {
            part,
            on_create,
            on_match,
            span,
        })
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
                SetItem::Property {
                    target,
                    key,
                    value,
                    span,
                }
            }
            Rule::set_merge => {
                let value = self.expression(it.next().expect("set value"))?;
                SetItem::Merge {
                    var: self.ident(first),
                    value,
                    span,
                }
            }
            Rule::set_replace => {
                let value = self.expression(it.next().expect("set value"))?;
                SetItem::Replace {
                    var: self.ident(first),
                    value,
                    span,
                }
            }
            Rule::set_labels => {
                let labels = self.labels(it.next().expect("labels"));
                SetItem::Labels {
                    var: self.ident(first),
                    labels,
                    span,
                }
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
                Expr {
                    kind: ExprKind::Variable(id.name),
                    span: id.span,
                }
            }
            _ => self.plain(self.primary(base)?)?,
        };
        let mut keys: Vec<Ident> = it
            .map(|l| self.ident(kids(l).next().expect("property key")))
            .collect();
        let key = keys.pop().expect("at least one property key");
        for k in keys {
            let span = target.span.to(k.span);
            target = Expr {
                kind: ExprKind::Property(boxed(target), k),
                span,
            };
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
        Ok(Delete {
            detach,
            exprs,
            span,
        })
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
        let mut kind = PathKind::Normal;
        let mut mode = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => var = Some(self.ident(c)),
                Rule::shortest_path | Rule::all_shortest_paths => {
                    let path = self.shortest_path(c)?;
                    return Ok(PatternPart { var, span, ..path });
                }
                Rule::path_selector => kind = self.path_selector(c)?,
                Rule::path_mode => {
                    mode = Some(if has_child(&c, Rule::kw_acyclic) {
                        PathMode::Acyclic
                    } else if has_child(&c, Rule::kw_simple) {
                        PathMode::Simple
                    } else if has_child(&c, Rule::kw_walk) {
                        PathMode::Walk
                    } else {
                        PathMode::Trail
                    });
                }
                _ => elements.push(c),
            }
        }
        let mut part = self.pattern_element(var, kind, elements, span)?;
        part.mode = mode;
        // A selector over a relationship of at least two hops (`SHORTEST 1 (a)-[:T]-{2,5}(b)`):
        // the breadth-first search of `shortestPath()` knows only paths from one hop on, the
        // level-by-level search of `SHORTEST k` any, so it is that one's with k = 1.
        if let [(rel, _)] = part.chain.as_slice() {
            if rel
                .length
                .is_some_and(|(min, _)| min.is_some_and(|m| m > 1))
            {
                part.kind = match part.kind {
                    PathKind::Shortest => PathKind::Counted {
                        k: 1,
                        groups: false,
                    },
                    PathKind::AllShortest => PathKind::Counted { k: 1, groups: true },
                    other => other,
                };
            }
        }
        if kind != PathKind::Normal {
            part.selector = true;
            if part.chain.is_empty() {
                return Err(Error::unsupported(
                    span,
                    "a shortest path selector over a single node pattern",
                )
                .with_help("give it a relationship: SHORTEST 1 (a)-[:TYPE]-+(b)"));
            }
        }
        Ok(part)
    }

    /// GQL's path selectors: `SHORTEST 1`, `ANY SHORTEST` and `ANY` find one shortest path
    /// between the ends, `ALL SHORTEST` and `SHORTEST [1] GROUPS` every shortest one,
    /// `SHORTEST k` (and `ANY k`) the k shortest, `SHORTEST k GROUPS` every path of the k
    /// shortest lengths, `ALL` every path.
    fn path_selector(&self, p: P<'_>) -> Result<PathKind> {
        let span = self.span(&p);
        let words: Vec<String> = p
            .as_str()
            .split_whitespace()
            .map(|w| w.to_uppercase())
            .collect();
        let count = kids(p.clone())
            .find(|c| c.as_rule() == Rule::decimal_integer)
            .map(|c| self.hop_count(c))
            .transpose()?;
        let groups = has_child(&p, Rule::kw_groups) || has_child(&p, Rule::kw_group);
        let shortest = words.get(1).is_some_and(|w| w == "SHORTEST");
        Ok(match (words.first().map(String::as_str), count, groups) {
            (Some("ALL"), _, _) if shortest => PathKind::AllShortest,
            (Some("ALL"), _, _) => PathKind::Normal,
            (Some("ANY"), None | Some(1), _) => PathKind::Shortest,
            (Some("SHORTEST"), Some(1), false) => PathKind::Shortest,
            (Some("SHORTEST"), Some(1) | None, true) => PathKind::AllShortest,
            (Some("SHORTEST"), Some(k), groups) if k > 1 => PathKind::Counted { k, groups },
            // Any k paths: the k shortest are as good as any.
            (Some("ANY"), Some(k), _) if k > 1 => PathKind::Counted { k, groups: false },
            (_, Some(0), _) => {
                return Err(Error::syntax(
                    span,
                    "a path selector needs a count of at least 1",
                ))
            }
            // The grammar admits nothing else.
            _ => {
                return Err(Error::syntax(
                    span,
                    format!("expected a path selector, found '{}'", words.join(" ")),
                ))
            }
        })
    }

    fn shortest_path(&self, p: P<'_>) -> Result<PatternPart> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::shortest_path => PathKind::Shortest,
            _ => PathKind::AllShortest,
        };
        let part = self.pattern_element(None, kind, kids(p).collect(), span)?;
        if part.chain.len() != 1 {
            return Err(Error::semantic(
                span,
                "shortestPath needs a pattern with exactly one relationship",
            )
            .with_help(
                "a path selector takes longer patterns: SHORTEST 1 (a)-[:R]->(m)-[:S]-+(b)",
            ));
        }
        // Neo4j's functions take a relationship pattern; a group of several is for the GQL
        // selectors.
        if let Some((rp, _)) = part
            .chain
            .iter()
            .find(|(rp, _)| rp.group.as_ref().is_some_and(|g| !g.steps.is_empty()))
        {
            return Err(Error::unsupported(
                rp.span,
                "shortestPath or allShortestPaths over a quantified path pattern of more than one relationship",
            )
            .with_help("use a path selector: SHORTEST 1 (a) ((x)-[:R]->(y)-[:S]->(z))+ (b)"));
        }
        Ok(part)
    }

    /// Node patterns, relationship patterns (a quantifier after one makes it variable-length)
    /// and quantified path patterns (a relationship with its inner nodes), as a node followed
    /// by (relationship, node) pairs: a quantified path pattern without a node pattern beside
    /// it gets an anonymous one.
    fn pattern_element(
        &self,
        var: Option<Ident>,
        kind: PathKind,
        elements: Vec<P<'_>>,
        span: Span,
    ) -> Result<PatternPart> {
        enum Item {
            Node(NodePattern),
            Rel(RelPattern),
        }
        let mut items: Vec<Item> = Vec::new();
        for e in elements {
            match e.as_rule() {
                Rule::node_pattern => {
                    if let Some(Item::Node(prev)) = items.last() {
                        let _ = prev;
                        return Err(Error::syntax(
                            self.span(&e),
                            "expected a relationship pattern between two node patterns",
                        ));
                    }
                    items.push(Item::Node(self.node_pattern(e)?));
                }
                Rule::rel_pattern => items.push(Item::Rel(self.rel_pattern(e)?)),
                Rule::path_quantifier => {
                    let at = self.span(&e);
                    let q = self.path_quantifier(e)?;
                    if let Some(Item::Rel(rel)) = items.last_mut() {
                        if rel.length.is_some() {
                            return Err(Error::syntax(
                                at,
                                "a variable-length relationship cannot be quantified again",
                            ));
                        }
                        rel.length = Some(q);
                        rel.span = Span::new(rel.span.start, at.end);
                    }
                }
                Rule::quantified_path => {
                    let at = self.span(&e);
                    let rel = self.quantified_path(e)?;
                    if !matches!(items.last(), Some(Item::Node(_))) {
                        items.push(Item::Node(anonymous_node(Span::new(at.start, at.start))));
                    }
                    items.push(Item::Rel(rel));
                }
                r => unreachable!("pattern element {r:?}"),
            }
        }
        if let Some(Item::Rel(rel)) = items.last() {
            let end = rel.span.end;
            items.push(Item::Node(anonymous_node(Span::new(end, end))));
        }
        let mut it = items.into_iter();
        let Some(Item::Node(start)) = it.next() else {
            unreachable!("a pattern starts with a node pattern");
        };
        let mut chain = Vec::new();
        let mut pending: Option<RelPattern> = None;
        for item in it {
            match (item, pending.take()) {
                (Item::Rel(rel), None) => pending = Some(rel),
                (Item::Node(node), Some(rel)) => chain.push((rel, node)),
                // Two quantified path patterns side by side: an anonymous node between them.
                (Item::Rel(rel), Some(prev)) => {
                    let at = rel.span.start;
                    chain.push((prev, anonymous_node(Span::new(at, at))));
                    pending = Some(rel);
                }
                (Item::Node(node), None) => {
                    return Err(Error::syntax(
                        node.span,
                        "expected a relationship pattern between two node patterns",
                    ))
                }
            }
        }
        Ok(PatternPart {
            var,
            kind,
            mode: None,
            selector: false,
            start,
            chain,
            span,
        })
    }

    /// `+`, `*`, `{n}`, `{m,n}`, `{m,}`, `{,n}` as a variable length's bounds.
    fn path_quantifier(&self, p: P<'_>) -> Result<(Option<u64>, Option<u64>)> {
        if has_child(&p, Rule::quantifier_plus) {
            return Ok((Some(1), None));
        }
        if has_child(&p, Rule::quantifier_star) {
            return Ok((Some(0), None));
        }
        let (mut min, mut max, mut comma) = (None, None, false);
        for c in kids(p) {
            match c.as_rule() {
                Rule::range_min => min = Some(self.hop_count(c)?),
                Rule::range_max => max = Some(self.hop_count(c)?),
                _ => comma = true,
            }
        }
        Ok(if comma {
            (Some(min.unwrap_or(0)), max)
        } else {
            (min, min)
        })
    }

    /// `((a)-[r]->(b) WHERE ...){m,n}`: the relationship it repeats, with its inner nodes.
    fn quantified_path(&self, p: P<'_>) -> Result<RelPattern> {
        let span = self.span(&p);
        let mut nodes = Vec::new();
        let mut rels = Vec::new();
        let mut where_ = None;
        let mut length = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::node_pattern => nodes.push(self.node_pattern(c)?),
                Rule::rel_pattern => rels.push((self.rel_pattern(c.clone())?, self.span(&c))),
                Rule::where_clause => where_ = Some(self.where_clause(c)?),
                Rule::path_quantifier => length = Some(self.path_quantifier(c)?),
                r => unreachable!("quantified path {r:?}"),
            }
        }
        for (rel, at) in &rels {
            if rel.length.is_some() {
                return Err(Error::syntax(
                    *at,
                    "a relationship inside a quantified path pattern cannot have a variable length",
                ));
            }
        }
        if rels.len() > 1 {
            // The relationship pattern that holds the group stands for all of it.
            let left = nodes.remove(0);
            let right = nodes
                .last()
                .expect("a node after each relationship")
                .clone();
            let steps = rels.into_iter().map(|(r, _)| r).zip(nodes).collect();
            return Ok(RelPattern {
                var: None,
                types: None,
                direction: Direction::Both,
                length,
                props: None,
                group: Some(Box::new(PathGroup {
                    left,
                    right,
                    where_,
                    steps,
                })),
                span,
            });
        }
        let (mut rel, _) = rels.pop().expect("one relationship");
        let right = nodes.pop().expect("a node after the relationship");
        let left = nodes.pop().expect("a node before the relationship");
        rel.length = length;
        rel.span = span;
        rel.group = Some(Box::new(PathGroup {
            left,
            right,
            where_,
            steps: Vec::new(),
        }));
        Ok(rel)
    }

    fn pattern_predicate(&self, p: P<'_>) -> Result<PatternPart> {
        let span = self.span(&p);
        self.pattern_element(None, PathKind::Normal, kids(p).collect(), span)
    }

    fn node_pattern(&self, p: P<'_>) -> Result<NodePattern> {
        let mut node = NodePattern {
            var: None,
            labels: None,
            props: None,
            span: self.span(&p),
        };
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => node.var = Some(self.ident(c)),
                Rule::node_labels => node.labels = Some(self.label_expr(c, false)?),
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
            types: None,
            direction,
            length: None,
            props: None,
            group: None,
            span: self.span(&p),
        };
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => rel.var = Some(self.ident(c)),
                Rule::rel_types => rel.types = Some(self.label_expr(c, true)?),
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

    /// A label expression after its colon or `IS` (`node_labels`, `rel_types`, `label_op`),
    /// checked as Neo4j 5 does: the colon form (`:A:B`) is not mixed with `|`, `&`, `!` and
    /// `%`, and `|:` only lists relationship types (`[:A|:B]`, the old form).
    fn label_expr(&self, p: P<'_>, rel: bool) -> Result<LabelExpr> {
        let whole = self.span(&p);
        let inner = kids(p)
            .find(|c| !matches!(c.as_rule(), Rule::kw_is | Rule::is_word))
            .expect("grammar: a label expression after the colon or IS");
        let mut syntax = LabelSyntax::default();
        let e = self.label_part(inner, &mut syntax)?;
        if let Some(at) = syntax.bar_colon {
            let legacy = rel && syntax.colon.is_none() && e.alternatives().is_some();
            if !legacy {
                let what = if rel {
                    "relationship type expressions"
                } else {
                    "label expressions"
                };
                let help = if rel {
                    format!("`|:` only lists types; write :{e}")
                } else {
                    format!("for a node with either label, write :{e}")
                };
                return Err(
                    Error::syntax(at, format!("{what} are not allowed to contain '|:'"))
                        .with_help(help),
                );
            }
        }
        if let (Some(at), true) = (syntax.colon, rel) {
            return Err(Error::syntax(
                at,
                "relationship types are not combined with ':' (a relationship has one type)",
            )
            .with_help(format!(
                "for a relationship of either type, write :{}",
                e.to_string().replace('&', "|")
            )));
        }
        if syntax.colon.is_some() && syntax.symbols {
            return Err(Error::syntax(
                whole,
                "mixing label expression symbols ('|', '&', '!' and '%') with colon (':') between labels is not allowed",
            )
            .with_help(format!("use one set of symbols: this expression is :{e}")));
        }
        Ok(e)
    }

    /// A part of a label expression: `label_or`, `label_and`, `label_not` or an atom.
    fn label_part(&self, p: P<'_>, syntax: &mut LabelSyntax) -> Result<LabelExpr> {
        Ok(match p.as_rule() {
            Rule::label_or => {
                let mut items = Vec::new();
                let mut bar = None;
                for c in kids(p) {
                    if c.as_rule() == Rule::label_bar {
                        syntax.symbols = true;
                        bar = bar.or(Some(self.span(&c)));
                        if has_child(&c, Rule::label_colon) && syntax.bar_colon.is_none() {
                            syntax.bar_colon = Some(self.span(&c));
                        }
                        continue;
                    }
                    match self.label_part(c, syntax)? {
                        LabelExpr::Or(more, _) => items.extend(more),
                        e => items.push(e),
                    }
                }
                match bar {
                    Some(bar) => LabelExpr::Or(items, bar),
                    None => items.pop().expect("grammar: a label expression has a part"),
                }
            }
            Rule::label_and => {
                let mut items = Vec::new();
                for c in kids(p) {
                    if c.as_rule() == Rule::label_conj {
                        if c.as_str() == ":" {
                            syntax.colon = syntax.colon.or(Some(self.span(&c)));
                        } else {
                            syntax.symbols = true;
                        }
                        continue;
                    }
                    match self.label_part(c, syntax)? {
                        LabelExpr::And(more) => items.extend(more),
                        e => items.push(e),
                    }
                }
                if items.len() == 1 {
                    items.pop().expect("one part")
                } else {
                    LabelExpr::And(items)
                }
            }
            Rule::label_not => {
                let mut bangs = Vec::new();
                let mut atom = None;
                for c in kids(p) {
                    if c.as_rule() == Rule::label_bang {
                        if bangs.len() >= MAX_NESTING {
                            return Err(too_deep(self.span(&c)));
                        }
                        bangs.push(self.span(&c));
                    } else {
                        atom = Some(self.label_part(c, syntax)?);
                    }
                }
                let mut e = atom.expect("grammar: `!` is followed by a label");
                if !bangs.is_empty() {
                    syntax.symbols = true;
                }
                for bang in bangs.into_iter().rev() {
                    e = LabelExpr::Not(Box::new(e), bang);
                }
                e
            }
            Rule::label_group => {
                let inner = kids(p)
                    .next()
                    .expect("grammar: a group holds an expression");
                self.label_part(inner, syntax)?
            }
            Rule::label_any => {
                syntax.symbols = true;
                LabelExpr::Any(self.span(&p))
            }
            _ => LabelExpr::Name(self.ident(p)),
        })
    }

    /// A type of a type predicate: a part, or a closed union of parts (which are all nullable
    /// or all NOT NULL).
    fn value_type(&self, p: P<'_>) -> Result<ValueType> {
        let span = self.span(&p);
        let mut parts = Vec::new();
        for c in kids(p) {
            if c.as_rule() == Rule::type_part {
                parts.push(self.type_part(c)?);
            }
        }
        if parts.len() == 1 {
            return Ok(parts.pop().expect("one part"));
        }
        // NOTHING holds no null, yet goes with nullable types too (`NOTHING | BOOLEAN`), as in
        // Neo4j.
        let nullable = parts
            .iter()
            .all(|t| t.holds_null() || t.kind == TypeKind::Nothing);
        let not_null = parts.iter().all(|t| !t.holds_null());
        if !nullable && !not_null {
            return Err(Error::syntax(
                span,
                "all types in a closed dynamic union must be nullable, or be appended with NOT NULL",
            ));
        }
        Ok(ValueType {
            kind: TypeKind::Union(parts),
            not_null: false,
        })
    }

    /// `INTEGER`, `LIST<STRING> NOT NULL`, `FLOAT LIST`, `ANY<DATE | DURATION>`.
    fn type_part(&self, p: P<'_>) -> Result<ValueType> {
        let mut it = kids(p);
        let base = it.next().expect("grammar: a type part names a type");
        let span = self.span(&base);
        let mut t = match base.as_rule() {
            Rule::type_list => {
                let inner = kids(base).next().expect("grammar: LIST<type>");
                ValueType {
                    kind: TypeKind::List(Box::new(self.value_type(inner)?)),
                    not_null: false,
                }
            }
            Rule::type_any_union => {
                self.value_type(kids(base).next().expect("grammar: ANY<type>"))?
            }
            Rule::type_phrase => {
                let words: Vec<String> = base
                    .into_inner()
                    .map(|w| w.as_str().to_uppercase())
                    .collect();
                let kind = type_named(&words.join(" ")).ok_or_else(|| {
                    Error::unsupported(span, &format!("the type {}", words.join(" ")))
                })?;
                ValueType {
                    kind,
                    not_null: false,
                }
            }
            _ => {
                let name = base.as_str().trim().to_string();
                let mut err = Error::syntax(span, format!("unknown type `{name}`"));
                if let Some(s) = suggest(&name.to_uppercase(), TYPE_NAMES.iter().copied()) {
                    err = err.with_help(format!("did you mean `{s}`?"));
                }
                return Err(err);
            }
        };
        for (depth, c) in it.enumerate() {
            match c.as_rule() {
                Rule::type_not_null => t.not_null = true,
                _ if depth >= MAX_NESTING => return Err(too_deep(self.span(&c))),
                _ => {
                    t = ValueType {
                        kind: TypeKind::List(Box::new(t)),
                        not_null: has_child(&c, Rule::type_not_null),
                    }
                }
            }
        }
        Ok(t)
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
        Ident {
            name: name_text(&inner),
            span,
        }
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
            return Err(Error::syntax(
                node.expr.span,
                "integer literal is too large",
            ));
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
                    Expr {
                        kind: ExprKind::Literal(Literal::Integer(i64::MIN)),
                        span,
                    },
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
            return self.node(
                ExprKind::Binary(op, boxed(lhs), boxed(rhs)),
                span,
                depth,
                op_span,
            );
        }
        let last = rhs.clone();
        let mut node = match chained {
            // `a < b < c`: `a < b AND b < c`.
            Some(prev) => {
                let cmp_span = prev.span.to(rhs.span);
                let cmp = Expr {
                    kind: ExprKind::Binary(op, boxed(prev), boxed(rhs)),
                    span: cmp_span,
                };
                let depth = lhs_depth.max(rhs_depth + 1) + 1;
                let kind = ExprKind::Binary(BinaryOp::And, boxed(lhs), boxed(cmp));
                self.node(kind, span, depth, op_span)?
            }
            None => {
                let depth = lhs_depth.max(rhs_depth) + 1;
                self.node(
                    ExprKind::Binary(op, boxed(lhs), boxed(rhs)),
                    span,
                    depth,
                    op_span,
                )?
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
            Rule::op_is_normalized => {
                let form = kids(op.clone()).next();
                if let Some(bad) = form.as_ref().filter(|f| f.as_rule() == Rule::unknown_form) {
                    let word = bad.as_str().trim();
                    let mut e = Error::syntax(
                        self.span(bad),
                        format!("expected {NORMAL_FORM} or NORMALIZED, found '{word}'"),
                    );
                    if let Some(near) = crate::diagnostic::suggest(
                        word,
                        NormalForm::ALL.map(NormalForm::name).iter().copied(),
                    ) {
                        e = e.with_help(format!("did you mean `{near}`?"));
                    }
                    return Err(e);
                }
                let form = form.map_or(NormalForm::Nfc, |f| normal_form(&f));
                ExprKind::IsNormalized(lhs, form, has_child(&op, Rule::kw_not))
            }
            Rule::op_is_not_null => ExprKind::IsNull(lhs, true),
            Rule::property_lookup => {
                ExprKind::Property(lhs, self.ident(kids(op).next().expect("property key")))
            }
            Rule::label_op | Rule::label_op_nobar => {
                ExprKind::HasLabels(lhs, self.label_expr(op, false)?)
            }
            Rule::op_is_type | Rule::op_is_type_nobar => {
                let mut it = kids(op);
                let test = it.next().expect("grammar: a type test");
                let negated = has_child(&test, Rule::kw_not);
                let t = it.next().expect("grammar: a type");
                let t = match t.as_rule() {
                    Rule::type_part => self.type_part(t)?,
                    _ => self.value_type(t)?,
                };
                ExprKind::IsType(lhs, t, negated)
            }
            _ => {
                let close = op
                    .clone()
                    .into_inner()
                    .last()
                    .map(|c| self.span(&c))
                    .unwrap_or(op_span);
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
        let literal = |l: Literal| {
            Ok(Node::new(
                Expr {
                    kind: ExprKind::Literal(l),
                    span,
                },
                1,
            ))
        };
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
                let f: f64 = p
                    .as_str()
                    .parse()
                    .map_err(|_| Error::syntax(span, "invalid float literal"))?;
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
            Rule::pattern_subquery => {
                let count = has_child(&p, Rule::kw_count);
                let mut pattern = Vec::new();
                let mut where_ = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::pattern => pattern = self.pattern(c)?,
                        Rule::where_clause => where_ = Some(Box::new(self.where_clause(c)?)),
                        _ => {}
                    }
                }
                ExprKind::Subquery {
                    count,
                    pattern,
                    where_,
                    map: None,
                }
            }
            Rule::subquery_expression => {
                let kind = if has_child(&p, Rule::kw_exists) {
                    SubqueryKind::Exists
                } else if has_child(&p, Rule::kw_count) {
                    SubqueryKind::Count
                } else {
                    SubqueryKind::Collect
                };
                let query = kids(p)
                    .find(|c| c.as_rule() == Rule::query)
                    .expect("grammar: a subquery has a query");
                ExprKind::QuerySubquery {
                    kind,
                    query: Box::new(self.query(query)?),
                }
            }
            Rule::pattern_comprehension => self.pattern_comprehension(p)?,
            Rule::list_comprehension => self.list_comprehension(p)?,
            Rule::list_literal => {
                ExprKind::List(kids(p).map(|e| self.expression(e)).collect::<Result<_>>()?)
            }
            Rule::map_literal => self.map_literal(p)?,
            Rule::quantified => self.quantified(p)?,
            Rule::reduce_expression => self.reduce(p)?,
            Rule::shortest_path | Rule::all_shortest_paths => {
                ExprKind::Pattern(Box::new(self.shortest_path(p)?))
            }
            Rule::normalize_call => self.normalize_call(p)?,
            Rule::trim_call => self.trim_call(p)?,
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
        let mut node = Node::new(
            Expr {
                kind: ExprKind::Literal(Literal::Integer(value)),
                span,
            },
            1,
        );
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
                    return Err(
                        Error::syntax(span, format!("invalid escape sequence '\\{e}'"))
                            .with_help("write \\\\ for a backslash"),
                    );
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
                    let end = (start..=end)
                        .rev()
                        .find(|&j| raw.is_char_boundary(j))
                        .unwrap_or(start);
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
        Ok(ExprKind::Case {
            subject,
            whens,
            else_,
        })
    }

    /// `[p = (a)-->(b) WHERE pred | expr]`: a subquery that collects `expr` at each match.
    fn pattern_comprehension(&self, p: P<'_>) -> Result<ExprKind> {
        let (mut var, mut part, mut where_, mut map) = (None, None, None, None);
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => var = Some(self.ident(c)),
                Rule::pattern_predicate => part = Some(self.pattern_predicate(c)?),
                Rule::comprehension_where => where_ = Some(boxed(self.where_clause(c)?)),
                Rule::comprehension_map => map = Some(boxed(self.where_clause(c)?)),
                _ => {}
            }
        }
        let mut part = part.expect("a pattern comprehension has a pattern");
        part.var = var;
        Ok(ExprKind::Subquery {
            count: false,
            pattern: vec![part],
            where_,
            map: Some(map.expect("a pattern comprehension has an expression")),
        })
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
        Ok(ExprKind::ListComprehension {
            var,
            list,
            where_,
            map,
        })
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

    fn reduce(&self, p: P<'_>) -> Result<ExprKind> {
        let mut it = kids(p).filter(|c| c.as_rule() != Rule::kw_reduce);
        let acc = self.ident(it.next().expect("reduce accumulator"));
        let init = boxed(self.expression(it.next().expect("reduce initial value"))?);
        let var = self.ident(it.next().expect("reduce variable"));
        let list = boxed(self.expression(it.next().expect("reduce list"))?);
        let expr = boxed(self.expression(it.next().expect("reduce expression"))?);
        Ok(ExprKind::Reduce {
            acc,
            init,
            var,
            list,
            expr,
        })
    }

    fn quantified(&self, p: P<'_>) -> Result<ExprKind> {
        let mut it = kids(p);
        let quantifier = match it
            .next()
            .expect("quantifier")
            .as_str()
            .to_lowercase()
            .as_str()
        {
            "all" => Quantifier::All,
            "any" => Quantifier::Any,
            "none" => Quantifier::None,
            _ => Quantifier::Single,
        };
        let var = self.ident(it.next().expect("quantifier variable"));
        let list = boxed(self.expression(it.next().expect("quantifier list"))?);
        let pred = boxed(self.expression(it.next().expect("quantifier predicate"))?);
        Ok(ExprKind::Quantified {
            quantifier,
            var,
            list,
            pred,
        })
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
                    name = Some(Ident {
                        name: parts.join("."),
                        span,
                    });
                }
                Rule::distinct => distinct = true,
                _ => args.push(self.expression(c)?),
            }
        }
        Ok(ExprKind::Function {
            name: name.expect("function name"),
            distinct,
            args,
        })
    }

    /// `normalize(s, NFKC)`: a call of `normalize()` with the form as a string, as it would be
    /// written `normalize(s, 'NFKC')`.
    fn normalize_call(&self, p: P<'_>) -> Result<ExprKind> {
        let keyword = p.clone().into_inner().next().expect("grammar: NORMALIZE");
        let name = Ident {
            name: keyword.as_str().to_string(),
            span: self.span(&keyword),
        };
        let mut it = kids(p);
        let input = self.expression(it.next().expect("grammar: normalize's argument"))?;
        let form = it.next().expect("grammar: a normal form");
        let form = Expr {
            kind: ExprKind::Literal(Literal::String(normal_form(&form).name().to_string())),
            span: self.span(&form),
        };
        Ok(ExprKind::Function {
            name,
            distinct: false,
            args: vec![input, form],
        })
    }

    /// `trim([LEADING | TRAILING | BOTH] [c] FROM s)`: `ltrim`, `rtrim` or `btrim` of `s` (and
    /// `c` when given), named by the keyword's place so that errors point at `trim`.
    fn trim_call(&self, p: P<'_>) -> Result<ExprKind> {
        let keyword = p.clone().into_inner().next().expect("grammar: TRIM");
        let mut it = kids(p);
        let head = it.next().expect("grammar: trim's head");
        let input = self.expression(it.next().expect("grammar: trim's input"))?;
        let mut side = Rule::kw_both;
        let mut character = None;
        for c in kids(head) {
            match c.as_rule() {
                Rule::trim_side => {
                    side = c.into_inner().next().map_or(Rule::kw_both, |k| k.as_rule())
                }
                _ => character = Some(self.expression(c)?),
            }
        }
        let name = match side {
            Rule::kw_leading => "ltrim",
            Rule::kw_trailing => "rtrim",
            _ => "btrim",
        };
        let name = Ident {
            name: name.to_string(),
            span: self.span(&keyword),
        };
        let mut args = vec![input];
        args.extend(character);
        Ok(ExprKind::Function {
            name,
            distinct: false,
            args,
        })
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
                let mut expected = expected_list(&positives);
                // In a relationship pattern (`-[r:`), a label expression names types.
                let in_rel = open_bracket_at(self.text, found_span.start)
                    .is_some_and(|at| self.text[..at].trim_end().ends_with('-'));
                if in_rel {
                    for l in expected.iter_mut().filter(|l| **l == "a label") {
                        *l = "a relationship type";
                    }
                }
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
                let before = self.text[..found_span.start].trim_end();
                if found.as_deref() == Some("=") && before.ends_with('=') {
                    err = err.with_help("use = for equality (== is not Cypher)");
                } else if found.is_some() && expected.iter().any(|l| l.ends_with("pattern")) {
                    err = err.with_help("a node pattern is written in parentheses, like (n:Label)");
                }
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

/// What a label expression was written with, for the checks of `Builder::label_expr`.
#[derive(Default)]
struct LabelSyntax {
    /// The first colon between labels (`:A:B`).
    colon: Option<Span>,
    /// Whether `|`, `&`, `!` or `%` appear.
    symbols: bool,
    /// The first `|:`.
    bar_colon: Option<Span>,
}

/// The type names a type predicate knows, for "did you mean".
const TYPE_NAMES: &[&str] = &[
    "ANY",
    "NOTHING",
    "NULL",
    "BOOLEAN",
    "STRING",
    "INTEGER",
    "FLOAT",
    "DATE",
    "LOCAL TIME",
    "ZONED TIME",
    "LOCAL DATETIME",
    "ZONED DATETIME",
    "DURATION",
    "POINT",
    "NODE",
    "RELATIONSHIP",
    "PATH",
    "MAP",
    "LIST",
    "PROPERTY VALUE",
    "BOOL",
    "VARCHAR",
    "INT",
    "VERTEX",
    "EDGE",
];

/// The type a phrase of `type_phrase` names (its words upper case, one space apart).
fn type_named(words: &str) -> Option<TypeKind> {
    Some(match words {
        "ANY" | "ANY VALUE" => TypeKind::Any,
        "NOTHING" => TypeKind::Nothing,
        "NULL" => TypeKind::Null,
        "BOOL" | "BOOLEAN" => TypeKind::Boolean,
        "VARCHAR" | "STRING" => TypeKind::String,
        "INT" | "INTEGER" | "SIGNED INTEGER" => TypeKind::Integer,
        "FLOAT" => TypeKind::Float,
        "DATE" => TypeKind::Date,
        "LOCAL TIME" | "TIME WITHOUT TIME ZONE" | "TIME WITHOUT TIMEZONE" => TypeKind::LocalTime,
        "ZONED TIME" | "TIME WITH TIME ZONE" | "TIME WITH TIMEZONE" => TypeKind::ZonedTime,
        "LOCAL DATETIME" | "TIMESTAMP WITHOUT TIME ZONE" | "TIMESTAMP WITHOUT TIMEZONE" => {
            TypeKind::LocalDateTime
        }
        "ZONED DATETIME" | "TIMESTAMP WITH TIME ZONE" | "TIMESTAMP WITH TIMEZONE" => {
            TypeKind::ZonedDateTime
        }
        "DURATION" => TypeKind::Duration,
        "POINT" => TypeKind::Point,
        "NODE" | "ANY NODE" | "VERTEX" | "ANY VERTEX" => TypeKind::Node,
        "RELATIONSHIP" | "ANY RELATIONSHIP" | "EDGE" | "ANY EDGE" => TypeKind::Relationship,
        "PATH" => TypeKind::Path,
        "MAP" | "ANY MAP" => TypeKind::Map,
        "PROPERTY VALUE" | "ANY PROPERTY VALUE" => TypeKind::PropertyValue,
        _ => return None,
    })
}

/// The form a `normal_form` pair names.
fn normal_form(p: &P<'_>) -> NormalForm {
    NormalForm::from_name(&p.as_str().trim().to_uppercase()).expect("grammar: a normal form")
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
const UPDATE_GROUP: &str = "an updating clause (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH)";
const CLAUSE_KEYWORDS: &[&str] = &[
    "MATCH", "OPTIONAL", "UNWIND", "LOAD", "WITH", "RETURN", "CREATE", "MERGE", "SET", "REMOVE",
    "DELETE", "DETACH", "CALL", "FOREACH", "SHOW", "DROP",
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
        | function_call | function_name | pattern_predicate | parenthesized | map_projection
        | op_neg | op_pos | op_not | expression_nobar => ("an expression", Other),
        pattern | pattern_part | shortest_path | all_shortest_paths => ("a pattern", Other),
        node_pattern => ("a node pattern", Other),
        rel_pattern => ("a relationship pattern", Other),
        node_labels | label_names | label_or | label_and | label_not | label_bang | label_group
        | label_any => ("a label", Other),
        rel_types => ("a relationship type", Other),
        is_word => ("a label", Other),
        var_length | star => ("'*'", Other),
        map_literal => ("a map", Other),
        parameter => ("a parameter", Other),
        variable
        | property_target
        | set_labels
        | set_merge
        | set_replace
        | remove_labels
        | remove_property
        | map_projection_variable => ("a variable", Other),
        schema_name | symbolic_name | escaped_name | map_entry | map_projection_literal => {
            ("a name", Other)
        }
        map_projection_property | map_projection_all => ("'.'", Other),
        range_min | range_max | decimal_integer | parameter_index => ("an integer", Other),
        range_dots => ("'..'", Other),
        quantified_path => ("a quantified path pattern", Other),
        path_quantifier | quantifier_plus | quantifier_star => {
            ("a quantifier ({m,n}, + or *)", Other)
        }
        quantifier_comma => ("','", Other),
        path_selector => ("a path selector (SHORTEST 1, ALL SHORTEST, ANY)", Other),
        path_mode => ("a path mode (WALK, TRAIL, ACYCLIC, SIMPLE)", Other),
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
        load_csv_clause | kw_load => ("LOAD CSV", Clause),
        kw_csv => ("CSV", Other),
        with_headers | kw_headers => ("HEADERS", Other),
        kw_from => ("FROM", Other),
        field_terminator | kw_fieldterminator => ("FIELDTERMINATOR", Other),
        with_clause | kw_with => ("WITH", Clause),
        return_clause | kw_return => ("RETURN", Clause),
        create_clause | kw_create => ("CREATE", Clause),
        merge_clause | kw_merge => ("MERGE", Clause),
        set_clause | kw_set => ("SET", Clause),
        remove_clause | kw_remove => ("REMOVE", Clause),
        delete_clause | kw_delete | detach | kw_detach => ("DELETE", Clause),
        call_subquery | call_clause | kw_call => ("CALL", Clause),
        foreach_clause | kw_foreach => ("FOREACH", Clause),
        subquery_scope => ("'('", Other),
        in_transactions => ("IN TRANSACTIONS", Other),
        kw_transactions => ("TRANSACTIONS", Other),
        kw_of => ("OF", Other),
        kw_rows | kw_row => ("ROWS", Other),
        on_error => ("ON ERROR", Other),
        report_status | kw_report => ("REPORT STATUS", Other),
        kw_status => ("STATUS", Other),
        kw_error => ("ERROR", Other),
        kw_continue | kw_break | kw_fail => ("CONTINUE, BREAK or FAIL", Other),
        // A statement starts with a clause (EXPLAIN and PROFILE go without saying).
        statement | single_query | query => (CLAUSE_GROUP, Other),
        property_lookup => ("'.'", Operator),
        index_op => ("'['", Operator),
        label_op | label_op_nobar => ("':'", Operator),
        op_is_type | op_is_type_nobar | type_test | type_colons | op_is_normalized => {
            ("an operator", Operator)
        }
        normal_form | kw_nfc | kw_nfd | kw_nfkc | kw_nfkd => (NORMAL_FORM, Other),
        kw_normalized => ("NORMALIZED", Other),
        trim_side | kw_leading | kw_trailing | kw_both => ("LEADING, TRAILING or BOTH", Other),
        value_type | type_part | type_list | type_any_union | type_phrase | type_unknown => {
            ("a type", Other)
        }
        type_bar => ("'|'", Other),
        type_close => ("'>'", Other),
        type_list_suffix => ("LIST", Other),
        op_or | op_xor | op_and | op_regex | op_eq | op_ne | op_bang_ne | op_le | op_ge | op_lt
        | op_gt | op_in | op_starts_with | op_ends_with | op_contains | op_add | op_sub
        | op_mul | op_div | op_mod | op_pow | op_is_null | op_is_not_null | kw_or | kw_xor
        | kw_and | kw_is | kw_starts | kw_ends | kw_contains => ("an operator", Operator),
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

/// What may come where a normal form may.
const NORMAL_FORM: &str = "a normal form (NFC, NFD, NFKC or NFKD)";

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
    "a type",
    NORMAL_FORM,
    "NORMALIZED",
    "'*'",
    "a map",
    "a parameter",
    "an integer",
    "'..'",
    "DISTINCT",
    "IN",
    "NOT",
    "NULL",
    "LIST",
    "'|'",
    "'>'",
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
    UPDATE_GROUP,
    "MATCH",
    "UNWIND",
    "LOAD CSV",
    "CSV",
    "HEADERS",
    "FROM",
    "FIELDTERMINATOR",
    "WITH",
    "RETURN",
    "CREATE",
    "MERGE",
    "SET",
    "REMOVE",
    "DELETE",
    "CALL",
    "FOREACH",
    "IN TRANSACTIONS",
    "TRANSACTIONS",
    "OF",
    "ROWS",
    "ON ERROR",
    "ERROR",
    "REPORT STATUS",
    "STATUS",
    "CONTINUE, BREAK or FAIL",
    "'('",
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
    // Where an expression may start, its possible first tokens need no separate mention.
    if items.iter().any(|(l, _)| *l == "an expression") {
        const STARTS: &[&str] = &[
            "a variable",
            "a name",
            "a map",
            "a parameter",
            "an integer",
            "NOT",
            "a node pattern",
        ];
        items.retain(|(l, _)| !STARTS.contains(l));
    }
    // After a node pattern, a path may go on with a quantified path pattern or (after one) a
    // node pattern too: the relationship pattern is what to mention.
    if items.iter().any(|(l, _)| *l == "a relationship pattern") {
        items.retain(|(l, _)| *l != "a node pattern" && *l != "a quantified path pattern");
    }
    // Where a label may come, its name needs no separate mention.
    if items.iter().any(|(l, _)| *l == "a label") {
        items.retain(|(l, _)| *l != "a name");
    }
    let operators = items.iter().filter(|(_, c)| *c == Class::Operator).count();
    if operators >= 2 {
        items.retain(|(_, c)| *c != Class::Operator);
        items.push(("an operator", Class::Other));
    }
    // Where any clause may come, the group covers each (a schema command's CREATE too).
    if items.iter().any(|(l, _)| *l == CLAUSE_GROUP) {
        items.retain(|(_, c)| *c != Class::Clause);
    }
    let clauses = items.iter().filter(|(_, c)| *c == Class::Clause).count();
    if clauses >= 3 {
        // Where only updates may come (FOREACH), the group says so.
        let reading = ["MATCH", "WITH", "RETURN"];
        let group = if items
            .iter()
            .any(|(l, c)| *c == Class::Clause && reading.contains(l))
        {
            CLAUSE_GROUP
        } else {
            UPDATE_GROUP
        };
        items.retain(|(_, c)| *c != Class::Clause);
        if !items.iter().any(|(l, _)| *l == group || *l == CLAUSE_GROUP) {
            items.push((group, Class::Other));
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
        } else if label == NORMAL_FORM {
            out.extend(NormalForm::ALL.map(NormalForm::name));
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
        rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
            .unwrap_or(rest.len())
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
    } else if ["!=", "<>", "<=", ">=", "=~", "+=", ".."]
        .iter()
        .any(|op| rest.starts_with(op))
    {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    // A compact, span-free rendering of the AST, so tests read like the queries they parse.

    fn show_stmt(s: &Statement) -> String {
        let mut out = match s.mode {
            Mode::Run => String::new(),
            Mode::Explain => "explain: ".to_string(),
            Mode::Profile => "profile: ".to_string(),
        };
        out += &show_query(&s.queries[0]);
        for (q, all) in s.queries[1..].iter().zip(&s.union_all) {
            out += if *all { " UNION ALL " } else { " UNION " };
            out += &show_query(q);
        }
        out
    }

    fn show_query(q: &SingleQuery) -> String {
        q.clauses
            .iter()
            .map(show_clause)
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
        items.iter().map(f).collect::<Vec<_>>().join(" ")
    }

    fn show_clause(c: &Clause) -> String {
        match c {
            Clause::Match(m) => {
                let mut s = format!(
                    "({} {}",
                    if m.optional {
                        "optional-match"
                    } else {
                        "match"
                    },
                    list(&m.pattern, show_part)
                );
                if let Some(w) = &m.where_ {
                    write!(s, " (where {})", show(w)).unwrap();
                }
                s + ")"
            }
            Clause::Unwind(u) => format!("(unwind {} {})", show(&u.expr), u.alias.name),
            Clause::LoadCsv(l) => format!(
                "(load-csv{} {} {}{})",
                if l.with_headers { " headers" } else { "" },
                show(&l.url),
                l.alias.name,
                l.field_terminator
                    .as_ref()
                    .map(|(t, _)| format!(" (terminator {t:?})"))
                    .unwrap_or_default()
            ),
            Clause::With(p) => show_projection("with", p),
            Clause::Return(p) => show_projection("return", p),
            Clause::Create(c) => format!("(create {})", list(&c.pattern, show_part)),
            Clause::Merge(m) => {
                let mut s = format!("(merge {}", show_part(&m.part));
                if !m.on_create.is_empty() {
                    write!(s, " (on-create {})", list(&m.on_create, show_set)).unwrap();
                }
                if !m.on_match.is_empty() {
                    write!(s, " (on-match {})", list(&m.on_match, show_set)).unwrap();
                }
                s + ")"
            }
            Clause::Set(s) => format!("(set {})", list(&s.items, show_set)),
            Clause::Remove(r) => format!(
                "(remove {})",
                list(&r.items, |i| match i {
                    RemoveItem::Property { target, key, .. } =>
                        format!("{}.{}", show(target), key.name),
                    RemoveItem::Labels { var, labels, .. } =>
                        format!("{}{}", var.name, show_labels(labels)),
                })
            ),
            Clause::Delete(d) => format!(
                "({} {})",
                if d.detach { "detach-delete" } else { "delete" },
                list(&d.exprs, show)
            ),
            Clause::Call(c) => format!("(call {} {})", c.name.name, list(&c.args, show)),
            Clause::CallSubquery(c) => {
                let mut s = String::from(if c.optional {
                    "(optional-call"
                } else {
                    "(call"
                });
                match &c.scope {
                    Some(ImportScope::All) => s += " (*)",
                    Some(ImportScope::Vars(v)) => {
                        write!(s, " ({})", list(v, |v| v.name.clone())).unwrap()
                    }
                    None => {}
                }
                write!(s, " {}", show_subquery(&c.body)).unwrap();
                if let Some(t) = &c.transactions {
                    write!(s, " (in-transactions {:?}", t.on_error).unwrap();
                    if let Some(r) = &t.rows {
                        write!(s, " {}", show(r)).unwrap();
                    }
                    if let Some(v) = &t.status {
                        write!(s, " {}", v.name).unwrap();
                    }
                    s += ")";
                }
                s + ")"
            }
            Clause::Foreach(f) => format!(
                "(foreach {} {} {})",
                f.var.name,
                show(&f.list),
                list(&f.clauses, show_clause)
            ),
        }
    }

    fn show_subquery(q: &Subquery) -> String {
        let mut s = String::from("{");
        for (i, single) in q.queries.iter().enumerate() {
            if i > 0 {
                s += if q.union_all[i - 1] {
                    " union-all "
                } else {
                    " union "
                };
            }
            s += &show_query(single);
        }
        s + "}"
    }

    fn show_projection(name: &str, p: &Projection) -> String {
        let mut s = format!("({name}");
        if p.distinct {
            s += " distinct";
        }
        if p.star {
            s += " *";
        }
        for i in &p.items {
            match &i.alias {
                Some(a) => write!(s, " (as {} {})", show(&i.expr), a.name).unwrap(),
                None => write!(s, " {}", show(&i.expr)).unwrap(),
            }
        }
        if !p.order_by.is_empty() {
            let items = list(&p.order_by, |o| {
                format!(
                    "{}{}",
                    show(&o.expr),
                    if o.descending { " desc" } else { "" }
                )
            });
            write!(s, " (order {items})").unwrap();
        }
        if let Some(e) = &p.skip {
            write!(s, " (skip {})", show(e)).unwrap();
        }
        if let Some(e) = &p.limit {
            write!(s, " (limit {})", show(e)).unwrap();
        }
        if let Some(e) = &p.where_ {
            write!(s, " (where {})", show(e)).unwrap();
        }
        s + ")"
    }

    fn show_set(i: &SetItem) -> String {
        match i {
            SetItem::Property {
                target, key, value, ..
            } => {
                format!("(= {}.{} {})", show(target), key.name, show(value))
            }
            SetItem::Replace { var, value, .. } => format!("(= {} {})", var.name, show(value)),
            SetItem::Merge { var, value, .. } => format!("(+= {} {})", var.name, show(value)),
            SetItem::Labels { var, labels, .. } => format!("{}{}", var.name, show_labels(labels)),
        }
    }

    /// A plain conjunction in the colon form (`:A:B`), anything else as written without it.
    fn show_label_expr(labels: Option<&LabelExpr>) -> String {
        match labels {
            None => String::new(),
            Some(e) => match e.conjunction() {
                Some(names) => names.iter().map(|l| format!(":{}", l.name)).collect(),
                None => format!(":{e}"),
            },
        }
    }

    fn show_labels(labels: &[Ident]) -> String {
        labels.iter().map(|l| format!(":{}", l.name)).collect()
    }

    fn show_node(n: &NodePattern) -> String {
        let mut s = format!(
            "({}{}",
            n.var.as_ref().map_or("", |v| &v.name),
            show_label_expr(n.labels.as_ref())
        );
        if let Some(p) = &n.props {
            write!(s, " {}", show(p)).unwrap();
        }
        s + ")"
    }

    fn show_part(p: &PatternPart) -> String {
        let mut s = String::new();
        if let Some(v) = &p.var {
            write!(s, "{} = ", v.name).unwrap();
        }
        match p.kind {
            PathKind::Normal => {}
            PathKind::Shortest => s += "shortest ",
            PathKind::AllShortest => s += "all-shortest ",
            PathKind::Counted { k, groups } => {
                write!(s, "shortest-{k}{} ", if groups { "-groups" } else { "" }).unwrap()
            }
        }
        s += &show_node(&p.start);
        for (r, n) in &p.chain {
            let mut inner = r.var.as_ref().map_or(String::new(), |v| v.name.clone());
            if let Some(t) = &r.types {
                inner += &format!(":{t}");
            }
            if let Some((a, b)) = r.length {
                let n = |x: Option<u64>| x.map_or(String::new(), |v| v.to_string());
                write!(inner, "*{}..{}", n(a), n(b)).unwrap();
            }
            if let Some(p) = &r.props {
                write!(inner, " {}", show(p)).unwrap();
            }
            let (l, r) = match r.direction {
                Direction::Outgoing => ("-", "->"),
                Direction::Incoming => ("<-", "-"),
                Direction::Both => ("-", "-"),
            };
            write!(s, "{l}[{inner}]{r}{}", show_node(n)).unwrap();
        }
        s
    }

    fn show(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Literal(Literal::Null) => "null".into(),
            ExprKind::Literal(Literal::Bool(b)) => b.to_string(),
            ExprKind::Literal(Literal::Integer(i)) => i.to_string(),
            ExprKind::Literal(Literal::Float(f)) => format!("{f:?}"),
            ExprKind::Literal(Literal::String(s)) => format!("{s:?}"),
            ExprKind::Parameter(p) => format!("${p}"),
            ExprKind::Variable(v) => v.clone(),
            ExprKind::Property(e, k) => format!("{}.{}", show(e), k.name),
            ExprKind::Index(a, b) => format!("(index {} {})", show(a), show(b)),
            ExprKind::Slice(a, b, c) => format!(
                "(slice {} {} {})",
                show(a),
                b.as_ref().map_or("_".into(), |e| show(e)),
                c.as_ref().map_or("_".into(), |e| show(e))
            ),
            ExprKind::Binary(op, a, b) => format!("({op:?} {} {})", show(a), show(b)),
            ExprKind::Unary(op, a) => format!("({op:?} {})", show(a)),
            ExprKind::IsNull(a, not) => {
                format!(
                    "({} {})",
                    if *not { "is-not-null" } else { "is-null" },
                    show(a)
                )
            }
            ExprKind::List(items) => format!("[{}]", list(items, show)),
            ExprKind::Map(items) => {
                format!(
                    "{{{}}}",
                    items
                        .iter()
                        .map(|(k, v)| format!("{}: {}", k.name, show(v)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            ExprKind::Function {
                name,
                distinct,
                args,
            } => format!(
                "({}{}{}{})",
                name.name,
                if *distinct { " distinct" } else { "" },
                if args.is_empty() { "" } else { " " },
                list(args, show)
            ),
            ExprKind::CountStar => "count(*)".into(),
            ExprKind::Case {
                subject,
                whens,
                else_,
            } => {
                let mut s = "(case".to_string();
                if let Some(e) = subject {
                    write!(s, " {}", show(e)).unwrap();
                }
                for (w, t) in whens {
                    write!(s, " (when {} {})", show(w), show(t)).unwrap();
                }
                if let Some(e) = else_ {
                    write!(s, " (else {})", show(e)).unwrap();
                }
                s + ")"
            }
            ExprKind::ListComprehension {
                var,
                list,
                where_,
                map,
            } => {
                let mut s = format!("(list {} {}", var.name, show(list));
                if let Some(w) = where_ {
                    write!(s, " (where {})", show(w)).unwrap();
                }
                if let Some(m) = map {
                    write!(s, " (map {})", show(m)).unwrap();
                }
                s + ")"
            }
            ExprKind::Reduce {
                acc,
                init,
                var,
                list,
                expr,
            } => format!(
                "(reduce {} {} {} {} {})",
                acc.name,
                show(init),
                var.name,
                show(list),
                show(expr)
            ),
            ExprKind::Quantified {
                quantifier,
                var,
                list,
                pred,
            } => {
                format!(
                    "({quantifier:?} {} {} {})",
                    var.name,
                    show(list),
                    show(pred)
                )
            }
            ExprKind::HasLabels(e, labels) => {
                format!("{}{}", show(e), show_label_expr(Some(labels)))
            }
            ExprKind::IsType(e, t, negated) => format!(
                "(is{}-type {} {t})",
                if *negated { "-not" } else { "" },
                show(e)
            ),
            ExprKind::IsNormalized(e, form, negated) => format!(
                "(is{}-normalized {} {})",
                if *negated { "-not" } else { "" },
                show(e),
                form.name()
            ),
            ExprKind::Pattern(p) => format!("(pattern {})", show_part(p)),
            ExprKind::Subquery {
                count,
                pattern,
                where_,
                map,
            } => {
                let parts: Vec<String> = pattern.iter().map(show_part).collect();
                let kind = match (count, map) {
                    (_, Some(_)) => "collect",
                    (true, None) => "count",
                    (false, None) => "exists",
                };
                let mut s = format!("({kind} {}", parts.join(" "));
                if let Some(w) = where_ {
                    write!(s, " (where {})", show(w)).unwrap();
                }
                if let Some(m) = map {
                    write!(s, " (map {})", show(m)).unwrap();
                }
                s + ")"
            }
            ExprKind::QuerySubquery { kind, query } => {
                format!("({kind:?} {})", show_subquery(query))
            }
            ExprKind::MapProjection { var, items } => format!(
                "({} {{{}}})",
                var.name,
                list(items, |i| match i {
                    MapProjectionItem::Property(k) => format!(".{}", k.name),
                    MapProjectionItem::Literal(k, e) => format!("{}: {}", k.name, show(e)),
                    MapProjectionItem::Variable(v) => v.name.clone(),
                    MapProjectionItem::AllProperties => ".*".into(),
                })
            ),
        }
    }

    /// Parse `src` and compare the rendered AST with `expected`.
    fn check(src: &str, expected: &str) {
        match parse(src) {
            Ok(s) => assert_eq!(show_stmt(&s), expected, "parsing {src:?}"),
            Err(e) => panic!("parsing {src:?} failed:\n{}", e.render(src, "query")),
        }
    }

    /// Parse `src`, expecting an error; compare its full rendering with `expected`.
    fn check_err(src: &str, expected: &str) {
        match parse(src) {
            Ok(s) => panic!("parsing {src:?} should fail, got {}", show_stmt(&s)),
            Err(e) => assert_eq!(e.render(src, "query"), expected, "parsing {src:?}"),
        }
    }

    fn parse(src: &str) -> Result<Statement> {
        statement(src, 0)
    }

    /// The error of parsing `src`.
    fn err(src: &str) -> Error {
        parse(src).expect_err(src)
    }

    /// Just the expression of `RETURN <src>`.
    fn expr(src: &str) -> String {
        let e = expression(src).unwrap_or_else(|e| panic!("{}", e.render(src, "expr")));
        show(&e)
    }

    #[test]
    fn load_csv() {
        check(
            "LOAD CSV FROM 'file:///a.csv' AS row RETURN row",
            "(load-csv \"file:///a.csv\" row) (return row)",
        );
        check(
            "load csv with headers from $dir + '/a.csv' as r fieldterminator '\\t' merge (n {id: r.id})",
            "(load-csv headers (Add $dir \"/a.csv\") r (terminator \"\\t\")) (merge (n {id: r.id}))",
        );
        check(
            "MATCH (n) WITH n LOAD CSV FROM n.url AS line RETURN line[0]",
            "(match (n)) (with n) (load-csv n.url line) (return (index line 0))",
        );
        let e = err("LOAD CSV FROM 'a.csv' row RETURN row");
        assert_eq!(e.message, "expected an operator or AS, found 'row'");
        let e = err("LOAD CSV 'a.csv' AS row RETURN row");
        assert!(e.message.starts_with("expected FROM"), "{}", e.message);
        let e = err("LOAD CSV FROM 'a.csv' AS row FIELDTERMINATOR x RETURN row");
        assert_eq!(e.message, "expected an expression, found 'x'");
        // The field terminator's span is its literal's.
        let s = parse("LOAD CSV FROM 'a' AS r FIELDTERMINATOR ';' RETURN r").unwrap();
        let Clause::LoadCsv(l) = &s.queries[0].clauses[0] else {
            panic!("a LOAD CSV clause")
        };
        assert_eq!(
            l.field_terminator,
            Some((";".to_string(), Span::new(39, 42)))
        );
    }

    #[test]
    fn match_and_return() {
        check("MATCH (n) RETURN n", "(match (n)) (return n)");
        check(
            "match (n:Actor) return n.name",
            "(match (n:Actor)) (return n.name)",
        );
        check(
            "MATCH (a:L1:L2 {k: 1}), (b) WHERE a.x > 1 RETURN a, b",
            "(match (a:L1:L2 {k: 1}) (b) (where (Gt a.x 1))) (return a b)",
        );
        check(
            "OPTIONAL MATCH (n) RETURN n",
            "(optional-match (n)) (return n)",
        );
        check("MATCH (n) RETURN n;", "(match (n)) (return n)");
        check("MATCH (n) RETURN n ; // done", "(match (n)) (return n)");
        check("RETURN 1", "(return 1)");
    }

    #[test]
    fn projections() {
        check("MATCH (n) RETURN *", "(match (n)) (return *)");
        check(
            "MATCH (n) RETURN *, n.x AS x",
            "(match (n)) (return * (as n.x x))",
        );
        check(
            "MATCH (n) RETURN DISTINCT n.name AS name ORDER BY name DESC, n.age ASCENDING SKIP 1 LIMIT 2",
            "(match (n)) (return distinct (as n.name name) (order name desc n.age) (skip 1) (limit 2))",
        );
        check(
            "MATCH (n) WITH n, count(*) AS c ORDER BY c DESCENDING SKIP 0 LIMIT 10 WHERE c > 1 RETURN n",
            "(match (n)) (with n (as count(*) c) (order c desc) (skip 0) (limit 10) (where (Gt c 1))) (return n)",
        );
        check(
            "WITH * WHERE true RETURN 1",
            "(with * (where true)) (return 1)",
        );
        check(
            "RETURN 1 ORDER BY 1 asc, 2 desc",
            "(return 1 (order 1 2 desc))",
        );
    }

    #[test]
    fn projection_item_text_is_the_source() {
        let s =
            parse("MATCH (n) RETURN count(*), n.name AS x, n.age  +  1 /* c */, `n`.name").unwrap();
        let Clause::Return(p) = &s.queries[0].clauses[1] else {
            panic!()
        };
        let texts: Vec<_> = p.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["count(*)", "n.name", "n.age  +  1", "`n`.name"]);
    }

    #[test]
    fn label_expressions() {
        // `!` binds tightest, then `&` (or the colon), then `|`; groups keep their place.
        check("MATCH (n:A|B&!C) RETURN n", "(match (n:A|B&!C)) (return n)");
        check(
            "MATCH (n:(A|B)&!(C&D)) RETURN n",
            "(match (n:(A|B)&!(C&D))) (return n)",
        );
        check("MATCH (n:A&B) RETURN n", "(match (n:A:B)) (return n)");
        check("MATCH (n:%|!%) RETURN n", "(match (n:%|!%)) (return n)");
        check(
            "MATCH (a)-[r:!A|B&%]->(b) RETURN r",
            "(match (a)-[r:!A|B&%]->(b)) (return r)",
        );
        check(
            "MATCH (a)-[:A|:B]->(b) RETURN a",
            "(match (a)-[:A|B]->(b)) (return a)",
        );
        assert_eq!(expr("n:A|B"), "n:A|B");
        assert_eq!(expr("n:A:B AND n:!`x y`"), "(And n:A:B n:!`x y`)");
        // In a comprehension's WHERE, `|` starts the mapping.
        assert_eq!(
            expr("[x IN l WHERE x:A | x.name]"),
            expr("[x IN l WHERE (x:A) | x.name]")
        );
        let e = |src: &str| err(src).to_string();
        assert!(e("MATCH (n:A:B|C) RETURN n").contains("mixing label expression symbols"));
        assert!(e("MATCH (n:A|:B) RETURN n").contains("'|:'"));
        assert!(e("MATCH (a)-[:A|:!B]->(b) RETURN a").contains("'|:'"));
        assert!(e("MATCH (a)-[:A:B]->(b) RETURN a").contains("one type"));
        assert!(e("SET n:A|B").contains("expected"));
        // GQL's IS form is the colon form written another way.
        check("MATCH (n IS A|B) RETURN n", "(match (n:A|B)) (return n)");
        check(
            "MATCH (a)-[r IS ACCUSES]->(b IS Actor) RETURN r",
            "(match (a)-[r:ACCUSES]->(b:Actor)) (return r)",
        );
        assert_eq!(expr("n IS A&!B"), "n:A&!B");
        assert_eq!(expr("n IS NULL"), "(is-null n)");
        assert_eq!(expr("n IS :: INTEGER"), "(is-type n INTEGER)");
    }

    #[test]
    fn type_predicates() {
        assert_eq!(expr("x IS :: INTEGER"), "(is-type x INTEGER)");
        assert_eq!(
            expr("x IS NOT :: STRING NOT NULL"),
            "(is-not-type x STRING NOT NULL)"
        );
        assert_eq!(expr("x :: INT | FLOAT"), "(is-type x INTEGER | FLOAT)");
        assert_eq!(
            expr("x IS TYPED ANY<BOOL | VARCHAR>"),
            "(is-type x BOOLEAN | STRING)"
        );
        assert_eq!(
            expr("x :: INT NOT NULL LIST"),
            "(is-type x LIST<INTEGER NOT NULL>)"
        );
        assert_eq!(
            expr("x :: ARRAY<TIMESTAMP WITH TIME ZONE!> NOT NULL"),
            "(is-type x LIST<ZONED DATETIME NOT NULL> NOT NULL)"
        );
        assert_eq!(
            expr("x :: ANY<INT! | FLOAT!> NOT NULL"),
            "(is-type x ANY<INTEGER NOT NULL | FLOAT NOT NULL> NOT NULL)"
        );
        assert_eq!(
            expr("NOT 1 + x :: ANY PROPERTY VALUE"),
            "(Not (is-type (Add 1 x) PROPERTY VALUE))"
        );
        // `IS NULL` and `IS NOT NULL` stay what they were; `::` is not a label.
        assert_eq!(expr("x IS NOT NULL"), "(is-not-null x)");
        assert_eq!(expr("n:A::NODE"), "(is-type n:A NODE)");
        let e = |src: &str| err(src).to_string();
        assert!(e("RETURN x :: INTEGR").contains("did you mean `INTEGER`"));
        assert!(e("RETURN x :: INT NOT NULL | FLOAT").contains("closed dynamic union"));
        assert!(e("RETURN x :: TIME").contains("unknown type"));
    }

    #[test]
    fn unions() {
        check("RETURN 1 UNION RETURN 2", "(return 1) UNION (return 2)");
        check(
            "RETURN 1 union all RETURN 2 UNION RETURN 3",
            "(return 1) UNION ALL (return 2) UNION (return 3)",
        );
        let s = parse("RETURN 1 UNION ALL RETURN 2").unwrap();
        assert_eq!(s.union_all, [true]);
        assert_eq!(s.queries.len(), 2);
    }

    #[test]
    fn updating_clauses() {
        check(
            "CREATE (a:A {x: 1})-[:R]->(b)",
            "(create (a:A {x: 1})-[:R]->(b))",
        );
        check("CREATE (a), (b)", "(create (a) (b))");
        check(
            "MERGE (n:A {k: 1}) ON CREATE SET n.c = 1, n.d = 2 ON MATCH SET n.m = true",
            "(merge (n:A {k: 1}) (on-create (= n.c 1) (= n.d 2)) (on-match (= n.m true)))",
        );
        check("MERGE (a)-[r:R]-(b)", "(merge (a)-[r:R]-(b))");
        check(
            "MATCH (n) SET n.a = 1, n = {b: 2}, n += {c: 3}, n:L1:L2, (n).d = 4, n.e.f = 5",
            "(match (n)) (set (= n.a 1) (= n {b: 2}) (+= n {c: 3}) n:L1:L2 (= n.d 4) (= n.e.f 5))",
        );
        check(
            "MATCH (n) REMOVE n.a, n:L1:L2",
            "(match (n)) (remove n.a n:L1:L2)",
        );
        check("MATCH (n) DELETE n, m", "(match (n)) (delete n m)");
        check("MATCH (n) DETACH DELETE n", "(match (n)) (detach-delete n)");
        check("UNWIND [1, 2] AS x RETURN x", "(unwind [1 2] x) (return x)");
    }

    #[test]
    fn patterns() {
        check(
            "MATCH p = (a)-[r:T1|T2 *1..3 {k: 2}]->(b) RETURN p",
            "(match p = (a)-[r:T1|T2*1..3 {k: 2}]->(b)) (return p)",
        );
        check(
            "MATCH (a)<-[r]-(b) RETURN 1",
            "(match (a)<-[r]-(b)) (return 1)",
        );
        check(
            "MATCH (a)-[r]-(b) RETURN 1",
            "(match (a)-[r]-(b)) (return 1)",
        );
        check(
            "MATCH (a)<-[r]->(b) RETURN 1",
            "(match (a)-[r]-(b)) (return 1)",
        );
        check(
            "MATCH (a)-->(b)<--(c)--(d) RETURN 1",
            "(match (a)-[]->(b)<-[]-(c)-[]-(d)) (return 1)",
        );
        check(
            "MATCH (a)-[:A|:B]->() RETURN 1",
            "(match (a)-[:A|B]->()) (return 1)",
        );
        check("MATCH (n $props) RETURN 1", "(match (n $props)) (return 1)");
        check(
            "MATCH ()-[r $p]->() RETURN 1",
            "(match ()-[r $p]->()) (return 1)",
        );
        check(
            "MATCH (:`My Label`) RETURN 1",
            "(match (:My Label)) (return 1)",
        );
        check(
            "MATCH (:Match)-[:RETURN]->() RETURN 1",
            "(match (:Match)-[:RETURN]->()) (return 1)",
        );
    }

    #[test]
    fn variable_lengths() {
        let len = |src: &str| {
            let s = parse(&format!("MATCH (a)-[{src}]->(b) RETURN 1")).unwrap();
            let Clause::Match(m) = &s.queries[0].clauses[0] else {
                panic!()
            };
            m.pattern[0].chain[0].0.length
        };
        assert_eq!(len(""), None);
        assert_eq!(len(":R"), None);
        assert_eq!(len("*"), Some((None, None)));
        assert_eq!(len("*2"), Some((Some(2), Some(2))));
        assert_eq!(len("*1..3"), Some((Some(1), Some(3))));
        assert_eq!(len("* 1 .. 3"), Some((Some(1), Some(3))));
        assert_eq!(len("*..5"), Some((None, Some(5))));
        assert_eq!(len("*2.."), Some((Some(2), None)));
        assert_eq!(len("r:R*"), Some((None, None)));
    }

    #[test]
    fn shortest_paths() {
        check(
            "MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
            "(match p = shortest (a)-[*..]-(b)) (return p)",
        );
        check(
            "MATCH allShortestPaths((a)-[:R*..5]->(b)) RETURN 1",
            "(match all-shortest (a)-[:R*..5]->(b)) (return 1)",
        );
        check(
            "MATCH p = SHORTEST 2 GROUPS (a)-[]-+(b) RETURN p",
            "(match p = shortest-2-groups (a)-[*1..]-(b)) (return p)",
        );
        check(
            "MATCH p = SHORTEST 3 PATHS (a)-[]-+(b) RETURN p",
            "(match p = shortest-3 (a)-[*1..]-(b)) (return p)",
        );
        check(
            "MATCH p = ANY 2 PATHS (a)-[]-+(b) RETURN p",
            "(match p = shortest-2 (a)-[*1..]-(b)) (return p)",
        );
        check(
            "MATCH p = SHORTEST GROUP (a)-[]-+(b) RETURN p",
            "(match p = all-shortest (a)-[*1..]-(b)) (return p)",
        );
        check(
            "MATCH p = ALL PATHS (a)-[]-+(b) RETURN p",
            "(match p = (a)-[*1..]-(b)) (return p)",
        );
        assert_eq!(
            expr("shortestPath((a)-->(b))"),
            "(pattern shortest (a)-[]->(b))"
        );
    }

    #[test]
    fn pattern_predicates() {
        check(
            "MATCH (a), (b) WHERE (a)-[:DENIES]->(b) RETURN a",
            "(match (a) (b) (where (pattern (a)-[:DENIES]->(b)))) (return a)",
        );
        check(
            "MATCH (a) WHERE NOT (a)-->() RETURN a",
            "(match (a) (where (Not (pattern (a)-[]->())))) (return a)",
        );
        // A single node in parentheses is a parenthesised expression.
        assert_eq!(expr("(a)"), "a");
        assert_eq!(expr("(a) - 1"), "(Sub a 1)");
        assert_eq!(expr("(a) --1"), "(Sub a (Neg 1))");
        assert_eq!(expr("(a) < -1"), "(Lt a (Neg 1))");
        assert_eq!(
            expr("(a:L)-->(:M {k: 1})"),
            "(pattern (a:L)-[]->(:M {k: 1}))"
        );
    }

    #[test]
    fn precedence() {
        assert_eq!(
            expr("a OR b XOR c AND NOT d"),
            "(Or a (Xor b (And c (Not d))))"
        );
        assert_eq!(expr("NOT a = b"), "(Not (Eq a b))");
        assert_eq!(
            expr("a = b + c * d ^ e"),
            "(Eq a (Add b (Mul c (Pow d e))))"
        );
        assert_eq!(expr("2 ^ 3 ^ 2"), "(Pow (Pow 2 3) 2)");
        assert_eq!(expr("a - b - c"), "(Sub (Sub a b) c)");
        assert_eq!(expr("-a.b ^ 2"), "(Pow (Neg a.b) 2)");
        assert_eq!(expr("+a"), "(Plus a)");
        assert_eq!(expr("a + b IN c"), "(In (Add a b) c)");
        assert_eq!(expr("a IN b = c IN d"), "(Eq (In a b) (In c d))");
        assert_eq!(
            expr("a STARTS WITH 'x' AND b ENDS WITH 'y'"),
            "(And (StartsWith a \"x\") (EndsWith b \"y\"))"
        );
        assert_eq!(
            expr("a CONTAINS b OR a =~ 'r.*'"),
            "(Or (Contains a b) (RegexMatch a \"r.*\"))"
        );
        assert_eq!(expr("a + 1 IS NULL"), "(is-null (Add a 1))");
        assert_eq!(expr("NOT a IS NOT NULL"), "(Not (is-not-null a))");
        assert_eq!(expr("a IS NULL = false"), "(Eq (is-null a) false)");
        assert_eq!(expr("a <> b"), "(Ne a b)");
        assert_eq!(expr("a <= b AND a >= c"), "(And (Le a b) (Ge a c))");
        assert_eq!(expr("a * b / c % d"), "(Mod (Div (Mul a b) c) d)");
        assert_eq!(expr("(a + b) * c"), "(Mul (Add a b) c)");
    }

    #[test]
    fn chained_comparisons() {
        assert_eq!(expr("a < b < c"), "(And (Lt a b) (Lt b c))");
        assert_eq!(
            expr("a < b <= c = d"),
            "(And (And (Lt a b) (Le b c)) (Eq c d))"
        );
        assert_eq!(expr("(a < b) < c"), "(Lt (Lt a b) c)");
        assert_eq!(
            expr("1 < x + 1 < 3"),
            "(And (Lt 1 (Add x 1)) (Lt (Add x 1) 3))"
        );
    }

    #[test]
    fn postfix_operators() {
        assert_eq!(expr("n.a.b"), "n.a.b");
        assert_eq!(expr("n.count"), "n.count");
        assert_eq!(expr("l[0]"), "(index l 0)");
        assert_eq!(expr("m['k']"), "(index m \"k\")");
        assert_eq!(expr("l[1..3]"), "(slice l 1 3)");
        assert_eq!(expr("l[..3]"), "(slice l _ 3)");
        assert_eq!(expr("l[1..]"), "(slice l 1 _)");
        assert_eq!(expr("l[..]"), "(slice l _ _)");
        assert_eq!(expr("l[0][1].x"), "(index (index l 0) 1).x");
        assert_eq!(expr("n:Person"), "n:Person");
        assert_eq!(expr("n:A:B AND m:C"), "(And n:A:B m:C)");
        assert_eq!(expr("[1,2,3][-1]"), "(index [1 2 3] (Neg 1))");
    }

    #[test]
    fn literals() {
        assert_eq!(expr("123"), "123");
        assert_eq!(expr("0x1F"), "31");
        assert_eq!(expr("0o17"), "15");
        assert_eq!(expr("017"), "15");
        assert_eq!(expr("0"), "0");
        assert_eq!(expr("1.5"), "1.5");
        assert_eq!(expr(".5"), "0.5");
        assert_eq!(expr("1e3"), "1000.0");
        assert_eq!(expr("1.5E-2"), "0.015");
        assert_eq!(expr("TRUE"), "true");
        assert_eq!(expr("False"), "false");
        assert_eq!(expr("NULL"), "null");
        assert_eq!(expr("nullable"), "nullable");
        assert!(
            expression("'it''s'").is_err(),
            "juxtaposed strings are not one literal"
        );
    }

    #[test]
    fn integer_limits() {
        assert_eq!(expr("9223372036854775807"), "9223372036854775807");
        assert_eq!(expr("-9223372036854775808"), "-9223372036854775808");
        assert_eq!(expr("- 9223372036854775808"), "-9223372036854775808");
        assert_eq!(expr("-0x8000000000000000"), "-9223372036854775808");
        assert_eq!(expr("-1"), "(Neg 1)");
        let e = expression("9223372036854775808").unwrap_err();
        assert_eq!(e.message, "integer literal is too large");
        assert_eq!(e.span, Some(Span::new(0, 19)));
        assert!(expression("1 - 9223372036854775808").is_err());
        assert!(expression("-(9223372036854775808)").is_err());
        assert!(expression("99999999999999999999999").is_err());
        assert!(expression("0xFFFFFFFFFFFFFFFFFF").is_err());
        assert_eq!(
            expression("09").unwrap_err().message,
            "invalid octal integer literal '09'"
        );
        assert_eq!(
            expression("1e999").unwrap_err().message,
            "float literal is too large"
        );
    }

    #[test]
    fn strings() {
        assert_eq!(expr("'abc'"), "\"abc\"");
        assert_eq!(expr("\"abc\""), "\"abc\"");
        assert_eq!(expr(r#"'a\'b\"c\\d'"#), r#""a'b\"c\\d""#);
        assert_eq!(expr(r"'\n\t\r\b\f'"), r#""\n\t\r\u{8}\u{c}""#);
        assert_eq!(expr(r"'\u00e9\u0041'"), "\"éA\"");
        assert_eq!(expr(r#""it's""#), "\"it's\"");
        assert_eq!(expr("'é;ü'"), "\"é;ü\"");
        let e = expression(r"'a\d'").unwrap_err();
        assert_eq!(e.message, r"invalid escape sequence '\d'");
        assert_eq!(e.span, Some(Span::new(2, 4)));
        assert_eq!(
            expression(r"'\u12'").unwrap_err().message,
            "invalid unicode escape sequence"
        );
        assert_eq!(
            expression(r"'\uD800'").unwrap_err().message,
            "invalid unicode escape sequence"
        );
    }

    #[test]
    fn names() {
        assert_eq!(expr("`my var`"), "my var");
        assert_eq!(expr("`a``b`"), "a`b");
        assert_eq!(expr("`match`.`return`"), "match.return");
        assert_eq!(expr("n.`weird key`"), "n.weird key");
        assert_eq!(expr("_x1"), "_x1");
        assert_eq!(expr("café"), "café");
        check(
            "MATCH (`the node`) RETURN `the node`",
            "(match (the node)) (return the node)",
        );
        check(
            "WITH 1 AS count RETURN count",
            "(with (as 1 count)) (return count)",
        );
        assert!(parse("MATCH (match) RETURN 1").is_err());
        assert!(parse("WITH 1 AS return RETURN 1").is_err());
    }

    #[test]
    fn parameters() {
        assert_eq!(expr("$name"), "$name");
        assert_eq!(expr("$0"), "$0");
        assert_eq!(expr("$`a b`"), "$a b");
        assert_eq!(expr("$p.x"), "$p.x");
    }

    #[test]
    fn collections() {
        assert_eq!(expr("[]"), "[]");
        assert_eq!(expr("[1, 'a', [2]]"), "[1 \"a\" [2]]");
        assert_eq!(expr("{}"), "{}");
        assert_eq!(
            expr("{a: 1, `b c`: 2, match: 3}"),
            "{a: 1, b c: 2, match: 3}"
        );
        assert_eq!(expr("[x IN l]"), "(list x l)");
        assert_eq!(expr("[x IN l WHERE x > 1]"), "(list x l (where (Gt x 1)))");
        assert_eq!(expr("[x IN l | x * 2]"), "(list x l (map (Mul x 2)))");
        assert_eq!(
            expr("[x IN range(1, 10) WHERE x % 2 = 0 | x ^ 2]"),
            "(list x (range 1 10) (where (Eq (Mod x 2) 0)) (map (Pow x 2)))"
        );
        assert_eq!(expr("[(a)-->(b)]"), "[(pattern (a)-[]->(b))]");
    }

    #[test]
    fn functions() {
        assert_eq!(expr("count(*)"), "count(*)");
        assert_eq!(expr("COUNT( * )"), "count(*)");
        assert_eq!(expr("count(n)"), "(count n)");
        assert_eq!(expr("count(DISTINCT n.x)"), "(count distinct n.x)");
        assert_eq!(expr("rand()"), "(rand)");
        assert_eq!(expr("coalesce(a, b, 1)"), "(coalesce a b 1)");
        assert_eq!(expr("apoc.text.join(l, ',')"), "(apoc.text.join l \",\")");
        assert_eq!(expr("exists(n.prop)"), "(exists n.prop)");
        assert_eq!(
            expr("toUpper(n.name) STARTS WITH 'A'"),
            "(StartsWith (toUpper n.name) \"A\")"
        );
        let e = expression("a.b.c(1)").unwrap();
        let ExprKind::Function { name, .. } = e.kind else {
            panic!()
        };
        assert_eq!(name.span, Span::new(0, 5));
    }

    #[test]
    fn case_expressions() {
        assert_eq!(
            expr("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END"),
            "(case (when a 1) (when b 2) (else 3))"
        );
        assert_eq!(
            expr("case x when 1 then 'a' end"),
            "(case x (when 1 \"a\"))"
        );
        assert_eq!(
            expr("CASE WHEN (a) THEN CASE b WHEN 1 THEN 2 END END"),
            "(case (when a (case b (when 1 2))))"
        );
    }

    #[test]
    fn quantifiers() {
        assert_eq!(expr("all(x IN l WHERE x > 0)"), "(All x l (Gt x 0))");
        assert_eq!(expr("ANY(x IN l WHERE x)"), "(Any x l x)");
        assert_eq!(expr("none(x IN [1] WHERE x = 2)"), "(None x [1] (Eq x 2))");
        assert_eq!(expr("single(x IN l WHERE true)"), "(Single x l true)");
        assert_eq!(expr("any(l)"), "(any l)");
    }

    #[test]
    fn map_projections() {
        assert_eq!(
            expr("n {.name, .kind, key: n.x + 1, other, .*}"),
            "(n {.name .kind key: (Add n.x 1) other .*})"
        );
        assert_eq!(expr("n {}"), "(n {})");
    }

    #[test]
    fn comments_and_case_insensitive_keywords() {
        check(
            "/* lead */ MaTcH (n) // where\n WHERE /* x */ n.a = 1 RETURN n // end",
            "(match (n) (where (Eq n.a 1))) (return n)",
        );
        check(
            "match (n) where n.a is not null return distinct n",
            "(match (n) (where (is-not-null n.a))) (return distinct n)",
        );
    }

    #[test]
    fn spans_are_relative_to_the_script() {
        let script = "RETURN 0;\nMATCH (n) RETURN n.name";
        let s = statement(&script[10..], 10).unwrap();
        assert_eq!(s.span, Span::new(10, 33));
        let Clause::Match(m) = &s.queries[0].clauses[0] else {
            panic!()
        };
        assert_eq!(m.span, Span::new(10, 19));
        assert_eq!(
            m.pattern[0].start.var.as_ref().unwrap().span,
            Span::new(17, 18)
        );
        let Clause::Return(r) = &s.queries[0].clauses[1] else {
            panic!()
        };
        assert_eq!(r.span, Span::new(20, 33));
        assert_eq!(r.items[0].expr.span, Span::new(27, 33));
        let ExprKind::Property(_, key) = &r.items[0].expr.kind else {
            panic!()
        };
        assert_eq!(&script[key.span.start..key.span.end], "name");
        let e = statement("RETURN 1 +", 100).unwrap_err();
        assert_eq!(e.span, Some(Span::new(110, 110)));
    }

    #[test]
    fn expression_spans() {
        let e = expression("a + (b * c)").unwrap();
        assert_eq!(e.span, Span::new(0, 11));
        let ExprKind::Binary(_, _, rhs) = &e.kind else {
            panic!()
        };
        assert_eq!(rhs.span, Span::new(4, 11));
        let e = expression("-x.y IS NULL").unwrap();
        assert_eq!(e.span, Span::new(0, 12));
    }

    #[test]
    fn unsupported_constructs() {
        let unsupported = |src: &str, message: &str| {
            let e = err(src);
            assert_eq!(e.kind, ErrorKind::Unsupported, "{src}: {e}");
            assert_eq!(e.message, message, "{src}");
        };
        unsupported("USE db MATCH (n) RETURN n", "USE is not supported");
        unsupported(
            "CREATE TEXT INDEX FOR (n:L) ON (n.x)",
            "a TEXT index is not supported",
        );
        unsupported("SHOW USERS", "SHOW USERS is not supported");
        unsupported("drop database db", "DROP DATABASE is not supported");
        unsupported("CREATE DATABASE db", "CREATE DATABASE is not supported");
    }

    #[test]
    fn subqueries_and_foreach() {
        check(
            "MATCH (n) CALL (n) { MATCH (n)-->(m) RETURN m } RETURN m",
            "(match (n)) (call (n) {(match (n)-[]->(m)) (return m)}) (return m)",
        );
        check(
            "OPTIONAL CALL { RETURN 1 AS a UNION ALL RETURN 2 AS a } RETURN a",
            "(optional-call {(return (as 1 a)) union-all (return (as 2 a))}) (return a)",
        );
        check(
            "UNWIND [1] AS x CALL (*) { CREATE () } IN TRANSACTIONS OF 10 ROWS ON ERROR BREAK REPORT STATUS AS s RETURN s",
            "(unwind [1] x) (call (*) {(create ())} (in-transactions Break 10 s)) (return s)",
        );
        check(
            "RETURN COLLECT { MATCH (n) RETURN n.x } AS c",
            "(return (as (Collect {(match (n)) (return n.x)}) c))",
        );
        check(
            "FOREACH (x IN [1, 2] | CREATE (n {v: x}) FOREACH (y IN [x] | SET n.w = y))",
            "(foreach x [1 2] (create (n {v: x})) (foreach y [x] (set (= n.w y))))",
        );
        let e = err("FOREACH (x IN [1] | MATCH (n))");
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert_eq!(e.span, Some(Span::new(20, 25)));
    }

    #[test]
    fn procedure_calls() {
        check("CALL db.labels()", "(call db.labels )");
        check("call DB.Labels(1, 'x')", "(call DB.Labels 1 \"x\")");
        let Clause::Call(c) =
            &parse("MATCH (n) CALL db.labels() YIELD label AS l, x WHERE l = 1 RETURN l")
                .unwrap()
                .queries[0]
                .clauses[1]
                .clone()
        else {
            panic!("a call")
        };
        assert_eq!(c.name.name, "db.labels");
        assert_eq!(c.name.span, Span::new(15, 24));
        let Some(Yield::Items(items)) = &c.yields else {
            panic!("items")
        };
        let names: Vec<(&str, Option<&str>)> = items
            .iter()
            .map(|(c, a)| (c.name.as_str(), a.as_ref().map(|a| a.name.as_str())))
            .collect();
        assert_eq!(names, [("label", Some("l")), ("x", None)]);
        assert!(c.where_.is_some());
        let Clause::Call(c) =
            &parse("CALL db.labels() YIELD *").unwrap().queries[0].clauses[0].clone()
        else {
            panic!("a call")
        };
        assert_eq!(c.yields, Some(Yield::All));
        // A call whose arguments are cut short is a syntax error where they stop.
        let e = err("CALL db.labels(1,");
        assert_eq!(e.kind, ErrorKind::Syntax);
    }

    #[test]
    fn explain_and_profile() {
        check(
            "EXPLAIN MATCH (n) RETURN n",
            "explain: (match (n)) (return n)",
        );
        check(
            "profile match (n) return n;",
            "profile: (match (n)) (return n)",
        );
        check(
            "Explain RETURN 1 AS x UNION RETURN 2 AS x",
            "explain: (return (as 1 x)) UNION (return (as 2 x))",
        );
        check(
            "PROFILE CREATE (a:X) WITH a SET a.k = 1",
            "profile: (create (a:X)) (with a) (set (= a.k 1))",
        );
        // A variable may still be called explain.
        check(
            "MATCH (explain) RETURN explain",
            "(match (explain)) (return explain)",
        );
        check_err(
            "EXPLAIN",
            "SyntaxError: expected a clause (MATCH, WITH, RETURN, ...), found end of input
 --> query:1:8
  |
1 | EXPLAIN
  |        ^
",
        );
        check_err(
            "EXPLAIN PROFILE MATCH (n) RETURN n",
            "SyntaxError: expected a clause (MATCH, WITH, RETURN, ...), found 'PROFILE'
 --> query:1:9
  |
1 | EXPLAIN PROFILE MATCH (n) RETURN n
  |         ^^^^^^^
",
        );
        let e = err("MATCH (n) EXPLAIN RETURN n");
        assert_eq!(e.kind, ErrorKind::Syntax);
    }

    #[test]
    fn syntax_error_messages() {
        check_err(
            "MATCH (n) RETRUN n",
            "SyntaxError: expected a relationship pattern, ',', WHERE, a clause (MATCH, WITH, RETURN, ...), UNION or end of input, found 'RETRUN'
 --> query:1:11
  |
1 | MATCH (n) RETRUN n
  |           ^^^^^^
  = help: did you mean `RETURN`?
",
        );
        check_err(
            "MACTH (n) RETURN n",
            "SyntaxError: expected a clause (MATCH, WITH, RETURN, ...), found 'MACTH'
 --> query:1:1
  |
1 | MACTH (n) RETURN n
  | ^^^^^
  = help: did you mean `MATCH`?
",
        );
        check_err(
            "MATCH (n)\nWHERE n.x = 1\nretrun n",
            "SyntaxError: expected an operator, a clause (MATCH, WITH, RETURN, ...), UNION or end of input, found 'retrun'
 --> query:3:1
  |
3 | retrun n
  | ^^^^^^
  = help: did you mean `RETURN`?
",
        );
        check_err(
            "RETURN",
            "SyntaxError: expected an expression or DISTINCT, found end of input
 --> query:1:7
  |
1 | RETURN
  |       ^
",
        );
        check_err(
            "MATCH (n) RETURN n.name AS",
            "SyntaxError: expected a variable, found end of input
 --> query:1:27
  |
1 | MATCH (n) RETURN n.name AS
  |                           ^
",
        );
        check_err(
            "MATCH (n) RETURN n ORDER n",
            "SyntaxError: expected BY, found 'n'
 --> query:1:26
  |
1 | MATCH (n) RETURN n ORDER n
  |                          ^
",
        );
        check_err(
            "RETURN 1 != 2",
            "SyntaxError: '!=' is not a Cypher operator
 --> query:1:10
  |
1 | RETURN 1 != 2
  |          ^^
  = help: use <> for inequality
",
        );
        check_err(
            "RETURN {a 1}",
            "SyntaxError: expected ':', found '1'
 --> query:1:11
  |
1 | RETURN {a 1}
  |           ^
",
        );
        check_err(
            "RETURN f(a b)",
            "SyntaxError: expected an operator, ',' or ')', found 'b'
 --> query:1:12
  |
1 | RETURN f(a b)
  |            ^
",
        );
        check_err(
            "MATCH (n) RETURN n SKIP 1 ODER BY n",
            "SyntaxError: expected an operator, LIMIT, a clause (MATCH, WITH, RETURN, ...), UNION or end of input, found 'ODER'
 --> query:1:27
  |
1 | MATCH (n) RETURN n SKIP 1 ODER BY n
  |                           ^^^^
",
        );
    }

    #[test]
    fn more_syntax_errors() {
        let message = |src: &str| {
            let e = err(src);
            (e.message, e.help)
        };
        let no_help = |m: &str| (m.to_string(), None);
        assert_eq!(
            message("RETURN 1 +"),
            no_help("expected an expression, found end of input")
        );
        assert_eq!(
            message("RETURN NOT"),
            no_help("expected an expression, found end of input")
        );
        assert_eq!(
            message("MATCH (n) WHERE n.x == 1 RETURN n"),
            (
                "expected an expression, found '='".to_string(),
                Some("use = for equality (== is not Cypher)".to_string())
            )
        );
        assert_eq!(
            message("MATCH n RETURN n"),
            (
                "expected a pattern, found 'n'".to_string(),
                Some("a node pattern is written in parentheses, like (n:Label)".to_string())
            )
        );
        assert_eq!(
            message("MATCH (n) RETURN count(DISTINCT)"),
            no_help("expected an expression, found ')'")
        );
        assert_eq!(
            message("MERGE (n) ON DELETE SET n.x = 1"),
            no_help("expected MATCH or CREATE, found 'DELETE'")
        );
        assert_eq!(
            message("MATCH (n) SET n.x 1"),
            no_help("expected '.' or '=', found '1'")
        );
        assert_eq!(
            message("RETURN CASE WHEN x THEN 1"),
            no_help("expected an operator, WHEN, ELSE or END, found end of input")
        );
        assert_eq!(
            message("RETURN [1 2]"),
            no_help("expected an operator, ',' or ']', found '2'")
        );
        assert_eq!(
            message("UNWIND [1] x RETURN x"),
            no_help("expected an operator or AS, found 'x'")
        );
        assert_eq!(
            message("RETURN all(x y)"),
            no_help("expected IN, found 'y'")
        );
        assert_eq!(
            message("RETURN $"),
            no_help("expected a name or an integer, found end of input")
        );
        assert_eq!(
            message("MATCH (a)-[r T]->(b) RETURN a"),
            no_help("expected a relationship type, '*', a map, a parameter or ']', found 'T'")
        );
        assert_eq!(
            message("RETURN 1 UNION"),
            no_help("expected a clause (MATCH, WITH, RETURN, ...) or ALL, found end of input")
        );
        let e = err("MATCH (a)\n  WHERE a.name = 'x' AND\n  RETURN a");
        assert_eq!(e.message, "expected an expression, found 'RETURN'");
        assert_eq!(e.span, Some(Span::new(37, 43)));
    }

    #[test]
    fn structural_errors() {
        check_err(
            "MATCH (n RETURN n",
            "SyntaxError: unclosed '('
 --> query:1:7
  |
1 | MATCH (n RETURN n
  |       ^
  = help: add the missing ')'
",
        );
        check_err(
            "RETURN 'abc",
            "SyntaxError: unterminated string literal
 --> query:1:8
  |
1 | RETURN 'abc
  |        ^
",
        );
        assert_eq!(err("").message, "empty statement");
        assert_eq!(err("  // nothing\n ").message, "empty statement");
        assert_eq!(err(" ; ").message, "empty statement");
        assert_eq!(err("RETURN 1; RETURN 2").kind, ErrorKind::Syntax);
        assert_eq!(
            err("RETURN a[]").message,
            "expected an expression, found ']'"
        );
    }

    #[test]
    fn parse_expression_requires_one_whole_expression() {
        assert_eq!(
            expr("{name: 'x', n: [1, 2.5]}"),
            "{name: \"x\", n: [1 2.5]}"
        );
        assert!(expression("1 2").is_err());
        assert!(expression("").is_err());
        assert!(expression("RETURN 1").is_err());
        assert_eq!(expr(" -3 "), "(Neg 3)");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for open in ["(", "["] {
            let src = format!("RETURN {}", open.repeat(100_000));
            let e = err(&src);
            assert_eq!(e.kind, ErrorKind::Resource, "{open}");
            assert_eq!(e.message, "expression nested too deeply");
            let s = e.span.unwrap();
            assert_eq!(&src[s.start..s.end], open);
            let e = expression(&open.repeat(100_000)).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Resource);
        }
        let e = err(&format!("RETURN {}", "{a: ".repeat(100_000)));
        assert_eq!(e.kind, ErrorKind::Resource);
        let e = err(&format!("RETURN {}1", "NOT ".repeat(100_000)));
        assert_eq!(e.kind, ErrorKind::Resource);
        let e = err(&format!("RETURN {}1", "- ".repeat(100_000)));
        assert_eq!(e.kind, ErrorKind::Resource);
        let e = err(&format!("RETURN 1{}", " + 1".repeat(100_000)));
        assert_eq!(e.kind, ErrorKind::Resource);
        let e = err(&format!("RETURN x{}", ".a".repeat(100_000)));
        assert_eq!(e.kind, ErrorKind::Resource);
        let e = err(&format!(
            "RETURN {}1{}",
            "CASE WHEN true THEN ".repeat(10_000),
            " END".repeat(10_000)
        ));
        assert_eq!(e.kind, ErrorKind::Resource);
        // Types and label expressions nest too.
        for src in [
            format!(
                "RETURN x :: {}INT{}",
                "LIST<".repeat(100_000),
                ">".repeat(100_000)
            ),
            format!(
                "RETURN x :: {}INT{}",
                "ANY<".repeat(100_000),
                ">".repeat(100_000)
            ),
            format!("RETURN x :: INT{}", " LIST".repeat(100_000)),
            format!("MATCH (n:{}A) RETURN n", "!".repeat(100_000)),
            format!(
                "MATCH (n:{}A{}) RETURN n",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ] {
            assert_eq!(err(&src).kind, ErrorKind::Resource, "{}", &src[..30]);
        }
        let nested = format!("RETURN x :: {}INT{}", "LIST<".repeat(150), ">".repeat(150));
        assert!(parse(&nested).is_ok());
    }

    #[test]
    fn nesting_within_the_limit_parses() {
        let depth = MAX_NESTING - 1;
        let src = format!("RETURN {}1{}", "(".repeat(depth), ")".repeat(depth));
        assert_eq!(show_stmt(&parse(&src).unwrap()), "(return 1)");
        let src = format!("RETURN {}1{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&src).is_ok());
        let src = format!("RETURN {}1{}", "{a: ".repeat(depth), "}".repeat(depth));
        assert!(parse(&src).is_ok());
        let src = format!("RETURN 1{}", " + 1".repeat(400));
        assert!(parse(&src).is_ok());
        let src = format!("RETURN {}", vec!["1"; 20_000].join(", "));
        assert!(parse(&src).is_ok());
        let rows: Vec<String> = (0..5_000)
            .map(|i| format!("{{name: 'n{i}', tags: ['a', \"b\"], ok: (true), n: -{i}.5}}"))
            .collect();
        let src = format!(
            "UNWIND [{}] AS row CREATE (:P {{name: row.name}})",
            rows.join(", ")
        );
        assert!(parse(&src).is_ok());
    }

    #[test]
    fn nested_parentheses_and_maps_do_not_backtrack_exponentially() {
        for (open, close) in [
            ("({a: ", "})"),
            ("[({a: ", "})]"),
            ("(({a: ", "}) - 1)"),
            ("({a: (", ")})"),
        ] {
            let src = format!("RETURN {}1{} AS x", open.repeat(60), close.repeat(60));
            assert!(parse(&src).is_ok(), "{open}");
            let src = format!("RETURN {}1{} x", open.repeat(60), close.repeat(60));
            assert_eq!(err(&src).kind, ErrorKind::Syntax, "{open}");
        }
    }

    /// A tiny deterministic generator for garbage input.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    #[test]
    fn garbage_never_panics() {
        const TOKENS: &[&str] = &[
            "MATCH",
            "RETURN",
            "WITH",
            "WHERE",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            "-",
            "->",
            "<-",
            "-->",
            ":",
            ",",
            ".",
            "..",
            "*",
            "n",
            "m",
            "`x`",
            "'s'",
            "\"t\"",
            "1",
            "0x1F",
            "1.5",
            "$p",
            "=",
            "<>",
            "!=",
            "<",
            "+",
            "AND",
            "NOT",
            "IN",
            "CASE",
            "WHEN",
            "THEN",
            "END",
            "|",
            ";",
            "count",
            "DISTINCT",
            "UNION",
            "ALL",
            "CREATE",
            "SET",
            "+=",
            "DELETE",
            "//c\n",
            "/*c*/",
            "9223372036854775808",
            "\\",
            "'",
            "`",
            "é",
            " ",
            "ORDER BY",
            "LIMIT",
            "IS NULL",
            "shortestPath",
            "EXISTS",
            "CALL",
        ];
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..3000 {
            let len = rng.next() % 30;
            let src: String = (0..len)
                .map(|_| rng.pick(TOKENS).to_string() + " ")
                .collect();
            let _ = statement(&src, 0);
            let _ = expression(&src);
            let _ = super::super::split_statements(&src);
            let _ = super::super::is_complete(&src);
            if let Err(e) = statement(&src, 0) {
                let _ = e.render(&src, "fuzz");
            }
        }
        for _ in 0..2000 {
            let len = rng.next() % 40;
            let chars: Vec<char> = " ()[]{}'\"`-<>:;.,*$/\\\n0aZé".chars().collect();
            let src: String = (0..len)
                .map(|_| chars[(rng.next() % chars.len() as u64) as usize])
                .collect();
            let _ = statement(&src, 7);
            let _ = expression(&src);
        }
    }

    #[test]
    fn valid_queries_with_mutations_parse() {
        // Take valid queries, drop or duplicate one token, and make sure nothing panics.
        let queries = [
            "MATCH (a:Actor)-[r:ACCUSES*1..2]->(b) WHERE a.name STARTS WITH 'R' RETURN a.name, count(*) ORDER BY 2 DESC LIMIT 3",
            "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN collect(x)[0..1] AS l",
            "MERGE (n:A {k: $k}) ON CREATE SET n += {c: 1} RETURN n {.k, .*}",
            "RETURN CASE WHEN all(x IN [1] WHERE x > 0) THEN [y IN [1] | y] ELSE null END",
        ];
        for q in queries {
            assert!(parse(q).is_ok(), "{q}");
            let words: Vec<&str> = q.split(' ').collect();
            for i in 0..words.len() {
                let mut w = words.clone();
                w.remove(i);
                let _ = parse(&w.join(" "));
                let mut w = words.clone();
                w.insert(i, words[i]);
                let _ = parse(&w.join(" "));
            }
        }
    }
}
