//! Syntax stage, lexical layer: a small scanner that knows strings, quoted names, comments
//! and brackets. It splits scripts into statements, tells a REPL whether input is complete,
//! and checks a statement's brackets and nesting before the grammar runs (so that no input
//! can exhaust the stack). Uses only `diagnostic`; knows nothing of the grammar or the AST.

use crate::diagnostic::{Error, ErrorKind, Result, Span};

/// Deepest bracket (and CASE) nesting accepted; deeper input is a resource error.
pub(crate) const MAX_NESTING: usize = 200;

/// What the scanner reports, with byte offsets into the scanned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// `(`, `[` or `{`.
    Open(u8, usize),
    /// `)`, `]` or `}`.
    Close(u8, usize),
    Semicolon(usize),
    /// A run of identifier characters (also numbers), as a byte range.
    Word(usize, usize),
    /// Any other significant character, string literal or quoted name.
    Other,
}

/// A string, quoted name or block comment still open at the end of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unterminated {
    String(usize),
    Name(usize),
    Comment(usize),
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Walk `text`, calling `f` for each significant token (and the offset just after it);
/// comments and whitespace are skipped. Returns what was left open at the end, if anything.
/// `f` may stop the scan by returning `false`.
fn scan(text: &str, mut f: impl FnMut(Token, usize) -> bool) -> Option<Unterminated> {
    let b = text.as_bytes();
    let len = b.len();
    let mut i = 0;
    while i < len {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let token = match c {
            b'\'' | b'"' => {
                let start = i;
                i += 1;
                loop {
                    if i >= len {
                        return Some(Unterminated::String(start));
                    }
                    if b[i] == b'\\' {
                        i += 2;
                    } else if b[i] == c {
                        i += 1;
                        break;
                    } else {
                        i += 1;
                    }
                }
                Token::Other
            }
            b'`' => {
                let start = i;
                i += 1;
                loop {
                    if i >= len {
                        return Some(Unterminated::Name(start));
                    }
                    if b[i] == b'`' {
                        if b.get(i + 1) == Some(&b'`') {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                Token::Other
            }
            b'/' if next == Some(b'/') => {
                while i < len && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'/' if next == Some(b'*') => {
                let start = i;
                match text[i + 2..].find("*/") {
                    Some(end) => i = i + 2 + end + 2,
                    None => return Some(Unterminated::Comment(start)),
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                i += 1;
                Token::Open(c, i - 1)
            }
            b')' | b']' | b'}' => {
                i += 1;
                Token::Close(c, i - 1)
            }
            b';' => {
                i += 1;
                Token::Semicolon(i - 1)
            }
            c if is_word_byte(c) => {
                let start = i;
                while i < len && is_word_byte(b[i]) {
                    i += 1;
                }
                Token::Word(start, i)
            }
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {
                i += 1;
                Token::Other
            }
        };
        if !f(token, i) {
            return None;
        }
    }
    None
}

/// Split a script into statements at top-level `;` (not inside strings, quoted names,
/// comments or brackets). Returns each statement's byte offset and text, without the `;` and
/// without surrounding whitespace; statements that are empty or only comments are left out.
pub fn split_statements(script: &str) -> Vec<(usize, &str)> {
    let mut cuts = Vec::new();
    let mut depth = 0usize;
    scan(script, |t, _| {
        match t {
            Token::Open(..) => depth += 1,
            Token::Close(..) => depth = depth.saturating_sub(1),
            Token::Semicolon(at) if depth == 0 => cuts.push(at),
            _ => {}
        }
        true
    });
    let mut out = Vec::new();
    let mut start = 0;
    for end in cuts.into_iter().chain(std::iter::once(script.len())) {
        let piece = &script[start..end];
        if !only_trivia(piece) {
            let trimmed_start = piece.len() - piece.trim_start().len();
            out.push((start + trimmed_start, piece.trim()));
        }
        start = end + 1;
    }
    out
}

/// The end of the last token of `text`: its length without trailing whitespace and comments.
pub(crate) fn significant_end(text: &str) -> usize {
    let mut end = 0;
    scan(text, |_, after| {
        end = after;
        true
    });
    end
}

/// True when `text` holds nothing but whitespace and comments.
pub(crate) fn only_trivia(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return true;
        }
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.find(['\n', '\r']).map_or("", |i| &r[i..]);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.find("*/").map_or("", |i| &r[i + 2..]);
        } else {
            return false;
        }
    }
}

/// For a REPL: true when strings, quoted names, comments and brackets are all closed and the
/// input (ignoring trailing whitespace and comments) ends with a top-level `;`.
pub fn is_complete(input: &str) -> bool {
    let mut depth = 0usize;
    let mut ends_with_semicolon = false;
    let open = scan(input, |t, _| {
        ends_with_semicolon = false;
        match t {
            Token::Open(..) => depth += 1,
            Token::Close(..) => depth = depth.saturating_sub(1),
            Token::Semicolon(_) => ends_with_semicolon = depth == 0,
            _ => {}
        }
        true
    });
    open.is_none() && depth == 0 && ends_with_semicolon
}

fn closer_of(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// Check a statement before parsing: strings, quoted names and comments are terminated,
/// brackets match, and nesting (brackets, CASE ... END and the `<` of nested types) is at most
/// [`MAX_NESTING`] deep.
/// `offset` is where `text` starts in the whole source.
pub(crate) fn check_structure(text: &str, offset: usize) -> Result<()> {
    let at = |start: usize, len: usize| Span::new(offset + start, offset + start + len);
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut cases = 0usize;
    // The `<` of types nested in a type predicate (`LIST<LIST<...>>`), which the grammar
    // parses recursively: each after LIST, ARRAY, ANY or VALUE, until a word no type has.
    let mut angles = 0usize;
    let mut after_list = false;
    let mut error = None;
    let open = scan(text, |t, end| {
        let was_after_list = std::mem::take(&mut after_list);
        match t {
            Token::Other if end > 0 && text.as_bytes()[end - 1] == b'<' && was_after_list => {
                angles += 1;
                if stack.len() + cases + angles > MAX_NESTING {
                    error = Some(too_deep(at(end - 1, 1)));
                }
            }
            Token::Other if end > 0 && text.as_bytes()[end - 1] == b'>' => {
                angles = angles.saturating_sub(1);
            }
            Token::Other => {}
            Token::Word(s, e) if !is_type_word(&text[s..e]) => angles = 0,
            Token::Word(..) => {}
            Token::Open(..) | Token::Close(..) | Token::Semicolon(_) => angles = 0,
        }
        match t {
            Token::Open(c, i) => {
                stack.push((c, i));
                if stack.len() + cases > MAX_NESTING {
                    error = Some(too_deep(at(i, 1)));
                }
            }
            Token::Close(c, i) => match stack.pop() {
                None => {
                    let msg = format!("unexpected '{}': nothing to close", c as char);
                    error = Some(Error::syntax(at(i, 1), msg));
                }
                Some((o, _)) if closer_of(o) != c => {
                    let msg = format!(
                        "expected '{}' to close '{}', found '{}'",
                        closer_of(o) as char,
                        o as char,
                        c as char
                    );
                    error = Some(Error::syntax(at(i, 1), msg));
                }
                Some(_) => {}
            },
            Token::Word(s, e) => {
                let word = &text[s..e];
                after_list = ["list", "array", "any", "value"]
                    .iter()
                    .any(|w| word.eq_ignore_ascii_case(w));
                if word.eq_ignore_ascii_case("case") {
                    cases += 1;
                    if stack.len() + cases > MAX_NESTING {
                        error = Some(too_deep(at(s, e - s)));
                    }
                } else if word.eq_ignore_ascii_case("end") {
                    cases = cases.saturating_sub(1);
                }
            }
            Token::Semicolon(_) | Token::Other => {}
        }
        error.is_none()
    });
    if let Some(e) = error {
        return Err(e);
    }
    match open {
        Some(Unterminated::String(i)) => {
            Err(Error::syntax(at(i, 1), "unterminated string literal"))
        }
        Some(Unterminated::Name(i)) => Err(Error::syntax(at(i, 1), "unterminated quoted name")
            .with_help("close the name with a backtick (`)")),
        Some(Unterminated::Comment(i)) => {
            Err(Error::syntax(at(i, 2), "unterminated comment").with_help("close it with */"))
        }
        None => match stack.last() {
            Some(&(c, i)) => Err(Error::syntax(at(i, 1), format!("unclosed '{}'", c as char))
                .with_help(format!("add the missing '{}'", closer_of(c) as char))),
            None => Ok(()),
        },
    }
}

pub(crate) fn too_deep(span: Span) -> Error {
    Error::at(ErrorKind::Resource, span, "expression nested too deeply")
}

/// The place of the innermost bracket still open at `pos` in `text`, if any.
pub(crate) fn open_bracket_at(text: &str, pos: usize) -> Option<usize> {
    let mut stack = Vec::new();
    scan(text, |t, end| {
        if end > pos {
            return false;
        }
        match t {
            Token::Open(_, i) => stack.push(i),
            Token::Close(..) => {
                stack.pop();
            }
            _ => {}
        }
        true
    });
    stack.last().copied()
}

/// Whether a word may be part of a type of a type predicate (so that a `<` before it may still
/// be open).
fn is_type_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "any",
        "value",
        "list",
        "array",
        "not",
        "null",
        "nothing",
        "bool",
        "boolean",
        "varchar",
        "string",
        "int",
        "integer",
        "signed",
        "float",
        "date",
        "local",
        "zoned",
        "time",
        "timestamp",
        "datetime",
        "with",
        "without",
        "timezone",
        "zone",
        "duration",
        "point",
        "node",
        "vertex",
        "relationship",
        "edge",
        "map",
        "path",
        "property",
    ];
    WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(script: &str, expected: &[(usize, &str)]) {
        assert_eq!(split_statements(script), expected, "splitting {script:?}");
    }

    #[test]
    fn splits_at_top_level_semicolons() {
        check("RETURN 1; RETURN 2", &[(0, "RETURN 1"), (10, "RETURN 2")]);
        check(
            "RETURN 1;\n\nRETURN 2;\n",
            &[(0, "RETURN 1"), (11, "RETURN 2")],
        );
        check("  RETURN 1  ", &[(2, "RETURN 1")]);
    }

    #[test]
    fn does_not_split_inside_strings_names_comments_or_brackets() {
        check(
            "RETURN 'a;b'; RETURN 2",
            &[(0, "RETURN 'a;b'"), (14, "RETURN 2")],
        );
        check(
            r#"RETURN "a\";b"; RETURN 2"#,
            &[(0, r#"RETURN "a\";b""#), (16, "RETURN 2")],
        );
        check(r"RETURN 'it\'s;'", &[(0, r"RETURN 'it\'s;'")]);
        check(
            "RETURN 1 AS `a;``b`; RETURN 2",
            &[(0, "RETURN 1 AS `a;``b`"), (21, "RETURN 2")],
        );
        check(
            "RETURN 1 // no; split\n; RETURN 2",
            &[(0, "RETURN 1 // no; split"), (24, "RETURN 2")],
        );
        check(
            "RETURN /* ; */ 1; RETURN 2",
            &[(0, "RETURN /* ; */ 1"), (18, "RETURN 2")],
        );
        check(
            "RETURN [1; 2]; RETURN 3",
            &[(0, "RETURN [1; 2]"), (15, "RETURN 3")],
        );
    }

    #[test]
    fn drops_empty_statements() {
        check(";;  ;\n", &[]);
        check(
            "RETURN 1;; // comment only\n; /* c */ ;",
            &[(0, "RETURN 1")],
        );
        check("", &[]);
        check("// just a comment", &[]);
    }

    #[test]
    fn unterminated_input_stays_one_statement() {
        check("RETURN 'a; RETURN 2", &[(0, "RETURN 'a; RETURN 2")]);
        check("RETURN 1 /* ; RETURN 2", &[(0, "RETURN 1 /* ; RETURN 2")]);
    }

    #[test]
    fn completeness_for_a_repl() {
        assert!(is_complete("RETURN 1;"));
        assert!(is_complete("RETURN 1;  // trailing comment\n"));
        assert!(is_complete("RETURN 1; /* c */ "));
        assert!(!is_complete("RETURN 1"));
        assert!(!is_complete("RETURN 'a;"));
        assert!(!is_complete("RETURN [1,\n2;"));
        assert!(!is_complete("RETURN 1 /* ;"));
        assert!(!is_complete("RETURN `a;"));
        assert!(!is_complete("RETURN 1; RETURN 2"));
        assert!(!is_complete(""));
        assert!(is_complete("MATCH (n)\nRETURN n;"));
        assert!(is_complete("RETURN 1 // ;\n;"));
        assert!(!is_complete("RETURN 1 // ;"));
    }

    #[test]
    fn structure_errors() {
        let err = |s: &str| check_structure(s, 0).unwrap_err();
        assert_eq!(err("RETURN 'abc").message, "unterminated string literal");
        assert_eq!(err("RETURN 'abc").span, Some(Span::new(7, 8)));
        assert_eq!(err("RETURN 1 /* x").message, "unterminated comment");
        assert_eq!(err("RETURN `x").message, "unterminated quoted name");
        assert_eq!(err("MATCH (n RETURN n").message, "unclosed '('");
        assert_eq!(err("MATCH (n RETURN n").span, Some(Span::new(6, 7)));
        assert_eq!(
            err("RETURN [1)").message,
            "expected ']' to close '[', found ')'"
        );
        assert_eq!(err("RETURN 1)").message, "unexpected ')': nothing to close");
        assert!(check_structure("RETURN [(1), {a: 2}]", 0).is_ok());
        assert!(check_structure("RETURN ')' + \"]\" AS `(`", 0).is_ok());
        let deep = "(".repeat(MAX_NESTING + 1);
        let e = err(&deep);
        assert_eq!(e.kind, ErrorKind::Resource);
        assert_eq!(e.span, Some(Span::new(MAX_NESTING, MAX_NESTING + 1)));
        let cases = "RETURN ".to_string() + &"CASE WHEN true THEN ".repeat(MAX_NESTING + 1);
        assert_eq!(err(&cases).kind, ErrorKind::Resource);
        assert_eq!(check_structure("RETURN 1", 10), Ok(()));
        assert_eq!(err("RETURN )").span, Some(Span::new(7, 8)));
        assert_eq!(
            check_structure("RETURN )", 10).unwrap_err().span,
            Some(Span::new(17, 18))
        );
    }
}
