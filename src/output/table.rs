//! The text table: aligned columns under a header, cypher-shell's ASCII look by default
//! (`+---+` borders) or Unicode box drawing. Cells are Cypher literals (strings quoted, line
//! breaks escaped, so every row is one line); numbers are right-aligned; widths are display
//! columns, so CJK and emoji line up.
//!
//! Uses the graph and `QueryResult` only (through `literal`); never parses queries.

use super::literal::cypher_literal;
use crate::database::QueryResult;
use crate::graph::{Graph, Value};
use crate::plan::explain::PlanDescription;
use std::borrow::Cow;
use std::io;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How the table (and Markdown) output is shaped. The default prints every row in full with
/// ASCII borders and no footer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// Print at most this many rows, then a line saying how many more there were.
    pub max_rows: Option<usize>,
    /// Truncate each cell's (and header's) text to this many display columns, ending it with
    /// `…`. Values below 1 count as 1.
    pub max_width: Option<usize>,
    /// Unicode box drawing (`┌─┬┐`) instead of ASCII (`+-+`).
    pub boxed_unicode: bool,
    /// A line printed after the table, such as `3 rows`.
    pub footer: Option<String>,
}

/// The marker ending a truncated cell.
pub const ELLIPSIS: char = '…';

/// One rendered cell.
struct Cell {
    text: String,
    width: usize,
    right: bool,
}

impl Cell {
    fn new(text: String, right: bool, max_width: Option<usize>) -> Cell {
        let text = match max_width {
            Some(max) => truncate(&text, max).into_owned(),
            None => text,
        };
        let width = text.width();
        Cell { text, width, right }
    }
}

/// The display width of a text, in terminal columns.
pub fn display_width(text: &str) -> usize {
    text.width()
}

/// A text cut to at most `max` display columns (at least 1), ending with `…` if it was cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    let max = max.max(1);
    if text.width() <= max {
        return Cow::Borrowed(text);
    }
    let budget = max - 1;
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        kept.push(c);
    }
    // Sequences (emoji with variation selectors) can be wider than their characters' sum.
    while kept.width() > budget {
        kept.pop();
    }
    kept.push(ELLIPSIS);
    Cow::Owned(kept)
}

/// A column name on one line: control characters escaped as in string literals.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// True for values printed right-aligned.
pub fn is_numeric(value: &Value) -> bool {
    matches!(value, Value::Int(_) | Value::Float(_))
}

/// The line saying how many rows `max_rows` left out.
pub fn more_rows_line(hidden: usize) -> String {
    if hidden == 1 {
        "(1 more row not shown)".to_string()
    } else {
        format!("({hidden} more rows not shown)")
    }
}

/// The rows `max_rows` lets through, and how many it holds back.
pub(crate) fn shown_rows<'a>(
    result: &'a QueryResult,
    options: &TableOptions,
) -> (&'a [Vec<Value>], usize) {
    let shown = options
        .max_rows
        .map_or(result.rows.len(), |m| m.min(result.rows.len()));
    (&result.rows[..shown], result.rows.len() - shown)
}

/// Push the footer as its own line(s).
pub(crate) fn push_footer(out: &mut String, options: &TableOptions) {
    if let Some(footer) = &options.footer {
        out.push_str(footer);
        if !footer.ends_with('\n') {
            out.push('\n');
        }
    }
}

struct Borders {
    horizontal: char,
    vertical: char,
    top: [char; 3],
    middle: [char; 3],
    bottom: [char; 3],
}

const ASCII: Borders = Borders {
    horizontal: '-',
    vertical: '|',
    top: ['+', '+', '+'],
    middle: ['+', '+', '+'],
    bottom: ['+', '+', '+'],
};

const UNICODE: Borders = Borders {
    horizontal: '─',
    vertical: '│',
    top: ['┌', '┬', '┐'],
    middle: ['├', '┼', '┤'],
    bottom: ['└', '┴', '┘'],
};

fn rule(out: &mut String, widths: &[usize], h: char, [left, mid, right]: [char; 3]) {
    out.push(left);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            out.push(mid);
        }
        out.extend(std::iter::repeat_n(h, w + 2));
    }
    out.push(right);
    out.push('\n');
}

fn line(out: &mut String, cells: &[Cell], widths: &[usize], vertical: char) {
    out.push(vertical);
    for (cell, w) in cells.iter().zip(widths) {
        let pad = w.saturating_sub(cell.width);
        out.push(' ');
        if cell.right {
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(&cell.text);
        } else {
            out.push_str(&cell.text);
            out.extend(std::iter::repeat_n(' ', pad));
        }
        out.push(' ');
        out.push(vertical);
    }
    out.push('\n');
}

/// The table as text, then the plan of EXPLAIN or PROFILE (see `render_plan`) and the footer
/// (if any). A result with no columns and no plan renders as just the footer.
pub fn render_table(result: &QueryResult, graph: &Graph, options: &TableOptions) -> String {
    let mut out = String::new();
    if !result.columns.is_empty() {
        push_rows_table(&mut out, result, graph, options);
    }
    if let Some(plan) = &result.plan {
        if !result.columns.is_empty() {
            out.push('\n');
        }
        out.push_str(&render_plan(plan, options));
    }
    push_footer(&mut out, options);
    out
}

fn borders(options: &TableOptions) -> &'static Borders {
    if options.boxed_unicode {
        &UNICODE
    } else {
        &ASCII
    }
}

/// The plan of EXPLAIN or PROFILE as a table, cypher-shell style: the operator tree (root
/// first; `|\` opens a branch, `| ` marks the lines of the branches an operator is in), its
/// id, details and estimated rows, and for PROFILE the rows it produced and its own time;
/// then the totals line. Honours `boxed_unicode` and `max_width`.
pub fn render_plan(plan: &PlanDescription, options: &TableOptions) -> String {
    let borders = borders(options);
    let header: Vec<Cell> = super::plan::columns(plan)
        .into_iter()
        .map(|c| Cell::new(c.to_string(), false, None))
        .collect();
    let body: Vec<Vec<Cell>> = super::plan::lines(plan)
        .iter()
        .map(|line| {
            super::plan::cells(plan, line)
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    let max = if i == 2 { options.max_width } else { None };
                    Cell::new(
                        one_line(&text).into_owned(),
                        super::plan::is_numeric_column(i),
                        max,
                    )
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|c| c.width).collect();
    for row in &body {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width);
        }
    }
    let mut out = String::new();
    rule(&mut out, &widths, borders.horizontal, borders.top);
    line(&mut out, &header, &widths, borders.vertical);
    rule(&mut out, &widths, borders.horizontal, borders.middle);
    for row in &body {
        line(&mut out, row, &widths, borders.vertical);
    }
    rule(&mut out, &widths, borders.horizontal, borders.bottom);
    out.push_str(&super::plan::totals(plan));
    out.push('\n');
    out
}

/// The result's columns and rows as a table.
fn push_rows_table(out: &mut String, result: &QueryResult, graph: &Graph, options: &TableOptions) {
    let borders = borders(options);
    let (rows, hidden) = shown_rows(result, options);

    let header: Vec<Cell> = result
        .columns
        .iter()
        .map(|c| Cell::new(one_line(c).into_owned(), false, options.max_width))
        .collect();
    let body: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            (0..result.columns.len())
                .map(|i| match row.get(i) {
                    Some(v) => {
                        Cell::new(cypher_literal(v, graph), is_numeric(v), options.max_width)
                    }
                    None => Cell::new(String::new(), false, None),
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|c| c.width).collect();
    for row in &body {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width);
        }
    }

    rule(out, &widths, borders.horizontal, borders.top);
    line(out, &header, &widths, borders.vertical);
    if body.is_empty() {
        rule(out, &widths, borders.horizontal, borders.bottom);
        if hidden == 0 {
            out.push_str("(no rows)\n");
        }
    } else {
        rule(out, &widths, borders.horizontal, borders.middle);
        for row in &body {
            line(out, row, &widths, borders.vertical);
        }
        rule(out, &widths, borders.horizontal, borders.bottom);
    }
    if hidden > 0 {
        out.push_str(&more_rows_line(hidden));
        out.push('\n');
    }
}

/// Write the table (see `render_table`).
pub fn write_table(
    result: &QueryResult,
    graph: &Graph,
    out: &mut dyn io::Write,
    options: &TableOptions,
) -> io::Result<()> {
    out.write_all(render_table(result, graph, options).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{NodeId, Path};
    use std::collections::BTreeMap;

    fn result(columns: &[&str], rows: Vec<Vec<Value>>) -> QueryResult {
        QueryResult {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
            ..Default::default()
        }
    }

    fn render(r: &QueryResult, options: &TableOptions) -> String {
        render_table(r, &Graph::new(), options)
    }

    fn names() -> QueryResult {
        result(
            &["a.name"],
            vec![vec![Value::str("FBI")], vec![Value::str("Germany")]],
        )
    }

    #[test]
    fn ascii_by_default() {
        assert_eq!(
            render(&names(), &TableOptions::default()),
            "\
+-----------+
| a.name    |
+-----------+
| \"FBI\"     |
| \"Germany\" |
+-----------+
"
        );
    }

    #[test]
    fn unicode_box() {
        let r = result(&["n", "name"], vec![vec![Value::Int(1), Value::str("x")]]);
        let options = TableOptions {
            boxed_unicode: true,
            ..TableOptions::default()
        };
        assert_eq!(
            render(&r, &options),
            "\
┌───┬──────┐
│ n │ name │
├───┼──────┤
│ 1 │ \"x\"  │
└───┴──────┘
"
        );
    }

    #[test]
    fn numbers_right_aligned_and_every_scalar_kind() {
        let r = result(
            &["v"],
            vec![
                vec![Value::Int(7)],
                vec![Value::Int(-12345)],
                vec![Value::Float(2.0)],
                vec![Value::Float(1e20)],
                vec![Value::Float(f64::NAN)],
                vec![Value::Null],
                vec![Value::Bool(true)],
                vec![Value::str("a\nb")],
                vec![Value::List(vec![Value::Int(1), Value::str("a")])],
                vec![Value::Map(BTreeMap::from([(
                    "k".to_string(),
                    Value::Float(0.5),
                )]))],
                vec![Value::Node(NodeId(3))],
            ],
        );
        assert_eq!(
            render(&r, &TableOptions::default()),
            "\
+------------------+
| v                |
+------------------+
|                7 |
|           -12345 |
|              2.0 |
|           1.0E20 |
|              NaN |
| null             |
| true             |
| \"a\\nb\"           |
| [1, \"a\"]         |
| {k: 0.5}         |
| (deleted node 3) |
+------------------+
"
        );
    }

    #[test]
    fn graph_entities() {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let t = g.intern("ACCUSES");
        let a = g
            .create_node(vec![actor], vec![(name, Value::str("FBI"))])
            .unwrap();
        let b = g
            .create_node(vec![actor], vec![(name, Value::str("東京"))])
            .unwrap();
        let r = g.create_rel(a, b, t, vec![]).unwrap();
        let res = result(
            &["a", "r", "p"],
            vec![vec![
                Value::Node(a),
                Value::Rel(r),
                Value::Path(Box::new(Path {
                    nodes: vec![b, a],
                    rels: vec![r],
                })),
            ]],
        );
        assert_eq!(
            render_table(&res, &g, &TableOptions::default()),
            "\
+------------------------+------------+------------------------------------------------------------+
| a                      | r          | p                                                          |
+------------------------+------------+------------------------------------------------------------+
| (:Actor {name: \"FBI\"}) | [:ACCUSES] | (:Actor {name: \"東京\"})<-[:ACCUSES]-(:Actor {name: \"FBI\"}) |
+------------------------+------------+------------------------------------------------------------+
"
        );
    }

    #[test]
    fn wide_characters_line_up() {
        let r = result(
            &["名前", "n"],
            vec![
                vec![Value::str("日本"), Value::Int(1)],
                vec![Value::str("🎉x"), Value::Int(22)],
                vec![Value::str("e\u{301}"), Value::Int(333)],
            ],
        );
        assert_eq!(
            render(&r, &TableOptions::default()),
            "\
+--------+-----+
| 名前   | n   |
+--------+-----+
| \"日本\" |   1 |
| \"🎉x\"  |  22 |
| \"e\u{301}\"    | 333 |
+--------+-----+
"
        );
    }

    #[test]
    fn max_width_truncates_with_marker() {
        let r = result(
            &["a long column name"],
            vec![
                vec![Value::str("abcdefghij")],
                vec![Value::str("日本語です")],
                vec![Value::Int(123456789)],
                vec![Value::str("ok")],
            ],
        );
        let options = TableOptions {
            max_width: Some(6),
            ..TableOptions::default()
        };
        assert_eq!(
            render(&r, &options),
            "\
+--------+
| a lon… |
+--------+
| \"abcd… |
| \"日本… |
| 12345… |
| \"ok\"   |
+--------+
"
        );
    }

    #[test]
    fn truncate_edge_cases() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("abcd", 1), "…");
        assert_eq!(truncate("abcd", 0), "…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(truncate("日本語", 5), "日本…");
        assert_eq!(truncate("", 0), "");
        assert!(display_width(&truncate("❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}", 4)) <= 4);
    }

    #[test]
    fn max_rows_reports_the_rest() {
        let rows = (0..5).map(|i| vec![Value::Int(i)]).collect();
        let r = result(&["i"], rows);
        let options = TableOptions {
            max_rows: Some(2),
            ..TableOptions::default()
        };
        assert_eq!(
            render(&r, &options),
            "+---+\n| i |\n+---+\n| 0 |\n| 1 |\n+---+\n(3 more rows not shown)\n"
        );
        let options = TableOptions {
            max_rows: Some(4),
            ..TableOptions::default()
        };
        assert!(render(&r, &options).ends_with("| 3 |\n+---+\n(1 more row not shown)\n"));
        let options = TableOptions {
            max_rows: Some(5),
            ..TableOptions::default()
        };
        assert!(render(&r, &options).ends_with("| 4 |\n+---+\n"));
        let options = TableOptions {
            max_rows: Some(0),
            ..TableOptions::default()
        };
        assert_eq!(
            render(&r, &options),
            "+---+\n| i |\n+---+\n(5 more rows not shown)\n"
        );
    }

    #[test]
    fn zero_rows() {
        let r = result(&["a", "b"], vec![]);
        assert_eq!(
            render(&r, &TableOptions::default()),
            "+---+---+\n| a | b |\n+---+---+\n(no rows)\n"
        );
        let options = TableOptions {
            boxed_unicode: true,
            ..TableOptions::default()
        };
        assert_eq!(
            render(&r, &options),
            "┌───┬───┐\n│ a │ b │\n└───┴───┘\n(no rows)\n"
        );
    }

    #[test]
    fn no_columns_print_only_the_footer() {
        let r = QueryResult::default();
        assert_eq!(render(&r, &TableOptions::default()), "");
        let options = TableOptions {
            footer: Some("Nodes created: 1".to_string()),
            ..TableOptions::default()
        };
        assert_eq!(render(&r, &options), "Nodes created: 1\n");
    }

    #[test]
    fn footer_follows_table() {
        let options = TableOptions {
            footer: Some("2 rows".to_string()),
            ..TableOptions::default()
        };
        assert!(render(&names(), &options).ends_with("+-----------+\n2 rows\n"));
    }

    #[test]
    fn ragged_rows_and_odd_headers_do_not_panic() {
        let r = result(
            &["x\ny", "z"],
            vec![
                vec![Value::Int(1)],
                vec![Value::Int(1), Value::Int(2), Value::Int(3)],
            ],
        );
        assert_eq!(
            render(&r, &TableOptions::default()),
            "\
+------+---+
| x\\ny | z |
+------+---+
|    1 |   |
|    1 | 2 |
+------+---+
"
        );
    }
}
