//! `LOAD CSV`: the records of a CSV file as rows, read as the rows are pulled (a LIMIT above
//! stops the reading), never the whole file at once.
//!
//! - Where a URL leads (`resolve`): `file:///path` (percent-escapes decoded) or a plain path;
//!   relative to the working directory, or, under `FileAccess::Inside`, to that folder and
//!   never outside it; `http://` and every other scheme are refused by name. Which files a
//!   statement may read is the statement's `FileAccess`, installed on its thread by `Database`
//!   (`with_access`), as the memory budget is.
//! - The records (`Reader`): the csv crate's reading (`,` or the FIELDTERMINATOR between
//!   fields, `"` around a field, `""` for a quote inside one, `\n`, `\r\n` or `\r` between
//!   records, blank lines skipped, a UTF-8 byte order mark at the start dropped). Besides it,
//!   the bytes of each record that holds a quote are scanned again to tell an empty quoted
//!   field (`""`, an empty string) from an empty one (null), and a quote left open at the end
//!   of the file (an error at the line it opens on).
//! - Every field is a string. With headers a record is a map from the header's names (a
//!   field missing at the end of a short record is null, fields past the header's are
//!   dropped); without, a list.
//!
//! Each record ticks the statement's cancellation; the bytes of the record being read are
//! checked against the memory budget as they come. Errors name the file and the line.

use super::pipeline::Rows;
use super::{budget, eval, set, widened, Cancel, Ctx, Row};
use crate::diagnostic::{Error, ErrorKind, Result, Span};
use crate::graph::Value;
use crate::ir::Op;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Component, Path, PathBuf};

/// Which files `LOAD CSV` may read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FileAccess {
    /// Any file the process may read; a relative path starts at the working directory.
    #[default]
    Anywhere,
    /// Only the files inside this folder: `file:///a.csv` and `a.csv` are `DIR/a.csv`, and a
    /// path that leads outside it (`..`, a symbolic link) is refused.
    Inside(PathBuf),
    /// No file at all (`relq serve` unless told otherwise).
    Refused,
}

thread_local! {
    /// The file access of the statement running on this thread.
    static ACCESS: RefCell<FileAccess> = const { RefCell::new(FileAccess::Anywhere) };
}

/// While alive, statements on this thread read files as `access` says (see `with_access`).
pub struct AccessGuard {
    previous: FileAccess,
}

/// Let the statement on this thread read files as `access` says until the guard goes.
pub fn with_access(access: FileAccess) -> AccessGuard {
    let previous = ACCESS.with(|a| a.replace(access));
    AccessGuard { previous }
}

impl Drop for AccessGuard {
    fn drop(&mut self) {
        let previous = std::mem::take(&mut self.previous);
        ACCESS.with(|a| *a.borrow_mut() = previous);
    }
}

/// The rows of `Op::LoadCsv` over its input's rows.
pub(super) fn rows<'a>(op: &'a Op, mut input: Rows<'a>, ctx: Ctx<'a>) -> Rows<'a> {
    let Op::LoadCsv {
        url,
        headers,
        terminator,
        slot,
        line,
        file,
        span,
        ..
    } = op
    else {
        unreachable!("load_csv::rows on another operator")
    };
    let slots = Slots {
        row: *slot,
        line: *line,
        file: *file,
    };
    let access = ACCESS.with(|a| a.borrow().clone());
    let mut current: Option<(Row, Reader<'a>)> = None;
    let mut done = false;
    Box::new(std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let step = (|| -> Result<Option<Row>> {
            if let Some((row, reader)) = &mut current {
                ctx.tick()?;
                match reader.next()? {
                    Some((line, value)) => {
                        let mut r = widened(row, &[slots.row, slots.line, slots.file]);
                        set(&mut r, slots.row, value);
                        set(&mut r, slots.line, Value::Int(line as i64));
                        set(&mut r, slots.file, Value::String(reader.path.clone()));
                        return Ok(Some(r));
                    }
                    None => current = None,
                }
            }
            Ok(None)
        })();
        match step {
            Ok(Some(r)) => return Some(Ok(r)),
            Err(e) => {
                done = true;
                return Some(Err(e));
            }
            Ok(None) => {}
        }
        // The next input row opens its file.
        let row = match input.next()? {
            Ok(row) => row,
            Err(e) => {
                done = true;
                return Some(Err(e));
            }
        };
        let opened = eval(url, &row, ctx, &mut Vec::new())
            .map_err(|e| e.or_span(*span))
            .and_then(|target| {
                let (path, shown) = resolve(&target, &access, *span)?;
                Reader::open(&path, shown, *headers, *terminator, ctx.cancel, *span)
            });
        match opened {
            Ok(reader) => current = Some((row, reader)),
            Err(e) => {
                done = true;
                return Some(Err(e));
            }
        }
    }))
}

#[derive(Clone, Copy)]
struct Slots {
    row: usize,
    line: usize,
    file: usize,
}

fn load_error(span: Span, message: impl Into<String>) -> Error {
    Error::at(ErrorKind::Load, span, message)
}

/// The file a URL leads to, under `access`, and its name for messages (the path as written,
/// or inside the import folder).
fn resolve(target: &Value, access: &FileAccess, span: Span) -> Result<(PathBuf, String)> {
    let url = match target {
        Value::String(s) => s.as_ref(),
        Value::Null => {
            return Err(load_error(
                span,
                "expected the URL or path of a CSV file, found null",
            ))
        }
        other => {
            return Err(Error::at(
                ErrorKind::Type,
                span,
                format!(
                    "expected the URL or path of a CSV file as a String, found {}",
                    other.type_name()
                ),
            ))
        }
    };
    let path = match scheme(url) {
        Some(s) if s.eq_ignore_ascii_case("file") => file_url_path(url, span)?,
        Some(s) => return Err(Error::unsupported(
            span,
            &format!("LOAD CSV over {}://", s.to_ascii_lowercase()),
        )
        .with_help(
            "relq reads local files only: download the file and give its path or a file:/// URL",
        )),
        None => PathBuf::from(url),
    };
    if path.as_os_str().is_empty() {
        return Err(load_error(
            span,
            "expected the path of a CSV file, found an empty one",
        ));
    }
    match access {
        FileAccess::Refused => Err(Error::at(
            ErrorKind::Access,
            span,
            "expected no file to be read: LOAD CSV cannot read this server's files",
        )
        .with_help("start the server with --allow-file-import DIR to let statements read the CSV files inside DIR")),
        FileAccess::Anywhere => {
            let shown = path.display().to_string();
            let full = match std::env::current_dir() {
                Ok(cwd) if path.is_relative() => cwd.join(path),
                _ => path,
            };
            Ok((full, shown))
        }
        FileAccess::Inside(dir) => {
            let full = inside(dir, &path, span)?;
            let shown = full.display().to_string();
            Ok((full, shown))
        }
    }
}

/// A path under the import folder `dir`: its components after the root, which must not lead
/// out of it (`..` past the top, or a symbolic link to elsewhere).
fn inside(dir: &Path, path: &Path, span: Span) -> Result<PathBuf> {
    let mut joined = dir.to_path_buf();
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::Prefix(_) | Component::RootDir | Component::CurDir => {}
            Component::ParentDir => {
                if depth == 0 {
                    return Err(outside(dir, path, span));
                }
                depth -= 1;
                joined.pop();
            }
            Component::Normal(part) => {
                depth += 1;
                joined.push(part);
            }
        }
    }
    // A symbolic link inside the folder must not lead out of it either.
    if let (Ok(real), Ok(root)) = (std::fs::canonicalize(&joined), std::fs::canonicalize(dir)) {
        if !real.starts_with(&root) {
            return Err(outside(dir, path, span));
        }
        return Ok(real);
    }
    Ok(joined)
}

fn outside(dir: &Path, path: &Path, span: Span) -> Error {
    Error::at(
        ErrorKind::Access,
        span,
        format!(
            "expected a file inside the import folder {}, found {} (which leads outside it)",
            dir.display(),
            path.display()
        ),
    )
}

/// The scheme of a URL (`file`, `https`): letters, digits, `+`, `-`, `.` before `:`, at least
/// two characters long (so that `C:\data.csv` is a path).
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let ok = scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some(scheme)
}

/// The path of a `file:` URL: `file:///a/b.csv` and `file://localhost/a/b.csv` are `/a/b.csv`,
/// `file:/a/b.csv` too, `file:b.csv` is `b.csv`; `%20` and the other escapes are decoded.
fn file_url_path(url: &str, span: Span) -> Result<PathBuf> {
    let rest = &url[5..];
    let path = if let Some(after) = rest.strip_prefix("//") {
        let (host, path) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
            return Err(Error::unsupported(
                span,
                &format!("LOAD CSV from a file on another host ({host})"),
            )
            .with_help("write file:///path (three slashes) for a file on this machine"));
        }
        path
    } else {
        rest
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let bytes = percent_decode(path).ok_or_else(|| {
        load_error(
            span,
            format!("expected a file URL with valid %-escapes, found '{url}'"),
        )
    })?;
    match String::from_utf8(bytes) {
        Ok(p) => Ok(PathBuf::from(p)),
        Err(_) => Err(load_error(
            span,
            format!("expected a file URL whose %-escapes are UTF-8, found '{url}'"),
        )),
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The file under a csv reader: keeps the bytes read since the start of the record being
/// read (to look at a record's text again), checks them against the memory budget and the
/// statement's cancellation as they come.
struct Tee<'a> {
    inner: std::io::BufReader<std::fs::File>,
    /// The bytes from offset `base` on; those before `done` are no longer needed (they go
    /// when they are half of `kept`, so that dropping them costs no more than keeping them).
    kept: Vec<u8>,
    base: u64,
    done: usize,
    cancel: Cancel<'a>,
    /// Why the last read failed when it was not the file's fault (budget, cancellation).
    failure: Option<Error>,
}

impl Read for Tee<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let stop = self.cancel.check().and_then(|()| {
            budget::check(
                ((self.kept.len() - self.done) as u64).saturating_mul(2) + out.len() as u64,
                "a record of LOAD CSV",
                budget::Kind::Value,
            )
        });
        if let Err(e) = stop {
            self.failure = Some(e);
            return Err(std::io::Error::other("stopped"));
        }
        if self.done > 0 && self.done * 2 >= self.kept.len() {
            self.kept.drain(..self.done);
            self.base += self.done as u64;
            self.done = 0;
        }
        let n = self.inner.read(out)?;
        self.kept.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

/// A CSV file being read.
struct Reader<'a> {
    csv: csv::Reader<Tee<'a>>,
    record: csv::ByteRecord,
    /// The file's absolute path, as `file()` gives it.
    path: std::sync::Arc<str>,
    /// The file as messages name it.
    name: String,
    /// The header's names (with headers).
    headers: Option<Vec<String>>,
    /// The line the next record's text starts on, and whether the last record's text ended
    /// with `\r` (a `\n` right after it ends the same line).
    next_line: u64,
    after_cr: bool,
    terminator: u8,
    span: Span,
}

impl<'a> Reader<'a> {
    fn open(
        path: &Path,
        shown: String,
        headers: bool,
        terminator: u8,
        cancel: Cancel<'a>,
        span: Span,
    ) -> Result<Reader<'a>> {
        let (file, _) = crate::input::open(path).map_err(|e| {
            let err = load_error(span, format!("cannot read {shown}: {e}"));
            if e.kind() == std::io::ErrorKind::NotFound {
                err.with_help("a file:/// URL names an absolute path (inside the import folder, if relq has one); a plain path such as 'data.csv' starts at the working directory")
            } else {
                err
            }
        })?;
        let mut inner = std::io::BufReader::with_capacity(1 << 16, file);
        // A UTF-8 byte order mark is not part of the first field.
        let bom = inner
            .fill_buf()
            .map_err(|e| load_error(span, format!("cannot read {shown}: {e}")))?
            .starts_with(b"\xef\xbb\xbf");
        if bom {
            inner.consume(3);
        }
        let tee = Tee {
            inner,
            kept: Vec::new(),
            base: 0,
            done: 0,
            cancel,
            failure: None,
        };
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(terminator)
            .quote(b'"')
            .double_quote(true)
            .from_reader(tee);
        let absolute = std::fs::canonicalize(path)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| path.display().to_string());
        let mut reader = Reader {
            csv,
            record: csv::ByteRecord::new(),
            path: std::sync::Arc::from(absolute),
            name: shown,
            headers: None,
            next_line: 1,
            after_cr: false,
            terminator,
            span,
        };
        if headers {
            reader.headers = Some(match reader.read()? {
                Some((line, fields)) => fields
                    .into_iter()
                    .enumerate()
                    .map(|(i, f)| {
                        f.ok_or_else(|| {
                            load_error(
                                span,
                                format!(
                                    "{}:{line}: expected a name for column {} of the header, found an empty field",
                                    reader.name,
                                    i + 1
                                ),
                            )
                        })
                    })
                    .collect::<Result<_>>()?,
                None => Vec::new(),
            });
        }
        Ok(reader)
    }

    /// The next record as a row value, with its line; None at the end of the file.
    fn next(&mut self) -> Result<Option<(u64, Value)>> {
        let Some((line, fields)) = self.read()? else {
            return Ok(None);
        };
        let strings = |fields: Vec<Option<String>>| {
            fields
                .into_iter()
                .map(|f| f.map_or(Value::Null, Value::from))
        };
        let value = match &self.headers {
            None => Value::List(strings(fields).collect()),
            Some(names) => {
                let mut values = strings(fields);
                let map: BTreeMap<String, Value> = names
                    .iter()
                    .map(|n| (n.clone(), values.next().unwrap_or(Value::Null)))
                    .collect();
                Value::Map(map)
            }
        };
        Ok(Some((line, value)))
    }

    /// The next record's fields (None for an empty field, Some("") for `""`) and the line it
    /// starts on; None at the end of the file.
    fn read(&mut self) -> Result<Option<(u64, Vec<Option<String>>)>> {
        let more = self.csv.read_byte_record(&mut self.record);
        let more = match more {
            Ok(more) => more,
            Err(e) => {
                if let Some(failure) = self.csv.get_mut().failure.take() {
                    return Err(failure);
                }
                let line = e
                    .position()
                    .map(|p| format!(":{}", p.line()))
                    .unwrap_or_default();
                let what = match e.kind() {
                    csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
                    _ => e.to_string(),
                };
                return Err(load_error(
                    self.span,
                    format!("{}{line}: {what}", self.name),
                ));
            }
        };
        if !more {
            return Ok(None);
        }
        // The record's text: from the end of the last record (blank lines included, which
        // the csv crate skips) to the end of this one. Lines are counted here, `\n`, `\r\n`
        // and a lone `\r` alike.
        let end = self.csv.position().byte();
        let tee = self.csv.get_mut();
        let from = tee.done;
        let to = usize::try_from(end.saturating_sub(tee.base))
            .unwrap_or(usize::MAX)
            .clamp(from, tee.kept.len());
        let all = &tee.kept[from..to];
        let blank = all
            .iter()
            .position(|b| *b != b'\n' && *b != b'\r')
            .unwrap_or(all.len());
        let (leading, after_cr) = line_ends(&all[..blank], self.after_cr);
        let line = self.next_line + leading;
        let raw = &all[blank..];
        let (inside, after_cr) = line_ends(raw, after_cr);
        self.next_line = line + inside;
        self.after_cr = after_cr;
        let quoted = if raw.contains(&b'"') {
            match scan(raw, self.terminator) {
                Scan::Fields(q) => q,
                Scan::Unterminated(newlines) => {
                    return Err(load_error(
                        self.span,
                        format!(
                            "{}:{}: unterminated quoted field: expected a closing `\"` before the end of the file",
                            self.name,
                            line + newlines
                        ),
                    )
                    .with_help("a quote that opens a field must be closed; write a quote inside a quoted field as `\"\"`"))
                }
            }
        } else {
            Vec::new()
        };
        // What was read up to the record's end is no longer needed.
        tee.done = to;
        let bytes = self.record.as_slice().len() as u64 + self.record.len() as u64 * budget::VALUE;
        budget::check(bytes, "a record of LOAD CSV", budget::Kind::Value)
            .map_err(|e| e.or_span(self.span))?;
        let mut fields = Vec::with_capacity(self.record.len());
        for (i, field) in self.record.iter().enumerate() {
            let text = std::str::from_utf8(field).map_err(|_| {
                load_error(
                    self.span,
                    format!(
                        "{}:{line}: expected UTF-8 text in field {}, found bytes that are not UTF-8",
                        self.name,
                        i + 1
                    ),
                )
                .with_help("LOAD CSV reads UTF-8 files; convert the file first (iconv -f LATIN1 -t UTF-8, say)")
            })?;
            fields.push(
                if text.is_empty() && !quoted.get(i).copied().unwrap_or(false) {
                    None
                } else {
                    Some(text.to_string())
                },
            );
        }
        Ok(Some((line, fields)))
    }
}

/// The line ends in `bytes` (`\n`, `\r\n` and a lone `\r` each one), when the byte before
/// them was `\r` if `after_cr`; and whether the last byte is `\r`.
fn line_ends(bytes: &[u8], after_cr: bool) -> (u64, bool) {
    let mut count = 0;
    let mut cr = after_cr;
    for &b in bytes {
        match b {
            b'\n' => {
                if !cr {
                    count += 1;
                }
                cr = false;
            }
            b'\r' => {
                count += 1;
                cr = true;
            }
            _ => cr = false,
        }
    }
    (count, cr)
}

/// What the text of one record says besides its fields.
#[derive(Debug, PartialEq)]
enum Scan {
    /// Per field, whether it started with a quote.
    Fields(Vec<bool>),
    /// The record ends inside a quoted field (at the end of the file); the quote opened this
    /// many lines after the record's first.
    Unterminated(u64),
}

/// Read a record's bytes again as the csv crate does, for which fields start with a quote.
fn scan(raw: &[u8], delimiter: u8) -> Scan {
    #[derive(PartialEq)]
    enum State {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuote,
    }
    let mut state = State::Start;
    let mut quoted = Vec::new();
    let mut newlines = 0u64;
    let mut opened_at = 0u64;
    for &b in raw {
        match state {
            State::Start => {
                if b == b'"' {
                    quoted.push(true);
                    opened_at = newlines;
                    state = State::Quoted;
                } else if b == delimiter {
                    quoted.push(false);
                } else if b == b'\n' || b == b'\r' {
                    quoted.push(false);
                    return Scan::Fields(quoted);
                } else {
                    quoted.push(false);
                    state = State::Unquoted;
                }
            }
            State::Unquoted => {
                if b == delimiter {
                    state = State::Start;
                } else if b == b'\n' || b == b'\r' {
                    return Scan::Fields(quoted);
                }
            }
            State::Quoted => {
                if b == b'"' {
                    state = State::QuoteInQuote;
                } else if b == b'\n' {
                    newlines += 1;
                }
            }
            State::QuoteInQuote => {
                if b == b'"' {
                    state = State::Quoted;
                } else if b == delimiter {
                    state = State::Start;
                } else if b == b'\n' || b == b'\r' {
                    return Scan::Fields(quoted);
                } else {
                    state = State::Unquoted;
                }
            }
        }
    }
    if state == State::Quoted {
        return Scan::Unterminated(opened_at);
    }
    Scan::Fields(quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(scheme("file:///a.csv"), Some("file"));
        assert_eq!(scheme("https://x/y.csv"), Some("https"));
        assert_eq!(scheme("C:\\data.csv"), None);
        assert_eq!(scheme("data.csv"), None);
        assert_eq!(scheme("dir/a:b.csv"), None);
    }

    #[test]
    fn file_urls() {
        let s = Span::new(0, 0);
        assert_eq!(
            file_url_path("file:///a/b.csv", s).unwrap(),
            PathBuf::from("/a/b.csv")
        );
        assert_eq!(
            file_url_path("file://localhost/a%20b.csv", s).unwrap(),
            PathBuf::from("/a b.csv")
        );
        assert_eq!(
            file_url_path("file:b.csv", s).unwrap(),
            PathBuf::from("b.csv")
        );
        assert_eq!(
            file_url_path("file://elsewhere/a.csv", s).unwrap_err().kind,
            ErrorKind::Unsupported
        );
        assert_eq!(
            file_url_path("file:///a%2.csv", s).unwrap_err().kind,
            ErrorKind::Load
        );
    }

    #[test]
    fn scanning_records() {
        assert_eq!(
            scan(b"a,\"\",c\n", b','),
            Scan::Fields(vec![false, true, false])
        );
        assert_eq!(
            scan(b"\"x\"\"y\",,\n", b','),
            Scan::Fields(vec![true, false, false])
        );
        assert_eq!(
            scan(b"a;\"b\nc\";d", b';'),
            Scan::Fields(vec![false, true, false])
        );
        assert_eq!(scan(b"a,\"b\nc\nd", b','), Scan::Unterminated(0));
        assert_eq!(scan(b"a,\"b\"\"", b','), Scan::Unterminated(0));
    }

    #[test]
    fn import_folder_is_a_boundary() {
        let s = Span::new(0, 0);
        let dir = Path::new("/srv/import");
        assert_eq!(
            inside(dir, Path::new("/x/y.csv"), s).unwrap(),
            PathBuf::from("/srv/import/x/y.csv")
        );
        assert_eq!(
            inside(dir, Path::new("x/../y.csv"), s).unwrap(),
            PathBuf::from("/srv/import/y.csv")
        );
        assert_eq!(
            inside(dir, Path::new("../etc/passwd"), s).unwrap_err().kind,
            ErrorKind::Access
        );
    }
}
