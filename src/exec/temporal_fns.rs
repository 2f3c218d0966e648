//! The temporal functions: `date()`, `localtime()`, `time()`, `localdatetime()`,
//! `datetime()`, `duration()` and their namespaces (`date.truncate`, `datetime.statement`,
//! `duration.between`, ...), on evaluated arguments. The values' semantics are in
//! `crate::temporal`; this module checks arguments and words the errors.

use crate::diagnostic::{Error, Result};
use crate::graph::Value;
use crate::temporal::{self, BetweenUnit, Kind, Temporal};
use jiff::Timestamp;

fn kind_of(namespace: &str) -> Option<Kind> {
    Some(match namespace {
        "date" => Kind::Date,
        "localtime" => Kind::LocalTime,
        "time" => Kind::Time,
        "localdatetime" => Kind::LocalDateTime,
        "datetime" => Kind::DateTime,
        "duration" => Kind::Duration,
        _ => return None,
    })
}

/// The function as messages name it: `date.truncate()`.
fn shown(name: &str) -> String {
    let canonical = super::functions::canonical_name(name).unwrap_or(name);
    format!("{canonical}()")
}

fn arg_error(name: &str, message: impl std::fmt::Display) -> Error {
    Error::argument(format!("{} {message}", shown(name)))
}

fn type_error(name: &str, expected: &str, got: &Value) -> Error {
    Error::type_error(format!(
        "{} expects {expected}, got {}",
        shown(name),
        got.type_name()
    ))
}

fn temporal_arg<'a>(name: &str, v: &'a Value, expected: &str) -> Result<Option<&'a Temporal>> {
    match v {
        Value::Null => Ok(None),
        Value::Temporal(t) => Ok(Some(t)),
        other => Err(type_error(name, expected, other)),
    }
}

/// Call a temporal function; None when `name` is not one.
pub fn call(name: &str, a: &[Value]) -> Option<Result<Value>> {
    let (namespace, member) = match name.split_once('.') {
        Some((ns, m)) => (ns, Some(m)),
        None => (name, None),
    };
    let kind = kind_of(namespace)?;
    Some(match member {
        None => construct(name, kind, a.first()),
        Some("truncate") => truncate(name, kind, a),
        Some("statement" | "transaction") => {
            clock(name, kind, a.first(), temporal::statement_now())
        }
        Some("realtime") => clock(name, kind, a.first(), Timestamp::now()),
        Some("between") => between(name, a, BetweenUnit::All),
        Some("inmonths") => between(name, a, BetweenUnit::Months),
        Some("indays") => between(name, a, BetweenUnit::Days),
        Some("inseconds") => between(name, a, BetweenUnit::Seconds),
        Some("fromepoch") => from_epoch(name, a, 1_000_000_000),
        Some("fromepochmillis") => from_epoch(name, a, 1_000_000),
        Some(_) => return None,
    })
}

/// `date(x)` and the others: no argument for now, a string to read, a map of components, or
/// another temporal value to convert.
fn construct(name: &str, kind: Kind, arg: Option<&Value>) -> Result<Value> {
    let Some(arg) = arg else {
        if kind == Kind::Duration {
            return Err(arg_error(name, "needs a String or a Map"));
        }
        return Ok(temporal::now(kind, None, temporal::statement_now()).into());
    };
    match arg {
        Value::Null => Ok(Value::Null),
        Value::String(s) => temporal::parse_temporal(kind, s)
            .map(Value::from)
            .map_err(|why| {
                arg_error(
                    name,
                    format!("cannot read '{s}' as a {}: {why}", kind.name()),
                )
                .with_help(format!("expected {}", temporal::expected_forms(kind)))
            }),
        Value::Map(m) if kind != Kind::Duration && temporal::only_timezone(m) => {
            let zone = match m.values().next() {
                Some(Value::String(z)) => {
                    temporal::parse_zone(z).map_err(|e| arg_error(name, e))?
                }
                Some(other) => return Err(type_error(name, "a String timezone", other)),
                None => unreachable!("a map with a key"),
            };
            Ok(temporal::now(kind, Some(zone), temporal::statement_now()).into())
        }
        Value::Map(m) => temporal::from_map(kind, m).map(Value::from).map_err(|why| {
            arg_error(
                name,
                format!("cannot build a {} from this map: {why}", kind.name()),
            )
        }),
        Value::Temporal(t) if kind != Kind::Duration => temporal::convert(kind, t)
            .map(Value::from)
            .map_err(|why| arg_error(name, why)),
        other => Err(type_error(
            name,
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
fn clock(name: &str, kind: Kind, zone: Option<&Value>, ts: Timestamp) -> Result<Value> {
    if kind == Kind::Duration {
        return Err(arg_error(name, "is not a function of durations"));
    }
    let zone = match zone {
        None | Some(Value::Null) => None,
        Some(Value::String(z)) => Some(temporal::parse_zone(z).map_err(|e| arg_error(name, e))?),
        Some(other) => return Err(type_error(name, "a String timezone", other)),
    };
    Ok(temporal::now(kind, zone, ts).into())
}

/// `date.truncate(unit, value [, map])`.
fn truncate(name: &str, kind: Kind, a: &[Value]) -> Result<Value> {
    if kind == Kind::Duration {
        return Err(arg_error(
            name,
            "is not a function: durations cannot be truncated",
        ));
    }
    let unit = match &a[0] {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => s,
        other => return Err(type_error(name, "a String unit", other)),
    };
    let Some(t) = temporal_arg(name, &a[1], "a temporal value to truncate")? else {
        return Ok(Value::Null);
    };
    let overrides = match a.get(2) {
        None | Some(Value::Null) => None,
        Some(Value::Map(m)) => Some(m),
        Some(other) => return Err(type_error(name, "a Map of components", other)),
    };
    temporal::truncate(kind, unit, t, overrides)
        .map(Value::from)
        .map_err(|why| arg_error(name, why))
}

/// `duration.between(a, b)`, `duration.inMonths`, `duration.inDays`, `duration.inSeconds`.
fn between(name: &str, a: &[Value], unit: BetweenUnit) -> Result<Value> {
    let (Some(x), Some(y)) = (
        temporal_arg(name, &a[0], "two temporal values")?,
        temporal_arg(name, &a[1], "two temporal values")?,
    ) else {
        return Ok(Value::Null);
    };
    temporal::between(x, y, unit)
        .map(|d| Value::from(Temporal::Duration(d)))
        .map_err(|why| arg_error(name, why))
}

/// `datetime.fromEpoch(seconds, nanoseconds)`, `datetime.fromEpochMillis(ms)`.
fn from_epoch(name: &str, a: &[Value], unit_nanos: i128) -> Result<Value> {
    let int = |v: &Value| match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        other => Err(type_error(name, "Integers", other)),
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
        .map_err(|_| arg_error(name, temporal::out_of_range()))?;
    Ok(Temporal::DateTime(temporal::ZonedDateTime::from_instant(
        ts,
        temporal::Zone::UTC,
    ))
    .into())
}
