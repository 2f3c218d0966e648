//! Loading data files into the graph: Cypher scripts (through `Database`) and node-link JSON.
//! A load is all or nothing: on any error the graph is left as it was.

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::exec::update::Stats;
use crate::graph::{Graph, NodeId, Value};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

fn load_error(origin: &str, message: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Load, format!("{origin}: {message}"))
}

/// A JSON value as a property value: scalars, and lists of scalars. Objects and nested lists
/// are kept as their JSON text.
fn json_property(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::str(s),
        Json::Array(items) => {
            let values: Vec<Value> = items.iter().map(json_property).collect();
            if values
                .iter()
                .all(|v| v.is_storable() && !matches!(v, Value::List(_)))
            {
                Value::List(values)
            } else {
                Value::from(v.to_string())
            }
        }
        Json::Object(_) => Value::from(v.to_string()),
    }
}

/// Properties of a node or link object: its `properties` object, or else every key that is not
/// one of the structural ones (the NetworkX convention of flat attributes).
fn properties(obj: &serde_json::Map<String, Json>, structural: &[&str]) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    match obj.get("properties") {
        Some(Json::Object(props)) => {
            for (k, v) in props {
                out.insert(k.clone(), json_property(v));
            }
        }
        _ => {
            for (k, v) in obj {
                if !structural.contains(&k.as_str()) {
                    out.insert(k.clone(), json_property(v));
                }
            }
        }
    }
    out
}

/// A property type that node-link JSON has no type for, named in the document's
/// `relq_temporal` object.
#[derive(Clone, Copy)]
enum Typed {
    /// ISO 8601 text.
    Temporal(crate::temporal::Kind),
    /// A GeoJSON point object with its CRS (`{"type": "Point", "coordinates": [x, y], "crs":
    /// {"srid": 4326, ...}}`), as relq writes it.
    Point,
}

/// A GeoJSON point as relq writes it, from its JSON text.
fn geojson_point(text: &str) -> std::result::Result<Value, String> {
    let doc: Json = serde_json::from_str(text).map_err(|_| "not a JSON object".to_string())?;
    let srid = doc
        .get("crs")
        .and_then(|c| c.get("srid"))
        .and_then(Json::as_i64)
        .ok_or("no \"crs\" with an \"srid\"")?;
    let crs = crate::spatial::Crs::from_srid(srid).ok_or(format!("unknown srid {srid}"))?;
    let coords = doc
        .get("coordinates")
        .and_then(Json::as_array)
        .ok_or("no \"coordinates\"")?
        .iter()
        .map(|c| c.as_f64().ok_or("a coordinate that is not a number"))
        .collect::<std::result::Result<Vec<f64>, _>>()?;
    crate::spatial::Point::new(crs, &coords).map(Value::from)
}

/// Properties named in the document's `relq_temporal` read as the temporal values their ISO
/// text stands for, or as the points their GeoJSON objects are.
fn typed(
    mut props: BTreeMap<String, Value>,
    kinds: &HashMap<String, Typed>,
    origin: &str,
    what: &str,
) -> Result<BTreeMap<String, Value>> {
    for (k, v) in props.iter_mut() {
        let Some(&typed) = kinds.get(k) else { continue };
        // A point's object is kept as its JSON text by `json_property`, as a temporal value's
        // ISO text is a string: both are read from that text.
        let read = |v: &Value| -> Result<Value> {
            let Value::String(s) = v else {
                return Ok(v.clone());
            };
            let value = match typed {
                Typed::Point => geojson_point(s).map_err(|e| format!("not a point: {e}")),
                Typed::Temporal(kind) => crate::temporal::parse_temporal(kind, s)
                    .map(Value::from)
                    .map_err(|e| format!("'{s}' is not a {}: {e}", kind.name())),
            };
            value.map_err(|e| load_error(origin, format_args!("{what}: property `{k}`: {e}")))
        };
        let new = match &*v {
            Value::List(items) => Value::List(items.iter().map(read).collect::<Result<_>>()?),
            other => read(other)?,
        };
        *v = new;
    }
    Ok(props)
}

fn id_key(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(format!("s:{s}")),
        Json::Number(n) => Some(format!("n:{n}")),
        _ => None,
    }
}

/// The text an id is matched by across loads: a string as it is, an integer in decimal (as a
/// CSV file writes it), so that `"id": 12`, `"id": "12"` and `id:ID` 12 are one node.
fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.to_string()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// Load a node-link JSON document (`{"nodes": [...], "links": [...]}`, the D3 / NetworkX
/// convention). Nodes: `id`, `labels` (a list, or a string with `;` or `:` between labels),
/// and `properties` or flat attributes. Links: `source`, `target`, `type`, and `properties` or
/// flat attributes (`key` and `id` are ignored). A UTF-8 byte order mark before the document
/// is skipped, as in CSV files.
///
/// A node's `id` is its key, kept as its `id` property (unless it has an `id` property of its
/// own), as `id:ID` keeps a CSV file's ids: a node whose `id` property is that of a node the
/// graph had before the load is that node (its labels and properties are added to it), and a
/// link may name such a node as its `source` or `target` without the document listing it. A
/// document relq wrote (`"graph": {"relq_ids": "element"}`) holds the element ids of the graph
/// it came from, which mean nothing elsewhere: they join links to nodes within the document
/// and are not kept, so that the graph loads back as it was.
pub fn load_node_link(graph: &mut Graph, text: &str, origin: &str) -> Result<Stats> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Json = serde_json::from_str(text).map_err(|e| {
        load_error(
            origin,
            format_args!("{}:{}: invalid JSON: {e}", e.line(), e.column()),
        )
    })?;
    let obj = doc.as_object().ok_or_else(|| {
        load_error(
            origin,
            "expected a JSON object with \"nodes\" and \"links\"",
        )
    })?;
    let nodes = match obj.get("nodes") {
        Some(Json::Array(n)) => n.as_slice(),
        None => &[],
        Some(_) => return Err(load_error(origin, "\"nodes\" must be a list")),
    };
    let links = match obj.get("links").or_else(|| obj.get("edges")) {
        Some(Json::Array(l)) => l.as_slice(),
        None => &[],
        Some(_) => return Err(load_error(origin, "\"links\" must be a list")),
    };
    let temporal = |part: &str| -> Result<HashMap<String, Typed>> {
        use crate::temporal::Kind as T;
        let Some(keys) = obj
            .get("graph")
            .and_then(|g| g.get("relq_temporal"))
            .and_then(|t| t.get(part))
            .and_then(Json::as_object)
        else {
            return Ok(HashMap::new());
        };
        let mut out = HashMap::new();
        for (k, v) in keys {
            let kind = match v.as_str() {
                Some("date") => T::Date,
                Some("localtime") => T::LocalTime,
                Some("time") => T::Time,
                Some("localdatetime") => T::LocalDateTime,
                Some("datetime") => T::DateTime,
                Some("duration") => T::Duration,
                Some("point") => {
                    out.insert(k.clone(), Typed::Point);
                    continue;
                }
                _ => {
                    return Err(load_error(
                        origin,
                        format_args!("graph.relq_temporal.{part}.{k}: {v} is not a temporal type"),
                    ))
                }
            };
            out.insert(k.clone(), Typed::Temporal(kind));
        }
        Ok(out)
    };
    let (node_temporal, link_temporal) = (temporal("nodes")?, temporal("links")?);
    let element_ids = match obj.get("graph").and_then(|g| g.get("relq_ids")) {
        None => false,
        Some(Json::String(k)) if k == "element" => true,
        Some(v) => {
            return Err(load_error(
                origin,
                format_args!("graph.relq_ids: {v} is not \"element\""),
            ))
        }
    };
    // The nodes the graph has, by their `id` property (the first of several with one id).
    let id_sym = graph.intern("id");
    let mut before: HashMap<String, NodeId> = HashMap::new();
    for node in graph.nodes() {
        if let Some(key) = graph.node_prop(node, id_sym).and_then(|v| key_text(&v)) {
            before.entry(key).or_insert(node);
        }
    }
    let mut matched: std::collections::HashSet<NodeId> = std::collections::HashSet::new();
    graph.begin();
    let result = (|| -> Result<Stats> {
        let mut stats = Stats::default();
        let mut ids: HashMap<String, NodeId> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            let n = n
                .as_object()
                .ok_or_else(|| load_error(origin, format_args!("node {i}: expected an object")))?;
            let key = n.get("id").and_then(id_key).ok_or_else(|| {
                load_error(
                    origin,
                    format_args!("node {i}: missing \"id\" (a string or number)"),
                )
            })?;
            let labels: Vec<String> = match n.get("labels").or_else(|| n.get("label")) {
                Some(Json::Array(ls)) => ls
                    .iter()
                    .filter_map(|l| l.as_str().map(str::to_string))
                    .collect(),
                Some(Json::String(s)) => s
                    .split([';', ':'])
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                None => vec![],
                Some(_) => {
                    return Err(load_error(
                        origin,
                        format_args!("node {i}: \"labels\" must be a list of strings"),
                    ))
                }
            };
            let mut props = typed(
                properties(n, &["id", "labels", "label"]),
                &node_temporal,
                origin,
                &format!("node {i}"),
            )?;
            if !element_ids && !props.contains_key("id") {
                props.insert("id".to_string(), json_property(&n["id"]));
            }
            if ids.contains_key(&key) {
                return Err(load_error(
                    origin,
                    format_args!("node {i}: duplicate id {}", n["id"]),
                ));
            }
            let labels: Vec<_> = labels.iter().map(|l| graph.intern(l)).collect();
            let props: Vec<_> = props
                .into_iter()
                .map(|(k, v)| (graph.intern(&k), v))
                .collect();
            let full = |_| load_error(origin, "the graph is full");
            let same = props
                .iter()
                .find(|(k, _)| *k == id_sym)
                .and_then(|(_, v)| key_text(v))
                .and_then(|k| Some((before.get(&k).copied()?, k)));
            let id = match same {
                Some((node, text)) => {
                    if !matched.insert(node) {
                        return Err(load_error(
                            origin,
                            format_args!(
                                "node {i}: duplicate id: an earlier node of this document has the `id` property `{text}` too"
                            ),
                        ));
                    }
                    for l in labels {
                        if !graph.has_label(node, l) {
                            graph.add_label(node, l).map_err(full)?;
                        }
                    }
                    // Its `id` stays as the graph has it (`12` where the document says "12").
                    for (k, v) in props.into_iter().filter(|(k, _)| *k != id_sym) {
                        graph.set_node_prop(node, k, v).map_err(full)?;
                    }
                    node
                }
                None => {
                    stats.nodes_created += 1;
                    graph.create_node(labels, props).map_err(full)?
                }
            };
            ids.insert(key, id);
        }
        for (i, l) in links.iter().enumerate() {
            let l = l
                .as_object()
                .ok_or_else(|| load_error(origin, format_args!("link {i}: expected an object")))?;
            let end = |field: &str| -> Result<NodeId> {
                let v = l.get(field).ok_or_else(|| {
                    load_error(origin, format_args!("link {i}: missing \"{field}\""))
                })?;
                let known = id_key(v).and_then(|k| ids.get(&k).copied());
                let earlier = || {
                    if element_ids {
                        return None;
                    }
                    key_text(&json_property(v)).and_then(|k| before.get(&k).copied())
                };
                known.or_else(earlier).ok_or_else(|| {
                    let place = if element_ids {
                        "of a node of this document"
                    } else {
                        "of a node of this document or of the graph"
                    };
                    load_error(
                        origin,
                        format_args!("link {i}: \"{field}\" {v} is not the id {place}"),
                    )
                })
            };
            let (start, target) = (end("source")?, end("target")?);
            let ty = match l.get("type").or_else(|| l.get("label")) {
                Some(Json::String(t)) if !t.is_empty() => t.clone(),
                _ => {
                    return Err(load_error(
                        origin,
                        format_args!("link {i}: missing \"type\" (a non-empty string)"),
                    ))
                }
            };
            let props = typed(
                properties(l, &["source", "target", "type", "label", "key", "id"]),
                &link_temporal,
                origin,
                &format!("link {i}"),
            )?;
            let ty = graph.intern(&ty);
            let props = props
                .into_iter()
                .map(|(k, v)| (graph.intern(&k), v))
                .collect();
            graph
                .create_rel(start, target, ty, props)
                .map_err(|_| load_error(origin, "the graph is full"))?;
            stats.rels_created += 1;
        }
        Ok(stats)
    })();
    // What the document adds must keep the graph's constraints.
    let result = result.and_then(|stats| {
        crate::exec::schema::check(graph)
            .map(|()| stats)
            .map_err(|e| e.with_help("nothing was loaded"))
    });
    match result {
        Ok(s) => {
            graph.commit();
            Ok(s)
        }
        Err(e) => {
            graph.rollback();
            Err(e)
        }
    }
}
