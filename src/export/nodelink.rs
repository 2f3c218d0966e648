//! Node-link JSON export, the D3 / NetworkX convention:
//! `{"directed": true, "multigraph": true, "graph": {}, "nodes": [...], "links": [...]}`.
//! `networkx.node_link_graph(data, edges="links")` reads it as a `MultiDiGraph`, and relq
//! loads it back (`--load file.json`, [`crate::load::load_node_link`]) as the same graph.
//!
//! Decisions:
//! - A node is `{"id": 12, "labels": ["Actor", "Country"], ...}` with each property as a
//!   key of its own (flat attributes, as NetworkX expects); a link is
//!   `{"source": 12, "target": 3, "key": 34, "type": "ACCUSES", ...}`. `id` and `key` are
//!   relq's ids, so parallel edges keep distinct keys.
//! - The escape for clashing names: a node with a property named `id`, `labels`, `label` or
//!   `properties` (a link with one named `source`, `target`, `key`, `type`, `label`, `id` or
//!   `properties`) also gets a nested `"properties"` object with all its properties. relq's
//!   loader then reads only that object; NetworkX keeps it as a `properties` attribute and
//!   still sees flat every property whose name the object does not use itself (so not `id`
//!   or `labels` on a node, `source`, `target`, `key` or `type` on a link).
//! - Values keep their JSON types: integers, floats (always with a point or an exponent),
//!   booleans, strings, lists; maps as objects. Non-finite floats, which JSON cannot hold,
//!   become the strings `"NaN"`, `"Infinity"` and `"-Infinity"`. Temporal values, which JSON
//!   has no type for, are their ISO 8601 text (`"2020-11-14"`, `"P1D"`); the graph object
//!   says which properties hold them, `"graph": {"relq_temporal": {"nodes": {"date": "date"},
//!   "links": {"at": "datetime"}}}` (a property whose values are all of one temporal type, or
//!   lists of it), and relq's loader reads those back as temporal values.
//!
//! Exporters read the graph only: they never parse queries and never print.

use super::graphml::View;
use super::Subgraph;
use crate::graph::{Graph, Props};
use crate::output::json::json_text;
use std::io;

const NODE_KEYS: &[&str] = &["id", "labels", "label", "properties"];
const LINK_KEYS: &[&str] = &[
    "source",
    "target",
    "key",
    "type",
    "label",
    "id",
    "properties",
];

fn string(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(text) => out.push_str(&text),
        // Serializing a str cannot fail; keep the document valid if it ever did.
        Err(_) => out.push_str("\"\""),
    }
}

/// Append the properties flat (`,"k":v` for each); or, if any name is in `clashing`,
/// nested in a `"properties"` object, followed by those whose names are not in `own` (the
/// keys this object already has) flat as well.
fn write_props(out: &mut String, props: &Props, clashing: &[&str], own: &[&str], graph: &Graph) {
    let props: Vec<_> = props.iter().filter(|(_, v)| !v.is_null()).collect();
    let nested = props
        .iter()
        .any(|(k, _)| clashing.contains(&graph.name(*k)));
    if nested {
        out.push_str(",\"properties\":{");
        for (i, (k, v)) in props.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            string(out, graph.name(*k));
            out.push(':');
            out.push_str(&json_text(v, graph));
        }
        out.push('}');
    }
    for (k, v) in &props {
        let name = graph.name(*k);
        if nested && (own.contains(&name) || name == "properties") {
            continue;
        }
        out.push(',');
        string(out, name);
        out.push(':');
        out.push_str(&json_text(v, graph));
    }
}

/// The properties whose every value is a temporal value of one type or a point (or a list of
/// them), with that type's name (`date`, `datetime`, ..., `point`), in name order.
fn temporal_keys<'p>(
    all: impl Iterator<Item = &'p Props>,
    graph: &Graph,
) -> Vec<(String, &'static str)> {
    use crate::graph::Value;
    use std::collections::BTreeMap;
    let type_of = |v: &Value| match v {
        Value::Temporal(t) => Some(t.kind().function()),
        Value::Point(_) => Some("point"),
        _ => None,
    };
    let mut kinds: BTreeMap<String, Option<&'static str>> = BTreeMap::new();
    for props in all {
        for (k, v) in props {
            let kind = match v {
                Value::Null => continue,
                Value::List(items) if !items.is_empty() => {
                    let first = type_of(&items[0]);
                    first.filter(|_| items.iter().all(|i| type_of(i) == first))
                }
                other => type_of(other),
            };
            let entry = kinds.entry(graph.name(*k).to_string()).or_insert(kind);
            if *entry != kind {
                *entry = None;
            }
        }
    }
    kinds
        .into_iter()
        .filter_map(|(k, kind)| Some((k, kind?)))
        .collect()
}

fn write_types(out: &mut String, name: &str, keys: &[(String, &'static str)]) {
    string(out, name);
    out.push_str(": {");
    for (i, (k, t)) in keys.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, k);
        out.push_str(": ");
        string(out, t);
    }
    out.push('}');
}

/// Write the subgraph as a node-link JSON document, one node or link per line.
pub fn write_node_link(sub: &Subgraph, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    let view = View::new(sub, graph);
    let node_types = temporal_keys(view.nodes.iter().map(|(_, n)| &n.props), graph);
    let link_types = temporal_keys(view.rels.iter().map(|(_, r, _, _)| &r.props), graph);
    // The ids are this graph's element ids: a load joins links to nodes by them and does not
    // keep them (see `crate::load::load_node_link`).
    let mut head = String::from(
        "{\"directed\": true, \"multigraph\": true, \"graph\": {\"relq_ids\": \"element\"",
    );
    if !node_types.is_empty() || !link_types.is_empty() {
        head.push_str(", \"relq_temporal\": {");
        write_types(&mut head, "nodes", &node_types);
        head.push_str(", ");
        write_types(&mut head, "links", &link_types);
        head.push('}');
    }
    head.push_str("},\n\"nodes\": [");
    out.write_all(head.as_bytes())?;
    let mut buf = String::new();
    for (i, &(id, ref node)) in view.nodes.iter().enumerate() {
        buf.clear();
        buf.push_str(if i == 0 { "\n" } else { ",\n" });
        buf.push_str(&format!("{{\"id\":{},\"labels\":[", id.0));
        for (j, l) in node.labels.iter().enumerate() {
            if j > 0 {
                buf.push(',');
            }
            string(&mut buf, graph.name(*l));
        }
        buf.push(']');
        write_props(&mut buf, &node.props, NODE_KEYS, &["id", "labels"], graph);
        buf.push('}');
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(b"\n],\n\"links\": [")?;
    for (i, &(id, ref rel, start, end)) in view.rels.iter().enumerate() {
        buf.clear();
        buf.push_str(if i == 0 { "\n" } else { ",\n" });
        buf.push_str(&format!(
            "{{\"source\":{},\"target\":{},\"key\":{},\"type\":",
            start.0, end.0, id.0
        ));
        string(&mut buf, graph.name(rel.ty));
        write_props(
            &mut buf,
            &rel.props,
            LINK_KEYS,
            &["source", "target", "key", "type"],
            graph,
        );
        buf.push('}');
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Value;

    fn sample() -> Graph {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let labels = g.intern("labels");
        let ty = g.intern("type");
        let n = g.intern("n");
        let t = g.intern("T");
        let a = g
            .create_node(
                vec![actor],
                vec![(name, Value::str("A\"b")), (n, Value::Float(1.0))],
            )
            .unwrap();
        let b = g
            .create_node(
                vec![],
                vec![(labels, Value::str("not labels")), (n, Value::Int(2))],
            )
            .unwrap();
        g.create_rel(a, b, t, vec![(n, Value::Float(f64::NAN))])
            .unwrap();
        g.create_rel(a, b, t, vec![(ty, Value::Bool(true))])
            .unwrap();
        g.create_rel(b, b, t, vec![]).unwrap();
        g
    }

    fn text(g: &Graph) -> String {
        let mut out = Vec::new();
        write_node_link(&Subgraph::all(g), g, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn flat_unless_a_name_clashes() {
        let g = sample();
        let t = text(&g);
        let doc: serde_json::Value = serde_json::from_str(&t).unwrap();
        assert_eq!(doc["directed"], true);
        assert_eq!(doc["multigraph"], true);
        assert!(
            t.contains(r#"{"id":0,"labels":["Actor"],"name":"A\"b","n":1.0}"#),
            "{t}"
        );
        assert!(
            t.contains(r#"{"id":1,"labels":[],"properties":{"n":2,"labels":"not labels"},"n":2}"#),
            "{t}"
        );
        assert!(t.contains(r#"{"source":0,"target":1,"key":0,"type":"T","n":"NaN"}"#));
        assert!(
            t.contains(r#"{"source":0,"target":1,"key":1,"type":"T","properties":{"type":true}}"#)
        );
        assert!(t.contains(r#"{"source":1,"target":1,"key":2,"type":"T"}"#));
    }

    #[test]
    fn loads_back() {
        let g = sample();
        let mut back = Graph::new();
        let stats = crate::load::load_node_link(&mut back, &text(&g), "test").unwrap();
        assert_eq!((stats.nodes_created, stats.rels_created), (2, 3));
        let labels = back.sym("labels").unwrap();
        let b = back.nodes().nth(1).unwrap();
        assert_eq!(back.node_prop(b, labels), Some(Value::str("not labels")));
        assert!(back.node(b).unwrap().labels.is_empty());
    }

    #[test]
    fn empty() {
        let t = text(&Graph::new());
        let doc: serde_json::Value = serde_json::from_str(&t).unwrap();
        assert_eq!(doc["nodes"], serde_json::json!([]));
        assert_eq!(doc["links"], serde_json::json!([]));
    }
}
