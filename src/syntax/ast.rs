//! The abstract syntax tree: plain data produced by the parser, with a byte `Span` on every
//! node that a message may point at. Knows nothing of the graph or of execution.

use crate::diagnostic::Span;

/// A name as written (variable, label, relationship type, property key, function), unquoted.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// One `;`-separated statement: a query, possibly a UNION of several.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Whether to run the query, describe its plan, or both (`EXPLAIN`, `PROFILE`).
    pub mode: Mode,
    /// The single queries joined by UNION; at least one.
    pub queries: Vec<SingleQuery>,
    /// For each UNION between `queries[i]` and `queries[i + 1]`: true when it is UNION ALL.
    pub union_all: Vec<bool>,
    pub span: Span,
    /// A schema command, which is the whole statement (`queries` is empty then; `SHOW
    /// INDEXES` and `SHOW CONSTRAINTS` are queries over a procedure and come as `queries`).
    pub command: Option<SchemaCommand>,
}

/// `CREATE INDEX`, `DROP INDEX`, `CREATE CONSTRAINT`, `DROP CONSTRAINT` (Neo4j 5's forms).
#[derive(Clone, Debug, PartialEq)]
pub enum SchemaCommand {
    CreateIndex {
        name: Option<Ident>,
        if_not_exists: bool,
        target: SchemaTarget,
        /// The properties, in order (more than one: a composite index).
        properties: Vec<Ident>,
        span: Span,
    },
    DropIndex {
        name: Ident,
        if_exists: bool,
        span: Span,
    },
    CreateConstraint {
        name: Option<Ident>,
        if_not_exists: bool,
        target: SchemaTarget,
        /// The properties, in order (more than one: a composite uniqueness or key constraint).
        properties: Vec<Ident>,
        rule: ConstraintRule,
        /// Where the rule is written (`IS UNIQUE`).
        rule_span: Span,
        span: Span,
    },
    DropConstraint {
        name: Ident,
        if_exists: bool,
        span: Span,
    },
}

impl SchemaCommand {
    pub fn span(&self) -> Span {
        match self {
            SchemaCommand::CreateIndex { span, .. }
            | SchemaCommand::DropIndex { span, .. }
            | SchemaCommand::CreateConstraint { span, .. }
            | SchemaCommand::DropConstraint { span, .. } => *span,
        }
    }
}

/// The procedure `SHOW INDEXES` reads (a name `CALL` cannot spell: it has a space).
pub const SHOW_INDEXES: &str = "SHOW INDEXES";
/// The procedure `SHOW CONSTRAINTS` reads.
pub const SHOW_CONSTRAINTS: &str = "SHOW CONSTRAINTS";
/// The columns of `SHOW INDEXES` as Neo4j 5 names them, with their types: the first
/// `SHOW_INDEX_DEFAULTS` are shown without `YIELD`, the others come with `YIELD *` or by name.
pub const SHOW_INDEX_COLUMNS: &[(&str, &str)] = &[
    ("id", "INTEGER"),
    ("name", "STRING"),
    ("state", "STRING"),
    ("populationPercent", "FLOAT"),
    ("type", "STRING"),
    ("entityType", "STRING"),
    ("labelsOrTypes", "LIST<STRING>"),
    ("properties", "LIST<STRING>"),
    ("indexProvider", "STRING"),
    ("owningConstraint", "STRING"),
    ("lastRead", "ZONED DATETIME"),
    ("readCount", "INTEGER"),
    ("trackedSince", "ZONED DATETIME"),
    ("options", "MAP"),
    ("failureMessage", "STRING"),
    ("createStatement", "STRING"),
];
pub const SHOW_INDEX_DEFAULTS: usize = 12;
/// The columns of `SHOW CONSTRAINTS`, as `SHOW_INDEX_COLUMNS`.
pub const SHOW_CONSTRAINT_COLUMNS: &[(&str, &str)] = &[
    ("id", "INTEGER"),
    ("name", "STRING"),
    ("type", "STRING"),
    ("entityType", "STRING"),
    ("labelsOrTypes", "LIST<STRING>"),
    ("properties", "LIST<STRING>"),
    ("ownedIndex", "STRING"),
    ("propertyType", "STRING"),
    ("options", "MAP"),
    ("createStatement", "STRING"),
];
pub const SHOW_CONSTRAINT_DEFAULTS: usize = 8;

/// What a schema command is on: `(n:Label)`, or `()-[r:TYPE]-()` when `rel`.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaTarget {
    pub rel: bool,
    pub var: Ident,
    /// The label, or the relationship type.
    pub token: Ident,
    pub span: Span,
}

/// What a constraint requires of its property.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstraintRule {
    /// `IS UNIQUE` (`IS NODE UNIQUE`, `IS REL UNIQUE`).
    Unique,
    /// `IS NODE KEY` (`IS KEY`, `IS REL KEY`, `IS RELATIONSHIP KEY`).
    Key,
    /// `IS NOT NULL`.
    NotNull,
    /// `IS :: type` (`IS TYPED type`).
    Type(ValueType),
}

/// What a statement asks for: its rows (a plain query), its plan without running it
/// (`EXPLAIN ...`), or its rows and its plan with what each operator did (`PROFILE ...`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Run,
    Explain,
    Profile,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SingleQuery {
    pub clauses: Vec<Clause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    Match(Match),
    Unwind(Unwind),
    LoadCsv(LoadCsv),
    With(Projection),
    Return(Projection),
    Create(Create),
    Merge(Merge),
    Set(SetClause),
    Remove(Remove),
    Delete(Delete),
    Call(Call),
    CallSubquery(CallSubquery),
    Foreach(Foreach),
}

/// Single queries joined by UNION inside braces: the body of `CALL { }`, `EXISTS { }`,
/// `COUNT { }` and `COLLECT { }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Subquery {
    pub queries: Vec<SingleQuery>,
    /// For each UNION between `queries[i]` and `queries[i + 1]`: true when it is UNION ALL.
    pub union_all: Vec<bool>,
    pub span: Span,
}

/// `[OPTIONAL] CALL [(vars)] { ... } [IN TRANSACTIONS ...]`: a subquery run for each row.
#[derive(Clone, Debug, PartialEq)]
pub struct CallSubquery {
    pub optional: bool,
    /// The variables a scope clause imports (`CALL (a, b) { }`, `CALL (*) { }`); None without
    /// one (then a leading `WITH a, b` imports).
    pub scope: Option<ImportScope>,
    pub body: Subquery,
    pub transactions: Option<InTransactions>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ImportScope {
    /// `(*)`: every variable in scope.
    All,
    /// `(a, b)`, or `()` for none.
    Vars(Vec<Ident>),
}

/// `IN TRANSACTIONS [OF n ROWS] [ON ERROR CONTINUE | BREAK | FAIL]`.
#[derive(Clone, Debug, PartialEq)]
pub struct InTransactions {
    pub rows: Option<Expr>,
    /// `IN [n] CONCURRENT TRANSACTIONS`: Some, with the number of batches that may run at
    /// once when given.
    pub concurrency: Option<Option<Expr>>,
    pub on_error: OnError,
    /// `REPORT STATUS AS var`: the variable bound to each batch's outcome.
    pub status: Option<Ident>,
    pub span: Span,
}

/// What a batch of `IN TRANSACTIONS` that fails does to the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    /// Stop the statement with the error (the batches committed before stay).
    Fail,
    /// Go on with the next batch; the failed batch's rows are the input rows alone.
    Continue,
    /// Stop taking batches; the statement succeeds with what was done.
    Break,
}

/// `FOREACH (var IN list | updates)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Foreach {
    pub var: Ident,
    pub list: Expr,
    pub clauses: Vec<Clause>,
    pub span: Span,
}

/// `CALL name(args) [YIELD ... [WHERE ...]]`: a procedure's rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The dotted name, as written.
    pub name: Ident,
    pub args: Vec<Expr>,
    pub yields: Option<Yield>,
    pub where_: Option<Expr>,
    pub span: Span,
}

/// What a procedure call yields: every column (`*`), or some, each under its name or an alias.
#[derive(Clone, Debug, PartialEq)]
pub enum Yield {
    All,
    Items(Vec<(Ident, Option<Ident>)>),
}

impl Clause {
    pub fn span(&self) -> Span {
        match self {
            Clause::Match(c) => c.span,
            Clause::Unwind(c) => c.span,
            Clause::LoadCsv(c) => c.span,
            Clause::With(c) | Clause::Return(c) => c.span,
            Clause::Create(c) => c.span,
            Clause::Merge(c) => c.span,
            Clause::Set(c) => c.span,
            Clause::Remove(c) => c.span,
            Clause::Delete(c) => c.span,
            Clause::Call(c) => c.span,
            Clause::CallSubquery(c) => c.span,
            Clause::Foreach(c) => c.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub optional: bool,
    pub pattern: Vec<PatternPart>,
    pub where_: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Unwind {
    pub expr: Expr,
    pub alias: Ident,
    pub span: Span,
}

/// `LOAD CSV [WITH HEADERS] FROM url AS alias [FIELDTERMINATOR 'c']`.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadCsv {
    pub with_headers: bool,
    /// Where the file is: any expression giving a string (`file:///...` or a path).
    pub url: Expr,
    pub alias: Ident,
    /// The field terminator as written (escapes resolved) and where it is; `,` when absent.
    pub field_terminator: Option<(String, Span)>,
    pub span: Span,
}

/// The body of WITH or RETURN.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    pub distinct: bool,
    /// `*` as (the first) item.
    pub star: bool,
    pub items: Vec<ProjectionItem>,
    pub order_by: Vec<SortItem>,
    pub skip: Option<Expr>,
    pub limit: Option<Expr>,
    /// Only for WITH.
    pub where_: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectionItem {
    pub expr: Expr,
    pub alias: Option<Ident>,
    /// The item's text as written (without the alias): the column name when there is no alias.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortItem {
    pub expr: Expr,
    pub descending: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Create {
    pub pattern: Vec<PatternPart>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub part: PatternPart,
    pub on_create: Vec<SetItem>,
    pub on_match: Vec<SetItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SetClause {
    pub items: Vec<SetItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SetItem {
    /// `n.key = expr` (the target may be any expression yielding a node or relationship).
    Property {
        target: Expr,
        key: Ident,
        value: Expr,
        span: Span,
    },
    /// `n = {map}`: replaces all properties.
    Replace { var: Ident, value: Expr, span: Span },
    /// `n += {map}`: merges properties.
    Merge { var: Ident, value: Expr, span: Span },
    /// `n:Label:Other`.
    Labels {
        var: Ident,
        labels: Vec<Ident>,
        span: Span,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Remove {
    pub items: Vec<RemoveItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RemoveItem {
    Property {
        target: Expr,
        key: Ident,
        span: Span,
    },
    Labels {
        var: Ident,
        labels: Vec<Ident>,
        span: Span,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Delete {
    pub detach: bool,
    pub exprs: Vec<Expr>,
    pub span: Span,
}

/// One comma-separated part of a pattern: `p = shortestPath((a)-[*]-(b))`, `(a)-[:R]->(b)`.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternPart {
    /// The path variable of a named path.
    pub var: Option<Ident>,
    pub kind: PathKind,
    /// GQL's path mode written before the pattern (`ACYCLIC (a)-[*]->(b)`), if any.
    pub mode: Option<PathMode>,
    /// The kind comes from a GQL path selector (`SHORTEST 1 ...`), not from Neo4j's
    /// `shortestPath()` or `allShortestPaths()`.
    pub selector: bool,
    pub start: NodePattern,
    pub chain: Vec<(RelPattern, NodePattern)>,
    pub span: Span,
}

/// Which repetitions a path may have. Relationships never repeat within one MATCH whatever
/// the mode (Neo4j's DIFFERENT RELATIONSHIPS match mode), so `WALK` and `TRAIL` (and no mode)
/// match the same paths; `ACYCLIC` also keeps a node from appearing twice in the path, and
/// `SIMPLE` too, except that the path may end where it started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PathMode {
    Walk,
    #[default]
    Trail,
    Acyclic,
    Simple,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    Normal,
    Shortest,
    AllShortest,
    /// `SHORTEST k` (`ANY k`) with k > 1: the k shortest paths between each pair of ends;
    /// `SHORTEST k GROUPS`: every path of the k shortest lengths.
    Counted {
        k: u64,
        groups: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodePattern {
    pub var: Option<Ident>,
    /// `:A:B`, `:A&B`, `:A|!B`, ...; None when the pattern names no label.
    pub labels: Option<LabelExpr>,
    /// A map literal or a parameter.
    pub props: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `-[]->`
    Outgoing,
    /// `<-[]-`
    Incoming,
    /// `-[]-` (and `<-[]->`)
    Both,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RelPattern {
    pub var: Option<Ident>,
    /// `[:A|B]`, `[:!A]`, ...; None means any type.
    pub types: Option<LabelExpr>,
    pub direction: Direction,
    /// Variable length: `None` for a single hop; `Some((min, max))` for `*min..max`, where `*`
    /// alone is `(None, None)`, `*2` is `(Some(2), Some(2))`, `*..5` is `(None, Some(5))`.
    pub length: Option<(Option<u64>, Option<u64>)>,
    pub props: Option<Expr>,
    /// A quantified path pattern of this one relationship, `((a)-[r]->(b) WHERE ...){m,n}`:
    /// its inner nodes and predicate (`length` is its quantifier).
    pub group: Option<Box<PathGroup>>,
    pub span: Span,
}

/// The inside of a quantified path pattern: the nodes on either side of it in each
/// repetition, and the predicate each repetition must meet. Outside the
/// pattern, their variables (and the relationship's) are lists, one item per repetition.
#[derive(Clone, Debug, PartialEq)]
pub struct PathGroup {
    pub left: NodePattern,
    pub right: NodePattern,
    pub where_: Option<Expr>,
    /// A group of more than one relationship, `((a)-[r]->(b)-[s]->(c)){1,3}`: each of its
    /// relationships with the node after it, in order (`right` is the last of these nodes,
    /// and the relationship pattern holding the group stands for the whole of it). Empty for
    /// a group of one relationship, which is the relationship pattern holding it.
    pub steps: Vec<(RelPattern, NodePattern)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    Xor,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    In,
    StartsWith,
    EndsWith,
    Contains,
    RegexMatch,
}

impl BinaryOp {
    /// The operator as Cypher writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "OR",
            BinaryOp::Xor => "XOR",
            BinaryOp::And => "AND",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "^",
            BinaryOp::In => "IN",
            BinaryOp::StartsWith => "STARTS WITH",
            BinaryOp::EndsWith => "ENDS WITH",
            BinaryOp::Contains => "CONTAINS",
            BinaryOp::RegexMatch => "=~",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    All,
    Any,
    None,
    Single,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MapProjectionItem {
    /// `.key`
    Property(Ident),
    /// `key: expr`
    Literal(Ident, Expr),
    /// `var` (includes `var: var`)
    Variable(Ident),
    /// `.*`
    AllProperties,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// `$name` (or `$0`).
    Parameter(String),
    Variable(String),
    /// `expr.key`
    Property(Box<Expr>, Ident),
    /// `list[index]` or `map[key]`
    Index(Box<Expr>, Box<Expr>),
    /// `list[from..to]`, either bound optional.
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    /// `expr IS NULL` (false) / `expr IS NOT NULL` (true).
    IsNull(Box<Expr>, bool),
    List(Vec<Expr>),
    Map(Vec<(Ident, Expr)>),
    /// A function call; the name as written (may contain dots for namespaces).
    Function {
        name: Ident,
        distinct: bool,
        args: Vec<Expr>,
    },
    /// `count(*)`
    CountStar,
    /// `CASE [subject] WHEN .. THEN .. [ELSE ..] END`
    Case {
        subject: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        else_: Option<Box<Expr>>,
    },
    /// `[x IN list WHERE pred | expr]`
    ListComprehension {
        var: Ident,
        list: Box<Expr>,
        where_: Option<Box<Expr>>,
        map: Option<Box<Expr>>,
    },
    /// `reduce(acc = init, x IN list | expr)`
    Reduce {
        acc: Ident,
        init: Box<Expr>,
        var: Ident,
        list: Box<Expr>,
        expr: Box<Expr>,
    },
    /// `all(x IN list WHERE pred)` and its siblings.
    Quantified {
        quantifier: Quantifier,
        var: Ident,
        list: Box<Expr>,
        pred: Box<Expr>,
    },
    /// `n:Label:Other`, `n:A|B`, `r:T` as a predicate.
    HasLabels(Box<Expr>, LabelExpr),
    /// `expr IS :: TYPE` (false) or `expr IS NOT :: TYPE` (true).
    IsType(Box<Expr>, ValueType, bool),
    /// `expr IS [form] NORMALIZED` (false) or `expr IS NOT [form] NORMALIZED` (true).
    IsNormalized(Box<Expr>, NormalForm, bool),
    /// A pattern used as a predicate: `(a)-[:R]->(b)`.
    Pattern(Box<PatternPart>),
    /// `EXISTS { MATCH pattern WHERE ... }` (`count` false) or `COUNT { ... }`: whether the
    /// pattern matches, or how many times, for the variables bound outside; it may bind new
    /// ones of its own. A pattern comprehension is one too (see `map`).
    Subquery {
        count: bool,
        pattern: Vec<PatternPart>,
        where_: Option<Box<Expr>>,
        /// A pattern comprehension, `[(a)-->(b) WHERE ... | b.name]`: the list of this
        /// expression's value at each match (then `count` is false).
        map: Option<Box<Expr>>,
    },
    /// `EXISTS { query }`, `COUNT { query }`, `COLLECT { query }`: a whole query run over the
    /// row, which sees every variable bound outside.
    QuerySubquery {
        kind: SubqueryKind,
        query: Box<Subquery>,
    },
    /// `n {.name, .kind, other: expr}`
    MapProjection {
        var: Ident,
        items: Vec<MapProjectionItem>,
    },
}

/// What a query subquery gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubqueryKind {
    Exists,
    Count,
    Collect,
}

impl PatternPart {
    /// The variables the part names (its path, nodes and relationships) and the expressions
    /// written in it (property maps).
    pub fn visit<'a>(&'a self, expr: &mut dyn FnMut(&'a Expr), var: &mut dyn FnMut(&'a Ident)) {
        if let Some(v) = &self.var {
            var(v);
        }
        let nodes = std::iter::once(&self.start).chain(self.chain.iter().map(|(_, n)| n));
        for n in nodes {
            if let Some(v) = &n.var {
                var(v);
            }
            if let Some(p) = &n.props {
                expr(p);
            }
        }
        for (r, _) in &self.chain {
            if let Some(v) = &r.var {
                var(v);
            }
            if let Some(p) = &r.props {
                expr(p);
            }
            if let Some(g) = &r.group {
                g.visit(expr, var);
            }
        }
    }
}

impl PathGroup {
    /// The variables a quantified path pattern names inside it and the expressions written
    /// in it (property maps, its WHERE).
    pub fn visit<'a>(&'a self, expr: &mut dyn FnMut(&'a Expr), var: &mut dyn FnMut(&'a Ident)) {
        let nodes = [&self.left, &self.right]
            .into_iter()
            .chain(self.steps.iter().map(|(_, n)| n));
        for n in nodes {
            if let Some(v) = &n.var {
                var(v);
            }
            if let Some(p) = &n.props {
                expr(p);
            }
        }
        for (r, _) in &self.steps {
            if let Some(v) = &r.var {
                var(v);
            }
            if let Some(p) = &r.props {
                expr(p);
            }
        }
        if let Some(w) = &self.where_ {
            expr(w);
        }
    }
}

impl Clause {
    /// Every expression written in the clause and in the clauses and subqueries it holds
    /// (not inside the expressions themselves), and every variable it names outside them.
    pub fn visit<'a>(&'a self, expr: &mut dyn FnMut(&'a Expr), var: &mut dyn FnMut(&'a Ident)) {
        let set_item = |item: &'a SetItem,
                        expr: &mut dyn FnMut(&'a Expr),
                        var: &mut dyn FnMut(&'a Ident)| match item {
            SetItem::Property { target, value, .. } => {
                expr(target);
                expr(value);
            }
            SetItem::Replace { var: v, value, .. } | SetItem::Merge { var: v, value, .. } => {
                var(v);
                expr(value);
            }
            SetItem::Labels { var: v, .. } => var(v),
        };
        match self {
            Clause::Match(m) => {
                for part in &m.pattern {
                    part.visit(expr, var);
                }
                if let Some(w) = &m.where_ {
                    expr(w);
                }
            }
            Clause::Unwind(u) => {
                expr(&u.expr);
                var(&u.alias);
            }
            Clause::LoadCsv(l) => {
                expr(&l.url);
                var(&l.alias);
            }
            Clause::With(p) | Clause::Return(p) => {
                for item in &p.items {
                    expr(&item.expr);
                }
                for s in &p.order_by {
                    expr(&s.expr);
                }
                for e in [&p.skip, &p.limit, &p.where_].into_iter().flatten() {
                    expr(e);
                }
            }
            Clause::Create(c) => {
                for part in &c.pattern {
                    part.visit(expr, var);
                }
            }
            Clause::Merge(m) => {
                m.part.visit(expr, var);
                for item in m.on_create.iter().chain(&m.on_match) {
                    set_item(item, expr, var);
                }
            }
            Clause::Set(s) => {
                for item in &s.items {
                    set_item(item, expr, var);
                }
            }
            Clause::Remove(r) => {
                for item in &r.items {
                    match item {
                        RemoveItem::Property { target, .. } => expr(target),
                        RemoveItem::Labels { var: v, .. } => var(v),
                    }
                }
            }
            Clause::Delete(d) => d.exprs.iter().for_each(&mut *expr),
            Clause::Call(c) => {
                c.args.iter().for_each(&mut *expr);
                if let Some(w) = &c.where_ {
                    expr(w);
                }
            }
            Clause::CallSubquery(c) => {
                if let Some(ImportScope::Vars(vars)) = &c.scope {
                    vars.iter().for_each(&mut *var);
                }
                c.body.visit(expr, var);
                if let Some(t) = &c.transactions {
                    if let Some(rows) = &t.rows {
                        expr(rows);
                    }
                }
            }
            Clause::Foreach(f) => {
                var(&f.var);
                expr(&f.list);
                for c in &f.clauses {
                    c.visit(expr, var);
                }
            }
        }
    }
}

/// A label expression (Neo4j 5, GQL): on a node, a test of its labels; on a relationship, of its
/// one type.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelExpr {
    /// A label or relationship type.
    Name(Ident),
    /// `%`: any label (a node with at least one; every relationship has a type).
    Any(Span),
    /// `!e`; the span is the `!`'s.
    Not(Box<LabelExpr>, Span),
    /// `a&b&c` (or the colon form `:a:b:c`): every one holds.
    And(Vec<LabelExpr>),
    /// `a|b|c`: at least one holds; the span is the first `|`'s.
    Or(Vec<LabelExpr>, Span),
}

impl LabelExpr {
    /// Where the expression is written, from its first name or symbol to its last.
    pub fn span(&self) -> Span {
        match self {
            LabelExpr::Name(id) => id.span,
            LabelExpr::Any(span) => *span,
            LabelExpr::Not(e, bang) => bang.to(e.span()),
            LabelExpr::And(items) | LabelExpr::Or(items, _) => {
                match (items.first(), items.last()) {
                    (Some(a), Some(b)) => a.span().to(b.span()),
                    _ => Span::new(0, 0),
                }
            }
        }
    }

    /// The names of a plain conjunction (`:A`, `:A:B`, `:A&B`), each once, in order; None for
    /// an expression with `|`, `!` or `%`.
    pub fn conjunction(&self) -> Option<Vec<&Ident>> {
        fn go<'a>(e: &'a LabelExpr, out: &mut Vec<&'a Ident>) -> bool {
            match e {
                LabelExpr::Name(id) => {
                    out.push(id);
                    true
                }
                LabelExpr::And(items) => items.iter().all(|i| go(i, out)),
                _ => false,
            }
        }
        let mut out = Vec::new();
        go(self, &mut out).then(|| once_each(out))
    }

    /// The names of a plain disjunction (`:A`, `:A|B`), each once, in order; None otherwise.
    pub fn alternatives(&self) -> Option<Vec<&Ident>> {
        fn go<'a>(e: &'a LabelExpr, out: &mut Vec<&'a Ident>) -> bool {
            match e {
                LabelExpr::Name(id) => {
                    out.push(id);
                    true
                }
                LabelExpr::Or(items, _) => items.iter().all(|i| go(i, out)),
                _ => false,
            }
        }
        let mut out = Vec::new();
        go(self, &mut out).then(|| once_each(out))
    }

    /// A label every node the expression holds of has, named as a part of it on its own
    /// (`A` in `:A`, `:A:B`, `:A&(B|C)`): the first such.
    pub fn first_required(&self) -> Option<&Ident> {
        match self {
            LabelExpr::Name(id) => Some(id),
            LabelExpr::And(items) => items.iter().find_map(|i| match i {
                LabelExpr::Name(id) => Some(id),
                _ => None,
            }),
            _ => None,
        }
    }

    /// Every name the expression mentions, in order (repeats included).
    pub fn names(&self) -> Vec<&Ident> {
        fn go<'a>(e: &'a LabelExpr, out: &mut Vec<&'a Ident>) {
            match e {
                LabelExpr::Name(id) => out.push(id),
                LabelExpr::Any(_) => {}
                LabelExpr::Not(e, _) => go(e, out),
                LabelExpr::And(items) | LabelExpr::Or(items, _) => {
                    items.iter().for_each(|i| go(i, out))
                }
            }
        }
        let mut out = Vec::new();
        go(self, &mut out);
        out
    }

    /// The first symbol other than `&` in the expression (`|`, `!` or `%`) and its place: what
    /// CREATE and MERGE, which make nodes with every label named, do not take.
    pub fn first_symbol(&self) -> Option<(&'static str, Span)> {
        let mut found: Option<(&'static str, Span)> = None;
        let mut keep = |symbol, span: Span| {
            if found.is_none_or(|(_, at)| span.start < at.start) {
                found = Some((symbol, span));
            }
        };
        fn go(e: &LabelExpr, keep: &mut dyn FnMut(&'static str, Span)) {
            match e {
                LabelExpr::Name(_) => {}
                LabelExpr::Any(span) => keep("%", *span),
                LabelExpr::Not(e, span) => {
                    keep("!", *span);
                    go(e, keep);
                }
                LabelExpr::And(items) => items.iter().for_each(|i| go(i, keep)),
                LabelExpr::Or(items, span) => {
                    keep("|", *span);
                    items.iter().for_each(|i| go(i, keep));
                }
            }
        }
        go(self, &mut keep);
        found
    }
}

/// The names, each once, in the order they first come.
fn once_each(names: Vec<&Ident>) -> Vec<&Ident> {
    let mut seen = std::collections::HashSet::new();
    names.into_iter().filter(|n| seen.insert(&n.name)).collect()
}

/// How tightly a label expression binds: `|`, `&`, `!`, then names, `%` and groups.
fn label_precedence(e: &LabelExpr) -> u8 {
    match e {
        LabelExpr::Or(..) => 1,
        LabelExpr::And(_) => 2,
        LabelExpr::Not(..) => 3,
        LabelExpr::Name(_) | LabelExpr::Any(_) => 4,
    }
}

/// A name as Cypher writes it: backtick-quoted unless it is a plain identifier.
pub fn quote_name(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

/// The expression as Cypher writes it, without the leading colon: `A|B`, `(A|B)&!C`, `%`.
impl std::fmt::Display for LabelExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let part = |e: &LabelExpr, level: u8, f: &mut std::fmt::Formatter<'_>| {
            if label_precedence(e) < level {
                write!(f, "({e})")
            } else {
                write!(f, "{e}")
            }
        };
        match self {
            LabelExpr::Name(id) => write!(f, "{}", quote_name(&id.name)),
            LabelExpr::Any(_) => write!(f, "%"),
            LabelExpr::Not(e, _) => {
                write!(f, "!")?;
                part(e, 3, f)
            }
            LabelExpr::And(items) | LabelExpr::Or(items, _) => {
                let (symbol, level) = match self {
                    LabelExpr::And(_) => ("&", 2),
                    _ => ("|", 1),
                };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, "{symbol}")?;
                    }
                    // Left-associative: a group of the same operator on the right keeps its
                    // parentheses only where the meaning would change (never, for & and |).
                    part(item, level, f)?;
                }
                Ok(())
            }
        }
    }
}

impl Subquery {
    /// `Clause::visit` over every clause of every query.
    pub fn visit<'a>(&'a self, expr: &mut dyn FnMut(&'a Expr), var: &mut dyn FnMut(&'a Ident)) {
        for q in &self.queries {
            for c in &q.clauses {
                c.visit(expr, var);
            }
        }
    }
}

/// A Unicode normalization form, of `normalize()` and `IS NORMALIZED`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormalForm {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

impl NormalForm {
    /// Every form, in the order messages list them.
    pub const ALL: [NormalForm; 4] = [
        NormalForm::Nfc,
        NormalForm::Nfd,
        NormalForm::Nfkc,
        NormalForm::Nfkd,
    ];

    /// The form's name as Cypher writes it: `NFC`, `NFD`, `NFKC`, `NFKD`.
    pub fn name(self) -> &'static str {
        match self {
            NormalForm::Nfc => "NFC",
            NormalForm::Nfd => "NFD",
            NormalForm::Nfkc => "NFKC",
            NormalForm::Nfkd => "NFKD",
        }
    }

    /// The form a name denotes, in upper case exactly, as Neo4j takes a form given as a string.
    pub fn from_name(name: &str) -> Option<NormalForm> {
        NormalForm::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A type of a type predicate (`x IS :: INTEGER NOT NULL`), by Neo4j 5's names.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueType {
    pub kind: TypeKind,
    /// `NOT NULL` (or `!`): null is not of the type.
    pub not_null: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// Every value (`ANY`, `ANY VALUE`).
    Any,
    /// No value at all, not even null.
    Nothing,
    /// Null alone.
    Null,
    Boolean,
    String,
    Integer,
    Float,
    Date,
    LocalTime,
    ZonedTime,
    LocalDateTime,
    ZonedDateTime,
    Duration,
    Point,
    Node,
    Relationship,
    Path,
    Map,
    /// What a property can hold: a boolean, string, number, temporal value or point, or a list
    /// of non-null values of one of those types.
    PropertyValue,
    /// A list each of whose elements is of the type.
    List(Box<ValueType>),
    /// A closed union: a value of any of the types (`INTEGER | FLOAT`, `ANY<INTEGER | FLOAT>`).
    Union(Vec<ValueType>),
}

impl ValueType {
    /// Whether null is of the type: unless NOT NULL, every type but NOTHING holds it (a union
    /// when its parts do).
    pub fn holds_null(&self) -> bool {
        !self.not_null
            && match &self.kind {
                TypeKind::Union(parts) => parts.iter().any(ValueType::holds_null),
                TypeKind::Nothing => false,
                _ => true,
            }
    }
}

/// The type as Neo4j writes it: `INTEGER NOT NULL`, `LIST<STRING>`, `INTEGER | FLOAT`.
impl std::fmt::Display for ValueType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match &self.kind {
            TypeKind::Any => "ANY",
            TypeKind::Nothing => "NOTHING",
            TypeKind::Null => "NULL",
            TypeKind::Boolean => "BOOLEAN",
            TypeKind::String => "STRING",
            TypeKind::Integer => "INTEGER",
            TypeKind::Float => "FLOAT",
            TypeKind::Date => "DATE",
            TypeKind::LocalTime => "LOCAL TIME",
            TypeKind::ZonedTime => "ZONED TIME",
            TypeKind::LocalDateTime => "LOCAL DATETIME",
            TypeKind::ZonedDateTime => "ZONED DATETIME",
            TypeKind::Duration => "DURATION",
            TypeKind::Point => "POINT",
            TypeKind::Node => "NODE",
            TypeKind::Relationship => "RELATIONSHIP",
            TypeKind::Path => "PATH",
            TypeKind::Map => "MAP",
            TypeKind::PropertyValue => "PROPERTY VALUE",
            TypeKind::List(inner) => {
                write!(f, "LIST<{inner}>")?;
                ""
            }
            TypeKind::Union(parts) => {
                let parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
                if self.not_null {
                    write!(f, "ANY<{}>", parts.join(" | "))?;
                } else {
                    write!(f, "{}", parts.join(" | "))?;
                }
                ""
            }
        };
        write!(f, "{name}")?;
        if self.not_null {
            write!(f, " NOT NULL")?;
        }
        Ok(())
    }
}
