//! CSV export in the Neo4j admin-import convention: a folder with `nodes.csv`
//! (`:ID`, `:LABEL`, typed property columns) and `relationships.csv` (`:START_ID`,
//! `:END_ID`, `:TYPE`, typed property columns), for
//! `neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv
//! --multiline-fields=true`.
//!
//! Decisions:
//! - `:ID` is relq's node id; labels in `:LABEL` are separated by `;`.
//! - A column's type follows the values present: `name` (string, the default), `n:long`,
//!   `x:double` (integers and floats), `flag:boolean`, and arrays `aliases:string[]`,
//!   `years:long[]`, `scores:double[]`, `flags:boolean[]` with `;` between elements;
//!   temporal values in Neo4j's temporal columns, as ISO 8601 text: `on:date`,
//!   `at:datetime` (`2020-11-14T10:00:00+01:00[Europe/Berlin]`), `t:localtime`, `t:time`,
//!   `at:localdatetime`, `d:duration` (`P1Y2M3DT4H`), and their arrays (`days:date[]`). Any
//!   other mixture, maps, and nested or mixed lists make a `string` column holding JSON text
//!   for lists and maps.
//! - RFC 4180 quoting: a field is quoted when it holds `,`, `"`, a line break or surrounding
//!   spaces, or is an empty string; a missing property is an empty unquoted field (Neo4j, and
//!   relq, then set no property). An empty list is an empty quoted field `""` in its array
//!   column, which Neo4j and relq read as an empty array.
//! - What the format cannot carry is refused, before anything is written, rather than
//!   written so that it reads back as something else: an element of a string array that holds
//!   `;` (the array separator, which the format cannot escape), a string array whose only
//!   element is the empty string (it would read back as an empty array), a label holding `;`.
//! - Floats are written as Java reads them (`1.5`, `1.0E20`, `NaN`, `Infinity`).
//!
//! Exporters read the graph only: they never parse queries and never print.

use super::graphml::{unique_name, value_text, write_atomically, Kind, View};
use super::Subgraph;
use crate::graph::{Graph, Props, Sym, Value};
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Scalar(Kind),
    /// An array; `None` while only empty lists were seen.
    Array(Option<Kind>),
}

impl Column {
    /// The column type one value needs on its own.
    fn of(value: &Value) -> Column {
        match value {
            Value::List(items) => {
                let mut kind: Option<Kind> = None;
                for item in items {
                    let k = match item {
                        Value::Bool(_) => Kind::Bool,
                        Value::Int(_) => Kind::Long,
                        Value::Float(_) => Kind::Double,
                        Value::String(_) => Kind::Text,
                        Value::Temporal(t) => Kind::Temporal(t.kind()),
                        Value::Point(_) => Kind::Point,
                        _ => return Column::Scalar(Kind::Text),
                    };
                    kind = Some(match kind {
                        None => k,
                        Some(prev) => match prev.join(k) {
                            Kind::Text if prev != Kind::Text || k != Kind::Text => {
                                return Column::Scalar(Kind::Text)
                            }
                            joined => joined,
                        },
                    });
                }
                Column::Array(kind)
            }
            other => Column::Scalar(Kind::of(other)),
        }
    }

    fn join(self, other: Column) -> Column {
        let text = Column::Scalar(Kind::Text);
        match (self, other) {
            (Column::Scalar(a), Column::Scalar(b)) => Column::Scalar(a.join(b)),
            (Column::Array(None), Column::Array(b)) => Column::Array(b),
            (Column::Array(a), Column::Array(None)) => Column::Array(a),
            (Column::Array(Some(a)), Column::Array(Some(b))) => {
                let joined = a.join(b);
                if joined == Kind::Text && (a != Kind::Text || b != Kind::Text) {
                    text
                } else {
                    Column::Array(Some(joined))
                }
            }
            _ => text,
        }
    }

    fn suffix(self) -> &'static str {
        let kind = match self {
            Column::Scalar(k) | Column::Array(Some(k)) => k,
            Column::Array(None) => Kind::Text,
        };
        use crate::temporal::Kind as T;
        let (name, array) = match kind {
            Kind::Bool => ("boolean", "boolean[]"),
            Kind::Long => ("long", "long[]"),
            Kind::Double => ("double", "double[]"),
            Kind::Text => ("string", "string[]"),
            Kind::Temporal(T::Date) => ("date", "date[]"),
            Kind::Temporal(T::LocalTime) => ("localtime", "localtime[]"),
            Kind::Temporal(T::Time) => ("time", "time[]"),
            Kind::Temporal(T::LocalDateTime) => ("localdatetime", "localdatetime[]"),
            Kind::Temporal(T::DateTime) => ("datetime", "datetime[]"),
            Kind::Temporal(T::Duration) => ("duration", "duration[]"),
            Kind::Point => ("point", "point[]"),
        };
        match self {
            Column::Array(_) => array,
            Column::Scalar(_) => name,
        }
    }
}

/// The property columns of some nodes or relationships, in first-seen order.
struct Columns {
    keys: Vec<(Sym, Column)>,
    index: HashMap<Sym, usize>,
}

impl Columns {
    fn new<'a>(all: impl Iterator<Item = &'a Props>) -> Columns {
        let mut columns = Columns {
            keys: vec![],
            index: HashMap::new(),
        };
        for props in all {
            for (k, v) in props {
                if v.is_null() {
                    continue;
                }
                let c = Column::of(v);
                match columns.index.get(k) {
                    Some(&i) => columns.keys[i].1 = columns.keys[i].1.join(c),
                    None => {
                        columns.index.insert(*k, columns.keys.len());
                        columns.keys.push((*k, c));
                    }
                }
            }
        }
        columns
    }

    /// Refuse a string array that would not read back as it is (see the module's notes);
    /// `what` names an entity.
    fn check<'a>(
        &self,
        entities: impl Iterator<Item = (String, &'a Props)>,
        graph: &Graph,
    ) -> io::Result<()> {
        for (what, props) in entities {
            for (k, v) in props {
                let Value::List(items) = v else { continue };
                let Some(&i) = self.index.get(k) else {
                    continue;
                };
                if !matches!(self.keys[i].1, Column::Array(Some(Kind::Text) | None)) {
                    continue;
                }
                let bad = if let Some(e) = items.iter().find_map(|e| match e {
                    Value::String(s) if s.contains(';') => Some(s.to_string()),
                    _ => None,
                }) {
                    format!(
                        "its element {e:?} holds `;`, which separates the elements of an array in this format and cannot be escaped"
                    )
                } else if matches!(items.as_slice(), [Value::String(s)] if s.is_empty()) {
                    "it holds only an empty string, which this format cannot tell from an empty list"
                        .to_string()
                } else {
                    continue;
                };
                return Err(unexportable(format!(
                    "property `{}` of {what}: {bad}",
                    graph.name(*k)
                )));
            }
        }
        Ok(())
    }

    /// The header fields, after the structural ones given.
    fn header(&self, structural: &[&str], graph: &Graph) -> Vec<String> {
        let mut taken: HashSet<String> = HashSet::new();
        let mut fields: Vec<String> = structural.iter().map(|s| s.to_string()).collect();
        for (k, c) in &self.keys {
            let name = unique_name(graph.name(*k), &mut taken);
            let plain_string = *c == Column::Scalar(Kind::Text) && !name.contains(':');
            fields.push(if plain_string {
                name
            } else {
                format!("{name}:{}", c.suffix())
            });
        }
        fields
    }

    /// The property cells of one entity, in column order.
    fn cells(&self, props: &Props, graph: &Graph) -> Vec<Cell> {
        let mut cells = vec![Cell::Missing; self.keys.len()];
        for (k, v) in props {
            if v.is_null() {
                continue;
            }
            if let Some(&i) = self.index.get(k) {
                cells[i] = cell(v, self.keys[i].1, graph);
            }
        }
        cells
    }
}

/// A value's text in a field: a point as the admin import reads it (`{x:1.0, y:2.0,
/// crs:cartesian}`), anything else as in the other formats.
fn csv_text(value: &Value, graph: &Graph) -> String {
    match value {
        Value::Point(p) => p.csv_text(),
        v => value_text(v, graph),
    }
}

/// A field's content.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Missing,
    Text(String),
}

fn cell(value: &Value, column: Column, graph: &Graph) -> Cell {
    match (column, value) {
        (Column::Array(_), Value::List(items)) => {
            // An empty list is `""`, an empty quoted field.
            let parts: Vec<String> = items.iter().map(|v| csv_text(v, graph)).collect();
            Cell::Text(parts.join(";"))
        }
        (_, v) => Cell::Text(csv_text(v, graph)),
    }
}

/// Append one CSV field, quoted when RFC 4180 (or the meaning of an empty field) needs it.
fn field(out: &mut String, text: &str) {
    let quote = text.is_empty()
        || text.contains([',', '"', '\n', '\r'])
        || text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace);
    if quote {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn record(out: &mut String, cells: &[Cell]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Cell::Text(t) = c {
            field(out, t);
        }
    }
    out.push_str("\r\n");
}

fn texts(fields: Vec<String>) -> Vec<Cell> {
    fields.into_iter().map(Cell::Text).collect()
}

/// The error of what cannot be exported so that it reads back as it is.
fn unexportable(message: String) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("cannot export to Neo4j CSV: {message}"),
    )
}

/// The property columns of the nodes, checked.
fn node_columns(view: &View, graph: &Graph) -> io::Result<Columns> {
    for (id, node) in &view.nodes {
        if let Some(l) = node.labels.iter().find(|l| graph.name(**l).contains(';')) {
            return Err(unexportable(format!(
                "label `{}` of node {}: it holds `;`, which separates labels in this format",
                graph.name(*l),
                id.0
            )));
        }
    }
    let columns = Columns::new(view.nodes.iter().map(|(_, n)| &n.props));
    columns.check(
        view.nodes
            .iter()
            .map(|(id, n)| (format!("node {}", id.0), &n.props)),
        graph,
    )?;
    Ok(columns)
}

/// The property columns of the relationships, checked.
fn rel_columns(view: &View, graph: &Graph) -> io::Result<Columns> {
    let columns = Columns::new(view.rels.iter().map(|(_, r, _, _)| &r.props));
    columns.check(
        view.rels
            .iter()
            .map(|(id, r, _, _)| (format!("relationship {}", id.0), &r.props)),
        graph,
    )?;
    Ok(columns)
}

/// Write the nodes file: `:ID`, `:LABEL`, then one typed column per property key. What the
/// format cannot carry is an error before anything is written.
pub fn write_nodes_csv(sub: &Subgraph, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    let view = View::new(sub, graph);
    let columns = node_columns(&view, graph)?;
    let mut buf = String::new();
    record(&mut buf, &texts(columns.header(&[":ID", ":LABEL"], graph)));
    out.write_all(buf.as_bytes())?;
    for &(id, ref node) in &view.nodes {
        buf.clear();
        let labels: Vec<&str> = node.labels.iter().map(|l| graph.name(*l)).collect();
        let mut cells = vec![Cell::Text(id.0.to_string())];
        // No labels: an empty field, not an empty string.
        cells.push(if labels.is_empty() {
            Cell::Missing
        } else {
            Cell::Text(labels.join(";"))
        });
        cells.extend(columns.cells(&node.props, graph));
        record(&mut buf, &cells);
        out.write_all(buf.as_bytes())?;
    }
    out.flush()
}

/// Write the relationships file: `:START_ID`, `:END_ID`, `:TYPE`, then one typed column
/// per property key. What the format cannot carry is an error before anything is written.
pub fn write_relationships_csv(
    sub: &Subgraph,
    graph: &Graph,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let view = View::new(sub, graph);
    let columns = rel_columns(&view, graph)?;
    let mut buf = String::new();
    record(
        &mut buf,
        &texts(columns.header(&[":START_ID", ":END_ID", ":TYPE"], graph)),
    );
    out.write_all(buf.as_bytes())?;
    for &(_, ref rel, start, end) in &view.rels {
        buf.clear();
        let mut cells = texts(vec![
            start.0.to_string(),
            end.0.to_string(),
            graph.name(rel.ty).to_string(),
        ]);
        cells.extend(columns.cells(&rel.props, graph));
        record(&mut buf, &cells);
        out.write_all(buf.as_bytes())?;
    }
    out.flush()
}

/// Write `nodes.csv` and `relationships.csv` into `dir` (created if missing); returns the
/// files written. What the format cannot carry is an error before either file is written.
pub fn write_csv(sub: &Subgraph, graph: &Graph, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let view = View::new(sub, graph);
    node_columns(&view, graph)?;
    rel_columns(&view, graph)?;
    std::fs::create_dir_all(dir)?;
    let nodes = dir.join("nodes.csv");
    let rels = dir.join("relationships.csv");
    write_atomically(&nodes, |out| write_nodes_csv(sub, graph, out))?;
    write_atomically(&rels, |out| write_relationships_csv(sub, graph, out))?;
    Ok(vec![nodes, rels])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Graph {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let country = g.intern("Country");
        let keys: Vec<Sym> = [
            "name", "count", "score", "flag", "aliases", "mixed", "semi", "nums",
        ]
        .iter()
        .map(|k| g.intern(k))
        .collect();
        let t = g.intern("ACCUSES");
        let a = g
            .create_node(
                vec![actor, country],
                vec![
                    (keys[0], Value::str("Russia, \"the\" bear")),
                    (keys[1], Value::Int(3)),
                    (keys[2], Value::Int(1)),
                    (keys[3], Value::Bool(true)),
                    (
                        keys[4],
                        Value::List(vec![Value::str("Kremlin"), Value::str("RU")]),
                    ),
                    (keys[5], Value::Int(1)),
                    (keys[6], Value::List(vec![Value::str("a,b"), Value::Int(1)])),
                    (keys[7], Value::List(vec![Value::Int(1), Value::Float(2.5)])),
                ],
            )
            .unwrap();
        let b = g
            .create_node(
                vec![],
                vec![
                    (keys[0], Value::str("")),
                    (keys[2], Value::Float(1e20)),
                    (keys[4], Value::List(vec![])),
                    (keys[5], Value::str("x")),
                ],
            )
            .unwrap();
        g.create_rel(a, b, t, vec![(keys[1], Value::Int(-1))])
            .unwrap();
        g.create_rel(a, b, t, vec![]).unwrap();
        g
    }

    fn nodes(g: &Graph) -> String {
        let mut out = Vec::new();
        write_nodes_csv(&Subgraph::all(g), g, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn typed_columns_and_quoting() {
        let g = sample();
        let t = nodes(&g);
        let lines: Vec<&str> = t.split("\r\n").collect();
        assert_eq!(
            lines[0],
            ":ID,:LABEL,name,count:long,score:double,flag:boolean,aliases:string[],mixed,semi,nums:double[]"
        );
        assert_eq!(
            lines[1],
            r#"0,Actor;Country,"Russia, ""the"" bear",3,1,true,Kremlin;RU,1,"[""a,b"",1]",1;2.5"#
        );
        // An empty list is an empty quoted field, a missing property an empty one.
        assert_eq!(lines[2], r#"1,,"",,1.0E20,,"",x,,"#);
    }

    #[test]
    fn relationships_file() {
        let g = sample();
        let mut out = Vec::new();
        write_relationships_csv(&Subgraph::all(&g), &g, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            ":START_ID,:END_ID,:TYPE,count:long\r\n0,1,ACCUSES,-1\r\n0,1,ACCUSES,\r\n"
        );
    }

    #[test]
    fn column_types() {
        let l = |v: Vec<Value>| Column::of(&Value::List(v));
        assert_eq!(
            l(vec![Value::Int(1), Value::Bool(true)]),
            Column::Scalar(Kind::Text)
        );
        assert_eq!(l(vec![]), Column::Array(None));
        assert_eq!(l(vec![Value::str("")]), Column::Array(Some(Kind::Text)));
        assert_eq!(
            Column::Array(None).join(Column::Array(Some(Kind::Long))),
            Column::Array(Some(Kind::Long))
        );
        assert_eq!(
            Column::Array(Some(Kind::Bool)).join(Column::Array(Some(Kind::Long))),
            Column::Scalar(Kind::Text)
        );
        assert_eq!(Column::Array(None).suffix(), "string[]");
    }

    #[test]
    fn what_cannot_be_read_back_is_refused_before_writing() {
        for (value, expected) in [
            (
                Value::List(vec![Value::str("x"), Value::str("a;b")]),
                "cannot export to Neo4j CSV: property `k` of node 0: its element \"a;b\" holds `;`",
            ),
            (
                Value::List(vec![Value::str("")]),
                "cannot export to Neo4j CSV: property `k` of node 0: it holds only an empty string",
            ),
        ] {
            let mut g = Graph::new();
            let k = g.intern("k");
            g.create_node(vec![], vec![(k, value)]).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let target = dir.path().join("out");
            let e = write_csv(&Subgraph::all(&g), &g, &target).unwrap_err();
            assert!(e.to_string().starts_with(expected), "{e}");
            assert!(!target.join("nodes.csv").exists());
            let mut out = Vec::new();
            assert!(write_nodes_csv(&Subgraph::all(&g), &g, &mut out).is_err());
            assert!(out.is_empty());
        }
        // A label with `;`; and a relationship's property, before the nodes file is written.
        let mut g = Graph::new();
        let l = g.intern("A;B");
        g.create_node(vec![l], vec![]).unwrap();
        let e = write_nodes_csv(&Subgraph::all(&g), &g, &mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("label `A;B` of node 0"), "{e}");
        let mut g = Graph::new();
        let (t, k) = (g.intern("T"), g.intern("k"));
        let a = g.create_node(vec![], vec![]).unwrap();
        g.create_rel(a, a, t, vec![(k, Value::List(vec![Value::str(";")]))])
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let e = write_csv(&Subgraph::all(&g), &g, dir.path()).unwrap_err();
        assert!(
            e.to_string().contains("property `k` of relationship 0"),
            "{e}"
        );
        assert!(!dir.path().join("nodes.csv").exists());
    }

    #[test]
    fn writes_a_folder() {
        let g = sample();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let files = write_csv(&Subgraph::all(&g), &g, &target).unwrap();
        assert_eq!(
            files,
            vec![target.join("nodes.csv"), target.join("relationships.csv")]
        );
        assert!(std::fs::read_to_string(&files[0])
            .unwrap()
            .starts_with(":ID,"));
    }
}
