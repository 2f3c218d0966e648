//! GraphML export (for yEd, Gephi, Cytoscape, NetworkX): a directed graph whose every
//! attribute is declared as a `<key>` with `attr.name` and `attr.type`, valid against the
//! GraphML schema. Also home of the helpers the XML and tabular exporters share: column
//! typing, display names, value text and XML escaping.
//!
//! Decisions:
//! - Nodes are `n<id>`, edges `e<id>` (relq's ids), so parallel edges keep distinct ids.
//! - Node keys `label` (the display name: the `name` property, or the first label and the id)
//!   and `labels` (`:Actor:Country`); edge keys `label` and `type` (the relationship type).
//! - One key per property name and kind of element; its `attr.type` follows the values
//!   present: only integers → `long`, integers and floats → `double`, only booleans →
//!   `boolean`, otherwise `string`. Lists and maps are written as JSON text; temporal values
//!   (which GraphML has no type for) as their ISO 8601 text (`2020-11-14`,
//!   `2020-11-14T10:00:00Z`, `P1D`) in a `string` key.
//! - GraphML requires `attr.name` to be an XML name token: in a property name that is not
//!   one, the characters that are not ASCII letters, digits, `_`, `-`, `.` or letters of the
//!   common scripts (a space, `:`, symbols, ...) are replaced by `_`, and the exact name is
//!   kept in the key's `<desc>`. A name already taken (by `label`, `labels`, `type` or another key) gets
//!   `_2`, `_3`, ... appended, again with the exact name in `<desc>`.
//! - Characters XML 1.0 cannot carry (most control characters) become U+FFFD.
//!
//! Exporters read the graph only: they never parse queries and never print.

use crate::graph::{Graph, NodeData, NodeId, Props, RelData, RelId, Sym, Value};
use crate::output::json::json_text;
use crate::output::literal::float_literal;
use std::collections::{HashMap, HashSet};
use std::io;

use super::Subgraph;

// ---------------------------------------------------------------- shared helpers

/// What a column (a GraphML key, a GEXF attribute, a CSV column) holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    Long,
    Double,
    Text,
    /// Temporal values of one type (`date`, `datetime`, ...), as their ISO 8601 text where
    /// the format has no such type.
    Temporal(crate::temporal::Kind),
    /// Points, as their Cypher text (`point({x: 1.0, y: 2.0, crs: 'cartesian'})`) where the
    /// format has no such type.
    Point,
}

impl Kind {
    /// The kind of one value: lists, maps (and anything else) are text.
    pub(crate) fn of(value: &Value) -> Kind {
        match value {
            Value::Bool(_) => Kind::Bool,
            Value::Int(_) => Kind::Long,
            Value::Float(_) => Kind::Double,
            Value::Temporal(t) => Kind::Temporal(t.kind()),
            Value::Point(_) => Kind::Point,
            _ => Kind::Text,
        }
    }

    /// The kind of a column holding values of both kinds.
    pub(crate) fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::Long, Kind::Double) | (Kind::Double, Kind::Long) => Kind::Double,
            _ => Kind::Text,
        }
    }
}

/// The subgraph's nodes and relationships that exist, each once, in the subgraph's order;
/// a relationship only when both its ends are among the nodes (so that no edge dangles).
pub(crate) struct View<'g> {
    pub nodes: Vec<(NodeId, NodeData)>,
    pub rels: Vec<(RelId, RelData, NodeId, NodeId)>,
    graph: std::marker::PhantomData<&'g Graph>,
}

impl<'g> View<'g> {
    pub(crate) fn new(sub: &Subgraph, graph: &'g Graph) -> View<'g> {
        let mut seen = HashSet::new();
        let nodes: Vec<(NodeId, NodeData)> = sub
            .nodes
            .iter()
            .filter(|n| seen.insert(**n))
            .filter_map(|n| Some((*n, graph.node(*n)?)))
            .collect();
        let present: HashSet<NodeId> = nodes.iter().map(|(n, _)| *n).collect();
        let mut seen = HashSet::new();
        let rels = sub
            .rels
            .iter()
            .filter(|r| seen.insert(**r))
            .filter_map(|r| {
                let data = graph.rel(*r)?;
                let (start, end) = graph.endpoints(*r)?;
                (present.contains(&start) && present.contains(&end))
                    .then_some((*r, data, start, end))
            })
            .collect();
        View {
            nodes,
            rels,
            graph: std::marker::PhantomData,
        }
    }
}

/// The property keys of some nodes or relationships, in first-seen order, each with the kind
/// of the values it holds.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    pub keys: Vec<(Sym, Kind)>,
    index: HashMap<Sym, usize>,
}

impl Columns {
    pub(crate) fn add(&mut self, props: &Props) {
        for (k, v) in props {
            if v.is_null() {
                continue;
            }
            let kind = Kind::of(v);
            match self.index.get(k) {
                Some(&i) => self.keys[i].1 = self.keys[i].1.join(kind),
                None => {
                    self.index.insert(*k, self.keys.len());
                    self.keys.push((*k, kind));
                }
            }
        }
    }

    /// The columns of the subgraph's nodes and of its relationships.
    pub(crate) fn of(view: &View) -> (Columns, Columns) {
        let mut nodes = Columns::default();
        for (_, data) in &view.nodes {
            nodes.add(&data.props);
        }
        let mut rels = Columns::default();
        for (_, data, _, _) in &view.rels {
            rels.add(&data.props);
        }
        (nodes, rels)
    }

    /// The position of a key.
    pub(crate) fn position(&self, key: Sym) -> Option<usize> {
        self.index.get(&key).copied()
    }
}

/// `wanted`, or `wanted_2`, `wanted_3`, ... : the first that is not yet in `taken` (which then
/// holds it).
pub(crate) fn unique_name(wanted: &str, taken: &mut HashSet<String>) -> String {
    let mut name = wanted.to_string();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{wanted}_{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// A property value as text: strings as they are, numbers and booleans as literals (floats
/// always with a point or exponent, `NaN`, `Infinity`, `-Infinity`), lists and maps as JSON.
pub(crate) fn value_text(value: &Value, graph: &Graph) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_literal(*f),
        Value::Temporal(t) => t.to_string(),
        Value::Point(p) => p.to_string(),
        Value::Null => String::new(),
        other => json_text(other, graph),
    }
}

/// A node's display name: its `name` property, else its first label and its id
/// (`Actor 12`), else `node 12`.
pub(crate) fn display_name(id: NodeId, node: &NodeData, graph: &Graph) -> String {
    if let Some(name) = graph.sym("name") {
        if let Some((_, v)) = node.props.iter().find(|(k, _)| *k == name) {
            if !v.is_null() {
                return value_text(v, graph);
            }
        }
    }
    match node.labels.first() {
        Some(l) => format!("{} {}", graph.name(*l), id.0),
        None => format!("node {}", id.0),
    }
}

/// A node's labels as `:Actor:Country` (empty without labels).
pub(crate) fn labels_text(node: &NodeData, graph: &Graph) -> String {
    node.labels
        .iter()
        .map(|l| format!(":{}", graph.name(*l)))
        .collect()
}

/// True for characters XML 1.0 documents may contain.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Append `s` escaped as XML character data.
pub(crate) fn xml_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A literal carriage return would be read back as a line feed.
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// Append `s` escaped for a double-quoted XML attribute value (whitespace as character
/// references, so that attribute normalisation keeps it).
pub(crate) fn xml_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// Letters outside ASCII that every XML 1.0 edition (and so libxml2, which follows the 4th)
/// accepts in names: Latin, Greek, Cyrillic, Hebrew, Arabic, kana, CJK ideographs, Hangul.
const NAME_LETTERS: &[(char, char)] = &[
    ('\u{C0}', '\u{D6}'),
    ('\u{D8}', '\u{F6}'),
    ('\u{F8}', '\u{FF}'),
    ('\u{100}', '\u{131}'),
    ('\u{134}', '\u{13E}'),
    ('\u{141}', '\u{148}'),
    ('\u{14A}', '\u{17E}'),
    ('\u{180}', '\u{1C3}'),
    ('\u{1CD}', '\u{1F0}'),
    ('\u{1F4}', '\u{1F5}'),
    ('\u{1FA}', '\u{217}'),
    ('\u{386}', '\u{386}'),
    ('\u{388}', '\u{38A}'),
    ('\u{38C}', '\u{38C}'),
    ('\u{38E}', '\u{3A1}'),
    ('\u{3A3}', '\u{3CE}'),
    ('\u{401}', '\u{40C}'),
    ('\u{40E}', '\u{44F}'),
    ('\u{451}', '\u{45C}'),
    ('\u{45E}', '\u{481}'),
    ('\u{5D0}', '\u{5EA}'),
    ('\u{621}', '\u{63A}'),
    ('\u{641}', '\u{64A}'),
    ('\u{3041}', '\u{3094}'),
    ('\u{30A1}', '\u{30FA}'),
    ('\u{4E00}', '\u{9FA5}'),
    ('\u{AC00}', '\u{D7A3}'),
];

/// `name` with every character that may not appear in an XML name token replaced by `_`
/// (an empty name becomes `_`). Conservative: ASCII letters and digits, `_`, `-`, `.`, and
/// the letters of [`NAME_LETTERS`].
fn nmtoken(name: &str) -> String {
    let token: String = name
        .chars()
        .map(|c| {
            let letter = NAME_LETTERS.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c));
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') || letter {
                c
            } else {
                '_'
            }
        })
        .collect();
    if token.is_empty() {
        "_".to_string()
    } else {
        token
    }
}

/// Write a file through a temporary file in the same folder, renamed into place once
/// complete (see `crate::atomic`).
pub(crate) fn write_atomically(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    crate::atomic::write_file(path, write)
}

// ---------------------------------------------------------------- GraphML

/// A declared `<key>`.
struct Key {
    id: String,
    name: String,
    /// The exact property name, when `name` had to differ from it.
    desc: Option<String>,
    ty: &'static str,
}

fn graphml_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Bool => "boolean",
        Kind::Long => "long",
        Kind::Double => "double",
        // GraphML's types are XML Schema's basic ones: no date, time or point.
        Kind::Text | Kind::Temporal(_) | Kind::Point => "string",
    }
}

/// Keys for the properties of `columns`, ids prefixed `prefix`, names not in `names`.
fn property_keys(
    columns: &Columns,
    graph: &Graph,
    prefix: &str,
    ids: &mut HashSet<String>,
    names: &mut HashSet<String>,
) -> Vec<Key> {
    columns
        .keys
        .iter()
        .map(|(k, kind)| {
            let exact = graph.name(*k);
            let token = nmtoken(exact);
            let id = unique_name(&format!("{prefix}{token}"), ids);
            let name = unique_name(&token, names);
            Key {
                id,
                desc: (name != exact).then(|| exact.to_string()),
                name,
                ty: graphml_type(*kind),
            }
        })
        .collect()
}

fn write_key(out: &mut String, key: &Key, domain: &str) {
    out.push_str("  <key id=\"");
    xml_attr(out, &key.id);
    out.push_str("\" for=\"");
    out.push_str(domain);
    out.push_str("\" attr.name=\"");
    xml_attr(out, &key.name);
    out.push_str("\" attr.type=\"");
    out.push_str(key.ty);
    match &key.desc {
        Some(desc) => {
            out.push_str("\"><desc>");
            xml_text(out, desc);
            out.push_str("</desc></key>\n");
        }
        None => out.push_str("\"/>\n"),
    }
}

fn write_data(out: &mut String, key: &str, text: &str) {
    out.push_str("      <data key=\"");
    xml_attr(out, key);
    out.push_str("\">");
    xml_text(out, text);
    out.push_str("</data>\n");
}

fn write_props(out: &mut String, props: &Props, columns: &Columns, keys: &[Key], graph: &Graph) {
    for (k, v) in props {
        if v.is_null() {
            continue;
        }
        if let Some(key) = columns.position(*k).and_then(|i| keys.get(i)) {
            write_data(out, &key.id, &value_text(v, graph));
        }
    }
}

/// Write the subgraph as a GraphML document.
pub fn write_graphml(sub: &Subgraph, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    let view = View::new(sub, graph);
    let (node_columns, rel_columns) = Columns::of(&view);
    let mut ids: HashSet<String> = ["node_label", "node_labels", "edge_label", "edge_type"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut node_names: HashSet<String> =
        ["label", "labels"].iter().map(|s| s.to_string()).collect();
    let mut edge_names: HashSet<String> = ["label", "type"].iter().map(|s| s.to_string()).collect();
    let node_keys = property_keys(&node_columns, graph, "n_", &mut ids, &mut node_names);
    let edge_keys = property_keys(&rel_columns, graph, "e_", &mut ids, &mut edge_names);

    let mut buf = String::new();
    buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    buf.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    let fixed = |id: &str, name: &str| Key {
        id: id.to_string(),
        name: name.to_string(),
        desc: None,
        ty: "string",
    };
    write_key(&mut buf, &fixed("node_label", "label"), "node");
    write_key(&mut buf, &fixed("node_labels", "labels"), "node");
    for key in &node_keys {
        write_key(&mut buf, key, "node");
    }
    write_key(&mut buf, &fixed("edge_label", "label"), "edge");
    write_key(&mut buf, &fixed("edge_type", "type"), "edge");
    for key in &edge_keys {
        write_key(&mut buf, key, "edge");
    }
    buf.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
    out.write_all(buf.as_bytes())?;

    for &(id, ref node) in &view.nodes {
        buf.clear();
        buf.push_str(&format!("    <node id=\"n{}\">\n", id.0));
        write_data(&mut buf, "node_label", &display_name(id, node, graph));
        write_data(&mut buf, "node_labels", &labels_text(node, graph));
        write_props(&mut buf, &node.props, &node_columns, &node_keys, graph);
        buf.push_str("    </node>\n");
        out.write_all(buf.as_bytes())?;
    }
    for &(id, ref rel, start, end) in &view.rels {
        buf.clear();
        buf.push_str(&format!(
            "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\">\n",
            id.0, start.0, end.0
        ));
        let ty = graph.name(rel.ty);
        write_data(&mut buf, "edge_label", ty);
        write_data(&mut buf, "edge_type", ty);
        write_props(&mut buf, &rel.props, &rel_columns, &edge_keys, graph);
        buf.push_str("    </edge>\n");
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Graph, Subgraph) {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let n = g.intern("n");
        let odd = g.intern("two words");
        let label = g.intern("label");
        let t = g.intern("ACCUSES");
        let a = g
            .create_node(
                vec![actor],
                vec![
                    (name, Value::str("A <&> \"q\"\r\n")),
                    (n, Value::Int(1)),
                    (odd, Value::Bool(true)),
                    (label, Value::str("x")),
                ],
            )
            .unwrap();
        let b = g.create_node(vec![], vec![(n, Value::Float(2.5))]).unwrap();
        g.create_rel(a, b, t, vec![(n, Value::List(vec![Value::Int(1)]))])
            .unwrap();
        g.create_rel(a, b, t, vec![]).unwrap();
        let sub = Subgraph::all(&g);
        (g, sub)
    }

    fn text(g: &Graph, sub: &Subgraph) -> String {
        let mut out = Vec::new();
        write_graphml(sub, g, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn keys_are_typed_and_named() {
        let (g, sub) = sample();
        let t = text(&g, &sub);
        assert!(t.contains(r#"<key id="n_n" for="node" attr.name="n" attr.type="double"/>"#));
        assert!(t.contains(r#"<key id="n_two_words" for="node" attr.name="two_words" attr.type="boolean"><desc>two words</desc></key>"#));
        assert!(t.contains(r#"<key id="n_label" for="node" attr.name="label_2" attr.type="string"><desc>label</desc></key>"#));
        assert!(t.contains(r#"<key id="e_n" for="edge" attr.name="n" attr.type="string"/>"#));
        assert!(t.contains(r#"<data key="e_n">[1]</data>"#));
        assert!(t.contains(r#"<edge id="e0" source="n0" target="n1">"#));
        assert!(t.contains(r#"<edge id="e1" source="n0" target="n1">"#));
        assert!(t.contains(r#"<graph id="G" edgedefault="directed">"#));
        assert!(!t.contains("<default"));
    }

    #[test]
    fn text_is_escaped() {
        let (g, sub) = sample();
        let t = text(&g, &sub);
        assert!(t.contains("<data key=\"node_label\">A &lt;&amp;&gt; \"q\"&#13;\n</data>"));
        assert!(t.contains(r#"<data key="node_label">node 1</data>"#));
        let mut s = String::new();
        xml_attr(&mut s, "a\"\t\u{1}\u{FFFF}é");
        assert_eq!(s, "a&quot;&#9;\u{FFFD}\u{FFFD}é");
    }

    #[test]
    fn kinds_join() {
        assert_eq!(Kind::Long.join(Kind::Double), Kind::Double);
        assert_eq!(Kind::Long.join(Kind::Long), Kind::Long);
        assert_eq!(Kind::Bool.join(Kind::Long), Kind::Text);
        assert_eq!(Kind::of(&Value::List(vec![])), Kind::Text);
    }

    #[test]
    fn missing_entities_are_skipped() {
        let (g, _) = sample();
        let sub = Subgraph {
            nodes: vec![NodeId(0), NodeId(77)],
            rels: vec![RelId(0), RelId(99)],
        };
        let t = text(&g, &sub);
        assert!(t.contains("<node id=\"n0\">"));
        assert!(!t.contains("n77"));
        // the edge's end n1 is not in the subgraph
        assert!(!t.contains("<edge"));
        assert_eq!(nmtoken(""), "_");
        assert_eq!(nmtoken("名前 x"), "名前_x");
        assert_eq!(nmtoken("ünï.Д-ש_ア한2"), "ünï.Д-ש_ア한2");
        assert_eq!(nmtoken("x²ǅ𝔘ﬁ:"), "x_____");
    }
}
