//! Neo4j admin-import CSV: nodes files and relationships files, each with a header line of
//! `name:type` fields.
//!
//! - Nodes: one `:ID` column (`id:ID` also stores the id as the string property `id`;
//!   `:ID(group)` puts the ids in a separate id space), any number of `:LABEL` columns (labels
//!   separated by `;`), property columns.
//! - Relationships: `:START_ID` and `:END_ID` (with `(group)` when the nodes used one), `:TYPE`,
//!   property columns. They refer to the nodes of the same load only.
//! - Property columns: `name` (a string), `name:int` / `long` / `short` / `byte` (an integer),
//!   `float` / `double`, `boolean` (`true` or `false`), `string` / `char`, and arrays of them
//!   with `[]` (`names:string[]`, elements separated by `;`). An empty cell sets no property.
//! - `:IGNORE` columns are skipped.
//!
//! Errors name the file, the line and the field, and the graph is left as it was.

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::exec::update::Stats;
use crate::graph::{Graph, NodeId, Sym, Value};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

/// Which kind of file a CSV file is, by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvKind {
    /// Its header has an `:ID` field.
    Nodes,
    /// Its header has a `:START_ID` field.
    Relationships,
}

/// Files at least this large (all together) get a progress bar, when stderr is a terminal.
const PROGRESS_MIN_BYTES: u64 = 8 << 20;

fn load_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Load, message)
}

fn reader(path: &Path) -> Result<csv::Reader<std::fs::File>> {
    let file = std::fs::File::open(path)
        .map_err(|e| load_error(format!("cannot read {}: {e}", path.display())))?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(file))
}

/// Read the next record; false at the end of the file.
fn next_record(
    rdr: &mut csv::Reader<std::fs::File>,
    record: &mut csv::ByteRecord,
    path: &Path,
) -> Result<bool> {
    rdr.read_byte_record(record).map_err(|e| {
        let line = e
            .position()
            .map(|p| format!(":{}", p.line()))
            .unwrap_or_default();
        let what = match e.kind() {
            csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
            _ => e.to_string(),
        };
        load_error(format!("{}{line}: {what}", path.display()))
    })
}

/// The header fields of a CSV file, as text.
fn header_fields(path: &Path) -> Result<Vec<String>> {
    let mut rdr = reader(path)?;
    let mut record = csv::ByteRecord::new();
    if !next_record(&mut rdr, &mut record, path)? {
        return Err(load_error(format!(
            "{}: the file is empty (a header line is expected)",
            path.display()
        )));
    }
    record
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let f = if i == 0 {
                f.strip_prefix(b"\xef\xbb\xbf").unwrap_or(f)
            } else {
                f
            };
            std::str::from_utf8(f).map(str::to_string).map_err(|_| {
                load_error(format!(
                    "{}:1: header field {} is not valid UTF-8",
                    path.display(),
                    i + 1
                ))
            })
        })
        .collect()
}

/// Tell a nodes file from a relationships file by its header.
pub fn csv_kind(path: &Path) -> Result<CsvKind> {
    let fields = header_fields(path)?;
    let kinds: Vec<String> = fields
        .iter()
        .map(|f| split_field(f).1.to_ascii_uppercase())
        .collect();
    if kinds.iter().any(|k| k.starts_with("START_ID")) {
        Ok(CsvKind::Relationships)
    } else if kinds.iter().any(|k| k.starts_with("ID")) {
        Ok(CsvKind::Nodes)
    } else {
        Err(load_error(format!(
            "{}: cannot tell whether the file holds nodes or relationships",
            path.display()
        ))
        .with_help("a nodes file's header has an `:ID` field, a relationships file's `:START_ID`, `:END_ID` and `:TYPE`"))
    }
}

/// `name:type` split at the colon before the type (`id:ID(my:group)` keeps its group whole).
fn split_field(field: &str) -> (&str, &str) {
    let search_end = match (field.ends_with(')'), field.rfind('(')) {
        (true, Some(open)) => open,
        _ => field.len(),
    };
    match field[..search_end].rfind(':') {
        Some(colon) => (&field[..colon], &field[colon + 1..]),
        None => (field, ""),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    Int,
    Float,
    Bool,
    Str,
}

impl Ty {
    fn parse(name: &str) -> Option<Ty> {
        Some(match name.to_ascii_lowercase().as_str() {
            "" | "string" | "char" => Ty::Str,
            "int" | "long" | "short" | "byte" => Ty::Int,
            "float" | "double" => Ty::Float,
            "boolean" => Ty::Bool,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
enum Col {
    Id { group: usize, key: Option<Sym> },
    Label,
    Start(usize),
    End(usize),
    Type,
    Ignore,
    Prop { key: Sym, ty: Ty, array: bool },
}

/// Id spaces: the global one (index 0) and one per `(group)`.
#[derive(Default)]
struct IdSpaces {
    groups: HashMap<String, usize>,
    names: Vec<String>,
    ids: Vec<HashMap<Box<str>, NodeId>>,
}

impl IdSpaces {
    /// The index of an id space (the global one is ""), declaring it on first use.
    fn group(&mut self, name: &str) -> usize {
        if let Some(&g) = self.groups.get(name) {
            return g;
        }
        self.names.push(name.to_string());
        self.ids.push(HashMap::new());
        self.groups.insert(name.to_string(), self.ids.len() - 1);
        self.ids.len() - 1
    }

    fn describe(&self, group: usize) -> String {
        if self.names[group].is_empty() {
            String::new()
        } else {
            format!(" in id space `{}`", self.names[group])
        }
    }
}

/// The group of an `ID(group)` type, or "" for none.
fn group_of<'a>(ty: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = &ty[keyword.len()..];
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix('(')?.strip_suffix(')')
    }
}

/// Whether a column is of a kind the header needs exactly one of.
type ColTest = fn(&Col) -> bool;

struct Loader<'g> {
    graph: &'g mut Graph,
    spaces: IdSpaces,
    stats: Stats,
    bar: Option<indicatif::ProgressBar>,
    /// Bytes of the files already read, for the progress bar.
    done: u64,
}

/// Load Neo4j admin-import CSV files: every nodes file, then every relationships file, whose
/// `:START_ID` and `:END_ID` refer to the nodes of these nodes files. All or nothing: on any
/// error the graph is left as it was. With `progress`, large files show a progress bar on
/// stderr when stderr is a terminal.
pub fn load_neo4j_csv(
    graph: &mut Graph,
    nodes: &[&Path],
    rels: &[&Path],
    progress: bool,
) -> Result<Stats> {
    let total: u64 = nodes
        .iter()
        .chain(rels)
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar =
        (progress && total >= PROGRESS_MIN_BYTES && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
    let names_before = graph.name_count();
    // One bulk load: the adjacency is built once at the end instead of per relationship.
    let (result, stats) = graph.bulk(|graph| {
        graph.begin();
        let mut loader = Loader {
            graph,
            spaces: IdSpaces::default(),
            stats: Stats::default(),
            bar,
            done: 0,
        };
        let result = (|| {
            for path in nodes {
                loader.file(path, CsvKind::Nodes)?;
            }
            for path in rels {
                loader.file(path, CsvKind::Relationships)?;
            }
            Ok(())
        })();
        if let Some(bar) = &loader.bar {
            bar.finish_and_clear();
        }
        let stats = loader.stats;
        match &result {
            Ok(()) => graph.commit(),
            Err(_) => graph.rollback(),
        }
        (result, stats)
    });
    match result {
        Ok(()) => {
            graph.shrink();
            Ok(stats)
        }
        Err(e) => {
            graph.truncate_names(names_before);
            Err(e)
        }
    }
}

impl Loader<'_> {
    fn header(&mut self, path: &Path, fields: &[String], kind: CsvKind) -> Result<Vec<Col>> {
        let file = path.display();
        let err = |message: String| load_error(format!("{file}:1: {message}"));
        let mut cols = Vec::with_capacity(fields.len());
        let mut seen_props: HashMap<&str, usize> = HashMap::new();
        for (i, field) in fields.iter().enumerate() {
            let (name, ty) = split_field(field);
            let upper = ty.to_ascii_uppercase();
            let col = if upper.starts_with("START_ID") || upper.starts_with("END_ID") {
                let keyword = if upper.starts_with("START_ID") {
                    "START_ID"
                } else {
                    "END_ID"
                };
                if kind == CsvKind::Nodes {
                    return Err(err(format!("field `{field}`: a nodes file has no :{keyword} (is this a relationships file?)")));
                }
                let group = group_of(ty, keyword).ok_or_else(|| {
                    err(format!(
                        "field `{field}`: expected :{keyword} or :{keyword}(group)"
                    ))
                })?;
                let Some(&g) = self.spaces.groups.get(group) else {
                    let space = if group.is_empty() {
                        "the global id space".to_string()
                    } else {
                        format!("id space `{group}`")
                    };
                    return Err(err(format!(
                        "field `{field}` refers to {space}, which no nodes file of this load declares"
                    ))
                    .with_help("give the nodes file in the same load, e.g. `relq --load nodes.csv --load relationships.csv`"));
                };
                if keyword == "START_ID" {
                    Col::Start(g)
                } else {
                    Col::End(g)
                }
            } else if upper.starts_with("ID") {
                if kind == CsvKind::Relationships {
                    return Err(err(format!("field `{field}`: a relationships file has no :ID (it has :START_ID and :END_ID)")));
                }
                let group = group_of(ty, "ID")
                    .ok_or_else(|| err(format!("field `{field}`: expected :ID or :ID(group)")))?;
                let key = (!name.is_empty()).then(|| self.graph.intern(name));
                Col::Id {
                    group: self.spaces.group(group),
                    key,
                }
            } else if upper == "LABEL" {
                if kind == CsvKind::Relationships {
                    return Err(err(format!(
                        "field `{field}`: relationships have a :TYPE, not labels"
                    )));
                }
                Col::Label
            } else if upper == "TYPE" {
                if kind == CsvKind::Nodes {
                    return Err(err(format!("field `{field}`: nodes have labels, not a :TYPE (is this a relationships file?)")));
                }
                Col::Type
            } else if upper == "IGNORE" {
                Col::Ignore
            } else {
                let (base, array) = match ty.strip_suffix("[]") {
                    Some(b) => (b, true),
                    None => (ty, false),
                };
                let ty = Ty::parse(base).ok_or_else(|| {
                    err(format!("field `{field}` has type `{ty}`, which relq does not load"))
                        .with_help("relq loads int, long, short, byte, float, double, boolean, string and char, and arrays of them such as string[]; declare other columns as string")
                })?;
                if name.is_empty() {
                    return Err(err(format!(
                        "field {} (`{field}`) has no property name",
                        i + 1
                    )));
                }
                if let Some(first) = seen_props.insert(name, i) {
                    return Err(err(format!(
                        "property `{name}` appears twice (fields {} and {})",
                        first + 1,
                        i + 1
                    )));
                }
                Col::Prop {
                    key: self.graph.intern(name),
                    ty,
                    array,
                }
            };
            cols.push(col);
        }
        let count = |f: fn(&Col) -> bool| cols.iter().filter(|c| f(c)).count();
        let missing = |what: &str| {
            load_error(format!("{file}:1: the header has no {what} field"))
                .with_help("a nodes file's header has an `:ID` field, a relationships file's `:START_ID`, `:END_ID` and `:TYPE`")
        };
        let twice = |what: &str| {
            load_error(format!(
                "{file}:1: the header has more than one {what} field"
            ))
        };
        let checks: &[(&str, ColTest)] = match kind {
            CsvKind::Nodes => &[(":ID", |c| matches!(c, Col::Id { .. }))],
            CsvKind::Relationships => &[
                (":START_ID", |c| matches!(c, Col::Start(_))),
                (":END_ID", |c| matches!(c, Col::End(_))),
                (":TYPE", |c| matches!(c, Col::Type)),
            ],
        };
        for (what, f) in checks {
            match count(*f) {
                0 => return Err(missing(what)),
                1 => {}
                _ => return Err(twice(what)),
            }
        }
        Ok(cols)
    }

    fn file(&mut self, path: &Path, kind: CsvKind) -> Result<()> {
        let fields = header_fields(path)?;
        let cols = self.header(path, &fields, kind)?;
        let file = path.display().to_string();
        if let Some(bar) = &self.bar {
            bar.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
        let mut rdr = reader(path)?;
        let mut record = csv::ByteRecord::new();
        next_record(&mut rdr, &mut record, path)?; // the header
        let mut rows: u64 = 0;
        while next_record(&mut rdr, &mut record, path)? {
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != cols.len() {
                if record.len() == 1 && record[0].is_empty() {
                    continue; // a blank line
                }
                return Err(load_error(format!(
                    "{file}:{line}: expected {} fields (as in the header), found {}",
                    cols.len(),
                    record.len()
                )));
            }
            let at = |i: usize, message: String| {
                load_error(format!("{file}:{line}: field `{}`: {message}", fields[i]))
            };
            let text = |i: usize| {
                std::str::from_utf8(&record[i]).map_err(|_| at(i, "not valid UTF-8".to_string()))
            };
            match kind {
                CsvKind::Nodes => self.node_row(&cols, &text, &at)?,
                CsvKind::Relationships => self.rel_row(&cols, &text, &at)?,
            }
            rows += 1;
            if rows.is_multiple_of(65_536) {
                if let Some(bar) = &self.bar {
                    bar.set_position(self.done + record.position().map_or(0, |p| p.byte()));
                }
            }
        }
        self.done += std::fs::metadata(path).map_or(0, |m| m.len());
        if let Some(bar) = &self.bar {
            bar.set_position(self.done);
        }
        Ok(())
    }

    fn node_row<'r>(
        &mut self,
        cols: &[Col],
        text: &impl Fn(usize) -> Result<&'r str>,
        at: &impl Fn(usize, String) -> Error,
    ) -> Result<()> {
        let mut labels = Vec::new();
        let mut props = Vec::new();
        let mut id = None;
        for (i, col) in cols.iter().enumerate() {
            match col {
                Col::Id { group, key } => {
                    let t = text(i)?;
                    if t.is_empty() {
                        return Err(at(i, "the id is empty".to_string()));
                    }
                    if let Some(k) = key {
                        props.push((*k, Value::str(t)));
                    }
                    id = Some((*group, t, i));
                }
                Col::Label => {
                    for l in text(i)?.split(';').filter(|l| !l.is_empty()) {
                        labels.push(self.graph.intern(l));
                    }
                }
                Col::Prop { key, ty, array } => {
                    if let Some(v) = cell(*ty, *array, text(i)?).map_err(|m| at(i, m))? {
                        props.push((*key, v));
                    }
                }
                _ => {}
            }
        }
        let (group, key, i) = id.expect("the header has an :ID field");
        if self.spaces.ids[group].contains_key(key) {
            return Err(at(
                i,
                format!("duplicate id `{key}`{}", self.spaces.describe(group)),
            ));
        }
        let (nlabels, nprops) = (labels.len(), props.len());
        let node = self
            .graph
            .create_node(labels, props)
            .map_err(|_| load_error("the graph is full"))?;
        self.spaces.ids[group].insert(key.into(), node);
        self.stats.nodes_created += 1;
        self.stats.labels_added += nlabels;
        self.stats.props_set += nprops;
        Ok(())
    }

    fn rel_row<'r>(
        &mut self,
        cols: &[Col],
        text: &impl Fn(usize) -> Result<&'r str>,
        at: &impl Fn(usize, String) -> Error,
    ) -> Result<()> {
        let mut props = Vec::new();
        let (mut start, mut end, mut ty) = (NodeId(0), NodeId(0), Sym(0));
        for (i, col) in cols.iter().enumerate() {
            match col {
                Col::Start(group) | Col::End(group) => {
                    let t = text(i)?;
                    let node = *self.spaces.ids[*group].get(t).ok_or_else(|| {
                        at(
                            i,
                            format!(
                                "`{t}` is not the id of a node{} of this load",
                                self.spaces.describe(*group)
                            ),
                        )
                    })?;
                    if matches!(col, Col::Start(_)) {
                        start = node;
                    } else {
                        end = node;
                    }
                }
                Col::Type => {
                    let t = text(i)?;
                    if t.is_empty() {
                        return Err(at(i, "the relationship type is empty".to_string()));
                    }
                    ty = self.graph.intern(t);
                }
                Col::Prop { key, ty, array } => {
                    if let Some(v) = cell(*ty, *array, text(i)?).map_err(|m| at(i, m))? {
                        props.push((*key, v));
                    }
                }
                _ => {}
            }
        }
        let nprops = props.len();
        self.graph
            .create_rel(start, end, ty, props)
            .map_err(|_| load_error("the graph is full"))?;
        self.stats.rels_created += 1;
        self.stats.props_set += nprops;
        Ok(())
    }
}

/// A cell (or array element) as a value of its column's type.
/// A typed cell: None when empty (no property), a list for an array column (`;` between
/// elements).
fn cell(ty: Ty, array: bool, text: &str) -> std::result::Result<Option<Value>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let value = if array {
        Value::List(
            text.split(';')
                .map(|e| parse(ty, e))
                .collect::<std::result::Result<_, _>>()?,
        )
    } else {
        parse(ty, text)?
    };
    Ok(Some(value))
}

fn parse(ty: Ty, text: &str) -> std::result::Result<Value, String> {
    match ty {
        Ty::Str => Ok(Value::str(text)),
        Ty::Int => text
            .trim()
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| format!("`{text}` is not an integer")),
        Ty::Float => text
            .trim()
            .parse::<f64>()
            .map(Value::Float)
            .map_err(|_| format!("`{text}` is not a number")),
        Ty::Bool => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not a boolean (true or false)")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_at_the_type() {
        assert_eq!(split_field("name"), ("name", ""));
        assert_eq!(split_field("id:ID(my:group)"), ("id", "ID(my:group)"));
        assert_eq!(split_field(":START_ID(Actor)"), ("", "START_ID(Actor)"));
        assert_eq!(split_field("a:b:int[]"), ("a:b", "int[]"));
        assert_eq!(group_of("ID(x)", "ID"), Some("x"));
        assert_eq!(group_of("ID", "ID"), Some(""));
        assert_eq!(group_of("IDX", "ID"), None);
    }
}
