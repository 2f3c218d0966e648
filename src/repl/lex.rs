//! A forgiving tokenizer for the shell's highlighting and completion: it splits any text (even
//! half-typed, with unclosed strings or comments) into tokens with byte spans, and knows the
//! Cypher keywords and function names. It never fails and never parses; the real parser is
//! `crate::syntax`.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Space,
    /// `// ...` or `/* ... */`; `closed` is false for a block comment still open at the end.
    Comment {
        closed: bool,
    },
    /// `'...'` or `"..."`; `closed` is false when the text ends inside it.
    Str {
        closed: bool,
    },
    /// `` `...` `` (a quoted name).
    Quoted {
        closed: bool,
    },
    Number,
    /// A word: a keyword, a function name, a variable, a label...
    Word,
    /// `$name`
    Param,
    /// Any other single character: brackets, operators, punctuation.
    Punct,
}

/// A token: its kind and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Cypher keywords, as completion offers them.
pub const KEYWORDS: &[&str] = &[
    "MATCH",
    "OPTIONAL",
    "WHERE",
    "RETURN",
    "WITH",
    "ORDER",
    "BY",
    "ASC",
    "ASCENDING",
    "DESC",
    "DESCENDING",
    "SKIP",
    "LIMIT",
    "UNWIND",
    "LOAD",
    "CSV",
    "HEADERS",
    "FROM",
    "FIELDTERMINATOR",
    "AS",
    "CREATE",
    "MERGE",
    "ON",
    "SET",
    "REMOVE",
    "DELETE",
    "DETACH",
    "UNION",
    "ALL",
    "EXPLAIN",
    "PROFILE",
    "DISTINCT",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "STARTS",
    "ENDS",
    "CONTAINS",
    "IS",
    "NULL",
    "TRUE",
    "FALSE",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "EXISTS",
    "ANY",
    "NONE",
    "SINGLE",
    "CALL",
    "YIELD",
    "FOREACH",
    "SHOW",
    "DROP",
    "INDEX",
    "INDEXES",
    "CONSTRAINT",
    "CONSTRAINTS",
    "REQUIRE",
    "UNIQUE",
];

/// Function names, as completion offers them (every function of the catalogue that Cypher text
/// may call).
pub use crate::ir::function::FUNCTION_NAMES as FUNCTIONS;

/// True for a keyword, in any letter case.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

fn is_word_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Split `text` into tokens covering it entirely, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let kind = if c.is_whitespace() {
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_whitespace() {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            Kind::Space
        } else if c == '/' && text[end..].starts_with('/') {
            end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            skip_to(&mut chars, end);
            Kind::Comment { closed: true }
        } else if c == '/' && text[end..].starts_with('*') {
            let closed = match text[end + 1..].find("*/") {
                Some(i) => {
                    end = end + 1 + i + 2;
                    true
                }
                None => {
                    end = text.len();
                    false
                }
            };
            skip_to(&mut chars, end);
            Kind::Comment { closed }
        } else if c == '\'' || c == '"' {
            let mut closed = false;
            let mut escaped = false;
            for (i, d) in chars.by_ref() {
                end = i + d.len_utf8();
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == c {
                    closed = true;
                    break;
                }
            }
            Kind::Str { closed }
        } else if c == '`' {
            let mut closed = false;
            while let Some((i, d)) = chars.next() {
                end = i + d.len_utf8();
                if d == '`' {
                    // A doubled backtick is an escaped one.
                    if let Some(&(j, '`')) = chars.peek() {
                        end = j + 1;
                        chars.next();
                        continue;
                    }
                    closed = true;
                    break;
                }
            }
            Kind::Quoted { closed }
        } else if c.is_ascii_digit() {
            while let Some(&(i, d)) = chars.peek() {
                let fraction = d == '.'
                    && text[i + 1..].starts_with(|n: char| n.is_ascii_digit())
                    && !text[start..i].contains('.');
                let exponent_sign = (d == '-' || d == '+') && text[start..i].ends_with(['e', 'E']);
                if !(d.is_ascii_alphanumeric() || d == '_' || fraction || exponent_sign) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Number
        } else if is_word_start(c) {
            while let Some(&(i, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Word
        } else if c == '$' && text[end..].starts_with(is_word_char) {
            while let Some(&(i, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Param
        } else {
            Kind::Punct
        };
        tokens.push(Token { kind, start, end });
    }
    tokens
}

fn skip_to(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, end: usize) {
    while let Some(&(i, _)) = chars.peek() {
        if i >= end {
            break;
        }
        chars.next();
    }
}

/// The bracket that closes `open`.
pub fn closing(open: char) -> Option<char> {
    match open {
        '(' => Some(')'),
        '[' => Some(']'),
        '{' => Some('}'),
        _ => None,
    }
}

/// For each bracket token (by byte offset), the offset of its partner, or `None` when it has
/// none. Brackets in strings and comments do not count.
pub fn bracket_pairs(text: &str, tokens: &[Token]) -> Vec<(usize, Option<usize>)> {
    let mut pairs = Vec::new();
    let mut stack: Vec<(usize, char, usize)> = Vec::new();
    for t in tokens.iter().filter(|t| t.kind == Kind::Punct) {
        let c = text[t.start..].chars().next().unwrap_or(' ');
        if closing(c).is_some() {
            stack.push((t.start, c, pairs.len()));
            pairs.push((t.start, None));
        } else if matches!(c, ')' | ']' | '}') {
            match stack.last() {
                Some(&(open_at, open, index)) if closing(open) == Some(c) => {
                    stack.pop();
                    pairs[index].1 = Some(t.start);
                    pairs.push((t.start, Some(open_at)));
                }
                _ => pairs.push((t.start, None)),
            }
        }
    }
    pairs
}

/// The brackets still open at the end of `text` (innermost last), with their offsets.
pub fn open_brackets(text: &str, tokens: &[Token]) -> Vec<(usize, char)> {
    let mut stack = Vec::new();
    for t in tokens.iter().filter(|t| t.kind == Kind::Punct) {
        let c = text[t.start..].chars().next().unwrap_or(' ');
        if closing(c).is_some() {
            stack.push((t.start, c));
        } else if matches!(c, ')' | ']' | '}') {
            if let Some(&(_, open)) = stack.last() {
                if closing(open) == Some(c) {
                    stack.pop();
                }
            }
        }
    }
    stack
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokenize(text)
            .into_iter()
            .filter(|t| t.kind != Kind::Space)
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn tokens_of_a_query() {
        let text = "MATCH (a:Actor {name: 'Rus\\'sia'})-[*1..3]->(b) // x\nRETURN 1.5e-3, $p";
        let k = kinds(text);
        assert!(k.contains(&(Kind::Word, "MATCH")));
        assert!(k.contains(&(Kind::Str { closed: true }, "'Rus\\'sia'")));
        assert!(k.contains(&(Kind::Number, "1")));
        assert!(k.contains(&(Kind::Number, "3")));
        assert!(k.contains(&(Kind::Comment { closed: true }, "// x")));
        assert!(k.contains(&(Kind::Number, "1.5e-3")));
        assert!(k.contains(&(Kind::Param, "$p")));
    }

    #[test]
    fn load_csv_words_are_keywords() {
        for w in ["load", "CSV", "Headers", "FROM", "fieldterminator"] {
            assert!(is_keyword(w), "{w}");
        }
        assert!(FUNCTIONS.contains(&"linenumber") && FUNCTIONS.contains(&"file"));
    }

    #[test]
    fn unclosed_things_run_to_the_end() {
        assert_eq!(kinds("'abc"), vec![(Kind::Str { closed: false }, "'abc")]);
        assert_eq!(
            kinds("/* abc"),
            vec![(Kind::Comment { closed: false }, "/* abc")]
        );
        assert_eq!(
            kinds("`a``b"),
            vec![(Kind::Quoted { closed: false }, "`a``b")]
        );
        assert_eq!(
            kinds("`a``b`"),
            vec![(Kind::Quoted { closed: true }, "`a``b`")]
        );
    }

    #[test]
    fn tokens_cover_any_text() {
        for text in ["", "é'", "$", "1.", "1..", "/", "*/", "\\", "日本(語"] {
            let tokens = tokenize(text);
            let mut at = 0;
            for t in &tokens {
                assert_eq!(t.start, at, "{text:?}");
                at = t.end;
            }
            assert_eq!(at, text.len(), "{text:?}");
        }
    }

    #[test]
    fn brackets_pair_up_outside_strings() {
        let text = "(a {k: ')'})[";
        let tokens = tokenize(text);
        let pairs = bracket_pairs(text, &tokens);
        assert_eq!(pairs[0], (0, Some(11)));
        assert_eq!(open_brackets(text, &tokens), vec![(12, '[')]);
    }
}
