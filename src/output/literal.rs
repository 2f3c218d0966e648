//! Values in Cypher notation, as cypher-shell prints them: `null`, `42`, `1.0`, `"text"`,
//! `[1, 2]`, `{name: "x"}`, `(:Actor {name: "FBI"})`, `[:ACCUSES {year: 2020}]` and paths
//! `(:A)-[:R]->(:B)`.
//!
//! Uses the graph (to resolve nodes, relationships and names) and values only; never parses
//! queries and never fails: an entity that no longer exists prints as `(deleted node 12)`.

use crate::graph::{Graph, NodeId, Path, RelId, Sym, Value};
use std::fmt::Write as _;

/// A value in Cypher notation. Never panics, never contains a line break or control
/// character (strings escape them).
pub fn cypher_literal(value: &Value, graph: &Graph) -> String {
    let mut out = String::new();
    write_literal(&mut out, value, graph);
    out
}

/// Append a value in Cypher notation to `out`.
pub fn write_literal(out: &mut String, value: &Value, graph: &Graph) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&float_literal(*f)),
        Value::String(s) => write_string(out, s),
        // As cypher-shell prints them: `2020-11-14`, `P1Y2M3DT4H`.
        Value::Temporal(t) => {
            let _ = write!(out, "{t}");
        }
        // `point({x: 12.5, y: 55.6, crs: 'wgs-84'})`, which reads back as the same point.
        Value::Point(p) => {
            let _ = write!(out, "{p}");
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_literal(out, item, graph);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_name(out, k);
                out.push_str(": ");
                write_literal(out, v, graph);
            }
            out.push('}');
        }
        Value::Node(id) => write_node(out, *id, graph),
        Value::Rel(id) => write_rel(out, *id, graph),
        Value::Path(path) => write_path(out, path, graph),
        // A virtual node or relationship prints as one of the graph does.
        Value::VirtualNode(n) => {
            out.push('(');
            for label in &n.labels {
                out.push(':');
                write_name(out, label);
            }
            if !n.props.is_empty() {
                if !n.labels.is_empty() {
                    out.push(' ');
                }
                write_literal(out, &Value::Map(n.props.clone()), graph);
            }
            out.push(')');
        }
        Value::VirtualRel(r) => {
            out.push_str("[:");
            write_name(out, &r.rel_type);
            if !r.props.is_empty() {
                out.push(' ');
                write_literal(out, &Value::Map(r.props.clone()), graph);
            }
            out.push(']');
        }
    }
}

/// A string as a double-quoted Cypher string literal: `"say \"hi\""`. Backslash, quote, and
/// control characters are escaped (`\n`, `\t`, `\r`, `\b`, `\f`, otherwise `\uXXXX`).
pub fn cypher_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s);
    out
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() || is_line_separator(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Characters that are not `char::is_control` yet break lines in terminals and editors.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// A float as Java's `Double.toString` writes it (and so cypher-shell).
pub fn float_literal(f: f64) -> String {
    crate::graph::format_float(f)
}

/// True if `name` can be written without backticks: a letter or `_`, then letters, digits
/// or `_`.
pub fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    // ASCII only: every reader of Cypher agrees on these without quoting.
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A label, type or key, backtick-quoted unless it is a plain identifier.
pub fn cypher_name(name: &str) -> String {
    let mut out = String::new();
    write_name(&mut out, name);
    out
}

fn write_name(out: &mut String, name: &str) {
    if is_plain_identifier(name) {
        out.push_str(name);
    } else {
        out.push('`');
        out.push_str(&name.replace('`', "``"));
        out.push('`');
    }
}

fn write_props(out: &mut String, props: &[(Sym, Value)], graph: &Graph) {
    out.push('{');
    for (i, (k, v)) in props.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_name(out, graph.name(*k));
        out.push_str(": ");
        write_literal(out, v, graph);
    }
    out.push('}');
}

fn write_node(out: &mut String, id: NodeId, graph: &Graph) {
    let Some(node) = graph.node(id) else {
        let _ = write!(out, "(deleted node {})", id.0);
        return;
    };
    out.push('(');
    for label in &node.labels {
        out.push(':');
        write_name(out, graph.name(*label));
    }
    if !node.props.is_empty() {
        if !node.labels.is_empty() {
            out.push(' ');
        }
        write_props(out, &node.props, graph);
    }
    out.push(')');
}

fn write_rel(out: &mut String, id: RelId, graph: &Graph) {
    let Some(rel) = graph.rel(id) else {
        let _ = write!(out, "[deleted relationship {}]", id.0);
        return;
    };
    out.push_str("[:");
    write_name(out, graph.name(rel.ty));
    if !rel.props.is_empty() {
        out.push(' ');
        write_props(out, &rel.props, graph);
    }
    out.push(']');
}

fn write_path(out: &mut String, path: &Path, graph: &Graph) {
    match path.nodes.first() {
        Some(first) => write_node(out, *first, graph),
        None => out.push_str("()"),
    }
    for (i, rel) in path.rels.iter().enumerate() {
        let from = path.nodes.get(i).copied();
        let to = path.nodes.get(i + 1).copied();
        let forward = graph
            .endpoints(*rel)
            .map(|(s, e)| Some(s) == from && Some(e) == to);
        let backward = graph
            .endpoints(*rel)
            .map(|(s, e)| Some(e) == from && Some(s) == to);
        let (left, right) = match (forward, backward) {
            (Some(true), _) => ("-", "->"),
            (_, Some(true)) => ("<-", "-"),
            _ => ("-", "-"),
        };
        out.push_str(left);
        write_rel(out, *rel, graph);
        out.push_str(right);
        match to {
            Some(node) => write_node(out, node, graph),
            None => out.push_str("()"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn lit(v: Value) -> String {
        cypher_literal(&v, &Graph::new())
    }

    #[test]
    fn scalars() {
        assert_eq!(lit(Value::Null), "null");
        assert_eq!(lit(Value::Bool(true)), "true");
        assert_eq!(lit(Value::Bool(false)), "false");
        assert_eq!(lit(Value::Int(42)), "42");
        assert_eq!(lit(Value::Int(-7)), "-7");
        assert_eq!(lit(Value::Int(i64::MIN)), "-9223372036854775808");
    }

    #[test]
    fn floats_like_java() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.5, "0.5"),
            (-2.0, "-2.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1234567.0, "1234567.0"),
            (9999999.0, "9999999.0"),
            (1e7, "1.0E7"),
            (1.5e7, "1.5E7"),
            (1e20, "1.0E20"),
            (123456789.123, "1.23456789123E8"),
            (0.001, "0.001"),
            (0.0001, "1.0E-4"),
            (-0.00012, "-1.2E-4"),
            (1e-300, "1.0E-300"),
            (f64::MAX, "1.7976931348623157E308"),
            (f64::MIN_POSITIVE, "2.2250738585072014E-308"),
            (5e-324, "5.0E-324"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (f, want) in cases {
            assert_eq!(float_literal(*f), *want, "{f:?}");
            assert_eq!(lit(Value::Float(*f)), *want);
        }
    }

    #[test]
    fn strings_are_quoted_and_escaped() {
        assert_eq!(lit(Value::str("Russia")), "\"Russia\"");
        assert_eq!(lit(Value::str("say \"hi\"")), r#""say \"hi\"""#);
        assert_eq!(lit(Value::str("a\\b")), r#""a\\b""#);
        assert_eq!(lit(Value::str("l1\nl2\r\tx")), r#""l1\nl2\r\tx""#);
        assert_eq!(
            lit(Value::str("\u{1}\u{7f}\u{2028}")),
            r#""\u0001\u007F\u2028""#
        );
        assert_eq!(lit(Value::str("")), "\"\"");
        assert_eq!(lit(Value::str("日本 🎉 'q'")), "\"日本 🎉 'q'\"");
        assert_eq!(cypher_string("x\"y"), r#""x\"y""#);
    }

    #[test]
    fn lists_and_maps() {
        assert_eq!(lit(Value::List(vec![])), "[]");
        let list = Value::List(vec![
            Value::Int(1),
            Value::Float(2.0),
            Value::str("a"),
            Value::Null,
            Value::List(vec![Value::Bool(true)]),
        ]);
        assert_eq!(lit(list), r#"[1, 2.0, "a", null, [true]]"#);
        assert_eq!(lit(Value::Map(BTreeMap::new())), "{}");
        let mut m = BTreeMap::new();
        m.insert("name".to_string(), Value::str("x"));
        m.insert("k".to_string(), Value::Int(1));
        m.insert("two words".to_string(), Value::Null);
        m.insert("back`tick".to_string(), Value::Int(2));
        m.insert("1st".to_string(), Value::Int(3));
        m.insert("_ok9".to_string(), Value::Int(4));
        m.insert("".to_string(), Value::Int(5));
        assert_eq!(
            lit(Value::Map(m)),
            r#"{``: 5, `1st`: 3, _ok9: 4, `back``tick`: 2, k: 1, name: "x", `two words`: null}"#
        );
    }

    fn sample() -> (Graph, Vec<NodeId>, Vec<RelId>) {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let country = g.intern("Country");
        let name = g.intern("name");
        let kind = g.intern("kind");
        let year = g.intern("year");
        let accuses = g.intern("ACCUSES");
        let weird = g.intern("has space");
        let a = g
            .create_node(
                vec![actor, country],
                vec![(name, Value::str("Russia")), (kind, Value::str("country"))],
            )
            .unwrap();
        let b = g.create_node(vec![actor], vec![]).unwrap();
        let c = g
            .create_node(vec![], vec![(name, Value::str("x"))])
            .unwrap();
        let d = g.create_node(vec![], vec![]).unwrap();
        let e = g
            .create_node(vec![weird], vec![(weird, Value::Int(1))])
            .unwrap();
        let r1 = g
            .create_rel(b, a, accuses, vec![(year, Value::Int(2020))])
            .unwrap();
        let r2 = g.create_rel(c, b, weird, vec![]).unwrap();
        (g, vec![a, b, c, d, e], vec![r1, r2])
    }

    #[test]
    fn nodes() {
        let (g, n, _) = sample();
        let l = |id| cypher_literal(&Value::Node(id), &g);
        assert_eq!(
            l(n[0]),
            r#"(:Actor:Country {name: "Russia", kind: "country"})"#
        );
        assert_eq!(l(n[1]), "(:Actor)");
        assert_eq!(l(n[2]), r#"({name: "x"})"#);
        assert_eq!(l(n[3]), "()");
        assert_eq!(l(n[4]), "(:`has space` {`has space`: 1})");
        assert_eq!(l(NodeId(99)), "(deleted node 99)");
    }

    #[test]
    fn relationships() {
        let (g, _, r) = sample();
        let l = |id| cypher_literal(&Value::Rel(id), &g);
        assert_eq!(l(r[0]), "[:ACCUSES {year: 2020}]");
        assert_eq!(l(r[1]), "[:`has space`]");
        assert_eq!(l(RelId(7)), "[deleted relationship 7]");
    }

    #[test]
    fn paths_follow_actual_direction() {
        let (g, n, r) = sample();
        let path = |nodes: Vec<NodeId>, rels: Vec<RelId>| {
            cypher_literal(&Value::Path(Box::new(Path { nodes, rels })), &g)
        };
        // a <-r1- b <-r2- c
        assert_eq!(
            path(vec![n[0], n[1], n[2]], r.clone()),
            r#"(:Actor:Country {name: "Russia", kind: "country"})<-[:ACCUSES {year: 2020}]-(:Actor)<-[:`has space`]-({name: "x"})"#
        );
        // c -r2-> b -r1-> a
        assert_eq!(
            path(vec![n[2], n[1], n[0]], vec![r[1], r[0]]),
            r#"({name: "x"})-[:`has space`]->(:Actor)-[:ACCUSES {year: 2020}]->(:Actor:Country {name: "Russia", kind: "country"})"#
        );
        assert_eq!(path(vec![n[3]], vec![]), "()");
    }

    #[test]
    fn broken_paths_never_panic() {
        let (g, n, r) = sample();
        let path = |nodes: Vec<NodeId>, rels: Vec<RelId>| {
            cypher_literal(&Value::Path(Box::new(Path { nodes, rels })), &g)
        };
        assert_eq!(path(vec![], vec![]), "()");
        assert_eq!(
            path(vec![n[1]], vec![r[0]]),
            "(:Actor)-[:ACCUSES {year: 2020}]-()"
        );
        assert_eq!(
            path(vec![n[1], NodeId(50)], vec![RelId(50)]),
            "(:Actor)-[deleted relationship 50]-(deleted node 50)"
        );
        // a relationship that does not join the path's nodes
        assert_eq!(path(vec![n[3], n[3]], vec![r[1]]), "()-[:`has space`]-()");
    }

    #[test]
    fn self_loop_points_forward() {
        let mut g = Graph::new();
        let t = g.intern("T");
        let a = g.create_node(vec![], vec![]).unwrap();
        let r = g.create_rel(a, a, t, vec![]).unwrap();
        let v = Value::Path(Box::new(Path {
            nodes: vec![a, a],
            rels: vec![r],
        }));
        assert_eq!(cypher_literal(&v, &g), "()-[:T]->()");
    }

    #[test]
    fn names() {
        assert!(is_plain_identifier("name"));
        assert!(is_plain_identifier("_x1"));
        assert!(!is_plain_identifier("名前"));
        assert_eq!(cypher_name("名前"), "`名前`");
        assert!(!is_plain_identifier("1x"));
        assert!(!is_plain_identifier("a-b"));
        assert!(!is_plain_identifier(""));
        assert_eq!(cypher_name("a b"), "`a b`");
        assert_eq!(cypher_name("a`b"), "`a``b`");
    }
}
