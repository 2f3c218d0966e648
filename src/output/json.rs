//! JSON Lines: one compact object per row, keys in column order. Values map to JSON as
//! null, booleans, numbers (floats always with a decimal point or exponent; NaN and the
//! infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`), strings, arrays and
//! objects; a node is `{"id", "labels", "properties"}`, a relationship `{"id", "type",
//! "start", "end", "properties"}`, a path `{"nodes", "relationships"}`. An entity that no
//! longer exists is `{"id": 12, "deleted": true}`. A virtual node or relationship (not in the
//! graph: `db.schema.visualization`'s) has the same shape, its negative id, and
//! `"virtual": true` last.
//!
//! Objects are written by hand so that column order and property order survive (serde_json's
//! `Map` sorts keys). Uses the graph and `QueryResult` only; never parses queries.

use crate::database::QueryResult;
use crate::graph::{Graph, NodeId, Path, RelId, Sym, Value, VirtualNode, VirtualRel};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

/// Write one JSON object per row, each on its own line. Zero rows (or no columns) write
/// nothing. The plan of EXPLAIN or PROFILE is one last line, `{"plan": TREE}` (EXPLAIN) or
/// `{"profile": TREE}` (PROFILE), TREE as `plan::json_tree` makes it.
pub fn write_json_lines(
    result: &QueryResult,
    graph: &Graph,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut line = String::new();
    if !result.columns.is_empty() {
        for row in &result.rows {
            line.clear();
            write_row(&mut line, &result.columns, row, graph);
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
    }
    if let Some(plan) = &result.plan {
        let key = if plan.profiled { "profile" } else { "plan" };
        let line = format!("{{\"{key}\":{}}}\n", super::plan::json_tree(plan));
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// One row as a JSON object keyed by column name, in column order. Missing values are null.
pub fn row_json(columns: &[String], row: &[Value], graph: &Graph) -> String {
    let mut out = String::new();
    write_row(&mut out, columns, row, graph);
    out
}

fn write_row(out: &mut String, columns: &[String], row: &[Value], graph: &Graph) {
    out.push('{');
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, column);
        out.push(':');
        write_json_value(out, row.get(i).unwrap_or(&Value::Null), graph);
    }
    out.push('}');
}

/// A value as compact JSON text, property order preserved.
pub fn json_text(value: &Value, graph: &Graph) -> String {
    let mut out = String::new();
    write_json_value(&mut out, value, graph);
    out
}

/// Append a value as compact JSON text to `out`.
pub fn write_json_value(out: &mut String, value: &Value, graph: &Graph) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => write_float(out, *f),
        Value::String(s) => write_str(out, s),
        // ISO 8601 text, as Neo4j's drivers give it.
        Value::Temporal(t) => write_str(out, &t.to_string()),
        // As GeoJSON writes a point, with its CRS named as Neo4j's HTTP API names it.
        Value::Point(p) => {
            out.push_str("{\"type\":\"Point\",\"coordinates\":[");
            for (i, c) in p.coords().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_float(out, *c);
            }
            let _ = write!(
                out,
                "],\"crs\":{{\"srid\":{},\"name\":\"{}\"}}}}",
                p.crs.srid(),
                p.crs.name()
            );
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_value(out, item, graph);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_json_value(out, v, graph);
            }
            out.push('}');
        }
        Value::Node(id) => write_node(out, *id, graph),
        Value::Rel(id) => write_rel(out, *id, graph),
        Value::Path(path) => write_path(out, path, graph),
        Value::VirtualNode(n) => {
            let _ = write!(out, "{{\"id\":{},\"labels\":[", n.id);
            for (i, label) in n.labels.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, label);
            }
            out.push_str("],\"properties\":");
            write_json_value(out, &Value::Map(n.props.clone()), graph);
            out.push_str(",\"virtual\":true}");
        }
        Value::VirtualRel(r) => {
            let _ = write!(out, "{{\"id\":{},\"type\":", r.id);
            write_str(out, &r.rel_type);
            let _ = write!(
                out,
                ",\"start\":{},\"end\":{},\"properties\":",
                r.start.id, r.end.id
            );
            write_json_value(out, &Value::Map(r.props.clone()), graph);
            out.push_str(",\"virtual\":true}");
        }
    }
}

fn write_str(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(text) => out.push_str(&text),
        // Serializing a str cannot fail; keep a valid (empty) string if it ever did.
        Err(_) => out.push_str("\"\""),
    }
}

/// The JSON text of a float: the shortest digits that read back the same, always with a
/// decimal point or an exponent (`1.0`, `1e+20`); non-finite floats as strings.
pub fn float_json(f: f64) -> String {
    let mut out = String::new();
    write_float(&mut out, f);
    out
}

fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("\"NaN\"");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        });
    } else {
        let text = serde_json::to_string(&f).unwrap_or_else(|_| format!("{f:e}"));
        out.push_str(&text);
        if !text.contains(['.', 'e', 'E']) {
            out.push_str(".0");
        }
    }
}

fn write_props(out: &mut String, props: &[(Sym, Value)], graph: &Graph) {
    out.push('{');
    for (i, (k, v)) in props.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, graph.name(*k));
        out.push(':');
        write_json_value(out, v, graph);
    }
    out.push('}');
}

fn write_node(out: &mut String, id: NodeId, graph: &Graph) {
    let Some(node) = graph.node(id) else {
        let _ = write!(out, "{{\"id\":{},\"deleted\":true}}", id.0);
        return;
    };
    let _ = write!(out, "{{\"id\":{},\"labels\":[", id.0);
    for (i, label) in node.labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, graph.name(*label));
    }
    out.push_str("],\"properties\":");
    write_props(out, &node.props, graph);
    out.push('}');
}

fn write_rel(out: &mut String, id: RelId, graph: &Graph) {
    let (Some(rel), Some((start, end))) = (graph.rel(id), graph.endpoints(id)) else {
        let _ = write!(out, "{{\"id\":{},\"deleted\":true}}", id.0);
        return;
    };
    let _ = write!(out, "{{\"id\":{},\"type\":", id.0);
    write_str(out, graph.name(rel.ty));
    let _ = write!(
        out,
        ",\"start\":{},\"end\":{},\"properties\":",
        start.0, end.0
    );
    write_props(out, &rel.props, graph);
    out.push('}');
}

fn write_path(out: &mut String, path: &Path, graph: &Graph) {
    out.push_str("{\"nodes\":[");
    for (i, node) in path.nodes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_node(out, *node, graph);
    }
    out.push_str("],\"relationships\":[");
    for (i, rel) in path.rels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_rel(out, *rel, graph);
    }
    out.push_str("]}");
}

/// A value as a `serde_json::Value`, with the same shapes as the JSON Lines output. Object
/// keys follow `serde_json::Map`'s order (sorted, unless serde_json's `preserve_order` is on);
/// use `json_text` where property order matters.
pub fn value_to_json(value: &Value, graph: &Graph) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => J::Number(n),
            None if f.is_nan() => J::from("NaN"),
            None if *f > 0.0 => J::from("Infinity"),
            None => J::from("-Infinity"),
        },
        Value::String(s) => J::from(&**s),
        Value::Temporal(t) => J::from(t.to_string()),
        Value::Point(p) => serde_json::json!({
            "type": "Point",
            "coordinates": p.coords(),
            "crs": {"srid": p.crs.srid(), "name": p.crs.name()},
        }),
        Value::List(items) => J::Array(items.iter().map(|v| value_to_json(v, graph)).collect()),
        Value::Map(map) => J::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value_to_json(v, graph)))
                .collect(),
        ),
        Value::Node(id) => node_to_json(*id, graph),
        Value::Rel(id) => rel_to_json(*id, graph),
        Value::Path(path) => {
            let mut obj = serde_json::Map::new();
            obj.insert(
                "nodes".to_string(),
                J::Array(path.nodes.iter().map(|n| node_to_json(*n, graph)).collect()),
            );
            obj.insert(
                "relationships".to_string(),
                J::Array(path.rels.iter().map(|r| rel_to_json(*r, graph)).collect()),
            );
            J::Object(obj)
        }
        Value::VirtualNode(n) => virtual_node_json(n, graph),
        Value::VirtualRel(r) => virtual_rel_json(r, graph),
    }
}

fn virtual_props_json(props: &BTreeMap<String, Value>, graph: &Graph) -> serde_json::Value {
    serde_json::Value::Object(
        props
            .iter()
            .map(|(k, v)| (k.clone(), value_to_json(v, graph)))
            .collect(),
    )
}

fn virtual_node_json(n: &VirtualNode, graph: &Graph) -> serde_json::Value {
    let mut obj = serde_json::Map::new();
    obj.insert("id".to_string(), serde_json::Value::from(n.id));
    obj.insert(
        "labels".to_string(),
        serde_json::Value::Array(n.labels.iter().map(|l| (**l).into()).collect()),
    );
    obj.insert(
        "properties".to_string(),
        virtual_props_json(&n.props, graph),
    );
    obj.insert("virtual".to_string(), serde_json::Value::Bool(true));
    serde_json::Value::Object(obj)
}

fn virtual_rel_json(r: &VirtualRel, graph: &Graph) -> serde_json::Value {
    let mut obj = serde_json::Map::new();
    obj.insert("id".to_string(), serde_json::Value::from(r.id));
    obj.insert("type".to_string(), (*r.rel_type).into());
    obj.insert("start".to_string(), serde_json::Value::from(r.start.id));
    obj.insert("end".to_string(), serde_json::Value::from(r.end.id));
    obj.insert(
        "properties".to_string(),
        virtual_props_json(&r.props, graph),
    );
    obj.insert("virtual".to_string(), serde_json::Value::Bool(true));
    serde_json::Value::Object(obj)
}

fn deleted_json(id: u32) -> serde_json::Value {
    let mut obj = serde_json::Map::new();
    obj.insert("id".to_string(), serde_json::Value::from(id));
    obj.insert("deleted".to_string(), serde_json::Value::Bool(true));
    serde_json::Value::Object(obj)
}

fn props_to_json(props: &[(Sym, Value)], graph: &Graph) -> serde_json::Value {
    serde_json::Value::Object(
        props
            .iter()
            .map(|(k, v)| (graph.name(*k).to_string(), value_to_json(v, graph)))
            .collect(),
    )
}

fn node_to_json(id: NodeId, graph: &Graph) -> serde_json::Value {
    let Some(node) = graph.node(id) else {
        return deleted_json(id.0);
    };
    let mut obj = serde_json::Map::new();
    obj.insert("id".to_string(), serde_json::Value::from(id.0));
    obj.insert(
        "labels".to_string(),
        serde_json::Value::Array(node.labels.iter().map(|l| graph.name(*l).into()).collect()),
    );
    obj.insert("properties".to_string(), props_to_json(&node.props, graph));
    serde_json::Value::Object(obj)
}

fn rel_to_json(id: RelId, graph: &Graph) -> serde_json::Value {
    let (Some(rel), Some((start, end))) = (graph.rel(id), graph.endpoints(id)) else {
        return deleted_json(id.0);
    };
    let mut obj = serde_json::Map::new();
    obj.insert("id".to_string(), serde_json::Value::from(id.0));
    obj.insert("type".to_string(), graph.name(rel.ty).into());
    obj.insert("start".to_string(), serde_json::Value::from(start.0));
    obj.insert("end".to_string(), serde_json::Value::from(end.0));
    obj.insert("properties".to_string(), props_to_json(&rel.props, graph));
    serde_json::Value::Object(obj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn lines(result: &QueryResult, graph: &Graph) -> String {
        let mut out = Vec::new();
        write_json_lines(result, graph, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn text(v: Value) -> String {
        json_text(&v, &Graph::new())
    }

    #[test]
    fn scalars() {
        assert_eq!(text(Value::Null), "null");
        assert_eq!(text(Value::Bool(true)), "true");
        assert_eq!(text(Value::Bool(false)), "false");
        assert_eq!(text(Value::Int(-42)), "-42");
        assert_eq!(text(Value::Int(i64::MAX)), "9223372036854775807");
        assert_eq!(
            text(Value::str("a\"b\\c\nd\u{1}é")),
            r#""a\"b\\c\nd\u0001é""#
        );
    }

    #[test]
    fn floats_keep_a_point_or_exponent() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (-2.0, "-2.0"),
            (0.5, "0.5"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e20, "1e+20"),
            (1e-7, "1e-7"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::NAN, "\"NaN\""),
            (f64::INFINITY, "\"Infinity\""),
            (f64::NEG_INFINITY, "\"-Infinity\""),
        ];
        for (f, want) in cases {
            assert_eq!(float_json(*f), *want, "{f:?}");
            let parsed: serde_json::Value = serde_json::from_str(want).unwrap();
            assert_eq!(
                value_to_json(&Value::Float(*f), &Graph::new()),
                parsed,
                "{f:?}"
            );
        }
    }

    #[test]
    fn lists_and_maps() {
        let list = Value::List(vec![
            Value::Int(1),
            Value::Float(2.0),
            Value::str("a"),
            Value::Null,
        ]);
        assert_eq!(text(list), r#"[1,2.0,"a",null]"#);
        let map = Value::Map(BTreeMap::from([
            ("b".to_string(), Value::List(vec![])),
            ("a b".to_string(), Value::Map(BTreeMap::new())),
        ]));
        assert_eq!(text(map), r#"{"a b":{},"b":[]}"#);
    }

    fn sample() -> (Graph, NodeId, NodeId, RelId) {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let country = g.intern("Country");
        let name = g.intern("name");
        let kind = g.intern("kind");
        let year = g.intern("year");
        let accuses = g.intern("ACCUSES");
        let a = g
            .create_node(
                vec![actor, country],
                vec![(name, Value::str("Russia")), (kind, Value::str("country"))],
            )
            .unwrap();
        let b = g.create_node(vec![], vec![]).unwrap();
        let r = g
            .create_rel(
                b,
                a,
                accuses,
                vec![(year, Value::Int(2020)), (kind, Value::Float(1.0))],
            )
            .unwrap();
        (g, a, b, r)
    }

    #[test]
    fn graph_entities() {
        let (g, a, b, r) = sample();
        let node_a = r#"{"id":0,"labels":["Actor","Country"],"properties":{"name":"Russia","kind":"country"}}"#;
        let node_b = r#"{"id":1,"labels":[],"properties":{}}"#;
        let rel =
            r#"{"id":0,"type":"ACCUSES","start":1,"end":0,"properties":{"year":2020,"kind":1.0}}"#;
        assert_eq!(json_text(&Value::Node(a), &g), node_a);
        assert_eq!(json_text(&Value::Node(b), &g), node_b);
        assert_eq!(json_text(&Value::Rel(r), &g), rel);
        let path = Value::Path(Box::new(Path {
            nodes: vec![a, b],
            rels: vec![r],
        }));
        assert_eq!(
            json_text(&path, &g),
            format!(r#"{{"nodes":[{node_a},{node_b}],"relationships":[{rel}]}}"#)
        );
        assert_eq!(
            json_text(&Value::Node(NodeId(9)), &g),
            r#"{"id":9,"deleted":true}"#
        );
        assert_eq!(
            json_text(&Value::Rel(RelId(9)), &g),
            r#"{"id":9,"deleted":true}"#
        );

        // The serde_json form has the same content.
        for v in [
            Value::Node(a),
            Value::Rel(r),
            path,
            Value::Node(NodeId(9)),
            Value::Rel(RelId(3)),
        ] {
            let parsed: serde_json::Value = serde_json::from_str(&json_text(&v, &g)).unwrap();
            assert_eq!(value_to_json(&v, &g), parsed);
        }
    }

    #[test]
    fn rows_keep_column_order() {
        let (g, a, _, _) = sample();
        let result = QueryResult {
            columns: vec!["z".to_string(), "a".to_string(), "m".to_string()],
            rows: vec![
                vec![Value::Int(1), Value::str("x"), Value::Node(a)],
                vec![Value::Null, Value::Float(f64::NAN)],
            ],
            ..Default::default()
        };
        assert_eq!(
            lines(&result, &g),
            concat!(
                r#"{"z":1,"a":"x","m":{"id":0,"labels":["Actor","Country"],"properties":{"name":"Russia","kind":"country"}}}"#,
                "\n",
                r#"{"z":null,"a":"NaN","m":null}"#,
                "\n"
            )
        );
    }

    #[test]
    fn zero_rows_print_nothing() {
        let result = QueryResult {
            columns: vec!["a".to_string()],
            rows: vec![],
            ..Default::default()
        };
        assert_eq!(lines(&result, &Graph::new()), "");
        assert_eq!(lines(&QueryResult::default(), &Graph::new()), "");
    }

    #[test]
    fn row_json_escapes_column_names() {
        let cols = vec!["a \"q\"".to_string()];
        assert_eq!(
            row_json(&cols, &[Value::Int(1)], &Graph::new()),
            r#"{"a \"q\"":1}"#
        );
    }
}
