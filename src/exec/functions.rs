//! Scalar functions: the implementation of each function of the catalogue (`ir::function`) on
//! evaluated arguments, dispatched on the function's id.
//!
//! Functions read the graph only to resolve nodes and relationships; nothing here prints or
//! parses Cypher.

use super::temporal_fns::{self as temporal, BetweenUnit, Kind};
use crate::diagnostic::{Error, ErrorKind, Result};
use crate::exec::ops::{equals, format_float};
use crate::exec::{budget, Ctx};
use crate::graph::{Graph, NodeData, NodeId, RelData, RelId, Value};
use crate::ir::Function;
use crate::syntax::ast::NormalForm;
use std::cell::Cell;
use std::cmp::Ordering;
use unicode_normalization::{is_nfc, is_nfd, is_nfkc, is_nfkd, UnicodeNormalization};

/// How many steps a function's loop takes between two checks for cancellation.
const CHECK_EVERY: usize = 1024;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn type_err(fname: Function, expected: &str, got: &Value) -> Error {
    Error::type_error(format!(
        "{}() expects {expected}, got {}",
        fname.name(),
        got.type_name()
    ))
}

fn arg_err(fname: Function, message: impl std::fmt::Display) -> Error {
    Error::argument(format!("{}() {message}", fname.name()))
}

/// `point({...})`: a point from a map (see `spatial::Point::from_map`); null for null, or when
/// a coordinate is null.
fn make_point(v: &Value) -> Result<Value> {
    use crate::spatial::{MapValue, Point};
    let map = match v {
        Value::Null => return Ok(Value::Null),
        Value::Map(m) => m,
        other => return Err(type_err(Function::Point, "a map", other)),
    };
    let entries = map.iter().map(|(k, v)| {
        let value = match v {
            Value::Int(i) => MapValue::Number(*i as f64),
            Value::Float(f) => MapValue::Number(*f),
            Value::String(s) => MapValue::Text(s),
            Value::Null => MapValue::Null,
            other => MapValue::Other(other.type_name()),
        };
        (k.as_str(), value)
    });
    match Point::from_map(entries) {
        Ok(p) => Ok(p.map_or(Value::Null, Value::from)),
        Err(why) => Err(Error::argument(why)),
    }
}

/// A point argument: None for null.
fn point_arg(f: Function, v: &Value) -> Result<Option<&crate::spatial::Point>> {
    match v {
        Value::Null => Ok(None),
        Value::Point(p) => Ok(Some(p)),
        other => Err(type_err(f, "a Point", other)),
    }
}

/// `vector.similarity.cosine` and `vector.similarity.euclidean` as Neo4j's vector indexes
/// compute them, in 32-bit floats: `(1 + cos) / 2` and `1 / (1 + d²)`, each between 0 and 1.
/// A null argument, or a vector the measure cannot take (a coordinate that is not finite as
/// a 32-bit float; for the cosine, a vector of length 0), gives null.
fn vector_similarity(f: Function, a: &Value, b: &Value) -> Result<Value> {
    let vector = |v: &Value| -> Result<Option<Vec<f32>>> {
        let Value::List(items) = v else {
            return match v {
                Value::Null => Ok(None),
                other => Err(type_err(f, "a list of numbers", other)),
            };
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            out.push(match item {
                Value::Int(i) => *i as f32,
                Value::Float(x) => *x as f32,
                other => {
                    return Err(type_err(f, "a list of numbers, with no other item", other));
                }
            });
        }
        Ok(Some(out))
    };
    let (Some(x), Some(y)) = (vector(a)?, vector(b)?) else {
        return Ok(Value::Null);
    };
    if x.len() != y.len() {
        return Err(arg_err(
            f,
            format!(
                "needs two vectors of the same dimension, got {} and {}",
                x.len(),
                y.len()
            ),
        ));
    }
    if x.is_empty() {
        return Err(arg_err(f, "needs vectors of at least one dimension"));
    }
    if !x.iter().chain(y.iter()).all(|c| c.is_finite()) {
        return Ok(Value::Null);
    }
    let score = if f == Function::VectorCosine {
        let (mut dot, mut nx, mut ny) = (0f32, 0f32, 0f32);
        for (p, q) in x.iter().zip(&y) {
            dot += p * q;
            nx += p * p;
            ny += q * q;
        }
        if nx <= 0.0 || ny <= 0.0 || !nx.is_finite() || !ny.is_finite() {
            return Ok(Value::Null);
        }
        let cos = (f64::from(dot) / (f64::from(nx) * f64::from(ny)).sqrt()) as f32;
        (1.0 + cos.clamp(-1.0, 1.0)) / 2.0
    } else {
        let mut d = 0f32;
        for (p, q) in x.iter().zip(&y) {
            let diff = p - q;
            d += diff * diff;
        }
        1.0 / (1.0 + d)
    };
    Ok(Value::Float(f64::from(score)))
}

fn node_gone(id: NodeId) -> Error {
    Error::new(
        ErrorKind::EntityNotFound,
        format!("node {} has been deleted", id.0),
    )
}

fn rel_gone(id: RelId) -> Error {
    Error::new(
        ErrorKind::EntityNotFound,
        format!("relationship {} has been deleted", id.0),
    )
}

fn node_data(graph: &Graph, id: NodeId) -> Result<NodeData> {
    graph.node(id).ok_or_else(|| node_gone(id))
}

fn rel_data(graph: &Graph, id: RelId) -> Result<RelData> {
    graph.rel(id).ok_or_else(|| rel_gone(id))
}

/// `keys()` or `properties()` of a virtual node or relationship.
fn virtual_props(f: Function, props: &std::collections::BTreeMap<String, Value>) -> Value {
    if f == Function::Keys {
        string_list(props.keys().cloned())
    } else {
        Value::Map(props.clone())
    }
}

fn string_list(items: impl IntoIterator<Item = String>) -> Value {
    Value::List(items.into_iter().map(Value::from).collect())
}

/// A numeric argument as a float; None for null.
fn float_arg(fname: Function, v: &Value) -> Result<Option<f64>> {
    match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i as f64)),
        Value::Float(f) => Ok(Some(*f)),
        other => Err(type_err(fname, "a number", other)),
    }
}

/// An integer argument; None for null.
fn int_arg(fname: Function, v: &Value) -> Result<Option<i64>> {
    match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        other => Err(type_err(fname, "an Integer", other)),
    }
}

/// A string argument; None for null.
fn str_arg(fname: Function, v: &Value) -> Result<Option<&str>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(type_err(fname, "a String", other)),
    }
}

/// A non-negative length or position argument as a count of characters.
fn count_arg(fname: Function, what: &str, v: i64) -> Result<usize> {
    if v < 0 {
        return Err(arg_err(
            fname,
            format_args!("expects a non-negative {what}, got {v}"),
        ));
    }
    Ok(usize::try_from(v).unwrap_or(usize::MAX))
}

fn float_fn(fname: Function, args: &[Value], f: impl Fn(f64) -> f64) -> Result<Value> {
    Ok(match float_arg(fname, &args[0])? {
        None => Value::Null,
        Some(x) => Value::Float(f(x)),
    })
}

fn string_fn(fname: Function, args: &[Value], f: impl Fn(&str) -> String) -> Result<Value> {
    Ok(match str_arg(fname, &args[0])? {
        None => Value::Null,
        Some(s) => Value::from(f(s)),
    })
}

// ---------------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------------

/// Call the function `f` on evaluated arguments. Functions whose work grows with their
/// arguments (`range`, `replace`, `split`, the list conversions) stop when `ctx` says so.
pub fn call(f: Function, args: Vec<Value>, ctx: Ctx) -> Result<Value> {
    use Function as F;
    let graph = ctx.graph;
    let (lo, hi) = f.arity();
    if f.aggregate().is_none() && (args.len() < lo || args.len() > hi) {
        let expected = if lo == hi {
            format!("{lo} argument{}", if lo == 1 { "" } else { "s" })
        } else if hi == usize::MAX {
            format!("at least {lo} argument{}", if lo == 1 { "" } else { "s" })
        } else {
            format!("{lo} to {hi} arguments")
        };
        return Err(Error::new(
            ErrorKind::Semantic,
            format!("{}() takes {expected}, got {}", f.name(), args.len()),
        ));
    }
    let a = &args[..];
    match f {
        // ---- aggregates: the planner makes them `AggSpec`s, never calls ----
        F::Avg
        | F::Collect
        | F::Count
        | F::Max
        | F::Min
        | F::PercentileCont
        | F::PercentileDisc
        | F::StDev
        | F::StDevP
        | F::Sum => Err(Error::new(
            ErrorKind::Semantic,
            format!(
                "{}() is an aggregate function and cannot be called here",
                f.name()
            ),
        )),

        // ---- internal: SKIP's and LIMIT's count ----
        F::Skip | F::Limit => count_argument(f, a),
        F::BatchSize | F::Concurrency => match count_argument(f, a)? {
            Value::Int(0) => Err(Error::new(
                ErrorKind::Argument,
                format!("{} needs a positive integer, got 0", f.name()),
            )),
            n => Ok(n),
        },
        F::AcyclicPath | F::SimplePath => match &a[0] {
            Value::Path(p) => {
                let closed = p.nodes.len() > 1 && p.nodes.first() == p.nodes.last();
                let nodes = match f {
                    F::SimplePath if closed => &p.nodes[1..],
                    _ => &p.nodes[..],
                };
                let mut seen = foldhash::HashSet::default();
                Ok(Value::Bool(nodes.iter().all(|n| seen.insert(*n))))
            }
            Value::Null => Ok(Value::Null),
            other => Err(Error::new(
                ErrorKind::Type,
                format!("a path mode checks a path, got {}", other.type_name()),
            )),
        },
        F::IsBoundNode => match &a[0] {
            Value::Node(_) => Ok(Value::Bool(true)),
            Value::Null => Ok(Value::Bool(false)),
            Value::VirtualNode(n) => Err(super::not_in_graph(
                "a node pattern",
                "a node of the graph",
                &n.describe(),
            )),
            other => Err(Error::new(
                ErrorKind::Type,
                format!(
                    "a node pattern's variable must hold a node, got {}",
                    other.type_name()
                ),
            )),
        },
        F::IsBoundRel => match &a[0] {
            Value::Rel(_) => Ok(Value::Bool(true)),
            Value::Null => Ok(Value::Bool(false)),
            Value::VirtualRel(r) => Err(super::not_in_graph(
                "a relationship pattern",
                "a relationship of the graph",
                &r.describe(),
            )),
            other => Err(Error::new(
                ErrorKind::Type,
                format!(
                    "a relationship pattern's variable must hold a relationship, got {}",
                    other.type_name()
                ),
            )),
        },

        // ---- compiled by the planner to what the latest LOAD CSV read ----
        F::File | F::Linenumber => Err(Error::new(
            ErrorKind::Semantic,
            format!("unknown function '{}'", f.name()),
        )),

        // ---- temporal values ----
        F::Date => temporal::construct(f, Kind::Date, a),
        F::LocalTime => temporal::construct(f, Kind::LocalTime, a),
        F::Time => temporal::construct(f, Kind::Time, a),
        F::LocalDateTime => temporal::construct(f, Kind::LocalDateTime, a),
        F::DateTime => temporal::construct(f, Kind::DateTime, a),
        F::Duration => temporal::construct(f, Kind::Duration, a),
        F::DateStatement | F::DateTransaction => temporal::statement(f, Kind::Date, a),
        F::LocalTimeStatement | F::LocalTimeTransaction => {
            temporal::statement(f, Kind::LocalTime, a)
        }
        F::TimeStatement | F::TimeTransaction => temporal::statement(f, Kind::Time, a),
        F::LocalDateTimeStatement | F::LocalDateTimeTransaction => {
            temporal::statement(f, Kind::LocalDateTime, a)
        }
        F::DateTimeStatement | F::DateTimeTransaction => temporal::statement(f, Kind::DateTime, a),
        F::DateRealtime => temporal::realtime(f, Kind::Date, a),
        F::LocalTimeRealtime => temporal::realtime(f, Kind::LocalTime, a),
        F::TimeRealtime => temporal::realtime(f, Kind::Time, a),
        F::LocalDateTimeRealtime => temporal::realtime(f, Kind::LocalDateTime, a),
        F::DateTimeRealtime => temporal::realtime(f, Kind::DateTime, a),
        F::DateTruncate => temporal::truncate(f, Kind::Date, a),
        F::LocalTimeTruncate => temporal::truncate(f, Kind::LocalTime, a),
        F::TimeTruncate => temporal::truncate(f, Kind::Time, a),
        F::LocalDateTimeTruncate => temporal::truncate(f, Kind::LocalDateTime, a),
        F::DateTimeTruncate => temporal::truncate(f, Kind::DateTime, a),
        F::DurationBetween => temporal::between(f, a, BetweenUnit::All),
        F::DurationInMonths => temporal::between(f, a, BetweenUnit::Months),
        F::DurationInDays => temporal::between(f, a, BetweenUnit::Days),
        F::DurationInSeconds => temporal::between(f, a, BetweenUnit::Seconds),
        F::DateTimeFromEpoch => temporal::from_epoch(f, a, 1_000_000_000),
        F::DateTimeFromEpochMillis => temporal::from_epoch(f, a, 1_000_000),

        // ---- names and evidence ----
        F::Named => super::names::named(a, graph),
        F::Evidence => super::evidence::evidence(&a[0], ctx),

        // ---- graph entities and paths ----
        F::Id => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Node(n) => Ok(Value::Int(i64::from(n.0))),
            Value::Rel(r) => Ok(Value::Int(i64::from(r.0))),
            Value::VirtualNode(n) => Ok(Value::Int(n.id)),
            Value::VirtualRel(r) => Ok(Value::Int(r.id)),
            other => Err(type_err(f, "a Node or a Relationship", other)),
        },
        F::ElementId => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Node(n) => Ok(Value::from(n.0.to_string())),
            Value::Rel(r) => Ok(Value::from(r.0.to_string())),
            // As Neo4j gives a virtual entity's: its id's text.
            Value::VirtualNode(n) => Ok(Value::from(n.id.to_string())),
            Value::VirtualRel(r) => Ok(Value::from(r.id.to_string())),
            other => Err(type_err(f, "a Node or a Relationship", other)),
        },
        F::Labels => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Node(n) => {
                let labels = graph.node_labels(*n).ok_or_else(|| node_gone(*n))?;
                Ok(Value::List(
                    labels
                        .iter()
                        .map(|l| Value::String(graph.name_arc(*l)))
                        .collect(),
                ))
            }
            Value::VirtualNode(n) => Ok(Value::List(
                n.labels.iter().map(|l| Value::String(l.clone())).collect(),
            )),
            other => Err(type_err(f, "a Node", other)),
        },
        F::Type => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Rel(r) => {
                // A relationship deleted earlier in the statement still has its type, as in
                // Neo4j (its properties are gone).
                let ty = graph
                    .rel_type(*r)
                    .or_else(|| graph.deleted_rel_type(*r))
                    .ok_or_else(|| rel_gone(*r))?;
                Ok(Value::String(graph.name_arc(ty)))
            }
            Value::VirtualRel(r) => Ok(Value::String(r.rel_type.clone())),
            other => Err(type_err(f, "a Relationship", other)),
        },
        F::Keys | F::Properties => {
            let props = match &a[0] {
                Value::Null => return Ok(Value::Null),
                Value::Map(m) => {
                    return Ok(if f == F::Keys {
                        string_list(m.keys().cloned())
                    } else {
                        Value::Map(m.clone())
                    })
                }
                Value::Node(n) => node_data(graph, *n)?.props,
                Value::Rel(r) => rel_data(graph, *r)?.props,
                Value::VirtualNode(n) => return Ok(virtual_props(f, &n.props)),
                Value::VirtualRel(r) => return Ok(virtual_props(f, &r.props)),
                other => return Err(type_err(f, "a Node, a Relationship or a Map", other)),
            };
            Ok(if f == F::Keys {
                Value::List(
                    props
                        .iter()
                        .map(|(k, _)| Value::String(graph.name_arc(*k)))
                        .collect(),
                )
            } else {
                Value::Map(
                    props
                        .iter()
                        .map(|(k, v)| (graph.name(*k).to_string(), v.clone()))
                        .collect(),
                )
            })
        }
        F::StartNode | F::EndNode => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Rel(r) => {
                let (s, e) = graph.endpoints(*r).ok_or_else(|| rel_gone(*r))?;
                Ok(Value::Node(if f == F::StartNode { s } else { e }))
            }
            Value::VirtualRel(r) => Ok(Value::VirtualNode(if f == F::StartNode {
                r.start.clone()
            } else {
                r.end.clone()
            })),
            other => Err(type_err(f, "a Relationship", other)),
        },
        F::Nodes | F::Relationships => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Path(p) => Ok(Value::List(if f == F::Nodes {
                p.nodes.iter().map(|n| Value::Node(*n)).collect()
            } else {
                p.rels.iter().map(|r| Value::Rel(*r)).collect()
            })),
            other => Err(type_err(f, "a Path", other)),
        },
        F::Length => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Path(p) => Ok(Value::Int(p.rels.len() as i64)),
            other => Err(type_err(f, "a Path", other)),
        },
        F::Exists => Ok(Value::Bool(!a[0].is_null())),

        // ---- lists ----
        F::Size => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::List(l) => Ok(Value::Int(l.len() as i64)),
            Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
            other => Err(type_err(f, "a String or a List", other)),
        },
        F::Head | F::Last => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::List(l) => Ok(if f == F::Head { l.first() } else { l.last() }
                .cloned()
                .unwrap_or(Value::Null)),
            other => Err(type_err(f, "a List", other)),
        },
        F::Tail => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::List(l) => Ok(Value::List(l.iter().skip(1).cloned().collect())),
            other => Err(type_err(f, "a List", other)),
        },
        F::Range => range(a, ctx),
        F::Coalesce => Ok(args
            .into_iter()
            .find(|v| !v.is_null())
            .unwrap_or(Value::Null)),
        F::IsEmpty => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::List(l) => Ok(Value::Bool(l.is_empty())),
            Value::String(s) => Ok(Value::Bool(s.is_empty())),
            Value::Map(m) => Ok(Value::Bool(m.is_empty())),
            other => Err(type_err(f, "a String, a List or a Map", other)),
        },
        F::NullIf => Ok(if equals(&a[0], &a[1]) == Some(true) {
            Value::Null
        } else {
            a[0].clone()
        }),
        F::Reverse => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::String(s) => Ok(Value::from(s.chars().rev().collect::<String>())),
            Value::List(l) => Ok(Value::List(l.iter().rev().cloned().collect())),
            other => Err(type_err(f, "a String or a List", other)),
        },

        // ---- strings ----
        F::CharLength | F::CharacterLength => {
            Ok(str_arg(f, &a[0])?.map_or(Value::Null, |s| Value::Int(s.chars().count() as i64)))
        }
        F::ToUpper | F::Upper => string_fn(f, a, str::to_uppercase),
        F::ToLower | F::Lower => string_fn(f, a, str::to_lowercase),
        F::Trim => string_fn(f, a, |s| s.trim().to_string()),
        F::Ltrim | F::Rtrim | F::Btrim => trim(f, a),
        F::Substring => substring(a),
        F::Left | F::Right => {
            let (Some(s), Some(n)) = (str_arg(f, &a[0])?, int_arg(f, &a[1])?) else {
                return Ok(Value::Null);
            };
            let n = count_arg(f, "length", n)?;
            Ok(Value::from(if f == F::Left {
                s.chars().take(n).collect::<String>()
            } else {
                let total = s.chars().count();
                s.chars().skip(total.saturating_sub(n)).collect::<String>()
            }))
        }
        F::Replace => {
            let (Some(s), Some(from), Some(to)) =
                (str_arg(f, &a[0])?, str_arg(f, &a[1])?, str_arg(f, &a[2])?)
            else {
                return Ok(Value::Null);
            };
            replace(s, from, to, ctx)
        }
        F::Split => split(a, ctx),
        F::Normalize => normalize(a, ctx),
        F::IsNormalized => is_normalized(a),

        // ---- types ----
        F::ValueType => {
            let t = super::value_type::value_type(&a[0], &mut || ctx.tick())?;
            Ok(Value::from(t.to_string()))
        }

        // ---- vectors ----
        F::VectorCosine | F::VectorEuclidean => vector_similarity(f, &a[0], &a[1]),

        // ---- points ----
        F::Point => make_point(&a[0]),
        F::PointDistance => match (point_arg(f, &a[0])?, point_arg(f, &a[1])?) {
            (Some(p), Some(q)) => Ok(p.distance(q).map_or(Value::Null, Value::Float)),
            _ => Ok(Value::Null),
        },
        F::PointWithinBBox => match (
            point_arg(f, &a[0])?,
            point_arg(f, &a[1])?,
            point_arg(f, &a[2])?,
        ) {
            (Some(p), Some(lo), Some(hi)) => {
                Ok(p.within_bbox(lo, hi).map_or(Value::Null, Value::Bool))
            }
            _ => Ok(Value::Null),
        },

        // ---- conversions ----
        F::ToString | F::ToStringOrNull => convert(f, &a[0], to_string),
        F::ToInteger | F::ToIntegerOrNull => convert(f, &a[0], to_integer),
        F::ToFloat | F::ToFloatOrNull => convert(f, &a[0], to_float),
        F::ToBoolean | F::ToBooleanOrNull => convert(f, &a[0], to_boolean),
        F::ToStringList => convert_list(f, &a[0], to_string, ctx),
        F::ToIntegerList => convert_list(f, &a[0], to_integer, ctx),
        F::ToFloatList => convert_list(f, &a[0], to_float, ctx),
        F::ToBooleanList => convert_list(f, &a[0], to_boolean, ctx),

        // ---- numbers ----
        F::Abs => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => i
                .checked_abs()
                .map(Value::Int)
                .ok_or_else(|| Error::arithmetic("integer overflow")),
            Value::Float(x) => Ok(Value::Float(x.abs())),
            other => Err(type_err(f, "a number", other)),
        },
        F::Sign => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => Ok(Value::Int(i.signum())),
            Value::Float(x) => Ok(Value::Int(if *x > 0.0 {
                1
            } else if *x < 0.0 {
                -1
            } else {
                0
            })),
            other => Err(type_err(f, "a number", other)),
        },
        F::IsNan => match &a[0] {
            Value::Null => Ok(Value::Null),
            Value::Int(_) => Ok(Value::Bool(false)),
            Value::Float(x) => Ok(Value::Bool(x.is_nan())),
            other => Err(type_err(f, "a number", other)),
        },
        F::Round => round(a),
        F::Floor => float_fn(f, a, f64::floor),
        F::Ceil => float_fn(f, a, f64::ceil),
        F::Sqrt => float_fn(f, a, f64::sqrt),
        F::Exp => float_fn(f, a, f64::exp),
        F::Log => float_fn(f, a, f64::ln),
        F::Log10 => float_fn(f, a, f64::log10),
        F::Sin => float_fn(f, a, f64::sin),
        F::Cos => float_fn(f, a, f64::cos),
        F::Tan => float_fn(f, a, f64::tan),
        F::Cot => float_fn(f, a, |x| 1.0 / x.tan()),
        F::Sinh => float_fn(f, a, f64::sinh),
        F::Cosh => float_fn(f, a, f64::cosh),
        F::Tanh => float_fn(f, a, f64::tanh),
        F::Coth => float_fn(f, a, |x| 1.0 / x.tanh()),
        F::Asin => float_fn(f, a, f64::asin),
        F::Acos => float_fn(f, a, f64::acos),
        F::Atan => float_fn(f, a, f64::atan),
        F::Haversin => float_fn(f, a, |x| (1.0 - x.cos()) / 2.0),
        F::Degrees => float_fn(f, a, f64::to_degrees),
        F::Radians => float_fn(f, a, f64::to_radians),
        F::Atan2 => match (float_arg(f, &a[0])?, float_arg(f, &a[1])?) {
            (Some(y), Some(x)) => Ok(Value::Float(y.atan2(x))),
            _ => Ok(Value::Null),
        },
        F::E => Ok(Value::Float(std::f64::consts::E)),
        F::Pi => Ok(Value::Float(std::f64::consts::PI)),
        F::Rand => Ok(Value::Float(
            (next_random() >> 11) as f64 / (1u64 << 53) as f64,
        )),
        F::RandomUuid => Ok(Value::from(random_uuid())),
        F::Timestamp => {
            let ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            Ok(Value::Int(ms))
        }
    }
}

/// SKIP's and LIMIT's count: a non-negative integer (a float without a fraction passes).
fn count_argument(f: Function, a: &[Value]) -> Result<Value> {
    match a.first() {
        Some(Value::Int(i)) if *i >= 0 => Ok(Value::Int(*i)),
        Some(Value::Float(x)) if *x >= 0.0 && x.fract() == 0.0 && *x < 9.0e18 => {
            Ok(Value::Int(*x as i64))
        }
        Some(v) => Err(Error::new(
            ErrorKind::Argument,
            format!(
                "{} needs a non-negative integer, got {}",
                f.name(),
                match v {
                    Value::Int(i) => i.to_string(),
                    other => other.type_name().to_string(),
                }
            ),
        )),
        None => Err(Error::new(
            ErrorKind::Argument,
            format!("{} needs a value", f.name()),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

fn range(a: &[Value], ctx: Ctx) -> Result<Value> {
    let int = |v: &Value| match v {
        Value::Int(i) => Ok(*i),
        other => Err(type_err(Function::Range, "Integer arguments", other)),
    };
    let start = int(&a[0])?;
    let end = int(&a[1])?;
    let step = match a.get(2) {
        Some(v) => int(v)?,
        None => 1,
    };
    if step == 0 {
        return Err(arg_err(Function::Range, "step must not be zero"));
    }
    let (s, e, st) = (i128::from(start), i128::from(end), i128::from(step));
    let count: i128 = if (st > 0 && s > e) || (st < 0 && s < e) {
        0
    } else {
        (e - s) / st + 1
    };
    // Charged before it is built: count elements of one value each.
    let bytes = u64::try_from(count.saturating_mul(i128::from(budget::VALUE))).unwrap_or(u64::MAX);
    let args = || {
        if a.len() == 3 {
            format!("range({start}, {end}, {step})")
        } else {
            format!("range({start}, {end})")
        }
    };
    budget::check_with(bytes, budget::Kind::Value, args)?;
    // count elements fit in memory, and every element lies between start and end: no
    // overflow.
    let count = count as usize;
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        if k.is_multiple_of(CHECK_EVERY) {
            ctx.check()?;
        }
        out.push(Value::Int((s + k as i128 * st) as i64));
    }
    Ok(Value::List(out))
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

fn trim(name: Function, a: &[Value]) -> Result<Value> {
    let Some(s) = str_arg(name, &a[0])? else {
        return Ok(Value::Null);
    };
    let chars: Option<Vec<char>> = match a.get(1) {
        None => None,
        Some(v) => match str_arg(name, v)? {
            None => return Ok(Value::Null),
            Some(c) => Some(c.chars().collect()),
        },
    };
    let strip = |c: char| {
        chars
            .as_ref()
            .map_or(c.is_whitespace(), |set| set.contains(&c))
    };
    let out = match name {
        Function::Ltrim => s.trim_start_matches(strip),
        Function::Rtrim => s.trim_end_matches(strip),
        _ => s.trim_matches(strip),
    };
    Ok(Value::from(out))
}

fn substring(a: &[Value]) -> Result<Value> {
    let name = Function::Substring;
    let Some(s) = str_arg(name, &a[0])? else {
        return Ok(Value::Null);
    };
    let Some(start) = int_arg(name, &a[1])? else {
        return Ok(Value::Null);
    };
    let start = count_arg(name, "start", start)?;
    let len = match a.get(2) {
        None => usize::MAX,
        Some(v) => match int_arg(name, v)? {
            None => return Ok(Value::Null),
            Some(n) => count_arg(name, "length", n)?,
        },
    };
    Ok(Value::from(
        s.chars().skip(start).take(len).collect::<String>(),
    ))
}

/// `replace()`: every occurrence of `from` in `s` replaced by `to`, as `str::replace` does.
fn replace(s: &str, from: &str, to: &str, ctx: Ctx) -> Result<Value> {
    // The result's length is known before it is built: charged first.
    if to.len() > from.len() {
        let mut found = 0u64;
        for (k, _) in s.match_indices(from).enumerate() {
            if k.is_multiple_of(CHECK_EVERY) {
                ctx.check()?;
            }
            found += 1;
        }
        let grown = found.saturating_mul((to.len() - from.len()) as u64);
        let bytes = budget::VALUE + 16 + (s.len() as u64).saturating_add(grown);
        budget::check(bytes, "replace()", budget::Kind::Value)?;
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (k, (at, found)) in s.match_indices(from).enumerate() {
        if k.is_multiple_of(CHECK_EVERY) {
            ctx.check()?;
        }
        out.push_str(&s[last..at]);
        out.push_str(to);
        last = at + found.len();
    }
    out.push_str(&s[last..]);
    Ok(Value::from(out))
}

fn split(a: &[Value], ctx: Ctx) -> Result<Value> {
    let name = Function::Split;
    let Some(s) = str_arg(name, &a[0])? else {
        return Ok(Value::Null);
    };
    let delimiters: Vec<&str> = match &a[1] {
        Value::Null => return Ok(Value::Null),
        Value::String(d) => vec![&**d],
        Value::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(d) => out.push(&**d),
                    Value::Null => return Ok(Value::Null),
                    other => {
                        return Err(type_err(
                            name,
                            "a String or a List of Strings as delimiter",
                            other,
                        ))
                    }
                }
            }
            out
        }
        other => {
            return Err(type_err(
                name,
                "a String or a List of Strings as delimiter",
                other,
            ))
        }
    };
    if delimiters.iter().all(|d| d.is_empty()) {
        if s.is_empty() {
            return Ok(string_list([String::new()]));
        }
        // One string a character: charged before it is built.
        let chars = s.chars().count() as u64;
        budget::check(chars * (budget::VALUE + 20), "split()", budget::Kind::Value)?;
        let mut parts = Vec::new();
        for (k, c) in s.chars().enumerate() {
            if k.is_multiple_of(CHECK_EVERY) {
                ctx.check()?;
            }
            parts.push(String::from(c));
        }
        return Ok(string_list(parts));
    }
    let mut parts = Vec::new();
    let mut piece_start = 0;
    let mut pos = 0;
    let mut steps = 0usize;
    while pos < s.len() {
        steps += 1;
        if steps.is_multiple_of(CHECK_EVERY) {
            ctx.check()?;
            let bytes = parts.len() as u64 * (budget::VALUE + 16) + pos as u64;
            budget::check(bytes, "split()", budget::Kind::Value)?;
        }
        let rest = &s[pos..];
        match delimiters
            .iter()
            .filter(|d| !d.is_empty() && rest.starts_with(**d))
            .map(|d| d.len())
            .max()
        {
            Some(dlen) => {
                parts.push(s[piece_start..pos].to_string());
                pos += dlen;
                piece_start = pos;
            }
            None => pos += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    parts.push(s[piece_start..].to_string());
    Ok(string_list(parts))
}

/// The normal form `normalize()` is given (NFC without one); None when it is null.
fn normal_form(f: Function, form: Option<&Value>) -> Result<Option<NormalForm>> {
    let name = match form {
        None => return Ok(Some(NormalForm::Nfc)),
        Some(Value::Null) => return Ok(None),
        Some(Value::String(name)) => name,
        Some(other) => return Err(type_err(f, "a normal form (NFC, NFD, NFKC or NFKD)", other)),
    };
    match NormalForm::from_name(name) {
        Some(form) => Ok(Some(form)),
        None => Err(arg_err(
            f,
            format_args!(
                "does not know the normal form '{name}': the normal forms are NFC, NFD, NFKC and NFKD"
            ),
        )),
    }
}

/// `normalize(s[, form])`: the string in the Unicode normal form, NFC unless another is given;
/// null when either is null. The form is checked before the string, as in Neo4j.
fn normalize(a: &[Value], ctx: Ctx) -> Result<Value> {
    let f = Function::Normalize;
    if a[0].is_null() {
        return Ok(Value::Null);
    }
    let Some(form) = normal_form(f, a.get(1))? else {
        return Ok(Value::Null);
    };
    let Some(s) = str_arg(f, &a[0])? else {
        return Ok(Value::Null);
    };
    let chars: Box<dyn Iterator<Item = char> + '_> = match form {
        NormalForm::Nfc => Box::new(s.nfc()),
        NormalForm::Nfd => Box::new(s.nfd()),
        NormalForm::Nfkc => Box::new(s.nfkc()),
        NormalForm::Nfkd => Box::new(s.nfkd()),
    };
    // Decomposition may make the string longer (up to 18 characters for one): what it holds
    // is charged as it grows.
    let mut out = String::with_capacity(s.len());
    for (k, c) in chars.enumerate() {
        if k.is_multiple_of(CHECK_EVERY) {
            ctx.check()?;
            if out.len() > s.len() {
                budget::check(out.len() as u64, "normalize()", budget::Kind::Value)?;
            }
        }
        out.push(c);
    }
    Ok(Value::from(out))
}

/// `s IS [NOT] [form] NORMALIZED` (the string, the form's name, whether NOT): null on null and
/// on any value that is not a string, as in Neo4j.
fn is_normalized(a: &[Value]) -> Result<Value> {
    let (Value::String(s), Value::String(form), Value::Bool(negated)) = (&a[0], &a[1], &a[2])
    else {
        return Ok(Value::Null);
    };
    let normalized = match NormalForm::from_name(form) {
        Some(NormalForm::Nfc) => is_nfc(s),
        Some(NormalForm::Nfd) => is_nfd(s),
        Some(NormalForm::Nfkc) => is_nfkc(s),
        Some(NormalForm::Nfkd) => is_nfkd(s),
        None => return Ok(Value::Null),
    };
    Ok(Value::Bool(normalized != *negated))
}

// ---------------------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------------------

/// The outcome of converting one value: a result, "not convertible" (null), or a type that the
/// function does not accept at all.
enum Conv {
    Value(Value),
    Wrong,
}

fn convert(name: Function, v: &Value, f: fn(&Value) -> Conv) -> Result<Value> {
    if v.is_null() {
        return Ok(Value::Null);
    }
    match f(v) {
        Conv::Value(x) => Ok(x),
        Conv::Wrong
            if matches!(
                name,
                Function::ToStringOrNull
                    | Function::ToIntegerOrNull
                    | Function::ToFloatOrNull
                    | Function::ToBooleanOrNull
            ) =>
        {
            Ok(Value::Null)
        }
        Conv::Wrong => Err(type_err(
            name,
            match name {
                Function::ToString => "a String, a number, a Boolean or a temporal value",
                Function::ToInteger => "a String, a number or a Boolean",
                Function::ToFloat => "a String or a number",
                _ => "a String, an Integer or a Boolean",
            },
            v,
        )),
    }
}

fn convert_list(name: Function, v: &Value, f: fn(&Value) -> Conv, ctx: Ctx) -> Result<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (k, x) in items.iter().enumerate() {
                if k.is_multiple_of(CHECK_EVERY) {
                    ctx.check()?;
                }
                out.push(match f(x) {
                    Conv::Value(y) => y,
                    Conv::Wrong => Value::Null,
                });
            }
            Ok(Value::List(out))
        }
        other => Err(type_err(name, "a List", other)),
    }
}

fn to_string(v: &Value) -> Conv {
    match v {
        Value::Null => Conv::Value(Value::Null),
        Value::String(_) => Conv::Value(v.clone()),
        Value::Int(i) => Conv::Value(Value::from(i.to_string())),
        Value::Float(f) => Conv::Value(Value::from(format_float(*f))),
        Value::Bool(b) => Conv::Value(Value::from(b.to_string())),
        Value::Temporal(t) => Conv::Value(Value::from(t.to_string())),
        Value::Point(p) => Conv::Value(Value::from(p.to_string())),
        _ => Conv::Wrong,
    }
}

/// A float truncated to an integer; None for NaN and values outside the Integer range.
fn float_to_int(f: f64) -> Option<i64> {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    let t = f.trunc();
    if t.is_nan() || !(-TWO_63..TWO_63).contains(&t) {
        return None;
    }
    Some(t as i64)
}

/// Parse a float the way Cypher's conversions accept them: decimal or scientific notation,
/// `NaN`, `Infinity` and `-Infinity`; surrounding whitespace is ignored.
fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned
        .chars()
        .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return match unsigned {
            "NaN" => Some(f64::NAN),
            "Infinity" => t.parse::<f64>().ok(),
            _ => None,
        };
    }
    t.parse::<f64>().ok()
}

/// `toInteger()`: floats truncate towards zero; strings are trimmed and read as an integer or
/// else as a float that is then truncated; booleans give 1 and 0. NaN, values outside the
/// Integer range and unreadable strings give null.
fn to_integer(v: &Value) -> Conv {
    match v {
        Value::Null => Conv::Value(Value::Null),
        Value::Int(_) => Conv::Value(v.clone()),
        Value::Float(f) => Conv::Value(float_to_int(*f).map_or(Value::Null, Value::Int)),
        Value::Bool(b) => Conv::Value(Value::Int(i64::from(*b))),
        Value::String(s) => {
            let t = s.trim();
            let r = match t.parse::<i64>() {
                Ok(i) => Some(i),
                Err(_) => parse_float(t).and_then(float_to_int),
            };
            Conv::Value(r.map_or(Value::Null, Value::Int))
        }
        _ => Conv::Wrong,
    }
}

fn to_float(v: &Value) -> Conv {
    match v {
        Value::Null => Conv::Value(Value::Null),
        Value::Float(_) => Conv::Value(v.clone()),
        Value::Int(i) => Conv::Value(Value::Float(*i as f64)),
        Value::String(s) => Conv::Value(parse_float(s).map_or(Value::Null, Value::Float)),
        _ => Conv::Wrong,
    }
}

fn to_boolean(v: &Value) -> Conv {
    match v {
        Value::Null => Conv::Value(Value::Null),
        Value::Bool(_) => Conv::Value(v.clone()),
        Value::Int(i) => Conv::Value(Value::Bool(*i != 0)),
        Value::String(s) => {
            let t = s.trim();
            Conv::Value(if t.eq_ignore_ascii_case("true") {
                Value::Bool(true)
            } else if t.eq_ignore_ascii_case("false") {
                Value::Bool(false)
            } else {
                Value::Null
            })
        }
        _ => Conv::Wrong,
    }
}

// ---------------------------------------------------------------------------------------------
// round()
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RoundingMode {
    Up,
    Down,
    Ceiling,
    Floor,
    HalfUp,
    HalfDown,
    HalfEven,
    Unnecessary,
}

fn rounding_mode(s: &str) -> Option<RoundingMode> {
    Some(match s.to_ascii_uppercase().as_str() {
        "UP" => RoundingMode::Up,
        "DOWN" => RoundingMode::Down,
        "CEILING" => RoundingMode::Ceiling,
        "FLOOR" => RoundingMode::Floor,
        "HALF_UP" => RoundingMode::HalfUp,
        "HALF_DOWN" => RoundingMode::HalfDown,
        "HALF_EVEN" => RoundingMode::HalfEven,
        "UNNECESSARY" => RoundingMode::Unnecessary,
        _ => return None,
    })
}

/// `round(x)`, `round(x, precision)`, `round(x, precision, mode)`. Without a mode and with
/// precision 0, ties go towards positive infinity (`round(-2.5) = -2.0`, as Java's
/// `Math.round`); otherwise the value's shortest decimal form is rounded to `precision`
/// decimals with the mode, `HALF_UP` by default (as Java's `BigDecimal`).
fn round(a: &[Value]) -> Result<Value> {
    let name = Function::Round;
    let x = float_arg(name, &a[0])?;
    let precision = match a.get(1) {
        None => Some(0),
        Some(v) => int_arg(name, v)?,
    };
    let mode = match a.get(2) {
        None => Some(None),
        Some(v) => match str_arg(name, v)? {
            None => None,
            Some(m) => Some(Some(rounding_mode(m).ok_or_else(|| {
                arg_err(
                    name,
                    format_args!(
                        "expects a rounding mode (UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, HALF_EVEN, \
                         UNNECESSARY), got '{m}'"
                    ),
                )
            })?)),
        },
    };
    let (Some(x), Some(precision), Some(mode)) = (x, precision, mode) else {
        return Ok(Value::Null);
    };
    if !x.is_finite() {
        return Ok(Value::Float(x));
    }
    match mode {
        None if precision == 0 => {
            let fl = x.floor();
            let r = if x - fl >= 0.5 { fl + 1.0 } else { fl };
            Ok(Value::Float(if r == 0.0 { 0.0 } else { r }))
        }
        mode => round_decimal(x, precision, mode.unwrap_or(RoundingMode::HalfUp)).map(Value::Float),
    }
}

/// Round the shortest decimal representation of a finite `x` to `precision` decimal places.
fn round_decimal(x: f64, precision: i64, mode: RoundingMode) -> Result<f64> {
    if x == 0.0 {
        return Ok(0.0);
    }
    // Beyond these bounds the answer no longer changes (f64 spans about 10^-324..10^308).
    let p = precision.clamp(-400, 400);
    let neg = x < 0.0;
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|d| d - b'0')
        .collect();
    // Digits before the decimal point, and how many digits to keep.
    let keep = exp + 1 + p;
    if keep >= digits.len() as i64 {
        return Ok(x);
    }
    let (mut kept, first_dropped, rest_nonzero) = if keep < 0 {
        (Vec::new(), 0u8, true)
    } else {
        let k = keep as usize;
        (
            digits[..k].to_vec(),
            digits[k],
            digits[k + 1..].iter().any(|&d| d != 0),
        )
    };
    let inexact = first_dropped != 0 || rest_nonzero;
    // How the dropped digits compare with half a unit of the last kept digit.
    let half = match first_dropped {
        d if d > 5 => Ordering::Greater,
        5 if rest_nonzero => Ordering::Greater,
        5 => Ordering::Equal,
        _ => Ordering::Less,
    };
    let last_odd = kept.last().is_some_and(|d| d % 2 == 1);
    let away = match mode {
        RoundingMode::Up => inexact,
        RoundingMode::Down => false,
        RoundingMode::Ceiling => inexact && !neg,
        RoundingMode::Floor => inexact && neg,
        RoundingMode::HalfUp => half != Ordering::Less,
        RoundingMode::HalfDown => half == Ordering::Greater,
        RoundingMode::HalfEven => {
            half == Ordering::Greater || (half == Ordering::Equal && last_odd)
        }
        RoundingMode::Unnecessary => {
            if inexact {
                return Err(arg_err(
                    Function::Round,
                    "with mode UNNECESSARY requires an exact result",
                ));
            }
            false
        }
    };
    if away {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    if kept.iter().all(|&d| d == 0) {
        return Ok(0.0);
    }
    let text: String = kept.iter().map(|d| char::from(b'0' + d)).collect();
    let value: f64 = format!("{text}e{}", -p).parse().unwrap_or(f64::NAN);
    Ok(if neg { -value } else { value })
}

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

thread_local! {
    static RNG: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(d.as_nanos());
    }
    h.finish() | 1
}

/// xorshift64*: fast, and plenty for rand() and randomUUID().
fn next_random() -> u64 {
    RNG.with(|state| {
        let mut x = state.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&next_random().to_be_bytes());
    bytes[8..].copy_from_slice(&next_random().to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Path;
    use std::collections::BTreeMap;

    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn i(x: i64) -> Value {
        Value::Int(x)
    }
    fn f(x: f64) -> Value {
        Value::Float(x)
    }
    fn b(x: bool) -> Value {
        Value::Bool(x)
    }
    fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }
    fn strs(items: &[&str]) -> Value {
        Value::List(items.iter().map(|x| s(x)).collect())
    }
    fn ints(items: &[i64]) -> Value {
        Value::List(items.iter().map(|x| i(*x)).collect())
    }
    const N: Value = Value::Null;

    /// A function by its lowercase name, as the planner resolves it (unknown names are a
    /// semantic error), called on `args`.
    fn call(name: &str, args: Vec<Value>, ctx: Ctx) -> Result<Value> {
        match Function::lookup(name) {
            Some(f) => super::call(f, args, ctx),
            None => Err(Error::new(
                ErrorKind::Semantic,
                format!("unknown function '{name}'"),
            )),
        }
    }

    fn empty() -> Graph {
        Graph::new()
    }
    fn ok(name: &str, args: Vec<Value>) -> Value {
        call(name, args, Ctx::new(&empty())).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
    fn err(name: &str, args: Vec<Value>) -> Error {
        call(name, args, Ctx::new(&empty())).expect_err(name)
    }
    fn float(v: Value) -> f64 {
        match v {
            Value::Float(x) => x,
            other => panic!("expected a float, got {other:?}"),
        }
    }

    /// (alice:Person:Actor {name: 'Alice', age: 30})-[:KNOWS {since: 2001}]->(bob:Person)
    fn sample() -> (Graph, NodeId, NodeId, RelId) {
        let mut g = Graph::new();
        let person = g.intern("Person");
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let age = g.intern("age");
        let knows = g.intern("KNOWS");
        let since = g.intern("since");
        let a = g
            .create_node(vec![person, actor], vec![(name, s("Alice")), (age, i(30))])
            .unwrap();
        let bob = g.create_node(vec![person], vec![]).unwrap();
        let r = g.create_rel(a, bob, knows, vec![(since, i(2001))]).unwrap();
        (g, a, bob, r)
    }

    #[test]
    fn call_checks_names_and_arity() {
        assert_eq!(err("nosuch", vec![]).kind, ErrorKind::Semantic);
        assert_eq!(err("count", vec![i(1)]).kind, ErrorKind::Semantic);
        let e = err("toupper", vec![]);
        assert_eq!(e.message, "toUpper() takes 1 argument, got 0");
        assert_eq!(
            err("coalesce", vec![]).message,
            "coalesce() takes at least 1 argument, got 0"
        );
        assert_eq!(
            err("range", vec![i(1)]).message,
            "range() takes 2 to 3 arguments, got 1"
        );
        assert_eq!(
            err("pi", vec![i(1)]).message,
            "pi() takes 0 arguments, got 1"
        );
    }

    #[test]
    fn normalize_and_is_normalized() {
        // The Neo4j manual's examples.
        assert_eq!(ok("normalize", vec![s("\u{212B}")]), s("\u{C5}"));
        assert_eq!(ok("normalize", vec![s("\u{FE64}"), s("NFKC")]), s("<"));
        for (form, out) in [
            ("NFC", "\u{3D3}"),
            ("NFD", "\u{3D2}\u{301}"),
            ("NFKC", "\u{38E}"),
            ("NFKD", "\u{3A5}\u{301}"),
        ] {
            assert_eq!(
                ok("normalize", vec![s("\u{3D3}"), s(form)]),
                s(out),
                "{form}"
            );
        }
        // Null in, null out; the form is checked before the string.
        assert_eq!(ok("normalize", vec![N]), N);
        assert_eq!(ok("normalize", vec![N, s("NFQ")]), N);
        assert_eq!(ok("normalize", vec![s("x"), N]), N);
        assert_eq!(
            err("normalize", vec![i(1), s("NFQ")]).kind,
            ErrorKind::Argument
        );
        assert_eq!(err("normalize", vec![i(1)]).kind, ErrorKind::Type);
        assert_eq!(err("normalize", vec![s("x"), i(1)]).kind, ErrorKind::Type);
        let e = err("normalize", vec![s("x"), s("nfc")]);
        assert_eq!(e.kind, ErrorKind::Argument);
        assert!(
            e.message.contains("NFC, NFD, NFKC and NFKD"),
            "{}",
            e.message
        );

        let is = |v: Value, form: &str, negated: bool| {
            super::call(
                Function::IsNormalized,
                vec![v, s(form), b(negated)],
                Ctx::new(&empty()),
            )
            .unwrap()
        };
        assert_eq!(is(s("e\u{301}"), "NFC", false), b(false));
        assert_eq!(is(s("e\u{301}"), "NFD", false), b(true));
        assert_eq!(is(s("\u{E9}"), "NFC", true), b(false));
        assert_eq!(is(s("\u{FB01}"), "NFKD", true), b(true));
        assert_eq!(is(i(1), "NFC", false), N);
        assert_eq!(is(N, "NFC", true), N);
    }

    #[test]
    fn value_type() {
        assert_eq!(ok("valuetype", vec![i(1)]), s("INTEGER NOT NULL"));
        assert_eq!(ok("valuetype", vec![N]), s("NULL"));
        assert_eq!(
            ok("valuetype", vec![list(vec![i(1), N])]),
            s("LIST<INTEGER> NOT NULL")
        );
        let (g, a, _, r) = sample();
        let c = |v: Value| call("valuetype", vec![v], Ctx::new(&g)).unwrap();
        assert_eq!(c(Value::Node(a)), s("NODE NOT NULL"));
        assert_eq!(c(Value::Rel(r)), s("RELATIONSHIP NOT NULL"));
    }

    #[test]
    fn entity_functions() {
        let (g, a, bob, r) = sample();
        let c = |name: &str, args: Vec<Value>| call(name, args, Ctx::new(&g)).unwrap();
        assert_eq!(
            c("labels", vec![Value::Node(a)]),
            strs(&["Person", "Actor"])
        );
        assert_eq!(c("labels", vec![Value::Node(bob)]), strs(&["Person"]));
        assert_eq!(c("type", vec![Value::Rel(r)]), s("KNOWS"));
        assert_eq!(c("id", vec![Value::Node(a)]), i(i64::from(a.0)));
        assert_eq!(c("id", vec![Value::Rel(r)]), i(i64::from(r.0)));
        assert_eq!(
            c("elementid", vec![Value::Node(bob)]),
            Value::from(bob.0.to_string())
        );
        assert_eq!(c("keys", vec![Value::Node(a)]), strs(&["name", "age"]));
        assert_eq!(c("keys", vec![Value::Node(bob)]), strs(&[]));
        assert_eq!(c("keys", vec![Value::Rel(r)]), strs(&["since"]));
        let mut m = BTreeMap::new();
        m.insert("name".to_string(), s("Alice"));
        m.insert("age".to_string(), i(30));
        assert_eq!(c("properties", vec![Value::Node(a)]), Value::Map(m.clone()));
        assert_eq!(
            c("properties", vec![Value::Map(m.clone())]),
            Value::Map(m.clone())
        );
        assert_eq!(c("keys", vec![Value::Map(m)]), strs(&["age", "name"]));
        assert_eq!(c("startnode", vec![Value::Rel(r)]), Value::Node(a));
        assert_eq!(c("endnode", vec![Value::Rel(r)]), Value::Node(bob));
        for name in [
            "labels",
            "type",
            "id",
            "elementid",
            "keys",
            "properties",
            "startnode",
            "endnode",
        ] {
            assert_eq!(c(name, vec![N]), N, "{name}");
        }
        assert_eq!(
            call("labels", vec![Value::Rel(r)], Ctx::new(&g))
                .unwrap_err()
                .message,
            "labels() expects a Node, got Relationship"
        );
        assert_eq!(
            call("type", vec![Value::Node(a)], Ctx::new(&g))
                .unwrap_err()
                .kind,
            ErrorKind::Type
        );
        assert_eq!(
            call("id", vec![i(1)], Ctx::new(&g)).unwrap_err().kind,
            ErrorKind::Type
        );
        assert_eq!(
            call("keys", vec![i(1)], Ctx::new(&g)).unwrap_err().kind,
            ErrorKind::Type
        );
        assert_eq!(
            call("properties", vec![s("x")], Ctx::new(&g))
                .unwrap_err()
                .kind,
            ErrorKind::Type
        );
        assert_eq!(
            call("startnode", vec![Value::Node(a)], Ctx::new(&g))
                .unwrap_err()
                .kind,
            ErrorKind::Type
        );
    }

    #[test]
    fn deleted_entities() {
        let (mut g, a, bob, r) = sample();
        g.delete_rel(r).unwrap();
        g.delete_node(bob).unwrap();
        for (name, v) in [
            ("labels", Value::Node(bob)),
            ("keys", Value::Node(bob)),
            ("properties", Value::Node(bob)),
            ("type", Value::Rel(r)),
            ("keys", Value::Rel(r)),
            ("properties", Value::Rel(r)),
            ("startnode", Value::Rel(r)),
            ("endnode", Value::Rel(r)),
        ] {
            let e = call(name, vec![v], Ctx::new(&g)).unwrap_err();
            assert_eq!(e.kind, ErrorKind::EntityNotFound, "{name}");
        }
        // The id of a deleted entity is still known.
        assert_eq!(
            call("id", vec![Value::Node(bob)], Ctx::new(&g)).unwrap(),
            i(i64::from(bob.0))
        );
        assert_eq!(
            call("labels", vec![Value::Node(a)], Ctx::new(&g)).unwrap(),
            strs(&["Person", "Actor"])
        );
    }

    #[test]
    fn path_functions() {
        let p = Value::Path(Box::new(Path {
            nodes: vec![NodeId(0), NodeId(1)],
            rels: vec![RelId(4)],
        }));
        let single = Value::Path(Box::new(Path {
            nodes: vec![NodeId(0)],
            rels: vec![],
        }));
        assert_eq!(ok("length", vec![p.clone()]), i(1));
        assert_eq!(ok("length", vec![single.clone()]), i(0));
        assert_eq!(ok("length", vec![N]), N);
        assert_eq!(
            ok("nodes", vec![p.clone()]),
            list(vec![Value::Node(NodeId(0)), Value::Node(NodeId(1))])
        );
        assert_eq!(
            ok("relationships", vec![p.clone()]),
            list(vec![Value::Rel(RelId(4))])
        );
        assert_eq!(ok("relationships", vec![single]), list(vec![]));
        assert_eq!(ok("nodes", vec![N]), N);
        assert_eq!(
            err("length", vec![s("abc")]).message,
            "length() expects a Path, got String"
        );
        assert_eq!(err("length", vec![ints(&[1])]).kind, ErrorKind::Type);
        assert_eq!(
            err("size", vec![p.clone()]).message,
            "size() expects a String or a List, got Path"
        );
        assert_eq!(err("nodes", vec![ints(&[1])]).kind, ErrorKind::Type);
    }

    #[test]
    fn size_and_list_functions() {
        assert_eq!(ok("size", vec![ints(&[1, 2, 3])]), i(3));
        assert_eq!(ok("size", vec![s("héllo")]), i(5));
        assert_eq!(ok("size", vec![s("")]), i(0));
        assert_eq!(ok("size", vec![N]), N);
        assert_eq!(err("size", vec![i(1)]).kind, ErrorKind::Type);
        assert_eq!(ok("char_length", vec![s("日本")]), i(2));
        assert_eq!(
            err("character_length", vec![ints(&[])]).kind,
            ErrorKind::Type
        );
        assert_eq!(ok("head", vec![ints(&[1, 2])]), i(1));
        assert_eq!(ok("head", vec![ints(&[])]), N);
        assert_eq!(ok("last", vec![ints(&[1, 2])]), i(2));
        assert_eq!(ok("last", vec![ints(&[])]), N);
        assert_eq!(ok("tail", vec![ints(&[1, 2, 3])]), ints(&[2, 3]));
        assert_eq!(ok("tail", vec![ints(&[])]), ints(&[]));
        for name in ["head", "last", "tail"] {
            assert_eq!(ok(name, vec![N]), N);
            assert_eq!(err(name, vec![s("abc")]).kind, ErrorKind::Type);
        }
        assert_eq!(ok("reverse", vec![ints(&[1, 2, 3])]), ints(&[3, 2, 1]));
        assert_eq!(ok("reverse", vec![s("abç")]), s("çba"));
        assert_eq!(ok("reverse", vec![N]), N);
        assert_eq!(err("reverse", vec![i(12)]).kind, ErrorKind::Type);
        assert_eq!(ok("isempty", vec![ints(&[])]), b(true));
        assert_eq!(ok("isempty", vec![s("a")]), b(false));
        assert_eq!(ok("isempty", vec![Value::Map(BTreeMap::new())]), b(true));
        assert_eq!(ok("isempty", vec![N]), N);
        assert_eq!(err("isempty", vec![i(0)]).kind, ErrorKind::Type);
    }

    #[test]
    fn coalesce_exists_nullif() {
        assert_eq!(ok("coalesce", vec![N, N, i(2), i(3)]), i(2));
        assert_eq!(ok("coalesce", vec![N]), N);
        assert_eq!(ok("coalesce", vec![s("a")]), s("a"));
        assert_eq!(ok("exists", vec![N]), b(false));
        assert_eq!(ok("exists", vec![i(0)]), b(true));
        assert_eq!(ok("nullif", vec![i(1), f(1.0)]), N);
        assert_eq!(ok("nullif", vec![i(1), i(2)]), i(1));
        assert_eq!(ok("nullif", vec![N, i(2)]), N);
        assert_eq!(ok("nullif", vec![i(1), N]), i(1));
    }

    #[test]
    fn range_function() {
        assert_eq!(ok("range", vec![i(0), i(3)]), ints(&[0, 1, 2, 3]));
        assert_eq!(ok("range", vec![i(0), i(10), i(3)]), ints(&[0, 3, 6, 9]));
        assert_eq!(ok("range", vec![i(5), i(1), i(-2)]), ints(&[5, 3, 1]));
        assert_eq!(ok("range", vec![i(3), i(0)]), ints(&[]));
        assert_eq!(ok("range", vec![i(0), i(3), i(-1)]), ints(&[]));
        assert_eq!(ok("range", vec![i(2), i(2)]), ints(&[2]));
        assert_eq!(
            ok("range", vec![i(i64::MAX - 1), i(i64::MAX)]),
            ints(&[i64::MAX - 1, i64::MAX])
        );
        assert_eq!(
            ok("range", vec![i(i64::MIN), i(i64::MAX), i(i64::MAX)]),
            ints(&[i64::MIN, -1, i64::MAX - 1])
        );
        let e = err("range", vec![i(0), i(5), i(0)]);
        assert_eq!(e.kind, ErrorKind::Argument);
        // A range is charged to the budget before it is built.
        let _governed = budget::govern(budget::Limit {
            bytes: 1 << 20,
            source: budget::Source::Default,
        });
        let e = err("range", vec![i(1), i(100_000_000)]);
        assert_eq!(e.kind, ErrorKind::Resource);
        assert!(
            e.message
                .starts_with("range(1, 100000000): the statement would hold more than 1 MiB"),
            "{}",
            e.message
        );
        let e = err("range", vec![i(i64::MIN), i(i64::MAX)]);
        assert_eq!(e.kind, ErrorKind::Resource);
        assert_eq!(err("range", vec![i(0), f(3.0)]).kind, ErrorKind::Type);
        assert_eq!(err("range", vec![N, i(3)]).kind, ErrorKind::Type);
        match ok("range", vec![i(1), i(10_000)]) {
            Value::List(l) => assert_eq!(l.len(), 10_000),
            other => panic!("{other:?}"),
        }
        // So is what replace() and split() would build.
        let big = s(&"ab".repeat(1000));
        let e = err("replace", vec![big.clone(), s("a"), s(&"x".repeat(2000))]);
        assert!(e.message.starts_with("replace(): "), "{}", e.message);
        assert_eq!(
            ok("replace", vec![big.clone(), s("a"), s("xy")]),
            s(&"xyb".repeat(1000))
        );
        let long = s(&"a".repeat(100_000));
        assert_eq!(err("split", vec![long, s("")]).kind, ErrorKind::Resource);
    }

    #[test]
    fn case_and_trim() {
        assert_eq!(ok("toupper", vec![s("abç")]), s("ABÇ"));
        assert_eq!(ok("upper", vec![s("a")]), s("A"));
        assert_eq!(ok("tolower", vec![s("ABÇ")]), s("abç"));
        assert_eq!(ok("lower", vec![s("A")]), s("a"));
        assert_eq!(ok("trim", vec![s("  a b \t\n")]), s("a b"));
        assert_eq!(ok("ltrim", vec![s("  a  ")]), s("a  "));
        assert_eq!(ok("rtrim", vec![s("  a  ")]), s("  a"));
        assert_eq!(ok("btrim", vec![s("xxaxx"), s("x")]), s("a"));
        assert_eq!(ok("ltrim", vec![s("xyaxy"), s("yx")]), s("axy"));
        assert_eq!(ok("rtrim", vec![s("xyaxy"), s("yx")]), s("xya"));
        for name in ["toupper", "tolower", "trim", "ltrim", "rtrim", "btrim"] {
            assert_eq!(ok(name, vec![N]), N);
        }
        let e = err("toupper", vec![i(1)]);
        assert_eq!(e.kind, ErrorKind::Type);
        assert_eq!(e.message, "toUpper() expects a String, got Integer");
        assert_eq!(err("trim", vec![ints(&[])]).kind, ErrorKind::Type);
    }

    #[test]
    fn substring_left_right() {
        assert_eq!(ok("substring", vec![s("hello"), i(1)]), s("ello"));
        assert_eq!(ok("substring", vec![s("hello"), i(1), i(3)]), s("ell"));
        assert_eq!(ok("substring", vec![s("hello"), i(10)]), s(""));
        assert_eq!(ok("substring", vec![s("hello"), i(3), i(100)]), s("lo"));
        assert_eq!(ok("substring", vec![s("héllo"), i(1), i(2)]), s("él"));
        assert_eq!(ok("substring", vec![s("hello"), i(0), i(0)]), s(""));
        assert_eq!(ok("substring", vec![N, i(1)]), N);
        assert_eq!(
            err("substring", vec![s("hello"), i(-1)]).kind,
            ErrorKind::Argument
        );
        assert_eq!(
            err("substring", vec![s("hello"), i(0), i(-1)]).kind,
            ErrorKind::Argument
        );
        assert_eq!(
            err("substring", vec![s("hello"), f(1.0)]).kind,
            ErrorKind::Type
        );
        assert_eq!(err("substring", vec![i(5), i(1)]).kind, ErrorKind::Type);
        assert_eq!(ok("left", vec![s("héllo"), i(2)]), s("hé"));
        assert_eq!(ok("left", vec![s("hi"), i(10)]), s("hi"));
        assert_eq!(ok("right", vec![s("héllo"), i(3)]), s("llo"));
        assert_eq!(ok("right", vec![s("hi"), i(10)]), s("hi"));
        assert_eq!(ok("right", vec![s("hi"), i(0)]), s(""));
        assert_eq!(ok("left", vec![N, i(1)]), N);
        assert_eq!(err("left", vec![s("a"), i(-1)]).kind, ErrorKind::Argument);
        assert_eq!(err("right", vec![s("a"), i(-1)]).kind, ErrorKind::Argument);
        assert_eq!(err("right", vec![i(1), i(1)]).kind, ErrorKind::Type);
    }

    #[test]
    fn long_loops_stop_when_told() {
        let g = empty();
        let stop = std::sync::atomic::AtomicBool::new(true);
        let ctx = Ctx {
            graph: &g,
            cancel: crate::exec::Cancel {
                interrupt: Some(&stop),
                deadline: None,
            },
            profile: None,
        };
        let big = s(&"a,".repeat(5000));
        for (name, args) in [
            ("range", vec![i(1), i(100_000)]),
            ("replace", vec![big.clone(), s(","), s(";")]),
            ("split", vec![big.clone(), s(",")]),
            ("split", vec![big, s("")]),
            ("tostringlist", vec![ints(&[1; 5000])]),
        ] {
            let e = call(name, args, ctx).expect_err(name);
            assert_eq!(e.kind, ErrorKind::Interrupted, "{name}");
        }
        // Short work is not checked at all, and unhindered work gives the same answers.
        assert_eq!(
            ok("replace", vec![s("a,b,,c"), s(","), s("--")]),
            s("a--b----c")
        );
        assert_eq!(ok("replace", vec![s("abc"), s(""), s("-")]), s("-a-b-c-"));
        let n = |v: Value| match v {
            Value::List(l) => l.len(),
            other => panic!("expected a list, got {other:?}"),
        };
        assert_eq!(n(ok("range", vec![i(1), i(100_000)])), 100_000);
        assert_eq!(n(ok("split", vec![s(&"a,".repeat(5000)), s(",")])), 5001);
    }

    #[test]
    fn replace_and_split() {
        assert_eq!(ok("replace", vec![s("a-b-c"), s("-"), s("+")]), s("a+b+c"));
        assert_eq!(ok("replace", vec![s("abc"), s(""), s("x")]), s("xaxbxcx"));
        assert_eq!(ok("replace", vec![s("abc"), s("z"), s("x")]), s("abc"));
        assert_eq!(ok("replace", vec![N, s("a"), s("b")]), N);
        assert_eq!(ok("replace", vec![s("a"), N, s("b")]), N);
        assert_eq!(
            err("replace", vec![s("a"), i(1), s("b")]).kind,
            ErrorKind::Type
        );
        assert_eq!(
            ok("split", vec![s("a,b,,c"), s(",")]),
            strs(&["a", "b", "", "c"])
        );
        assert_eq!(ok("split", vec![s("a,b,"), s(",")]), strs(&["a", "b", ""]));
        assert_eq!(ok("split", vec![s("abc"), s("")]), strs(&["a", "b", "c"]));
        assert_eq!(ok("split", vec![s(""), s(",")]), strs(&[""]));
        assert_eq!(ok("split", vec![s("a::b"), s("::")]), strs(&["a", "b"]));
        assert_eq!(
            ok("split", vec![s("é,ü;x"), strs(&[",", ";"])]),
            strs(&["é", "ü", "x"])
        );
        assert_eq!(ok("split", vec![N, s(",")]), N);
        assert_eq!(ok("split", vec![s("a"), N]), N);
        assert_eq!(err("split", vec![s("a"), i(1)]).kind, ErrorKind::Type);
        assert_eq!(err("split", vec![i(1), s(",")]).kind, ErrorKind::Type);
    }

    #[test]
    fn to_string_conversions() {
        assert_eq!(ok("tostring", vec![i(42)]), s("42"));
        assert_eq!(ok("tostring", vec![f(1.0)]), s("1.0"));
        assert_eq!(ok("tostring", vec![f(3.5)]), s("3.5"));
        assert_eq!(ok("tostring", vec![f(1e20)]), s("1.0E20"));
        assert_eq!(ok("tostring", vec![b(true)]), s("true"));
        assert_eq!(ok("tostring", vec![s("x")]), s("x"));
        assert_eq!(ok("tostring", vec![N]), N);
        assert_eq!(err("tostring", vec![ints(&[1])]).kind, ErrorKind::Type);
        assert_eq!(ok("tostringornull", vec![ints(&[1])]), N);
        assert_eq!(
            ok("tostringlist", vec![list(vec![i(1), f(2.5), N, ints(&[])])]),
            list(vec![s("1"), s("2.5"), N, N])
        );
        assert_eq!(ok("tostringlist", vec![N]), N);
        assert_eq!(err("tostringlist", vec![i(1)]).kind, ErrorKind::Type);
    }

    #[test]
    fn to_integer_conversions() {
        assert_eq!(ok("tointeger", vec![s("42")]), i(42));
        assert_eq!(ok("tointeger", vec![s(" -7 ")]), i(-7));
        assert_eq!(ok("tointeger", vec![s("3.9")]), i(3));
        assert_eq!(ok("tointeger", vec![s("-3.9")]), i(-3));
        assert_eq!(ok("tointeger", vec![s("1e3")]), i(1000));
        assert_eq!(ok("tointeger", vec![s("x")]), N);
        assert_eq!(ok("tointeger", vec![s("")]), N);
        assert_eq!(ok("tointeger", vec![s("NaN")]), N);
        assert_eq!(ok("tointeger", vec![s("inf")]), N);
        assert_eq!(ok("tointeger", vec![s("9223372036854775807")]), i(i64::MAX));
        assert_eq!(ok("tointeger", vec![s("99999999999999999999")]), N);
        assert_eq!(ok("tointeger", vec![f(3.9)]), i(3));
        assert_eq!(ok("tointeger", vec![f(-3.9)]), i(-3));
        assert_eq!(ok("tointeger", vec![f(1e20)]), N);
        assert_eq!(ok("tointeger", vec![f(f64::NAN)]), N);
        assert_eq!(ok("tointeger", vec![f(i64::MIN as f64)]), i(i64::MIN));
        assert_eq!(ok("tointeger", vec![b(true)]), i(1));
        assert_eq!(ok("tointeger", vec![b(false)]), i(0));
        assert_eq!(ok("tointeger", vec![i(5)]), i(5));
        assert_eq!(ok("tointeger", vec![N]), N);
        assert_eq!(err("tointeger", vec![ints(&[])]).kind, ErrorKind::Type);
        assert_eq!(ok("tointegerornull", vec![ints(&[])]), N);
        assert_eq!(
            ok(
                "tointegerlist",
                vec![list(vec![s("1"), f(2.5), s("x"), b(true)])]
            ),
            list(vec![i(1), i(2), N, i(1)])
        );
    }

    #[test]
    fn to_float_conversions() {
        assert_eq!(ok("tofloat", vec![s("3.5")]), f(3.5));
        assert_eq!(ok("tofloat", vec![s(" 1e3 ")]), f(1000.0));
        assert_eq!(ok("tofloat", vec![s("-.5")]), f(-0.5));
        assert_eq!(ok("tofloat", vec![s("x")]), N);
        assert_eq!(ok("tofloat", vec![s("inf")]), N);
        assert_eq!(ok("tofloat", vec![s("infinity")]), N);
        assert_eq!(ok("tofloat", vec![s("Infinity")]), f(f64::INFINITY));
        assert_eq!(ok("tofloat", vec![s("-Infinity")]), f(f64::NEG_INFINITY));
        assert!(float(ok("tofloat", vec![s("NaN")])).is_nan());
        assert_eq!(ok("tofloat", vec![i(2)]), f(2.0));
        assert_eq!(ok("tofloat", vec![f(2.5)]), f(2.5));
        assert_eq!(ok("tofloat", vec![N]), N);
        assert_eq!(err("tofloat", vec![b(true)]).kind, ErrorKind::Type);
        assert_eq!(ok("tofloatornull", vec![b(true)]), N);
        assert_eq!(
            ok("tofloatlist", vec![list(vec![s("1.5"), i(2), b(true)])]),
            list(vec![f(1.5), f(2.0), N])
        );
    }

    #[test]
    fn to_boolean_conversions() {
        assert_eq!(ok("toboolean", vec![s("true")]), b(true));
        assert_eq!(ok("toboolean", vec![s("FALSE")]), b(false));
        assert_eq!(ok("toboolean", vec![s(" True ")]), b(true));
        assert_eq!(ok("toboolean", vec![s("yes")]), N);
        assert_eq!(ok("toboolean", vec![i(0)]), b(false));
        assert_eq!(ok("toboolean", vec![i(-3)]), b(true));
        assert_eq!(ok("toboolean", vec![b(true)]), b(true));
        assert_eq!(ok("toboolean", vec![N]), N);
        assert_eq!(err("toboolean", vec![f(1.0)]).kind, ErrorKind::Type);
        assert_eq!(ok("tobooleanornull", vec![f(1.0)]), N);
        assert_eq!(
            ok("tobooleanlist", vec![list(vec![s("true"), i(0), f(1.0)])]),
            list(vec![b(true), b(false), N])
        );
    }

    #[test]
    fn abs_sign_isnan() {
        assert_eq!(ok("abs", vec![i(-3)]), i(3));
        assert_eq!(ok("abs", vec![f(-2.5)]), f(2.5));
        assert_eq!(ok("abs", vec![N]), N);
        assert_eq!(err("abs", vec![i(i64::MIN)]).kind, ErrorKind::Arithmetic);
        assert_eq!(
            err("abs", vec![s("1")]).message,
            "abs() expects a number, got String"
        );
        assert_eq!(ok("sign", vec![i(-3)]), i(-1));
        assert_eq!(ok("sign", vec![i(0)]), i(0));
        assert_eq!(ok("sign", vec![f(2.5)]), i(1));
        assert_eq!(ok("sign", vec![f(-0.0)]), i(0));
        assert_eq!(ok("sign", vec![f(f64::NAN)]), i(0));
        assert_eq!(ok("sign", vec![N]), N);
        assert_eq!(ok("isnan", vec![f(f64::NAN)]), b(true));
        assert_eq!(ok("isnan", vec![f(1.0)]), b(false));
        assert_eq!(ok("isnan", vec![i(1)]), b(false));
        assert_eq!(ok("isnan", vec![N]), N);
        assert_eq!(err("isnan", vec![s("NaN")]).kind, ErrorKind::Type);
    }

    #[test]
    fn rounding() {
        assert_eq!(ok("round", vec![f(1.234567)]), f(1.0));
        assert_eq!(ok("round", vec![f(2.5)]), f(3.0));
        assert_eq!(ok("round", vec![f(-2.5)]), f(-2.0));
        assert_eq!(ok("round", vec![f(-1.5)]), f(-1.0));
        assert_eq!(ok("round", vec![f(-1.6)]), f(-2.0));
        assert_eq!(ok("round", vec![f(0.49999999999999994)]), f(0.0));
        assert_eq!(ok("round", vec![f(-0.4)]), f(0.0));
        assert_eq!(ok("round", vec![i(7)]), f(7.0));
        assert_eq!(ok("round", vec![f(1e300)]), f(1e300));
        assert_eq!(ok("round", vec![f(f64::INFINITY)]), f(f64::INFINITY));
        assert_eq!(ok("round", vec![N]), N);
        assert_eq!(ok("round", vec![f(1.234567), i(3)]), f(1.235));
        assert_eq!(ok("round", vec![f(2.675), i(2)]), f(2.68));
        assert_eq!(ok("round", vec![f(-1.5), i(0)]), f(-1.0));
        assert_eq!(ok("round", vec![f(-1.25), i(1)]), f(-1.3));
        assert_eq!(ok("round", vec![f(1234.5), i(-2)]), f(1200.0));
        assert_eq!(ok("round", vec![f(1250.0), i(-2)]), f(1300.0));
        assert_eq!(ok("round", vec![f(0.003), i(0), s("UP")]), f(1.0));
        assert_eq!(ok("round", vec![f(0.003), i(1)]), f(0.0));
        assert_eq!(ok("round", vec![f(9.99), i(1)]), f(10.0));
        assert_eq!(ok("round", vec![f(1.5), i(1)]), f(1.5));
        assert_eq!(ok("round", vec![f(1.5), i(i64::MAX)]), f(1.5));
        assert_eq!(ok("round", vec![f(1.5), i(i64::MIN)]), f(0.0));
        assert_eq!(ok("round", vec![f(-2.5), i(0), s("HALF_UP")]), f(-3.0));
        assert_eq!(ok("round", vec![f(-2.5), i(0), s("HALF_DOWN")]), f(-2.0));
        assert_eq!(ok("round", vec![f(2.5), i(0), s("HALF_EVEN")]), f(2.0));
        assert_eq!(ok("round", vec![f(3.5), i(0), s("half_even")]), f(4.0));
        assert_eq!(ok("round", vec![f(-2.1), i(0), s("CEILING")]), f(-2.0));
        assert_eq!(ok("round", vec![f(-2.1), i(0), s("FLOOR")]), f(-3.0));
        assert_eq!(ok("round", vec![f(-2.1), i(0), s("UP")]), f(-3.0));
        assert_eq!(ok("round", vec![f(-2.9), i(0), s("DOWN")]), f(-2.0));
        assert_eq!(ok("round", vec![f(2.0), i(0), s("UNNECESSARY")]), f(2.0));
        assert_eq!(
            err("round", vec![f(2.5), i(0), s("UNNECESSARY")]).kind,
            ErrorKind::Argument
        );
        assert_eq!(
            err("round", vec![f(2.5), i(0), s("SIDEWAYS")]).kind,
            ErrorKind::Argument
        );
        assert_eq!(ok("round", vec![f(2.5), N]), N);
        assert_eq!(ok("round", vec![f(2.5), i(0), N]), N);
        assert_eq!(err("round", vec![s("2.5")]).kind, ErrorKind::Type);
        assert_eq!(err("round", vec![f(2.5), f(1.0)]).kind, ErrorKind::Type);
    }

    #[test]
    fn math_functions() {
        assert_eq!(ok("floor", vec![f(-1.5)]), f(-2.0));
        assert_eq!(ok("floor", vec![i(3)]), f(3.0));
        assert_eq!(ok("ceil", vec![f(1.1)]), f(2.0));
        assert_eq!(ok("sqrt", vec![i(16)]), f(4.0));
        assert!(float(ok("sqrt", vec![i(-1)])).is_nan());
        assert_eq!(ok("exp", vec![i(0)]), f(1.0));
        assert_eq!(ok("log", vec![f(std::f64::consts::E)]), f(1.0));
        assert_eq!(ok("log", vec![i(0)]), f(f64::NEG_INFINITY));
        assert!(float(ok("log", vec![i(-1)])).is_nan());
        assert_eq!(ok("log10", vec![i(1000)]), f(3.0));
        assert_eq!(ok("sin", vec![i(0)]), f(0.0));
        assert_eq!(ok("cos", vec![i(0)]), f(1.0));
        assert_eq!(ok("tan", vec![i(0)]), f(0.0));
        assert_eq!(ok("asin", vec![i(1)]), f(std::f64::consts::FRAC_PI_2));
        assert_eq!(ok("acos", vec![i(1)]), f(0.0));
        assert_eq!(ok("atan", vec![i(0)]), f(0.0));
        assert_eq!(
            ok("atan2", vec![i(1), i(1)]),
            f(std::f64::consts::FRAC_PI_4)
        );
        assert_eq!(ok("atan2", vec![N, i(1)]), N);
        assert_eq!(
            ok("cot", vec![f(std::f64::consts::FRAC_PI_4)]),
            f(1.0 / std::f64::consts::FRAC_PI_4.tan())
        );
        assert_eq!(ok("sinh", vec![i(1)]), f(1f64.sinh()));
        assert_eq!(ok("cosh", vec![i(0)]), f(1.0));
        assert_eq!(ok("tanh", vec![f(0.5)]), f(0.5f64.tanh()));
        assert_eq!(ok("coth", vec![i(1)]), f(1.0 / 1f64.tanh()));
        assert_eq!(ok("haversin", vec![i(0)]), f(0.0));
        assert_eq!(ok("degrees", vec![f(std::f64::consts::PI)]), f(180.0));
        assert_eq!(ok("radians", vec![i(180)]), f(std::f64::consts::PI));
        assert_eq!(ok("e", vec![]), f(std::f64::consts::E));
        assert_eq!(ok("pi", vec![]), f(std::f64::consts::PI));
        for name in [
            "floor", "ceil", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "cot", "asin",
            "acos", "atan", "haversin", "degrees", "radians", "sinh", "cosh", "tanh", "coth",
        ] {
            assert_eq!(ok(name, vec![N]), N, "{name}");
            assert_eq!(err(name, vec![s("1")]).kind, ErrorKind::Type, "{name}");
        }
        assert_eq!(err("atan2", vec![i(1), b(true)]).kind, ErrorKind::Type);
    }

    #[test]
    fn randomness_and_time() {
        for _ in 0..1000 {
            let x = float(ok("rand", vec![]));
            assert!((0.0..1.0).contains(&x));
        }
        let Value::String(u) = ok("randomuuid", vec![]) else {
            panic!()
        };
        assert_eq!(u.len(), 36);
        assert_eq!(u.as_bytes()[14], b'4');
        assert!(matches!(u.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert_ne!(ok("randomuuid", vec![]), ok("randomuuid", vec![]));
        assert!(matches!(ok("timestamp", vec![]), Value::Int(ms) if ms > 1_600_000_000_000));
    }

    /// Every scalar and internal function on every combination of assorted arguments: errors are fine,
    /// panics are not.
    #[test]
    fn no_input_panics() {
        let (g, a, _, r) = sample();
        let mut m = BTreeMap::new();
        m.insert("a".to_string(), i(1));
        let values = vec![
            N,
            b(true),
            i(0),
            i(-1),
            i(3),
            i(i64::MIN),
            i(i64::MAX),
            f(0.5),
            f(-2.5),
            f(f64::NAN),
            f(f64::INFINITY),
            f(1e300),
            s(""),
            s("abc"),
            s("é,x"),
            s("("),
            s("HALF_EVEN"),
            list(vec![i(1), N]),
            Value::Map(m),
            Value::Node(a),
            Value::Node(NodeId(99)),
            Value::Rel(r),
            Value::Rel(RelId(99)),
            Value::Path(Box::new(Path {
                nodes: vec![a],
                rels: vec![],
            })),
        ];
        for f in Function::ALL.iter().filter(|f| f.aggregate().is_none()) {
            let (lo, hi) = f.arity();
            for n in lo..=hi.min(3) {
                let mut idx = vec![0usize; n];
                loop {
                    let args: Vec<Value> = idx.iter().map(|&k| values[k].clone()).collect();
                    let _ = super::call(*f, args, Ctx::new(&g));
                    // Next combination.
                    let mut pos = 0;
                    while pos < n {
                        idx[pos] += 1;
                        if idx[pos] < values.len() {
                            break;
                        }
                        idx[pos] = 0;
                        pos += 1;
                    }
                    if pos == n {
                        break;
                    }
                }
            }
        }
    }
}
