//! Graphviz DOT export: a `digraph` (never `strict`, which would merge parallel edges) that
//! `dot`, `neato` and friends render, and that pydot / NetworkX read.
//!
//! Decisions:
//! - Nodes are `"n<id>"`, every id and every attribute value quoted; edges carry
//!   `id="e<id>"` so parallel edges stay apart in SVG output too.
//! - A node's `label` is its display name (the `name` property, or the first label and the
//!   id); `labels` holds `:Actor:Country`. An edge's `label` and `type` are the relationship
//!   type.
//! - Other properties follow as attributes under their own names (quoted when they are not
//!   plain identifiers), except names Graphviz gives a meaning to (`color`, `shape`, `label`,
//!   ...) and names already taken: those get a `prop_` prefix (and `_2`, `_3`, ... if needed),
//!   so that data never restyles the drawing.
//! - Every string is written as Graphviz reads labels (an "escString"): `\\` for a backslash,
//!   `\"` for a quote, `\n` for a line break. Lists and maps are JSON text. Control
//!   characters other than line breaks and tabs become U+FFFD.
//!
//! Exporters read the graph only: they never parse queries and never print.

use super::graphml::{display_name, labels_text, unique_name, value_text, View};
use super::Subgraph;
use crate::graph::{Graph, Props, Sym};
use std::collections::{HashMap, HashSet};
use std::io;

/// Attribute names Graphviz interprets (on graphs, nodes, edges or clusters).
const GRAPHVIZ_ATTRIBUTES: &[&str] = &[
    "_background",
    "area",
    "arrowhead",
    "arrowsize",
    "arrowtail",
    "bb",
    "beautify",
    "bgcolor",
    "center",
    "charset",
    "class",
    "cluster",
    "clusterrank",
    "color",
    "colorscheme",
    "comment",
    "compound",
    "concentrate",
    "constraint",
    "Damping",
    "decorate",
    "defaultdist",
    "dim",
    "dimen",
    "dir",
    "diredgeconstraints",
    "distortion",
    "dpi",
    "edgehref",
    "edgetarget",
    "edgetooltip",
    "edgeURL",
    "epsilon",
    "esep",
    "fillcolor",
    "fixedsize",
    "fontcolor",
    "fontname",
    "fontnames",
    "fontpath",
    "fontsize",
    "forcelabels",
    "gradientangle",
    "group",
    "head_lp",
    "headclip",
    "headhref",
    "headlabel",
    "headport",
    "headtarget",
    "headtooltip",
    "headURL",
    "height",
    "href",
    "id",
    "image",
    "imagepath",
    "imagepos",
    "imagescale",
    "inputscale",
    "K",
    "label",
    "label_scheme",
    "labelangle",
    "labeldistance",
    "labelfloat",
    "labelfontcolor",
    "labelfontname",
    "labelfontsize",
    "labelhref",
    "labeljust",
    "labelloc",
    "labeltarget",
    "labeltooltip",
    "labelURL",
    "landscape",
    "layer",
    "layerlistsep",
    "layers",
    "layerselect",
    "layersep",
    "layout",
    "len",
    "levels",
    "levelsgap",
    "lhead",
    "lheight",
    "linelength",
    "lp",
    "ltail",
    "lwidth",
    "margin",
    "maxiter",
    "mclimit",
    "mindist",
    "minlen",
    "mode",
    "model",
    "newrank",
    "nodesep",
    "nojustify",
    "normalize",
    "notranslate",
    "nslimit",
    "nslimit1",
    "oneblock",
    "ordering",
    "orientation",
    "outputorder",
    "overlap",
    "overlap_scaling",
    "overlap_shrink",
    "pack",
    "packmode",
    "pad",
    "page",
    "pagedir",
    "pencolor",
    "penwidth",
    "peripheries",
    "pin",
    "pos",
    "quadtree",
    "quantum",
    "rank",
    "rankdir",
    "ranksep",
    "ratio",
    "rects",
    "regular",
    "remincross",
    "repulsiveforce",
    "resolution",
    "root",
    "rotate",
    "rotation",
    "samehead",
    "sametail",
    "samplepoints",
    "scale",
    "searchsize",
    "sep",
    "shape",
    "shapefile",
    "showboxes",
    "sides",
    "size",
    "skew",
    "smoothing",
    "sortv",
    "splines",
    "start",
    "style",
    "stylesheet",
    "tail_lp",
    "tailclip",
    "tailhref",
    "taillabel",
    "tailport",
    "tailtarget",
    "tailtooltip",
    "tailURL",
    "target",
    "TBbalance",
    "tooltip",
    "truecolor",
    "URL",
    "vertices",
    "viewport",
    "voro_margin",
    "weight",
    "width",
    "xdotversion",
    "xlabel",
    "xlp",
    "z",
];

/// DOT keywords (case-insensitive); never written unquoted.
const KEYWORDS: &[&str] = &["node", "edge", "graph", "digraph", "subgraph", "strict"];

/// Append `s` as a quoted DOT string in escString form.
fn quoted(out: &mut String, s: &str) {
    let mut esc = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => esc.push_str("\\\""),
            '\\' => esc.push_str("\\\\"),
            '\n' => esc.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    esc.push_str("\\n");
                }
            }
            '\t' => esc.push('\t'),
            c if c.is_control() => esc.push('\u{FFFD}'),
            c => esc.push(c),
        }
    }
    // Graphviz reads a quoted string of at most 16,384 bytes; DOT joins quoted strings with
    // `+`, so a longer one is written in pieces, never cut inside an escape.
    out.push('"');
    let mut piece = 0;
    let mut escaping = false;
    for c in esc.chars() {
        if piece >= DOT_PIECE && !escaping {
            out.push_str("\" + \"");
            piece = 0;
        }
        out.push(c);
        piece += c.len_utf8();
        escaping = !escaping && c == '\\';
    }
    out.push('"');
}

/// The longest piece of a quoted string written at once (Graphviz's limit is 16,384 bytes).
const DOT_PIECE: usize = 8192;

/// The most characters of a node's name shown as its label; the whole name is its tooltip.
const LABEL_CHARS: usize = 200;

/// Append an attribute name: bare when it is a plain identifier, else quoted.
fn attr_name(out: &mut String, name: &str) {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(name));
    if plain {
        out.push_str(name);
    } else {
        quoted(out, name);
    }
}

/// The attribute name of each property key: its own name unless Graphviz interprets it or
/// it is taken.
fn attribute_names(
    props: impl Iterator<Item = Sym>,
    graph: &Graph,
    structural: &[&str],
) -> HashMap<Sym, String> {
    let mut taken: HashSet<String> = GRAPHVIZ_ATTRIBUTES
        .iter()
        .chain(structural)
        .map(|s| s.to_string())
        .collect();
    let mut ordered: Vec<Sym> = Vec::new();
    let mut seen = HashSet::new();
    for k in props {
        if seen.insert(k) {
            ordered.push(k);
        }
    }
    // Own names first, so that a renamed key never takes a name another key has.
    let mut names = HashMap::new();
    let mut renamed = Vec::new();
    for k in ordered {
        let name = graph.name(k);
        if taken.insert(name.to_string()) {
            names.insert(k, name.to_string());
        } else {
            renamed.push(k);
        }
    }
    for k in renamed {
        let name = unique_name(&format!("prop_{}", graph.name(k)), &mut taken);
        names.insert(k, name);
    }
    names
}

fn write_attr(out: &mut String, first: &mut bool, name: &str, value: &str) {
    if !*first {
        out.push_str(", ");
    }
    *first = false;
    attr_name(out, name);
    out.push('=');
    quoted(out, value);
}

fn write_props(
    out: &mut String,
    first: &mut bool,
    props: &Props,
    names: &HashMap<Sym, String>,
    graph: &Graph,
) {
    for (k, v) in props {
        if v.is_null() {
            continue;
        }
        if let Some(name) = names.get(k) {
            write_attr(out, first, name, &value_text(v, graph));
        }
    }
}

/// Write the subgraph as a Graphviz `digraph`.
pub fn write_dot(sub: &Subgraph, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    let view = View::new(sub, graph);
    let node_names = attribute_names(
        view.nodes
            .iter()
            .flat_map(|(_, n)| n.props.iter().map(|p| p.0)),
        graph,
        &["labels"],
    );
    let edge_names = attribute_names(
        view.rels
            .iter()
            .flat_map(|(_, r, _, _)| r.props.iter().map(|p| p.0)),
        graph,
        &["type"],
    );
    out.write_all(b"digraph \"relq\" {\n")?;
    let mut buf = String::new();
    for &(id, ref node) in &view.nodes {
        buf.clear();
        buf.push_str("  ");
        quoted(&mut buf, &format!("n{}", id.0));
        buf.push_str(" [");
        let mut first = true;
        let name = display_name(id, node, graph);
        match name.char_indices().nth(LABEL_CHARS) {
            Some((cut, _)) => {
                write_attr(&mut buf, &mut first, "label", &format!("{}…", &name[..cut]));
                write_attr(&mut buf, &mut first, "tooltip", &name);
            }
            None => write_attr(&mut buf, &mut first, "label", &name),
        }
        write_attr(&mut buf, &mut first, "labels", &labels_text(node, graph));
        write_props(&mut buf, &mut first, &node.props, &node_names, graph);
        buf.push_str("];\n");
        out.write_all(buf.as_bytes())?;
    }
    for &(id, ref rel, start, end) in &view.rels {
        buf.clear();
        buf.push_str("  ");
        quoted(&mut buf, &format!("n{}", start.0));
        buf.push_str(" -> ");
        quoted(&mut buf, &format!("n{}", end.0));
        buf.push_str(" [");
        let mut first = true;
        let ty = graph.name(rel.ty);
        write_attr(&mut buf, &mut first, "id", &format!("e{}", id.0));
        write_attr(&mut buf, &mut first, "label", ty);
        write_attr(&mut buf, &mut first, "type", ty);
        write_props(&mut buf, &mut first, &rel.props, &edge_names, graph);
        buf.push_str("];\n");
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(b"}\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Value;

    fn text(g: &Graph) -> String {
        let mut out = Vec::new();
        write_dot(&Subgraph::all(g), g, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quotes_escapes_and_keeps_parallel_edges() {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let color = g.intern("color");
        let odd = g.intern("a b");
        let t = g.intern("ACCUSES");
        let a = g
            .create_node(
                vec![actor],
                vec![
                    (name, Value::str("say \"hi\" \\ now\r\nnext")),
                    (color, Value::str("red")),
                    (odd, Value::Int(3)),
                ],
            )
            .unwrap();
        let b = g.create_node(vec![], vec![]).unwrap();
        g.create_rel(a, b, t, vec![]).unwrap();
        g.create_rel(a, b, t, vec![]).unwrap();
        g.create_rel(b, b, t, vec![]).unwrap();
        let dot = text(&g);
        assert!(dot.starts_with("digraph \"relq\" {\n"));
        assert!(!dot.contains("strict"));
        assert!(dot.contains(
            r#""n0" [label="say \"hi\" \\ now\nnext", labels=":Actor", name="say \"hi\" \\ now\nnext", prop_color="red", "a b"="3"];"#
        ));
        assert!(dot.contains(r#""n1" [label="node 1", labels=""];"#));
        assert!(dot.contains(r#""n0" -> "n1" [id="e0", label="ACCUSES", type="ACCUSES"];"#));
        assert!(dot.contains(r#""n0" -> "n1" [id="e1", label="ACCUSES", type="ACCUSES"];"#));
        assert!(dot.contains(r#""n1" -> "n1" [id="e2""#));
    }

    #[test]
    fn renamed_keys_never_collide() {
        let mut g = Graph::new();
        let keys = ["label", "prop_label", "Label", "node"];
        let props = keys.iter().map(|k| (g.intern(k), Value::Int(1))).collect();
        g.create_node(vec![], props).unwrap();
        let dot = text(&g);
        assert!(
            dot.contains(r#"prop_label_2="1", prop_label="1", Label="1", "node"="1""#),
            "{dot}"
        );
    }
}
