//! The temporal functions: `date()`, `localtime()`, `time()`, `localdatetime()`,
//! `datetime()`, `duration()` and their namespaces (`date.truncate`, `datetime.statement`,
//! `duration.between`, ...), on evaluated arguments. The values' semantics are in
//! `crate::temporal`; this module checks arguments and words the errors. `functions::call`
//! dispatches each catalogue entry to its kind and operation here.

use crate::diagnostic::{Error, Result};
use crate::graph::Value;
use crate::ir::Function;
use crate::temporal::{self, Temporal};
pub(super) use crate::temporal::{BetweenUnit, Kind};
use jiff::Timestamp;

/// The function as messages name it: `date.truncate()`.
fn shown(f: Function) -> String {
    format!("{}()", f.name())
}

fn arg_error(f: Function, message: impl std::fmt::Display) -> Error {
    Error::argument(format!("{} {message}", shown(f)))
}

fn type_error(f: Function, expected: &str, got: &Value) -> Error {
    Error::type_error(format!(
        "{} expects {expected}, got {}",
        shown(f),
        got.type_name()
    ))
}

fn temporal_arg<'a>(f: Function, v: &'a Value, expected: &str) -> Result<Option<&'a Temporal>> {
    match v {
        Value::Null => Ok(None),
        Value::Temporal(t) => Ok(Some(t)),
        other => Err(type_error(f, expected, other)),
    }
}

/// `date.statement()`, `date.transaction()` and the others: the statement's clock reading.
pub(super) fn statement(f: Function, kind: Kind, a: &[Value]) -> Result<Value> {
    clock(f, kind, a.first(), temporal::statement_now())
}

/// `date.realtime()` and the others: the clock now.
pub(super) fn realtime(f: Function, kind: Kind, a: &[Value]) -> Result<Value> {
    clock(f, kind, a.first(), Timestamp::now())
}

/// `date(x)` and the others: no argument for now, a string to read, a map of components, or
/// another temporal value to convert.
pub(super) fn construct(f: Function, kind: Kind, a: &[Value]) -> Result<Value> {
    let Some(arg) = a.first() else {
        if kind == Kind::Duration {
            return Err(arg_error(f, "needs a String or a Map"));
        }
        return Ok(temporal::now(kind, None, temporal::statement_now()).into());
    };
    match arg {
        Value::Null => Ok(Value::Null),
        Value::String(s) => temporal::parse_temporal(kind, s)
            .map(Value::from)
            .map_err(|why| {
                arg_error(f, format!("cannot read '{s}' as a {}: {why}", kind.name()))
                    .with_help(format!("expected {}", temporal::expected_forms(kind)))
            }),
        Value::Map(m) if kind != Kind::Duration && temporal::only_timezone(m) => {
            let zone = match m.values().next() {
                Some(Value::String(z)) => temporal::parse_zone(z).map_err(|e| arg_error(f, e))?,
                Some(other) => return Err(type_error(f, "a String timezone", other)),
                None => unreachable!("a map with a key"),
            };
            Ok(temporal::now(kind, Some(zone), temporal::statement_now()).into())
        }
        Value::Map(m) => temporal::from_map(kind, m).map(Value::from).map_err(|why| {
            arg_error(
                f,
                format!("cannot build a {} from this map: {why}", kind.name()),
            )
        }),
        Value::Temporal(t) if kind != Kind::Duration => temporal::convert(kind, t)
            .map(Value::from)
            .map_err(|why| arg_error(f, why)),
        other => Err(type_error(
            f,
            if kind == Kind::Duration {
                "a String or a Map"
            } else {
                "a String, a Map or a temporal value"
            },
            other,
        )),
    }
}

/// `date.statement()`, `datetime.realtime('Europe/Berlin')`, ...: the clock, in a zone.
fn clock(f: Function, kind: Kind, zone: Option<&Value>, ts: Timestamp) -> Result<Value> {
    if kind == Kind::Duration {
        return Err(arg_error(f, "is not a function of durations"));
    }
    let zone = match zone {
        None | Some(Value::Null) => None,
        Some(Value::String(z)) => Some(temporal::parse_zone(z).map_err(|e| arg_error(f, e))?),
        Some(other) => return Err(type_error(f, "a String timezone", other)),
    };
    Ok(temporal::now(kind, zone, ts).into())
}

/// `date.truncate(unit, value [, map])`.
pub(super) fn truncate(f: Function, kind: Kind, a: &[Value]) -> Result<Value> {
    if kind == Kind::Duration {
        return Err(arg_error(
            f,
            "is not a function: durations cannot be truncated",
        ));
    }
    let unit = match &a[0] {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => s,
        other => return Err(type_error(f, "a String unit", other)),
    };
    let Some(t) = temporal_arg(f, &a[1], "a temporal value to truncate")? else {
        return Ok(Value::Null);
    };
    let overrides = match a.get(2) {
        None | Some(Value::Null) => None,
        Some(Value::Map(m)) => Some(m),
        Some(other) => return Err(type_error(f, "a Map of components", other)),
    };
    temporal::truncate(kind, unit, t, overrides)
        .map(Value::from)
        .map_err(|why| arg_error(f, why))
}

/// `duration.between(a, b)`, `duration.inMonths`, `duration.inDays`, `duration.inSeconds`.
pub(super) fn between(f: Function, a: &[Value], unit: BetweenUnit) -> Result<Value> {
    let (Some(x), Some(y)) = (
        temporal_arg(f, &a[0], "two temporal values")?,
        temporal_arg(f, &a[1], "two temporal values")?,
    ) else {
        return Ok(Value::Null);
    };
    temporal::between(x, y, unit)
        .map(|d| Value::from(Temporal::Duration(d)))
        .map_err(|why| arg_error(f, why))
}

/// `datetime.fromEpoch(seconds, nanoseconds)`, `datetime.fromEpochMillis(ms)`.
pub(super) fn from_epoch(f: Function, a: &[Value], unit_nanos: i128) -> Result<Value> {
    let int = |v: &Value| match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        other => Err(type_error(f, "Integers", other)),
    };
    let Some(n) = int(&a[0])? else {
        return Ok(Value::Null);
    };
    let extra = match a.get(1) {
        Some(v) => match int(v)? {
            Some(e) => e,
            None => return Ok(Value::Null),
        },
        None => 0,
    };
    let ts = Timestamp::from_nanosecond(i128::from(n) * unit_nanos + i128::from(extra))
        .map_err(|_| arg_error(f, temporal::out_of_range()))?;
    Ok(Temporal::DateTime(temporal::ZonedDateTime::from_instant(
        ts,
        temporal::Zone::UTC,
    ))
    .into())
}
