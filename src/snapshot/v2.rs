//! Format version 2: the store's arrays as they lie, behind a bincode catalog (see the module
//! documentation of `snapshot` for the layout).

use crate::graph::{
    Backing, Buf, ColumnParts, ConstraintDef, CsrParts, Entity, Graph, HeapParts, IdSpaceDef,
    IndexDef, NodeId, Part, Plain, PropTypes, RelId, Rule, Schema, StoreParts, Sym, TableParts,
    Value, DEAD_SLOT,
};
use crate::temporal::Kind;
use bincode::{Decode, Encode};
use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

/// An array in the data area: its offset from the start of the area (a multiple of 8) and its
/// length in elements.
#[derive(Clone, Copy, Debug, Default, Encode, Decode)]
struct Arr {
    offset: u64,
    len: u64,
}

#[derive(Encode, Decode)]
struct Catalog {
    /// `u64` offsets into `name_bytes`, one per name and one past the last.
    name_offsets: Arr,
    name_bytes: Arr,
    /// `u32` per node slot.
    node_set: Arr,
    /// `u64` offsets into `labelset_labels`, one per label set and one past the last.
    labelset_offsets: Arr,
    labelset_labels: Arr,
    node_cols: Vec<Col>,
    rel_ty: Arr,
    rel_start: Arr,
    rel_end: Arr,
    rel_pos: Arr,
    tables: Vec<Table>,
    free_nodes: Arr,
    free_rels: Arr,
    out: Rows,
    inc: Rows,
}

#[derive(Encode, Decode)]
struct Col {
    key: u32,
    data: ColData,
}

#[derive(Encode, Decode)]
enum ColData {
    /// `u32` slots, increasing, and their values as a value stream.
    Sparse { slots: Arr, values: Arr },
    /// `i64` values and `u64` validity words.
    Int { values: Arr, valid: Arr },
    /// `f64` values and `u64` validity words.
    Float { values: Arr, valid: Arr },
    /// `u64` value words and `u64` validity words.
    Bool { values: Arr, valid: Arr },
    /// `u32` codes, `u64` validity words, and the strings: `u64` offsets into bytes.
    Dict {
        codes: Arr,
        valid: Arr,
        offsets: Arr,
        bytes: Arr,
    },
    Plain {
        codes: Arr,
        valid: Arr,
        offsets: Arr,
        bytes: Arr,
    },
    /// `slots` values (null where unset) as a value stream.
    Any { slots: u64, values: Arr },
    /// `i32` days since 1970-01-01 and `u64` validity words (format 3 on).
    Date { days: Arr, valid: Arr },
}

#[derive(Encode, Decode)]
struct Table {
    ty: u32,
    /// `u32` per position.
    ids: Arr,
    cols: Vec<Col>,
}

#[derive(Encode, Decode)]
struct Rows {
    node_groups: Arr,
    group_ty: Arr,
    group_start: Arr,
    /// `u32` pairs (relationship, other node); the length counts pairs.
    entries: Arr,
}

const TAG_BOOL: u8 = 0;
const TAG_INT: u8 = 1;
const TAG_FLOAT: u8 = 2;
const TAG_STRING: u8 = 3;
const TAG_LIST: u8 = 4;
const TAG_NULL: u8 = 5;
const TAG_TEMPORAL: u8 = 6;
/// A point: its srid as 8 bytes, then its two or three coordinates as floats.
const TAG_POINT: u8 = 7;

/// The temporal types by their byte in a value stream.
const TEMPORAL_KINDS: [Kind; 6] = [
    Kind::Date,
    Kind::LocalTime,
    Kind::Time,
    Kind::LocalDateTime,
    Kind::DateTime,
    Kind::Duration,
];

// ---- writing ----

/// The data area being written.
struct Area<'w> {
    /// Bytes of the area so far (written or counted).
    len: u64,
    /// Where the bytes go; None while only the layout is worked out.
    sink: Option<&'w mut dyn Write>,
    /// The checksum of what went to the sink.
    crc: crc32fast::Hasher,
    /// Numbers turned to bytes before they go to the sink.
    chunk: Vec<u8>,
    /// The first write that failed; nothing is written after it.
    error: Option<std::io::Error>,
}

/// Bytes collected in `Area::chunk` before they are written.
const CHUNK: usize = 1 << 16;

impl<'w> Area<'w> {
    fn new(sink: Option<&'w mut dyn Write>, crc: crc32fast::Hasher) -> Area<'w> {
        Area {
            len: 0,
            sink,
            crc,
            chunk: Vec::new(),
            error: None,
        }
    }
    fn put(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if let (Some(sink), None) = (&mut self.sink, &self.error) {
            self.crc.update(bytes);
            if let Err(e) = sink.write_all(bytes) {
                self.error = Some(e);
            }
        }
    }
    /// Fixed-size items turned to bytes by `each`, through the chunk; counted only, without
    /// a sink.
    fn items<T, const N: usize>(
        &mut self,
        values: impl ExactSizeIterator<Item = T>,
        each: impl Fn(T) -> [u8; N],
    ) {
        if self.sink.is_none() {
            self.len += (values.len() * N) as u64;
            return;
        }
        let mut chunk = std::mem::take(&mut self.chunk);
        for v in values {
            chunk.extend_from_slice(&each(v));
            if chunk.len() >= CHUNK {
                self.put(&chunk);
                chunk.clear();
            }
        }
        self.put(&chunk);
        chunk.clear();
        self.chunk = chunk;
    }
    fn begin(&mut self) -> u64 {
        let pad = self.len.next_multiple_of(8) - self.len;
        self.put(&[0u8; 8][..pad as usize]);
        self.len
    }
    fn u32s(&mut self, values: impl ExactSizeIterator<Item = u32>) -> Arr {
        let offset = self.begin();
        let len = values.len() as u64;
        self.items(values, u32::to_le_bytes);
        Arr { offset, len }
    }
    fn u64s(&mut self, values: impl ExactSizeIterator<Item = u64>) -> Arr {
        let offset = self.begin();
        let len = values.len() as u64;
        self.items(values, u64::to_le_bytes);
        Arr { offset, len }
    }
    fn raw(&mut self, bytes: &[u8]) -> Arr {
        let offset = self.begin();
        self.put(bytes);
        Arr {
            offset,
            len: bytes.len() as u64,
        }
    }
    fn strings<'s>(&mut self, strs: impl ExactSizeIterator<Item = &'s str> + Clone) -> (Arr, Arr) {
        // The offsets: 0, then where each string ends.
        let offset = self.begin();
        let count = strs.len() as u64 + 1;
        self.put(&0u64.to_le_bytes());
        let mut end = 0u64;
        self.items(
            strs.clone().map(|s| {
                end += s.len() as u64;
                end
            }),
            u64::to_le_bytes,
        );
        let offsets = Arr { offset, len: count };
        let start = self.begin();
        if self.sink.is_none() {
            self.len += strs.map(|s| s.len() as u64).sum::<u64>();
        } else {
            for s in strs {
                self.put(s.as_bytes());
            }
        }
        let bytes = Arr {
            offset: start,
            len: self.len - start,
        };
        (offsets, bytes)
    }
}

/// A value that properties cannot hold: which one, for the message.
pub(super) struct Unsavable<'v>(pub &'v Value);

fn put_value<'v>(out: &mut Vec<u8>, v: &'v Value, in_list: bool) -> Result<(), Unsavable<'v>> {
    match v {
        Value::Null if !in_list => out.push(TAG_NULL),
        Value::Bool(b) => out.extend_from_slice(&[TAG_BOOL, *b as u8]),
        Value::Int(i) => {
            out.push(TAG_INT);
            out.extend_from_slice(&i.to_le_bytes());
        }
        Value::Float(f) => {
            out.push(TAG_FLOAT);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Value::String(s) => {
            out.push(TAG_STRING);
            out.extend_from_slice(&(s.len() as u64).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        Value::Temporal(t) => {
            let kind = TEMPORAL_KINDS
                .iter()
                .position(|k| *k == t.kind())
                .expect("every kind has a byte");
            let text = t.to_string();
            out.extend_from_slice(&[TAG_TEMPORAL, kind as u8]);
            out.extend_from_slice(&(text.len() as u64).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        }
        Value::Point(p) => {
            out.push(TAG_POINT);
            out.extend_from_slice(&(p.crs.srid() as u64).to_le_bytes());
            for c in p.coords() {
                out.extend_from_slice(&c.to_bits().to_le_bytes());
            }
        }
        Value::List(items) if !in_list => {
            out.push(TAG_LIST);
            out.extend_from_slice(&(items.len() as u64).to_le_bytes());
            for item in items {
                put_value(out, item, true).map_err(|_| Unsavable(v))?;
            }
        }
        _ => return Err(Unsavable(v)),
    }
    Ok(())
}

/// What failed while encoding: a value that cannot be saved, at (key, slot).
pub(super) struct BadValue {
    pub key: Sym,
    pub slot: u32,
    pub type_name: &'static str,
}

fn put_col(area: &mut Area, key: Sym, col: &ColumnParts<'_>) -> Result<Col, BadValue> {
    let words = |area: &mut Area, w: &[u64]| area.u64s(w.iter().copied());
    let bad = |slot: usize, e: Unsavable<'_>| BadValue {
        key,
        slot: slot as u32,
        type_name: e.0.type_name(),
    };
    let data = match col {
        ColumnParts::Sparse(entries) => {
            let slots = area.u32s(entries.iter().map(|(s, _)| *s));
            let mut stream = Vec::new();
            for (slot, v) in entries {
                put_value(&mut stream, v, false).map_err(|e| bad(*slot as usize, e))?;
            }
            ColData::Sparse {
                slots,
                values: area.raw(&stream),
            }
        }
        ColumnParts::Int { values, valid } => ColData::Int {
            values: area.u64s(values.iter().map(|v| *v as u64)),
            valid: words(area, valid),
        },
        ColumnParts::Float { values, valid } => ColData::Float {
            values: area.u64s(values.iter().map(|v| v.to_bits())),
            valid: words(area, valid),
        },
        ColumnParts::Bool { values, valid } => ColData::Bool {
            values: words(area, values),
            valid: words(area, valid),
        },
        ColumnParts::Date { days, valid } => ColData::Date {
            days: area.u32s(days.iter().map(|d| *d as u32)),
            valid: words(area, valid),
        },
        ColumnParts::Str { codes, valid, heap } => {
            let codes = area.u32s(codes.iter().copied());
            let valid = words(area, valid);
            match heap {
                HeapParts::Dict(strs) => {
                    let (offsets, bytes) = area.strings(strs.iter().map(|s| &**s));
                    ColData::Dict {
                        codes,
                        valid,
                        offsets,
                        bytes,
                    }
                }
                HeapParts::Plain { offsets, bytes } => ColData::Plain {
                    codes,
                    valid,
                    offsets: words(area, offsets),
                    bytes: area.raw(bytes),
                },
            }
        }
        ColumnParts::Any(values) => {
            let mut stream = Vec::with_capacity(values.len() * 2);
            for (slot, v) in values.iter().enumerate() {
                put_value(&mut stream, v, false).map_err(|e| bad(slot, e))?;
            }
            ColData::Any {
                slots: values.len() as u64,
                values: area.raw(&stream),
            }
        }
    };
    Ok(Col { key: key.0, data })
}

fn put_rows(area: &mut Area, rows: &CsrParts<'_>) -> Rows {
    Rows {
        node_groups: area.u32s(rows.node_groups.iter().copied()),
        group_ty: area.u32s(rows.group_ty.iter().map(|t| t.0)),
        group_start: area.u32s(rows.group_start.iter().copied()),
        entries: {
            let offset = area.begin();
            area.items(rows.entries.iter(), |(r, n)| {
                let mut b = [0u8; 8];
                b[..4].copy_from_slice(&r.0.to_le_bytes());
                b[4..].copy_from_slice(&n.0.to_le_bytes());
                b
            });
            Arr {
                offset,
                len: rows.entries.len() as u64,
            }
        },
    }
}

/// Where an unsavable value sits: a node column, or a type's table.
pub(super) enum Owner {
    Node(NodeId),
    Rel(RelId),
}

/// The payload: the part before the data area (catalog length, catalog, padding) and the
/// data area.
/// What encoding failed on: a value that cannot be saved, or a write.
pub(super) enum EncodeError {
    Value(Owner, BadValue),
    Io(std::io::Error),
}

/// Writes the payload (the part before the data area, then the data area) to `out` as it is
/// made, without holding it: a first pass over the store works out the layout (the catalog),
/// a second writes the arrays. Returns the payload's length and checksum.
pub(super) fn encode(graph: &Graph, out: &mut dyn Write) -> Result<(u64, u32), EncodeError> {
    let parts = graph.to_parts();
    let catalog = lay_out(&parts, &mut Area::new(None, crc32fast::Hasher::new()))
        .map_err(|(o, b)| EncodeError::Value(o, b))?;
    let mut encoded = bincode::encode_to_vec(&catalog, bincode::config::standard())
        .expect("a catalog always encodes");
    let catalog_bytes = encoded.len();
    encoded.extend(
        bincode::encode_to_vec(schema_record(graph), bincode::config::standard())
            .expect("a schema always encodes"),
    );
    let mut prefix = Vec::with_capacity(encoded.len() + 16);
    prefix.extend_from_slice(&(encoded.len() as u64).to_le_bytes());
    prefix.extend_from_slice(&encoded);
    prefix.resize(prefix.len().next_multiple_of(8), 0);
    out.write_all(&prefix).map_err(EncodeError::Io)?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(&prefix);
    let mut area = Area::new(Some(out), crc);
    let written = lay_out(&parts, &mut area).map_err(|(o, b)| EncodeError::Value(o, b))?;
    if let Some(e) = area.error {
        return Err(EncodeError::Io(e));
    }
    // The same store gives the same layout twice.
    debug_assert!(
        bincode::encode_to_vec(&written, bincode::config::standard()).ok()
            == Some(encoded[..catalog_bytes].to_vec())
    );
    Ok((prefix.len() as u64 + area.len, area.crc.finalize()))
}

/// The catalog of the store's arrays, each put in the area (written, or only counted).
fn lay_out(parts: &StoreParts<'_>, area: &mut Area) -> Result<Catalog, (Owner, BadValue)> {
    let (name_offsets, name_bytes) = area.strings(parts.names.iter().map(|n| &**n));
    let node_set = area.u32s(parts.node_set.iter().copied());
    let mut at = 0u64;
    let labelset_offsets = area.u64s(
        std::iter::once(0)
            .chain(parts.labelsets.iter().map(|s| {
                at += s.len() as u64;
                at
            }))
            .collect::<Vec<_>>()
            .into_iter(),
    );
    let labelset_labels = area.u32s(
        parts
            .labelsets
            .iter()
            .flatten()
            .map(|l| l.0)
            .collect::<Vec<_>>()
            .into_iter(),
    );
    let mut node_cols = Vec::with_capacity(parts.node_cols.len());
    for (key, col) in &parts.node_cols {
        node_cols.push(put_col(area, *key, col).map_err(|b| (Owner::Node(NodeId(b.slot)), b))?);
    }
    let rel_ty = area.u32s(parts.rel_ty.iter().map(|t| t.0));
    let rel_start = area.u32s(parts.rel_start.iter().map(|n| n.0));
    let rel_end = area.u32s(parts.rel_end.iter().map(|n| n.0));
    let rel_pos = area.u32s(parts.rel_pos.iter().copied());
    let mut tables = Vec::with_capacity(parts.tables.len());
    for t in &parts.tables {
        let ids = area.u32s(t.ids.iter().map(|r| r.0));
        let mut cols = Vec::with_capacity(t.cols.len());
        for (key, col) in &t.cols {
            cols.push(put_col(area, *key, col).map_err(|b| {
                let id = t.ids.get(b.slot as usize).copied().unwrap_or(RelId(b.slot));
                (Owner::Rel(id), b)
            })?);
        }
        tables.push(Table {
            ty: t.ty.0,
            ids,
            cols,
        });
    }
    let free_nodes = area.u32s(parts.free_nodes.iter().copied());
    let free_rels = area.u32s(parts.free_rels.iter().copied());
    let out = put_rows(area, &parts.out);
    let inc = put_rows(area, &parts.inc);
    let catalog = Catalog {
        name_offsets,
        name_bytes,
        node_set,
        labelset_offsets,
        labelset_labels,
        node_cols,
        rel_ty,
        rel_start,
        rel_end,
        rel_pos,
        tables,
        free_nodes,
        free_rels,
        out,
        inc,
    };
    Ok(catalog)
}

// ---- reading ----

type R<T> = Result<T, String>;

/// The declared indexes and constraints (format 5 on; format 4's are `SchemaRecordV4`, format
/// 3's `SchemaRecordV3`), after the catalog: names as text, so that they read back whatever
/// the names' symbols are.
#[derive(Default, Encode, Decode)]
struct SchemaRecord {
    next_id: u64,
    indexes: Vec<IndexRecord>,
    constraints: Vec<ConstraintRecord>,
    id_spaces: Vec<IdSpaceRecord>,
}

/// An id space of CSV loads: its name, the key its ids are kept in, and its members as a
/// roaring bitmap in the roaring format.
#[derive(Encode, Decode)]
struct IdSpaceRecord {
    name: String,
    key: Option<String>,
    members: Vec<u8>,
}

/// An index (format 5 on): its keys in order (one, or more for a composite index), and what it
/// is on, 0 nodes of a label or 1 relationships of a type.
#[derive(Encode, Decode)]
struct IndexRecord {
    id: u64,
    name: String,
    label: String,
    keys: Vec<String>,
    owner: Option<String>,
    entity: u8,
}

/// The declarations as format 4 wrote them: one key each.
#[derive(Encode, Decode)]
struct SchemaRecordV4 {
    next_id: u64,
    indexes: Vec<IndexRecordV4>,
    constraints: Vec<ConstraintRecordV4>,
    id_spaces: Vec<IdSpaceRecord>,
}

#[derive(Encode, Decode)]
struct IndexRecordV4 {
    id: u64,
    name: String,
    label: String,
    key: String,
    owner: Option<String>,
    entity: u8,
}

#[derive(Encode, Decode)]
struct ConstraintRecordV4 {
    id: u64,
    name: String,
    entity: u8,
    token: String,
    key: String,
    rule: u8,
    types: u32,
}

impl From<ConstraintRecordV4> for ConstraintRecord {
    fn from(c: ConstraintRecordV4) -> ConstraintRecord {
        ConstraintRecord {
            id: c.id,
            name: c.name,
            entity: c.entity,
            token: c.token,
            keys: vec![c.key],
            rule: c.rule,
            types: c.types,
        }
    }
}

impl From<SchemaRecordV4> for SchemaRecord {
    fn from(v4: SchemaRecordV4) -> SchemaRecord {
        SchemaRecord {
            next_id: v4.next_id,
            indexes: v4
                .indexes
                .into_iter()
                .map(|i| IndexRecord {
                    id: i.id,
                    name: i.name,
                    label: i.label,
                    keys: vec![i.key],
                    owner: i.owner,
                    entity: i.entity,
                })
                .collect(),
            constraints: v4.constraints.into_iter().map(Into::into).collect(),
            id_spaces: v4.id_spaces,
        }
    }
}

/// The declarations as format 3 wrote them: its indexes are on nodes.
#[derive(Encode, Decode)]
struct SchemaRecordV3 {
    next_id: u64,
    indexes: Vec<IndexRecordV3>,
    constraints: Vec<ConstraintRecordV4>,
    id_spaces: Vec<IdSpaceRecord>,
}

#[derive(Encode, Decode)]
struct IndexRecordV3 {
    id: u64,
    name: String,
    label: String,
    key: String,
    owner: Option<String>,
}

impl From<SchemaRecordV3> for SchemaRecord {
    fn from(v3: SchemaRecordV3) -> SchemaRecord {
        // Format 4 with every index on nodes.
        SchemaRecordV4 {
            next_id: v3.next_id,
            indexes: v3
                .indexes
                .into_iter()
                .map(|i| IndexRecordV4 {
                    id: i.id,
                    name: i.name,
                    label: i.label,
                    key: i.key,
                    owner: i.owner,
                    entity: 0,
                })
                .collect(),
            constraints: v3.constraints,
            id_spaces: v3.id_spaces,
        }
        .into()
    }
}

#[derive(Encode, Decode)]
struct ConstraintRecord {
    id: u64,
    name: String,
    /// 0 nodes of a label, 1 relationships of a type.
    entity: u8,
    token: String,
    /// In order (format 5 on; format 4's `ConstraintRecordV4` has one).
    keys: Vec<String>,
    /// 0 unique, 1 exists, 2 key, 3 type (of `types`).
    rule: u8,
    types: u32,
}

fn schema_record(graph: &Graph) -> SchemaRecord {
    let schema = graph.schema();
    let name = |s: Sym| graph.name(s).to_string();
    SchemaRecord {
        next_id: schema.next_id,
        indexes: schema
            .indexes
            .iter()
            .map(|i| IndexRecord {
                id: i.id,
                name: i.name.to_string(),
                label: name(i.label),
                keys: i.keys.iter().map(|k| name(*k)).collect(),
                owner: i.owner.as_deref().map(str::to_string),
                entity: u8::from(i.entity == Entity::Rel),
            })
            .collect(),
        constraints: schema
            .constraints
            .iter()
            .map(|c| {
                let (rule, types) = match c.rule {
                    Rule::Unique => (0, 0),
                    Rule::Exists => (1, 0),
                    Rule::Key => (2, 0),
                    Rule::Type(t) => (3, t.0),
                };
                ConstraintRecord {
                    id: c.id,
                    name: c.name.to_string(),
                    entity: u8::from(c.entity == Entity::Rel),
                    token: name(c.token),
                    keys: c.keys.iter().map(|k| name(*k)).collect(),
                    rule,
                    types,
                }
            })
            .collect(),
        id_spaces: graph
            .id_spaces()
            .iter()
            .map(|space| {
                let mut members = Vec::with_capacity(space.members.serialized_size());
                space
                    .members
                    .serialize_into(&mut members)
                    .expect("a bitmap serializes into memory");
                IdSpaceRecord {
                    name: space.name.to_string(),
                    key: space.key.map(name),
                    members,
                }
            })
            .collect(),
    }
}

/// The id spaces of a record, checked: each name once, members that are live nodes.
fn restore_id_spaces(graph: &Graph, spaces: Vec<IdSpaceRecord>) -> R<Vec<IdSpaceDef>> {
    let mut out: Vec<IdSpaceDef> = Vec::with_capacity(spaces.len());
    for space in spaces {
        let members = roaring::RoaringBitmap::deserialize_from(&space.members[..])
            .map_err(|e| format!("its id space `{}` cannot be read ({e})", space.name))?;
        if out.iter().any(|o| *o.name == space.name) {
            return Err(format!(
                "its schema is invalid: id space `{}` twice",
                space.name
            ));
        }
        if let Some(bad) = members.iter().find(|m| !graph.contains_node(NodeId(*m))) {
            return Err(format!(
                "its id space `{}` names node {bad}, which is not in the graph",
                space.name
            ));
        }
        out.push(IdSpaceDef {
            name: space.name.into(),
            key: space.key.map(|k| graph.intern(&k)),
            members,
        });
    }
    Ok(out)
}

/// The declarations of a record, checked: every name once (an owned index shares its
/// constraint's), ids below the next, a known rule, at least one key and each once (more than
/// one only for an index or a uniqueness or key constraint), types of a type constraint among
/// those a property can have, an owner that is a uniqueness or key constraint on the same
/// properties.
fn restore_schema(graph: &Graph, record: SchemaRecord) -> R<Schema> {
    let bad = |what: String| Err(format!("its schema is invalid: {what}"));
    let mut schema = Schema {
        next_id: record.next_id,
        ..Schema::default()
    };
    let mut names = std::collections::HashSet::new();
    for c in record.constraints {
        let rule = match (c.rule, c.types) {
            (0, 0) => Rule::Unique,
            (1, 0) => Rule::Exists,
            (2, 0) => Rule::Key,
            (3, t) if t != 0 && t & !PropTypes::MASK == 0 => Rule::Type(PropTypes(t)),
            (r, _) => return bad(format!("constraint `{}` has an unknown rule {r}", c.name)),
        };
        let entity = match c.entity {
            0 => Entity::Node,
            1 => Entity::Rel,
            e => return bad(format!("constraint `{}` is on an unknown kind {e}", c.name)),
        };
        if c.id >= record.next_id || !names.insert(c.name.clone()) || c.name.is_empty() {
            return bad(format!("constraint `{}` repeats a name or an id", c.name));
        }
        if !keys_fit(&c.keys) || (c.keys.len() > 1 && !matches!(rule, Rule::Unique | Rule::Key)) {
            return bad(format!(
                "constraint `{}` has no key, a key twice, or several for its rule",
                c.name
            ));
        }
        schema.constraints.push(ConstraintDef {
            id: c.id,
            name: c.name.into(),
            entity,
            token: graph.intern(&c.token),
            keys: c.keys.iter().map(|k| graph.intern(k)).collect(),
            rule,
        });
    }
    for i in record.indexes {
        if !keys_fit(&i.keys) {
            return bad(format!("index `{}` has no key or a key twice", i.name));
        }
        let label = graph.intern(&i.label);
        let keys: Vec<Sym> = i.keys.iter().map(|k| graph.intern(k)).collect();
        let entity = match i.entity {
            0 => Entity::Node,
            1 => Entity::Rel,
            e => return bad(format!("index `{}` is on an unknown kind {e}", i.name)),
        };
        let owner_fits = match &i.owner {
            None => names.insert(i.name.clone()) && !i.name.is_empty(),
            Some(owner) => {
                *owner == i.name
                    && schema.constraints.iter().any(|c| {
                        *c.name == **owner
                            && (c.entity, c.token) == (entity, label)
                            && c.keys == keys
                            && matches!(c.rule, Rule::Unique | Rule::Key)
                    })
            }
        };
        let twice = schema
            .indexes
            .iter()
            .any(|o| (o.entity, o.label) == (entity, label) && o.keys == keys);
        if i.id >= record.next_id || !owner_fits || twice {
            return bad(format!("index `{}` repeats a name, an id or a property, or names no constraint that owns it", i.name));
        }
        schema.indexes.push(IndexDef {
            id: i.id,
            name: i.name.into(),
            entity,
            label,
            keys,
            owner: i.owner.map(Into::into),
        });
    }
    Ok(schema)
}

/// Whether a record's keys are some, each once.
fn keys_fit(keys: &[String]) -> bool {
    !keys.is_empty() && keys.iter().enumerate().all(|(i, k)| !keys[..i].contains(k))
}

/// Bincode's byte limit is a constant of its configuration type: the catalog's is picked from
/// a ladder of powers of 8, the smallest at or above 64 bytes per catalog byte plus one MiB
/// (a column's description takes at least 8 bytes and less than 512 in memory).
fn decode_catalog(bytes: &[u8]) -> R<(Catalog, &[u8])> {
    decode_bounded(bytes, "catalog")
}

/// A bincode value at the start of `bytes`, with bincode's limit on what its lengths may
/// claim picked as for the catalog, and the bytes after it.
fn decode_bounded<'b, T: Decode<()>>(bytes: &'b [u8], what: &str) -> R<(T, &'b [u8])> {
    let need = (bytes.len() as u64)
        .saturating_mul(64)
        .saturating_add(1 << 20);
    macro_rules! ladder {
        ($($bits:literal)*) => {
            $(
                if need <= 1u64 << $bits {
                    let config = bincode::config::standard().with_limit::<{ 1usize << $bits }>();
                    return match bincode::decode_from_slice::<T, _>(bytes, config) {
                        Ok((c, used)) => Ok((c, &bytes[used..])),
                        Err(e) => Err(format!("its {what} cannot be read ({})", match e {
                            bincode::error::DecodeError::LimitExceeded =>
                                "it announces more than its size allows".to_string(),
                            bincode::error::DecodeError::UnexpectedEnd { .. } =>
                                "it ends early".to_string(),
                            other => other.to_string(),
                        })),
                    };
                }
            )*
        };
    }
    ladder!(21 24 27 30 33 36 39 42 45 48);
    Err(format!("its {what} is too large to read"))
}

/// The data area being read: every array is checked to lie within it before it is copied.
struct Data<'a> {
    bytes: &'a [u8],
    /// What holds `bytes` when it can be borrowed by the store (a mapped file): arrays are
    /// then read in place instead of copied.
    backing: Option<&'a Backing>,
}

impl<'a> Data<'a> {
    fn slice(&self, a: Arr, size: u64, what: &str) -> R<&'a [u8]> {
        let len = a.len.checked_mul(size);
        let end = len.and_then(|l| a.offset.checked_add(l));
        match end {
            Some(end) if end <= self.bytes.len() as u64 && a.offset.is_multiple_of(8) => {
                Ok(&self.bytes[a.offset as usize..end as usize])
            }
            _ => Err(format!(
                "its {what} ({} elements at {}) lie outside its {} bytes of data",
                a.len,
                a.offset,
                self.bytes.len()
            )),
        }
    }
    fn u32s<T>(&self, a: Arr, what: &str, f: impl Fn(u32) -> T) -> R<Vec<T>> {
        Ok(self
            .slice(a, 4, what)?
            .chunks_exact(4)
            .map(|c| f(u32::from_le_bytes(c.try_into().expect("4 bytes"))))
            .collect())
    }
    fn u64s<T>(&self, a: Arr, what: &str, f: impl Fn(u64) -> T) -> R<Vec<T>> {
        Ok(self
            .slice(a, 8, what)?
            .chunks_exact(8)
            .map(|c| f(u64::from_le_bytes(c.try_into().expect("8 bytes"))))
            .collect())
    }
    /// An array of plain values, read in place from the backing when there is one.
    fn arr<T: Plain>(&self, a: Arr, what: &str) -> R<Part<'a, T>> {
        let bytes = self.slice(a, std::mem::size_of::<T>() as u64, what)?;
        let buf = self
            .backing
            .and_then(|b| Buf::mapped(b, bytes))
            .unwrap_or_else(|| Buf::copied(bytes));
        Ok(Part::Buf(buf))
    }
    fn raw(&self, a: Arr, what: &str) -> R<&'a [u8]> {
        self.slice(a, 1, what)
    }
    /// Strings given as offsets and bytes: offsets from 0, never decreasing, to the end of the
    /// bytes, each string valid UTF-8.
    fn strings(&self, offsets: Arr, bytes: Arr, what: &str) -> R<Vec<&'a str>> {
        let offsets = self.u64s(offsets, what, |o| o)?;
        let bytes = self.raw(bytes, what)?;
        if offsets.first() != Some(&0)
            || offsets.last() != Some(&(bytes.len() as u64))
            || offsets.windows(2).any(|w| w[0] > w[1])
        {
            return Err(format!("the offsets of its {what} are out of order"));
        }
        offsets
            .windows(2)
            .map(|w| {
                std::str::from_utf8(&bytes[w[0] as usize..w[1] as usize])
                    .map_err(|_| format!("one of its {what} is not UTF-8"))
            })
            .collect()
    }
}

/// A value stream of `n` values.
fn values(mut rest: &[u8], n: u64, nulls: bool) -> R<Vec<Value>> {
    // Each value takes at least 2 bytes (a null 1, and only where nulls are allowed).
    if n > rest.len() as u64 {
        return Err(format!("it announces {n} values in {} bytes", rest.len()));
    }
    let mut out = Vec::with_capacity(n as usize);
    for _ in 0..n {
        out.push(value(&mut rest, nulls, false)?);
    }
    if !rest.is_empty() {
        return Err(format!("{} unexpected bytes after its values", rest.len()));
    }
    Ok(out)
}

fn take<'b>(rest: &mut &'b [u8], n: u64) -> R<&'b [u8]> {
    if n > rest.len() as u64 {
        return Err("its values end early".to_string());
    }
    let (head, tail) = rest.split_at(n as usize);
    *rest = tail;
    Ok(head)
}

fn word(rest: &mut &[u8]) -> R<u64> {
    Ok(u64::from_le_bytes(
        take(rest, 8)?.try_into().expect("8 bytes"),
    ))
}

fn value(rest: &mut &[u8], nulls: bool, in_list: bool) -> R<Value> {
    let tag = take(rest, 1)?[0];
    Ok(match tag {
        TAG_NULL if nulls => Value::Null,
        TAG_BOOL => match take(rest, 1)?[0] {
            0 => Value::Bool(false),
            1 => Value::Bool(true),
            b => return Err(format!("a boolean is {b}")),
        },
        TAG_INT => Value::Int(word(rest)? as i64),
        TAG_FLOAT => Value::Float(f64::from_bits(word(rest)?)),
        TAG_STRING => {
            let n = word(rest)?;
            let bytes = take(rest, n)?;
            Value::String(Arc::from(
                std::str::from_utf8(bytes).map_err(|_| "a string is not UTF-8".to_string())?,
            ))
        }
        TAG_LIST if !in_list => {
            let n = word(rest)?;
            // An item takes at least 2 bytes.
            if n > rest.len() as u64 / 2 {
                return Err(format!(
                    "a list announces {n} items in {} bytes",
                    rest.len()
                ));
            }
            let mut items = Vec::with_capacity(n as usize);
            for _ in 0..n {
                items.push(value(rest, false, true)?);
            }
            Value::List(items)
        }
        TAG_TEMPORAL => {
            let kind = *TEMPORAL_KINDS
                .get(usize::from(take(rest, 1)?[0]))
                .ok_or_else(|| "a temporal value of an unknown type".to_string())?;
            let n = word(rest)?;
            let text = std::str::from_utf8(take(rest, n)?)
                .map_err(|_| "a temporal value is not UTF-8".to_string())?;
            Value::from(
                crate::temporal::parse_temporal(kind, text)
                    .map_err(|e| format!("a {} '{text}': {e}", kind.name()))?,
            )
        }
        TAG_POINT => {
            let srid = word(rest)? as i64;
            let crs = crate::spatial::Crs::from_srid(srid)
                .ok_or_else(|| format!("a point of the unknown srid {srid}"))?;
            let mut coords = [0.0; 3];
            for c in coords.iter_mut().take(crs.dimension()) {
                *c = f64::from_bits(word(rest)?);
            }
            Value::from(
                crate::spatial::Point::new(crs, &coords[..crs.dimension()])
                    .map_err(|e| format!("a point: {e}"))?,
            )
        }
        TAG_LIST => return Err("a list inside a list".to_string()),
        tag => return Err(format!("unknown value tag {tag}")),
    })
}

fn read_col<'a>(data: &Data<'a>, col: &Col, what: &str) -> R<(Sym, ColumnParts<'a>)> {
    let words = |a: Arr| data.arr::<u64>(a, what);
    let parts = match &col.data {
        ColData::Sparse { slots, values: v } => {
            let slots = data.u32s(*slots, what, |s| s)?;
            let vals = values(data.raw(*v, what)?, slots.len() as u64, false)?;
            if slots.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!("the slots of {what} are out of order"));
            }
            ColumnParts::Sparse(slots.into_iter().zip(vals).collect())
        }
        ColData::Int { values, valid } => ColumnParts::Int {
            values: data.arr(*values, what)?,
            valid: words(*valid)?,
        },
        ColData::Float { values, valid } => ColumnParts::Float {
            values: data.arr(*values, what)?,
            valid: words(*valid)?,
        },
        ColData::Bool { values, valid } => ColumnParts::Bool {
            values: words(*values)?,
            valid: words(*valid)?,
        },
        ColData::Date { days, valid } => ColumnParts::Date {
            days: data.arr(*days, what)?,
            valid: words(*valid)?,
        },
        ColData::Dict {
            codes,
            valid,
            offsets,
            bytes,
        } => {
            let strs = data.strings(*offsets, *bytes, what)?;
            ColumnParts::Str {
                codes: data.arr(*codes, what)?,
                valid: words(*valid)?,
                heap: HeapParts::Dict(Cow::Owned(strs.into_iter().map(Arc::from).collect())),
            }
        }
        ColData::Plain {
            codes,
            valid,
            offsets,
            bytes,
        } => ColumnParts::Str {
            codes: data.arr(*codes, what)?,
            valid: words(*valid)?,
            heap: HeapParts::Plain {
                offsets: words(*offsets)?,
                bytes: data.arr(*bytes, what)?,
            },
        },
        ColData::Any { slots, values: v } => {
            ColumnParts::Any(Cow::Owned(values(data.raw(*v, what)?, *slots, true)?))
        }
    };
    Ok((Sym(col.key), parts))
}

fn read_rows<'a>(data: &Data<'a>, rows: &Rows, what: &str) -> R<CsrParts<'a>> {
    Ok(CsrParts {
        node_groups: data.arr(rows.node_groups, what)?,
        group_ty: data.arr(rows.group_ty, what)?,
        group_start: data.arr(rows.group_start, what)?,
        entries: data.arr(rows.entries, what)?,
    })
}

/// Decode a checked payload. With a `backing` (what holds the payload's bytes, such as the
/// mapped file), the store's arrays are read in place instead of copied.
pub(super) fn decode(payload: &[u8], backing: Option<&Backing>, version: u32) -> R<Graph> {
    if payload.len() < 8 {
        return Err("its data ends early".to_string());
    }
    let catalog_len = u64::from_le_bytes(payload[0..8].try_into().expect("8 bytes"));
    let data_start = catalog_len
        .checked_add(8)
        .map(|n| n.next_multiple_of(8))
        .filter(|n| *n <= payload.len() as u64)
        .ok_or_else(|| format!("its catalog of {catalog_len} bytes does not fit"))?
        as usize;
    let (catalog, rest) = decode_catalog(&payload[8..8 + catalog_len as usize])?;
    let schema = if version >= 5 {
        match decode_bounded::<SchemaRecord>(rest, "schema")? {
            (record, []) => Some(record),
            (_, extra) => return Err(format!("{} unexpected bytes after its schema", extra.len())),
        }
    } else if version == 4 {
        match decode_bounded::<SchemaRecordV4>(rest, "schema")? {
            (record, []) => Some(SchemaRecord::from(record)),
            (_, extra) => return Err(format!("{} unexpected bytes after its schema", extra.len())),
        }
    } else if version == 3 {
        match decode_bounded::<SchemaRecordV3>(rest, "schema")? {
            (record, []) => Some(SchemaRecord::from(record)),
            (_, extra) => return Err(format!("{} unexpected bytes after its schema", extra.len())),
        }
    } else if !rest.is_empty() {
        return Err(format!("{} unexpected bytes after its catalog", rest.len()));
    } else {
        None
    };
    let data = Data {
        bytes: &payload[data_start..],
        backing,
    };
    let c = &catalog;
    let names = data.strings(c.name_offsets, c.name_bytes, "names")?;
    let node_set: Part<u32> = data.arr(c.node_set, "node label sets")?;
    let set_offsets = data.u64s(c.labelset_offsets, "label sets", |o| o)?;
    let set_labels = data.u32s(c.labelset_labels, "label sets", Sym)?;
    if set_offsets.first() != Some(&0)
        || set_offsets.last() != Some(&(set_labels.len() as u64))
        || set_offsets.windows(2).any(|w| w[0] > w[1])
    {
        return Err("the offsets of its label sets are out of order".to_string());
    }
    let labelsets: Vec<Vec<Sym>> = set_offsets
        .windows(2)
        .map(|w| set_labels[w[0] as usize..w[1] as usize].to_vec())
        .collect();
    // What the label members will take: refused past 64 bits per byte of the file, so that a
    // small file cannot ask for a huge index of members.
    let memberships: u64 = node_set
        .iter()
        .filter(|s| **s != DEAD_SLOT)
        .map(|s| labelsets.get(*s as usize).map_or(0, |l| l.len() as u64))
        .sum();
    if memberships > (payload.len() as u64).saturating_mul(64) {
        return Err(format!(
            "its nodes carry {memberships} labels in all, more than its size allows"
        ));
    }
    let mut node_cols = Vec::with_capacity(c.node_cols.len());
    for col in &c.node_cols {
        node_cols.push(read_col(&data, col, "node properties")?);
    }
    let mut tables = Vec::with_capacity(c.tables.len());
    for t in &c.tables {
        let mut cols = Vec::with_capacity(t.cols.len());
        for col in &t.cols {
            cols.push(read_col(&data, col, "relationship properties")?);
        }
        tables.push(TableParts {
            ty: Sym(t.ty),
            ids: data.arr(t.ids, "relationship tables")?,
            cols,
        });
    }
    let parts = StoreParts {
        names: names.into_iter().map(Cow::Borrowed).collect(),
        node_set,
        labelsets: Cow::Owned(labelsets),
        node_cols,
        rel_ty: data.arr(c.rel_ty, "relationship types")?,
        rel_start: data.arr(c.rel_start, "relationship starts")?,
        rel_end: data.arr(c.rel_end, "relationship ends")?,
        rel_pos: data.arr(c.rel_pos, "relationship positions")?,
        tables,
        free_nodes: data.arr(c.free_nodes, "free node list")?,
        free_rels: data.arr(c.free_rels, "free relationship list")?,
        out: read_rows(&data, &c.out, "outgoing rows")?,
        inc: read_rows(&data, &c.inc, "incoming rows")?,
    };
    let mut graph = Graph::from_parts(parts).map_err(|e| e.0)?;
    if let Some(mut record) = schema {
        let spaces = restore_id_spaces(&graph, std::mem::take(&mut record.id_spaces))?;
        let schema = restore_schema(&graph, record)?;
        graph.restore_schema(schema);
        graph.restore_id_spaces(spaces);
    }
    Ok(graph)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::ErrorKind;
    use crate::snapshot::{header, read};
    use proptest::prelude::*;

    /// Every column layout but plain strings (see tests/snapshot.rs), a deletion of each kind.
    fn small_graph() -> Graph {
        let mut g = Graph::new();
        let [l, m] = ["L", "M"].map(|s| g.intern(s));
        let [i, f, b, s, a, sp, d] = ["i", "f", "b", "s", "a", "sp", "d"].map(|s| g.intern(s));
        let t = g.intern("T");
        let mut nodes = Vec::new();
        for n in 0..40i64 {
            let mut props = vec![
                (i, Value::Int(n)),
                (f, Value::Float(n as f64 / 4.0)),
                (b, Value::Bool(n % 2 == 0)),
                (s, Value::from(format!("s{}", n % 3))),
                (
                    a,
                    if n % 2 == 0 {
                        Value::Int(n)
                    } else {
                        Value::List(vec![Value::str("x"), Value::Int(n)])
                    },
                ),
            ];
            if n == 7 {
                props.push((sp, Value::str("only")));
            }
            // A date column.
            props.push((d, crate::graph::column_date_value(n as i32 * 400 - 8000)));
            let labels = if n % 3 == 0 { vec![l, m] } else { vec![l] };
            nodes.push(g.create_node(labels, props).unwrap());
        }
        for n in 0..39usize {
            g.create_rel(nodes[n], nodes[n + 1], t, vec![(i, Value::Int(n as i64))])
                .unwrap();
        }
        g.detach_delete_node(nodes[5]).unwrap();
        g.delete_rel(RelId(20)).unwrap();
        g
    }

    fn describe(g: &Graph) -> String {
        let nodes: Vec<_> = g.nodes().map(|n| (n, g.node(n))).collect();
        let rels: Vec<_> = g.rels().map(|r| (r, g.rel(r), g.endpoints(r))).collect();
        let adjacency: Vec<_> = g
            .nodes()
            .map(|n| {
                g.expand(n, crate::graph::Dir::Both, &[])
                    .collect::<Vec<_>>()
            })
            .collect();
        format!("{nodes:?}\n{rels:?}\n{adjacency:?}")
    }

    fn framed(prefix: &[u8], data: &[u8]) -> Vec<u8> {
        [
            &header(super::super::FORMAT, &[prefix, data])[..],
            prefix,
            data,
        ]
        .concat()
    }

    /// The payload in two pieces: the part before the data area, and the data area.
    fn pieces(g: &Graph) -> (Vec<u8>, Vec<u8>) {
        let mut payload = Vec::new();
        let (len, crc) = encode(g, &mut payload).ok().unwrap();
        assert_eq!(len, payload.len() as u64);
        assert_eq!(crc, crc32fast::hash(&payload));
        let catalog = u64::from_le_bytes(payload[..8].try_into().unwrap()) as usize;
        let data = payload.split_off((8 + catalog).next_multiple_of(8));
        (payload, data)
    }

    fn split(g: &Graph) -> (Catalog, Vec<u8>) {
        let (prefix, data) = pieces(g);
        let len = u64::from_le_bytes(prefix[..8].try_into().unwrap()) as usize;
        (decode_catalog(&prefix[8..8 + len]).unwrap().0, data)
    }

    fn join(c: &Catalog, data: &[u8]) -> Vec<u8> {
        let mut encoded = bincode::encode_to_vec(c, bincode::config::standard()).unwrap();
        encoded.extend(
            bincode::encode_to_vec(SchemaRecord::default(), bincode::config::standard()).unwrap(),
        );
        let mut prefix = (encoded.len() as u64).to_le_bytes().to_vec();
        prefix.extend_from_slice(&encoded);
        prefix.resize(prefix.len().next_multiple_of(8), 0);
        framed(&prefix, data)
    }

    fn col_arrs(c: &mut Col) -> Vec<&mut Arr> {
        match &mut c.data {
            ColData::Sparse { slots, values } => vec![slots, values],
            ColData::Int { values, valid }
            | ColData::Float { values, valid }
            | ColData::Bool { values, valid } => vec![values, valid],
            ColData::Date { days, valid } => vec![days, valid],
            ColData::Dict {
                codes,
                valid,
                offsets,
                bytes,
            }
            | ColData::Plain {
                codes,
                valid,
                offsets,
                bytes,
            } => vec![codes, valid, offsets, bytes],
            ColData::Any { values, .. } => vec![values],
        }
    }

    /// Every array of a catalog.
    fn arrs(c: &mut Catalog) -> Vec<&mut Arr> {
        let mut v = vec![
            &mut c.name_offsets,
            &mut c.name_bytes,
            &mut c.node_set,
            &mut c.labelset_offsets,
            &mut c.labelset_labels,
            &mut c.rel_ty,
            &mut c.rel_start,
            &mut c.rel_end,
            &mut c.rel_pos,
            &mut c.free_nodes,
            &mut c.free_rels,
        ];
        for rows in [&mut c.out, &mut c.inc] {
            v.extend([
                &mut rows.node_groups,
                &mut rows.group_ty,
                &mut rows.group_start,
                &mut rows.entries,
            ]);
        }
        for col in &mut c.node_cols {
            v.extend(col_arrs(col));
        }
        for t in &mut c.tables {
            v.push(&mut t.ids);
            for col in &mut t.cols {
                v.extend(col_arrs(col));
            }
        }
        v
    }

    #[test]
    fn the_small_graph_round_trips() {
        let g = small_graph();
        let (c, data) = split(&g);
        assert_eq!(describe(&read(&join(&c, &data)).unwrap()), describe(&g));
        let (c, data) = split(&Graph::new());
        let empty = read(&join(&c, &data)).unwrap();
        assert_eq!(describe(&empty), describe(&Graph::new()));
    }

    #[test]
    fn arrays_outside_the_data_or_misaligned_are_refused() {
        // Moved or resized arrays: refused, or (where the bytes they then cover happen to make
        // a consistent store; the checksums are what catch such damage) read, never a panic.
        let g = small_graph();
        let (mut c, data) = split(&g);
        let n = arrs(&mut c).len();
        let dl = data.len() as u64;
        let changes: [&dyn Fn(&mut Arr); 7] = [
            &|a| a.offset += 1,
            &|a| a.offset += 8,
            &|a| a.offset = dl,
            &|a| a.offset = u64::MAX - 7,
            &|a| a.len += 1,
            &|a| a.len = a.len.saturating_sub(1),
            &|a| a.len = u64::MAX / 2,
        ];
        for i in 0..n {
            for (j, change) in changes.iter().enumerate() {
                let mut c2 = split(&g).0;
                change(arrs(&mut c2)[i]);
                if let Err(e) = read(&join(&c2, &data)) {
                    assert_eq!(e.kind, ErrorKind::Load, "array {i} change {j}");
                }
            }
        }
        // Out of the data area, by name.
        arrs(&mut c)[2].offset = dl + 8;
        let e = read(&join(&c, &data)).unwrap_err();
        assert!(e.message.contains("node label sets"), "{}", e.message);
        assert!(e.message.contains("lie outside"), "{}", e.message);
    }

    /// Write `value` as the `index`th `u32` of an array.
    fn poke(data: &mut [u8], a: Arr, index: usize, value: u32) {
        let at = a.offset as usize + index * 4;
        data[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    #[test]
    fn ids_out_of_range_are_named_errors() {
        let g = small_graph();
        let (c, data) = split(&g);
        let s_col = |c: &Catalog| {
            let key = g.sym("s").unwrap().0;
            match &c.node_cols.iter().find(|col| col.key == key).unwrap().data {
                ColData::Dict { codes, .. } => *codes,
                _ => panic!("a dictionary column"),
            }
        };
        let cases: Vec<(Arr, usize, u32, &str)> = vec![
            (c.rel_start, 0, 999, "do not both exist"),
            (c.rel_end, 3, 5, "do not both exist"),
            (c.node_set, 0, 77, "label set 77"),
            (c.rel_ty, 1, 0, "relationship 1 is not in its type's table"),
            (c.rel_pos, 1, 0, "not in its type's table"),
            (c.free_nodes, 0, 0, "free node list"),
            (c.free_rels, 0, 1, "free relationship list"),
            (c.out.entries, 1, 0, "adjacency rows"),
            (c.inc.entries, 0, 7, "adjacency rows"),
            (c.out.node_groups, 2, 0, "adjacency rows"),
            (c.labelset_labels, 0, 900, "does not exist"),
            (s_col(&c), 2, 3, "string code"),
            (c.tables[0].ids, 0, 3, "not in its type's table"),
        ];
        for (arr, index, value, expected) in cases {
            let mut d = data.clone();
            poke(&mut d, arr, index, value);
            let e = read(&join(&c, &d)).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Load);
            assert!(
                e.message.contains(expected),
                "`{expected}` in `{}`",
                e.message
            );
        }
        // Names: invalid UTF-8, and a name twice.
        let mut d = data.clone();
        d[c.name_bytes.offset as usize] = 0xff;
        assert!(read(&join(&c, &d))
            .unwrap_err()
            .message
            .contains("not UTF-8"));
        let mut d = data.clone();
        let at = c.name_bytes.offset as usize;
        d[at..at + 1].copy_from_slice(b"M");
        assert!(read(&join(&c, &d)).unwrap_err().message.contains("twice"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Damage past the checksum: mutate a real payload and frame it with fresh checksums,
        /// so that the decoder itself sees the damage.
        #[test]
        fn mutated_payloads_with_valid_checksums_never_panic(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            cut in any::<prop::sample::Index>(),
        ) {
            let (prefix, data) = pieces(&small_graph());
            let mut p = [prefix, data].concat();
            for (at, byte) in edits {
                let i = at.index(p.len());
                p[i] = byte;
            }
            let keep = cut.index(p.len() + 1).max(p.len() * 3 / 4);
            p.truncate(keep);
            if let Err(e) = read(&framed(&p, &[])) {
                prop_assert_eq!(e.kind, ErrorKind::Load);
            }
        }

        #[test]
        fn random_payloads_with_valid_checksums_never_panic(
            p in prop::collection::vec(any::<u8>(), 0..256),
        ) {
            let _ = read(&framed(&p, &[]));
        }
    }
}
