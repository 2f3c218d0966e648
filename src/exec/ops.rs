//! Operator semantics on values: boolean logic with null (three-valued), equality, comparison,
//! the total order used by ORDER BY, the equivalence used by DISTINCT and grouping, arithmetic,
//! string predicates, regular expressions, and list membership.
//!
//! Pure functions of values: nothing here prints, parses Cypher, or touches the graph.

// Nothing outside the tests calls into this module until the executor is wired to it.

use crate::diagnostic::{Error, Result};
use crate::graph::{Path, Value, VirtualNode, VirtualRel};
use crate::syntax::ast::{BinaryOp, TypeKind, UnaryOp, ValueType};
use regex::Regex;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/// Whether a value is of a type (`v IS :: type`): null is of every type that is not NOT NULL;
/// a list of a list type when each of its elements is of the element type (the empty list of
/// every one). `tick` is called for each list element looked at.
pub fn is_type(v: &Value, t: &ValueType, tick: &mut dyn FnMut() -> Result<()>) -> Result<bool> {
    use crate::temporal::Kind as T;
    if v.is_null() {
        return Ok(t.holds_null());
    }
    let temporal = |kind: T| matches!(v, Value::Temporal(x) if x.kind() == kind);
    Ok(match &t.kind {
        TypeKind::Any => true,
        TypeKind::Nothing | TypeKind::Null => false,
        TypeKind::Boolean => matches!(v, Value::Bool(_)),
        TypeKind::String => matches!(v, Value::String(_)),
        TypeKind::Integer => matches!(v, Value::Int(_)),
        TypeKind::Float => matches!(v, Value::Float(_)),
        TypeKind::Date => temporal(T::Date),
        TypeKind::LocalTime => temporal(T::LocalTime),
        TypeKind::ZonedTime => temporal(T::Time),
        TypeKind::LocalDateTime => temporal(T::LocalDateTime),
        TypeKind::ZonedDateTime => temporal(T::DateTime),
        TypeKind::Duration => temporal(T::Duration),
        TypeKind::Point => matches!(v, Value::Point(_)),
        TypeKind::Node => matches!(v, Value::Node(_) | Value::VirtualNode(_)),
        TypeKind::Relationship => matches!(v, Value::Rel(_) | Value::VirtualRel(_)),
        TypeKind::Path => matches!(v, Value::Path(_)),
        TypeKind::Map => matches!(v, Value::Map(_)),
        TypeKind::PropertyValue => match v {
            // A list a property can hold: of non-null values of one property type.
            Value::List(items) => {
                let mut first = None;
                for item in items {
                    tick()?;
                    let Some(class) = property_class(item) else {
                        return Ok(false);
                    };
                    if *first.get_or_insert(class) != class {
                        return Ok(false);
                    }
                }
                true
            }
            _ => property_class(v).is_some(),
        },
        TypeKind::List(inner) => match v {
            Value::List(items) => {
                for item in items {
                    tick()?;
                    if !is_type(item, inner, tick)? {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        },
        TypeKind::Union(parts) => {
            for part in parts {
                if is_type(v, part, tick)? {
                    return Ok(true);
                }
            }
            false
        }
    })
}

/// The property type of a value a property can hold alone (not a list), as a small number:
/// None for null, lists, maps and graph elements.
fn property_class(v: &Value) -> Option<u8> {
    use crate::temporal::Kind as T;
    Some(match v {
        Value::Bool(_) => 0,
        Value::String(_) => 1,
        Value::Int(_) => 2,
        Value::Float(_) => 3,
        Value::Temporal(t) => match t.kind() {
            T::Date => 4,
            T::LocalTime => 5,
            T::Time => 6,
            T::LocalDateTime => 7,
            T::DateTime => 8,
            T::Duration => 9,
        },
        Value::Point(_) => 10,
        _ => return None,
    })
}

/// Apply a binary operator to two evaluated operands.
pub fn binary(op: BinaryOp, left: Value, right: Value) -> Result<Value> {
    match op {
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => logic(op, &left, &right),
        BinaryOp::Eq => Ok(opt_bool(equals(&left, &right))),
        BinaryOp::Ne => Ok(opt_bool(equals(&left, &right).map(|b| !b))),
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            Ok(comparison(op, &left, &right))
        }
        BinaryOp::Add => add(left, right),
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Pow => {
            arithmetic(op, &left, &right)
        }
        BinaryOp::In => in_list(&left, &right),
        BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains => {
            Ok(match (&left, &right) {
                (Value::String(a), Value::String(b)) => Value::Bool(match op {
                    BinaryOp::StartsWith => a.starts_with(&**b),
                    BinaryOp::EndsWith => a.ends_with(&**b),
                    _ => a.contains(&**b),
                }),
                _ => Value::Null,
            })
        }
        BinaryOp::RegexMatch => match (&left, &right) {
            (Value::String(text), Value::String(pattern)) => {
                Ok(Value::Bool(regex_matches(pattern, text)?))
            }
            _ => Ok(Value::Null),
        },
    }
}

/// Apply a unary operator to an evaluated operand.
pub fn unary(op: UnaryOp, value: Value) -> Result<Value> {
    match (op, value) {
        (_, Value::Null) => Ok(Value::Null),
        (UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnaryOp::Neg, Value::Int(i)) => i.checked_neg().map(Value::Int).ok_or_else(overflow),
        (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::Plus, v @ (Value::Int(_) | Value::Float(_))) => Ok(v),
        (UnaryOp::Neg, Value::Temporal(t))
            if matches!(&*t, crate::temporal::Temporal::Duration(_)) =>
        {
            match &*t {
                crate::temporal::Temporal::Duration(d) => d
                    .checked_neg()
                    .map(|d| Value::from(crate::temporal::Temporal::Duration(d)))
                    .map_err(Error::arithmetic),
                _ => unreachable!("a duration"),
            }
        }
        (op, v) => {
            let sym = match op {
                UnaryOp::Not => "NOT",
                UnaryOp::Neg => "-",
                UnaryOp::Plus => "+",
            };
            Err(Error::type_error(format!(
                "cannot apply {sym} to {}",
                v.type_name()
            )))
        }
    }
}

/// The condition of a WHERE (or of CASE WHEN): `Some(b)` for a boolean, `None` for null;
/// anything else is a type error.
pub fn truthy(v: &Value) -> Result<Option<bool>> {
    match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        other => Err(Error::type_error(format!(
            "expected a Boolean condition, got {}",
            other.type_name()
        ))),
    }
}

fn opt_bool(b: Option<bool>) -> Value {
    b.map_or(Value::Null, Value::Bool)
}

fn overflow() -> Error {
    Error::arithmetic("integer overflow")
}

fn mismatch(op: BinaryOp, left: &Value, right: &Value) -> Error {
    Error::type_error(format!(
        "cannot apply {} to {} and {}",
        op.symbol(),
        left.type_name(),
        right.type_name()
    ))
}

// ---------------------------------------------------------------------------------------------
// Boolean logic
// ---------------------------------------------------------------------------------------------

fn logic(op: BinaryOp, left: &Value, right: &Value) -> Result<Value> {
    let as_bool = |v: &Value| match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        _ => Err(mismatch(op, left, right)),
    };
    let (a, b) = (as_bool(left)?, as_bool(right)?);
    let result = match op {
        BinaryOp::And => match (a, b) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        BinaryOp::Or => match (a, b) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        _ => match (a, b) {
            (Some(x), Some(y)) => Some(x != y),
            _ => None,
        },
    };
    Ok(opt_bool(result))
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/// 2^63 as a float: every float at or above it exceeds every i64, every float below -2^63 is
/// below every i64.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// Exact comparison of an integer with a float; None when the float is NaN.
pub(crate) fn cmp_int_float(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= TWO_63 {
        return Some(Ordering::Less);
    }
    if f < -TWO_63 {
        return Some(Ordering::Greater);
    }
    // Now f lies in [-2^63, 2^63): its integer part fits an i64 exactly.
    let t = f.trunc();
    let ti = t as i64;
    match i.cmp(&ti) {
        Ordering::Equal => {
            let frac = f - t;
            Some(if frac > 0.0 {
                Ordering::Less
            } else if frac < 0.0 {
                Ordering::Greater
            } else {
                Ordering::Equal
            })
        }
        o => Some(o),
    }
}

/// Numeric comparison for two numeric values; None if either is not a number or is NaN.
fn cmp_numbers(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Int(x), Value::Float(y)) => cmp_int_float(*x, *y),
        (Value::Float(x), Value::Int(y)) => cmp_int_float(*y, *x).map(Ordering::reverse),
        _ => None,
    }
}

fn is_number(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Float(_))
}

fn is_nan(v: &Value) -> bool {
    matches!(v, Value::Float(f) if f.is_nan())
}

pub use crate::graph::format_float;

/// A scalar as a string for concatenation and `toString()`: None for non-scalars.
pub fn scalar_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(format_float(*f)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn add(left: Value, right: Value) -> Result<Value> {
    match (left, right) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(mut a), Value::List(b)) => {
            a.extend(b);
            Ok(Value::List(a))
        }
        (Value::List(mut a), x) => {
            a.push(x);
            Ok(Value::List(a))
        }
        (x, Value::List(b)) => {
            let mut out = Vec::with_capacity(b.len() + 1);
            out.push(x);
            out.extend(b);
            Ok(Value::List(out))
        }
        (Value::String(a), Value::String(b)) => {
            let mut s = String::with_capacity(a.len() + b.len());
            s.push_str(&a);
            s.push_str(&b);
            Ok(Value::from(s))
        }
        (Value::String(a), b @ (Value::Int(_) | Value::Float(_) | Value::Bool(_))) => {
            let rest = scalar_to_string(&b).unwrap_or_default();
            Ok(Value::from(format!("{a}{rest}")))
        }
        (a @ (Value::Int(_) | Value::Float(_) | Value::Bool(_)), Value::String(b)) => {
            let first = scalar_to_string(&a).unwrap_or_default();
            Ok(Value::from(format!("{first}{b}")))
        }
        (a, b) => arithmetic(BinaryOp::Add, &a, &b),
    }
}

fn arithmetic(op: BinaryOp, left: &Value, right: &Value) -> Result<Value> {
    match (left, right) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Int(a), Value::Int(b)) => int_arith(op, *a, *b),
        (Value::Int(a), Value::Float(b)) => Ok(Value::Float(float_arith(op, *a as f64, *b))),
        (Value::Float(a), Value::Int(b)) => Ok(Value::Float(float_arith(op, *a, *b as f64))),
        (Value::Float(a), Value::Float(b)) => Ok(Value::Float(float_arith(op, *a, *b))),
        (Value::Temporal(_), _) | (_, Value::Temporal(_)) => temporal_arith(op, left, right),
        _ => Err(mismatch(op, left, right)),
    }
}

/// Arithmetic with temporal values: an instant (or a duration) plus or minus a duration, a
/// duration times or divided by a number.
fn temporal_arith(op: BinaryOp, left: &Value, right: &Value) -> Result<Value> {
    use crate::temporal::{self, Temporal};
    let wrap =
        |r: std::result::Result<Temporal, String>| r.map(Value::from).map_err(Error::arithmetic);
    let dur = |v: &Value| match v {
        Value::Temporal(t) => match &**t {
            Temporal::Duration(d) => Some(*d),
            _ => None,
        },
        _ => None,
    };
    match (op, left, right) {
        (BinaryOp::Add, Value::Temporal(t), r) if dur(r).is_some() => {
            wrap(temporal::add(t, &dur(r).expect("a duration")))
        }
        (BinaryOp::Add, l, Value::Temporal(t)) if dur(l).is_some() => {
            wrap(temporal::add(t, &dur(l).expect("a duration")))
        }
        (BinaryOp::Sub, Value::Temporal(t), r) if dur(r).is_some() => {
            wrap(temporal::sub(t, &dur(r).expect("a duration")))
        }
        (BinaryOp::Mul, l, Value::Int(k)) | (BinaryOp::Mul, Value::Int(k), l)
            if dur(l).is_some() =>
        {
            wrap(
                dur(l)
                    .expect("a duration")
                    .checked_mul_int(*k)
                    .map(Temporal::Duration),
            )
        }
        (BinaryOp::Mul, l, Value::Float(f)) | (BinaryOp::Mul, Value::Float(f), l)
            if dur(l).is_some() =>
        {
            wrap(
                dur(l)
                    .expect("a duration")
                    .mul_float(*f)
                    .map(Temporal::Duration),
            )
        }
        (BinaryOp::Div, l, Value::Int(k)) if dur(l).is_some() => wrap(
            dur(l)
                .expect("a duration")
                .div_float(*k as f64)
                .map(Temporal::Duration),
        ),
        (BinaryOp::Div, l, Value::Float(f)) if dur(l).is_some() => wrap(
            dur(l)
                .expect("a duration")
                .div_float(*f)
                .map(Temporal::Duration),
        ),
        _ => {
            let err = mismatch(op, left, right);
            Err(match (op, left, right) {
                (BinaryOp::Sub, Value::Temporal(a), Value::Temporal(b))
                    if a.kind() != temporal::Kind::Duration
                        && b.kind() != temporal::Kind::Duration =>
                {
                    err.with_help("duration.between(a, b) gives the duration from a to b")
                }
                _ => err,
            })
        }
    }
}

fn int_arith(op: BinaryOp, a: i64, b: i64) -> Result<Value> {
    let r = match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Sub => a.checked_sub(b),
        BinaryOp::Mul => a.checked_mul(b),
        BinaryOp::Div => {
            if b == 0 {
                return Err(Error::arithmetic("division by zero"));
            }
            a.checked_div(b)
        }
        BinaryOp::Mod => {
            if b == 0 {
                return Err(Error::arithmetic("division by zero"));
            }
            // i64::MIN % -1 is mathematically 0.
            Some(a.wrapping_rem(b))
        }
        BinaryOp::Pow => return Ok(Value::Float((a as f64).powf(b as f64))),
        _ => return Err(mismatch(op, &Value::Int(a), &Value::Int(b))),
    };
    r.map(Value::Int).ok_or_else(overflow)
}

fn float_arith(op: BinaryOp, a: f64, b: f64) -> f64 {
    match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        BinaryOp::Div => a / b,
        BinaryOp::Mod => a % b,
        _ => a.powf(b),
    }
}

// ---------------------------------------------------------------------------------------------
// Equality and comparison
// ---------------------------------------------------------------------------------------------

/// Cypher `=`: None when the answer is unknown because null is involved.
pub fn equals(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (x, y) if is_number(x) && is_number(y) => Some(cmp_numbers(x, y) == Some(Ordering::Equal)),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all_equal(x.iter().zip(y.iter()))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || x.keys().zip(y.keys()).any(|(k1, k2)| k1 != k2) {
                return Some(false);
            }
            all_equal(x.values().zip(y.values()))
        }
        (Value::Node(x), Value::Node(y)) => Some(x == y),
        (Value::Rel(x), Value::Rel(y)) => Some(x == y),
        (Value::VirtualNode(x), Value::VirtualNode(y)) => {
            Some(order_virtual_nodes(x, y) == Ordering::Equal)
        }
        (Value::VirtualRel(x), Value::VirtualRel(y)) => {
            Some(order_virtual_rels(x, y) == Ordering::Equal)
        }
        (Value::Path(x), Value::Path(y)) => Some(x == y),
        (Value::Temporal(x), Value::Temporal(y)) => Some(x.same(y)),
        (Value::Point(x), Value::Point(y)) => Some(x.same(y)),
        _ => Some(false),
    }
}

/// Three-valued conjunction of element equalities: false wins over unknown.
fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Value, &'a Value)>) -> Option<bool> {
    let mut unknown = false;
    for (a, b) in pairs {
        match equals(a, b) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

/// The ordering for `<`, `<=`, `>`, `>=`: defined between numbers, between strings, between
/// booleans, and between lists (lexicographically, element by element with these same rules);
/// None otherwise, and None when null or NaN is involved.
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                match compare(p, q)? {
                    Ordering::Equal => {}
                    o => return Some(o),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        (Value::Temporal(x), Value::Temporal(y)) => x.compare(y),
        _ => cmp_numbers(a, b),
    }
}

fn comparison(op: BinaryOp, left: &Value, right: &Value) -> Value {
    if (is_nan(left) && is_number(right)) || (is_nan(right) && is_number(left)) {
        // Comparisons with NaN are false, not unknown.
        return Value::Bool(false);
    }
    match compare(left, right) {
        None => Value::Null,
        Some(o) => Value::Bool(match op {
            BinaryOp::Lt => o == Ordering::Less,
            BinaryOp::Le => o != Ordering::Greater,
            BinaryOp::Gt => o == Ordering::Greater,
            _ => o != Ordering::Less,
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// ORDER BY: a total order over all values
// ---------------------------------------------------------------------------------------------

fn type_rank(v: &Value) -> u8 {
    match v {
        Value::Map(_) => 0,
        Value::Node(_) | Value::VirtualNode(_) => 1,
        Value::Rel(_) | Value::VirtualRel(_) => 2,
        Value::List(_) => 3,
        Value::Path(_) => 4,
        Value::Point(_) => 5,
        // DateTime, LocalDateTime, Date, Time, LocalTime, Duration: 6 to 11.
        Value::Temporal(t) => 6 + t.kind() as u8,
        Value::String(_) => 12,
        Value::Bool(_) => 13,
        Value::Int(_) | Value::Float(_) => 14,
        Value::Null => 15,
    }
}

/// The total order of ORDER BY, ascending: maps, nodes, relationships, lists, paths, points
/// (by coordinate reference system, then coordinates), datetimes, local datetimes, dates, times, local times, durations, strings, booleans,
/// numbers (NaN after every other number), and null last.
pub fn order(a: &Value, b: &Value) -> Ordering {
    let (ra, rb) = (type_rank(a), type_rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Value::Map(x), Value::Map(y)) => order_maps(x, y),
        (Value::Node(x), Value::Node(y)) => x.cmp(y),
        (Value::Rel(x), Value::Rel(y)) => x.cmp(y),
        // A virtual entity's id is negative: before every entity of the graph.
        (Value::VirtualNode(_), Value::Node(_)) | (Value::VirtualRel(_), Value::Rel(_)) => {
            Ordering::Less
        }
        (Value::Node(_), Value::VirtualNode(_)) | (Value::Rel(_), Value::VirtualRel(_)) => {
            Ordering::Greater
        }
        (Value::VirtualNode(x), Value::VirtualNode(y)) => order_virtual_nodes(x, y),
        (Value::VirtualRel(x), Value::VirtualRel(y)) => order_virtual_rels(x, y),
        (Value::List(x), Value::List(y)) => order_lists(x, y),
        (Value::Path(x), Value::Path(y)) => order_paths(x, y),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Temporal(x), Value::Temporal(y)) => x.order(y),
        (Value::Point(x), Value::Point(y)) => x.order(y),
        (Value::Null, Value::Null) => Ordering::Equal,
        _ => match (is_nan(a), is_nan(b)) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => cmp_numbers(a, b).unwrap_or(Ordering::Equal),
        },
    }
}

/// Virtual nodes by id, then (for those of different calls that share an id) by labels and
/// properties: equal only when they are the same in every way.
fn order_virtual_nodes(x: &VirtualNode, y: &VirtualNode) -> Ordering {
    if std::ptr::eq(x, y) {
        return Ordering::Equal;
    }
    x.id.cmp(&y.id)
        .then_with(|| x.labels.cmp(&y.labels))
        .then_with(|| order_maps(&x.props, &y.props))
}

/// Virtual relationships by id, then by type, ends and properties.
fn order_virtual_rels(x: &VirtualRel, y: &VirtualRel) -> Ordering {
    if std::ptr::eq(x, y) {
        return Ordering::Equal;
    }
    x.id.cmp(&y.id)
        .then_with(|| x.rel_type.cmp(&y.rel_type))
        .then_with(|| order_virtual_nodes(&x.start, &y.start))
        .then_with(|| order_virtual_nodes(&x.end, &y.end))
        .then_with(|| order_maps(&x.props, &y.props))
}

fn order_maps(x: &BTreeMap<String, Value>, y: &BTreeMap<String, Value>) -> Ordering {
    x.len().cmp(&y.len()).then_with(|| {
        for ((k1, v1), (k2, v2)) in x.iter().zip(y.iter()) {
            let o = k1.cmp(k2).then_with(|| order(v1, v2));
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    })
}

fn order_lists(x: &[Value], y: &[Value]) -> Ordering {
    for (p, q) in x.iter().zip(y.iter()) {
        let o = order(p, q);
        if o != Ordering::Equal {
            return o;
        }
    }
    x.len().cmp(&y.len())
}

/// Paths compare element by element: first node, first relationship, second node, ...
fn order_paths(x: &Path, y: &Path) -> Ordering {
    let n = x.nodes.len().max(y.nodes.len());
    for i in 0..n {
        match (x.nodes.get(i), y.nodes.get(i)) {
            (Some(a), Some(b)) if a != b => return a.cmp(b),
            (Some(_), Some(_)) => {}
            (a, b) => return a.is_some().cmp(&b.is_some()),
        }
        match (x.rels.get(i), y.rels.get(i)) {
            (Some(a), Some(b)) if a != b => return a.cmp(b),
            (Some(_), Some(_)) | (None, None) => {}
            (a, b) => return a.is_some().cmp(&b.is_some()),
        }
    }
    Ordering::Equal
}

// ---------------------------------------------------------------------------------------------
// DISTINCT and grouping
// ---------------------------------------------------------------------------------------------

/// A value as a key for DISTINCT, grouping and UNION: null equals null, `1` equals `1.0`,
/// NaN equals NaN, lists and maps compare structurally.
#[derive(Clone, Debug)]
pub struct GroupKey(Value);

impl GroupKey {
    pub fn new(value: &Value) -> GroupKey {
        GroupKey(value.clone())
    }
    pub fn value(&self) -> &Value {
        &self.0
    }
    pub fn into_value(self) -> Value {
        self.0
    }
}

impl From<Value> for GroupKey {
    fn from(value: Value) -> GroupKey {
        GroupKey(value)
    }
}

impl From<GroupKey> for Value {
    fn from(key: GroupKey) -> Value {
        key.0
    }
}

impl PartialEq for GroupKey {
    fn eq(&self, other: &GroupKey) -> bool {
        order(&self.0, &other.0) == Ordering::Equal
    }
}

impl Eq for GroupKey {}

impl Hash for GroupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state);
    }
}

/// The hash of a row of grouping values, consistent with `same_group`.
pub fn hash_group<S: std::hash::BuildHasher>(values: &[Value], state: &S) -> u64 {
    let mut h = state.build_hasher();
    for v in values {
        hash_value(v, &mut h);
    }
    h.finish()
}

/// Whether two rows of grouping values fall in the same group, as `GroupKey`s compare.
pub fn same_group(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| order(x, y) == Ordering::Equal)
}

/// Hash consistent with `order(..) == Equal`: integral floats hash as the integer they equal.
fn hash_value<H: Hasher>(v: &Value, state: &mut H) {
    type_rank(v).hash(state);
    match v {
        Value::Null => {}
        Value::Bool(b) => b.hash(state),
        Value::Int(i) => {
            0u8.hash(state);
            i.hash(state);
        }
        Value::Float(f) => {
            if f.is_nan() {
                2u8.hash(state);
            } else if f.fract() == 0.0 && (-TWO_63..TWO_63).contains(f) {
                0u8.hash(state);
                (*f as i64).hash(state);
            } else {
                1u8.hash(state);
                f.to_bits().hash(state);
            }
        }
        Value::String(s) => s.hash(state),
        Value::List(items) => {
            items.len().hash(state);
            for item in items {
                hash_value(item, state);
            }
        }
        Value::Map(m) => {
            m.len().hash(state);
            for (k, item) in m {
                k.hash(state);
                hash_value(item, state);
            }
        }
        Value::Node(n) => n.hash(state),
        Value::Rel(r) => r.hash(state),
        Value::VirtualNode(n) => n.id.hash(state),
        Value::VirtualRel(r) => r.id.hash(state),
        Value::Path(p) => p.hash(state),
        Value::Temporal(t) => t.hash_into(state),
        Value::Point(p) => p.hash_into(state),
    }
}

// ---------------------------------------------------------------------------------------------
// IN
// ---------------------------------------------------------------------------------------------

fn in_list(needle: &Value, list: &Value) -> Result<Value> {
    match list {
        Value::Null => Ok(Value::Null),
        Value::List(items) => {
            let mut unknown = false;
            for item in items {
                match equals(needle, item) {
                    Some(true) => return Ok(Value::Bool(true)),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            Ok(if unknown {
                Value::Null
            } else {
                Value::Bool(false)
            })
        }
        other => Err(Error::type_error(format!(
            "IN expects a List on its right, got {}",
            other.type_name()
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Regular expressions
// ---------------------------------------------------------------------------------------------

const REGEX_CACHE_CAP: usize = 256;
const REGEX_SIZE_LIMIT: usize = 1 << 22;

thread_local! {
    static REGEX_CACHE: RefCell<HashMap<String, std::result::Result<Regex, String>>> =
        RefCell::new(HashMap::new());
}

/// Compile a pattern anchored at both ends (a whole-string match), through a per-thread cache.
fn compile_regex(pattern: &str) -> Result<Regex> {
    let cached = REGEX_CACHE.with(|c| c.borrow().get(pattern).cloned());
    let compiled = match cached {
        Some(r) => r,
        None => {
            let build = |p: &str| {
                regex::RegexBuilder::new(p)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| regex_error_reason(&e.to_string()))
            };
            // The pattern is checked on its own first, so that one such as `a)|(b` is refused
            // rather than becoming valid once wrapped in the anchoring group.
            let r = build(pattern).and_then(|_| build(&format!(r"\A(?:{pattern})\z")));
            REGEX_CACHE.with(|c| {
                let mut c = c.borrow_mut();
                if c.len() >= REGEX_CACHE_CAP {
                    c.clear();
                }
                c.insert(pattern.to_string(), r.clone());
            });
            r
        }
    };
    compiled.map_err(|reason| {
        Error::argument(format!("invalid regular expression '{pattern}'")).with_help(reason)
    })
}

fn regex_error_reason(s: &str) -> String {
    // The regex crate's messages span several lines with a caret diagram; keep the gist.
    s.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map_or_else(
            || s.lines().next().unwrap_or("").to_string(),
            |l| {
                l.trim_start()
                    .trim_start_matches("error:")
                    .trim()
                    .to_string()
            },
        )
}

/// `text =~ pattern`: true when the whole of `text` matches.
pub fn regex_matches(pattern: &str, text: &str) -> Result<bool> {
    Ok(compile_regex(pattern)?.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::ErrorKind;
    use crate::graph::{NodeId, RelId};
    use std::collections::{BTreeMap, HashSet};

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
    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        )
    }
    const N: Value = Value::Null;

    fn bin(op: BinaryOp, l: Value, r: Value) -> Value {
        binary(op, l, r).unwrap()
    }
    fn bin_err(op: BinaryOp, l: Value, r: Value) -> Error {
        binary(op, l, r).unwrap_err()
    }

    #[test]
    fn and_or_xor_truth_tables() {
        let vals = [b(true), b(false), N];
        // Expected tables indexed [left][right] over (true, false, null).
        let and = [
            [b(true), b(false), N],
            [b(false), b(false), b(false)],
            [N, b(false), N],
        ];
        let or = [
            [b(true), b(true), b(true)],
            [b(true), b(false), N],
            [b(true), N, N],
        ];
        let xor = [[b(false), b(true), N], [b(true), b(false), N], [N, N, N]];
        for (x, l) in vals.iter().enumerate() {
            for (y, r) in vals.iter().enumerate() {
                assert_eq!(
                    bin(BinaryOp::And, l.clone(), r.clone()),
                    and[x][y],
                    "{l:?} AND {r:?}"
                );
                assert_eq!(
                    bin(BinaryOp::Or, l.clone(), r.clone()),
                    or[x][y],
                    "{l:?} OR {r:?}"
                );
                assert_eq!(
                    bin(BinaryOp::Xor, l.clone(), r.clone()),
                    xor[x][y],
                    "{l:?} XOR {r:?}"
                );
            }
        }
    }

    #[test]
    fn logic_rejects_non_booleans() {
        for op in [BinaryOp::And, BinaryOp::Or, BinaryOp::Xor] {
            assert_eq!(bin_err(op, i(1), b(true)).kind, ErrorKind::Type);
            assert_eq!(bin_err(op, N, s("x")).kind, ErrorKind::Type);
            assert_eq!(bin_err(op, b(false), list(vec![])).kind, ErrorKind::Type);
        }
        let e = bin_err(BinaryOp::And, i(1), b(true));
        assert_eq!(e.message, "cannot apply AND to Integer and Boolean");
    }

    #[test]
    fn not_is_three_valued() {
        assert_eq!(unary(UnaryOp::Not, b(true)).unwrap(), b(false));
        assert_eq!(unary(UnaryOp::Not, b(false)).unwrap(), b(true));
        assert_eq!(unary(UnaryOp::Not, N).unwrap(), N);
        assert_eq!(unary(UnaryOp::Not, i(0)).unwrap_err().kind, ErrorKind::Type);
    }

    #[test]
    fn negation_and_plus() {
        assert_eq!(unary(UnaryOp::Neg, i(5)).unwrap(), i(-5));
        assert_eq!(unary(UnaryOp::Neg, f(1.5)).unwrap(), f(-1.5));
        assert_eq!(unary(UnaryOp::Neg, N).unwrap(), N);
        assert_eq!(
            unary(UnaryOp::Neg, i(i64::MIN)).unwrap_err().kind,
            ErrorKind::Arithmetic
        );
        assert_eq!(unary(UnaryOp::Neg, i(i64::MAX)).unwrap(), i(-i64::MAX));
        assert_eq!(
            unary(UnaryOp::Neg, s("a")).unwrap_err().message,
            "cannot apply - to String"
        );
        assert_eq!(unary(UnaryOp::Plus, i(3)).unwrap(), i(3));
        assert_eq!(unary(UnaryOp::Plus, f(-0.5)).unwrap(), f(-0.5));
        assert_eq!(
            unary(UnaryOp::Plus, b(true)).unwrap_err().kind,
            ErrorKind::Type
        );
    }

    #[test]
    fn truthy_values() {
        assert_eq!(truthy(&b(true)).unwrap(), Some(true));
        assert_eq!(truthy(&b(false)).unwrap(), Some(false));
        assert_eq!(truthy(&N).unwrap(), None);
        assert_eq!(truthy(&i(1)).unwrap_err().kind, ErrorKind::Type);
    }

    #[test]
    fn integer_arithmetic() {
        assert_eq!(bin(BinaryOp::Add, i(2), i(3)), i(5));
        assert_eq!(bin(BinaryOp::Sub, i(2), i(3)), i(-1));
        assert_eq!(bin(BinaryOp::Mul, i(4), i(-3)), i(-12));
        assert_eq!(bin(BinaryOp::Div, i(7), i(2)), i(3));
        assert_eq!(bin(BinaryOp::Div, i(-7), i(2)), i(-3));
        assert_eq!(bin(BinaryOp::Mod, i(7), i(3)), i(1));
        assert_eq!(bin(BinaryOp::Mod, i(-7), i(3)), i(-1));
        assert_eq!(bin(BinaryOp::Mod, i(i64::MIN), i(-1)), i(0));
        assert_eq!(bin(BinaryOp::Pow, i(2), i(10)), f(1024.0));
        assert_eq!(bin(BinaryOp::Pow, i(2), i(-1)), f(0.5));
    }

    #[test]
    fn integer_overflow_and_division_by_zero() {
        for (op, l, r) in [
            (BinaryOp::Add, i64::MAX, 1),
            (BinaryOp::Sub, i64::MIN, 1),
            (BinaryOp::Mul, i64::MAX, 2),
            (BinaryOp::Div, i64::MIN, -1),
        ] {
            let e = bin_err(op, i(l), i(r));
            assert_eq!(e.kind, ErrorKind::Arithmetic);
            assert_eq!(e.message, "integer overflow");
        }
        for op in [BinaryOp::Div, BinaryOp::Mod] {
            let e = bin_err(op, i(1), i(0));
            assert_eq!(e.kind, ErrorKind::Arithmetic);
            assert_eq!(e.message, "division by zero");
        }
    }

    #[test]
    fn float_arithmetic() {
        assert_eq!(bin(BinaryOp::Add, i(1), f(0.5)), f(1.5));
        assert_eq!(bin(BinaryOp::Mul, f(2.0), i(3)), f(6.0));
        assert_eq!(bin(BinaryOp::Div, i(1), f(4.0)), f(0.25));
        assert_eq!(bin(BinaryOp::Div, f(1.0), i(0)), f(f64::INFINITY));
        assert_eq!(bin(BinaryOp::Div, i(-1), f(0.0)), f(f64::NEG_INFINITY));
        assert!(matches!(bin(BinaryOp::Div, f(0.0), f(0.0)), Value::Float(x) if x.is_nan()));
        assert_eq!(bin(BinaryOp::Mod, f(7.5), i(2)), f(1.5));
        assert_eq!(bin(BinaryOp::Mod, f(-7.5), f(2.0)), f(-1.5));
        assert!(matches!(bin(BinaryOp::Mod, f(1.0), i(0)), Value::Float(x) if x.is_nan()));
        assert_eq!(bin(BinaryOp::Pow, f(4.0), f(0.5)), f(2.0));
        assert_eq!(bin(BinaryOp::Sub, f(0.5), i(1)), f(-0.5));
    }

    #[test]
    fn arithmetic_null_propagation() {
        for op in [
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Div,
            BinaryOp::Mod,
            BinaryOp::Pow,
        ] {
            assert_eq!(bin(op, N, i(1)), N);
            assert_eq!(bin(op, f(1.0), N), N);
            assert_eq!(bin(op, N, N), N);
            assert_eq!(bin(op, N, s("a")), N);
        }
        assert_eq!(bin(BinaryOp::Add, list(vec![i(1)]), N), N);
        assert_eq!(bin(BinaryOp::Div, N, i(0)), N);
    }

    #[test]
    fn arithmetic_type_errors() {
        let e = bin_err(BinaryOp::Sub, s("a"), i(1));
        assert_eq!(e.kind, ErrorKind::Type);
        assert_eq!(e.message, "cannot apply - to String and Integer");
        assert_eq!(
            bin_err(BinaryOp::Add, b(true), i(1)).message,
            "cannot apply + to Boolean and Integer"
        );
        assert_eq!(
            bin_err(BinaryOp::Mul, map(&[]), i(2)).message,
            "cannot apply * to Map and Integer"
        );
        assert_eq!(
            bin_err(BinaryOp::Add, Value::Node(NodeId(1)), i(1)).kind,
            ErrorKind::Type
        );
        assert_eq!(
            bin_err(BinaryOp::Add, map(&[]), map(&[])).kind,
            ErrorKind::Type
        );
        assert_eq!(
            bin_err(BinaryOp::Add, b(true), b(false)).kind,
            ErrorKind::Type
        );
        assert_eq!(bin_err(BinaryOp::Mul, s("ab"), i(2)).kind, ErrorKind::Type);
        assert_eq!(
            bin_err(BinaryOp::Pow, list(vec![]), i(2)).kind,
            ErrorKind::Type
        );
    }

    #[test]
    fn string_and_list_addition() {
        assert_eq!(bin(BinaryOp::Add, s("ab"), s("cd")), s("abcd"));
        assert_eq!(bin(BinaryOp::Add, s("n="), i(3)), s("n=3"));
        assert_eq!(bin(BinaryOp::Add, s("x="), f(1.0)), s("x=1.0"));
        assert_eq!(bin(BinaryOp::Add, f(0.1), s("!")), s("0.1!"));
        assert_eq!(bin(BinaryOp::Add, s("b:"), b(true)), s("b:true"));
        assert_eq!(bin(BinaryOp::Add, i(-2), s("x")), s("-2x"));
        assert_eq!(
            bin(BinaryOp::Add, list(vec![i(1)]), list(vec![i(2), i(3)])),
            list(vec![i(1), i(2), i(3)])
        );
        assert_eq!(
            bin(BinaryOp::Add, list(vec![i(1)]), s("a")),
            list(vec![i(1), s("a")])
        );
        assert_eq!(
            bin(BinaryOp::Add, s("a"), list(vec![i(1)])),
            list(vec![s("a"), i(1)])
        );
        assert_eq!(
            bin(BinaryOp::Add, list(vec![]), list(vec![i(1)])),
            list(vec![i(1)])
        );
        assert_eq!(
            bin(BinaryOp::Add, list(vec![i(1)]), list(vec![list(vec![])])),
            list(vec![i(1), list(vec![])])
        );
    }

    #[test]
    fn float_formatting() {
        assert_eq!(format_float(1.0), "1.0");
        assert_eq!(format_float(0.1), "0.1");
        assert_eq!(format_float(-2.5), "-2.5");
        assert_eq!(format_float(2.75), "2.75");
        assert_eq!(format_float(1e10), "1.0E10");
        assert_eq!(format_float(1.5e10), "1.5E10");
        assert_eq!(format_float(1234567.0), "1234567.0");
        assert_eq!(format_float(12345678.0), "1.2345678E7");
        assert_eq!(format_float(0.001), "0.001");
        assert_eq!(format_float(0.0001), "1.0E-4");
        assert_eq!(format_float(-1.25e-7), "-1.25E-7");
        assert_eq!(format_float(0.0), "0.0");
        assert_eq!(format_float(-0.0), "-0.0");
        assert_eq!(format_float(f64::NAN), "NaN");
        assert_eq!(format_float(f64::INFINITY), "Infinity");
        assert_eq!(format_float(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(format_float(f64::MAX), "1.7976931348623157E308");
        assert_eq!(format_float(5e-324), "5.0E-324");
    }

    #[test]
    fn equality() {
        assert_eq!(equals(&i(1), &f(1.0)), Some(true));
        assert_eq!(equals(&i(1), &f(1.5)), Some(false));
        assert_eq!(equals(&i(1), &s("1")), Some(false));
        assert_eq!(equals(&b(true), &i(1)), Some(false));
        assert_eq!(equals(&s("a"), &s("a")), Some(true));
        assert_eq!(equals(&N, &N), None);
        assert_eq!(equals(&N, &i(1)), None);
        assert_eq!(equals(&f(f64::NAN), &f(f64::NAN)), Some(false));
        assert_eq!(
            equals(&Value::Node(NodeId(1)), &Value::Node(NodeId(1))),
            Some(true)
        );
        assert_eq!(
            equals(&Value::Node(NodeId(1)), &Value::Node(NodeId(2))),
            Some(false)
        );
        assert_eq!(
            equals(&Value::Node(NodeId(1)), &Value::Rel(RelId(1))),
            Some(false)
        );
        assert_eq!(
            equals(&Value::Rel(RelId(3)), &Value::Rel(RelId(3))),
            Some(true)
        );
        // Large integers are compared exactly with floats.
        assert_eq!(
            equals(&i(9_007_199_254_740_993), &f(9_007_199_254_740_992.0)),
            Some(false)
        );
        assert_eq!(equals(&i(i64::MAX), &f(i64::MAX as f64)), Some(false));
        assert_eq!(equals(&i(i64::MIN), &f(i64::MIN as f64)), Some(true));
    }

    #[test]
    fn list_and_map_equality() {
        assert_eq!(
            equals(&list(vec![i(1), f(2.0)]), &list(vec![f(1.0), i(2)])),
            Some(true)
        );
        assert_eq!(
            equals(&list(vec![i(1)]), &list(vec![i(1), i(2)])),
            Some(false)
        );
        assert_eq!(equals(&list(vec![i(1), N]), &list(vec![i(1), N])), None);
        assert_eq!(
            equals(&list(vec![i(1), N]), &list(vec![i(2), N])),
            Some(false)
        );
        assert_eq!(
            equals(&list(vec![N, i(1)]), &list(vec![N, i(2)])),
            Some(false)
        );
        assert_eq!(equals(&list(vec![N]), &list(vec![i(1), i(2)])), Some(false));
        assert_eq!(equals(&list(vec![]), &list(vec![])), Some(true));
        assert_eq!(
            equals(&map(&[("a", i(1))]), &map(&[("a", f(1.0))])),
            Some(true)
        );
        assert_eq!(
            equals(&map(&[("a", i(1))]), &map(&[("b", i(1))])),
            Some(false)
        );
        assert_eq!(equals(&map(&[("a", N)]), &map(&[("a", N)])), None);
        assert_eq!(
            equals(
                &map(&[("a", N), ("b", i(1))]),
                &map(&[("a", N), ("b", i(2))])
            ),
            Some(false)
        );
        assert_eq!(equals(&map(&[]), &list(vec![])), Some(false));
    }

    #[test]
    fn eq_ne_operators() {
        assert_eq!(bin(BinaryOp::Eq, i(1), f(1.0)), b(true));
        assert_eq!(bin(BinaryOp::Ne, i(1), f(1.0)), b(false));
        assert_eq!(bin(BinaryOp::Eq, N, N), N);
        assert_eq!(bin(BinaryOp::Ne, N, i(1)), N);
        assert_eq!(bin(BinaryOp::Ne, f(f64::NAN), f(f64::NAN)), b(true));
        assert_eq!(bin(BinaryOp::Ne, s("a"), i(1)), b(true));
    }

    #[test]
    fn comparison_rules() {
        use Ordering::*;
        assert_eq!(compare(&i(1), &i(2)), Some(Less));
        assert_eq!(compare(&i(2), &f(1.5)), Some(Greater));
        assert_eq!(compare(&f(1.0), &i(1)), Some(Equal));
        assert_eq!(
            compare(&i(9_007_199_254_740_993), &f(9_007_199_254_740_992.0)),
            Some(Greater)
        );
        assert_eq!(
            compare(&f(9_007_199_254_740_992.0), &i(9_007_199_254_740_993)),
            Some(Less)
        );
        assert_eq!(compare(&i(i64::MAX), &f(9.3e18)), Some(Less));
        assert_eq!(compare(&i(i64::MIN), &f(-1e19)), Some(Greater));
        assert_eq!(compare(&i(-3), &f(-2.5)), Some(Less));
        assert_eq!(compare(&i(-2), &f(-2.5)), Some(Greater));
        assert_eq!(compare(&i(0), &f(f64::INFINITY)), Some(Less));
        assert_eq!(compare(&s("a"), &s("b")), Some(Less));
        assert_eq!(compare(&s("B"), &s("a")), Some(Less));
        assert_eq!(compare(&s("ab"), &s("a")), Some(Greater));
        assert_eq!(compare(&b(false), &b(true)), Some(Less));
        assert_eq!(
            compare(&list(vec![i(1), i(2)]), &list(vec![i(1), i(3)])),
            Some(Less)
        );
        assert_eq!(
            compare(&list(vec![i(1)]), &list(vec![i(1), i(0)])),
            Some(Less)
        );
        assert_eq!(
            compare(&list(vec![i(2)]), &list(vec![i(1), i(0)])),
            Some(Greater)
        );
        assert_eq!(
            compare(&list(vec![i(1), s("a")]), &list(vec![i(1), i(2)])),
            None
        );
        assert_eq!(
            compare(&list(vec![i(1), s("a")]), &list(vec![i(2), i(2)])),
            Some(Less)
        );
        assert_eq!(compare(&list(vec![N]), &list(vec![i(1)])), None);
        assert_eq!(compare(&i(1), &s("1")), None);
        assert_eq!(compare(&b(true), &i(1)), None);
        assert_eq!(compare(&N, &i(1)), None);
        assert_eq!(compare(&map(&[]), &map(&[])), None);
        assert_eq!(
            compare(&Value::Node(NodeId(1)), &Value::Node(NodeId(2))),
            None
        );
        assert_eq!(compare(&f(f64::NAN), &i(1)), None);
    }

    #[test]
    fn comparison_operators() {
        assert_eq!(bin(BinaryOp::Lt, i(1), f(1.5)), b(true));
        assert_eq!(bin(BinaryOp::Le, i(2), f(2.0)), b(true));
        assert_eq!(bin(BinaryOp::Gt, s("b"), s("a")), b(true));
        assert_eq!(bin(BinaryOp::Ge, s("a"), s("b")), b(false));
        assert_eq!(bin(BinaryOp::Lt, i(1), s("a")), N);
        assert_eq!(bin(BinaryOp::Lt, N, i(1)), N);
        assert_eq!(bin(BinaryOp::Ge, N, N), N);
        for op in [BinaryOp::Lt, BinaryOp::Le, BinaryOp::Gt, BinaryOp::Ge] {
            assert_eq!(bin(op, f(f64::NAN), i(1)), b(false));
            assert_eq!(bin(op, f(1.0), f(f64::NAN)), b(false));
            assert_eq!(bin(op, f(f64::NAN), f(f64::NAN)), b(false));
        }
        assert_eq!(bin(BinaryOp::Lt, f(f64::NAN), s("a")), N);
    }

    #[test]
    fn ordering_across_types() {
        let ascending = vec![
            map(&[]),
            map(&[("a", i(1))]),
            map(&[("a", i(2))]),
            map(&[("a", i(1)), ("b", i(1))]),
            Value::Node(NodeId(0)),
            Value::Node(NodeId(7)),
            Value::Rel(RelId(0)),
            Value::Rel(RelId(3)),
            list(vec![]),
            list(vec![s("a")]),
            list(vec![i(1)]),
            list(vec![i(1), N]),
            list(vec![i(2)]),
            Value::Path(Box::new(Path {
                nodes: vec![NodeId(0)],
                rels: vec![],
            })),
            Value::Path(Box::new(Path {
                nodes: vec![NodeId(0), NodeId(1)],
                rels: vec![RelId(0)],
            })),
            Value::Path(Box::new(Path {
                nodes: vec![NodeId(1)],
                rels: vec![],
            })),
            s(""),
            s("A"),
            s("a"),
            s("b"),
            b(false),
            b(true),
            f(f64::NEG_INFINITY),
            i(i64::MIN),
            f(-1.5),
            i(0),
            f(0.5),
            i(1),
            f(1.5),
            i(i64::MAX),
            f(1e19),
            f(f64::INFINITY),
            f(f64::NAN),
            N,
        ];
        for (x, a) in ascending.iter().enumerate() {
            for (y, c) in ascending.iter().enumerate() {
                assert_eq!(order(a, c), x.cmp(&y), "{a:?} vs {c:?}");
            }
        }
        assert_eq!(order(&i(1), &f(1.0)), Ordering::Equal);
        assert_eq!(order(&f(f64::NAN), &f(-f64::NAN)), Ordering::Equal);
        assert_eq!(order(&f(0.0), &f(-0.0)), Ordering::Equal);
    }

    #[test]
    fn group_keys() {
        let mut set = HashSet::new();
        for v in [
            i(1),
            f(1.0),
            N,
            N,
            f(f64::NAN),
            f(f64::NAN),
            f(0.0),
            f(-0.0),
            i(0),
            s("a"),
            s("a"),
            list(vec![i(1), N]),
            list(vec![f(1.0), N]),
            map(&[("k", i(2))]),
            map(&[("k", f(2.0))]),
            f(1e19),
            f(1e19),
            i(i64::MIN),
            f(i64::MIN as f64),
            Value::Node(NodeId(1)),
            Value::Node(NodeId(1)),
            Value::Rel(RelId(1)),
        ] {
            set.insert(GroupKey::from(v));
        }
        // 1, null, NaN, 0, "a", [1, null], {k: 2}, 1e19, i64::MIN, node 1, rel 1
        assert_eq!(set.len(), 11);
        assert!(set.contains(&GroupKey::new(&f(2.0 - 1.0))));
        assert_ne!(
            GroupKey::new(&i(9_007_199_254_740_993)),
            GroupKey::new(&f(9_007_199_254_740_992.0))
        );
        assert_ne!(GroupKey::new(&s("1")), GroupKey::new(&i(1)));
        assert_eq!(GroupKey::new(&s("x")).value(), &s("x"));
        assert_eq!(GroupKey::new(&s("x")).into_value(), s("x"));
    }

    #[test]
    fn in_operator() {
        let l = list(vec![i(1), i(2), N]);
        assert_eq!(bin(BinaryOp::In, i(1), l.clone()), b(true));
        assert_eq!(bin(BinaryOp::In, f(2.0), l.clone()), b(true));
        assert_eq!(bin(BinaryOp::In, i(3), l.clone()), N);
        assert_eq!(bin(BinaryOp::In, i(3), list(vec![i(1), i(2)])), b(false));
        assert_eq!(bin(BinaryOp::In, N, list(vec![i(1)])), N);
        assert_eq!(bin(BinaryOp::In, N, list(vec![])), b(false));
        assert_eq!(bin(BinaryOp::In, i(1), N), N);
        assert_eq!(bin(BinaryOp::In, N, N), N);
        assert_eq!(
            bin(BinaryOp::In, list(vec![i(1)]), list(vec![list(vec![i(1)])])),
            b(true)
        );
        assert_eq!(
            bin(
                BinaryOp::In,
                list(vec![i(1), N]),
                list(vec![list(vec![i(1), N])])
            ),
            N
        );
        assert_eq!(
            bin(
                BinaryOp::In,
                list(vec![i(1), N]),
                list(vec![list(vec![i(2), N])])
            ),
            b(false)
        );
        assert_eq!(bin(BinaryOp::In, s("a"), list(vec![i(1)])), b(false));
        let e = bin_err(BinaryOp::In, i(1), i(1));
        assert_eq!(e.kind, ErrorKind::Type);
        assert_eq!(bin_err(BinaryOp::In, i(1), s("abc")).kind, ErrorKind::Type);
    }

    #[test]
    fn string_predicates() {
        assert_eq!(bin(BinaryOp::StartsWith, s("hello"), s("he")), b(true));
        assert_eq!(bin(BinaryOp::StartsWith, s("hello"), s("lo")), b(false));
        assert_eq!(bin(BinaryOp::EndsWith, s("hello"), s("lo")), b(true));
        assert_eq!(bin(BinaryOp::Contains, s("hello"), s("ell")), b(true));
        assert_eq!(bin(BinaryOp::Contains, s("hello"), s("")), b(true));
        assert_eq!(bin(BinaryOp::Contains, s("héllo"), s("él")), b(true));
        for op in [
            BinaryOp::StartsWith,
            BinaryOp::EndsWith,
            BinaryOp::Contains,
            BinaryOp::RegexMatch,
        ] {
            assert_eq!(bin(op, N, s("a")), N);
            assert_eq!(bin(op, s("a"), N), N);
            assert_eq!(bin(op, i(1), s("1")), N);
            assert_eq!(bin(op, s("1"), i(1)), N);
            assert_eq!(bin(op, list(vec![s("a")]), s("a")), N);
        }
    }

    #[test]
    fn regex_match_is_whole_string() {
        assert_eq!(bin(BinaryOp::RegexMatch, s("abc"), s("a.c")), b(true));
        assert_eq!(bin(BinaryOp::RegexMatch, s("abcd"), s("a.c")), b(false));
        assert_eq!(bin(BinaryOp::RegexMatch, s("xabc"), s("abc")), b(false));
        assert_eq!(bin(BinaryOp::RegexMatch, s("ab"), s("a|ab")), b(true));
        assert_eq!(bin(BinaryOp::RegexMatch, s("ABC"), s("(?i)abc")), b(true));
        assert_eq!(bin(BinaryOp::RegexMatch, s("a\nb"), s("a.b")), b(false));
        assert_eq!(bin(BinaryOp::RegexMatch, s("é"), s(".")), b(true));
        assert_eq!(bin(BinaryOp::RegexMatch, s(""), s("")), b(true));
        // Cached: the second use gives the same answer.
        assert_eq!(bin(BinaryOp::RegexMatch, s("abc"), s("a.c")), b(true));
    }

    #[test]
    fn invalid_regex_is_an_argument_error() {
        let e = bin_err(BinaryOp::RegexMatch, s("abc"), s("a(b"));
        assert_eq!(e.kind, ErrorKind::Argument);
        assert_eq!(e.message, "invalid regular expression 'a(b'");
        assert!(e.help.is_some(), "{e:?}");
        // Again, from the cache.
        assert_eq!(
            bin_err(BinaryOp::RegexMatch, s("x"), s("a(b")).kind,
            ErrorKind::Argument
        );
        assert_eq!(
            bin_err(BinaryOp::RegexMatch, s("x"), s("(?<=a)b")).kind,
            ErrorKind::Argument
        );
        // A pattern that would need an enormous automaton is refused, not built.
        assert_eq!(
            bin_err(BinaryOp::RegexMatch, s("x"), s(r"\w{1000}{1000}")).kind,
            ErrorKind::Argument
        );
    }

    #[test]
    fn regex_cache_is_bounded() {
        for k in 0..(REGEX_CACHE_CAP * 2 + 3) {
            let p = format!("a{{{k}}}");
            assert!(regex_matches(&p, &"a".repeat(k)).unwrap());
        }
        REGEX_CACHE.with(|c| assert!(c.borrow().len() <= REGEX_CACHE_CAP));
    }

    /// Every operator on every pair of assorted values: errors are fine, panics are not, and
    /// the order and the grouping equivalence stay consistent with each other.
    #[test]
    fn no_input_panics_and_consistency() {
        let values = vec![
            N,
            b(true),
            b(false),
            i(0),
            i(-1),
            i(i64::MIN),
            i(i64::MAX),
            f(0.0),
            f(-0.0),
            f(0.5),
            f(f64::NAN),
            f(f64::INFINITY),
            f(i64::MAX as f64),
            s(""),
            s("abc"),
            s("a(b"),
            s(".*"),
            list(vec![]),
            list(vec![i(1), N]),
            map(&[("a", i(1))]),
            Value::Node(NodeId(0)),
            Value::Rel(RelId(0)),
            Value::Path(Box::new(Path {
                nodes: vec![NodeId(0)],
                rels: vec![],
            })),
        ];
        let ops = [
            BinaryOp::Or,
            BinaryOp::Xor,
            BinaryOp::And,
            BinaryOp::Eq,
            BinaryOp::Ne,
            BinaryOp::Lt,
            BinaryOp::Le,
            BinaryOp::Gt,
            BinaryOp::Ge,
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Div,
            BinaryOp::Mod,
            BinaryOp::Pow,
            BinaryOp::In,
            BinaryOp::StartsWith,
            BinaryOp::EndsWith,
            BinaryOp::Contains,
            BinaryOp::RegexMatch,
        ];
        for x in &values {
            for op in [UnaryOp::Not, UnaryOp::Neg, UnaryOp::Plus] {
                let _ = unary(op, x.clone());
            }
            let _ = truthy(x);
            for y in &values {
                for op in ops {
                    let _ = binary(op, x.clone(), y.clone());
                }
                let o = order(x, y);
                assert_eq!(o, order(y, x).reverse(), "{x:?} vs {y:?}");
                assert_eq!(GroupKey::new(x) == GroupKey::new(y), o == Ordering::Equal);
                if let Some(c) = compare(x, y) {
                    assert_eq!(Some(c.reverse()), compare(y, x));
                }
                if equals(x, y) == Some(true) {
                    assert_eq!(o, Ordering::Equal, "{x:?} = {y:?}");
                }
            }
        }
    }
}
