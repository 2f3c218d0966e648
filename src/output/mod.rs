//! Output: renders results as a table, JSON Lines or CSV, and values in Cypher notation. The
//! plan of EXPLAIN and PROFILE follows the rows in every format (`plan` has its cells).
//!
//! Output uses the graph (to resolve nodes, relationships and names) and `QueryResult` only;
//! it never parses queries and never fails on any value: only the writer's I/O errors are
//! returned.

pub mod csv;
pub mod json;
pub mod literal;
pub mod markdown;
pub mod plan;
pub mod table;

pub use literal::{cypher_literal, cypher_string, float_literal};
pub use table::TableOptions;

use crate::database::QueryResult;
use crate::graph::Graph;
use std::fmt;
use std::io;
use std::str::FromStr;

/// How results are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// An aligned text table, cypher-shell style (honours every `TableOptions` field).
    #[default]
    Table,
    /// JSON Lines: one object per row (ignores `TableOptions`).
    Json,
    /// RFC 4180 CSV with a header line (ignores `TableOptions`).
    Csv,
    /// A GitHub-flavoured Markdown table (honours `max_rows`, `max_width` and `footer`).
    Markdown,
}

impl Format {
    /// The name `FromStr` accepts.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of `table`, `json`, `csv`, `markdown`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown output format '{}' (expected table, json, csv or markdown)",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// `table`, `json`, `csv` or `markdown`, in any letter case.
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        match s.to_ascii_lowercase().as_str() {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "markdown" => Ok(Format::Markdown),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// Write a result in a format. A result with no columns (a statement that returns nothing)
/// writes nothing, except the table and Markdown footer if one is given. A result with a plan
/// (EXPLAIN, PROFILE) writes it after the rows: a table after the table (and in Markdown), a
/// last object `{"plan": ...}` (EXPLAIN) or `{"profile": ...}` (PROFILE) in JSON Lines, and a
/// second CSV table after an empty line.
pub fn write(
    format: Format,
    result: &QueryResult,
    graph: &Graph,
    out: &mut dyn io::Write,
    options: &TableOptions,
) -> io::Result<()> {
    match format {
        Format::Table => table::write_table(result, graph, out, options),
        Format::Json => json::write_json_lines(result, graph, out),
        Format::Csv => csv::write_csv(result, graph, out),
        Format::Markdown => markdown::write_markdown(result, graph, out, options),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Value;

    #[test]
    fn format_names_round_trip() {
        for f in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!("JSON".parse::<Format>(), Ok(Format::Json));
        let err = "xml".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown output format 'xml' (expected table, json, csv or markdown)"
        );
        assert_eq!(Format::default(), Format::Table);
    }

    fn render(format: Format, result: &QueryResult) -> String {
        let mut out = Vec::new();
        write(
            format,
            result,
            &Graph::new(),
            &mut out,
            &TableOptions::default(),
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn dispatches_to_each_format() {
        let result = QueryResult {
            columns: vec!["x".to_string()],
            rows: vec![vec![Value::Float(1.0)]],
            ..Default::default()
        };
        assert_eq!(
            render(Format::Table, &result),
            "+-----+\n| x   |\n+-----+\n| 1.0 |\n+-----+\n"
        );
        assert_eq!(render(Format::Json, &result), "{\"x\":1.0}\n");
        assert_eq!(render(Format::Csv, &result), "x\n1.0\n");
        assert_eq!(
            render(Format::Markdown, &result),
            "| x |\n| ---: |\n| 1.0 |\n"
        );
    }

    #[test]
    fn no_columns_print_nothing() {
        let result = QueryResult::default();
        for f in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
            assert_eq!(render(f, &result), "", "{f}");
        }
    }
}
