//! Cypher script export: `;`-terminated statements that recreate the subgraph, in relq
//! (`relq --load export.cypher`, `Database::load_cypher`) and in Neo4j (cypher-shell).
//!
//! Decisions:
//! - One statement per node and per relationship, so that a big graph never makes one huge
//!   statement. Each node is created with a temporary label `__RelqExport` and a temporary
//!   property `__relq_export_id` (its relq id); each relationship finds its end nodes by
//!   them (relq's property index makes that a lookup; the script's header tells Neo4j users
//!   which index to create first); a last statement removes both. Should the graph already
//!   use either name, a free one (`__RelqExport_2`, ...) is chosen.
//! - Labels, types and keys are bare when they are ASCII identifiers, else in backticks.
//! - Values are Cypher literals: strings double-quoted with escapes, floats with a point or
//!   exponent (`1.0E20`); NaN and the infinities, which have no literal, as `0.0 / 0.0`,
//!   `1.0 / 0.0` and `-1.0 / 0.0`. Maps and lists that cannot be properties (nested lists,
//!   lists with maps or nulls) are written as their JSON text, a string.
//!
//! Exporters read the graph only: they never parse queries and never print.

use super::graphml::{unique_name, View};
use super::Subgraph;
use crate::graph::{Graph, Props, Value};
use crate::output::json::json_text;
use crate::output::literal::{cypher_string, float_literal};
use std::collections::HashSet;
use std::io;

/// A label, type or key: bare when it is an ASCII identifier, else in backticks. (Stricter
/// than `literal::cypher_name`, which leaves any Unicode alphanumeric bare, such as `¼`,
/// that parsers do not all take as part of a name.)
fn cypher_name(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

fn float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("0.0 / 0.0");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "1.0 / 0.0" } else { "-1.0 / 0.0" });
    } else {
        out.push_str(&float_literal(f));
    }
}

/// Append a property value as a Cypher expression.
fn value(out: &mut String, v: &Value, graph: &Graph) {
    match v {
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => float(out, *f),
        Value::String(s) => out.push_str(&cypher_string(s)),
        // `date('2020-11-14')`, `duration('P1D')`: read back as the same value.
        Value::Temporal(t) => out.push_str(&t.to_cypher()),
        // `point({x: 12.5, y: 55.6, crs: 'wgs-84'})`: read back as the same point.
        Value::Point(p) => out.push_str(&p.to_string()),
        Value::List(items) if v.is_storable() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                value(out, item, graph);
            }
            out.push(']');
        }
        Value::Null => out.push_str("null"),
        other => out.push_str(&cypher_string(&json_text(other, graph))),
    }
}

/// Append ` {k: v, ...}` (nothing when there are no properties), `first` coming first.
fn props(out: &mut String, first: Option<(&str, u32)>, props: &Props, graph: &Graph) {
    let props: Vec<_> = props.iter().filter(|(_, v)| !v.is_null()).collect();
    if first.is_none() && props.is_empty() {
        return;
    }
    out.push_str(" {");
    let mut sep = "";
    if let Some((key, id)) = first {
        out.push_str(&cypher_name(key));
        out.push_str(": ");
        out.push_str(&id.to_string());
        sep = ", ";
    }
    for (k, v) in props {
        out.push_str(sep);
        sep = ", ";
        out.push_str(&cypher_name(graph.name(*k)));
        out.push_str(": ");
        value(out, v, graph);
    }
    out.push('}');
}

/// Write the subgraph as a Cypher script.
pub fn write_cypher(sub: &Subgraph, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    let view = View::new(sub, graph);
    // Temporary names no exported node already uses.
    let mut labels: HashSet<String> = HashSet::new();
    let mut keys: HashSet<String> = HashSet::new();
    for (_, node) in &view.nodes {
        labels.extend(node.labels.iter().map(|l| graph.name(*l).to_string()));
        keys.extend(node.props.iter().map(|(k, _)| graph.name(*k).to_string()));
    }
    let label = cypher_name(&unique_name("__RelqExport", &mut labels));
    let key_name = unique_name("__relq_export_id", &mut keys);
    let key = cypher_name(&key_name);

    let mut buf = String::new();
    buf.push_str(&format!(
        "// relq export: {} nodes, {} relationships.\n\
         // Load with `relq --load <file>`, or in Neo4j with cypher-shell (for a big graph, first\n\
         // CREATE INDEX FOR (n:{label}) ON (n.{key});). While loading, nodes carry the label\n\
         // {label} and the property {key}; the last statement removes them.\n",
        view.nodes.len(),
        view.rels.len(),
    ));
    out.write_all(buf.as_bytes())?;
    for &(id, ref node) in &view.nodes {
        buf.clear();
        buf.push_str("CREATE (");
        for l in &node.labels {
            buf.push(':');
            buf.push_str(&cypher_name(graph.name(*l)));
        }
        buf.push(':');
        buf.push_str(&label);
        props(&mut buf, Some((&key_name, id.0)), &node.props, graph);
        buf.push_str(");\n");
        out.write_all(buf.as_bytes())?;
    }
    for &(_, ref rel, start, end) in &view.rels {
        buf.clear();
        buf.push_str(&format!("MATCH (a:{label} {{{key}: {}}})", start.0));
        let target = if start == end {
            "a"
        } else {
            buf.push_str(&format!(", (b:{label} {{{key}: {}}})", end.0));
            "b"
        };
        buf.push_str(" CREATE (a)-[:");
        buf.push_str(&cypher_name(graph.name(rel.ty)));
        props(&mut buf, None, &rel.props, graph);
        buf.push_str(&format!("]->({target});\n"));
        out.write_all(buf.as_bytes())?;
    }
    if !view.nodes.is_empty() {
        out.write_all(format!("MATCH (n:{label}) REMOVE n:{label}, n.{key};\n").as_bytes())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;

    fn script(g: &Graph) -> String {
        let mut out = Vec::new();
        write_cypher(&Subgraph::all(g), g, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn statements() {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let x = g.intern("x y");
        let t = g.intern("ACCUSES");
        let a = g
            .create_node(
                vec![actor],
                vec![
                    (name, Value::str("say \"hi\"\n")),
                    (x, Value::List(vec![Value::Float(f64::NAN), Value::Int(1)])),
                ],
            )
            .unwrap();
        let b = g.create_node(vec![], vec![]).unwrap();
        g.create_rel(a, b, t, vec![(name, Value::Float(1e20))])
            .unwrap();
        g.create_rel(b, b, t, vec![]).unwrap();
        let s = script(&g);
        assert!(s.contains(
            "CREATE (:Actor:__RelqExport {__relq_export_id: 0, name: \"say \\\"hi\\\"\\n\", `x y`: [0.0 / 0.0, 1]});\n"
        ), "{s}");
        assert!(s.contains("CREATE (:__RelqExport {__relq_export_id: 1});\n"));
        assert!(s.contains("MATCH (a:__RelqExport {__relq_export_id: 0}), (b:__RelqExport {__relq_export_id: 1}) CREATE (a)-[:ACCUSES {name: 1.0E20}]->(b);\n"));
        assert!(s.contains(
            "MATCH (a:__RelqExport {__relq_export_id: 1}) CREATE (a)-[:ACCUSES]->(a);\n"
        ));
        assert!(s.ends_with("MATCH (n:__RelqExport) REMOVE n:__RelqExport, n.__relq_export_id;\n"));
    }

    #[test]
    fn temporary_names_avoid_the_graphs_own() {
        let mut g = Graph::new();
        let l = g.intern("__RelqExport");
        let k = g.intern("__relq_export_id");
        g.create_node(vec![l], vec![(k, Value::Int(7))]).unwrap();
        let s = script(&g);
        assert!(s.contains("CREATE (:__RelqExport:__RelqExport_2 {__relq_export_id_2: 0, __relq_export_id: 7});"), "{s}");
        let mut db = Database::new();
        db.load_cypher(&s).unwrap();
        let r = db
            .query("MATCH (n:__RelqExport) RETURN n.__relq_export_id, labels(n)")
            .unwrap();
        assert_eq!(
            r.rows,
            vec![vec![
                Value::Int(7),
                Value::List(vec![Value::str("__RelqExport")])
            ]]
        );
    }

    #[test]
    fn empty_graph_loads() {
        let s = script(&Graph::new());
        let mut db = Database::new();
        db.load_cypher(&s).unwrap();
        assert_eq!(db.graph.node_count(), 0);
    }
}
