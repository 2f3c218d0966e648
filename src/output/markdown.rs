//! A GitHub-flavoured Markdown table. Cells are Cypher literals, as in the text table, with
//! the characters Markdown would interpret escaped by a backslash (`|` above all, which would
//! end the cell); columns holding only numbers (and nulls) are right-aligned. Honours
//! `max_rows`, `max_width` and `footer` of `TableOptions`.
//!
//! Uses the graph and `QueryResult` only (through `literal`); never parses queries.

use super::literal::cypher_literal;
use super::table::{
    is_numeric, more_rows_line, one_line, push_footer, shown_rows, truncate, TableOptions,
};
use crate::database::QueryResult;
use crate::graph::{Graph, Value};
use std::io;

/// A text escaped for a Markdown table cell: backslash, `|`, and the inline markup
/// characters `` ` * _ ~ [ ] < `` get a backslash; control characters (which literals never
/// hold, but column names may) are first escaped as in string literals (`\n`).
pub fn escape_cell(text: &str) -> String {
    let text = one_line(text);
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        if matches!(c, '\\' | '|' | '`' | '*' | '_' | '~' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn cell(text: &str, options: &TableOptions) -> String {
    match options.max_width {
        Some(max) => escape_cell(&truncate(&one_line(text), max)),
        None => escape_cell(text),
    }
}

fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = String> + 'a) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(&c);
        out.push_str(" |");
    }
    out.push('\n');
}

/// The Markdown table as text, then the plan of EXPLAIN or PROFILE (a second table, its tree
/// drawn as in the text table, and the totals line) and the footer. No columns and no plan
/// render as just the footer (if any); zero rows as the header and alignment lines.
pub fn render_markdown(result: &QueryResult, graph: &Graph, options: &TableOptions) -> String {
    let mut out = String::new();
    if !result.columns.is_empty() {
        push_rows(&mut out, result, graph, options);
    }
    if let Some(plan) = &result.plan {
        if !result.columns.is_empty() {
            out.push('\n');
        }
        push_row(
            &mut out,
            super::plan::columns(plan).into_iter().map(escape_cell),
        );
        let aligns = (0..super::plan::columns(plan).len()).map(|i| {
            if super::plan::is_numeric_column(i) {
                "---:".to_string()
            } else {
                "---".to_string()
            }
        });
        push_row(&mut out, aligns);
        for line in super::plan::lines(plan) {
            let cells = super::plan::cells(plan, &line);
            push_row(
                &mut out,
                cells.into_iter().enumerate().map(|(i, text)| {
                    if i == 2 {
                        cell(&text, options)
                    } else {
                        escape_cell(&text)
                    }
                }),
            );
        }
        out.push('\n');
        out.push_str(&escape_cell(&super::plan::totals(plan)));
        out.push('\n');
    }
    push_footer(&mut out, options);
    out
}

fn push_rows(out: &mut String, result: &QueryResult, graph: &Graph, options: &TableOptions) {
    let (rows, hidden) = shown_rows(result, options);
    let null = Value::Null;

    push_row(out, result.columns.iter().map(|c| cell(c, options)));
    let aligns = (0..result.columns.len()).map(|i| {
        let mut any_number = false;
        let all_numbers = rows.iter().all(|row| match row.get(i) {
            Some(v) if is_numeric(v) => {
                any_number = true;
                true
            }
            None | Some(Value::Null) => true,
            Some(_) => false,
        });
        if all_numbers && any_number {
            "---:"
        } else {
            "---"
        }
        .to_string()
    });
    push_row(out, aligns);
    for row in rows {
        push_row(
            out,
            (0..result.columns.len())
                .map(|i| cell(&cypher_literal(row.get(i).unwrap_or(&null), graph), options)),
        );
    }
    if hidden > 0 {
        out.push('\n');
        out.push_str(&escape_cell(&more_rows_line(hidden)));
        out.push('\n');
    }
}

/// Write the Markdown table (see `render_markdown`).
pub fn write_markdown(
    result: &QueryResult,
    graph: &Graph,
    out: &mut dyn io::Write,
    options: &TableOptions,
) -> io::Result<()> {
    out.write_all(render_markdown(result, graph, options).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{NodeId, Path, RelId};
    use std::collections::BTreeMap;

    fn result(columns: &[&str], rows: Vec<Vec<Value>>) -> QueryResult {
        QueryResult {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
            ..Default::default()
        }
    }

    fn render(r: &QueryResult) -> String {
        render_markdown(r, &Graph::new(), &TableOptions::default())
    }

    #[test]
    fn basic_table_with_numeric_alignment() {
        let r = result(
            &["a.name", "n", "f"],
            vec![
                vec![Value::str("FBI"), Value::Int(1), Value::Float(1.5)],
                vec![Value::str("Germany"), Value::Null, Value::str("x")],
            ],
        );
        assert_eq!(
            render(&r),
            "| a.name | n | f |\n| --- | ---: | --- |\n| \"FBI\" | 1 | 1.5 |\n| \"Germany\" | null | \"x\" |\n"
        );
    }

    #[test]
    fn every_value_kind() {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("first_name");
        let t = g.intern("ACCUSES");
        let a = g
            .create_node(vec![actor], vec![(name, Value::str("a|b"))])
            .unwrap();
        let b = g.create_node(vec![], vec![]).unwrap();
        let r = g.create_rel(a, b, t, vec![]).unwrap();
        let res = result(
            &["v"],
            vec![
                vec![Value::Bool(false)],
                vec![Value::Float(f64::INFINITY)],
                vec![Value::Float(1e-5)],
                vec![Value::str("x|y\\z\n*w*")],
                vec![Value::List(vec![Value::Int(1)])],
                vec![Value::Map(BTreeMap::from([("k".to_string(), Value::Null)]))],
                vec![Value::Node(a)],
                vec![Value::Rel(r)],
                vec![Value::Path(Box::new(Path {
                    nodes: vec![b, a],
                    rels: vec![r],
                }))],
                vec![Value::Node(NodeId(5))],
                vec![Value::Rel(RelId(5))],
            ],
        );
        assert_eq!(
            render_markdown(&res, &g, &TableOptions::default()),
            concat!(
                "| v |\n",
                "| --- |\n",
                "| false |\n",
                "| Infinity |\n",
                "| 1.0E-5 |\n",
                "| \"x\\|y\\\\\\\\z\\\\n\\*w\\*\" |\n",
                "| \\[1\\] |\n",
                "| {k: null} |\n",
                "| (:Actor {first\\_name: \"a\\|b\"}) |\n",
                "| \\[:ACCUSES\\] |\n",
                "| ()\\<-\\[:ACCUSES\\]-(:Actor {first\\_name: \"a\\|b\"}) |\n",
                "| (deleted node 5) |\n",
                "| \\[deleted relationship 5\\] |\n",
            )
        );
    }

    #[test]
    fn unicode_and_header_escapes() {
        let r = result(&["名前|x\ny"], vec![vec![Value::str("🎉")]]);
        assert_eq!(render(&r), "| 名前\\|x\\\\ny |\n| --- |\n| \"🎉\" |\n");
    }

    #[test]
    fn zero_rows_and_no_columns() {
        assert_eq!(
            render(&result(&["a", "b"], vec![])),
            "| a | b |\n| --- | --- |\n"
        );
        assert_eq!(render(&QueryResult::default()), "");
    }

    #[test]
    fn options_apply() {
        let rows = (0..3)
            .map(|i| vec![Value::str(&format!("value {i}"))])
            .collect();
        let r = result(&["column"], rows);
        let options = TableOptions {
            max_rows: Some(1),
            max_width: Some(5),
            boxed_unicode: true,
            footer: Some("3 rows".to_string()),
        };
        assert_eq!(
            render_markdown(&r, &Graph::new(), &options),
            "| colu… |\n| --- |\n| \"val… |\n\n(2 more rows not shown)\n3 rows\n"
        );
    }
}
