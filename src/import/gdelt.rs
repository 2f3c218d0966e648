//! GDELT event exports into the graph: GDELT 1.0 daily files (57 or 58 tab-separated
//! columns), GDELT 2.0 15-minute files (61 columns), plain or inside their `.zip`, and the
//! "dyads" files some GDELT users save (a row number, the 61 GDELT 2.0 columns and a
//! confidence, comma-separated with a header).
//!
//! Each CAMEO actor code becomes one `Actor` node (`code`, `name`, `aliases`: the surface names
//! seen, `country`, `known_group`, `types`, `kind`), labelled `Country`, `Region`,
//! `Organization` or `Group` by relq's CAMEO mapping in `data/cameo/`, with `PART_OF` to its
//! country's node when the two differ. Each event becomes one relationship typed by
//! `data/cameo/eventcodes.tsv` (the CAMEO-to-relq mapping), with `date` a date value; reports
//! of the same event (same actors, code, day and source URL) are merged into one relationship
//! with a `reports` count and every `event_ids`. Rows with no actor on one side, and codes the
//! mapping leaves out, are counted and skipped.
//!
//! The tables of `data/cameo/` hold only relq's mapping (codes to types, labels and kinds).
//! Names and descriptions come from GDELT's own CAMEO lookup files when they are given
//! (`Lookups`, `--cameo DIR`): events then get a `cameo_description`, actors their CAMEO names.
//! Without them an actor's `name` is the surface name its rows give it most often.
//!
//! An actor already in the graph (an `Actor` with the same `code`) is reused, its aliases
//! extended. All or nothing: the file is read and checked whole before the graph changes, and
//! the changes are made in one journal transaction.

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::exec::update::Stats;
use crate::graph::{Dir, Graph, NodeId, Sym, Value};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::OnceLock;

const EVENT_CODES: &str = include_str!("../../data/cameo/eventcodes.tsv");
const ACTOR_TYPES: &str = include_str!("../../data/cameo/actortypes.tsv");
const COUNTRIES: &str = include_str!("../../data/cameo/countries.tsv");

/// Files at least this large show a progress bar (when stderr is a terminal).
const PROGRESS_MIN_BYTES: usize = 8 << 20;

/// The rows of a table of `data/cameo/`: tab-separated fields, `#` lines are comments.
fn table(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// One CAMEO event code: the relq type it becomes (none: skipped).
#[derive(Clone, Copy, Debug)]
pub struct EventCode {
    pub code: &'static str,
    pub rel_type: Option<&'static str>,
}

/// One CAMEO actor type code: the label its actors get.
#[derive(Clone, Copy, Debug)]
pub struct ActorType {
    pub code: &'static str,
    pub label: &'static str,
}

struct Tables {
    events: HashMap<&'static str, EventCode>,
    types: HashMap<&'static str, ActorType>,
    /// code → kind: "country" or "region"
    countries: HashMap<&'static str, &'static str>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        events: event_codes().map(|e| (e.code, e)).collect(),
        types: actor_types().map(|t| (t.code, t)).collect(),
        countries: table(COUNTRIES)
            .filter(|r| r.len() == 2)
            .map(|r| (r[0], r[1]))
            .collect(),
    })
}

/// Every CAMEO event code of the mapping table, in the table's order.
pub fn event_codes() -> impl Iterator<Item = EventCode> {
    table(EVENT_CODES)
        .filter(|r| r.len() == 2)
        .map(|r| EventCode {
            code: r[0],
            rel_type: (r[1] != "-").then_some(r[1]),
        })
}

/// Every CAMEO actor type code, in the table's order.
pub fn actor_types() -> impl Iterator<Item = ActorType> {
    table(ACTOR_TYPES)
        .filter(|r| r.len() == 2)
        .map(|r| ActorType {
            code: r[0],
            label: r[1],
        })
}

/// Every CAMEO place code with its kind ("country" or "region"), in the table's order.
pub fn places() -> impl Iterator<Item = (&'static str, &'static str)> {
    table(COUNTRIES)
        .filter(|r| r.len() == 2)
        .map(|r| (r[0], r[1]))
}

/// The words of GDELT's CAMEO lookup files (published with GDELT's documentation): event code
/// descriptions, actor type descriptions, country and region names, known group names. Each
/// maps a code to its text.
#[derive(Clone, Debug, Default)]
pub struct Lookups {
    pub events: HashMap<String, String>,
    pub types: HashMap<String, String>,
    pub countries: HashMap<String, String>,
    pub groups: HashMap<String, String>,
}

impl Lookups {
    /// Read the lookup files of a folder: `CAMEO.eventcodes.txt` (or `CAMEO.eventcodesfull.txt`),
    /// `CAMEO.type.txt` (or `CAMEO.actortype.txt`), `CAMEO.country.txt` and
    /// `CAMEO.knowngroup.txt`, each a header line then `CODE<TAB>TEXT` lines (more fields are
    /// ignored; a text in double quotes loses them). A file that is not there is left out; a
    /// folder with none of them, or a line without a code and a text, is an error.
    pub fn read(dir: &Path) -> Result<Lookups> {
        let mut lookups = Lookups::default();
        let mut found = 0;
        let sets: [(&[&str], &mut HashMap<String, String>); 4] = [
            (
                &["CAMEO.eventcodes.txt", "CAMEO.eventcodesfull.txt"],
                &mut lookups.events,
            ),
            (
                &["CAMEO.type.txt", "CAMEO.actortype.txt"],
                &mut lookups.types,
            ),
            (&["CAMEO.country.txt"], &mut lookups.countries),
            (&["CAMEO.knowngroup.txt"], &mut lookups.groups),
        ];
        for (names, map) in sets {
            let Some(path) = names.iter().map(|n| dir.join(n)).find(|p| p.exists()) else {
                continue;
            };
            found += 1;
            read_lookup(&path, map)?;
        }
        if found == 0 {
            return Err(load_error(format!(
                "{}: expected GDELT's CAMEO lookup files (CAMEO.eventcodes.txt, CAMEO.type.txt, CAMEO.country.txt, CAMEO.knowngroup.txt), found none",
                dir.display()
            )));
        }
        Ok(lookups)
    }
}

fn read_lookup(path: &Path, map: &mut HashMap<String, String>) -> Result<()> {
    let origin = path.display();
    let bytes =
        std::fs::read(path).map_err(|e| load_error(format!("cannot read {origin}: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| load_error(format!("{origin}: expected text in UTF-8")))?;
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let code = fields.next().unwrap_or("").trim();
        let label = fields.next().unwrap_or("").trim();
        let label = label
            .strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or(label)
            .trim();
        if code.is_empty() || label.is_empty() {
            return Err(load_error(format!(
                "{origin}:{}: expected a code, a tab and its text, found '{line}'",
                i + 1
            )));
        }
        map.insert(code.to_string(), label.to_string());
    }
    Ok(())
}

/// The kinds of GDELT file relq reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// GDELT 1.0 daily export: 57 columns, 58 with SOURCEURL (from April 2013).
    V1,
    /// GDELT 2.0 15-minute export: 61 columns.
    V2,
    /// A row number, the 61 GDELT 2.0 columns and a confidence: comma-separated, with a
    /// header whose second field is `Global_Event_ID`.
    Dyads,
}

impl Layout {
    fn describe(self) -> &'static str {
        match self {
            Layout::V1 => "57 or 58 tab-separated fields (a GDELT 1.0 event export)",
            Layout::V2 => "61 tab-separated fields (a GDELT 2.0 event export)",
            Layout::Dyads => "63 comma-separated fields (a GDELT dyads file)",
        }
    }
    fn fits(self, n: usize) -> bool {
        match self {
            Layout::V1 => n == 57 || n == 58,
            Layout::V2 => n == 61,
            Layout::Dyads => n == 63,
        }
    }
    /// The position of each field this importer reads.
    fn columns(self) -> Columns {
        let v2 = |shift: usize| Columns {
            shift,
            geo: 51,
            geo_adm2: true,
            added: 59,
            url: Some(60),
        };
        match self {
            Layout::V1 => Columns {
                shift: 0,
                geo: 49,
                geo_adm2: false,
                added: 56,
                url: Some(57),
            },
            Layout::V2 => v2(0),
            Layout::Dyads => v2(1),
        }
    }
}

/// Where the fields are: the common ones at their GDELT positions plus `shift`.
struct Columns {
    shift: usize,
    /// ActionGeo_Type; then FullName, CountryCode, ADM1Code, [ADM2Code,] Lat, Long.
    geo: usize,
    geo_adm2: bool,
    added: usize,
    url: Option<usize>,
}

/// What a file's first bytes say it is, if GDELT.
pub fn sniff(bytes: &[u8]) -> Option<Layout> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let line = &bytes[..end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.starts_with(b",Global_Event_ID,") {
        return Some(Layout::Dyads);
    }
    let fields: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
    let digits = |f: &[u8]| !f.is_empty() && f.iter().all(u8::is_ascii_digit);
    if fields.len() < 2 || !digits(fields[0]) || !(digits(fields[1]) && fields[1].len() == 8) {
        return None;
    }
    match fields.len() {
        57 | 58 => Some(Layout::V1),
        61 => Some(Layout::V2),
        _ => None,
    }
}

/// Whether the file at `path` is a GDELT export (or a zip archive, which relq reads only as
/// GDELT's): its first bytes are read.
pub fn is_gdelt(path: &Path) -> bool {
    let is_zip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if is_zip {
        return true;
    }
    let Ok((file, _)) = crate::input::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(4096);
    if file.take(64 << 10).read_to_end(&mut head).is_err() {
        return false;
    }
    sniff(&head).is_some()
}

/// What a GDELT load did, for the summary after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Data rows read.
    pub rows: usize,
    /// Relationships created (one per event, reports merged).
    pub events: usize,
    /// Rows merged into an event another row of the file reported already.
    pub merged: usize,
    /// Rows reporting an event the graph had already (from an earlier file): added to its
    /// `reports` and `event_ids`.
    pub merged_into_graph: usize,
    /// Rows whose event (by its GLOBALEVENTID) the graph had already: not counted again.
    pub already_loaded: usize,
    pub actors_created: usize,
    pub actors_reused: usize,
    pub part_of: usize,
    /// Rows with no actor on one side.
    pub one_sided: usize,
    /// Rows skipped for their CAMEO code (unmapped or unknown), by code.
    pub skipped_codes: BTreeMap<String, usize>,
}

/// `n` and the word, in the plural unless `n` is 1.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({} merged), {} new, {} already in the graph, {}",
            count(self.rows, "row", "rows"),
            count(self.events, "event", "events"),
            count(self.merged, "repeated report", "repeated reports"),
            count(self.actors_created, "actor", "actors"),
            self.actors_reused,
            count(self.part_of, "PART_OF", "PART_OF"),
        )?;
        if self.merged_into_graph > 0 {
            write!(
                f,
                ", {} of events already in the graph",
                count(self.merged_into_graph, "report", "reports")
            )?;
        }
        if self.already_loaded > 0 {
            write!(
                f,
                ", {} loaded before (the same event id)",
                count(self.already_loaded, "row", "rows")
            )?;
        }
        write!(
            f,
            "; skipped: {} with no actor on one side",
            count(self.one_sided, "row", "rows")
        )?;
        if !self.skipped_codes.is_empty() {
            let n: usize = self.skipped_codes.values().sum();
            let codes: Vec<String> = self
                .skipped_codes
                .iter()
                .map(|(c, k)| format!("{c} ×{k}"))
                .collect();
            write!(
                f,
                ", {} for their CAMEO code ({})",
                count(n, "row", "rows"),
                codes.join(", ")
            )?;
        }
        Ok(())
    }
}

fn load_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Load, message)
}

/// An actor as the file shows it.
#[derive(Default)]
struct ActorSeen {
    /// Surface names with how often each was seen, in the order first seen.
    names: Vec<(String, usize)>,
    country: String,
    group: String,
    types: Vec<String>,
}

impl ActorSeen {
    fn saw(&mut self, name: &str) {
        if name.is_empty() {
            return;
        }
        match self.names.iter_mut().find(|(n, _)| n == name) {
            Some((_, k)) => *k += 1,
            None => self.names.push((name.to_string(), 1)),
        }
    }
    /// The surface names, the most frequent first.
    fn aliases(&self) -> Vec<String> {
        let mut names = self.names.clone();
        names.sort_by_key(|n| std::cmp::Reverse(n.1));
        names.into_iter().map(|(n, _)| n).collect()
    }
}

/// One event, its reports merged.
struct Event {
    start: String,
    end: String,
    ty: &'static str,
    props: Vec<(&'static str, Value)>,
    event_ids: Vec<i64>,
}

/// The whole file, read and checked.
struct Parsed {
    actors: BTreeMap<String, ActorSeen>,
    events: Vec<Event>,
    summary: Summary,
}

/// A row's fields, with the place for errors.
struct Row<'a> {
    record: &'a csv::StringRecord,
    origin: &'a str,
    line: u64,
    shift: usize,
}

impl Row<'_> {
    fn at(&self, message: impl fmt::Display) -> Error {
        load_error(format!("{}:{}: {message}", self.origin, self.line))
    }
    fn get(&self, i: usize) -> &str {
        self.record.get(i + self.shift).unwrap_or("").trim()
    }
    fn required(&self, i: usize, name: &str, what: &str) -> Result<&str> {
        let v = self.get(i);
        if v.is_empty() {
            return Err(self.at(format_args!(
                "expected {name} ({what}), found an empty field"
            )));
        }
        Ok(v)
    }
    fn int(&self, i: usize, name: &str) -> Result<i64> {
        let v = self.required(i, name, "a whole number")?;
        v.parse().map_err(|_| {
            self.at(format_args!(
                "expected {name} (a whole number), found '{v}'"
            ))
        })
    }
    fn float(&self, i: usize, name: &str) -> Result<f64> {
        let v = self.required(i, name, "a number")?;
        v.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| self.at(format_args!("expected {name} (a number), found '{v}'")))
    }
    fn optional_float(&self, i: usize, name: &str) -> Result<Value> {
        if self.get(i).is_empty() {
            return Ok(Value::Null);
        }
        self.float(i, name).map(Value::Float)
    }
    fn date(&self, i: usize, name: &str) -> Result<jiff::civil::Date> {
        let v = self.required(i, name, "a date YYYYMMDD")?;
        read_date(v).ok_or_else(|| {
            self.at(format_args!(
                "expected {name} as a date YYYYMMDD, found '{v}'"
            ))
        })
    }
}

fn read_date(v: &str) -> Option<jiff::civil::Date> {
    if v.len() != 8 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m, d) = (
        v[..4].parse().ok()?,
        v[4..6].parse().ok()?,
        v[6..].parse().ok()?,
    );
    jiff::civil::Date::new(y, m, d).ok()
}

/// DATEADDED: YYYYMMDDHHMMSS (GDELT 2.0, UTC) as a datetime, YYYYMMDD (GDELT 1.0) as a date.
fn read_added(row: &Row, i: usize) -> Result<Value> {
    let v = row.required(i, "DATEADDED", "YYYYMMDDHHMMSS or YYYYMMDD")?;
    let bad = || {
        row.at(format_args!(
            "expected DATEADDED as YYYYMMDDHHMMSS or YYYYMMDD, found '{v}'"
        ))
    };
    if v.len() == 8 {
        return read_date(v)
            .map(|d| Value::from(crate::temporal::Temporal::Date(d)))
            .ok_or_else(bad);
    }
    if v.len() != 14 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &v[..4],
        &v[4..6],
        &v[6..8],
        &v[8..10],
        &v[10..12],
        &v[12..]
    );
    crate::temporal::parse_temporal(crate::temporal::Kind::DateTime, &iso)
        .map(Value::from)
        .map_err(|_| bad())
}

/// Read and check a whole file's rows.
fn parse(
    bytes: &[u8],
    layout: Layout,
    origin: &str,
    bar: Option<&indicatif::ProgressBar>,
    lookups: Option<&Lookups>,
) -> Result<Parsed> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = match layout {
        Layout::Dyads => csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes),
        _ => csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .has_headers(false)
            .flexible(true)
            .quoting(false)
            .from_reader(bytes),
    };
    let cols = layout.columns();
    let tables = tables();
    let mut parsed = Parsed {
        actors: BTreeMap::new(),
        events: Vec::new(),
        summary: Summary::default(),
    };
    let mut merge: HashMap<(String, String, &'static str, i64, String), usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                let what = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "text in UTF-8".to_string(),
                    _ => e.to_string(),
                };
                return Err(load_error(format!("{origin}:{line}: expected {what}")));
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        parsed.summary.rows += 1;
        if let Some(bar) = bar {
            if parsed.summary.rows.is_multiple_of(4096) {
                bar.set_position(record.position().map_or(0, |p| p.byte()));
            }
        }
        let row = Row {
            record: &record,
            origin,
            line,
            shift: cols.shift,
        };
        if !layout.fits(record.len()) {
            return Err(row.at(format_args!(
                "expected {}, found {}",
                layout.describe(),
                record.len()
            )));
        }
        let id = row.int(0, "GLOBALEVENTID")?;
        let day = row.date(1, "SQLDATE")?;
        let code = row.required(26, "EventCode", "a CAMEO event code")?;
        let quad = row.int(29, "QuadClass")?;
        let goldstein = row.float(30, "GoldsteinScale")?;
        let mentions = row.int(31, "NumMentions")?;
        let sources = row.int(32, "NumSources")?;
        let articles = row.int(33, "NumArticles")?;
        let tone = row.float(34, "AvgTone")?;
        let (lat_at, long_at) = if cols.geo_adm2 {
            (cols.geo + 5, cols.geo + 6)
        } else {
            (cols.geo + 4, cols.geo + 5)
        };
        let lat = row.optional_float(lat_at, "ActionGeo_Lat")?;
        let long = row.optional_float(long_at, "ActionGeo_Long")?;
        let added = read_added(&row, cols.added)?;
        let url = cols
            .url
            .filter(|&u| u + cols.shift < record.len())
            .map_or("", |u| row.get(u));

        let (a1, a2) = (row.get(5), row.get(15));
        if a1.is_empty() || a2.is_empty() {
            parsed.summary.one_sided += 1;
            continue;
        }
        let Some(event) = tables.events.get(code) else {
            *parsed
                .summary
                .skipped_codes
                .entry(code.to_string())
                .or_default() += 1;
            continue;
        };
        let Some(ty) = event.rel_type else {
            *parsed
                .summary
                .skipped_codes
                .entry(code.to_string())
                .or_default() += 1;
            continue;
        };
        for at in [5, 15] {
            let actor = parsed.actors.entry(row.get(at).to_string()).or_default();
            actor.saw(row.get(at + 1));
            if actor.country.is_empty() {
                actor.country = row.get(at + 2).to_string();
            }
            if actor.group.is_empty() {
                actor.group = row.get(at + 3).to_string();
            }
            if actor.types.is_empty() {
                actor.types = (7..10)
                    .map(|k| row.get(at + k))
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect();
            }
        }
        let key = (
            a1.to_string(),
            a2.to_string(),
            event.code,
            crate::temporal::epoch_days(day),
            url.to_string(),
        );
        if let Some(&k) = merge.get(&key) {
            parsed.events[k].event_ids.push(id);
            parsed.summary.merged += 1;
            continue;
        }
        let text = |s: &str| {
            if s.is_empty() {
                Value::Null
            } else {
                Value::str(s)
            }
        };
        let props = vec![
            ("date", Value::from(crate::temporal::Temporal::Date(day))),
            ("cameo", Value::str(event.code)),
            (
                "cameo_description",
                lookups
                    .and_then(|l| l.events.get(event.code))
                    .map_or(Value::Null, |d| Value::str(d)),
            ),
            ("quad_class", Value::Int(quad)),
            ("goldstein", Value::Float(goldstein)),
            ("mentions", Value::Int(mentions)),
            ("sources", Value::Int(sources)),
            ("articles", Value::Int(articles)),
            ("tone", Value::Float(tone)),
            ("place", text(row.get(cols.geo + 1))),
            ("place_country", text(row.get(cols.geo + 2))),
            ("lat", lat),
            ("long", long),
            ("date_added", added),
            ("source_url", text(url)),
            ("event_id", Value::Int(id)),
        ];
        merge.insert(key, parsed.events.len());
        parsed.events.push(Event {
            start: a1.to_string(),
            end: a2.to_string(),
            ty,
            props,
            event_ids: vec![id],
        });
    }
    Ok(parsed)
}

/// The name relq gives an actor code. With GDELT's lookups: its known group's, its country's
/// or region's, or its parts' (country, then types: "Russia Government"). Else, or when the
/// lookups do not name it, the surface name the file gives it most often, as written there
/// ("RUSSIA"); else the code.
fn actor_name(code: &str, seen: &ActorSeen, lookups: Option<&Lookups>) -> String {
    if let Some(l) = lookups {
        if let Some(g) = l.groups.get(seen.group.as_str()) {
            return g.to_string();
        }
        if let Some(name) = l.countries.get(code) {
            return name.to_string();
        }
        if code.len().is_multiple_of(3) && code.is_ascii() {
            let parts: Option<Vec<&str>> = (0..code.len() / 3)
                .map(|i| {
                    let part = &code[i * 3..i * 3 + 3];
                    l.countries
                        .get(part)
                        .or_else(|| l.types.get(part))
                        .or_else(|| l.groups.get(part))
                        .map(String::as_str)
                })
                .collect();
            if let Some(parts) = parts {
                return parts.join(" ");
            }
        }
    }
    seen.aliases()
        .into_iter()
        .next()
        .unwrap_or_else(|| code.to_string())
}

/// The label (beside `Actor`) and `kind` of an actor code.
fn actor_class(code: &str, seen: &ActorSeen) -> (&'static str, &'static str) {
    let t = tables();
    let by_type = seen
        .types
        .first()
        .and_then(|ty| t.types.get(ty.as_str()))
        .map(|ty| ty.label)
        .or_else(|| {
            // The type codes inside the actor code ("IGOEUREEC": IGO).
            (code.len().is_multiple_of(3) && code.is_ascii())
                .then(|| {
                    (0..code.len() / 3)
                        .find_map(|i| t.types.get(&code[i * 3..i * 3 + 3]).map(|ty| ty.label))
                })
                .flatten()
        });
    match by_type {
        Some("Organization") => ("Organization", "organization"),
        Some(_) => ("Group", "group"),
        None => match t.countries.get(code) {
            Some(&"region") => ("Region", "region"),
            Some(_) => ("Country", "country"),
            None => ("Group", "group"),
        },
    }
}

/// A country's node when no actor of the file has its code: what it is called and labelled.
fn country_seen(code: &str) -> ActorSeen {
    ActorSeen {
        country: code.to_string(),
        ..ActorSeen::default()
    }
}

/// Read the bytes of a GDELT file, unzipping a `.zip` (its one CSV member): the bytes and the
/// name errors give for the place.
fn read_file(path: &Path, origin: &str) -> Result<(Vec<u8>, String)> {
    let bytes =
        crate::input::read(path).map_err(|e| load_error(format!("cannot read {origin}: {e}")))?;
    let is_zip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        || bytes.starts_with(b"PK\x03\x04");
    if !is_zip {
        return Ok((bytes, origin.to_string()));
    }
    let bad = |e: zip::result::ZipError| {
        load_error(format!(
            "{origin}: expected a zip archive holding a GDELT export: {e}"
        ))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
    let members: Vec<usize> = (0..archive.len())
        .filter(|&i| archive.by_index(i).is_ok_and(|f| f.is_file()))
        .collect();
    let [member] = members[..] else {
        return Err(load_error(format!(
            "{origin}: expected a zip archive holding one GDELT export, found {} files",
            members.len()
        )));
    };
    let mut file = archive.by_index(member).map_err(bad)?;
    let name = match file.name() {
        Ok(n) => format!("{origin}:{n}"),
        Err(_) => origin.to_string(),
    };
    let limit = crate::input::stream_limit();
    // The size the archive claims is only a hint: at most 64 MiB is reserved up front.
    let mut out = Vec::with_capacity(file.size().min(limit).min(64 << 20) as usize);
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| load_error(format!("{name}: cannot unzip: {e}")))?;
    if out.len() as u64 > limit {
        return Err(load_error(format!(
            "{name}: it holds more than {limit} bytes, more than memory allows"
        )));
    }
    Ok((out, name))
}

/// Load a GDELT file (see the module's documentation). With `force`, a file whose first line
/// is not recognised is read by its number of fields anyway (61: GDELT 2.0; 57 or 58: 1.0), and
/// its rows' errors say what is wrong. With `progress`, a large file shows a progress bar on
/// stderr when stderr is a terminal. With `lookups` (GDELT's CAMEO lookup files, see
/// `Lookups::read`), events get a `cameo_description` and actors their CAMEO names. The counts,
/// and the summary for the message after it.
pub fn load_gdelt(
    graph: &mut Graph,
    path: &Path,
    force: bool,
    progress: bool,
    lookups: Option<&Lookups>,
) -> Result<(Stats, Summary)> {
    let origin = path.display().to_string();
    let (bytes, origin) = read_file(path, &origin)?;
    let by_count = || {
        let line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
        match line.split(|&b| b == b'\t').count() {
            61 => Some(Layout::V2),
            57 | 58 => Some(Layout::V1),
            _ => None,
        }
    };
    let layout = sniff(&bytes).or_else(|| if force { by_count() } else { None }).ok_or_else(|| {
        load_error(format!(
            "{origin}:1: expected a GDELT event export: 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated fields, the first an event id and the second a date YYYYMMDD"
        ))
    })?;
    let bar = (progress && bytes.len() >= PROGRESS_MIN_BYTES && std::io::stderr().is_terminal())
        .then(|| {
            let bar = indicatif::ProgressBar::new(bytes.len() as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message("GDELT");
            bar
        });
    let parsed = parse(&bytes, layout, &origin, bar.as_ref(), lookups);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let parsed = parsed?;
    drop(bytes);
    apply(graph, parsed, &origin, lookups)
}

/// The graph's changes for a parsed file, in one transaction.
fn apply(
    graph: &mut Graph,
    parsed: Parsed,
    origin: &str,
    lookups: Option<&Lookups>,
) -> Result<(Stats, Summary)> {
    let Parsed {
        mut actors,
        events,
        mut summary,
    } = parsed;
    // Countries that only PART_OF reaches.
    let countries: Vec<String> = actors
        .iter()
        .filter(|(code, a)| !a.country.is_empty() && a.country != **code)
        .map(|(_, a)| a.country.clone())
        .collect();
    for c in countries {
        actors.entry(c.clone()).or_insert_with(|| country_seen(&c));
    }
    let names_before = graph.name_count();
    let full = || load_error(format!("{origin}: the graph is full"));
    // Actors already in the graph, found by their code before anything changes.
    let (actor_l, code_k, part_of) = (
        graph.intern("Actor"),
        graph.intern("code"),
        graph.intern("PART_OF"),
    );
    let existing: HashMap<&str, NodeId> = actors
        .keys()
        .filter_map(|code| {
            let ids = graph.lookup(actor_l, code_k, &Value::str(code))?;
            ids.first().map(|&id| (code.as_str(), id))
        })
        .collect();
    let has_part_of = |graph: &Graph, a: NodeId, b: NodeId| {
        graph.between(a, b, Dir::Out, &[part_of]).next().is_some()
    };
    // Actors whose PART_OF the graph has already.
    let linked: std::collections::HashSet<&str> = actors
        .iter()
        .filter(|(code, a)| !a.country.is_empty() && a.country != **code)
        .filter(|(code, a)| {
            match (
                existing.get(code.as_str()),
                existing.get(a.country.as_str()),
            ) {
                (Some(&x), Some(&y)) => has_part_of(graph, x, y),
                _ => false,
            }
        })
        .map(|(code, _)| code.as_str())
        .collect();
    // Events the graph has already (same actors, type, code, day and source URL), reported
    // again by this file.
    let (cameo_k, date_k, url_k) = (
        graph.intern("cameo"),
        graph.intern("date"),
        graph.intern("source_url"),
    );
    let earlier: Vec<Option<crate::graph::RelId>> = events
        .iter()
        .map(|e| {
            let (&a, &b) = (
                existing.get(e.start.as_str())?,
                existing.get(e.end.as_str())?,
            );
            let ty = graph.sym(e.ty)?;
            let want = |k: &str| {
                e.props
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map_or(Value::Null, |(_, v)| v.clone())
            };
            let wanted = [
                (cameo_k, want("cameo")),
                (date_k, want("date")),
                (url_k, want("source_url")),
            ];
            graph.between(a, b, Dir::Out, &[ty]).find(|&r| {
                wanted
                    .iter()
                    .all(|(k, v)| graph.rel_prop(r, *k).unwrap_or(Value::Null) == *v)
            })
        })
        .collect();
    let result = graph.bulk(|graph| {
        graph.begin();
        let result = (|| -> Result<Stats> {
            let mut stats = Stats::default();
            let key = |graph: &mut Graph, k: &str| graph.intern(k);
            let aliases_k = key(graph, "aliases");
            let mut ids: HashMap<&str, NodeId> = HashMap::new();
            for (code, seen) in &actors {
                let new_aliases = seen.aliases();
                if let Some(&id) = existing.get(code.as_str()) {
                    let mut aliases: Vec<Value> = match graph.node_prop(id, aliases_k) {
                        Some(Value::List(items)) => items,
                        _ => Vec::new(),
                    };
                    let mut changed = false;
                    for a in new_aliases {
                        let v = Value::str(&a);
                        if !aliases.contains(&v) {
                            aliases.push(v);
                            changed = true;
                        }
                    }
                    if changed {
                        graph
                            .set_node_prop(id, aliases_k, Value::List(aliases))
                            .map_err(|_| full())?;
                        stats.props_set += 1;
                    }
                    ids.insert(code, id);
                    summary.actors_reused += 1;
                    continue;
                }
                let (label, kind) = actor_class(code, seen);
                let labels = vec![actor_l, graph.intern(label)];
                let mut props: Vec<(Sym, Value)> = vec![
                    (code_k, Value::str(code)),
                    (
                        key(graph, "name"),
                        Value::str(&actor_name(code, seen, lookups)),
                    ),
                    (key(graph, "kind"), Value::str(kind)),
                ];
                if !new_aliases.is_empty() {
                    props.push((
                        aliases_k,
                        Value::List(new_aliases.iter().map(|a| Value::str(a)).collect()),
                    ));
                }
                if !seen.country.is_empty() {
                    props.push((key(graph, "country"), Value::str(&seen.country)));
                }
                if !seen.group.is_empty() {
                    props.push((key(graph, "known_group"), Value::str(&seen.group)));
                }
                if !seen.types.is_empty() {
                    props.push((
                        key(graph, "types"),
                        Value::List(seen.types.iter().map(|t| Value::str(t)).collect()),
                    ));
                }
                props.sort_by_key(|(k, _)| *k);
                let id = graph.create_node(labels, props).map_err(|_| full())?;
                stats.nodes_created += 1;
                summary.actors_created += 1;
                ids.insert(code, id);
            }
            for (code, seen) in &actors {
                if seen.country.is_empty()
                    || seen.country == *code
                    || linked.contains(code.as_str())
                {
                    continue;
                }
                let (Some(&a), Some(&c)) = (ids.get(code.as_str()), ids.get(seen.country.as_str()))
                else {
                    continue;
                };
                graph
                    .create_rel(a, c, part_of, Vec::new())
                    .map_err(|_| full())?;
                stats.rels_created += 1;
                summary.part_of += 1;
            }
            let reports_k = key(graph, "reports");
            let ids_k = key(graph, "event_ids");
            for (e, earlier) in events.iter().zip(&earlier) {
                if let Some(r) = *earlier {
                    let reports = match graph.rel_prop(r, reports_k) {
                        Some(Value::Int(n)) => n,
                        _ => 1,
                    };
                    let mut ids = match graph.rel_prop(r, ids_k) {
                        Some(Value::List(items)) => items,
                        _ => Vec::new(),
                    };
                    let mut added = 0;
                    for &id in &e.event_ids {
                        let id = Value::Int(id);
                        if ids.contains(&id) {
                            summary.already_loaded += 1;
                        } else {
                            ids.push(id);
                            added += 1;
                        }
                    }
                    summary.merged_into_graph += added as usize;
                    if added == 0 {
                        continue;
                    }
                    graph
                        .set_rel_prop(r, reports_k, Value::Int(reports.saturating_add(added)))
                        .map_err(|_| full())?;
                    graph
                        .set_rel_prop(r, ids_k, Value::List(ids))
                        .map_err(|_| full())?;
                    stats.props_set += 2;
                    continue;
                }
                let (Some(&a), Some(&b)) = (ids.get(e.start.as_str()), ids.get(e.end.as_str()))
                else {
                    continue;
                };
                let ty = graph.intern(e.ty);
                let mut props: Vec<(Sym, Value)> = Vec::with_capacity(e.props.len() + 2);
                for (k, v) in &e.props {
                    if !v.is_null() {
                        props.push((graph.intern(k), v.clone()));
                    }
                }
                props.push((reports_k, Value::Int(e.event_ids.len() as i64)));
                props.push((
                    ids_k,
                    Value::List(e.event_ids.iter().map(|&i| Value::Int(i)).collect()),
                ));
                props.sort_by_key(|(k, _)| *k);
                graph.create_rel(a, b, ty, props).map_err(|_| full())?;
                stats.rels_created += 1;
                summary.events += 1;
            }
            Ok(stats)
        })();
        // What the export adds must keep the graph's constraints.
        let result = result.and_then(|stats| {
            crate::exec::schema::check(graph)
                .map(|()| stats)
                .map_err(|e| e.with_help("nothing was loaded"))
        });
        match &result {
            Ok(_) => graph.commit(),
            Err(_) => graph.rollback(),
        }
        result
    });
    match result {
        Ok(stats) => Ok((stats, summary)),
        Err(e) => {
            graph.truncate_names(names_before);
            Err(e)
        }
    }
}
