//! Temporal values from maps (`date({year: 2020, month: 11, day: 14})`), their components
//! (`d.year`), truncation (`date.truncate('month', d)`), arithmetic with durations and
//! `duration.between`, as Neo4j defines them.

use super::parse::{hms, ordinal_date, parse_zone, quarter_date, week_date, ymd};
use super::{
    date_from_epoch_days, epoch_days, local_from_nanos, local_nanos, offset_id, out_of_range,
    overflow, time_from_nanos, time_nanos, Duration, Kind, Temporal, Zone, ZonedDateTime,
    NANOS_PER_DAY, NANOS_PER_SECOND, SECONDS_PER_DAY,
};
use crate::graph::Value;
use jiff::civil::{Date, DateTime, ISOWeekDate, Time};
use jiff::Timestamp;
use std::collections::BTreeMap;

type R<T> = Result<T, String>;

/// The keys each type's map may hold.
fn allowed_keys(kind: Kind) -> &'static [&'static str] {
    const DATE: &[&str] = &[
        "date",
        "year",
        "month",
        "day",
        "week",
        "dayofweek",
        "ordinalday",
        "quarter",
        "dayofquarter",
    ];
    const TIME: &[&str] = &[
        "time",
        "hour",
        "minute",
        "second",
        "millisecond",
        "microsecond",
        "nanosecond",
    ];
    match kind {
        Kind::Date => DATE,
        Kind::LocalTime => TIME,
        Kind::Time => &[
            "time",
            "hour",
            "minute",
            "second",
            "millisecond",
            "microsecond",
            "nanosecond",
            "timezone",
        ],
        Kind::LocalDateTime => &[
            "datetime",
            "date",
            "year",
            "month",
            "day",
            "week",
            "dayofweek",
            "ordinalday",
            "quarter",
            "dayofquarter",
            "time",
            "hour",
            "minute",
            "second",
            "millisecond",
            "microsecond",
            "nanosecond",
        ],
        Kind::DateTime => &[
            "datetime",
            "date",
            "year",
            "month",
            "day",
            "week",
            "dayofweek",
            "ordinalday",
            "quarter",
            "dayofquarter",
            "time",
            "hour",
            "minute",
            "second",
            "millisecond",
            "microsecond",
            "nanosecond",
            "timezone",
            "epochseconds",
            "epochmillis",
        ],
        Kind::Duration => &[
            "years",
            "quarters",
            "months",
            "weeks",
            "days",
            "hours",
            "minutes",
            "seconds",
            "milliseconds",
            "microseconds",
            "nanoseconds",
        ],
    }
}

/// A map key as Neo4j spells it.
fn display_key(lower: &str) -> &str {
    match lower {
        "dayofweek" => "dayOfWeek",
        "ordinalday" => "ordinalDay",
        "dayofquarter" => "dayOfQuarter",
        "epochseconds" => "epochSeconds",
        "epochmillis" => "epochMillis",
        other => other,
    }
}

/// A map's entries by lowercase key, checked against the keys the type takes.
struct Fields<'a> {
    map: BTreeMap<String, &'a Value>,
}

impl<'a> Fields<'a> {
    fn new(kind: Kind, map: &'a BTreeMap<String, Value>) -> R<Fields<'a>> {
        let allowed = allowed_keys(kind);
        let mut out = BTreeMap::new();
        for (k, v) in map {
            let lower = k.to_ascii_lowercase();
            if !allowed.contains(&lower.as_str()) {
                let names: Vec<&str> = allowed.iter().map(|k| display_key(k)).collect();
                return Err(format!(
                    "a {} has no component '{k}' (it takes {})",
                    kind.name(),
                    names.join(", ")
                ));
            }
            if !v.is_null() {
                out.insert(lower, v);
            }
        }
        Ok(Fields { map: out })
    }

    fn has(&self, k: &str) -> bool {
        self.map.contains_key(k)
    }

    fn int(&self, k: &str) -> R<Option<i64>> {
        match self.map.get(k) {
            None => Ok(None),
            Some(Value::Int(i)) => Ok(Some(*i)),
            Some(Value::Float(f)) if f.fract() == 0.0 && f.abs() < 9e15 => Ok(Some(*f as i64)),
            Some(v) => Err(format!("{k} must be an Integer, not {}", v.type_name())),
        }
    }

    fn temporal(&self, k: &str) -> R<Option<&'a Temporal>> {
        match self.map.get(k) {
            None => Ok(None),
            Some(Value::Temporal(t)) => Ok(Some(t)),
            Some(v) => Err(format!(
                "{k} must be a temporal value, not {}",
                v.type_name()
            )),
        }
    }

    fn zone(&self) -> R<Option<Zone>> {
        match self.map.get("timezone") {
            None => Ok(None),
            Some(Value::String(s)) => parse_zone(s).map(Some),
            Some(v) => Err(format!(
                "timezone must be a String such as 'Europe/Berlin' or '+01:00', not {}",
                v.type_name()
            )),
        }
    }
}

/// Whether a map given to `date()` and the others only names a time zone: the current
/// instant in that zone.
pub fn only_timezone(map: &BTreeMap<String, Value>) -> bool {
    !map.is_empty() && map.keys().all(|k| k.eq_ignore_ascii_case("timezone"))
}

/// The current value of `kind` in `zone` (UTC when none), at the statement's instant.
pub fn now(kind: Kind, zone: Option<Zone>, ts: Timestamp) -> Temporal {
    let z = ZonedDateTime::from_instant(ts, zone.unwrap_or(Zone::UTC));
    match kind {
        Kind::Date => Temporal::Date(z.local.date()),
        Kind::LocalTime => Temporal::LocalTime(z.local.time()),
        Kind::Time => Temporal::Time(z.local.time(), z.offset),
        Kind::LocalDateTime => Temporal::LocalDateTime(z.local),
        Kind::DateTime | Kind::Duration => Temporal::DateTime(z),
    }
}

/// A value of `kind` (not a duration) from a map of components, as Neo4j builds it: a
/// calendar date (`year`, `month`, `day`), a week date (`year`, `week`, `dayOfWeek`), an
/// ordinal date (`year`, `ordinalDay`), a quarter date (`year`, `quarter`, `dayOfQuarter`),
/// a time (`hour`, `minute`, `second`, `millisecond`, `microsecond`, `nanosecond`), a
/// `timezone`, `epochSeconds`/`epochMillis`, or a temporal value to start from (`date`,
/// `time`, `datetime`) whose components the other keys replace.
pub fn from_map(kind: Kind, map: &BTreeMap<String, Value>) -> R<Temporal> {
    if kind == Kind::Duration {
        return duration_from_map(map).map(Temporal::Duration);
    }
    let f = Fields::new(kind, map)?;
    let zone_given = f.zone()?;
    if f.map.is_empty() {
        return Err(format!(
            "the map has no component of a {} (it takes {})",
            kind.name(),
            allowed_keys(kind)
                .iter()
                .map(|k| display_key(k))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    // Epoch forms.
    if f.has("epochseconds") || f.has("epochmillis") {
        let nanos_extra = f.int("nanosecond")?.unwrap_or(0);
        let base: i128 = if let Some(s) = f.int("epochseconds")? {
            i128::from(s) * i128::from(NANOS_PER_SECOND)
        } else {
            i128::from(f.int("epochmillis")?.unwrap_or(0)) * 1_000_000
        };
        let ts = Timestamp::from_nanosecond(base + i128::from(nanos_extra))
            .map_err(|_| out_of_range())?;
        return Ok(Temporal::DateTime(ZonedDateTime::from_instant(
            ts,
            zone_given.unwrap_or(Zone::UTC),
        )));
    }

    // The values to start from. One with a zone, given another zone, is first moved to it
    // (the same instant), then its components replaced, as Neo4j does.
    let offset_now = |z: &Zone| z.offset_at(super::statement_now());
    let moved_dt = match (kind, f.temporal("datetime")?, &zone_given) {
        (Kind::DateTime, Some(Temporal::DateTime(x)), Some(z)) => {
            Some(Temporal::DateTime(x.in_zone(z.clone())?))
        }
        _ => None,
    };
    let moved_time = match (kind, f.temporal("time")?, &zone_given) {
        (Kind::Time, Some(Temporal::Time(t, o)), Some(z)) => {
            let to = offset_now(z);
            let nanos = time_nanos(*t) + i64::from(to.seconds() - o.seconds()) * NANOS_PER_SECOND;
            Some(Temporal::Time(time_from_nanos(nanos), to))
        }
        _ => None,
    };
    let base_dt = moved_dt.as_ref().or(f.temporal("datetime")?);
    let base_date_v = f.temporal("date")?.or(base_dt);
    let base_time_v = moved_time.as_ref().or(f.temporal("time")?).or(base_dt);
    let base_date =
        match base_date_v {
            Some(t) => Some(t.date().ok_or_else(|| {
                format!("date must hold a date, and a {} has none", t.kind().name())
            })?),
            None => None,
        };
    let base_time =
        match base_time_v {
            Some(t) => Some(t.time().ok_or_else(|| {
                format!("time must hold a time, and a {} has none", t.kind().name())
            })?),
            None => None,
        };

    // The date.
    let date = if kind.has_date() {
        Some(map_date(&f, base_date)?)
    } else {
        None
    };

    // The time.
    let time = if kind.has_time() {
        Some(map_time(&f, base_time, kind)?)
    } else {
        None
    };

    let local = |d: Date, t: Time| d.to_datetime(t);
    Ok(match kind {
        Kind::Date => Temporal::Date(date.expect("a date")),
        Kind::LocalTime => Temporal::LocalTime(time.expect("a time")),
        Kind::LocalDateTime => {
            Temporal::LocalDateTime(local(date.expect("a date"), time.expect("a time")))
        }
        Kind::Time => {
            let t = time.expect("a time");
            let base_zone = base_time_v.and_then(Temporal::offset);
            match (base_zone, zone_given) {
                (_, Some(z)) => Temporal::Time(t, offset_now(&z)),
                (Some(o), None) => Temporal::Time(t, o),
                (None, None) => Temporal::Time(t, jiff::tz::Offset::UTC),
            }
        }
        Kind::DateTime => {
            let dt = local(date.expect("a date"), time.expect("a time"));
            let base_zone = base_time_v.and_then(Temporal::zone);
            match (base_dt, base_zone, zone_given) {
                // `datetime({datetime: x, timezone: z})`: x moved to z, as it is (in a fold,
                // the local time alone would not say which of its two instants).
                (Some(moved @ Temporal::DateTime(_)), _, Some(_))
                    if moved_dt.is_some() && f.map.len() == 2 =>
                {
                    moved.clone()
                }
                (_, _, Some(z)) => Temporal::DateTime(ZonedDateTime::from_local(dt, z)?),
                (_, Some(z), None) => Temporal::DateTime(ZonedDateTime::from_local(dt, z)?),
                (_, None, None) => Temporal::DateTime(ZonedDateTime::from_local(dt, Zone::UTC)?),
            }
        }
        Kind::Duration => unreachable!("handled above"),
    })
}

fn map_date(f: &Fields<'_>, base: Option<Date>) -> R<Date> {
    let year = f.int("year")?;
    let Some(year) = year.or(base.map(|d| i64::from(d.year()))) else {
        return Err("year is required (or a date to start from)".to_string());
    };
    if f.has("week") || (f.has("dayofweek") && base.is_some() && !f.has("month")) {
        let week_base = base.map(ISOWeekDate::from_date);
        let week = f.int("week")?.or(week_base.map(|w| i64::from(w.week())));
        let Some(week) = week else {
            return Err("dayOfWeek needs a week".to_string());
        };
        let dow = f
            .int("dayofweek")?
            .or(week_base.map(|w| i64::from(w.weekday().to_monday_one_offset())))
            .unwrap_or(1);
        let wy = if f.has("year") {
            year
        } else {
            week_base.map_or(year, |w| i64::from(w.year()))
        };
        return week_date(wy, week, dow);
    }
    if f.has("dayofweek") {
        return Err("dayOfWeek needs a week".to_string());
    }
    if let Some(day) = f.int("ordinalday")? {
        return ordinal_date(year, day);
    }
    if f.has("quarter") || f.has("dayofquarter") {
        let base_q = base.map(|d| (i64::from(d.month()) - 1) / 3 + 1);
        let q = f.int("quarter")?.or(base_q);
        let Some(q) = q else {
            return Err("dayOfQuarter needs a quarter".to_string());
        };
        let doq = match f.int("dayofquarter")? {
            Some(d) => d,
            None => match base {
                Some(b) => {
                    let first = ymd(i64::from(b.year()), (q - 1) * 3 + 1, 1)?;
                    epoch_days(b) - epoch_days(first) + 1
                }
                None => 1,
            },
        };
        return quarter_date(year, q, doq);
    }
    let month = f.int("month")?;
    let day = f.int("day")?;
    if day.is_some() && month.is_none() && base.is_none() {
        return Err("day needs a month".to_string());
    }
    let month = month.or(base.map(|d| i64::from(d.month()))).unwrap_or(1);
    let day = day.or(base.map(|d| i64::from(d.day()))).unwrap_or(1);
    ymd(year, month, day)
}

fn map_time(f: &Fields<'_>, base: Option<Time>, kind: Kind) -> R<Time> {
    let hour = f.int("hour")?;
    let minute = f.int("minute")?;
    let second = f.int("second")?;
    let (ms, us, ns) = (
        f.int("millisecond")?,
        f.int("microsecond")?,
        f.int("nanosecond")?,
    );
    if base.is_none() {
        // Each component needs the larger ones (`{minute: 5}` alone is not a time).
        let chain = [
            ("hour", hour.is_some()),
            ("minute", minute.is_some()),
            ("second", second.is_some()),
            ("millisecond", ms.is_some() || us.is_some() || ns.is_some()),
        ];
        for w in chain.windows(2) {
            if w[1].1 && !w[0].1 {
                return Err(format!("{} needs {}", w[1].0, w[0].0));
            }
        }
        if hour.is_none() && kind.has_date() {
            return Ok(Time::midnight());
        }
        if hour.is_none() {
            return Err("hour is required (or a time to start from)".to_string());
        }
    }
    let b = base.unwrap_or(Time::midnight());
    let sub = if ms.is_some() || us.is_some() || ns.is_some() {
        let ms = ms.unwrap_or(0);
        let us = us.unwrap_or(0);
        let ns = ns.unwrap_or(0);
        check(ms, 0, 999, "millisecond")?;
        check(
            us,
            0,
            if f.has("millisecond") { 999 } else { 999_999 },
            "microsecond",
        )?;
        let ns_max = if f.has("microsecond") || f.has("millisecond") {
            999
        } else {
            999_999_999
        };
        check(ns, 0, ns_max, "nanosecond")?;
        ms * 1_000_000 + us * 1_000 + ns
    } else {
        i64::from(b.subsec_nanosecond())
    };
    hms(
        hour.unwrap_or(i64::from(b.hour())),
        minute.unwrap_or(if hour.is_some() && base.is_none() {
            0
        } else {
            i64::from(b.minute())
        }),
        second.unwrap_or(if (hour.is_some() || minute.is_some()) && base.is_none() {
            0
        } else {
            i64::from(b.second())
        }),
        sub,
    )
}

fn check(v: i64, lo: i64, hi: i64, what: &str) -> R<()> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(format!("{what} {v} is out of range ({lo} to {hi})"))
    }
}

/// `duration({days: 7, hours: 12})`: each key a number, fractions going down to the smaller
/// units.
fn duration_from_map(map: &BTreeMap<String, Value>) -> R<Duration> {
    let f = Fields::new(Kind::Duration, map)?;
    let mut ints = [0i64; 11];
    let mut floats = [0f64; 11];
    let mut fractional = false;
    for (i, key) in allowed_keys(Kind::Duration).iter().enumerate() {
        match f.map.get(*key) {
            None => {}
            Some(Value::Int(n)) => {
                ints[i] = *n;
                floats[i] = *n as f64;
            }
            Some(Value::Float(x)) => {
                if !x.is_finite() {
                    return Err(format!("{key} must be a finite number"));
                }
                // Floats take the path of fractions, which checks their range.
                fractional = true;
                floats[i] = *x;
            }
            Some(v) => return Err(format!("{key} must be a number, not {}", v.type_name())),
        }
    }
    let [years, quarters, months, weeks, days, hours, minutes, seconds, ms, us, ns] = ints;
    if fractional {
        let [fy, fq, fm, fw, fd, fh, fmin, fs, fms, fus, fns] = floats;
        return Duration::approximate(
            fy * 12.0 + fq * 3.0 + fm,
            fw * 7.0 + fd,
            fh * 3600.0 + fmin * 60.0 + fs,
            fms * 1e6 + fus * 1e3 + fns,
        );
    }
    let sum = |parts: &[(i64, i64)]| -> R<i64> {
        parts.iter().try_fold(0i64, |acc, &(v, k)| {
            v.checked_mul(k)
                .and_then(|x| acc.checked_add(x))
                .ok_or_else(overflow)
        })
    };
    let m = sum(&[(years, 12), (quarters, 3), (months, 1)])?;
    let d = sum(&[(weeks, 7), (days, 1)])?;
    let s = sum(&[(hours, 3600), (minutes, 60), (seconds, 1)])?;
    let n = i128::from(ms) * 1_000_000 + i128::from(us) * 1_000 + i128::from(ns);
    let carry =
        i64::try_from(n.div_euclid(i128::from(NANOS_PER_SECOND))).map_err(|_| overflow())?;
    Duration::new(
        m,
        d,
        s.checked_add(carry).ok_or_else(overflow)?,
        n.rem_euclid(i128::from(NANOS_PER_SECOND)) as i64,
    )
}

/// A value of `kind` made from another temporal value (`date(datetime)`,
/// `localtime(datetime)`, `datetime(localdatetime)`): the parts the type needs must be there;
/// a zone that is missing is UTC, and a value with a zone keeps it.
pub fn convert(kind: Kind, t: &Temporal) -> R<Temporal> {
    if t.kind() == kind {
        return Ok(t.clone());
    }
    let missing = |what: &str| {
        format!(
            "a {} cannot be made from a {}: it has no {what}",
            kind.name(),
            t.kind().name()
        )
    };
    Ok(match kind {
        Kind::Date => Temporal::Date(t.date().ok_or_else(|| missing("date"))?),
        Kind::LocalTime => Temporal::LocalTime(t.time().ok_or_else(|| missing("time"))?),
        Kind::Time => Temporal::Time(
            t.time().ok_or_else(|| missing("time"))?,
            t.offset().unwrap_or(jiff::tz::Offset::UTC),
        ),
        Kind::LocalDateTime => Temporal::LocalDateTime(
            t.date()
                .ok_or_else(|| missing("date"))?
                .to_datetime(t.time().ok_or_else(|| missing("time"))?),
        ),
        Kind::DateTime => {
            let local = t
                .date()
                .ok_or_else(|| missing("date"))?
                .to_datetime(t.time().ok_or_else(|| missing("time"))?);
            Temporal::DateTime(ZonedDateTime::from_local(
                local,
                t.zone().unwrap_or(Zone::UTC),
            )?)
        }
        Kind::Duration => return Err(missing("length")),
    })
}

// ---------------------------------------------------------------------------------------------
// Components
// ---------------------------------------------------------------------------------------------

/// `value.name`: the component of a temporal value, or None when its type has no such
/// component. Names are matched without regard to case, as in Neo4j.
pub fn component(t: &Temporal, name: &str) -> Option<Value> {
    let key = name.to_ascii_lowercase();
    if let Temporal::Duration(d) = t {
        return duration_component(d, &key).map(Value::Int);
    }
    if let Some(d) = t.date() {
        let week = ISOWeekDate::from_date(d);
        let q = (i64::from(d.month()) - 1) / 3 + 1;
        let v = match key.as_str() {
            "year" => Some(i64::from(d.year())),
            "quarter" => Some(q),
            "month" => Some(i64::from(d.month())),
            "week" => Some(i64::from(week.week())),
            "weekyear" => Some(i64::from(week.year())),
            "dayofquarter" => {
                let first = ymd(i64::from(d.year()), (q - 1) * 3 + 1, 1).ok()?;
                Some(epoch_days(d) - epoch_days(first) + 1)
            }
            "day" => Some(i64::from(d.day())),
            "ordinalday" => Some(i64::from(d.day_of_year())),
            "dayofweek" | "weekday" => Some(i64::from(d.weekday().to_monday_one_offset())),
            _ => None,
        };
        if let Some(v) = v {
            return Some(Value::Int(v));
        }
    }
    if let Some(tm) = t.time() {
        let n = i64::from(tm.subsec_nanosecond());
        let v = match key.as_str() {
            "hour" => Some(i64::from(tm.hour())),
            "minute" => Some(i64::from(tm.minute())),
            "second" => Some(i64::from(tm.second())),
            "millisecond" => Some(n / 1_000_000),
            "microsecond" => Some(n / 1_000),
            "nanosecond" => Some(n),
            _ => None,
        };
        if let Some(v) = v {
            return Some(Value::Int(v));
        }
    }
    if let (Some(zone), Some(offset)) = (t.zone(), t.offset()) {
        match key.as_str() {
            "timezone" => return Some(Value::from(zone.name())),
            "offset" => return Some(Value::from(offset_id(offset))),
            "offsetminutes" => return Some(Value::Int(i64::from(offset.seconds() / 60))),
            "offsetseconds" => return Some(Value::Int(i64::from(offset.seconds()))),
            _ => {}
        }
    }
    if let Temporal::DateTime(z) = t {
        let nanos = z.epoch_nanos();
        match key.as_str() {
            "epochseconds" => {
                return i64::try_from(nanos.div_euclid(i128::from(NANOS_PER_SECOND)))
                    .ok()
                    .map(Value::Int)
            }
            "epochmillis" => {
                return i64::try_from(nanos.div_euclid(1_000_000))
                    .ok()
                    .map(Value::Int)
            }
            _ => {}
        }
    }
    None
}

fn duration_component(d: &Duration, key: &str) -> Option<i64> {
    let nanos_total = d.total_nanos();
    let clamp = |x: i128| i64::try_from(x).ok();
    Some(match key {
        "years" => d.months / 12,
        "quarters" => d.months / 3,
        "months" => d.months,
        "weeks" => d.days / 7,
        "days" => d.days,
        "hours" => d.seconds.div_euclid(3600),
        "minutes" => d.seconds.div_euclid(60),
        "seconds" => d.seconds,
        "milliseconds" => return clamp(nanos_total.div_euclid(1_000_000)),
        "microseconds" => return clamp(nanos_total.div_euclid(1_000)),
        "nanoseconds" => return clamp(nanos_total),
        "quartersofyear" => d.months / 3 % 4,
        "monthsofquarter" => d.months % 3,
        "monthsofyear" => d.months % 12,
        "daysofweek" => d.days % 7,
        "minutesofhour" => d.seconds.div_euclid(60) % 60,
        "secondsofminute" => d.seconds % 60,
        "millisecondsofsecond" => i64::from(d.nanos) / 1_000_000,
        "microsecondsofsecond" => i64::from(d.nanos) / 1_000,
        "nanosecondsofsecond" => i64::from(d.nanos),
        _ => return None,
    })
}

/// The components of each type, for messages.
pub fn component_names(kind: Kind) -> &'static str {
    match kind {
        Kind::Date => "year, quarter, month, week, weekYear, dayOfQuarter, day, ordinalDay, dayOfWeek",
        Kind::LocalTime => "hour, minute, second, millisecond, microsecond, nanosecond",
        Kind::Time => "hour, minute, second, millisecond, microsecond, nanosecond, timezone, offset, offsetMinutes, offsetSeconds",
        Kind::LocalDateTime => "year, quarter, month, week, weekYear, dayOfQuarter, day, ordinalDay, dayOfWeek, hour, minute, second, millisecond, microsecond, nanosecond",
        Kind::DateTime => "year, quarter, month, week, weekYear, dayOfQuarter, day, ordinalDay, dayOfWeek, hour, minute, second, millisecond, microsecond, nanosecond, timezone, offset, offsetMinutes, offsetSeconds, epochSeconds, epochMillis",
        Kind::Duration => "years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds, quartersOfYear, monthsOfQuarter, monthsOfYear, daysOfWeek, minutesOfHour, secondsOfMinute, millisecondsOfSecond, microsecondsOfSecond, nanosecondsOfSecond",
    }
}

// ---------------------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------------------

fn add_months_days(d: Date, months: i64, days: i64) -> R<Date> {
    let mut d = d;
    if months != 0 {
        let total = (i64::from(d.year()) * 12 + i64::from(d.month()) - 1)
            .checked_add(months)
            .ok_or_else(out_of_range)?;
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        if !(-9999..=9999).contains(&y) {
            return Err(out_of_range());
        }
        let first = ymd(y, m, 1)?;
        let day = i64::from(d.day()).min(i64::from(first.days_in_month()));
        d = ymd(y, m, day)?;
    }
    if days != 0 {
        d = date_from_epoch_days(epoch_days(d).checked_add(days).ok_or_else(out_of_range)?)?;
    }
    Ok(d)
}

/// `t + d`: months then days on the calendar, then the seconds (on the instant for a
/// datetime, so across a change of offset an hour is an hour); a date takes whole days of
/// the seconds when the duration has no days; a time ignores months and days and wraps
/// around midnight.
pub fn add(t: &Temporal, d: &Duration) -> R<Temporal> {
    let nanos = d.total_nanos();
    Ok(match t {
        Temporal::Duration(x) => Temporal::Duration(x.checked_add(*d)?),
        Temporal::Date(date) => {
            let extra_days = if d.days == 0 {
                d.seconds / SECONDS_PER_DAY
            } else {
                0
            };
            Temporal::Date(add_months_days(
                *date,
                d.months,
                d.days.checked_add(extra_days).ok_or_else(out_of_range)?,
            )?)
        }
        Temporal::LocalTime(tm) => {
            let n = (i128::from(time_nanos(*tm)) + nanos).rem_euclid(i128::from(NANOS_PER_DAY));
            Temporal::LocalTime(time_from_nanos(n as i64))
        }
        Temporal::Time(tm, o) => {
            let n = (i128::from(time_nanos(*tm)) + nanos).rem_euclid(i128::from(NANOS_PER_DAY));
            Temporal::Time(time_from_nanos(n as i64), *o)
        }
        Temporal::LocalDateTime(dt) => {
            let date = add_months_days(dt.date(), d.months, d.days)?;
            let moved = date.to_datetime(dt.time());
            Temporal::LocalDateTime(local_from_nanos(local_nanos(moved) + nanos)?)
        }
        Temporal::DateTime(z) => {
            let date = add_months_days(z.local.date(), d.months, d.days)?;
            let moved = if d.months != 0 || d.days != 0 {
                ZonedDateTime::from_local(date.to_datetime(z.local.time()), z.zone.clone())?
            } else {
                z.clone()
            };
            if nanos == 0 {
                Temporal::DateTime(moved)
            } else {
                let ts = Timestamp::from_nanosecond(moved.epoch_nanos() + nanos)
                    .map_err(|_| out_of_range())?;
                Temporal::DateTime(ZonedDateTime::from_instant(ts, moved.zone.clone()))
            }
        }
    })
}

/// `t - d`.
pub fn sub(t: &Temporal, d: &Duration) -> R<Temporal> {
    add(t, &d.checked_neg()?)
}

// ---------------------------------------------------------------------------------------------
// duration.between and its kin
// ---------------------------------------------------------------------------------------------

/// What `duration.between` and its kin measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BetweenUnit {
    /// Months, then days, then seconds (`duration.between`).
    All,
    Months,
    Days,
    Seconds,
}

/// The duration from `a` to `b`. When one of them has no date, only the times count; when
/// one has no zone, it is taken to be in the other's; when both have one, `b` is seen in
/// `a`'s zone.
pub fn between(a: &Temporal, b: &Temporal, unit: BetweenUnit) -> R<Duration> {
    if a.kind() == Kind::Duration || b.kind() == Kind::Duration {
        return Err("duration.between takes two instants, not Durations".to_string());
    }
    // `b` moved into `a`'s zone when both have one.
    let b = match (a, b) {
        (Temporal::DateTime(za), Temporal::DateTime(zb)) => {
            Temporal::DateTime(zb.in_zone(za.zone.clone())?)
        }
        _ => match (a.offset(), b.offset(), b.time()) {
            (Some(oa), Some(ob), Some(tb)) if b.date().is_none() || a.date().is_none() => {
                let shift = i64::from(oa.seconds() - ob.seconds()) * NANOS_PER_SECOND;
                match b.date() {
                    Some(db) => Temporal::LocalDateTime(local_from_nanos(
                        local_nanos(db.to_datetime(tb)) + i128::from(shift),
                    )?),
                    None => Temporal::LocalTime(time_from_nanos(time_nanos(tb) + shift)),
                }
            }
            _ => b.clone(),
        },
    };
    let (da, db) = (a.date(), b.date());
    let ta = a.time().unwrap_or(Time::midnight());
    let tb = b.time().unwrap_or(Time::midnight());
    let (Some(da), Some(db)) = (da, db) else {
        // Times only.
        let n = time_nanos(tb) - time_nanos(ta);
        return match unit {
            BetweenUnit::Months | BetweenUnit::Days => Ok(Duration::default()),
            _ => Duration::new(0, 0, 0, n),
        };
    };
    let from = da.to_datetime(ta);
    let to = db.to_datetime(tb);
    // Instants for the remaining time when `a` has a zone (so that a change of offset counts).
    let instant = |local: DateTime| -> R<i128> {
        match a {
            Temporal::DateTime(z) => {
                Ok(ZonedDateTime::from_local(local, z.zone.clone())?.epoch_nanos())
            }
            _ => Ok(local_nanos(local)),
        }
    };
    let to_n = instant(to)?;
    match unit {
        BetweenUnit::Seconds => {
            let n = to_n - instant(from)?;
            nanos_duration(0, 0, n)
        }
        BetweenUnit::Days => {
            let days = whole_days(from, to);
            Duration::new(0, days, 0, 0)
        }
        BetweenUnit::Months => Duration::new(whole_months(from, to), 0, 0, 0),
        BetweenUnit::All => {
            let months = whole_months(from, to);
            let after_months = add_months_days(from.date(), months, 0)?.to_datetime(from.time());
            let days = whole_days(after_months, to);
            let after_days =
                add_months_days(after_months.date(), 0, days)?.to_datetime(from.time());
            let n = to_n - instant(after_days)?;
            nanos_duration(months, days, n)
        }
    }
}

fn nanos_duration(months: i64, days: i64, n: i128) -> R<Duration> {
    let second = i128::from(NANOS_PER_SECOND);
    let secs = i64::try_from(n.div_euclid(second)).map_err(|_| overflow())?;
    Duration::new(months, days, secs, n.rem_euclid(second) as i64)
}

/// Whole months from `a` to `b`, towards zero, as Java's `ChronoUnit.MONTHS.between`.
fn whole_months(a: DateTime, b: DateTime) -> i64 {
    let ma = i64::from(a.year()) * 12 + i64::from(a.month());
    let mb = i64::from(b.year()) * 12 + i64::from(b.month());
    let mut months = mb - ma;
    let rest_a = (a.day(), a.time());
    let rest_b = (b.day(), b.time());
    if months > 0 && rest_b < rest_a {
        months -= 1;
    } else if months < 0 && rest_b > rest_a {
        months += 1;
    }
    months
}

/// Whole days from `a` to `b`, towards zero.
fn whole_days(a: DateTime, b: DateTime) -> i64 {
    let mut days = epoch_days(b.date()) - epoch_days(a.date());
    if days > 0 && b.time() < a.time() {
        days -= 1;
    } else if days < 0 && b.time() > a.time() {
        days += 1;
    }
    days
}

// ---------------------------------------------------------------------------------------------
// Truncation
// ---------------------------------------------------------------------------------------------

/// The units `truncate` takes, largest first.
pub const TRUNCATE_UNITS: &[&str] = &[
    "millennium",
    "century",
    "decade",
    "year",
    "weekYear",
    "quarter",
    "month",
    "week",
    "day",
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
];

/// `kind.truncate(unit, t, overrides)`: `t` cut down to the start of its `unit` as a value of
/// `kind`, then the components in `overrides` replaced.
pub fn truncate(
    kind: Kind,
    unit: &str,
    t: &Temporal,
    overrides: Option<&BTreeMap<String, Value>>,
) -> R<Temporal> {
    let u = unit.to_ascii_lowercase();
    let Some(rank) = TRUNCATE_UNITS
        .iter()
        .position(|x| x.eq_ignore_ascii_case(&u))
    else {
        return Err(format!(
            "unknown unit '{unit}' (expected one of {})",
            TRUNCATE_UNITS.join(", ")
        ));
    };
    let date_unit = rank <= 8;
    if kind == Kind::Duration {
        return Err("durations cannot be truncated".to_string());
    }
    if !kind.has_date() && date_unit && u != "day" {
        return Err(format!(
            "a {} cannot be truncated to the {unit}",
            kind.name()
        ));
    }
    if kind == Kind::Date && !date_unit {
        return Err(format!("a Date cannot be truncated to the {unit}"));
    }
    let date = match t.date() {
        Some(d) => Some(truncate_date(d, &u)?),
        None if kind.has_date() => {
            return Err(format!(
                "a {} has no date to truncate to a {}",
                t.kind().name(),
                kind.name()
            ))
        }
        None => None,
    };
    let time = match t.time() {
        Some(tm) if !date_unit => {
            let n = time_nanos(tm);
            let step: i64 = match u.as_str() {
                "hour" => 3600 * NANOS_PER_SECOND,
                "minute" => 60 * NANOS_PER_SECOND,
                "second" => NANOS_PER_SECOND,
                "millisecond" => 1_000_000,
                _ => 1_000,
            };
            time_from_nanos(n - n.rem_euclid(step))
        }
        _ => Time::midnight(),
    };
    let truncated = match kind {
        Kind::Date => Temporal::Date(date.expect("a date")),
        Kind::LocalDateTime => Temporal::LocalDateTime(date.expect("a date").to_datetime(time)),
        Kind::DateTime => Temporal::DateTime(ZonedDateTime::from_local(
            date.expect("a date").to_datetime(time),
            t.zone().unwrap_or(Zone::UTC),
        )?),
        Kind::LocalTime => Temporal::LocalTime(time),
        Kind::Time => Temporal::Time(time, t.offset().unwrap_or(jiff::tz::Offset::UTC)),
        Kind::Duration => unreachable!("refused above"),
    };
    match overrides {
        Some(m) if !m.is_empty() => {
            let base_key = match kind {
                Kind::Date => "date",
                Kind::LocalTime | Kind::Time => "time",
                _ => "datetime",
            };
            let mut map = m.clone();
            map.insert(base_key.to_string(), Value::Temporal(truncated.into()));
            from_map(kind, &map)
        }
        _ => Ok(truncated),
    }
}

fn truncate_date(d: Date, unit: &str) -> R<Date> {
    let y = i64::from(d.year());
    Ok(match unit {
        "millennium" => ymd(y.div_euclid(1000) * 1000, 1, 1)?,
        "century" => ymd(y.div_euclid(100) * 100, 1, 1)?,
        "decade" => ymd(y.div_euclid(10) * 10, 1, 1)?,
        "year" => ymd(y, 1, 1)?,
        "weekyear" => week_date(i64::from(ISOWeekDate::from_date(d).year()), 1, 1)?,
        "quarter" => ymd(y, (i64::from(d.month()) - 1) / 3 * 3 + 1, 1)?,
        "month" => ymd(y, i64::from(d.month()), 1)?,
        "week" => {
            date_from_epoch_days(epoch_days(d) - i64::from(d.weekday().to_monday_one_offset()) + 1)?
        }
        _ => d,
    })
}
