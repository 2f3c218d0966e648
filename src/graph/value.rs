//! Values: what properties hold and what expressions compute. Graph entities appear here only
//! as ids; the store resolves them.

use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::temporal::Temporal;

/// A node's id: stable for the node's life, never renumbered when others are deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct NodeId(pub u32);

/// A relationship's id: stable for the relationship's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct RelId(pub u32);

/// A path: `nodes.len() == rels.len() + 1`; `rels[i]` joins `nodes[i]` and `nodes[i + 1]`
/// (in either direction).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path {
    pub nodes: Vec<NodeId>,
    pub rels: Vec<RelId>,
}

/// A virtual node: one that a procedure makes up to describe the graph (`db.schema.visualization`
/// makes one per label) and that is not in it. Its id is negative, so that it is never taken for
/// a node of the graph; its labels and properties are its own, read without the store.
#[derive(Clone, Debug, PartialEq)]
pub struct VirtualNode {
    pub id: i64,
    pub labels: Vec<Arc<str>>,
    pub props: BTreeMap<String, Value>,
}

/// A virtual relationship between two virtual nodes, with a negative id of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct VirtualRel {
    pub id: i64,
    pub rel_type: Arc<str>,
    pub start: Arc<VirtualNode>,
    pub end: Arc<VirtualNode>,
    pub props: BTreeMap<String, Value>,
}

impl VirtualNode {
    /// How messages name it: `virtual node -1 (:Actor)`.
    pub fn describe(&self) -> String {
        let mut s = format!("virtual node {}", self.id);
        if !self.labels.is_empty() {
            s.push_str(" (");
            for l in &self.labels {
                s.push(':');
                s.push_str(l);
            }
            s.push(')');
        }
        s
    }
}

impl VirtualRel {
    /// How messages name it: `virtual relationship -1 [:ACCUSES]`.
    pub fn describe(&self) -> String {
        format!("virtual relationship {} [:{}]", self.id, self.rel_type)
    }
}

/// A value. Property values are scalars, temporal values and lists of them (never `Map`,
/// `Node`, `Rel` or `Path`, and never `Null` inside a stored property: a property set to null
/// is removed).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Arc<str>),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    /// A date, time, datetime or duration (shared: values are copied often).
    Temporal(Arc<Temporal>),
    /// A 2D or 3D point (shared, as temporal values are).
    Point(Arc<crate::spatial::Point>),
    Node(NodeId),
    Rel(RelId),
    Path(Box<Path>),
    /// A node that is not in the graph (see `VirtualNode`): Cypher's functions on nodes read
    /// it, anything that needs a node of the graph refuses it.
    VirtualNode(Arc<VirtualNode>),
    /// A relationship that is not in the graph, between two virtual nodes.
    VirtualRel(Arc<VirtualRel>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::String(Arc::from(s))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The name of the value's type as Cypher calls it, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Bool(_) => "Boolean",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::String(_) => "String",
            Value::List(_) => "List",
            Value::Map(_) => "Map",
            Value::Temporal(t) => t.kind().name(),
            Value::Point(_) => "Point",
            Value::Node(_) | Value::VirtualNode(_) => "Node",
            Value::Rel(_) | Value::VirtualRel(_) => "Relationship",
            Value::Path(_) => "Path",
        }
    }

    /// The value's virtual entity, described for a message, when it is one.
    pub fn virtual_entity(&self) -> Option<String> {
        match self {
            Value::VirtualNode(n) => Some(n.describe()),
            Value::VirtualRel(r) => Some(r.describe()),
            _ => None,
        }
    }

    /// True for values that may be stored as a property: scalars and lists of scalars.
    pub fn is_storable(&self) -> bool {
        match self {
            Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::Temporal(_)
            | Value::Point(_) => true,
            Value::List(items) => items.iter().all(|v| {
                matches!(
                    v,
                    Value::Bool(_)
                        | Value::Int(_)
                        | Value::Float(_)
                        | Value::String(_)
                        | Value::Temporal(_)
                        | Value::Point(_)
                )
            }),
            _ => false,
        }
    }
}

/// A float as Java's `Double.toString` writes it, and so Cypher: always a decimal point or an
/// exponent; plain notation for magnitudes in [10⁻³, 10⁷), otherwise `1.5E20`-style; `NaN`,
/// `Infinity`, `-Infinity`. Digits are the shortest that read back to the same float.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    if (1e-3..1e7).contains(&f.abs()) {
        let mut s = format!("{f}");
        if !s.contains('.') {
            s.push_str(".0");
        }
        s
    } else {
        let s = format!("{f:e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        if mantissa.contains('.') {
            format!("{mantissa}E{exponent}")
        } else {
            format!("{mantissa}.0E{exponent}")
        }
    }
}

impl From<crate::spatial::Point> for Value {
    fn from(p: crate::spatial::Point) -> Value {
        Value::Point(Arc::new(p))
    }
}

impl From<Temporal> for Value {
    fn from(t: Temporal) -> Value {
        Value::Temporal(Arc::new(t))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(Arc::from(s))
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Float(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}
