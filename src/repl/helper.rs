//! The line editor's helper: completion by context, hints from the history, syntax
//! highlighting with bracket matching, and the validator that decides when Enter submits.
//! It reads a snapshot of the graph's names (`Catalog`) and the statement typed so far; it
//! never runs queries and never writes to the terminal itself.

use super::commands::{self, Arg, CLAUSES, COMMANDS};
use super::lex::{self, Kind, Token, FUNCTIONS, KEYWORDS};
use crate::output::literal::cypher_name;
use crate::Database;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// What completion knows of the graph: the names in use, and short string values by key.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub labels: Vec<String>,
    pub types: Vec<String>,
    pub keys: Vec<String>,
    /// String property values of nodes, by key (for completing `{name: '...`).
    pub values: BTreeMap<String, BTreeSet<String>>,
    pub params: Vec<String>,
}

/// At most this many values are kept per key.
const MAX_VALUES: usize = 5000;
/// Longer strings are not offered.
const MAX_VALUE_LEN: usize = 120;

impl Catalog {
    pub fn of(db: &Database) -> Catalog {
        let g = &db.graph;
        let mut values: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for id in g.nodes() {
            let Some(node) = g.node(id) else { continue };
            for (key, value) in &node.props {
                if let crate::Value::String(s) = value {
                    if s.len() <= MAX_VALUE_LEN && !s.contains('\n') {
                        let set = values.entry(g.name(*key).to_string()).or_default();
                        if set.len() < MAX_VALUES {
                            set.insert(s.to_string());
                        }
                    }
                }
            }
        }
        let mut params: Vec<String> = db.params.keys().cloned().collect();
        params.sort();
        Catalog {
            labels: g.labels().into_iter().map(|(n, _)| n.to_string()).collect(),
            types: g
                .rel_types()
                .into_iter()
                .map(|(n, _)| n.to_string())
                .collect(),
            keys: g
                .property_keys()
                .into_iter()
                .map(|(n, _)| n.to_string())
                .collect(),
            values,
            params,
        }
    }
}

/// What the word under the cursor is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spot {
    /// A `:command` name.
    Command,
    /// An argument of a command.
    CommandArg(&'static str),
    /// A keyword or function name.
    Keyword,
    Label,
    RelType,
    PropertyKey,
    /// Inside a string that is the value of this key; `quote` opened it.
    Value {
        key: String,
        quote: char,
    },
    Param,
    /// Nothing to complete (in a comment, a closed string...).
    Nothing,
}

/// The context of the cursor at `pos` in `text` (the whole statement so far), and where the
/// word being completed starts.
pub fn context(text: &str, pos: usize) -> (usize, Spot) {
    let before = &text[..pos];
    let trimmed = before.trim_start();
    if let Some(body) = trimmed.strip_prefix(':') {
        let start = pos - body.len();
        return match body.find(char::is_whitespace) {
            None => (start - 1, Spot::Command),
            Some(i) => {
                let name = &body[..i];
                let arg_start = before.rfind(char::is_whitespace).map_or(pos, |j| j + 1);
                match commands::find(name) {
                    Some(c) => (arg_start, Spot::CommandArg(c.name)),
                    None => (pos, Spot::Nothing),
                }
            }
        };
    }
    let tokens = lex::tokenize(before);
    let Some(last) = tokens.last().copied() else {
        return (pos, Spot::Keyword);
    };
    match last.kind {
        Kind::Str { closed: false } => {
            let quote = before[last.start..].chars().next().unwrap_or('\'');
            let key = value_key(before, &tokens[..tokens.len() - 1]);
            return match key {
                Some(key) => (last.start + 1, Spot::Value { key, quote }),
                None => (pos, Spot::Nothing),
            };
        }
        Kind::Comment { closed } if !closed || before[last.start..].starts_with("//") => {
            return (pos, Spot::Nothing)
        }
        Kind::Str { .. } | Kind::Quoted { .. } | Kind::Number => return (pos, Spot::Nothing),
        Kind::Param => return (last.start + 1, Spot::Param),
        _ => {}
    }
    let (start, rest) = if last.kind == Kind::Word {
        (last.start, &tokens[..tokens.len() - 1])
    } else {
        (pos, &tokens[..])
    };
    let prev = rest.iter().rev().find(|t| t.kind != Kind::Space);
    let Some(prev) = prev else {
        return (start, Spot::Keyword);
    };
    let open = lex::open_brackets(before, rest);
    let innermost = open.last().map(|&(_, c)| c);
    let ctx = match (prev.kind, prev.text(before)) {
        (Kind::Punct, "$") => Spot::Param,
        (Kind::Punct, ":") => match innermost {
            Some('{') => Spot::Keyword,
            Some('[') => Spot::RelType,
            _ => Spot::Label,
        },
        (Kind::Punct, "|") if innermost == Some('[') => Spot::RelType,
        // Inside a label expression: `(n:A&`, `(n:!`, `[:!`.
        (Kind::Punct, "&" | "!") => match innermost {
            Some('[') => Spot::RelType,
            _ => Spot::Label,
        },
        (Kind::Punct, ".") => {
            let owner = rest.iter().rev().filter(|t| t.kind != Kind::Space).nth(1);
            match owner {
                Some(t) if matches!(t.kind, Kind::Word | Kind::Quoted { .. }) => Spot::PropertyKey,
                Some(t) if t.kind == Kind::Punct && matches!(t.text(before), ")" | "]") => {
                    Spot::PropertyKey
                }
                _ => Spot::Nothing,
            }
        }
        (Kind::Punct, "{" | ",") if innermost == Some('{') => Spot::PropertyKey,
        _ => Spot::Keyword,
    };
    (start, ctx)
}

/// For a string being typed, the property key it is the value of: `key: '`, `key = '`,
/// `x.key = '`, `x.key <> '`, `x.key STARTS WITH '`...
fn value_key(text: &str, tokens: &[Token]) -> Option<String> {
    let mut it = tokens.iter().rev().filter(|t| t.kind != Kind::Space);
    let mut op = it.next()?;
    // `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `IN [`
    if op.kind == Kind::Word {
        let w = op.text(text).to_ascii_uppercase();
        if w == "WITH" {
            op = it.next()?;
        }
        if !matches!(
            op.text(text).to_ascii_uppercase().as_str(),
            "STARTS" | "ENDS" | "CONTAINS"
        ) {
            return None;
        }
    } else if op.text(text) == "[" || op.text(text) == "," {
        // `name IN ['a', '` : walk back to the `[` and its `IN`.
        let mut depth = 0;
        loop {
            let t = op.text(text);
            if op.kind == Kind::Punct && t == "]" {
                depth += 1;
            } else if op.kind == Kind::Punct && t == "[" {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            op = it.next()?;
        }
        let kw = it.next()?;
        if !kw.text(text).eq_ignore_ascii_case("IN") {
            return None;
        }
    } else {
        let t = op.text(text);
        if !matches!(t, ":" | "=" | ">" | "<") {
            return None;
        }
        if matches!(t, ">" | "<" | "=") {
            // `<>` is two tokens; `=` may follow `<` or `>`.
            let save = it.clone();
            if let Some(p) = it.next() {
                if !(p.kind == Kind::Punct && matches!(p.text(text), "<" | ">")) {
                    it = save;
                }
            }
        }
    }
    let key = it.next()?;
    match key.kind {
        Kind::Word => Some(key.text(text).to_string()),
        Kind::Quoted { closed: true } => Some(key.text(text).trim_matches('`').replace("``", "`")),
        _ => None,
    }
}

/// Names starting with `prefix` (ignoring case), as completion pairs.
fn matching<'a>(
    names: impl IntoIterator<Item = &'a str>,
    prefix: &str,
    show: impl Fn(&str) -> String,
) -> Vec<Pair> {
    let lower = prefix.to_lowercase();
    let mut out: Vec<Pair> = names
        .into_iter()
        .filter(|n| n.to_lowercase().starts_with(&lower))
        .map(|n| {
            let r = show(n);
            Pair {
                display: r.clone(),
                replacement: r,
            }
        })
        .collect();
    out.dedup_by(|a, b| a.replacement == b.replacement);
    out
}

/// The completions for the cursor at `pos` in `text` (the whole statement so far).
pub fn complete(catalog: &Catalog, text: &str, pos: usize) -> (usize, Vec<Pair>) {
    let (start, ctx) = context(text, pos);
    let prefix = &text[start..pos];
    let pairs = match ctx {
        Spot::Command => matching(
            COMMANDS.iter().map(|c| c.name),
            prefix.trim_start_matches(':'),
            |n| format!(":{n}"),
        ),
        Spot::CommandArg(name) => match commands::find(name).map(|c| c.arg) {
            Some(Arg::Words(words)) => matching(words.iter().copied(), prefix, str::to_string),
            Some(Arg::Topic) => {
                let topics = COMMANDS.iter().map(|c| c.name).chain(
                    CLAUSES
                        .iter()
                        .filter(|c| !c.name.contains(' '))
                        .map(|c| c.name),
                );
                matching(topics, prefix, str::to_string)
            }
            Some(Arg::Param) => matching(
                catalog.params.iter().map(String::as_str),
                prefix,
                str::to_string,
            ),
            Some(Arg::File) => {
                let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
                let line = &text[line_start..pos];
                let (s, pairs) = FilenameCompleter::new()
                    .complete_path(line, line.len())
                    .unwrap_or((line.len(), Vec::new()));
                return (line_start + s, pairs);
            }
            Some(Arg::None) | None => Vec::new(),
        },
        Spot::Keyword => {
            let lower = !prefix.is_empty() && prefix.chars().all(|c| !c.is_uppercase());
            let mut pairs = matching(KEYWORDS.iter().copied(), prefix, |k| {
                if lower {
                    k.to_lowercase()
                } else {
                    k.to_string()
                }
            });
            pairs.extend(matching(FUNCTIONS.iter().copied(), prefix, |f| {
                format!("{f}(")
            }));
            pairs
        }
        Spot::Label => matching(
            catalog.labels.iter().map(String::as_str),
            prefix,
            cypher_name,
        ),
        Spot::RelType => matching(
            catalog.types.iter().map(String::as_str),
            prefix,
            cypher_name,
        ),
        Spot::PropertyKey => matching(catalog.keys.iter().map(String::as_str), prefix, cypher_name),
        Spot::Param => matching(
            catalog.params.iter().map(String::as_str),
            prefix,
            cypher_name,
        ),
        Spot::Value { key, quote } => {
            let closed = text[pos..].starts_with(quote);
            let values = catalog
                .values
                .get(&key)
                .into_iter()
                .flatten()
                .map(String::as_str);
            let mut pairs = matching(values, prefix, |v| {
                let escaped = v
                    .replace('\\', "\\\\")
                    .replace(quote, &format!("\\{quote}"));
                if closed {
                    escaped
                } else {
                    format!("{escaped}{quote}")
                }
            });
            for p in &mut pairs {
                p.display = p.display.trim_end_matches(quote).to_string();
            }
            pairs
        }
        Spot::Nothing => Vec::new(),
    };
    (start, pairs)
}

/// The SGR codes of the highlighter.
mod style {
    pub const KEYWORD: &str = "1;34";
    pub const FUNCTION: &str = "36";
    pub const STRING: &str = "32";
    pub const NUMBER: &str = "35";
    pub const COMMENT: &str = "2";
    pub const LABEL: &str = "33";
    pub const PARAM: &str = "36";
    pub const COMMAND: &str = "1;36";
    pub const MATCHING: &str = "1;7";
    pub const UNMATCHED: &str = "1;31";
    pub const HINT: &str = "2";
}

/// `text[start..end]` of the line shown, in colour.
fn push_styled(out: &mut String, text: &str, sgr: Option<&str>) {
    match sgr {
        Some(code) if !text.is_empty() => {
            out.push_str("\x1b[");
            out.push_str(code);
            out.push('m');
            out.push_str(text);
            out.push_str("\x1b[0m");
        }
        _ => out.push_str(text),
    }
}

/// Highlight `line`, the last part of `full` (which starts with the lines typed before it),
/// with the cursor at `cursor` (an offset in `full`). The result has the line's width.
pub fn highlight(full: &str, line_start: usize, cursor: usize) -> String {
    let line = &full[line_start..];
    if full.trim_start().starts_with(':') {
        let mut out = String::new();
        let lead = line.len() - line.trim_start().len();
        let name_end = line[lead..]
            .find(char::is_whitespace)
            .map_or(line.len(), |i| lead + i);
        out.push_str(&line[..lead]);
        push_styled(&mut out, &line[lead..name_end], Some(style::COMMAND));
        out.push_str(&line[name_end..]);
        return out;
    }
    let tokens = lex::tokenize(full);
    let pairs = lex::bracket_pairs(full, &tokens);
    // The bracket just before the cursor, else the one under it, and its partner.
    let mut marked: Vec<usize> = Vec::new();
    for at in [cursor.checked_sub(1), Some(cursor)].into_iter().flatten() {
        if let Some(&(a, Some(b))) = pairs.iter().find(|(a, _)| *a == at) {
            marked = vec![a, b];
            break;
        }
    }
    let unmatched: Vec<usize> = pairs
        .iter()
        .filter(|(a, b)| b.is_none() && matches!(full.as_bytes()[*a], b')' | b']' | b'}'))
        .map(|(a, _)| *a)
        .collect();

    let mut out = String::with_capacity(line.len() * 2);
    let mut stack: Vec<char> = Vec::new();
    let mut prev: Option<Token> = None;
    for (i, t) in tokens.iter().enumerate() {
        let text = t.text(full);
        let sgr = match t.kind {
            Kind::Comment { .. } => Some(style::COMMENT),
            Kind::Str { .. } => Some(style::STRING),
            Kind::Number => Some(style::NUMBER),
            Kind::Param => Some(style::PARAM),
            Kind::Word | Kind::Quoted { .. } => {
                let after_colon = prev.is_some_and(|p| {
                    let pt = p.text(full);
                    (pt == ":" && stack.last() != Some(&'{'))
                        || (pt == "|" && stack.last() == Some(&'['))
                });
                let call = tokens[i + 1..]
                    .iter()
                    .find(|n| n.kind != Kind::Space)
                    .is_some_and(|n| n.text(full) == "(");
                if after_colon {
                    Some(style::LABEL)
                } else if t.kind == Kind::Word && lex::is_keyword(text) {
                    Some(style::KEYWORD)
                } else if t.kind == Kind::Word && call {
                    Some(style::FUNCTION)
                } else {
                    None
                }
            }
            Kind::Punct => {
                let c = text.chars().next().unwrap_or(' ');
                if lex::closing(c).is_some() {
                    stack.push(c);
                } else if matches!(c, ')' | ']' | '}') {
                    stack.pop();
                }
                if marked.contains(&t.start) {
                    Some(style::MATCHING)
                } else if unmatched.contains(&t.start) {
                    Some(style::UNMATCHED)
                } else {
                    None
                }
            }
            Kind::Space => None,
        };
        if t.kind != Kind::Space {
            prev = Some(*t);
        }
        if t.end <= line_start {
            continue;
        }
        let from = t.start.max(line_start);
        push_styled(&mut out, &full[from..t.end], sgr);
    }
    out
}

/// The helper the line editor calls.
pub struct ReplHelper {
    pub catalog: Rc<RefCell<Catalog>>,
    /// The lines of the statement typed before the current one (with their newlines).
    pub pending: Rc<RefCell<String>>,
    pub color: bool,
    hinter: HistoryHinter,
}

impl ReplHelper {
    pub fn new(
        catalog: Rc<RefCell<Catalog>>,
        pending: Rc<RefCell<String>>,
        color: bool,
    ) -> ReplHelper {
        ReplHelper {
            catalog,
            pending,
            color,
            hinter: HistoryHinter::new(),
        }
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let pending = self.pending.borrow();
        let full = format!("{pending}{line}");
        let (start, pairs) = complete(&self.catalog.borrow(), &full, pending.len() + pos);
        // A word that began on an earlier line (a string spanning lines) cannot be replaced.
        match start.checked_sub(pending.len()) {
            Some(start) if start <= pos => Ok((start, pairs)),
            _ => Ok((pos, Vec::new())),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    /// Hints come from the history, for the first line of a statement, and only in colour
    /// (without it a hint would look like typed text).
    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        if !self.color || !self.pending.borrow().is_empty() {
            return None;
        }
        self.hinter.hint(line, pos, ctx)
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        if !self.color {
            return Cow::Borrowed(line);
        }
        let pending = self.pending.borrow();
        let full = format!("{pending}{line}");
        Cow::Owned(highlight(&full, pending.len(), pending.len() + pos))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(format!("\x1b[{}m{hint}\x1b[0m", style::HINT))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        // Bracket matching depends on the cursor, so every change redraws.
        self.color
    }
}

impl Validator for ReplHelper {
    /// Enter submits a `:` command, a blank line, or a complete statement. A single line
    /// that leaves the statement incomplete is submitted too: the shell keeps it and asks
    /// for the next line on the `...>` prompt. A buffer of several lines (a statement
    /// recalled from the history, or pasted) that is still incomplete stays in the editor,
    /// Enter adding a line to it.
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        let input = ctx.input();
        let pending = self.pending.borrow();
        if input.trim().is_empty() || (pending.is_empty() && input.trim_start().starts_with(':')) {
            return Ok(ValidationResult::Valid(None));
        }
        let full = format!("{pending}{input}");
        if crate::syntax::is_complete(&full) || !input.contains('\n') {
            Ok(ValidationResult::Valid(None))
        } else {
            Ok(ValidationResult::Incomplete)
        }
    }
}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let mut c = Catalog {
            labels: vec!["Actor".into(), "Country".into(), "Person".into()],
            types: vec!["ACCUSES".into(), "DENIES".into()],
            keys: vec!["allegation".into(), "name".into(), "kind".into()],
            params: vec!["who".into()],
            ..Catalog::default()
        };
        c.values.insert(
            "name".into(),
            [
                "Russia".to_string(),
                "Rus'".to_string(),
                "Germany".to_string(),
            ]
            .into(),
        );
        c
    }

    fn replacements(text: &str) -> (usize, Vec<String>) {
        let (start, pairs) = complete(&catalog(), text, text.len());
        (start, pairs.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn contexts() {
        assert_eq!(context("MATCH (a:Ac", 11), (9, Spot::Label));
        assert_eq!(context("MATCH (a)-[r:AC", 15), (13, Spot::RelType));
        assert_eq!(context("MATCH (a)-[r:ACCUSES|DE", 23), (21, Spot::RelType));
        assert_eq!(
            context("MATCH (a) RETURN a.na", 21),
            (19, Spot::PropertyKey)
        );
        assert_eq!(context("MATCH (a {na", 12), (10, Spot::PropertyKey));
        assert_eq!(context("MATCH (a {name: x", 17), (16, Spot::Keyword));
        assert_eq!(context("mat", 3), (0, Spot::Keyword));
        assert_eq!(context(":sch", 4), (0, Spot::Command));
        assert_eq!(context(":format js", 10), (8, Spot::CommandArg("format")));
        assert_eq!(context("RETURN 'abc", 11), (11, Spot::Nothing));
        assert_eq!(context("RETURN 1 // a", 13), (13, Spot::Nothing));
        assert_eq!(context("RETURN $w", 9), (8, Spot::Param));
        assert_eq!(context("MATCH (a) WHERE a:Co", 20), (18, Spot::Label));
        assert_eq!(context("MATCH (a:Actor&!Co", 18), (16, Spot::Label));
        assert_eq!(context("MATCH (a)-[r:!AC", 16), (14, Spot::RelType));
    }

    #[test]
    fn completes_names_by_context() {
        assert_eq!(replacements("MATCH (a:Ac"), (9, vec!["Actor".to_string()]));
        assert_eq!(
            replacements("MATCH ()-[:D"),
            (11, vec!["DENIES".to_string()])
        );
        assert_eq!(
            replacements("MATCH (a) RETURN a.alle"),
            (19, vec!["allegation".to_string()])
        );
        assert_eq!(replacements(":sch"), (0, vec![":schema".to_string()]));
        assert_eq!(replacements(":format j"), (8, vec!["json".to_string()]));
        assert_eq!(replacements("RETURN $w"), (8, vec!["who".to_string()]));
        assert_eq!(
            replacements("MATCH (a {name: 'Ru"),
            (17, vec!["Rus\\''".to_string(), "Russia'".to_string()])
        );
        assert_eq!(
            replacements("MATCH (a) WHERE a.name = \"Ge"),
            (26, vec!["Germany\"".to_string()])
        );
        assert_eq!(
            replacements("MATCH (a) WHERE a.name IN ['Russia', 'Ge"),
            (38, vec!["Germany'".to_string()])
        );
        assert_eq!(
            replacements("MATCH (a) WHERE a.name STARTS WITH 'Ge"),
            (36, vec!["Germany'".to_string()])
        );
        let (_, kw) = replacements("ret");
        assert_eq!(kw, vec!["return".to_string()]);
        let (_, kw) = replacements("EXPL");
        assert_eq!(kw, vec!["EXPLAIN".to_string()]);
        let (_, kw) = replacements("prof");
        assert_eq!(kw, vec!["profile".to_string()]);
        let (_, kw) = replacements("RETURN toU");
        assert_eq!(kw, vec!["toUpper(".to_string()]);
    }

    #[test]
    fn completes_when_the_closing_quote_is_there() {
        let text = "MATCH (a {name: 'Ge'})";
        let (start, pairs) = complete(&catalog(), text, 19);
        assert_eq!(start, 17);
        assert_eq!(pairs[0].replacement, "Germany");
    }

    #[test]
    fn highlighting_keeps_the_text() {
        let text = "MATCH (a:Actor {name: 'x'})-[:R]->(b) // c\nRETURN count(*), 1.5, $p;";
        let out = highlight(text, 0, 0);
        let plain = regex::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(&out, "");
        assert_eq!(plain, text);
        assert!(out.contains("\x1b[1;34mMATCH\x1b[0m"));
        assert!(out.contains("\x1b[33mActor\x1b[0m"));
        assert!(out.contains("\x1b[32m'x'\x1b[0m"));
        assert!(out.contains("\x1b[36mcount\x1b[0m"));
        let out = highlight("profile RETURN 1;", 0, 0);
        assert!(out.starts_with("\x1b[1;34mprofile\x1b[0m \x1b[1;34mRETURN\x1b[0m"));
    }

    #[test]
    fn highlighting_marks_the_matching_bracket() {
        let text = "RETURN (1 + (2))";
        let out = highlight(text, 0, text.len());
        assert_eq!(out.matches("\x1b[1;7m").count(), 2);
        assert!(out.starts_with("\x1b[1;34mRETURN\x1b[0m \x1b[1;7m(\x1b[0m"));
        let out = highlight("RETURN 1)", 0, 0);
        assert!(out.contains("\x1b[1;31m)\x1b[0m"));
    }

    #[test]
    fn highlighting_only_the_last_line() {
        let full = "MATCH (a:Actor)\nRETURN 'x";
        let out = highlight(full, 16, full.len());
        let plain = regex::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(&out, "");
        assert_eq!(plain, "RETURN 'x");
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_cursor_are_safe(text in "[ -~éΩ日\n\t]{0,40}", cut in 0usize..60, split in 0usize..60) {
            let pos = (0..=text.len()).filter(|i| text.is_char_boundary(*i)).nth(cut).unwrap_or(text.len());
            let line_start = (0..=pos).filter(|i| text.is_char_boundary(*i)).nth(split).unwrap_or(0).min(pos);
            let _ = context(&text, pos);
            let (start, _) = complete(&catalog(), &text, pos);
            proptest::prop_assert!(start <= pos);
            let out = highlight(&text, line_start, pos);
            let plain = regex::Regex::new("\x1b\\[[0-9;]*m").unwrap().replace_all(&out, "").into_owned();
            proptest::prop_assert_eq!(plain, &text[line_start..]);
        }
    }
}
