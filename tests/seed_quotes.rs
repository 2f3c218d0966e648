//! Checks the seed graph in `data/seed.cypher`:
//!
//! * every `quote` (and `context`) string is an exact substring of the article it comes from;
//! * every relationship statement carries `quote` and `source`, and its type is UPPER_SNAKE_CASE;
//! * every node has `name`, `kind` and `aliases`, the label `Actor` plus exactly one of
//!   `Country`, `Organization`, `Person`, `Group` (matching `kind`), and names are unique;
//! * every relationship statement matches actors that the file creates;
//! * a relationship's `date` is a Date (`date('2020-05')`), not a string.
//!
//! The test reads the file with its own small tokenizer (std only), so it does not depend on
//! the rest of the crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ARTICLE: &str = "../shared/seed/article.txt";
const KIND_LABELS: [(&str, &str); 4] = [
    ("Country", "country"),
    ("Organization", "organization"),
    ("Person", "person"),
    ("Group", "group"),
];

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed_text() -> String {
    let path = crate_root().join("data/seed.cypher");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

// ------------------------------------------------------------------------------ tokenizer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Int(i64),
    Punct(char),
    /// End of a statement (`;`).
    Semi,
}

/// A token with the 1-based line it starts on.
#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '\'' {
            let start = line;
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("line {start}: unterminated string")),
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some('\\') => match chars.get(i + 1) {
                        Some('\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\\') => {
                            s.push('\\');
                            i += 2;
                        }
                        other => {
                            return Err(format!(
                                "line {line}: unsupported escape \\{}",
                                other.map(|c| c.to_string()).unwrap_or_default()
                            ))
                        }
                    },
                    Some('\n') => {
                        return Err(format!(
                            "line {start}: string runs past the end of the line"
                        ))
                    }
                    Some(&ch) => {
                        s.push(ch);
                        i += 1;
                    }
                }
            }
            out.push(Token {
                tok: Tok::Str(s),
                line: start,
            });
        } else if c.is_ascii_digit() {
            let mut n = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                n.push(chars[i]);
                i += 1;
            }
            let v = n
                .parse()
                .map_err(|e| format!("line {line}: bad integer {n}: {e}"))?;
            out.push(Token {
                tok: Tok::Int(v),
                line,
            });
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                s.push(chars[i]);
                i += 1;
            }
            out.push(Token {
                tok: Tok::Ident(s),
                line,
            });
        } else if c == ';' {
            out.push(Token {
                tok: Tok::Semi,
                line,
            });
            i += 1;
        } else if "()[]{}:,->".contains(c) {
            out.push(Token {
                tok: Tok::Punct(c),
                line,
            });
            i += 1;
        } else {
            return Err(format!("line {line}: unexpected character {c:?}"));
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------------------ parser

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Str(String),
    Int(i64),
    List(Vec<Val>),
    /// A temporal value: `date('2020-05')` as ("date", "2020-05").
    Temporal(String, String),
}

type Props = Vec<(String, Val)>;

#[derive(Debug)]
struct Node {
    line: usize,
    labels: Vec<String>,
    props: Props,
}

#[derive(Debug)]
struct Rel {
    line: usize,
    from: String,
    to: String,
    rel_type: String,
    props: Props,
}

#[derive(Debug)]
enum Stmt {
    Node(Node),
    Rel(Rel),
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn line(&self) -> usize {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or(0, |t| t.line)
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn next(&mut self) -> Result<Tok, String> {
        let t = self
            .toks
            .get(self.pos)
            .map(|t| t.tok.clone())
            .ok_or_else(|| "unexpected end of file".to_string())?;
        self.pos += 1;
        Ok(t)
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!(
            "line {}: expected {what}, found {:?}",
            self.line(),
            self.peek()
        ))
    }

    fn punct(&mut self, c: char) -> Result<(), String> {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(&format!("'{c}'"))
        }
    }

    fn ident(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(Tok::Ident(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => self.err("a name"),
        }
    }

    fn keyword(&mut self, kw: &str) -> Result<(), String> {
        match self.peek() {
            Some(Tok::Ident(s)) if s.eq_ignore_ascii_case(kw) => {
                self.pos += 1;
                Ok(())
            }
            _ => self.err(kw),
        }
    }

    fn value(&mut self) -> Result<Val, String> {
        match self.next()? {
            Tok::Str(s) => Ok(Val::Str(s)),
            Tok::Int(n) => Ok(Val::Int(n)),
            Tok::Ident(f)
                if [
                    "date",
                    "datetime",
                    "localdatetime",
                    "time",
                    "localtime",
                    "duration",
                ]
                .contains(&f.as_str()) =>
            {
                self.punct('(')?;
                let text = match self.next()? {
                    Tok::Str(s) => s,
                    t => {
                        return Err(format!(
                            "line {}: expected the text of a {f}, found {t:?}",
                            self.line()
                        ))
                    }
                };
                self.punct(')')?;
                Ok(Val::Temporal(f, text))
            }
            Tok::Punct('[') => {
                let mut items = Vec::new();
                if self.peek() == Some(&Tok::Punct(']')) {
                    self.pos += 1;
                    return Ok(Val::List(items));
                }
                loop {
                    items.push(self.value()?);
                    match self.next()? {
                        Tok::Punct(',') => {}
                        Tok::Punct(']') => return Ok(Val::List(items)),
                        t => {
                            return Err(format!(
                                "line {}: expected ',' or ']', found {t:?}",
                                self.line()
                            ))
                        }
                    }
                }
            }
            t => Err(format!(
                "line {}: expected a value, found {t:?}",
                self.line()
            )),
        }
    }

    fn props(&mut self) -> Result<Props, String> {
        self.punct('{')?;
        let mut props = Vec::new();
        if self.peek() == Some(&Tok::Punct('}')) {
            self.pos += 1;
            return Ok(props);
        }
        loop {
            let key = self.ident()?;
            self.punct(':')?;
            let v = self.value()?;
            if props.iter().any(|(k, _)| *k == key) {
                return Err(format!("line {}: property {key} given twice", self.line()));
            }
            props.push((key, v));
            match self.next()? {
                Tok::Punct(',') => {}
                Tok::Punct('}') => return Ok(props),
                t => {
                    return Err(format!(
                        "line {}: expected ',' or '}}', found {t:?}",
                        self.line()
                    ))
                }
            }
        }
    }

    /// `(var:Actor {name: '...'})`, returning (var, name).
    fn match_node(&mut self) -> Result<(String, String), String> {
        self.punct('(')?;
        let var = self.ident()?;
        self.punct(':')?;
        let label = self.ident()?;
        if label != "Actor" {
            return self.err("label Actor in MATCH");
        }
        let props = self.props()?;
        self.punct(')')?;
        match props.as_slice() {
            [(k, Val::Str(name))] if k == "name" => Ok((var, name.clone())),
            _ => self.err("exactly {name: '...'} in MATCH"),
        }
    }

    fn statement(&mut self) -> Result<Stmt, String> {
        let line = self.line();
        let first = self.ident()?;
        let stmt = if first.eq_ignore_ascii_case("CREATE") {
            self.punct('(')?;
            if let Some(Tok::Ident(_)) = self.peek() {
                self.pos += 1;
            }
            let mut labels = Vec::new();
            while self.peek() == Some(&Tok::Punct(':')) {
                self.pos += 1;
                labels.push(self.ident()?);
            }
            let props = self.props()?;
            self.punct(')')?;
            Stmt::Node(Node {
                line,
                labels,
                props,
            })
        } else if first.eq_ignore_ascii_case("MATCH") {
            let (va, from) = self.match_node()?;
            self.punct(',')?;
            let (vb, to) = self.match_node()?;
            self.keyword("CREATE")?;
            self.punct('(')?;
            if self.ident()? != va {
                return self.err(&format!("the start variable {va}"));
            }
            self.punct(')')?;
            self.punct('-')?;
            self.punct('[')?;
            self.punct(':')?;
            let rel_type = self.ident()?;
            let props = self.props()?;
            self.punct(']')?;
            self.punct('-')?;
            self.punct('>')?;
            self.punct('(')?;
            if self.ident()? != vb {
                return self.err(&format!("the end variable {vb}"));
            }
            self.punct(')')?;
            Stmt::Rel(Rel {
                line,
                from,
                to,
                rel_type,
                props,
            })
        } else {
            return Err(format!(
                "line {line}: a statement must start with CREATE or MATCH"
            ));
        };
        match self.next()? {
            Tok::Semi => Ok(stmt),
            t => Err(format!("line {}: expected ';', found {t:?}", self.line())),
        }
    }
}

fn parse(src: &str) -> Vec<Stmt> {
    let toks = tokenize(src).unwrap_or_else(|e| panic!("data/seed.cypher: {e}"));
    let mut p = Parser { toks, pos: 0 };
    let mut out = Vec::new();
    while p.peek().is_some() {
        out.push(
            p.statement()
                .unwrap_or_else(|e| panic!("data/seed.cypher: {e}")),
        );
    }
    out
}

fn get<'a>(props: &'a Props, key: &str) -> Option<&'a Val> {
    props.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn get_str<'a>(props: &'a Props, key: &str) -> Option<&'a str> {
    match get(props, key) {
        Some(Val::Str(s)) => Some(s),
        _ => None,
    }
}

fn is_upper_snake(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && !s.ends_with('_')
        && !s.contains("__")
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Shows invisible and non-ASCII whitespace so that a near miss can be seen in the message.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_whitespace() && c != ' ' {
                format!("\\u{{{:04x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// For a string that is not in the article: where its longest prefix found in the article stops,
/// and which characters differ there.
fn near_miss(article: &str, q: &str) -> String {
    let ends: Vec<usize> = q.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    let Some(n) = ends.iter().rposition(|&e| article.contains(&q[..e])) else {
        return "no prefix found in the article".to_string();
    };
    let prefix = &q[..ends[n]];
    let here = q[prefix.len()..].chars().next();
    let there = article
        .match_indices(prefix)
        .filter_map(|(i, _)| article[i + prefix.len()..].chars().next())
        .map(|c| format!("{c:?}"))
        .collect::<Vec<_>>()
        .join(" or ");
    format!(
        "matches up to character {}, then has {here:?} where the article has {there}",
        n + 1
    )
}

/// Every `quote` string anywhere in the file, found by a scan of the tokens (independent of the
/// statement parser), with its line.
fn all_quotes(src: &str) -> Vec<(usize, String)> {
    let toks = tokenize(src).unwrap_or_else(|e| panic!("data/seed.cypher: {e}"));
    toks.windows(3)
        .filter_map(|w| match (&w[0].tok, &w[1].tok, &w[2].tok) {
            (Tok::Ident(k), Tok::Punct(':'), Tok::Str(s)) if k == "quote" => {
                Some((w[2].line, s.clone()))
            }
            _ => None,
        })
        .collect()
}

// ------------------------------------------------------------------------------ tests

#[test]
fn seed_quotes_are_in_the_article() {
    let src = seed_text();
    let stmts = parse(&src);
    let rel_count = stmts.iter().filter(|s| matches!(s, Stmt::Rel(_))).count();
    let quotes = all_quotes(&src);
    assert!(
        quotes.len() > 10 && quotes.len() >= rel_count,
        "found {} quote strings for {rel_count} relationship statements",
        quotes.len()
    );

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(ARTICLE);
    let article = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) => {
            eprintln!("skipped: {ARTICLE} not found (the article ships with CI only)");
            return;
        }
    };

    // `context` strings are sentences of the article too.
    let mut checked = quotes.clone();
    for stmt in &stmts {
        if let Stmt::Rel(r) = stmt {
            if let Some(c) = get_str(&r.props, "context") {
                checked.push((r.line, c.to_string()));
            }
        }
    }
    let missing: Vec<String> = checked
        .iter()
        .filter(|(_, q)| q.trim().is_empty() || !article.contains(q.as_str()))
        .map(|(line, q)| {
            format!(
                "  line {line}: '{}'\n    ({})",
                visible(q),
                near_miss(&article, q)
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} quoted strings are not found exactly in {ARTICLE}:\n{}",
        missing.len(),
        checked.len(),
        missing.join("\n")
    );
}

#[test]
fn seed_statements_are_well_formed() {
    let src = seed_text();
    let stmts = parse(&src);
    let mut problems = Vec::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut node_count = 0;
    let mut rel_count = 0;

    for stmt in &stmts {
        let Stmt::Node(n) = stmt else { continue };
        node_count += 1;
        let line = n.line;
        let name = get_str(&n.props, "name");
        match name {
            Some(name) if !name.trim().is_empty() => {
                if let Some(first) = names.insert(name.to_string(), line) {
                    problems.push(format!(
                        "line {line}: name '{name}' already used on line {first}"
                    ));
                }
            }
            _ => problems.push(format!("line {line}: node without a string `name`")),
        }
        if !n.labels.iter().any(|l| l == "Actor") {
            problems.push(format!("line {line}: node without the label Actor"));
        }
        let kinds: Vec<&(&str, &str)> = KIND_LABELS
            .iter()
            .filter(|(label, _)| n.labels.iter().any(|l| l == label))
            .collect();
        let unknown: Vec<&String> = n
            .labels
            .iter()
            .filter(|l| *l != "Actor" && !KIND_LABELS.iter().any(|(k, _)| k == l))
            .collect();
        if kinds.len() != 1 || !unknown.is_empty() || n.labels.len() != 2 {
            problems.push(format!(
                "line {line}: labels {:?}: need Actor plus exactly one of Country, Organization, Person, Group",
                n.labels
            ));
        }
        match get_str(&n.props, "kind") {
            None => problems.push(format!("line {line}: node without a string `kind`")),
            Some(kind) => {
                if let [(label, expected)] = kinds.as_slice() {
                    if kind != *expected {
                        problems.push(format!(
                            "line {line}: kind '{kind}' does not match label {label}"
                        ));
                    }
                }
            }
        }
        match get(&n.props, "aliases") {
            Some(Val::List(items)) if items.iter().all(|v| matches!(v, Val::Str(_))) => {}
            _ => problems.push(format!("line {line}: `aliases` must be a list of strings")),
        }
    }

    let mut pairs = BTreeSet::new();
    for stmt in &stmts {
        let Stmt::Rel(r) = stmt else { continue };
        rel_count += 1;
        let line = r.line;
        if !is_upper_snake(&r.rel_type) {
            problems.push(format!(
                "line {line}: relationship type {} is not UPPER_SNAKE_CASE",
                r.rel_type
            ));
        }
        for key in ["quote", "source"] {
            if get_str(&r.props, key).is_none_or(|s| s.trim().is_empty()) {
                problems.push(format!(
                    "line {line}: {} relationship without a string `{key}`",
                    r.rel_type
                ));
            }
        }
        if get_str(&r.props, "allegation").is_none() && get_str(&r.props, "topic").is_none() {
            problems.push(format!(
                "line {line}: {} relationship without `allegation` or `topic`",
                r.rel_type
            ));
        }
        // A date is a Date: `date('2020-05')` or `date('2020-05-17')`, not a string.
        match get(&r.props, "date") {
            None => {}
            Some(Val::Temporal(f, text))
                if f == "date"
                    && matches!(text.len(), 7 | 10)
                    && text.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {}
            Some(other) => problems.push(format!(
                "line {line}: `date` must be date('YYYY-MM[-DD]'), not {other:?}"
            )),
        }
        for end in [&r.from, &r.to] {
            if !names.contains_key(end) {
                problems.push(format!("line {line}: no actor named '{end}' is created"));
            }
        }
        pairs.insert((r.from.clone(), r.rel_type.clone(), r.to.clone()));
    }

    assert!(
        problems.is_empty(),
        "data/seed.cypher:\n{}",
        problems.join("\n")
    );
    assert!(node_count >= 5, "only {node_count} actors");
    assert!(rel_count > 10, "only {rel_count} relationships");
    for (from, ty, to) in [
        ("FBI", "ACCUSES", "Russia"),
        ("United States", "ACCUSES", "Russia"),
        ("United Kingdom", "ACCUSES", "Russia"),
        ("Germany", "ACCUSES", "Russia"),
        ("Russia", "DENIES", "FBI"),
        ("Russia", "PROPOSES", "United States"),
    ] {
        assert!(
            pairs.contains(&(from.to_string(), ty.to_string(), to.to_string())),
            "missing ({from})-[:{ty}]->({to})"
        );
    }
}

#[test]
fn tokenizer_unescapes_strings() {
    let toks = tokenize(r"quote: 'it\'s a \\ test' // comment with ' in it").unwrap();
    let strs: Vec<&Tok> = toks
        .iter()
        .map(|t| &t.tok)
        .filter(|t| matches!(t, Tok::Str(_)))
        .collect();
    assert_eq!(strs, vec![&Tok::Str(r"it's a \ test".to_string())]);
    assert!(tokenize("'unterminated").is_err());
    assert!(tokenize(r"'bad \n escape'").is_err());
}
