//! CSV (RFC 4180) through the `csv` crate: a header line of column names, then one record per
//! row. Strings are written raw (quoted only when the writer must), null is an empty field,
//! numbers and booleans are their Cypher literals (floats always with a decimal point or an
//! exponent), and lists, maps, nodes, relationships and paths are their Cypher literal text.
//!
//! Uses the graph and `QueryResult` only (through `literal`); never parses queries.

use super::literal::{cypher_literal, float_literal};
use crate::database::QueryResult;
use crate::graph::{Graph, Value};
use std::borrow::Cow;
use std::io;

/// One value as a CSV field (before the writer's quoting).
pub fn csv_field<'a>(value: &'a Value, graph: &Graph) -> Cow<'a, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::String(s) => Cow::Borrowed(s),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Value::Int(i) => Cow::Owned(i.to_string()),
        Value::Float(f) => Cow::Owned(float_literal(*f)),
        other => Cow::Owned(cypher_literal(other, graph)),
    }
}

fn csv_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Write the header and the rows. No columns write nothing; zero rows write the header only.
/// Rows are padded with empty fields (or cut) to the number of columns. The plan of EXPLAIN
/// or PROFILE follows as a second table (after an empty line when rows came first): `id`,
/// `parent` (empty for the root), `operator`, `details`, `estimated_rows`, and for PROFILE
/// `rows`, `batches` (empty for an operator that ran row by row) and `time_ms`.
pub fn write_csv(result: &QueryResult, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    if !result.columns.is_empty() {
        write_rows(result, graph, &mut *out)?;
    }
    let Some(plan) = &result.plan else {
        return Ok(());
    };
    if !result.columns.is_empty() {
        out.write_all(b"\n")?;
    }
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(out);
    let mut header = vec!["id", "parent", "operator", "details", "estimated_rows"];
    if plan.profiled {
        header.extend(["rows", "batches", "time_ms"]);
    }
    writer.write_record(&header).map_err(csv_error)?;
    for (id, op) in plan.operators.iter().enumerate() {
        let mut record = vec![
            id.to_string(),
            op.parent.map(|p| p.to_string()).unwrap_or_default(),
            op.name.clone(),
            op.details.clone(),
            super::plan::estimate(op.estimated_rows),
        ];
        if plan.profiled {
            record.push(op.rows.map(|r| r.to_string()).unwrap_or_default());
            record.push(op.batches.map(|b| b.to_string()).unwrap_or_default());
            record.push(op.time.map(super::plan::milliseconds).unwrap_or_default());
        }
        writer.write_record(&record).map_err(csv_error)?;
    }
    writer.flush()
}

fn write_rows(result: &QueryResult, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(&result.columns).map_err(csv_error)?;
    let empty = Value::Null;
    for row in &result.rows {
        let fields =
            (0..result.columns.len()).map(|i| csv_field(row.get(i).unwrap_or(&empty), graph));
        let fields: Vec<Cow<'_, str>> = fields.collect();
        writer
            .write_record(fields.iter().map(|f| f.as_bytes()))
            .map_err(csv_error)?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{NodeId, Path, RelId};
    use std::collections::BTreeMap;

    fn render(result: &QueryResult, graph: &Graph) -> String {
        let mut out = Vec::new();
        write_csv(result, graph, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn one_column(values: Vec<Value>) -> QueryResult {
        QueryResult {
            columns: vec!["v".to_string()],
            rows: values.into_iter().map(|v| vec![v]).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn scalars() {
        let r = one_column(vec![
            Value::Int(42),
            Value::Int(-1),
            Value::Float(1.0),
            Value::Float(0.25),
            Value::Float(1e20),
            Value::Float(f64::NAN),
            Value::Float(f64::NEG_INFINITY),
            Value::Bool(true),
            Value::str("plain"),
            Value::str("日本"),
        ]);
        assert_eq!(
            render(&r, &Graph::new()),
            "v\n42\n-1\n1.0\n0.25\n1.0E20\nNaN\n-Infinity\ntrue\nplain\n日本\n"
        );
    }

    #[test]
    fn strings_quoted_only_when_needed() {
        let r = QueryResult {
            columns: vec!["a,b".to_string(), "c".to_string()],
            rows: vec![
                vec![Value::str("x,y"), Value::str("say \"hi\"")],
                vec![Value::str("two\nlines"), Value::Null],
                vec![Value::str(""), Value::str(" sp ")],
            ],
            ..Default::default()
        };
        assert_eq!(
            render(&r, &Graph::new()),
            "\"a,b\",c\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n, sp \n"
        );
    }

    #[test]
    fn single_null_column_stays_a_record() {
        let r = one_column(vec![Value::Null, Value::str("")]);
        assert_eq!(render(&r, &Graph::new()), "v\n\"\"\n\"\"\n");
    }

    #[test]
    fn composites_as_cypher_literals() {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let t = g.intern("ACCUSES");
        let a = g
            .create_node(vec![actor], vec![(name, Value::str("FBI"))])
            .unwrap();
        let b = g.create_node(vec![], vec![]).unwrap();
        let r = g.create_rel(a, b, t, vec![]).unwrap();
        let res = one_column(vec![
            Value::List(vec![Value::Int(1), Value::str("a")]),
            Value::Map(BTreeMap::from([("k".to_string(), Value::Float(2.0))])),
            Value::Node(a),
            Value::Rel(r),
            Value::Path(Box::new(Path {
                nodes: vec![b, a],
                rels: vec![r],
            })),
            Value::Node(NodeId(8)),
            Value::Rel(RelId(8)),
        ]);
        assert_eq!(
            render(&res, &g),
            concat!(
                "v\n",
                "\"[1, \"\"a\"\"]\"\n",
                "{k: 2.0}\n",
                "\"(:Actor {name: \"\"FBI\"\"})\"\n",
                "[:ACCUSES]\n",
                "\"()<-[:ACCUSES]-(:Actor {name: \"\"FBI\"\"})\"\n",
                "(deleted node 8)\n",
                "[deleted relationship 8]\n",
            )
        );
    }

    #[test]
    fn zero_rows_and_no_columns() {
        let r = QueryResult {
            columns: vec!["a".to_string(), "b".to_string()],
            rows: vec![],
            ..Default::default()
        };
        assert_eq!(render(&r, &Graph::new()), "a,b\n");
        assert_eq!(render(&QueryResult::default(), &Graph::new()), "");
    }

    #[test]
    fn ragged_rows_are_padded_or_cut() {
        let r = QueryResult {
            columns: vec!["a".to_string(), "b".to_string()],
            rows: vec![
                vec![Value::Int(1)],
                vec![Value::Int(1), Value::Int(2), Value::Int(3)],
            ],
            ..Default::default()
        };
        assert_eq!(render(&r, &Graph::new()), "a,b\n1,\n1,2\n");
    }
}
