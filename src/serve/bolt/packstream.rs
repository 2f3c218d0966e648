//! PackStream, Bolt's binary value format: encoding and a decoder that never panics on
//! hostile bytes (every declared length is checked against the bytes left, nesting is
//! bounded) — and the conversions between PackStream values and relq's `Value`.

use crate::temporal::Temporal;
use crate::{Graph, Value};

/// The deepest nesting of lists, maps and structures a message may have.
pub const MAX_DEPTH: usize = 64;

/// A PackStream value.
#[derive(Clone, Debug, PartialEq)]
pub enum Pack {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Bytes(Vec<u8>),
    String(String),
    List(Vec<Pack>),
    /// Entries in the order given (keys are strings).
    Map(Vec<(String, Pack)>),
    Struct(u8, Vec<Pack>),
}

impl Pack {
    pub fn str(s: &str) -> Pack {
        Pack::String(s.to_string())
    }

    /// A map from pairs.
    pub fn map<const N: usize>(entries: [(&str, Pack); N]) -> Pack {
        Pack::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    /// The value under `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Pack> {
        match self {
            Pack::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Pack::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Pack::Int(i) => Some(*i),
            _ => None,
        }
    }
}

/// Why bytes are not a PackStream value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Append a value's encoding to `out`.
pub fn encode(value: &Pack, out: &mut Vec<u8>) {
    match value {
        Pack::Null => out.push(0xC0),
        Pack::Bool(false) => out.push(0xC2),
        Pack::Bool(true) => out.push(0xC3),
        Pack::Int(i) => encode_int(*i, out),
        Pack::Float(f) => {
            out.push(0xC1);
            out.extend_from_slice(&f.to_be_bytes());
        }
        Pack::Bytes(b) => {
            header(b.len(), None, [0xCC, 0xCD, 0xCE], out);
            out.extend_from_slice(b);
        }
        Pack::String(s) => {
            header(s.len(), Some(0x80), [0xD0, 0xD1, 0xD2], out);
            out.extend_from_slice(s.as_bytes());
        }
        Pack::List(items) => {
            header(items.len(), Some(0x90), [0xD4, 0xD5, 0xD6], out);
            for item in items {
                encode(item, out);
            }
        }
        Pack::Map(entries) => {
            header(entries.len(), Some(0xA0), [0xD8, 0xD9, 0xDA], out);
            for (k, v) in entries {
                header(k.len(), Some(0x80), [0xD0, 0xD1, 0xD2], out);
                out.extend_from_slice(k.as_bytes());
                encode(v, out);
            }
        }
        Pack::Struct(tag, fields) => {
            // A structure has at most 15 fields; every structure this server writes has fewer.
            out.push(0xB0 | (fields.len().min(15) as u8));
            out.push(*tag);
            for field in fields.iter().take(15) {
                encode(field, out);
            }
        }
    }
}

fn encode_int(i: i64, out: &mut Vec<u8>) {
    if (-16..=127).contains(&i) {
        out.push(i as i8 as u8);
    } else if i8::try_from(i).is_ok() {
        out.push(0xC8);
        out.push(i as i8 as u8);
    } else if let Ok(v) = i16::try_from(i) {
        out.push(0xC9);
        out.extend_from_slice(&v.to_be_bytes());
    } else if let Ok(v) = i32::try_from(i) {
        out.push(0xCA);
        out.extend_from_slice(&v.to_be_bytes());
    } else {
        out.push(0xCB);
        out.extend_from_slice(&i.to_be_bytes());
    }
}

/// The marker and size of a string, list, map or byte array: tiny (size in the marker's low
/// nibble) when there is a tiny marker and the size is below 16, else 8, 16 or 32 bits.
fn header(len: usize, tiny: Option<u8>, markers: [u8; 3], out: &mut Vec<u8>) {
    match tiny {
        Some(t) if len < 16 => out.push(t | len as u8),
        _ if len <= u8::MAX as usize => {
            out.push(markers[0]);
            out.push(len as u8);
        }
        _ if len <= u16::MAX as usize => {
            out.push(markers[1]);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(markers[2]);
            // Sizes past 32 bits cannot be sent; nothing this server builds is that large
            // (results are bounded by the statement's memory budget), so the size saturates.
            out.extend_from_slice(&(u32::try_from(len).unwrap_or(u32::MAX)).to_be_bytes());
        }
    }
}

/// Decode one value that fills `bytes` exactly.
pub fn decode_all(bytes: &[u8]) -> Result<Pack, DecodeError> {
    let mut reader = Reader { bytes, at: 0 };
    let value = reader.value(0)?;
    if reader.at != bytes.len() {
        return Err(DecodeError(format!(
            "expected the end of the message after one value, found {} more bytes",
            bytes.len() - reader.at
        )));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| {
                DecodeError(format!(
                    "expected {n} more bytes at byte {}, found {}",
                    self.at,
                    self.bytes.len() - self.at
                ))
            })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn be<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// A declared count of items, each at least one byte: more than the bytes left is refused
    /// before anything is allocated.
    fn count(&mut self, len: usize, what: &str) -> Result<usize, DecodeError> {
        let left = self.bytes.len() - self.at;
        if len > left {
            return Err(DecodeError(format!(
                "expected a {what} of at most {left} items (the bytes left), found one of {len}"
            )));
        }
        Ok(len)
    }

    fn string(&mut self, len: usize) -> Result<String, DecodeError> {
        let at = self.at;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| DecodeError(format!("expected UTF-8 text in the string at byte {at}")))
    }

    fn value(&mut self, depth: usize) -> Result<Pack, DecodeError> {
        if depth > MAX_DEPTH {
            return Err(DecodeError(format!(
                "expected values nested at most {MAX_DEPTH} deep"
            )));
        }
        let at = self.at;
        let marker = self.byte()?;
        Ok(match marker {
            0x00..=0x7F => Pack::Int(marker as i64),
            0xF0..=0xFF => Pack::Int(marker as i8 as i64),
            0xC0 => Pack::Null,
            0xC2 => Pack::Bool(false),
            0xC3 => Pack::Bool(true),
            0xC1 => Pack::Float(f64::from_be_bytes(self.be::<8>()?)),
            0xC8 => Pack::Int(i8::from_be_bytes(self.be::<1>()?) as i64),
            0xC9 => Pack::Int(i16::from_be_bytes(self.be::<2>()?) as i64),
            0xCA => Pack::Int(i32::from_be_bytes(self.be::<4>()?) as i64),
            0xCB => Pack::Int(i64::from_be_bytes(self.be::<8>()?)),
            0xCC..=0xCE => {
                let len = self.size(marker - 0xCC)?;
                Pack::Bytes(self.take(len)?.to_vec())
            }
            0x80..=0x8F => Pack::String(self.string((marker & 0x0F) as usize)?),
            0xD0..=0xD2 => {
                let len = self.size(marker - 0xD0)?;
                Pack::String(self.string(len)?)
            }
            0x90..=0x9F | 0xD4..=0xD6 => {
                let len = if marker <= 0x9F {
                    (marker & 0x0F) as usize
                } else {
                    self.size(marker - 0xD4)?
                };
                let len = self.count(len, "list")?;
                let mut items = Vec::with_capacity(len);
                for _ in 0..len {
                    items.push(self.value(depth + 1)?);
                }
                Pack::List(items)
            }
            0xA0..=0xAF | 0xD8..=0xDA => {
                let len = if marker <= 0xAF {
                    (marker & 0x0F) as usize
                } else {
                    self.size(marker - 0xD8)?
                };
                // Each entry is at least two bytes (a key and a value).
                let len = self.count(len.saturating_mul(2), "map")? / 2;
                let mut entries = Vec::with_capacity(len);
                for _ in 0..len {
                    let key_at = self.at;
                    let key = match self.value(depth + 1)? {
                        Pack::String(s) => s,
                        other => {
                            return Err(DecodeError(format!(
                                "expected a string as map key at byte {key_at}, found {}",
                                kind(&other)
                            )))
                        }
                    };
                    let value = self.value(depth + 1)?;
                    entries.push((key, value));
                }
                Pack::Map(entries)
            }
            0xB0..=0xBF => {
                let len = (marker & 0x0F) as usize;
                let tag = self.byte()?;
                let mut fields = Vec::with_capacity(len);
                for _ in 0..len {
                    fields.push(self.value(depth + 1)?);
                }
                Pack::Struct(tag, fields)
            }
            other => {
                return Err(DecodeError(format!(
                    "expected a PackStream marker at byte {at}, found 0x{other:02X}"
                )))
            }
        })
    }

    /// A size of 8, 16 or 32 bits (`width` 0, 1, 2).
    fn size(&mut self, width: u8) -> Result<usize, DecodeError> {
        Ok(match width {
            0 => self.byte()? as usize,
            1 => u16::from_be_bytes(self.be::<2>()?) as usize,
            _ => u32::from_be_bytes(self.be::<4>()?) as usize,
        })
    }
}

/// What a value is, for messages.
pub fn kind(value: &Pack) -> &'static str {
    match value {
        Pack::Null => "null",
        Pack::Bool(_) => "a boolean",
        Pack::Int(_) => "an integer",
        Pack::Float(_) => "a float",
        Pack::Bytes(_) => "a byte array",
        Pack::String(_) => "a string",
        Pack::List(_) => "a list",
        Pack::Map(_) => "a map",
        Pack::Struct(..) => "a structure",
    }
}

/// A parameter value from PackStream: byte arrays and structures (temporal values, points,
/// entities) are not relq values; the error says which.
pub fn to_value(pack: &Pack) -> Result<Value, String> {
    Ok(match pack {
        Pack::Null => Value::Null,
        Pack::Bool(b) => Value::Bool(*b),
        Pack::Int(i) => Value::Int(*i),
        Pack::Float(f) => Value::Float(*f),
        Pack::String(s) => Value::str(s),
        Pack::List(items) => Value::List(items.iter().map(to_value).collect::<Result<_, _>>()?),
        Pack::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), to_value(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        Pack::Bytes(_) => return Err("expected a parameter of a Cypher type relq has, found a byte array".into()),
        Pack::Struct(POINT_2D | POINT_3D, fields) => Value::from(point_from(fields)?),
        Pack::Struct(tag, fields) => match temporal_from(*tag, fields)? {
            Some(t) => Value::from(t),
            None => {
                return Err(format!(
                    "expected a parameter of a Cypher type relq has, found a structure (tag 0x{tag:02X}: an entity)"
                ))
            }
        },
    })
}

/// The structure tags of points: srid, x, y (and z).
const POINT_2D: u8 = 0x58;
const POINT_3D: u8 = 0x59;

fn point(p: &crate::spatial::Point) -> Pack {
    let mut fields = vec![Pack::Int(p.crs.srid())];
    fields.extend(p.coords().iter().map(|c| Pack::Float(*c)));
    let tag = if p.crs.dimension() == 3 {
        POINT_3D
    } else {
        POINT_2D
    };
    Pack::Struct(tag, fields)
}

/// A point from its structure's fields: an srid that names its CRS, and its coordinates.
fn point_from(fields: &[Pack]) -> Result<crate::spatial::Point, String> {
    use crate::spatial::{Crs, Point};
    let Some(Pack::Int(srid)) = fields.first() else {
        return Err("expected an integer srid as the first field of a point".into());
    };
    let crs = Crs::from_srid(*srid)
        .ok_or_else(|| format!("expected the srid of a coordinate reference system relq has (7203, 9157, 4326, 4979), found {srid}"))?;
    let coords = fields[1..]
        .iter()
        .map(|f| match f {
            Pack::Float(v) => Ok(*v),
            Pack::Int(v) => Ok(*v as f64),
            _ => Err("expected numbers as a point's coordinates".to_string()),
        })
        .collect::<Result<Vec<f64>, String>>()?;
    Point::new(crs, &coords)
}

/// The structure tags of temporal values: Bolt 5's date-times count seconds from the epoch in
/// UTC; 4.4's (the legacy ones) in local time.
const DATE: u8 = 0x44;
const TIME: u8 = 0x54;
const LOCAL_TIME: u8 = 0x74;
const LOCAL_DATE_TIME: u8 = 0x64;
const DATE_TIME: u8 = 0x49;
const DATE_TIME_ZONE_ID: u8 = 0x69;
const LEGACY_DATE_TIME: u8 = 0x46;
const LEGACY_DATE_TIME_ZONE_ID: u8 = 0x66;
const DURATION: u8 = 0x45;

/// A temporal value as its Bolt structure.
fn temporal(t: &Temporal, v5: bool) -> Pack {
    use crate::temporal::{epoch_days, local_nanos, time_nanos, Zone};
    let split = |nanos: i128| -> (Pack, Pack) {
        let second = 1_000_000_000i128;
        (
            Pack::Int(i64::try_from(nanos.div_euclid(second)).unwrap_or(i64::MAX)),
            Pack::Int(nanos.rem_euclid(second) as i64),
        )
    };
    match t {
        Temporal::Date(d) => Pack::Struct(DATE, vec![Pack::Int(epoch_days(*d))]),
        Temporal::LocalTime(t) => Pack::Struct(LOCAL_TIME, vec![Pack::Int(time_nanos(*t))]),
        Temporal::Time(t, o) => Pack::Struct(
            TIME,
            vec![Pack::Int(time_nanos(*t)), Pack::Int(i64::from(o.seconds()))],
        ),
        Temporal::LocalDateTime(dt) => {
            let (s, n) = split(local_nanos(*dt));
            Pack::Struct(LOCAL_DATE_TIME, vec![s, n])
        }
        Temporal::DateTime(z) => {
            let (s, n) = split(if v5 {
                z.epoch_nanos()
            } else {
                local_nanos(z.local)
            });
            match &z.zone {
                Zone::Named(_) => Pack::Struct(
                    if v5 {
                        DATE_TIME_ZONE_ID
                    } else {
                        LEGACY_DATE_TIME_ZONE_ID
                    },
                    vec![s, n, Pack::String(z.zone.name())],
                ),
                Zone::Offset(o) => Pack::Struct(
                    if v5 { DATE_TIME } else { LEGACY_DATE_TIME },
                    vec![s, n, Pack::Int(i64::from(o.seconds()))],
                ),
            }
        }
        Temporal::Duration(d) => Pack::Struct(
            DURATION,
            vec![
                Pack::Int(d.months),
                Pack::Int(d.days),
                Pack::Int(d.seconds),
                Pack::Int(i64::from(d.nanos)),
            ],
        ),
    }
}

/// A temporal value from its Bolt structure; None for a tag that is not a temporal one.
fn temporal_from(tag: u8, fields: &[Pack]) -> Result<Option<Temporal>, String> {
    use crate::temporal::{
        date_from_epoch_days, local_from_nanos, time_from_nanos, Duration, Zone, ZonedDateTime,
    };
    let int = |i: usize| -> Result<i64, String> {
        match fields.get(i) {
            Some(Pack::Int(v)) => Ok(*v),
            _ => Err(format!(
                "expected an integer as field {} of the temporal structure 0x{tag:02X}",
                i + 1
            )),
        }
    };
    let offset = |secs: i64| -> Result<jiff::tz::Offset, String> {
        i32::try_from(secs)
            .ok()
            .and_then(|s| jiff::tz::Offset::from_seconds(s).ok())
            .ok_or_else(|| format!("expected an offset within a day, found {secs} seconds"))
    };
    let zone = |i: usize| -> Result<Zone, String> {
        match fields.get(i) {
            Some(Pack::String(name)) => jiff::tz::TimeZone::get(name)
                .map(Zone::Named)
                .map_err(|_| format!("expected a time zone of the tz database, found '{name}'")),
            _ => Err("expected a zone name as the third field of a date-time".to_string()),
        }
    };
    let nanos = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
    let instant = |s: i64, n: i64| -> Result<jiff::Timestamp, String> {
        jiff::Timestamp::from_nanosecond(nanos(s, n)).map_err(|_| crate::temporal::out_of_range())
    };
    Ok(Some(match tag {
        DATE => Temporal::Date(date_from_epoch_days(int(0)?)?),
        LOCAL_TIME => Temporal::LocalTime(time_from_nanos(int(0)?)),
        TIME => Temporal::Time(time_from_nanos(int(0)?), offset(int(1)?)?),
        LOCAL_DATE_TIME => Temporal::LocalDateTime(local_from_nanos(nanos(int(0)?, int(1)?))?),
        DATE_TIME => {
            let o = offset(int(2)?)?;
            Temporal::DateTime(ZonedDateTime::from_instant(
                instant(int(0)?, int(1)?)?,
                Zone::Offset(o),
            ))
        }
        DATE_TIME_ZONE_ID => Temporal::DateTime(ZonedDateTime::from_instant(
            instant(int(0)?, int(1)?)?,
            zone(2)?,
        )),
        LEGACY_DATE_TIME => Temporal::DateTime(ZonedDateTime::from_local(
            local_from_nanos(nanos(int(0)?, int(1)?))?,
            Zone::Offset(offset(int(2)?)?),
        )?),
        LEGACY_DATE_TIME_ZONE_ID => Temporal::DateTime(ZonedDateTime::from_local(
            local_from_nanos(nanos(int(0)?, int(1)?))?,
            zone(2)?,
        )?),
        DURATION => Temporal::Duration(Duration::new(int(0)?, int(1)?, int(2)?, int(3)?)?),
        _ => return Ok(None),
    }))
}

/// The structure tags of graph values.
const NODE: u8 = 0x4E;
const RELATIONSHIP: u8 = 0x52;
const UNBOUND_RELATIONSHIP: u8 = 0x72;
const PATH: u8 = 0x50;

/// A result value as PackStream: nodes, relationships and paths as Bolt structures (with
/// element ids from 5.0 on, `v5`), read from `graph`. The one place that lists `Value`'s
/// variants for Bolt: a new variant is added here.
pub fn from_value(value: &Value, graph: &Graph, v5: bool) -> Pack {
    match value {
        Value::Null => Pack::Null,
        Value::Bool(b) => Pack::Bool(*b),
        Value::Int(i) => Pack::Int(*i),
        Value::Float(f) => Pack::Float(*f),
        Value::String(s) => Pack::String(s.to_string()),
        Value::List(items) => Pack::List(items.iter().map(|v| from_value(v, graph, v5)).collect()),
        Value::Map(map) => Pack::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), from_value(v, graph, v5)))
                .collect(),
        ),
        Value::Temporal(t) => temporal(t, v5),
        Value::Point(p) => point(p),
        Value::Node(id) => node(*id, graph, v5),
        Value::Rel(id) => relationship(*id, graph, v5),
        Value::Path(path) => {
            let nodes: Vec<Pack> = path.nodes.iter().map(|n| node(*n, graph, v5)).collect();
            // Each relationship once, in the path's order; the indices walk the path: for each
            // hop, the relationship (1-based, negative when walked against its direction) and
            // the node reached.
            let mut rels = Vec::new();
            let mut indices = Vec::new();
            for (i, r) in path.rels.iter().enumerate() {
                rels.push(unbound(*r, graph, v5));
                let from = path.nodes.get(i).copied();
                let forward = graph
                    .endpoints(*r)
                    .map(|(s, _)| Some(s) == from)
                    .unwrap_or(true);
                let index = i as i64 + 1;
                indices.push(Pack::Int(if forward { index } else { -index }));
                indices.push(Pack::Int(i as i64 + 1));
            }
            Pack::Struct(
                PATH,
                vec![Pack::List(nodes), Pack::List(rels), Pack::List(indices)],
            )
        }
        // A virtual node or relationship is a structure as a graph's is, with its negative
        // id, and as element id that id's text, as Neo4j gives them.
        Value::VirtualNode(n) => virtual_node(n, graph, v5),
        Value::VirtualRel(r) => {
            let mut fields = vec![
                Pack::Int(r.id),
                Pack::Int(r.start.id),
                Pack::Int(r.end.id),
                Pack::String(r.rel_type.to_string()),
                virtual_props(&r.props, graph, v5),
            ];
            if v5 {
                fields.push(Pack::String(r.id.to_string()));
                fields.push(Pack::String(r.start.id.to_string()));
                fields.push(Pack::String(r.end.id.to_string()));
            }
            Pack::Struct(RELATIONSHIP, fields)
        }
    }
}

fn virtual_props(
    props: &std::collections::BTreeMap<String, Value>,
    graph: &Graph,
    v5: bool,
) -> Pack {
    Pack::Map(
        props
            .iter()
            .map(|(k, v)| (k.clone(), from_value(v, graph, v5)))
            .collect(),
    )
}

fn virtual_node(n: &crate::graph::VirtualNode, graph: &Graph, v5: bool) -> Pack {
    let mut fields = vec![
        Pack::Int(n.id),
        Pack::List(n.labels.iter().map(|l| Pack::str(l)).collect()),
        virtual_props(&n.props, graph, v5),
    ];
    if v5 {
        fields.push(Pack::String(n.id.to_string()));
    }
    Pack::Struct(NODE, fields)
}

fn props(pairs: &[(crate::graph::Sym, Value)], graph: &Graph, v5: bool) -> Pack {
    Pack::Map(
        pairs
            .iter()
            .map(|(k, v)| (graph.name(*k).to_string(), from_value(v, graph, v5)))
            .collect(),
    )
}

fn node(id: crate::NodeId, graph: &Graph, v5: bool) -> Pack {
    let (labels, properties) = match graph.node(id) {
        Some(n) => (
            n.labels.iter().map(|l| Pack::str(graph.name(*l))).collect(),
            props(&n.props, graph, v5),
        ),
        None => (Vec::new(), Pack::Map(Vec::new())),
    };
    let mut fields = vec![Pack::Int(id.0 as i64), Pack::List(labels), properties];
    if v5 {
        fields.push(Pack::String(id.0.to_string()));
    }
    Pack::Struct(NODE, fields)
}

fn relationship(id: crate::RelId, graph: &Graph, v5: bool) -> Pack {
    let (ty, properties) = match graph.rel(id) {
        Some(r) => (graph.name(r.ty).to_string(), props(&r.props, graph, v5)),
        None => (String::new(), Pack::Map(Vec::new())),
    };
    let (start, end) = graph.endpoints(id).map_or((0, 0), |(s, e)| (s.0, e.0));
    let mut fields = vec![
        Pack::Int(id.0 as i64),
        Pack::Int(start as i64),
        Pack::Int(end as i64),
        Pack::String(ty),
        properties,
    ];
    if v5 {
        fields.push(Pack::String(id.0.to_string()));
        fields.push(Pack::String(start.to_string()));
        fields.push(Pack::String(end.to_string()));
    }
    Pack::Struct(RELATIONSHIP, fields)
}

fn unbound(id: crate::RelId, graph: &Graph, v5: bool) -> Pack {
    let (ty, properties) = match graph.rel(id) {
        Some(r) => (graph.name(r.ty).to_string(), props(&r.props, graph, v5)),
        None => (String::new(), Pack::Map(Vec::new())),
    };
    let mut fields = vec![Pack::Int(id.0 as i64), Pack::String(ty), properties];
    if v5 {
        fields.push(Pack::String(id.0.to_string()));
    }
    Pack::Struct(UNBOUND_RELATIONSHIP, fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(p: Pack) {
        let mut out = Vec::new();
        encode(&p, &mut out);
        assert_eq!(decode_all(&out), Ok(p));
    }

    #[test]
    fn values_round_trip() {
        for i in [
            0,
            1,
            -1,
            -16,
            -17,
            127,
            128,
            -128,
            -129,
            32767,
            32768,
            i32::MAX as i64 + 1,
            i64::MIN,
            i64::MAX,
        ] {
            round(Pack::Int(i));
        }
        round(Pack::Float(1.5));
        round(Pack::str(""));
        round(Pack::str(&"x".repeat(300)));
        round(Pack::List((0..20).map(Pack::Int).collect()));
        round(Pack::map([("a", Pack::Null), ("b", Pack::Bool(true))]));
        round(Pack::Struct(
            0x4E,
            vec![Pack::Int(1), Pack::List(vec![]), Pack::Map(vec![])],
        ));
        round(Pack::Bytes(vec![1, 2, 3]));
    }

    #[test]
    fn known_encodings() {
        let enc = |p: Pack| {
            let mut out = Vec::new();
            encode(&p, &mut out);
            out
        };
        assert_eq!(enc(Pack::Int(-16)), [0xF0]);
        assert_eq!(enc(Pack::Int(-17)), [0xC8, 0xEF]);
        assert_eq!(enc(Pack::str("a")), [0x81, b'a']);
        assert_eq!(
            enc(Pack::map([("a", Pack::Int(1))])),
            [0xA1, 0x81, b'a', 0x01]
        );
    }

    proptest::proptest! {
        /// Any bytes decode to a value or an error, never a panic; what decodes encodes to
        /// bytes that decode again.
        #[test]
        fn any_bytes_decode_without_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            if let Ok(value) = decode_all(&bytes) {
                let mut out = Vec::new();
                encode(&value, &mut out);
                proptest::prop_assert!(decode_all(&out).is_ok());
            }
        }

        /// Bytes that start like a message (a structure marker) go deeper into the decoder.
        #[test]
        fn messages_of_any_bytes_decode_without_panic(
            tag in proptest::prelude::any::<u8>(),
            rest in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let mut bytes = vec![0xB3, tag];
            bytes.extend(rest);
            let _ = decode_all(&bytes);
        }
    }

    #[test]
    fn hostile_bytes_are_errors() {
        // A list claiming four billion items, a string past the end, a map key that is not a
        // string, nesting past the limit, a marker that is none, trailing bytes.
        assert!(decode_all(&[0xD6, 0xFF, 0xFF, 0xFF, 0xFF]).is_err());
        assert!(decode_all(&[0xD2, 0xFF, 0xFF, 0xFF, 0xFF, b'a']).is_err());
        assert!(decode_all(&[0xA1, 0x01, 0x01]).is_err());
        assert!(decode_all(&vec![0x91; 100_000]).is_err());
        assert!(decode_all(&[0xE0]).is_err());
        assert!(decode_all(&[0x01, 0x02]).is_err());
        assert!(decode_all(&[0x81, 0xFF]).is_err());
        assert!(decode_all(&[]).is_err());
        assert!(decode_all(&vec![0xBF; 1000]).is_err());
        // Every prefix of a valid message is refused, never a panic.
        let mut out = Vec::new();
        encode(
            &Pack::map([
                ("statement", Pack::str("RETURN 1")),
                ("n", Pack::Int(70000)),
            ]),
            &mut out,
        );
        for i in 0..out.len() {
            assert!(decode_all(&out[..i]).is_err());
        }
    }
}
