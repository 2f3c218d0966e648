//! Snapshots: the whole graph in one `.relq` file, saved atomically and opened again with every
//! node and relationship keeping its id. This is the only module that knows the file format.
//!
//! # Header
//!
//! Every version starts with the same 32-byte header, all integers little-endian:
//!
//! | bytes  | what                                                        |
//! |--------|-------------------------------------------------------------|
//! | 0..8   | magic `RELQSNAP`                                            |
//! | 8..12  | format version (`u32`: 5 is written, 1 to 5 are read)      |
//! | 12..16 | flags (`u32`, 0; a bit this relq does not know is an error) |
//! | 16..24 | payload length in bytes (`u64`)                             |
//! | 24..28 | CRC-32 of the payload                                       |
//! | 28..32 | CRC-32 of bytes 0..28                                       |
//!
//! then the payload.
//!
//! # Payload, versions 2 to 5 (`v2`)
//!
//! The store's arrays as they lie in memory (see `graph::parts`), so that opening copies each
//! array once instead of rebuilding the store value by value:
//!
//! | payload bytes | what                                                                |
//! |---------------|---------------------------------------------------------------------|
//! | 0..8          | catalog length `c` (`u64`)                                          |
//! | 8..8+c        | the catalog, bincode 2 (standard configuration); from version 3, the |
//! |               | schema right after it, in the same `c` bytes                        |
//! | ..            | zeros up to a multiple of 8                                         |
//! | rest          | the data area: arrays, each at an offset that is a multiple of 8    |
//!
//! The catalog says where each array lies: an array is (offset from the start of the data area,
//! length in elements), its element type fixed by its place in the catalog; all numbers are
//! little-endian, `u32` ids and `u64` words and offsets. In catalog order:
//!
//! 1. names (labels, types, property keys) in `Sym` order: `u64` offsets (one per name and one
//!    past the last) into UTF-8 bytes;
//! 2. per node slot its label set (`u32`, `u32::MAX` for a free slot), then the label sets:
//!    `u64` offsets into `u32` label `Sym`s;
//! 3. node property columns, in the order of each key's first use: key `Sym` and one of
//!    - sparse: `u32` slots, increasing, and their values as a value stream;
//!    - int, float: `i64` / `f64` (as bits) per slot, and `u64` validity words (bit `i % 64` of
//!      word `i / 64` for slot `i`);
//!    - bool: `u64` value words and `u64` validity words;
//!    - date (version 3 on): `i32` days since 1970-01-01 per slot and `u64` validity words;
//!    - dictionary or plain strings: `u32` codes per slot, `u64` validity words, and the
//!      strings by code as `u64` offsets into UTF-8 bytes (a dictionary's are distinct);
//!    - any: the number of slots and a value stream of that many values (null where unset);
//! 4. per relationship slot: type `Sym` (`u32::MAX` for a free slot), start node, end node and
//!    position in its type's table (`u32` each);
//! 5. per relationship type in use: its `Sym`, the relationship at each position (`u32::MAX`
//!    once deleted) and its property columns, as in 3, by position;
//! 6. the free node slots and the free relationship slots, decreasing (`u32`);
//! 7. the adjacency rows, outgoing then incoming: per node and one past the last its first
//!    group, per group its type and (one past the last too) its first entry, and the entries
//!    as `u32` pairs (relationship, node at the other end).
//!
//! A value stream is a tag byte per value and its bytes: 0 boolean (1 byte), 1 integer
//! (8 bytes), 2 float (8 bytes of bits), 3 string (`u64` length and UTF-8 bytes), 4 list (`u64`
//! count and its items, scalars only), 5 null, 6 temporal value (a type byte: 0 date,
//! 1 local time, 2 time, 3 local datetime, 4 datetime, 5 duration; then its ISO 8601 text as
//! relq prints it, `u64` length and bytes, which reads back to the same value, zone and offset
//! included).
//!
//! The schema (version 3 on): bincode, the declarations with their names as text — the next
//! id, the constraints (id, name, entity 0 node or 1 relationship, label or type, key, rule
//! 0 unique, 1 not null, 2 node or relationship key, 3 property type with the types as a bit
//! set), and the indexes (id, name, label or type, key, the name of the constraint that owns
//! it, and from version 4 what it is on: 0 nodes, 1 relationships; version 3's are on nodes);
//! from version 5 each key is a list of keys, in order (a composite index or constraint has
//! more than one; versions 3 and 4 wrote one key, and no relationship uniqueness or key
//! constraint); then the id
//! spaces of CSV loads (name, the key their ids are kept in, the members as a roaring bitmap
//! in the roaring format). A declared index is built on its first lookup after opening, like
//! any other.
//!
//! What can be derived is not saved: label members, the lookups of names, label sets,
//! columns and tables, key counts and the (label, key, value) and (type, key, value) indexes
//! (built on their first lookup). A graph saved with a delta of recent adjacency changes saves its rows merged, in
//! the order `expand` lists them; deleted relationships still in the rows are saved free.
//!
//! # Payload, version 1 (`v1`)
//!
//! Still read, no longer written. Bincode 2's standard configuration (variable-length
//! integers):
//!
//! 1. the interned names (labels, types, property keys), in `Sym` order: a count, then each
//!    name as a string;
//! 2. the node id bound `b` (`u32`) and a bitmap of `ceil(b / 8)` bytes, bit `i` set when node
//!    `i` exists; then the same for relationships;
//! 3. each node in id order: its labels (a count, then `Sym`s) and its properties;
//! 4. each relationship in id order: start node, end node, type `Sym`, properties.
//!
//! Properties are a count, then per property a key `Sym` and a value: a tag byte (0 boolean,
//! 1 integer, 2 float, 3 string, 4 list) and the value; list items are scalars.
//!
//! # Reading untrusted files
//!
//! Every check happens before the bytes are believed: magic, version, header checksum,
//! length, payload checksum. Then, in version 2: the catalog is decoded with bincode's byte
//! limit set from its length; every array must lie within the data area, aligned, so that what
//! a file can make relq allocate is bounded by its size (label memberships, which the file does
//! not hold one by one, are bounded by its size too); offsets must start at 0, never decrease
//! and end at their array's length; strings must be UTF-8; and `Graph::from_parts` checks
//! every id, label set, type, column, table, free list and adjacency row against the rest
//! (relationship ends are live nodes, every live relationship is in its table and in each
//! direction's rows exactly once...). In version 1, a decoder validates each count against the
//! bytes left before allocating, each name reference against the names read, and each
//! relationship end against the nodes read. Any failure is an `ErrorKind::Load` error; the
//! graph being replaced is untouched.

mod v1;
mod v2;

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::graph::{Backing, Graph};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// The first bytes of every snapshot.
pub const MAGIC: &[u8; 8] = b"RELQSNAP";
/// The format version this relq writes, and the newest it reads.
pub const FORMAT: u32 = 5;
/// The length of the header before the payload.
pub const HEADER_LEN: usize = 32;

/// What a save wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// The size of the file in bytes.
    pub bytes: u64,
    pub nodes: usize,
    pub rels: usize,
}

/// Save the graph to `path`, atomically: the file is written to a temporary file in the same
/// folder, flushed to disk and renamed over `path`, then the folder is flushed too. At any
/// moment, a crash leaves either the previous file at `path` or the new one.
///
/// The payload is written as it is made (`v2::encode`), behind a header left blank until the
/// payload's length and checksum are known: saving holds no copy of the graph.
pub fn save(graph: &Graph, path: &Path) -> Result<SnapshotInfo> {
    let mut unsaved = None;
    let mut bytes = 0u64;
    let written = write_atomically(path, |file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        out.write_all(&[0u8; HEADER_LEN])?;
        let (len, crc) = match v2::encode(graph, &mut out) {
            Ok(done) => done,
            Err(v2::EncodeError::Io(e)) => return Err(e),
            Err(v2::EncodeError::Value(owner, bad)) => {
                unsaved = Some((owner, bad));
                return Err(std::io::Error::other("an unsavable value"));
            }
        };
        let file = out.into_inner().map_err(|e| e.into_error())?;
        std::io::Seek::seek(file, std::io::SeekFrom::Start(0))?;
        file.write_all(&header_of(FORMAT, len, crc))?;
        bytes = HEADER_LEN as u64 + len;
        Ok(())
    });
    if let Some((owner, bad)) = unsaved {
        return Err(unsavable_value(graph, owner, bad));
    }
    written.map_err(|e| {
        Error::new(
            ErrorKind::Save,
            format!("cannot save snapshot {}: {e}", path.display()),
        )
    })?;
    Ok(SnapshotInfo {
        bytes,
        nodes: graph.node_count(),
        rels: graph.rel_count(),
    })
}

/// Open a snapshot file: a regular file (read up to its size) or a named pipe (up to the stream
/// limit of `input`); a folder or a device is refused.
///
/// A regular file is mapped into memory rather than read: the checksum and the checks read it
/// once, and the store then reads its arrays in place from the mapping (an array is copied
/// only when a statement changes it), so opening a large snapshot costs little memory and a
/// graph larger than memory is read from the operating system's page cache. relq itself
/// never rewrites a snapshot in place (a save writes a new file and renames it), so a mapped
/// snapshot stays as it was while it is open; another program must not truncate or rewrite
/// the file in place while relq has it open.
pub fn open(path: &Path) -> Result<Graph> {
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| {
        Error::new(ErrorKind::Load, format!("cannot read snapshot {name}: {e}"))
    };
    let (file, limit) = crate::input::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_file() && meta.len() > 0 {
        // SAFETY: the mapping is read only; see above for the file staying as it is.
        let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) };
        if let Ok(map) = map {
            let backing: Backing = Arc::new(map);
            return read_named((*backing).as_ref(), Some(&name), Some(&backing));
        }
    }
    // A named pipe (or a file that cannot be mapped) is read whole, from the file opened
    // above: a pipe opened twice would lose what its writer wrote to the first.
    let bytes = crate::input::read_open(file, limit).map_err(cannot)?;
    let backing: Backing = Arc::new(bytes);
    read_named((*backing).as_ref(), Some(&name), Some(&backing))
}

/// Read a snapshot from bytes (what `open` does once the file is read); the graph copies what
/// it keeps.
pub fn read(bytes: &[u8]) -> Result<Graph> {
    read_named(bytes, None, None)
}

// ---- writing ----

/// The header of a payload given in pieces.
#[cfg(test)]
fn header(version: u32, payload: &[&[u8]]) -> [u8; HEADER_LEN] {
    let mut crc = crc32fast::Hasher::new();
    let mut len = 0u64;
    for piece in payload {
        crc.update(piece);
        len += piece.len() as u64;
    }
    header_of(version, len, crc.finalize())
}

/// The header of a payload of `len` bytes whose checksum is `crc`.
fn header_of(version: u32, len: u64, crc: u32) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[0..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(&version.to_le_bytes());
    h[12..16].copy_from_slice(&0u32.to_le_bytes());
    h[16..24].copy_from_slice(&len.to_le_bytes());
    h[24..28].copy_from_slice(&crc.to_le_bytes());
    let check = crc32fast::hash(&h[0..28]);
    h[28..32].copy_from_slice(&check.to_le_bytes());
    h
}

fn unsavable(what: String, type_name: &str) -> Error {
    Error::new(
        ErrorKind::Save,
        format!(
            "cannot save {what}: it holds a {type_name}, and properties hold booleans, numbers, strings and lists of them"
        ),
    )
}

/// The error for a value that cannot be saved.
fn unsavable_value(graph: &Graph, owner: v2::Owner, bad: v2::BadValue) -> Error {
    let owner = match owner {
        v2::Owner::Node(n) => format!("node {}", n.0),
        v2::Owner::Rel(r) => format!("relationship {}", r.0),
    };
    unsavable(
        format!("property `{}` of {owner}", graph.name(bad.key)),
        bad.type_name,
    )
}

/// Write `parts` to a temporary file beside `path`, flush it to disk, rename it over `path`
/// and flush the folder, so that the rename itself survives a crash.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // Saving through a symbolic link replaces the file it points to, not the link.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    remove_stale_temporaries(&dir);
    let mut builder = tempfile::Builder::new();
    // The process id in the name tells a later save whether the file's writer is still alive.
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like any new file: readable by others unless the umask says otherwise.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    if let Ok(old) = std::fs::metadata(&target) {
        if old.is_file() {
            tmp.as_file().set_permissions(old.permissions())?;
        }
    }
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir)
}

/// Temporary files of a save are named `.relq-save-PID-RANDOM.tmp`.
const TEMP_PREFIX: &str = ".relq-save-";
const TEMP_SUFFIX: &str = ".tmp";

/// A temporary file without a process id in its name (from an older relq) is left alone this
/// long after its last change, in case a save is still writing it.
const UNOWNED_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Whether the temporary file `name` (a file name in a folder) is left over from a save that
/// can no longer finish: its process is gone, or it names none and has not changed for
/// `UNOWNED_TEMP_AGE`. False whenever that cannot be told.
fn is_stale_temporary(name: &str, meta: &std::fs::Metadata) -> bool {
    let Some(middle) = name
        .strip_prefix(TEMP_PREFIX)
        .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match middle.split_once('-').map(|(pid, _)| pid.parse::<u32>()) {
        Some(Ok(pid)) => !process_alive(pid),
        _ => meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= UNOWNED_TEMP_AGE),
    }
}

/// Whether process `pid` is alive; true when it cannot be told.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

/// Remove the temporary files that killed saves left in `dir`. Best effort: a file that
/// cannot be removed stays, and the save goes on.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if !name.starts_with(TEMP_PREFIX) {
            continue;
        }
        // Not following links: a link is never one of ours.
        if let Ok(meta) = entry.metadata() {
            if is_stale_temporary(name, &meta) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::File::open(dir)?.sync_all() {
        // Some file systems cannot flush a folder; the rename is as durable as they make it.
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

// ---- reading ----

/// The CRC-32 of `bytes`, computed in pieces on rayon's threads and combined in order.
fn checksum(bytes: &[u8]) -> u32 {
    use rayon::prelude::*;
    const PIECE: usize = 4 << 20;
    if bytes.len() <= PIECE {
        return crc32fast::hash(bytes);
    }
    let pieces: Vec<crc32fast::Hasher> = bytes
        .par_chunks(PIECE)
        .map(|piece| {
            let mut h = crc32fast::Hasher::new();
            h.update(piece);
            h
        })
        .collect();
    let mut all = crc32fast::Hasher::new();
    for h in &pieces {
        all.combine(h);
    }
    all.finalize()
}

fn read_named(bytes: &[u8], name: Option<&str>, backing: Option<&Backing>) -> Result<Graph> {
    let subject = match name {
        Some(n) => format!("snapshot {n}"),
        None => "the snapshot".to_string(),
    };
    let load = |message: String| Error::new(ErrorKind::Load, message);
    let truncated = |detail: String| load(format!("{subject} is truncated ({detail})"));
    let damaged = |detail: &str| load(format!("{subject} is damaged: {detail}"));

    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        if bytes.len() < MAGIC.len() && !bytes.is_empty() && MAGIC.starts_with(bytes) {
            return Err(truncated(format!(
                "{} bytes, not even a header",
                bytes.len()
            )));
        }
        let what = match name {
            Some(n) => n.to_string(),
            None => "the data".to_string(),
        };
        return Err(load(format!(
            "{what} is not a relq snapshot (a snapshot starts with `RELQSNAP`)"
        )));
    }
    if bytes.len() < 12 {
        return Err(truncated(format!(
            "{} bytes, not even a header",
            bytes.len()
        )));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version > FORMAT {
        return Err(load(format!(
            "{subject} was written by a newer relq (format {version}, this relq reads 1 to {FORMAT})"
        ))
        .with_help("open it with the relq that saved it, or a newer one"));
    }
    if version == 0 {
        return Err(damaged("its header names format 0, which does not exist"));
    }
    if bytes.len() < HEADER_LEN {
        return Err(truncated(format!(
            "{} bytes, not even a header",
            bytes.len()
        )));
    }
    let field = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    if crc32fast::hash(&bytes[0..28]) != field(28) {
        return Err(damaged("header checksum mismatch"));
    }
    let flags = field(12);
    if flags != 0 {
        return Err(load(format!(
            "{subject} uses features this relq does not know (flags {flags:#x})"
        ))
        .with_help("open it with the relq that saved it, or a newer one"));
    }
    let length = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
    let available = (bytes.len() - HEADER_LEN) as u64;
    if available < length {
        return Err(truncated(format!(
            "{} bytes, its header announces {}",
            bytes.len(),
            length.saturating_add(HEADER_LEN as u64)
        )));
    }
    if available > length {
        return Err(damaged(&format!(
            "{} unexpected bytes after its end",
            available - length
        )));
    }
    let payload = &bytes[HEADER_LEN..];
    if checksum(payload) != field(24) {
        return Err(damaged(
            "checksum mismatch (the file was changed or corrupted after it was saved)",
        ));
    }
    let decoded = if version == 1 {
        v1::decode_with_limit(payload)
    } else {
        v2::decode(payload, backing, version)
    };
    decoded.map_err(|e| damaged(&e))
}
