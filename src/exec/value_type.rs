//! `valueType()`: the type of a value as Neo4j 5 names it, by the names of the type predicate
//! (`ast::ValueType`, which `x IS :: type` tests), so that every value is of the type given for
//! it: `INTEGER NOT NULL`, `NULL`, `LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL`.
//!
//! A value other than null is of its type NOT NULL; a list is `LIST<T> NOT NULL` where `T` is
//! the closed union of its elements' types, normalized as Neo4j normalizes types (its type
//! normalization, which `valueType()` is documented to use):
//!
//! - the types are ordered: `NOTHING`, `NULL`, `BOOLEAN`, `STRING`, `INTEGER`, `FLOAT`, `DATE`,
//!   `LOCAL TIME`, `ZONED TIME`, `LOCAL DATETIME`, `ZONED DATETIME`, `DURATION`, `POINT`,
//!   `NODE`, `RELATIONSHIP`, `MAP`, `LIST`, `PATH`, a union, `ANY`; a type NOT NULL before the
//!   same type nullable; lists by their element types;
//! - a type that another of the union encompasses is absorbed by it (`NULL` by any nullable
//!   type, `LIST<NOTHING>` by any list, `LIST<INTEGER>` by `LIST<INTEGER | STRING>`);
//! - when some types of the union are NOT NULL and some are not, all become nullable (the
//!   union of `INTEGER NOT NULL` and `NULL` is `INTEGER`);
//! - this is repeated until nothing changes, and a union of one type is that type.
//!
//! So `valueType([1, null])` is `LIST<INTEGER> NOT NULL`, `valueType([])` is
//! `LIST<NOTHING> NOT NULL` and `valueType([1, 'a'])` is
//! `LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL`. (Neo4j also rewrites a union of every
//! type to `ANY`; that needs a `LIST<ANY>` among them, which needs a list holding a list of
//! every type, and so on without end: no value's type is such a union.)

use crate::diagnostic::Result;
use crate::graph::Value;
use crate::syntax::ast::{TypeKind, ValueType};
use crate::temporal::Kind as T;
use std::cmp::Ordering;

/// The type of `v`; `tick` is called for each list element and each step of a union's
/// normalization.
pub fn value_type(v: &Value, tick: &mut dyn FnMut() -> Result<()>) -> Result<ValueType> {
    let kind = match v {
        Value::Null => return Ok(plain(TypeKind::Null, false)),
        Value::Bool(_) => TypeKind::Boolean,
        Value::String(_) => TypeKind::String,
        Value::Int(_) => TypeKind::Integer,
        Value::Float(_) => TypeKind::Float,
        Value::Temporal(t) => match t.kind() {
            T::Date => TypeKind::Date,
            T::LocalTime => TypeKind::LocalTime,
            T::Time => TypeKind::ZonedTime,
            T::LocalDateTime => TypeKind::LocalDateTime,
            T::DateTime => TypeKind::ZonedDateTime,
            T::Duration => TypeKind::Duration,
        },
        Value::Point(_) => TypeKind::Point,
        Value::Node(_) | Value::VirtualNode(_) => TypeKind::Node,
        Value::Rel(_) | Value::VirtualRel(_) => TypeKind::Relationship,
        Value::Path(_) => TypeKind::Path,
        Value::Map(_) => TypeKind::Map,
        Value::List(items) => {
            // The distinct types of the elements (each already normalized).
            let mut types: Vec<ValueType> = Vec::new();
            for item in items {
                tick()?;
                let t = value_type(item, tick)?;
                if !types.contains(&t) {
                    types.push(t);
                }
            }
            let element = if types.is_empty() {
                plain(TypeKind::Nothing, false)
            } else {
                normalize_union(types, tick)?
            };
            TypeKind::List(Box::new(element))
        }
    };
    Ok(plain(kind, true))
}

fn plain(kind: TypeKind, not_null: bool) -> ValueType {
    ValueType { kind, not_null }
}

/// The normalized closed union of distinct normalized types: one type, or a union of several
/// (all nullable or all NOT NULL, in order).
fn normalize_union(
    mut types: Vec<ValueType>,
    tick: &mut dyn FnMut() -> Result<()>,
) -> Result<ValueType> {
    loop {
        let next = normalize_step(&types, tick)?;
        if next == types {
            break;
        }
        types = next;
    }
    let mut parts: Vec<ValueType> = Vec::with_capacity(types.len());
    for t in types {
        if !parts.contains(&t) {
            parts.push(t);
        }
    }
    Ok(if parts.len() == 1 {
        parts.pop().expect("one part")
    } else {
        plain(TypeKind::Union(parts), false)
    })
}

/// One round of Neo4j's normalization of a union's types: order them, drop each type that a
/// later one encompasses, make all nullable if only some are, and order them again.
fn normalize_step(
    types: &[ValueType],
    tick: &mut dyn FnMut() -> Result<()>,
) -> Result<Vec<ValueType>> {
    let mut combined: Vec<ValueType> = Vec::with_capacity(types.len());
    for current in sorted(types.to_vec()) {
        tick()?;
        combined.retain(|t| !is_subtype(t, &current));
        combined.push(current);
    }
    let nullables = combined.iter().filter(|t| nullable(t)).count();
    if nullables != 0 && nullables != combined.len() {
        combined = combined.into_iter().map(make_nullable).collect();
    }
    Ok(sorted(combined))
}

/// Whether null is of the type, as Neo4j's types say: `NULL` holds it, `NOTHING` does not, a
/// union as its first type does.
fn nullable(t: &ValueType) -> bool {
    match &t.kind {
        TypeKind::Null => true,
        TypeKind::Nothing => false,
        TypeKind::Union(parts) => parts.first().is_some_and(nullable),
        _ => !t.not_null,
    }
}

/// The type with null added (`NULL` and `NOTHING` stay as they are).
fn make_nullable(t: ValueType) -> ValueType {
    match t.kind {
        TypeKind::Null | TypeKind::Nothing => t,
        TypeKind::Union(parts) => plain(
            TypeKind::Union(parts.into_iter().map(make_nullable).collect()),
            false,
        ),
        kind => plain(kind, false),
    }
}

/// The place of a type's kind in Neo4j's order of types.
fn rank(t: &ValueType) -> u8 {
    match t.kind {
        TypeKind::Nothing => 0,
        TypeKind::Null => 1,
        TypeKind::Boolean => 2,
        TypeKind::String => 3,
        TypeKind::Integer => 4,
        TypeKind::Float => 5,
        TypeKind::Date => 6,
        TypeKind::LocalTime => 7,
        TypeKind::ZonedTime => 8,
        TypeKind::LocalDateTime => 9,
        TypeKind::ZonedDateTime => 10,
        TypeKind::Duration => 11,
        TypeKind::Point => 12,
        TypeKind::Node => 13,
        TypeKind::Relationship => 14,
        TypeKind::Map => 15,
        TypeKind::List(_) => 16,
        TypeKind::Path => 17,
        // A property value is a union of the property types.
        TypeKind::Union(_) | TypeKind::PropertyValue => 18,
        TypeKind::Any => 19,
    }
}

/// Neo4j's order of types: by kind; lists by their element types, then whether those hold
/// null, then whether the lists do; unions by their types; a type NOT NULL before the same
/// type nullable.
fn compare(x: &ValueType, y: &ValueType) -> Ordering {
    match (&x.kind, &y.kind) {
        (TypeKind::List(a), TypeKind::List(b)) => compare_lists(x, a, y, b),
        (TypeKind::Union(a), TypeKind::Union(b)) => compare_parts(a, b),
        _ if rank(x) == rank(y) => nullable(x).cmp(&nullable(y)),
        _ => rank(x).cmp(&rank(y)),
    }
}

/// Two list types `x` and `y`, of elements `a` and `b`.
fn compare_lists(x: &ValueType, a: &ValueType, y: &ValueType, b: &ValueType) -> Ordering {
    let elements = match (&a.kind, &b.kind) {
        (TypeKind::List(aa), TypeKind::List(bb)) => compare_lists(a, aa, b, bb),
        (TypeKind::Union(aa), TypeKind::Union(bb)) => compare_parts(aa, bb),
        _ => rank(a).cmp(&rank(b)),
    };
    elements
        .then_with(|| nullable(a).cmp(&nullable(b)))
        .then_with(|| nullable(x).cmp(&nullable(y)))
}

/// The ordered types of two unions: fewer types first, then the first that differ.
fn compare_parts(x: &[ValueType], y: &[ValueType]) -> Ordering {
    if x.len() != y.len() {
        return x.len().cmp(&y.len());
    }
    let Some(i) = x.iter().zip(y).position(|(a, b)| a != b) else {
        return Ordering::Equal;
    };
    let (hx, hy) = (&x[i], &y[i]);
    let by_rank = rank(hx).cmp(&rank(hy));
    if by_rank != Ordering::Equal {
        return by_rank;
    }
    let inner = match (&hx.kind, &hy.kind) {
        (TypeKind::List(a), TypeKind::List(b)) => match (&a.kind, &b.kind) {
            (TypeKind::Union(aa), TypeKind::Union(bb)) => compare_parts(aa, bb),
            (TypeKind::List(aa), TypeKind::List(bb)) => compare_lists(a, aa, b, bb),
            _ => rank(a)
                .cmp(&rank(b))
                .then_with(|| nullable(a).cmp(&nullable(b))),
        },
        (TypeKind::Union(a), TypeKind::Union(b)) => compare_parts(a, b),
        _ => Ordering::Equal,
    };
    inner.then_with(|| nullable(hx).cmp(&nullable(hy)))
}

/// Whether the type `b` encompasses `a`, as Neo4j's normalization decides it (which for a
/// list of lists compares the inner list with the whole of the other list type, as Neo4j
/// does).
fn is_subtype(a: &ValueType, b: &ValueType) -> bool {
    let nullability = || !nullable(a) || nullable(b);
    match (&a.kind, &b.kind) {
        (TypeKind::Union(ap), TypeKind::Union(bp)) => ap.iter().all(|t| bp.contains(t)),
        (TypeKind::Union(_), _) => false,
        (TypeKind::Null, _) => nullable(b),
        (TypeKind::Nothing, _) => true,
        (TypeKind::List(ai), TypeKind::List(bi)) => match (&ai.kind, &bi.kind) {
            (TypeKind::Union(ap), TypeKind::Union(bp)) => {
                ap.iter().all(|t| bp.iter().any(|u| is_subtype(t, u)))
            }
            (TypeKind::Union(_), _) => false,
            (TypeKind::List(_), _) => is_subtype(ai, b),
            (TypeKind::Nothing, _) => true,
            (TypeKind::Null, _) if nullable(bi) => true,
            _ => is_subtype(ai, bi) && nullability(),
        },
        (TypeKind::List(_), TypeKind::Any) => nullability(),
        (TypeKind::List(_), TypeKind::Union(bp)) => bp.iter().any(|u| is_subtype(a, u)),
        (TypeKind::List(_), _) => false,
        (_, TypeKind::Union(bp)) => bp.contains(a),
        (_, TypeKind::Any) => nullability(),
        (ak, bk) => std::mem::discriminant(ak) == std::mem::discriminant(bk) && nullability(),
    }
}

/// The types in Neo4j's order, equal ones keeping theirs (a merge sort, which never fails
/// whatever the comparison says).
fn sorted(mut v: Vec<ValueType>) -> Vec<ValueType> {
    if v.len() <= 1 {
        return v;
    }
    let right = v.split_off(v.len() / 2);
    let (left, right) = (sorted(v), sorted(right));
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        let next = if compare(b, a) == Ordering::Less {
            r.next()
        } else {
            l.next()
        };
        out.extend(next);
    }
    out.extend(l);
    out.extend(r);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::ops::is_type;

    fn name(v: &Value) -> String {
        value_type(v, &mut || Ok(())).unwrap().to_string()
    }

    fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    #[test]
    fn scalars_and_null() {
        assert_eq!(name(&Value::Int(1)), "INTEGER NOT NULL");
        assert_eq!(name(&Value::Float(1.5)), "FLOAT NOT NULL");
        assert_eq!(name(&Value::str("x")), "STRING NOT NULL");
        assert_eq!(name(&Value::Bool(true)), "BOOLEAN NOT NULL");
        assert_eq!(name(&Value::Null), "NULL");
        assert_eq!(name(&Value::Map(Default::default())), "MAP NOT NULL");
    }

    #[test]
    fn lists() {
        let (i, s, n) = (Value::Int(1), Value::str("a"), Value::Null);
        assert_eq!(name(&list(vec![])), "LIST<NOTHING> NOT NULL");
        assert_eq!(
            name(&list(vec![i.clone(), i.clone()])),
            "LIST<INTEGER NOT NULL> NOT NULL"
        );
        assert_eq!(
            name(&list(vec![i.clone(), n.clone()])),
            "LIST<INTEGER> NOT NULL"
        );
        assert_eq!(name(&list(vec![n.clone()])), "LIST<NULL> NOT NULL");
        assert_eq!(
            name(&list(vec![i.clone(), s.clone()])),
            "LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL"
        );
        assert_eq!(
            name(&list(vec![s.clone(), n.clone(), i.clone()])),
            "LIST<STRING | INTEGER> NOT NULL"
        );
        assert_eq!(
            name(&list(vec![Value::Float(1.0), i.clone()])),
            "LIST<INTEGER NOT NULL | FLOAT NOT NULL> NOT NULL"
        );
        // An empty list and a list of integers: the first is absorbed.
        assert_eq!(
            name(&list(vec![list(vec![]), list(vec![i.clone()])])),
            "LIST<LIST<INTEGER NOT NULL> NOT NULL> NOT NULL"
        );
        // LIST<INTEGER> is absorbed by LIST<STRING | INTEGER>.
        assert_eq!(
            name(&list(vec![
                list(vec![i.clone()]),
                list(vec![i.clone(), s.clone()])
            ])),
            "LIST<LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL> NOT NULL"
        );
        // A list beside null becomes nullable, and absorbs NULL.
        assert_eq!(
            name(&list(vec![list(vec![i.clone()]), n.clone()])),
            "LIST<LIST<INTEGER NOT NULL>> NOT NULL"
        );
        // Lists of different element types stay apart, ordered by their element types.
        assert_eq!(
            name(&list(vec![
                list(vec![s.clone()]),
                list(vec![i.clone()]),
                i.clone()
            ])),
            "LIST<INTEGER NOT NULL | LIST<STRING NOT NULL> NOT NULL | \
             LIST<INTEGER NOT NULL> NOT NULL> NOT NULL"
        );
    }

    /// Every value is of the type `valueType()` gives it.
    #[test]
    fn values_are_of_their_types() {
        let (i, s, n, f) = (
            Value::Int(1),
            Value::str("a"),
            Value::Null,
            Value::Float(0.5),
        );
        let values = vec![
            i.clone(),
            n.clone(),
            list(vec![]),
            list(vec![n.clone()]),
            list(vec![i.clone(), s.clone(), n.clone(), f.clone()]),
            list(vec![
                list(vec![]),
                list(vec![n.clone()]),
                list(vec![f.clone(), i.clone()]),
            ]),
            list(vec![
                list(vec![list(vec![i.clone()])]),
                list(vec![list(vec![s.clone()])]),
                n,
            ]),
            list(vec![Value::Map(Default::default()), list(vec![s, i])]),
        ];
        for v in values {
            let t = value_type(&v, &mut || Ok(())).unwrap();
            assert!(is_type(&v, &t, &mut || Ok(())).unwrap(), "{v:?} IS :: {t}");
        }
    }
}
