//! GEXF 1.2 export (Gephi's own format, namespace `http://www.gexf.net/1.2draft`), valid
//! against the 1.2draft schema, with relationship dates as time intervals so that Gephi's
//! timeline plays the events in order.
//!
//! Decisions:
//! - `<graph mode="dynamic" defaultedgetype="directed" timeformat="date">`; nodes are
//!   `n<id>`, edges `e<id>` (so parallel edges stay apart), each with a `label`: the display
//!   name for nodes (the `name` property, or the first label and the id), the type for edges.
//! - An edge's interval comes from its `date` property: a date (or the day of a datetime)
//!   or a text `YYYY-MM-DD` (a time after it is ignored) is that day, `YYYY-MM` that month and `YYYY` or an integer that year: `start`
//!   is the first day and `end` the last. Without a valid `date`, an integer `year`
//!   property gives the year. Edges without either are static (always present); nodes are
//!   static.
//! - Attributes are declared per class with a type from the values present (`long`,
//!   `double`, `boolean`, `string`; lists and maps as JSON text; temporal values as their
//!   ISO 8601 text in a `string` attribute, GEXF 1.2 having no date type for attributes). Node attribute `labels`
//!   (`:Actor:Country`), edge attribute `type`; a property whose name is taken (by these,
//!   or by Gephi's own `id`, `label`, `weight`, `start`, `end`, `interval`, `timeset`)
//!   is titled with `_2` (`_3`, ...) appended.
//!
//! Exporters read the graph only: they never parse queries and never print.

use super::graphml::{
    display_name, labels_text, unique_name, value_text, xml_attr, Columns, Kind, View,
};
use super::Subgraph;
use crate::graph::{Graph, Props, RelData, Value};
use std::collections::HashSet;
use std::io;

/// A declared attribute.
struct Attribute {
    id: String,
    title: String,
    ty: &'static str,
}

fn gexf_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Bool => "boolean",
        Kind::Long => "long",
        Kind::Double => "double",
        // GEXF 1.2 has no date or point type for attributes.
        Kind::Text | Kind::Temporal(_) | Kind::Point => "string",
    }
}

/// Gephi's own column names.
const GEPHI_COLUMNS: &[&str] = &[
    "id", "label", "weight", "start", "end", "interval", "timeset",
];

fn attributes(columns: &Columns, graph: &Graph, prefix: &str, fixed: &str) -> Vec<Attribute> {
    let mut ids: HashSet<String> = HashSet::new();
    ids.insert(fixed.to_string());
    let mut titles: HashSet<String> = GEPHI_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .chain([fixed.to_string()])
        .collect();
    columns
        .keys
        .iter()
        .map(|(k, kind)| {
            let name = graph.name(*k);
            Attribute {
                id: unique_name(&format!("{prefix}{name}"), &mut ids),
                title: unique_name(name, &mut titles),
                ty: gexf_type(*kind),
            }
        })
        .collect()
}

fn declare(out: &mut String, class: &str, fixed: &str, attrs: &[Attribute]) {
    out.push_str(&format!(
        "    <attributes class=\"{class}\">\n      <attribute id=\"{fixed}\" title=\"{fixed}\" type=\"string\"/>\n"
    ));
    for a in attrs {
        out.push_str("      <attribute id=\"");
        xml_attr(out, &a.id);
        out.push_str("\" title=\"");
        xml_attr(out, &a.title);
        out.push_str("\" type=\"");
        out.push_str(a.ty);
        out.push_str("\"/>\n");
    }
    out.push_str("    </attributes>\n");
}

fn attvalue(out: &mut String, id: &str, value: &str) {
    out.push_str("        <attvalue for=\"");
    xml_attr(out, id);
    out.push_str("\" value=\"");
    xml_attr(out, value);
    out.push_str("\"/>\n");
}

fn attvalues(
    out: &mut String,
    fixed: (&str, &str),
    props: &Props,
    columns: &Columns,
    attrs: &[Attribute],
    graph: &Graph,
) {
    out.push_str("      <attvalues>\n");
    attvalue(out, fixed.0, fixed.1);
    for (k, v) in props {
        if v.is_null() {
            continue;
        }
        if let Some(a) = columns.position(*k).and_then(|i| attrs.get(i)) {
            attvalue(out, &a.id, &value_text(v, graph));
        }
    }
    out.push_str("      </attvalues>\n");
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// The first and last day of a year 1..=9999, or of one of its months.
fn period(year: u32, month: Option<u32>) -> Option<(String, String)> {
    if !(1..=9999).contains(&year) {
        return None;
    }
    Some(match month {
        Some(m) if (1..=12).contains(&m) => (
            format!("{year:04}-{m:02}-01"),
            format!("{year:04}-{m:02}-{:02}", days_in_month(year, m)),
        ),
        Some(_) => return None,
        None => (format!("{year:04}-01-01"), format!("{year:04}-12-31")),
    })
}

/// The interval of a date text: `YYYY-MM-DD[...]`, `YYYY-MM` or `YYYY`.
fn date_interval(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let (date, rest) = match (text.get(..10), text.get(10..)) {
        (Some(date), Some(rest)) => (date, rest),
        _ => (text, ""),
    };
    if !rest.is_empty() && !rest.starts_with(['T', ' ']) {
        return None;
    }
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => period(digits(y)?, None),
        [y, m] if y.len() == 4 && m.len() == 2 => period(digits(y)?, Some(digits(m)?)),
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            let (year, month, day) = (digits(y)?, digits(m)?, digits(d)?);
            period(year, Some(month))?;
            (1..=days_in_month(year, month)).contains(&day).then(|| {
                let day = format!("{year:04}-{month:02}-{day:02}");
                (day.clone(), day)
            })
        }
        _ => None,
    }
}

/// The time interval of a relationship, from its `date` or else its `year` property.
fn interval(rel: &RelData, graph: &Graph) -> Option<(String, String)> {
    let prop = |name: &str| {
        let key = graph.sym(name)?;
        rel.props.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    };
    let year = |v: &Value| match v {
        Value::Int(y) => u32::try_from(*y).ok().and_then(|y| period(y, None)),
        _ => None,
    };
    let from_date = match prop("date") {
        Some(Value::String(s)) => date_interval(s),
        Some(Value::Temporal(t)) => t.date().and_then(|d| date_interval(&d.to_string())),
        Some(v) => year(v),
        None => None,
    };
    from_date.or_else(|| prop("year").and_then(year))
}

/// Write the subgraph as a GEXF 1.2 document.
pub fn write_gexf(sub: &Subgraph, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    let view = View::new(sub, graph);
    let (node_columns, rel_columns) = Columns::of(&view);
    let node_attrs = attributes(&node_columns, graph, "n_", "labels");
    let edge_attrs = attributes(&rel_columns, graph, "e_", "type");

    let mut buf = String::new();
    buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    buf.push_str(
        "<gexf xmlns=\"http://www.gexf.net/1.2draft\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd\" \
         version=\"1.2\">\n",
    );
    buf.push_str("  <meta>\n    <creator>relq</creator>\n  </meta>\n");
    buf.push_str("  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n");
    declare(&mut buf, "node", "labels", &node_attrs);
    declare(&mut buf, "edge", "type", &edge_attrs);
    buf.push_str(&format!("    <nodes count=\"{}\">\n", view.nodes.len()));
    out.write_all(buf.as_bytes())?;
    for &(id, ref node) in &view.nodes {
        buf.clear();
        buf.push_str(&format!("      <node id=\"n{}\" label=\"", id.0));
        xml_attr(&mut buf, &display_name(id, node, graph));
        buf.push_str("\">\n");
        let labels = labels_text(node, graph);
        attvalues(
            &mut buf,
            ("labels", &labels),
            &node.props,
            &node_columns,
            &node_attrs,
            graph,
        );
        buf.push_str("      </node>\n");
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(format!("    </nodes>\n    <edges count=\"{}\">\n", view.rels.len()).as_bytes())?;
    for &(id, ref rel, start, end) in &view.rels {
        buf.clear();
        let ty = graph.name(rel.ty);
        buf.push_str(&format!(
            "      <edge id=\"e{}\" source=\"n{}\" target=\"n{}\" label=\"",
            id.0, start.0, end.0
        ));
        xml_attr(&mut buf, ty);
        buf.push('"');
        if let Some((from, to)) = interval(rel, graph) {
            buf.push_str(&format!(" start=\"{from}\" end=\"{to}\""));
        }
        buf.push_str(">\n");
        attvalues(
            &mut buf,
            ("type", ty),
            &rel.props,
            &rel_columns,
            &edge_attrs,
            graph,
        );
        buf.push_str("      </edge>\n");
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(b"    </edges>\n  </graph>\n</gexf>\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<(String, String)> {
        date_interval(s)
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    #[test]
    fn dates() {
        assert_eq!(day("2020-05-17"), pair("2020-05-17", "2020-05-17"));
        assert_eq!(
            day("2020-05-17T10:00:00Z"),
            pair("2020-05-17", "2020-05-17")
        );
        assert_eq!(day("2020-05"), pair("2020-05-01", "2020-05-31"));
        assert_eq!(day("2020-02"), pair("2020-02-01", "2020-02-29"));
        assert_eq!(day("1900-02"), pair("1900-02-01", "1900-02-28"));
        assert_eq!(day("2020"), pair("2020-01-01", "2020-12-31"));
        assert_eq!(day("2020-13"), None);
        assert_eq!(day("2021-02-29"), None);
        assert_eq!(day("0000-01-01"), None);
        assert_eq!(day("20-05-01"), None);
        assert_eq!(day("2020-05-01x"), None);
        assert_eq!(day("May 2020"), None);
        assert_eq!(day("２０２０"), None);
        assert_eq!(day(""), None);
        assert_eq!(day("2020-05-1é"), None);
        assert_eq!(day("2020-05-01é"), None);
    }

    #[test]
    fn document() {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let date = g.intern("date");
        let year = g.intern("year");
        let label = g.intern("label");
        let t = g.intern("ACCUSES");
        let a = g
            .create_node(
                vec![actor],
                vec![(name, Value::str("A & \"B\"")), (label, Value::Int(1))],
            )
            .unwrap();
        let b = g.create_node(vec![], vec![]).unwrap();
        g.create_rel(a, b, t, vec![(date, Value::str("2020-05"))])
            .unwrap();
        g.create_rel(a, b, t, vec![(year, Value::Int(2016))])
            .unwrap();
        g.create_rel(a, b, t, vec![(date, Value::str("soon"))])
            .unwrap();
        let mut out = Vec::new();
        write_gexf(&Subgraph::all(&g), &g, &mut out).unwrap();
        let x = String::from_utf8(out).unwrap();
        assert!(
            x.contains(r#"<graph mode="dynamic" defaultedgetype="directed" timeformat="date">"#)
        );
        assert!(
            x.contains(r#"<attribute id="n_label" title="label_2" type="long"/>"#),
            "{x}"
        );
        assert!(x.contains(r#"<node id="n0" label="A &amp; &quot;B&quot;">"#));
        assert!(x.contains(r#"<node id="n1" label="node 1">"#));
        assert!(x.contains(r#"<edge id="e0" source="n0" target="n1" label="ACCUSES" start="2020-05-01" end="2020-05-31">"#));
        assert!(x.contains(r#"<edge id="e1" source="n0" target="n1" label="ACCUSES" start="2016-01-01" end="2016-12-31">"#));
        assert!(x.contains(r#"<edge id="e2" source="n0" target="n1" label="ACCUSES">"#));
        assert!(x.contains(r#"<attvalue for="type" value="ACCUSES"/>"#));
    }
}
