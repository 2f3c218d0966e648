//! Diagnostics: source spans, the one error type every stage returns, and the renderer that
//! prints an error under its source line with a caret. Uses nothing else from the crate.

use std::fmt;
use unicode_width::UnicodeWidthStr;

/// A byte range into the text a statement came from (a whole script, a `-c` argument).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The class of an error, printed as its name (`SyntaxError`, `TypeError`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not a statement of the language.
    Syntax,
    /// The statement parses but is ill-formed: unknown variable, misplaced aggregation, ...
    Semantic,
    /// A valid construct relq does not support yet (CALL, FOREACH, temporal types, ...).
    Unsupported,
    /// A value of the wrong type at run time.
    Type,
    /// Integer overflow, division by zero.
    Arithmetic,
    /// A value or result that would not fit in memory, or nesting too deep.
    Resource,
    /// A statement that would break the graph's rules (deleting a node that has relationships).
    Constraint,
    /// A parameter that was not given.
    Parameter,
    /// A function argument out of its domain (an invalid regular expression, a bad number format).
    Argument,
    /// An entity that was deleted earlier in the statement.
    EntityNotFound,
    /// A data file that cannot be read or is malformed.
    Load,
    /// A file that cannot be written (a snapshot being saved).
    Save,
    /// The statement was interrupted.
    Interrupted,
    /// The statement ran past its time limit.
    Timeout,
    /// A statement that writes, where only reading is allowed (a read-only server).
    Access,
    /// A schema command that conflicts with the schema: an index or constraint that exists
    /// already, or one to drop that does not.
    Schema,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::Semantic => "SemanticError",
            ErrorKind::Unsupported => "UnsupportedError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Arithmetic => "ArithmeticError",
            ErrorKind::Resource => "ResourceError",
            ErrorKind::Constraint => "ConstraintError",
            ErrorKind::Parameter => "ParameterError",
            ErrorKind::Argument => "ArgumentError",
            ErrorKind::EntityNotFound => "EntityNotFound",
            ErrorKind::Load => "LoadError",
            ErrorKind::Save => "SaveError",
            ErrorKind::Interrupted => "Interrupted",
            ErrorKind::Timeout => "TimeoutError",
            ErrorKind::Access => "AccessError",
            ErrorKind::Schema => "SchemaError",
        }
    }
}

/// An error of any stage: its class, a message (lowercase, no final period), the place in the
/// source it concerns when there is one, and an optional hint such as "did you mean ...".
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            span: None,
            help: None,
        }
    }
    pub fn at(kind: ErrorKind, span: Span, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            span: Some(span),
            help: None,
        }
    }
    pub fn syntax(span: Span, message: impl Into<String>) -> Error {
        Error::at(ErrorKind::Syntax, span, message)
    }
    pub fn semantic(span: Span, message: impl Into<String>) -> Error {
        Error::at(ErrorKind::Semantic, span, message)
    }
    pub fn unsupported(span: Span, construct: &str) -> Error {
        Error::at(
            ErrorKind::Unsupported,
            span,
            format!("{construct} is not supported"),
        )
    }
    pub fn type_error(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Type, message)
    }
    pub fn arithmetic(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Arithmetic, message)
    }
    pub fn resource(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Resource, message)
    }
    pub fn argument(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Argument, message)
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }
    /// Attach a span if the error has none yet (runtime errors learn their place on the way up).
    pub fn or_span(mut self, span: Span) -> Error {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    /// Render the error for a person: class and message, then the source line with a caret
    /// under the spot when the error has a place in `source`.
    ///
    /// ```text
    /// SyntaxError: expected RETURN, found 'RETRUN'
    ///  --> query:1:21
    ///   |
    /// 1 | MATCH (n:Actor) RETRUN n
    ///   |                 ^^^^^^
    /// ```
    pub fn render(&self, source: &str, origin: &str) -> String {
        render_message(
            self.kind.name(),
            &self.message,
            self.span,
            self.help.as_deref(),
            source,
            origin,
        )
    }
}

/// Render a message (an error's, or a warning's with `class` "warning") under its source line.
pub fn render_message(
    class: &str,
    message: &str,
    span: Option<Span>,
    help: Option<&str>,
    source: &str,
    origin: &str,
) -> String {
    let mut out = format!("{class}: {message}\n");
    let mut pad = String::new();
    if let Some(span) = span {
        if span.start <= source.len() {
            let (line_no, col, line) = locate(source, span.start);
            let gutter = line_no.to_string().len();
            pad = " ".repeat(gutter);
            let col = col.min(line.len());
            let col_display = line[..col].chars().count() + 1;
            // A long line is shown as a window around the spot, cut with ellipses.
            let (from, to) = window(line, col);
            let (cut_left, cut_right) = (
                if from > 0 { ELLIPSIS } else { "" },
                if to < line.len() { ELLIPSIS } else { "" },
            );
            let before = &line[from..col];
            let shown_end = span.start + (to - col);
            let end_in_line = span.end.max(span.start + 1).min(shown_end);
            let marked = source.get(span.start..end_in_line).unwrap_or("");
            let caret_pad = " ".repeat(cut_left.len() + UnicodeWidthStr::width(before));
            let carets = "^".repeat(UnicodeWidthStr::width(marked).max(1));
            let shown = &line[from..to];
            out.push_str(&format!("{pad}--> {origin}:{line_no}:{col_display}\n"));
            out.push_str(&format!("{pad} |\n"));
            out.push_str(&format!("{line_no} | {cut_left}{shown}{cut_right}\n"));
            out.push_str(&format!("{pad} | {caret_pad}{carets}\n"));
        }
    }
    if let Some(help) = help {
        out.push_str(&format!("{pad} = help: {help}\n"));
    }
    out
}

/// Lines longer than this (in characters) are shown as a window around the spot.
const LONG_LINE: usize = 160;
/// Characters shown before the spot in a long line, and in the whole window.
const CONTEXT_BEFORE: usize = 60;
const WINDOW: usize = 140;
/// What stands for the part of a long line that is not shown.
const ELLIPSIS: &str = "...";

/// The byte range of `line` to show around byte column `col`: the whole line when it is
/// short, else up to `CONTEXT_BEFORE` characters before the spot and `WINDOW` in all.
fn window(line: &str, col: usize) -> (usize, usize) {
    if line.len() <= LONG_LINE || line.chars().count() <= LONG_LINE {
        return (0, line.len());
    }
    let from = line[..col]
        .char_indices()
        .rev()
        .nth(CONTEXT_BEFORE - 1)
        .map_or(0, |(i, _)| i);
    let to = line[from..]
        .char_indices()
        .nth(WINDOW)
        .map_or(line.len(), |(i, _)| from + i);
    (from, to)
}

/// 1-based line number, byte column within the line, and the line's text (without newline).
pub fn locate(source: &str, offset: usize) -> (usize, usize, &str) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line_no = source[..line_start].matches('\n').count() + 1;
    let line = source[line_start..line_end].trim_end_matches('\r');
    (line_no, offset - line_start, line)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let (line, col, text) = locate(source, offset);
    (line, text[..col.min(text.len())].chars().count() + 1)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The known name nearest to `name` (at most two edits away, or differing only in case).
pub fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        if candidate == name {
            return None;
        }
        let d = if candidate.to_lowercase() == lower {
            0
        } else {
            edit_distance(name, candidate)
        };
        if d <= 2 && d < name.chars().count().max(1) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_span() {
        let src = "MATCH (n)\nRETRUN n";
        let err = Error::syntax(Span::new(10, 16), "expected RETURN, found 'RETRUN'");
        let text = err.render(src, "query");
        assert_eq!(
            text,
            "SyntaxError: expected RETURN, found 'RETRUN'\n --> query:2:1\n  |\n2 | RETRUN n\n  | ^^^^^^\n"
        );
    }

    #[test]
    fn a_long_line_shows_a_window_around_the_caret() {
        let filler = "x".repeat(400_000);
        let src = format!("RETURN '{filler}' + nope + '{filler}'");
        let at = src.find("nope").unwrap();
        let err = Error::semantic(Span::new(at, at + 4), "variable `nope` not defined");
        let text = err.render(&src, "query");
        assert!(text.len() < 600, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], format!(" --> query:1:{}", at + 1));
        let shown = lines[3].strip_prefix("1 | ").unwrap();
        assert!(
            shown.starts_with("...x") && shown.ends_with("x..."),
            "{shown}"
        );
        assert!(shown.contains("' + nope + '"), "{shown}");
        let carets = lines[4].strip_prefix("  | ").unwrap();
        assert_eq!(&shown[carets.find('^').unwrap()..][..4], "nope");
        assert_eq!(carets.trim_start(), "^^^^");
        // Near the start of the line, only the end is cut.
        let src = format!("RETURN nope + '{filler}'");
        let err = Error::semantic(Span::new(7, 11), "variable `nope` not defined");
        let text = err.render(&src, "query");
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[3].starts_with("1 | RETURN nope + 'xx"),
            "{}",
            lines[3]
        );
        assert!(lines[3].ends_with("x..."));
        assert_eq!(lines[4], "  |        ^^^^");
        // A span running past the window is marked to the window's end.
        let src = format!("RETURN '{filler}'");
        let err = Error::syntax(Span::new(7, src.len()), "too long");
        let text = err.render(&src, "query");
        assert!(text.len() < 600, "{} bytes", text.len());
    }

    #[test]
    fn suggests_near_names() {
        assert_eq!(suggest("ACUSES", ["ACCUSES", "DENIES"]), Some("ACCUSES"));
        assert_eq!(suggest("accuses", ["ACCUSES", "DENIES"]), Some("ACCUSES"));
        assert_eq!(suggest("XYZZY", ["ACCUSES", "DENIES"]), None);
    }
}
