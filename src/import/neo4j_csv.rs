//! Neo4j admin-import CSV: nodes files and relationships files, each with a header line of
//! `name:type` fields.
//!
//! - Nodes: one `:ID` column (`id:ID` also stores the id as the string property `id`;
//!   `:ID(group)` puts the ids in a separate id space), any number of `:LABEL` columns (labels
//!   separated by `;`), property columns.
//! - Relationships: `:START_ID` and `:END_ID` (with `(group)` when the nodes used one), `:TYPE`,
//!   property columns. They refer to the nodes of the same load only.
//! - Property columns: `name` (a string), `name:int` / `long` / `short` / `byte` (an integer),
//!   `float` / `double`, `boolean` (`true` or `false`), `string` / `char`, the temporal types
//!   `date`, `localtime`, `time`, `localdatetime`, `datetime`, `duration` (ISO 8601 text as
//!   Neo4j reads it: `2020-11-14`, `2020-11-14T10:00:00+01:00[Europe/Berlin]`, `P1D`),
//!   `point` (`{latitude:55.6, longitude:12.9}`, `{x:1, y:2, crs:cartesian}`), and arrays of them
//!   with `[]` (`names:string[]`, elements separated by `;`). An empty cell sets no property;
//!   an empty quoted cell (`""`) sets an empty string, or an empty array in an array column.
//! - `:IGNORE` columns are skipped.
//!
//! - A quote that opens a field must be closed: one left open at the end of the file is an
//!   error at the line where it opens, not a field holding the rest of the file.
//!
//! Errors name the file, the line and the field, and the graph is left as it was. A CSV file
//! must be a regular file (it is read more than once): a device or a pipe is refused.

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::exec::update::Stats;
use crate::graph::{BulkColumn, Cells, Graph, NodeId, RelGroup, Strs, Sym, Value};
use foldhash::fast::FixedState;
use hashbrown::hash_table::{Entry, HashTable};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;

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

/// Open a CSV file: a regular file only (it is read more than once, so not a pipe; never a
/// device such as `/dev/zero`).
fn open_csv(path: &Path) -> Result<std::fs::File> {
    let cannot =
        |e: &dyn std::fmt::Display| load_error(format!("cannot read {}: {e}", path.display()));
    let (file, _) = crate::input::open(path).map_err(|e| cannot(&e))?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        Ok(_) => Err(cannot(
            &"it is a pipe, not a file (a CSV file is read more than once)",
        )),
        Err(e) => Err(cannot(&e)),
    }
}

/// A CSV reader that knows what the csv crate does not say: which empty fields were quoted
/// (`""`, an empty string, against an empty field, no value), and a quote left open at the end
/// of the input (an error, not a field that swallows the rest of the file). Otherwise it reads
/// as the csv crate does: `,` between fields, `""` for a quote inside quotes, text after a
/// closing quote kept, `\n`, `\r` or `\r\n` between records, blank lines skipped.
struct Records<R: Read> {
    from: std::io::BufReader<R>,
    /// The line of the next byte, counting from 1.
    line: u64,
    /// Bytes consumed.
    bytes: u64,
    field: Vec<u8>,
    /// Per field of the last record: whether it was an empty quoted field.
    quoted_empty: Vec<bool>,
}

/// Why `Records` stopped: an unterminated quote (at its line), or a read error.
enum RecordError {
    Unterminated(u64),
    Io(std::io::Error),
}

impl<R: Read> Records<R> {
    fn new(from: R) -> Records<R> {
        Records {
            from: std::io::BufReader::with_capacity(1 << 16, from),
            line: 1,
            bytes: 0,
            field: Vec::new(),
            quoted_empty: Vec::new(),
        }
    }

    /// Skip a UTF-8 byte order mark at the start.
    fn skip_bom(&mut self) -> std::io::Result<()> {
        use std::io::BufRead;
        let buf = self.from.fill_buf()?;
        if buf.starts_with(b"\xef\xbb\xbf") {
            self.from.consume(3);
            self.bytes += 3;
        }
        Ok(())
    }

    /// The next record into `record` (its position's line is the line it starts on); false
    /// at the end of the input.
    fn read(&mut self, record: &mut csv::ByteRecord) -> std::result::Result<bool, RecordError> {
        use std::io::BufRead;
        #[derive(PartialEq)]
        enum State {
            Record,
            Field,
            Unquoted,
            Quoted,
            QuoteInQuote,
        }
        let Records {
            from,
            line,
            bytes,
            field,
            quoted_empty,
        } = self;
        record.clear();
        quoted_empty.clear();
        field.clear();
        let mut end_field = |record: &mut csv::ByteRecord, field: &mut Vec<u8>, quoted: bool| {
            record.push_field(field);
            quoted_empty.push(quoted && field.is_empty());
            field.clear();
        };
        let finish = |record: &mut csv::ByteRecord, line: u64| {
            let mut pos = csv::Position::new();
            pos.set_line(line);
            record.set_position(Some(pos));
        };
        let mut state = State::Record;
        let (mut start, mut quote_line, mut quoted) = (*line, *line, false);
        loop {
            let buf = match from.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(RecordError::Io(e)),
            };
            if buf.is_empty() {
                return match state {
                    State::Record => Ok(false),
                    State::Quoted => Err(RecordError::Unterminated(quote_line)),
                    _ => {
                        end_field(record, field, quoted);
                        finish(record, start);
                        Ok(true)
                    }
                };
            }
            // Runs of plain bytes are copied at once; the state changes at the bytes that
            // matter (quotes, commas, line ends).
            let n = buf.len();
            let mut i = 0;
            let mut done = false;
            while i < n && !done {
                match state {
                    State::Record => {
                        match buf[i] {
                            b'\n' => *line += 1,
                            b'\r' => {}
                            _ => {
                                start = *line;
                                state = State::Field;
                                continue;
                            }
                        }
                        i += 1;
                    }
                    State::Field => {
                        if buf[i] == b'"' {
                            (state, quoted, quote_line) = (State::Quoted, true, *line);
                            i += 1;
                        } else {
                            state = State::Unquoted;
                        }
                    }
                    State::QuoteInQuote => {
                        if buf[i] == b'"' {
                            field.push(b'"');
                            state = State::Quoted;
                            i += 1;
                        } else {
                            // Text after a closing quote is kept, as the csv crate does.
                            state = State::Unquoted;
                        }
                    }
                    State::Unquoted => {
                        let rest = &buf[i..];
                        match rest
                            .iter()
                            .position(|&b| b == b',' || b == b'\n' || b == b'\r')
                        {
                            None => {
                                field.extend_from_slice(rest);
                                i = n;
                            }
                            Some(j) => {
                                field.extend_from_slice(&rest[..j]);
                                let b = rest[j];
                                i += j + 1;
                                end_field(record, field, quoted);
                                if b == b',' {
                                    (state, quoted) = (State::Field, false);
                                } else {
                                    if b == b'\n' {
                                        *line += 1;
                                    }
                                    done = true;
                                }
                            }
                        }
                    }
                    State::Quoted => {
                        let rest = &buf[i..];
                        let j = rest.iter().position(|&b| b == b'"');
                        let text = &rest[..j.unwrap_or(rest.len())];
                        *line += newlines(text);
                        field.extend_from_slice(text);
                        match j {
                            Some(j) => {
                                state = State::QuoteInQuote;
                                i += j + 1;
                            }
                            None => i = n,
                        }
                    }
                }
            }
            let used = i;
            from.consume(used);
            *bytes += used as u64;
            if done {
                finish(record, start);
                return Ok(true);
            }
        }
    }
}

/// An unterminated quote, as an error naming the file and the line the quote opens on.
fn unterminated(file: &str, line: u64) -> Error {
    load_error(format!(
        "{file}:{line}: unterminated quoted field: expected a closing `\"` before the end of the file"
    ))
    .with_help("a quote opened at the start of a field must be closed; write a quote inside a quoted field as `\"\"`")
}

/// The header fields of a CSV file, as text, and the bytes the header takes.
fn header_fields(path: &Path) -> Result<(Vec<String>, u64)> {
    let file = path.display().to_string();
    let mut rdr = Records::new(open_csv(path)?);
    rdr.skip_bom()
        .map_err(|e| load_error(format!("{file}: cannot read: {e}")))?;
    let mut record = csv::ByteRecord::new();
    match rdr.read(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            return Err(load_error(format!(
                "{file}: the file is empty (a header line is expected)"
            )))
        }
        Err(RecordError::Unterminated(line)) => return Err(unterminated(&file, line)),
        Err(RecordError::Io(e)) => return Err(load_error(format!("{file}: cannot read: {e}"))),
    }
    let fields = record
        .iter()
        .enumerate()
        .map(|(i, f)| {
            std::str::from_utf8(f).map(str::to_string).map_err(|_| {
                load_error(format!(
                    "{}:1: header field {} is not valid UTF-8",
                    path.display(),
                    i + 1
                ))
            })
        })
        .collect::<Result<_>>()?;
    Ok((fields, rdr.bytes))
}

/// Tell a nodes file from a relationships file by its header.
pub fn csv_kind(path: &Path) -> Result<CsvKind> {
    let (fields, _) = header_fields(path)?;
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
    /// `date`, `localtime`, `time`, `localdatetime`, `datetime`, `duration`: ISO 8601 text.
    Temporal(crate::temporal::Kind),
    /// `point`: `{latitude:55.6, longitude:12.9}`, `{x:1, y:2, crs:cartesian}`.
    Point,
}

impl Ty {
    fn parse(name: &str) -> Option<Ty> {
        use crate::temporal::Kind as T;
        Some(match name.to_ascii_lowercase().as_str() {
            "" | "string" | "char" => Ty::Str,
            "int" | "long" | "short" | "byte" => Ty::Int,
            "float" | "double" => Ty::Float,
            "boolean" => Ty::Bool,
            "date" => Ty::Temporal(T::Date),
            "localtime" => Ty::Temporal(T::LocalTime),
            "time" => Ty::Temporal(T::Time),
            "localdatetime" => Ty::Temporal(T::LocalDateTime),
            "datetime" => Ty::Temporal(T::DateTime),
            "duration" => Ty::Temporal(T::Duration),
            "point" => Ty::Point,
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

/// The hash of an id's bytes in an id space.
fn hash_id(id: &[u8]) -> u64 {
    FixedState::with_seed(0x1d5).hash_one(id)
}

/// One id space: ids to nodes. Ids written as plain decimal numbers (digits only, no leading
/// zero, at most 9 digits) that are not far past the ids already there go to an array by
/// number; every other id to a table by its bytes, the bytes back to back in one buffer. An
/// id is in one of the two, so it is found by its bytes either way.
#[derive(Default)]
struct IdSpace {
    bytes: Vec<u8>,
    /// (start in `bytes`, length, node), by the id's hash.
    table: HashTable<(usize, u32, NodeId)>,
    /// By number: the node of that id, or `NO_NODE`.
    dense: Vec<u32>,
    /// How many ids `dense` holds.
    dense_count: usize,
}

/// An empty place in `IdSpace::dense`.
const NO_NODE: u32 = u32::MAX;

/// The number an id's bytes write in plain decimal (digits only, no leading zero, at most
/// 9 digits, so below 10^9), or None.
#[inline]
fn plain_number(id: &[u8]) -> Option<usize> {
    if id.is_empty() || id.len() > 9 || (id[0] == b'0' && id.len() > 1) {
        return None;
    }
    let mut x = 0usize;
    for &b in id {
        if !b.is_ascii_digit() {
            return None;
        }
        x = x * 10 + usize::from(b - b'0');
    }
    Some(x)
}

impl IdSpace {
    #[inline]
    fn get(&self, id: &[u8]) -> Option<NodeId> {
        if let Some(x) = plain_number(id) {
            match self.dense.get(x) {
                Some(&n) if n != NO_NODE => return Some(NodeId(n)),
                _ if self.table.is_empty() => return None,
                _ => {}
            }
        }
        let bytes = &self.bytes;
        self.table
            .find(hash_id(id), |&(s, l, _)| &bytes[s..s + l as usize] == id)
            .map(|e| e.2)
    }

    /// Add an id (whose hash is `hash`); false when it is there already.
    fn insert(&mut self, id: &[u8], hash: u64, node: NodeId) -> bool {
        if let Some(x) = plain_number(id) {
            // The array grows only while it stays within a small multiple of the ids it
            // holds, so that a few large numbers do not make it huge.
            let fits = x < self.dense.len() || x < 2 * self.dense_count + 4096;
            if fits && (self.table.is_empty() || self.get(id).is_none()) {
                if self.dense.len() <= x {
                    self.dense.resize(x + 1, NO_NODE);
                }
                if self.dense[x] != NO_NODE {
                    return false;
                }
                self.dense[x] = node.0;
                self.dense_count += 1;
                return true;
            }
            if fits {
                return false;
            }
        }
        let IdSpace { bytes, table, .. } = self;
        match table.entry(
            hash,
            |&(s, l, _)| &bytes[s..s + l as usize] == id,
            |&(s, l, _)| hash_id(&bytes[s..s + l as usize]),
        ) {
            Entry::Occupied(_) => false,
            Entry::Vacant(e) => {
                e.insert((bytes.len(), id.len() as u32, node));
                bytes.extend_from_slice(id);
                true
            }
        }
    }
}

/// Id spaces: the global one (index 0) and one per `(group)`.
#[derive(Default)]
struct IdSpaces {
    groups: HashMap<String, usize>,
    names: Vec<String>,
    ids: Vec<IdSpace>,
}

impl IdSpaces {
    /// The index of an id space (the global one is ""), declaring it on first use.
    fn group(&mut self, name: &str) -> usize {
        if let Some(&g) = self.groups.get(name) {
            return g;
        }
        self.names.push(name.to_string());
        self.ids.push(IdSpace::default());
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

/// How a load reads its files: the bytes read at a time, and whether to parse them on every
/// thread of rayon's pool (else on the calling thread only).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tuning {
    pub block: usize,
    pub parallel: bool,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            block: 1 << 20,
            parallel: true,
        }
    }
}

/// Rows per batch when a file is read by one csv reader (files with quoted fields).
const SEQUENTIAL_BATCH: usize = 1 << 16;

struct Loader<'g> {
    graph: &'g mut Graph,
    spaces: IdSpaces,
    stats: Stats,
    bar: Option<indicatif::ProgressBar>,
    /// Bytes of the files already read, for the progress bar.
    done: u64,
    tuning: Tuning,
    /// Nodes the graph had before the load, put in the global id space by their `id` (or the
    /// key a nodes file names for its ids): a row of this load with such an id is that node.
    from_graph: foldhash::HashSet<NodeId>,
    /// Those of them a row of this load matched (a second row with the id is a duplicate).
    matched: foldhash::HashSet<NodeId>,
    /// The keys the global id space was filled from.
    seeded: Vec<Sym>,
    /// By id space of this load (not the global one): the key its `:ID(group)` column keeps
    /// the ids in, and the nodes its rows created, which join the graph's id space of that
    /// name when the load succeeds.
    new_members: HashMap<usize, (Option<Sym>, Vec<NodeId>)>,
}

/// Load Neo4j admin-import CSV files: every nodes file, then every relationships file, whose
/// `:START_ID` and `:END_ID` refer to the nodes of these nodes files. All or nothing: on any
/// error the graph is left as it was. With `progress`, large files show a progress bar on
/// stderr when stderr is a terminal.
///
/// Large files are read in blocks, each cut at line ends into pieces that rayon's threads parse
/// into columns; the pieces are then added to the graph in file order, so the ids are those of
/// a load on one thread. A file with a quote character anywhere from some block on is read by
/// one reader (`Records`) from there (a quoted field may hold a line end).
pub fn load_neo4j_csv(
    graph: &mut Graph,
    nodes: &[&Path],
    rels: &[&Path],
    progress: bool,
) -> Result<Stats> {
    load_tuned(graph, nodes, rels, progress, Tuning::default())
}

pub(crate) fn load_tuned(
    graph: &mut Graph,
    nodes: &[&Path],
    rels: &[&Path],
    progress: bool,
    tuning: Tuning,
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
            tuning,
            from_graph: Default::default(),
            matched: Default::default(),
            seeded: Vec::new(),
            new_members: HashMap::new(),
        };
        let result = (|| {
            // Ids of nodes already in the graph: their `id` property, and the property a
            // nodes file stores its ids in (`code:ID`), before any node of the load is there.
            let id_key = loader.graph.intern("id");
            loader.seed(id_key, false);
            for path in nodes {
                let (fields, _) = header_fields(path)?;
                for field in &fields {
                    let (name, ty) = split_field(field);
                    if !name.is_empty() && ty.eq_ignore_ascii_case("ID") {
                        let key = loader.graph.intern(name);
                        loader.seed(key, true);
                    }
                }
            }
            // The nodes of the id spaces earlier loads filled, by the ids they kept.
            loader.seed_spaces();
            for path in nodes {
                loader.file(path, CsvKind::Nodes)?;
            }
            for path in rels {
                loader.file(path, CsvKind::Relationships)?;
            }
            loader.record_spaces();
            Ok(())
        })();
        if let Some(bar) = &loader.bar {
            bar.finish_and_clear();
        }
        let stats = loader.stats;
        // What the files add must keep the graph's constraints.
        let result = result.and_then(|()| {
            crate::exec::schema::check(graph).map_err(|e| e.with_help("nothing was loaded"))
        });
        match &result {
            Ok(()) => graph.commit(),
            Err(_) => graph.rollback(),
        }
        // The parsed batches are gone: what they took goes back to the system before the
        // adjacency rows are built.
        release_freed_memory();
        (result, stats)
    });
    match result {
        Ok(()) => Ok(stats),
        Err(e) => {
            graph.truncate_names(names_before);
            Err(e)
        }
    }
}

/// Give the memory that the threads parsing the files allocated and freed back to the system.
/// glibc's allocator keeps a thread's freed memory in that thread's arena, where the rest of
/// the load (on the loading thread) cannot reuse it: tens of MiB after a large file, which
/// would count until the process ends.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: glibc's `malloc_trim` takes a plain integer and only hands free memory of
        // the allocator's arenas back to the system; it may be called at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Read from `file` until `buf` holds at least `want` bytes or the file ends; true at the end.
fn fill(file: &mut std::fs::File, buf: &mut Vec<u8>, want: usize, path: &Path) -> Result<bool> {
    if buf.len() >= want {
        return Ok(false);
    }
    let missing = (want - buf.len()) as u64;
    let read = file
        .by_ref()
        .take(missing)
        .read_to_end(buf)
        .map_err(|e| load_error(format!("{}: cannot read: {e}", path.display())))?;
    Ok((read as u64) < missing)
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Cut `bytes` (whole lines) into about `n` pieces at line ends, each with the number of its
/// first line (`line` being the first's); and the number of the line after them.
fn pieces(bytes: &[u8], n: usize, line: u64) -> (Vec<(&[u8], u64)>, u64) {
    let mut cuts = vec![0];
    let step = bytes.len() / n.max(1) + 1;
    let mut at = 0;
    while at < bytes.len() {
        let target = (at + step).min(bytes.len());
        at = match bytes[target..].iter().position(|&b| b == b'\n') {
            Some(i) => target + i + 1,
            None => bytes.len(),
        };
        cuts.push(at);
    }
    let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let counts: Vec<u64> = ranges
        .par_iter()
        .map(|&(a, b)| newlines(&bytes[a..b]))
        .collect();
    let mut line = line;
    let pieces = ranges
        .iter()
        .zip(counts)
        .map(|(&(a, b), c)| {
            let piece = (&bytes[a..b], line);
            line += c;
            piece
        })
        .collect();
    (pieces, line)
}

/// A csv reader over bytes, as the loader read data rows before `Unquoted`: the reference the
/// tests compare `Unquoted` and `Records` with.
#[cfg(test)]
fn data_reader<R: Read>(from: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(from)
}

/// The records of bytes that hold no quote character, split in place as the csv crate splits
/// them: `,` between fields, `\n`, `\r` or `\r\n` ending a record, blank lines skipped. Each
/// record comes with the line the csv crate gives it: one past the line ends before it, not
/// counting those it had not consumed yet when the record began (the blank lines just before
/// it, and the `\n` of a `\r\n` ending the previous record).
struct Unquoted<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The line of the next record, as the csv crate counts it (from 1).
    line: u64,
    /// The separators found: bit k stands for `bytes[base + k]`; those before the place
    /// reached are cleared as it moves on.
    seps: Separators,
}

impl<'a> Unquoted<'a> {
    fn new(bytes: &'a [u8]) -> Unquoted<'a> {
        Unquoted {
            bytes,
            at: 0,
            line: 1,
            seps: Separators::new(bytes),
        }
    }

    /// The next record's fields into `fields`, and its line; None at the end.
    fn next(&mut self, fields: &mut Vec<&'a [u8]>) -> Option<u64> {
        let bytes = self.bytes;
        let line = self.line;
        let mut i = self.at;
        while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
            self.line += u64::from(bytes[i] == b'\n');
            i += 1;
        }
        if i == bytes.len() {
            self.at = i;
            return None;
        }
        fields.clear();
        let mut from = i;
        loop {
            match self.seps.next(bytes, i) {
                Some(j) => {
                    fields.push(&bytes[from..j]);
                    i = j + 1;
                    match bytes[j] {
                        b',' => from = i,
                        b'\n' => {
                            self.line += 1;
                            break;
                        }
                        _ => break,
                    }
                }
                None => {
                    fields.push(&bytes[from..]);
                    i = bytes.len();
                    break;
                }
            }
        }
        self.at = i;
        Some(line)
    }
}

/// The places of the separators (`,`, `\n` and `\r`) of some bytes, found 64 bytes at a time
/// and handed out in order.
struct Separators {
    /// Where the 64 bytes `mask` stands for begin.
    base: usize,
    /// Bit k: `bytes[base + k]` is a separator not handed out yet.
    mask: u64,
}

impl Separators {
    fn new(bytes: &[u8]) -> Separators {
        Separators {
            base: 0,
            mask: separator_mask(bytes, 0),
        }
    }

    /// The first separator of `bytes` at `from` or after it. The places asked for never go
    /// back (but for a first call anywhere, which starts the scan there).
    #[inline]
    fn next(&mut self, bytes: &[u8], from: usize) -> Option<usize> {
        if from < self.base || from >= self.base + 64 {
            if from >= bytes.len() {
                return None;
            }
            self.base = from;
            self.mask = separator_mask(bytes, from);
        }
        let mut mask = self.mask & (u64::MAX << (from - self.base));
        while mask == 0 {
            if self.base + 64 >= bytes.len() {
                self.mask = 0;
                return None;
            }
            self.base += 64;
            mask = separator_mask(bytes, self.base);
        }
        self.mask = mask;
        Some(self.base + mask.trailing_zeros() as usize)
    }
}

/// Where the first `,`, `\n` or `\r` of `bytes` from `from` on is.
#[cfg(test)]
fn separator(bytes: &[u8], from: usize) -> Option<usize> {
    Separators::new(bytes).next(bytes, from)
}

/// Bit k set when `bytes[base + k]` is `,`, `\n` or `\r`, for the (at most) 64 bytes from
/// `base` on.
#[inline]
fn separator_mask(bytes: &[u8], base: usize) -> u64 {
    let rest = bytes.get(base..).unwrap_or_default();
    match rest.first_chunk::<64>() {
        Some(chunk) => mask64(chunk),
        None => {
            // The last bytes, padded with bytes that are no separator.
            let mut chunk = [0u8; 64];
            chunk[..rest.len()].copy_from_slice(rest);
            mask64(&chunk)
        }
    }
}

/// `separator_mask` of 64 bytes, sixteen at a time in SSE2's registers (which every x86-64
/// processor has).
#[cfg(target_arch = "x86_64")]
#[inline]
fn mask64(chunk: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let mut mask = 0u64;
    for (k, part) in chunk.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of the x86-64 baseline, and the load reads the 16 bytes of
        // `part` (an unaligned load, which SSE2 allows).
        let bits = unsafe {
            let v = _mm_loadu_si128(part.as_ptr().cast::<__m128i>());
            let hit = _mm_or_si128(
                _mm_or_si128(
                    _mm_cmpeq_epi8(v, _mm_set1_epi8(b',' as i8)),
                    _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
                ),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8)),
            );
            _mm_movemask_epi8(hit) as u32 & 0xffff
        };
        mask |= u64::from(bits) << (16 * k);
    }
    mask
}

/// `separator_mask` of 64 bytes.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn mask64(chunk: &[u8; 64]) -> u64 {
    chunk
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b',' || b == b'\n' || b == b'\r')
        .fold(0, |mask, (k, _)| mask | 1 << k)
}

/// Parse one piece of a file (its first line is `line`; it holds no quote character) into
/// `batch`.
fn parse_piece<B: Batch>(mut batch: B, layout: &Layout, bytes: &[u8], line: u64) -> B {
    // One check of the whole piece instead of one per field.
    let layout = &Layout {
        utf8: std::str::from_utf8(bytes).is_ok(),
        ..*layout
    };
    let mut rdr = Unquoted::new(bytes);
    let mut fields = Vec::with_capacity(layout.cols.len());
    let mut cells = Vec::with_capacity(layout.cols.len());
    while let Some(l) = rdr.next(&mut fields) {
        if let Err(e) = take_row(&mut batch, layout, &fields, &[], line + l - 1, &mut cells) {
            batch.fail(e);
            break;
        }
    }
    batch
}

/// One record at `line` into `batch`, after checking its number of fields; false for a blank
/// line, which is skipped.
fn take_row<'r, B: Batch>(
    batch: &mut B,
    layout: &Layout,
    fields: &[&'r [u8]],
    quoted_empty: &[bool],
    line: u64,
    cells: &mut Vec<(usize, Cell<'r>)>,
) -> Result<bool> {
    if fields.len() != layout.cols.len() {
        if fields.len() == 1 && fields[0].is_empty() && quoted_empty.first() != Some(&true) {
            return Ok(false);
        }
        return Err(load_error(format!(
            "{}:{line}: expected {} fields (as in the header), found {}",
            layout.file,
            layout.cols.len(),
            fields.len()
        )));
    }
    batch.row(layout, fields, quoted_empty, line, cells)?;
    Ok(true)
}

/// Rows from `rdr` (the rest of a file from its first quote on) into `batch` until `max` rows
/// or the end of the input (then true); the line numbers of `rdr` count from `first_line`. An
/// error ends the batch (`batch.error`).
fn read_rows<R: Read, B: Batch>(
    rdr: &mut Records<R>,
    record: &mut csv::ByteRecord,
    first_line: u64,
    layout: &Layout,
    batch: &mut B,
    max: usize,
) -> bool {
    let file = layout.file;
    let mut rows = 0;
    while rows < max {
        match rdr.read(record) {
            Ok(true) => {}
            Ok(false) => return true,
            Err(e) => {
                batch.fail(match e {
                    RecordError::Unterminated(line) => unterminated(file, first_line + line - 1),
                    RecordError::Io(e) => load_error(format!(
                        "{file}:{}: cannot read: {e}",
                        first_line + rdr.line - 1
                    )),
                });
                return true;
            }
        }
        let line = first_line + record.position().map_or(1, |p| p.line()) - 1;
        let fields: Vec<&[u8]> = record.iter().collect();
        let mut cells = Vec::new();
        match take_row(batch, layout, &fields, &rdr.quoted_empty, line, &mut cells) {
            Ok(taken) => rows += usize::from(taken),
            Err(e) => {
                batch.fail(e);
                return true;
            }
        }
    }
    false
}

impl Loader<'_> {
    /// Put the graph's nodes with a string or integer `key` in the global id space, so that
    /// rows of this load refer to them (called before the load adds any node; the first node
    /// with an id keeps it). The space is declared only when some node has one, unless
    /// `declare`.
    fn seed(&mut self, key: Sym, declare: bool) {
        if self.seeded.contains(&key) {
            return;
        }
        self.seeded.push(key);
        let mut found = Vec::new();
        for node in self.graph.nodes() {
            match self.graph.node_prop(node, key) {
                Some(Value::String(s)) => found.push((s.to_string(), node)),
                Some(Value::Int(i)) => found.push((i.to_string(), node)),
                _ => {}
            }
        }
        if found.is_empty() && !declare {
            return;
        }
        let g = self.spaces.group("");
        let space = &mut self.spaces.ids[g];
        for (id, node) in found {
            if space.insert(id.as_bytes(), hash_id(id.as_bytes()), node) {
                self.from_graph.insert(node);
            }
        }
    }

    /// Put the nodes of the graph's id spaces (those whose ids were kept in a key) in this
    /// load's id spaces of the same names, as nodes the graph had.
    fn seed_spaces(&mut self) {
        let spaces: Vec<(Arc<str>, Sym, Vec<u32>)> = self
            .graph
            .id_spaces()
            .iter()
            .filter_map(|s| Some((s.name.clone(), s.key?, s.members.iter().collect())))
            .collect();
        for (name, key, members) in spaces {
            let g = self.spaces.group(&name);
            for m in members {
                let node = NodeId(m);
                let id = match self.graph.node_prop(node, key) {
                    Some(Value::String(s)) => s.to_string(),
                    Some(Value::Int(i)) => i.to_string(),
                    _ => continue,
                };
                if self.spaces.ids[g].insert(id.as_bytes(), hash_id(id.as_bytes()), node) {
                    self.from_graph.insert(node);
                }
            }
        }
    }

    /// Add the nodes this load created in its id spaces to the graph's (journaled with the
    /// load, so that a failure takes them out again).
    fn record_spaces(&mut self) {
        if self.new_members.is_empty() {
            return;
        }
        let mut spaces = self.graph.id_spaces().to_vec();
        let mut groups: Vec<_> = std::mem::take(&mut self.new_members).into_iter().collect();
        groups.sort_by_key(|(g, _)| *g);
        for (g, (key, nodes)) in groups {
            let name = self.spaces.names[g].as_str();
            let at = match spaces.iter().position(|s| &*s.name == name) {
                Some(at) => at,
                None => {
                    spaces.push(crate::graph::IdSpaceDef {
                        name: name.into(),
                        key,
                        members: Default::default(),
                    });
                    spaces.len() - 1
                }
            };
            spaces[at].members.extend(nodes.iter().map(|n| n.0));
        }
        spaces.sort_by(|a, b| a.name.cmp(&b.name));
        self.graph.set_id_spaces(spaces);
    }

    /// A row's new node `node` whose id is that of `existing`, a node the graph had: its
    /// labels and properties go to `existing`, and it is removed.
    fn merge_into(&mut self, node: NodeId, existing: NodeId) -> Result<()> {
        let full = |_| load_error("the graph is full");
        let Some(data) = self.graph.node(node) else {
            return Ok(());
        };
        for l in data.labels {
            if !self.graph.has_label(existing, l) {
                self.graph.add_label(existing, l).map_err(full)?;
            }
        }
        for (k, v) in data.props {
            self.graph.set_node_prop(existing, k, v).map_err(full)?;
        }
        self.graph.delete_node(node).map_err(full)?;
        Ok(())
    }

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
                    if self.graph.id_spaces().iter().any(|s| &*s.name == group) {
                        return Err(err(format!(
                            "field `{field}` refers to id space `{group}`, whose ids the graph did not keep: its nodes were loaded from an `:ID({group})` column without a name"
                        ))
                        .with_help(format!(
                            "name the id column (`code:ID({group})`) when loading the nodes, so that later loads can refer to them; or load the nodes file again with this one"
                        )));
                    }
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
                if !group.is_empty() {
                    let kept = self.graph.id_spaces().iter().find(|s| &*s.name == group);
                    if let Some(kept) = kept.filter(|s| s.key != key) {
                        let named = |k: Option<Sym>| {
                            k.map_or("no key (the ids were not kept)".to_string(), |k| {
                                format!("`{}`", self.graph.name(k))
                            })
                        };
                        return Err(err(format!(
                            "field `{field}`: the graph's id space `{group}` keeps its ids in {}, this file in {}",
                            named(kept.key),
                            named(key)
                        ))
                        .with_help(format!(
                            "name the id column as the first load of `{group}` did, so that its ids match"
                        )));
                    }
                }
                let group = self.spaces.group(group);
                if !self.spaces.names[group].is_empty() {
                    self.new_members.entry(group).or_insert((key, Vec::new()));
                }
                Col::Id { group, key }
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
                        .with_help("relq loads int, long, short, byte, float, double, boolean, string, char, date, localtime, time, localdatetime, datetime, duration and point, and arrays of them such as string[]; declare other columns as string")
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
        let (fields, start) = header_fields(path)?;
        let cols = self.header(path, &fields, kind)?;
        let file = path.display().to_string();
        if let Some(bar) = &self.bar {
            bar.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
        // The data rows start past the header record.
        let mut f = open_csv(path)?;
        let mut buf = Vec::new();
        fill(&mut f, &mut buf, start as usize, path)?;
        let mut line = 1 + newlines(&buf);
        let mut offset = buf.len() as u64;
        buf.clear();
        let block = self.tuning.block.max(1);
        // The relationships of the block before, parsed: added to the graph while the next
        // block is parsed.
        let mut pending: Vec<RelBatch> = Vec::new();
        // The same for the nodes of the block before.
        let mut pending_nodes: Vec<NodeBatch> = Vec::new();
        // Parsing a nodes file looks up no id: its pieces' layout has no id spaces, so that
        // the nodes before are added to them meanwhile.
        let no_spaces = IdSpaces::default();
        // Batches added to the graph, emptied for the pieces to come.
        let spent: std::sync::Mutex<Vec<RelBatch>> = std::sync::Mutex::new(Vec::new());
        // The next block is read into `spare` (after what the last one left of its last line)
        // while this one is parsed, so that reading the file is not a step the threads wait for.
        let mut spare: Vec<u8> = Vec::new();
        let mut end = fill(&mut f, &mut buf, block, path)?;
        loop {
            if buf.contains(&b'"') {
                // A quoted field may hold a line end: one reader from here on.
                self.add_node_batches(&mut pending_nodes, &file, &fields)?;
                self.add_rel_batches(&mut pending)?;
                let from = std::io::Cursor::new(std::mem::take(&mut buf)).chain(f);
                return self.sequential(from, line, offset, &fields, &cols, kind, &file);
            }
            let cut = if end {
                buf.len()
            } else {
                match buf.iter().rposition(|&b| b == b'\n') {
                    Some(i) => i + 1,
                    None => {
                        // A line longer than a block: read on.
                        let want = buf.len() + block;
                        end = fill(&mut f, &mut buf, want, path).map_err(|e| {
                            self.read_failed(&mut pending_nodes, &mut pending, &file, &fields, e)
                        })?;
                        continue;
                    }
                }
            };
            spare.clear();
            spare.extend_from_slice(&buf[cut..]);
            // Read the next block into `spare`: true when the file ended there.
            let mut read_next = || {
                if end {
                    Ok(true)
                } else {
                    fill(&mut f, &mut spare, block, path)
                }
            };
            let chunk = &buf[..cut];
            let threads = if self.tuning.parallel {
                rayon::current_num_threads()
            } else {
                1
            };
            let (parts, next_line) = pieces(chunk, threads * 4, line);
            let next_end = match kind {
                CsvKind::Nodes => {
                    let layout = Layout {
                        file: &file,
                        fields: &fields,
                        cols: &cols,
                        spaces: &no_spaces,
                        utf8: false,
                    };
                    let parse = |&(bytes, l): &(&[u8], u64)| {
                        parse_piece(NodeBatch::new(&layout), &layout, bytes, l)
                    };
                    // The nodes before are added, and the next block read, while the pool
                    // parses this block's pieces (as for relationships, below).
                    let add = || {
                        (
                            self.add_node_batches(&mut pending_nodes, &file, &fields),
                            read_next(),
                        )
                    };
                    let ((added, next_end), batches) = beside(threads, add, &parts, parse);
                    added?;
                    pending_nodes = batches;
                    next_end
                }
                CsvKind::Relationships => {
                    let layout = Layout {
                        file: &file,
                        fields: &fields,
                        cols: &cols,
                        spaces: &self.spaces,
                        utf8: false,
                    };
                    let parse = |&(bytes, l): &(&[u8], u64)| {
                        let reused = spent.lock().ok().and_then(|mut spent| spent.pop());
                        let batch = reused.unwrap_or_else(|| RelBatch::new(&layout));
                        parse_piece(batch, &layout, bytes, l)
                    };
                    let (graph, stats) = (&mut *self.graph, &mut self.stats);
                    // The batches before are added, and the next block read, while the pool
                    // parses this block's pieces.
                    let add = || {
                        (
                            add_rels(graph, stats, &mut pending, Some(&spent)),
                            read_next(),
                        )
                    };
                    let ((added, next_end), batches) = beside(threads, add, &parts, parse);
                    added?;
                    pending = batches;
                    next_end
                }
            };
            line = next_line;
            offset += cut as u64;
            if let Some(bar) = &self.bar {
                bar.set_position(self.done + offset);
            }
            if end {
                break;
            }
            end = next_end.map_err(|e| {
                self.read_failed(&mut pending_nodes, &mut pending, &file, &fields, e)
            })?;
            std::mem::swap(&mut buf, &mut spare);
        }
        self.add_node_batches(&mut pending_nodes, &file, &fields)?;
        self.add_rel_batches(&mut pending)?;
        self.done += std::fs::metadata(path).map_or(0, |m| m.len());
        if let Some(bar) = &self.bar {
            bar.set_position(self.done);
        }
        Ok(())
    }

    /// The rest of a file through one csv reader, in batches.
    #[allow(clippy::too_many_arguments)]
    fn sequential<R: Read>(
        &mut self,
        from: R,
        line: u64,
        offset: u64,
        fields: &[String],
        cols: &[Col],
        kind: CsvKind,
        file: &str,
    ) -> Result<()> {
        let mut rdr = Records::new(from);
        let mut record = csv::ByteRecord::new();
        loop {
            let layout = Layout {
                file,
                fields,
                cols,
                spaces: &self.spaces,
                utf8: false,
            };
            let end = match kind {
                CsvKind::Nodes => {
                    let mut b = NodeBatch::new(&layout);
                    let end = read_rows(
                        &mut rdr,
                        &mut record,
                        line,
                        &layout,
                        &mut b,
                        SEQUENTIAL_BATCH,
                    );
                    self.add_nodes(b, file, fields)?;
                    end
                }
                CsvKind::Relationships => {
                    let mut b = RelBatch::new(&layout);
                    let end = read_rows(
                        &mut rdr,
                        &mut record,
                        line,
                        &layout,
                        &mut b,
                        SEQUENTIAL_BATCH,
                    );
                    self.add_rel_batches(&mut vec![b])?;
                    end
                }
            };
            if let Some(bar) = &self.bar {
                bar.set_position(self.done + offset + rdr.bytes);
            }
            if end {
                break;
            }
        }
        self.done += offset + rdr.bytes;
        if let Some(bar) = &self.bar {
            bar.set_position(self.done);
        }
        Ok(())
    }

    /// Add a batch of nodes to the graph and their ids to their id space; then the batch's
    /// error, if it ended in one.
    fn add_nodes(&mut self, b: NodeBatch, file: &str, fields: &[String]) -> Result<()> {
        let sets: Vec<Vec<Sym>> = b
            .sets
            .iter()
            .map(|labels| labels.iter().map(|l| self.graph.intern(l)).collect())
            .collect();
        let n = b.set_of.len();
        let ids = self
            .graph
            .append_nodes(n, &sets, &b.set_of, &b.cols)
            .map_err(|_| load_error("the graph is full"))?;
        let mut matched = 0;
        let named_space = !self.spaces.names[b.group].is_empty();
        for (r, node) in ids.into_iter().enumerate() {
            let start = if r == 0 { 0 } else { b.id_ends[r - 1] };
            let id = &b.ids.as_bytes()[start..b.id_ends[r]];
            let space = &mut self.spaces.ids[b.group];
            if !space.insert(id, b.id_hashes[r], node) {
                // The id of a node the graph had: this row is that node.
                if let Some(existing) = space.get(id) {
                    if self.from_graph.contains(&existing) && self.matched.insert(existing) {
                        self.merge_into(node, existing)?;
                        matched += 1;
                        continue;
                    }
                }
                let id = &b.ids[start..b.id_ends[r]];
                return Err(load_error(format!(
                    "{file}:{}: field `{}`: duplicate id `{id}`{}",
                    b.lines[r],
                    fields[b.id_field],
                    self.spaces.describe(b.group)
                )));
            }
            if named_space {
                if let Some((_, nodes)) = self.new_members.get_mut(&b.group) {
                    nodes.push(node);
                }
            }
        }
        self.stats.nodes_created += n - matched;
        self.stats.labels_added += b.labels_added;
        self.stats.props_set += b.props_set;
        match b.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Add batches of relationships to the graph, in order (see `add_rels`).
    fn add_rel_batches(&mut self, batches: &mut Vec<RelBatch>) -> Result<()> {
        add_rels(self.graph, &mut self.stats, batches, None)
    }

    /// Add batches of nodes to the graph, in order, emptying `batches`; the first error stops
    /// (see `add_nodes`), the batches after it dropped.
    fn add_node_batches(
        &mut self,
        batches: &mut Vec<NodeBatch>,
        file: &str,
        fields: &[String],
    ) -> Result<()> {
        batches
            .drain(..)
            .try_for_each(|b| self.add_nodes(b, file, fields))
    }

    /// The error of a read that failed after `pending` (nodes or relationships) was parsed:
    /// an error in those batches, earlier in the file, comes first.
    fn read_failed(
        &mut self,
        pending_nodes: &mut Vec<NodeBatch>,
        pending: &mut Vec<RelBatch>,
        file: &str,
        fields: &[String],
        error: Error,
    ) -> Error {
        self.add_node_batches(pending_nodes, file, fields)
            .and_then(|()| self.add_rel_batches(pending))
            .err()
            .unwrap_or(error)
    }
}

/// `add` (adding the batches parsed before and reading the next block) beside parsing `parts`
/// with `parse`: both in one job of rayon's pool when `threads > 1`, so that the thread that
/// adds helps parse once it is done and no thread waits for another to wake; else in turn.
fn beside<T: Send, B: Send>(
    threads: usize,
    add: impl FnOnce() -> T + Send,
    parts: &[(&[u8], u64)],
    parse: impl Fn(&(&[u8], u64)) -> B + Sync + Send,
) -> (T, Vec<B>) {
    if threads > 1 {
        rayon::join(add, || parts.par_iter().map(parse).collect())
    } else {
        let added = add();
        (added, parts.iter().map(parse).collect())
    }
}

/// Add batches of relationships to the graph, in order and at once, emptying `batches`
/// (each batch added is emptied into `spent`, when given, for later pieces); then the error a
/// batch ended in, if one did (its rows before the error are added, the batches after it
/// dropped).
fn add_rels(
    graph: &mut Graph,
    stats: &mut Stats,
    batches: &mut Vec<RelBatch>,
    spent: Option<&std::sync::Mutex<Vec<RelBatch>>>,
) -> Result<()> {
    let upto = batches
        .iter()
        .position(|b| b.error.is_some())
        .map_or(batches.len(), |i| i + 1);
    // The types are named batch by batch, in the order of their first rows.
    let types: Vec<Vec<Sym>> = batches[..upto]
        .iter()
        .map(|b| b.groups.iter().map(|g| graph.intern(&g.name)).collect())
        .collect();
    let mut groups = Vec::new();
    let mut offset = 0u32;
    for (b, types) in batches[..upto].iter().zip(&types) {
        for (g, &ty) in b.groups.iter().zip(types) {
            groups.push(RelGroup {
                ty,
                offset,
                rows: &g.rows,
                starts: &g.starts,
                ends: &g.ends,
                cols: &g.cols,
            });
        }
        offset += b.rows;
    }
    let added = graph.append_rels(offset as usize, &groups);
    drop(groups);
    added.map_err(|_| load_error("the graph is full"))?;
    stats.rels_created += offset as usize;
    let mut error = None;
    for mut b in batches.drain(..).take(upto) {
        stats.props_set += b.props_set;
        error = b.error.take();
        if let Some(Ok(mut spent)) = spent.map(|s| s.lock()) {
            b.reset();
            spent.push(b);
        }
    }
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// What the rows of a file are: shared by the threads parsing it.
#[derive(Clone, Copy)]
struct Layout<'a> {
    file: &'a str,
    fields: &'a [String],
    cols: &'a [Col],
    spaces: &'a IdSpaces,
    /// The bytes the fields come from are valid UTF-8 as a whole (checked once), so each
    /// field, cut at ASCII separators, is too.
    utf8: bool,
}

impl Layout<'_> {
    #[cold]
    fn at(&self, line: u64, i: usize, message: impl std::fmt::Display) -> Error {
        load_error(format!(
            "{}:{line}: field `{}`: {message}",
            self.file, self.fields[i]
        ))
    }
    #[inline]
    fn text<'r>(&self, line: u64, i: usize, raw: &'r [u8]) -> Result<&'r str> {
        if self.utf8 {
            // SAFETY: `raw` is a field of bytes that are valid UTF-8 as a whole, cut at the
            // ASCII bytes `,`, `\n` and `\r` (which never occur inside a multi-byte
            // sequence), so it is valid UTF-8 itself.
            return Ok(unsafe { std::str::from_utf8_unchecked(raw) });
        }
        std::str::from_utf8(raw).map_err(|_| self.at(line, i, "not valid UTF-8"))
    }
    /// The empty columns of a batch: one per property key of the header (and the id's key),
    /// and, by header field, the index of its column.
    fn columns(&self) -> (Vec<BulkColumn>, Vec<usize>) {
        let mut cols = Vec::new();
        let of = self
            .cols
            .iter()
            .map(|c| match c {
                Col::Id { key: Some(k), .. } => {
                    cols.push(BulkColumn::new(*k, Cells::Str(Strs::default())));
                    cols.len() - 1
                }
                Col::Prop { key, ty, array } => {
                    let cells = match (ty, array) {
                        (_, true) => Cells::Any(Vec::new()),
                        (Ty::Int, false) => Cells::Int(Vec::new()),
                        (Ty::Float, false) => Cells::Float(Vec::new()),
                        (Ty::Bool, false) => Cells::Bool(Vec::new()),
                        (Ty::Str, false) => Cells::Str(Strs::default()),
                        (Ty::Temporal(_) | Ty::Point, false) => Cells::Any(Vec::new()),
                    };
                    cols.push(BulkColumn::new(*key, cells));
                    cols.len() - 1
                }
                _ => usize::MAX,
            })
            .collect();
        (cols, of)
    }
    /// The cell of field `i` of `record` (a property column), without building a value on
    /// the way for plain strings, integers and numbers. An empty field is no cell, except that an empty quoted field (`quoted_empty`)
    /// is an empty string in a string column and an empty list in an array column.
    #[inline(always)]
    fn prop_cell<'r>(
        &self,
        line: u64,
        i: usize,
        record: &[&'r [u8]],
        quoted_empty: &[bool],
    ) -> Result<Option<Cell<'r>>> {
        let Col::Prop { ty, array, .. } = self.cols[i] else {
            return Ok(None);
        };
        let raw = record[i];
        if let (false, Ty::Int, Some(x)) = (array, ty, plain_int(raw)) {
            return Ok(Some(Cell::Int(x)));
        }
        if let (false, Ty::Float, Some(x)) = (array, ty, plain_float(raw)) {
            return Ok(Some(Cell::Float(x)));
        }
        let text = self.text(line, i, raw)?;
        let cell = if text.is_empty() {
            match (quoted_empty.get(i) == Some(&true), array, ty) {
                (true, true, _) => Some(Cell::Any(Value::List(Vec::new()))),
                (true, false, Ty::Str) => Some(Cell::Str("")),
                _ => None,
            }
        } else if array {
            cell(ty, true, text)
                .map_err(|m| self.at(line, i, m))?
                .map(Cell::Any)
        } else if ty == Ty::Str {
            Some(Cell::Str(text))
        } else {
            Some(match parse(ty, text).map_err(|m| self.at(line, i, m))? {
                Value::Int(x) => Cell::Int(x),
                Value::Float(x) => Cell::Float(x),
                Value::Bool(x) => Cell::Bool(x),
                t @ (Value::Temporal(_) | Value::Point(_)) => Cell::Any(t),
                _ => Cell::Str(text),
            })
        };
        Ok(cell)
    }
}

/// An integer of at most 18 digits with an optional minus sign and nothing else.
fn plain_int(raw: &[u8]) -> Option<i64> {
    let (neg, digits) = match raw.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, raw),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let x = digits
        .iter()
        .fold(0i64, |x, d| x * 10 + i64::from(d - b'0'));
    Some(if neg { -x } else { x })
}

/// A number written with an optional minus sign, digits, and optionally a point and more
/// digits, fifteen digits in all at most: the float `str::parse` gives it. The digits make an
/// integer below 2^53 and the point divides it by a power of ten below 10^16, both exact as
/// floats, so that the one rounding of the division is the rounding of the number itself.
fn plain_float(raw: &[u8]) -> Option<f64> {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (neg, rest) = match raw.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, raw),
    };
    if rest.is_empty() || rest.len() > 16 {
        return None;
    }
    let mut m = 0u64;
    // Where the point is among the digits, when there is one.
    let mut point = usize::MAX;
    let mut digits = 0;
    for &b in rest {
        let d = b.wrapping_sub(b'0');
        if d < 10 {
            m = m * 10 + u64::from(d);
            digits += 1;
        } else if b == b'.' && point == usize::MAX {
            point = digits;
        } else {
            return None;
        }
    }
    let fraction = if point == usize::MAX {
        0
    } else if point == 0 || point == digits {
        return None;
    } else {
        digits - point
    };
    if digits > 15 {
        return None;
    }
    let x = m as f64 / POWERS[fraction];
    Some(if neg { -x } else { x })
}

/// One parsed cell, before its row is known to be good.
enum Cell<'r> {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(&'r str),
    Any(Value),
}

#[inline(always)]
fn push_cell(col: &mut BulkColumn, row: u32, cell: Cell) {
    col.rows.push(row);
    match (&mut col.cells, cell) {
        (Cells::Int(v), Cell::Int(x)) => v.push(x),
        (Cells::Float(v), Cell::Float(x)) => v.push(x),
        (Cells::Bool(v), Cell::Bool(x)) => v.push(x),
        (Cells::Str(v), Cell::Str(x)) => v.push(x),
        (Cells::Any(v), Cell::Any(x)) => v.push(x),
        (cells, cell) => push_other(cells, cell),
    }
}

/// Not reached: a column's cells all have its declared type. Keep the value anyway.
#[cold]
fn push_other(cells: &mut Cells, cell: Cell) {
    let value = match cell {
        Cell::Int(x) => Value::Int(x),
        Cell::Float(x) => Value::Float(x),
        Cell::Bool(x) => Value::Bool(x),
        Cell::Str(x) => Value::str(x),
        Cell::Any(x) => x,
    };
    let mut values: Vec<Value> = (0..cells.len()).map(|j| cells.value(j)).collect();
    values.push(value);
    *cells = Cells::Any(values);
}

/// Rows parsed into columns, to add to the graph in one go.
trait Batch {
    /// Parse one record (of the header's length) at `line`.
    /// Parse one record (of the header's length) at `line`; `quoted_empty` says which of its
    /// empty fields were quoted (`""`), and is empty when none was. `cells` is room for the
    /// row's cells, kept from row to row.
    fn row<'r>(
        &mut self,
        layout: &Layout,
        record: &[&'r [u8]],
        quoted_empty: &[bool],
        line: u64,
        cells: &mut Vec<(usize, Cell<'r>)>,
    ) -> Result<()>;
    /// End the batch with an error: the rows before it stay.
    fn fail(&mut self, error: Error);
}

/// Nodes parsed from a piece of a nodes file.
struct NodeBatch {
    /// By row: its line, its id, and its label set (an index into `sets`).
    lines: Vec<u64>,
    ids: String,
    id_ends: Vec<usize>,
    id_hashes: Vec<u64>,
    set_of: Vec<u32>,
    /// Distinct label sets, by the text of the label fields.
    sets: Vec<Vec<String>>,
    set_index: foldhash::HashMap<Vec<u8>, u32>,
    group: usize,
    id_field: usize,
    cols: Vec<BulkColumn>,
    col_of: Vec<usize>,
    labels_added: usize,
    props_set: usize,
    error: Option<Error>,
    /// Per row, reused: the label fields' text, the property cells.
    key: Vec<u8>,
}

impl NodeBatch {
    fn new(layout: &Layout) -> NodeBatch {
        let (cols, col_of) = layout.columns();
        let (id_field, group) = layout
            .cols
            .iter()
            .enumerate()
            .find_map(|(i, c)| match c {
                Col::Id { group, .. } => Some((i, *group)),
                _ => None,
            })
            .expect("the header has an :ID field");
        NodeBatch {
            lines: Vec::new(),
            ids: String::new(),
            id_ends: Vec::new(),
            id_hashes: Vec::new(),
            set_of: Vec::new(),
            sets: Vec::new(),
            set_index: Default::default(),
            group,
            id_field,
            cols,
            col_of,
            labels_added: 0,
            props_set: 0,
            error: None,
            key: Vec::new(),
        }
    }
}

impl Batch for NodeBatch {
    fn fail(&mut self, error: Error) {
        self.error = Some(error);
    }

    fn row<'r>(
        &mut self,
        layout: &Layout,
        record: &[&'r [u8]],
        quoted_empty: &[bool],
        line: u64,
        cells: &mut Vec<(usize, Cell<'r>)>,
    ) -> Result<()> {
        let row = self.set_of.len() as u32;
        cells.clear();
        let mut id = "";
        self.key.clear();
        for (i, col) in layout.cols.iter().enumerate() {
            match col {
                Col::Id { key, .. } => {
                    let t = layout.text(line, i, record[i])?;
                    if t.is_empty() {
                        return Err(layout.at(line, i, "the id is empty"));
                    }
                    if key.is_some() {
                        cells.push((self.col_of[i], Cell::Str(t)));
                    }
                    id = t;
                }
                Col::Label => {
                    let t = layout.text(line, i, record[i])?;
                    self.key.extend_from_slice(t.as_bytes());
                    self.key.push(b';');
                }
                Col::Prop { .. } => {
                    if let Some(cell) = layout.prop_cell(line, i, record, quoted_empty)? {
                        cells.push((self.col_of[i], cell));
                    }
                }
                _ => {}
            }
        }
        let set = match self.set_index.get(&self.key) {
            Some(&s) => s,
            None => {
                let text = std::str::from_utf8(&self.key).unwrap_or_default();
                let labels: Vec<String> = text
                    .split(';')
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect();
                self.sets.push(labels);
                let s = self.sets.len() as u32 - 1;
                self.set_index.insert(self.key.clone(), s);
                s
            }
        };
        self.labels_added += self.sets[set as usize].len();
        self.props_set += cells.len();
        for (c, cell) in cells.drain(..) {
            push_cell(&mut self.cols[c], row, cell);
        }
        self.set_of.push(set);
        self.lines.push(line);
        self.ids.push_str(id);
        self.id_ends.push(self.ids.len());
        self.id_hashes.push(hash_id(id.as_bytes()));
        Ok(())
    }
}

/// The relationships of one type in a batch.
struct RelRows {
    name: String,
    rows: Vec<u32>,
    starts: Vec<NodeId>,
    ends: Vec<NodeId>,
    cols: Vec<BulkColumn>,
}

/// Relationships parsed from a piece of a relationships file, by type.
struct RelBatch {
    rows: u32,
    /// By type, in the order of each type's first row.
    groups: Vec<RelRows>,
    group_index: foldhash::HashMap<Box<[u8]>, u32>,
    /// Groups of an earlier piece, emptied, by type: a type's group is taken from here when
    /// the type first appears, its vectors' room kept (see `reset`).
    spare: foldhash::HashMap<Box<[u8]>, RelRows>,
    /// The columns of a new group, empty.
    empty: Vec<BulkColumn>,
    col_of: Vec<usize>,
    type_field: usize,
    props_set: usize,
    error: Option<Error>,
}

impl RelBatch {
    fn new(layout: &Layout) -> RelBatch {
        let (empty, col_of) = layout.columns();
        let type_field = layout
            .cols
            .iter()
            .position(|c| matches!(c, Col::Type))
            .expect("the header has a :TYPE field");
        RelBatch {
            rows: 0,
            groups: Vec::new(),
            group_index: Default::default(),
            spare: Default::default(),
            empty,
            col_of,
            type_field,
            props_set: 0,
            error: None,
        }
    }
}

impl RelBatch {
    /// Empty, for another piece of the same file: the groups are set aside with the room
    /// their vectors grew to, so that parsing the next pieces allocates and copies little.
    fn reset(&mut self) {
        self.rows = 0;
        self.props_set = 0;
        self.error = None;
        self.group_index.clear();
        for mut g in self.groups.drain(..) {
            g.rows.clear();
            g.starts.clear();
            g.ends.clear();
            g.cols.iter_mut().for_each(BulkColumn::clear);
            self.spare.insert(g.name.as_bytes().into(), g);
        }
    }
}

impl Batch for RelBatch {
    fn fail(&mut self, error: Error) {
        self.error = Some(error);
    }

    fn row<'r>(
        &mut self,
        layout: &Layout,
        record: &[&'r [u8]],
        quoted_empty: &[bool],
        line: u64,
        _cells: &mut Vec<(usize, Cell<'r>)>,
    ) -> Result<()> {
        // The cells go straight to the columns of the row's type, found first (when the type
        // is one: else the row fails at its type field, and its cells are parsed for their
        // errors only).
        let ty = record[self.type_field];
        let valid = !ty.is_empty() && (layout.utf8 || std::str::from_utf8(ty).is_ok());
        let g = valid.then(|| self.group(ty));
        let j = g.map_or(0, |g| self.groups[g].rows.len() as u32);
        match self.fields(layout, record, quoted_empty, line, g.map(|g| (g, j))) {
            Ok((start, end)) => {
                let g = g.expect("a row with cells has a type");
                let group = &mut self.groups[g];
                group.rows.push(self.rows);
                group.starts.push(start);
                group.ends.push(end);
                self.rows += 1;
                Ok(())
            }
            Err(e) => {
                if let Some(g) = g {
                    self.undo(g, j);
                }
                Err(e)
            }
        }
    }
}

impl RelBatch {
    /// The group of a type (valid UTF-8, not empty), made on its first row.
    #[inline]
    fn group(&mut self, ty: &[u8]) -> usize {
        if let Some(&g) = self.group_index.get(ty) {
            return g as usize;
        }
        let group = self.spare.remove(ty).unwrap_or_else(|| RelRows {
            name: String::from_utf8_lossy(ty).into_owned(),
            rows: Vec::new(),
            starts: Vec::new(),
            ends: Vec::new(),
            cols: self.empty.clone(),
        });
        self.groups.push(group);
        self.group_index
            .insert(ty.into(), self.groups.len() as u32 - 1);
        self.groups.len() - 1
    }

    /// The fields of a row: its start and end nodes, and its cells pushed as row `j` of
    /// group `g` (when given).
    #[inline]
    fn fields(
        &mut self,
        layout: &Layout,
        record: &[&[u8]],
        quoted_empty: &[bool],
        line: u64,
        to: Option<(usize, u32)>,
    ) -> Result<(NodeId, NodeId)> {
        let (mut start, mut end) = (NodeId(0), NodeId(0));
        for (i, col) in layout.cols.iter().enumerate() {
            match col {
                Col::Start(group) | Col::End(group) => {
                    let raw = record[i];
                    let node = match layout.spaces.ids[*group].get(raw) {
                        Some(node) => node,
                        None => {
                            let t = layout.text(line, i, raw)?;
                            return Err(layout.at(
                                line,
                                i,
                                format!(
                                    "`{t}` is not the id of a node{} of this load",
                                    layout.spaces.describe(*group)
                                ),
                            ));
                        }
                    };
                    if matches!(col, Col::Start(_)) {
                        start = node;
                    } else {
                        end = node;
                    }
                }
                Col::Type => {
                    let t = layout.text(line, i, record[i])?;
                    if t.is_empty() {
                        return Err(layout.at(line, i, "the relationship type is empty"));
                    }
                }
                Col::Prop { ty, array, .. } => {
                    // The common cells straight into their column: a plain number, a string
                    // that is not empty.
                    if let (Some((g, j)), false) = (to, *array) {
                        let raw = record[i];
                        let col = &mut self.groups[g].cols[self.col_of[i]];
                        let pushed = match (ty, &mut col.cells) {
                            (Ty::Float, Cells::Float(v)) => plain_float(raw).map(|x| v.push(x)),
                            (Ty::Int, Cells::Int(v)) => plain_int(raw).map(|x| v.push(x)),
                            (Ty::Str, Cells::Str(v)) if !raw.is_empty() => {
                                v.push(layout.text(line, i, raw)?);
                                Some(())
                            }
                            _ => None,
                        };
                        if pushed.is_some() {
                            col.rows.push(j);
                            self.props_set += 1;
                            continue;
                        }
                    }
                    let cell = layout.prop_cell(line, i, record, quoted_empty)?;
                    if let (Some(cell), Some((g, j))) = (cell, to) {
                        push_cell(&mut self.groups[g].cols[self.col_of[i]], j, cell);
                        self.props_set += 1;
                    }
                }
                _ => {}
            }
        }
        Ok((start, end))
    }

    /// Take back the cells of row `j` of group `g`, a row that failed; a group made for it
    /// goes back to the spare ones.
    #[cold]
    fn undo(&mut self, g: usize, j: u32) {
        let group = &mut self.groups[g];
        for col in &mut group.cols {
            self.props_set -= col.rows.len() - col.rows.partition_point(|&r| r < j);
            col.truncate_to_rows(j);
        }
        if group.rows.is_empty() && g + 1 == self.groups.len() {
            if let Some(group) = self.groups.pop() {
                self.group_index.remove(group.name.as_bytes());
                self.spare.insert(group.name.as_bytes().into(), group);
            }
        }
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
        Ty::Temporal(kind) => crate::temporal::parse_temporal(kind, text)
            .map(Value::from)
            .map_err(|why| {
                format!(
                    "`{text}` is not a {}: {why} (expected {})",
                    kind.name(),
                    crate::temporal::expected_forms(kind)
                )
            }),
        Ty::Point => crate::spatial::Point::parse_csv(text)
            .map(Value::from)
            .map_err(|why| format!("`{text}` is not a point: {why}")),
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

    /// Everything a load decides: names, ids, labels, properties, ends, adjacency, counts.
    fn fingerprint(g: &Graph) -> String {
        let names: Vec<&str> = (0..g.name_count()).map(|i| g.name(Sym(i as u32))).collect();
        let nodes: Vec<_> = g
            .nodes()
            .map(|n| {
                let adj: Vec<_> = g.expand(n, crate::graph::Dir::Both, &[]).collect();
                (n, g.node(n), adj)
            })
            .collect();
        let rels: Vec<_> = g.rels().map(|r| (r, g.endpoints(r), g.rel(r))).collect();
        format!(
            "{names:?}\n{nodes:?}\n{rels:?}\n{:?}\n{:?}\n{:?}",
            g.labels(),
            g.rel_types(),
            g.property_keys()
        )
    }

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// A nodes file and a relationships file with every kind of column, empty cells, repeated
    /// and distinct strings; `quote` quotes some fields, with line ends inside.
    fn files(dir: &Path, rows: usize, quote: bool) -> (std::path::PathBuf, std::path::PathBuf) {
        let mut nodes =
            String::from("id:ID,name,age:int,score:float,ok:boolean,tags:string[],:LABEL\n");
        for i in 0..rows {
            let name = if quote && i % 97 == 5 {
                format!("\"n{i}\nsecond, line\"")
            } else {
                format!("n{}", i % 13)
            };
            let age = if i % 7 == 0 {
                String::new()
            } else {
                (i as i64 - 50).to_string()
            };
            let labels = ["Actor;Country", "Actor", "", "Person;Actor"][i % 4];
            nodes.push_str(&format!(
                "{i},{name},{age},{}.5,{},a;b{},{labels}\n",
                i % 11,
                i % 3 == 0,
                i % 5
            ));
            if i % 50 == 0 {
                nodes.push('\n'); // blank lines are skipped
            }
        }
        let mut rels = String::from(":START_ID,:END_ID,:TYPE,date,weight:float,n:int\r\n");
        for i in 0..rows * 3 {
            // A type first met late in the file, in pieces whose batches were used before.
            let ty = if i > rows * 2 && i % 5 == 0 {
                "EXPELS"
            } else {
                ["ACCUSES", "DENIES", "MEETS"][(i * 7) % 3]
            };
            let date = if quote && i % 89 == 3 {
                "\"2020-01\r\n-01\"".to_string()
            } else {
                format!("2020-01-{:02}", i % 28)
            };
            let weight = if i % 9 == 0 {
                String::new()
            } else {
                format!("{}", i as f64 / 8.0)
            };
            rels.push_str(&format!(
                "{},{},{ty},{date},{weight},{}\r\n",
                (i * 31) % rows,
                (i * 17 + 3) % rows,
                i
            ));
        }
        (
            write(dir, "nodes.csv", &nodes),
            write(dir, "rels.csv", &rels),
        )
    }

    /// Load into a graph with a few nodes already, on one thread in one block or on four
    /// threads in small blocks.
    fn load(nodes: &Path, rels: &Path, tuning: Tuning, threads: usize) -> (Graph, Result<Stats>) {
        let mut g = Graph::new();
        let l = g.intern("Seed");
        g.create_node(vec![l], vec![]).unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let result = pool.install(|| load_tuned(&mut g, &[nodes], &[rels], false, tuning));
        (g, result)
    }

    const ONE: Tuning = Tuning {
        block: 1 << 30,
        parallel: false,
    };
    const MANY: Tuning = Tuning {
        block: 1000,
        parallel: true,
    };

    #[test]
    fn a_parallel_load_equals_a_load_on_one_thread() {
        for quote in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let (nodes, rels) = files(dir.path(), 500, quote);
            let (one, a) = load(&nodes, &rels, ONE, 1);
            let (many, b) = load(&nodes, &rels, MANY, 4);
            // Blocks shorter than a line: each is read on until it holds one.
            let tiny = Tuning {
                block: 7,
                parallel: true,
            };
            let (short, c) = load(&nodes, &rels, tiny, 2);
            let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
            assert_eq!(a, b);
            assert_eq!(a, c);
            assert_eq!((a.nodes_created, a.rels_created), (500, 1500));
            assert_eq!(fingerprint(&one), fingerprint(&many), "quote: {quote}");
            assert_eq!(fingerprint(&one), fingerprint(&short), "quote: {quote}");
            if quote {
                let name = one.sym("name").unwrap();
                assert_eq!(
                    one.node_prop(NodeId(6), name),
                    Some(Value::str("n5\nsecond, line"))
                );
            }
        }
    }

    #[test]
    fn errors_name_the_same_line_on_any_number_of_threads() {
        let dir = tempfile::tempdir().unwrap();
        let (nodes, rels) = files(dir.path(), 300, false);
        let text = std::fs::read_to_string(&rels).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[700] = "1,2,ACCUSES,2020-01-01,heavy,1";
        lines[800] = "1,99999,ACCUSES,2020-01-01,1.0,1";
        std::fs::write(&rels, lines.join("\n")).unwrap();
        let (one, a) = load(&nodes, &rels, ONE, 1);
        let (many, b) = load(&nodes, &rels, MANY, 4);
        let (a, b) = (a.unwrap_err().message, b.unwrap_err().message);
        assert_eq!(a, b);
        assert!(
            a.ends_with("rels.csv:701: field `weight:float`: `heavy` is not a number"),
            "{a}"
        );
        // All or nothing: only the node that was there before.
        assert_eq!((one.node_count(), one.rel_count()), (1, 0));
        assert_eq!(fingerprint(&one), fingerprint(&many));
        // A duplicate id before a bad value in the same piece is the first error.
        let text = std::fs::read_to_string(&nodes).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[100] = "3,x,,,,,";
        lines[110] = "400,x,old,,,,";
        std::fs::write(&nodes, lines.join("\n")).unwrap();
        let (_, a) = load(&nodes, &rels, ONE, 1);
        let (_, b) = load(&nodes, &rels, MANY, 4);
        let (a, b) = (a.unwrap_err().message, b.unwrap_err().message);
        assert_eq!(a, b);
        assert!(
            a.ends_with("nodes.csv:101: field `id:ID`: duplicate id `3`"),
            "{a}"
        );
    }

    #[test]
    fn a_load_into_a_graph_with_free_slots_fills_them_first() {
        let dir = tempfile::tempdir().unwrap();
        let (nodes, rels) = files(dir.path(), 100, false);
        let mut g = Graph::new();
        let t = g.intern("T");
        let a = g.create_node(vec![], vec![]).unwrap();
        let b = g.create_node(vec![], vec![]).unwrap();
        let r = g.create_rel(a, b, t, vec![]).unwrap();
        g.create_rel(a, b, t, vec![]).unwrap();
        g.delete_rel(r).unwrap();
        g.detach_delete_node(b).unwrap();
        let before = fingerprint(&g);
        load_tuned(&mut g, &[&nodes], &[&rels], false, MANY).unwrap();
        assert!(g.contains_node(b) && g.contains_rel(r));
        assert_eq!((g.node_count(), g.rel_count()), (101, 300));
        let name = g.sym("name").unwrap();
        assert_eq!(g.node_prop(b, name), Some(Value::str("n0")));
        // A failed load on top leaves it as it was.
        std::fs::write(&rels, "bad").unwrap();
        let after = fingerprint(&g);
        assert!(load_tuned(&mut g, &[&nodes], &[&rels], false, MANY).is_err());
        assert_eq!(fingerprint(&g), after);
        assert_ne!(before, after);
    }

    #[test]
    fn separators_are_found_as_a_byte_at_a_time_finds_them() {
        let naive = |bytes: &[u8], from: usize| {
            bytes[from..]
                .iter()
                .position(|&b| b == b',' || b == b'\n' || b == b'\r')
                .map(|k| from + k)
        };
        // Every placement of a separator, and of bytes next to them (`,` is 0x2c, `\n` 0x0a,
        // `\r` 0x0d; 0x2d, 0x0b, 0x0c and bytes with the high bit set), over a few words.
        let fill = [b'a', 0x2d, 0x0b, 0x0c, 0x80, 0xff, 0x00];
        for len in (0..20).chain([63, 64, 65, 127, 128, 129, 150]) {
            for at in 0..=len {
                for sep in [b',', b'\n', b'\r', b'x'] {
                    for &f in &fill {
                        let mut bytes = vec![f; len];
                        if at < len {
                            bytes[at] = sep;
                        }
                        for from in 0..=len {
                            assert_eq!(separator(&bytes, from), naive(&bytes, from));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn plain_integers_parse_like_str_parse() {
        for t in [
            "0",
            "-0",
            "123",
            "-987654321012345678",
            "999999999999999999",
        ] {
            assert_eq!(plain_int(t.as_bytes()), t.parse().ok(), "{t}");
        }
        for t in ["", "-", "+1", " 1", "1.0", "9999999999999999999"] {
            assert_eq!(plain_int(t.as_bytes()), None, "{t}");
        }
    }

    #[test]
    fn a_row_that_fails_leaves_no_cells_and_no_group_behind() {
        let mut spaces = IdSpaces::default();
        let g = spaces.group("");
        for (id, node) in [("1", 0), ("2", 1)] {
            assert!(spaces.ids[g].insert(id.as_bytes(), hash_id(id.as_bytes()), NodeId(node)));
        }
        let fields: Vec<String> = [":START_ID", ":END_ID", ":TYPE", "date", "weight:float"]
            .map(String::from)
            .to_vec();
        let cols = vec![
            Col::Start(g),
            Col::End(g),
            Col::Type,
            Col::Prop {
                key: Sym(1),
                ty: Ty::Str,
                array: false,
            },
            Col::Prop {
                key: Sym(2),
                ty: Ty::Float,
                array: false,
            },
        ];
        let layout = Layout {
            file: "events.csv",
            fields: &fields,
            cols: &cols,
            spaces: &spaces,
            utf8: false,
        };
        // The second row of MEETS and the first of DENIES fail at their last field, after
        // their date was parsed.
        for (text, error) in [
            (
                "1,2,MEETS,2020-01-01,0.5\n2,1,MEETS,2020-01-02,x\n",
                "LoadError: events.csv:2: field `weight:float`: `x` is not a number",
            ),
            (
                "1,2,MEETS,2020-01-01,0.5\n2,1,DENIES,2020-01-02,x\n",
                "LoadError: events.csv:2: field `weight:float`: `x` is not a number",
            ),
        ] {
            let b = parse_piece(RelBatch::new(&layout), &layout, text.as_bytes(), 1);
            assert_eq!(b.error.as_ref().map(|e| e.to_string()), Some(error.into()));
            assert_eq!(b.rows, 1);
            assert_eq!(b.props_set, 2);
            assert_eq!(b.groups.len(), 1, "{text}");
            assert_eq!(b.group_index.len(), 1);
            let meets = &b.groups[0];
            assert_eq!(meets.name, "MEETS");
            assert_eq!(meets.rows, [0]);
            for col in &meets.cols {
                assert_eq!(col.rows, [0]);
                assert_eq!(col.cells.len(), 1);
            }
        }
    }

    #[test]
    fn plain_floats_parse_like_str_parse() {
        for t in [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "1.5",
            "-1.1",
            "0.1",
            "0.3",
            "123456789012345",
            "1.23456789012345",
            "-0.00000000000001",
            "999999999999999",
            "9007199254740.99",
        ] {
            let ours = plain_float(t.as_bytes()).map(f64::to_bits);
            assert_eq!(ours, t.parse::<f64>().ok().map(f64::to_bits), "{t}");
        }
        for t in [
            "",
            "-",
            ".",
            "1.",
            ".5",
            "+1",
            " 1",
            "1e5",
            "1.2.3",
            "1234567890123456",
            "nan",
        ] {
            assert_eq!(plain_float(t.as_bytes()), None, "{t}");
        }
    }

    proptest::proptest! {
        /// Every number of the fast form parses to the float `str::parse` gives, to the bit.
        #[test]
        fn plain_floats_agree_with_str_parse(
            neg in proptest::bool::ANY,
            whole in "[0-9]{1,15}",
            fraction in proptest::option::of("[0-9]{1,14}"),
        ) {
            let text = format!(
                "{}{whole}{}",
                if neg { "-" } else { "" },
                fraction.map(|f| format!(".{f}")).unwrap_or_default()
            );
            let theirs = text.parse::<f64>().ok().map(f64::to_bits);
            match plain_float(text.as_bytes()) {
                Some(x) => proptest::prop_assert_eq!(Some(x.to_bits()), theirs),
                None => proptest::prop_assert!(text.len() - usize::from(neg) > 15),
            }
        }
    }

    /// Every record of `text` as `Records` reads it: (line, fields, which were `""`), or the
    /// line of an unterminated quote.
    type ReadRecords = Vec<(u64, Vec<String>, Vec<bool>)>;

    fn records(text: &str) -> std::result::Result<ReadRecords, u64> {
        let mut rdr = Records::new(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        loop {
            match rdr.read(&mut record) {
                Ok(true) => out.push((
                    record.position().unwrap().line(),
                    record
                        .iter()
                        .map(|f| String::from_utf8(f.to_vec()).unwrap())
                        .collect(),
                    rdr.quoted_empty.clone(),
                )),
                Ok(false) => return Ok(out),
                Err(RecordError::Unterminated(line)) => return Err(line),
                Err(RecordError::Io(e)) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn records_read_as_the_csv_crate_does_and_tell_quoted_empty_fields() {
        let text = "a,\"b,\"\"c\"\"\"\r\n\n\"x\ny\"z,,\"\"\r\n,\n1";
        let ours: Vec<Vec<String>> = records(text)
            .unwrap()
            .into_iter()
            .map(|(_, f, _)| f)
            .collect();
        let mut theirs = Vec::new();
        for r in data_reader(text.as_bytes()).byte_records() {
            let r = r.unwrap();
            theirs.push(
                r.iter()
                    .map(|f| String::from_utf8(f.to_vec()).unwrap())
                    .collect::<Vec<String>>(),
            );
        }
        assert_eq!(ours, theirs);
        let r = records(text).unwrap();
        assert_eq!(
            r.iter()
                .map(|(l, _, q)| (*l, q.clone()))
                .collect::<Vec<_>>(),
            vec![
                (1, vec![false, false]),
                (3, vec![false, false, true]),
                (5, vec![false, false]),
                (6, vec![false]),
            ]
        );
        assert_eq!(records("a,b\n1,\"x\n\ny"), Err(2));
        assert_eq!(records("\"a\"\"\n"), Err(1));
        assert_eq!(records("\"a\"\"\"\n").unwrap()[0].1, vec!["a\""]);
    }

    proptest::proptest! {
        /// On any text whose quotes are closed, `Records` reads the records and fields the
        /// csv crate reads. (Not always its line numbers: after a blank line the csv crate's
        /// lag; `Records` counts line ends.)
        #[test]
        fn records_agree_with_the_csv_crate(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", ",", "\"", "\n", "\r", "\r\n", ""]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            if let Ok(ours) = records(&text) {
                let mut theirs = Vec::new();
                for r in data_reader(text.as_bytes()).byte_records() {
                    let r = r.unwrap();
                    theirs.push(
                        r.iter()
                            .map(|f| String::from_utf8(f.to_vec()).unwrap())
                            .collect::<Vec<String>>(),
                    );
                }
                let ours: Vec<_> = ours.into_iter().map(|(_, f, _)| f).collect();
                proptest::prop_assert_eq!(ours, theirs);
            }
        }
    }

    proptest::proptest! {
        /// On any text without a quote character, `Unquoted` reads the records, the fields
        /// and the line numbers the csv crate reads.
        #[test]
        fn unquoted_records_agree_with_the_csv_crate(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a",
                    "bc",
                    ",",
                    "\n",
                    "\r",
                    "\r\n",
                    " ",
                    "",
                    // Long fields, so that records cross the 64-byte windows separators are
                    // looked for in.
                    "abcdefghijklmnopqrstuvwxyz0123456789-",
                ]),
                0..200,
            )
        ) {
            let text: String = parts.concat();
            let mut theirs = Vec::new();
            for r in data_reader(text.as_bytes()).byte_records() {
                let r = r.unwrap();
                let fields: Vec<Vec<u8>> = r.iter().map(<[u8]>::to_vec).collect();
                theirs.push((r.position().unwrap().line(), fields));
            }
            let mut ours = Vec::new();
            let mut rdr = Unquoted::new(text.as_bytes());
            let mut fields = Vec::new();
            while let Some(line) = rdr.next(&mut fields) {
                ours.push((line, fields.iter().map(|f| f.to_vec()).collect::<Vec<_>>()));
            }
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn ids_are_found_by_their_bytes_in_the_array_or_the_table() {
        let mut space = IdSpace::default();
        let mut add =
            |id: &str, n: u32| space.insert(id.as_bytes(), hash_id(id.as_bytes()), NodeId(n));
        assert!(add("7", 1));
        // Not the number 7: other bytes, another id.
        assert!(add("007", 2));
        assert!(add("+7", 3));
        assert!(add("0", 4));
        // Far past the ids there: in the table, and still found (and a duplicate) once the
        // array has grown past it.
        assert!(add("5000", 5));
        assert!(add("500000", 8));
        for i in (9..12_000u32).filter(|&i| i != 5000) {
            assert!(add(&i.to_string(), 100 + i));
        }
        assert!(add("x", 6));
        assert!(!add("7", 9));
        assert!(!add("007", 9));
        assert!(!add("5000", 9));
        assert!(!add("500000", 9));
        assert!(!add("11999", 9));
        assert_eq!(space.get(b"7"), Some(NodeId(1)));
        assert_eq!(space.get(b"007"), Some(NodeId(2)));
        assert_eq!(space.get(b"+7"), Some(NodeId(3)));
        assert_eq!(space.get(b"0"), Some(NodeId(4)));
        assert_eq!(space.get(b"00"), None);
        assert_eq!(space.get(b"5000"), Some(NodeId(5)));
        assert_eq!(space.get(b"500000"), Some(NodeId(8)));
        assert_eq!(space.get(b"4999"), Some(NodeId(5099)));
        assert_eq!(space.get(b"11999"), Some(NodeId(12_099)));
        assert_eq!(space.get(b"12000"), None);
        assert_eq!(space.get(b"1"), None);
        assert_eq!(space.get(b"x"), Some(NodeId(6)));
        assert_eq!(space.get(b"9999999999"), None);
        assert_eq!(space.get(b""), None);
    }

    #[test]
    fn an_unterminated_quote_in_a_later_block_fails_the_whole_load() {
        let dir = tempfile::tempdir().unwrap();
        let (nodes, rels) = files(dir.path(), 300, false);
        let mut text = std::fs::read_to_string(&nodes).unwrap();
        // The line the quote opens on.
        let line = text.lines().count() + 1;
        text.push_str("x1,\"Rus,7,1.5,true,a,Actor\nx2,y,1,1.5,true,a,Actor\n");
        std::fs::write(&nodes, &text).unwrap();
        for (tuning, threads) in [(ONE, 1), (MANY, 4)] {
            let (g, result) = load(&nodes, &rels, tuning, threads);
            let e = result.unwrap_err().message;
            assert!(
                e.ends_with(&format!(
                    "nodes.csv:{line}: unterminated quoted field: expected a closing `\"` before the end of the file"
                )),
                "{e}"
            );
            assert_eq!(g.node_count(), 1);
        }
    }
}
