//! Temporal values: Cypher's `Date`, `LocalTime`, `Time`, `LocalDateTime`, `DateTime` and
//! `Duration`, with Neo4j's semantics: their ISO 8601 text (read and written), components,
//! construction from maps, truncation, arithmetic with durations, `duration.between`, and the
//! orders and equality Cypher gives them.
//!
//! The calendar and the time zone database come from `jiff` (see Cargo.toml); the text forms
//! are Neo4j's (week dates, ordinal dates, `+01:00[Europe/Berlin]`), read by `parse`.

mod build;
mod parse;

pub use build::{
    add, between, component, component_names, convert, from_map, now, only_timezone, sub, truncate,
    BetweenUnit, TRUNCATE_UNITS,
};
pub use parse::{expected_forms, parse_duration, parse_temporal, parse_zone};

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use std::cell::Cell;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

pub const NANOS_PER_SECOND: i64 = 1_000_000_000;
pub const SECONDS_PER_DAY: i64 = 86_400;
pub const NANOS_PER_DAY: i64 = SECONDS_PER_DAY * NANOS_PER_SECOND;
/// The average month of the Gregorian calendar, as Neo4j uses it for fractions of months and
/// to order durations: 30.436875 days.
pub const AVG_DAYS_PER_MONTH: f64 = 30.436875;
pub const AVG_SECONDS_PER_MONTH: i64 = 2_629_746;

/// The six temporal types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    // In the order of ORDER BY (openCypher's global order of types).
    DateTime,
    LocalDateTime,
    Date,
    Time,
    LocalTime,
    Duration,
}

impl Kind {
    /// The name Cypher gives the type, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Date => "Date",
            Kind::LocalTime => "LocalTime",
            Kind::Time => "Time",
            Kind::LocalDateTime => "LocalDateTime",
            Kind::DateTime => "DateTime",
            Kind::Duration => "Duration",
        }
    }

    /// The function that builds the type: `date`, `localtime`, ...
    pub fn function(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::LocalTime => "localtime",
            Kind::Time => "time",
            Kind::LocalDateTime => "localdatetime",
            Kind::DateTime => "datetime",
            Kind::Duration => "duration",
        }
    }

    pub fn has_date(self) -> bool {
        matches!(self, Kind::Date | Kind::LocalDateTime | Kind::DateTime)
    }

    pub fn has_time(self) -> bool {
        matches!(
            self,
            Kind::LocalTime | Kind::Time | Kind::LocalDateTime | Kind::DateTime
        )
    }

    pub fn has_zone(self) -> bool {
        matches!(self, Kind::Time | Kind::DateTime)
    }
}

/// A time zone as a value holds it: a fixed offset, or a named zone of the tz database.
#[derive(Clone, Debug)]
pub enum Zone {
    Offset(Offset),
    Named(TimeZone),
}

impl Zone {
    pub const UTC: Zone = Zone::Offset(Offset::UTC);

    /// The zone's offset at an instant.
    pub fn offset_at(&self, ts: Timestamp) -> Offset {
        match self {
            Zone::Offset(o) => *o,
            Zone::Named(tz) => tz.to_offset(ts),
        }
    }

    /// The offset of a local date and time in this zone (the earlier one in a fold, the one
    /// before a gap, as Java and so Neo4j do) and the local time itself, moved forward past a
    /// gap.
    pub fn resolve(&self, local: DateTime) -> Result<(DateTime, Offset), String> {
        match self {
            Zone::Offset(o) => Ok((local, *o)),
            Zone::Named(tz) => {
                // The only failure is a local time whose instant is out of range.
                let zdt = local
                    .to_zoned_datetime(tz.clone())
                    .map_err(|_| out_of_range())?;
                Ok((zdt.datetime(), zdt.offset()))
            }
        }
    }

    /// The zone's name as Neo4j prints it: `Z`, `+01:00`, `Europe/Berlin`.
    pub fn name(&self) -> String {
        match self {
            Zone::Offset(o) => offset_id(*o),
            Zone::Named(tz) => tz.iana_name().unwrap_or("UTC").to_string(),
        }
    }

    fn named(&self) -> Option<&str> {
        match self {
            Zone::Offset(_) => None,
            Zone::Named(tz) => Some(tz.iana_name().unwrap_or("UTC")),
        }
    }
}

/// A date and time in a zone: the local date and time, its offset from UTC, and the named
/// zone it was given in, if any.
#[derive(Clone, Debug)]
pub struct ZonedDateTime {
    pub local: DateTime,
    pub offset: Offset,
    pub zone: Zone,
}

impl ZonedDateTime {
    /// The instant, in nanoseconds since 1970-01-01T00:00Z.
    pub fn epoch_nanos(&self) -> i128 {
        local_nanos(self.local) - i128::from(self.offset.seconds()) * i128::from(NANOS_PER_SECOND)
    }

    pub fn timestamp(&self) -> Result<Timestamp, String> {
        Timestamp::from_nanosecond(self.epoch_nanos()).map_err(|_| out_of_range())
    }

    /// The date and time of `local` in `zone`.
    pub fn from_local(local: DateTime, zone: Zone) -> Result<ZonedDateTime, String> {
        let (local, offset) = zone.resolve(local)?;
        Ok(ZonedDateTime {
            local,
            offset,
            zone,
        })
    }

    /// The instant `ts` seen in `zone`.
    pub fn from_instant(ts: Timestamp, zone: Zone) -> ZonedDateTime {
        let offset = zone.offset_at(ts);
        ZonedDateTime {
            local: offset.to_datetime(ts),
            offset,
            zone,
        }
    }

    /// The same instant in another zone.
    pub fn in_zone(&self, zone: Zone) -> Result<ZonedDateTime, String> {
        Ok(ZonedDateTime::from_instant(self.timestamp()?, zone))
    }
}

/// A duration as Neo4j holds it: months, days, seconds and nanoseconds, each kept apart
/// (a month is not a number of days, nor a day a number of seconds, across time zones);
/// `nanos` is within 0..1e9.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    pub months: i64,
    pub days: i64,
    pub seconds: i64,
    pub nanos: i32,
}

impl Duration {
    /// A duration from its parts; seconds and nanoseconds are normalised (nanoseconds within
    /// a second, carrying into seconds).
    pub fn new(months: i64, days: i64, seconds: i64, nanos: i64) -> Result<Duration, String> {
        let carry = nanos.div_euclid(NANOS_PER_SECOND);
        let nanos = nanos.rem_euclid(NANOS_PER_SECOND) as i32;
        let seconds = seconds.checked_add(carry).ok_or_else(overflow)?;
        Ok(Duration {
            months,
            days,
            seconds,
            nanos,
        })
    }

    /// A duration from fractional parts: a fraction of a month becomes days (of the average
    /// month), a fraction of a day seconds, a fraction of a second nanoseconds, as Neo4j does.
    pub fn approximate(
        months: f64,
        days: f64,
        seconds: f64,
        nanos: f64,
    ) -> Result<Duration, String> {
        let whole = |x: f64| -> Result<i64, String> {
            if x.is_nan() {
                Err("the duration would not be a number (NaN)".to_string())
            } else if x.is_finite() && x.abs() < 9.2e18 {
                Ok(x.trunc() as i64)
            } else {
                Err(overflow())
            }
        };
        let m = whole(months)?;
        let days = days + AVG_DAYS_PER_MONTH * (months - m as f64);
        let d = whole(days)?;
        let seconds = seconds + SECONDS_PER_DAY as f64 * (days - d as f64);
        let s = whole(seconds)?;
        let nanos = nanos + NANOS_PER_SECOND as f64 * (seconds - s as f64);
        let n = whole(nanos.round())?;
        Duration::new(m, d, s, n)
    }

    pub fn checked_add(self, o: Duration) -> Result<Duration, String> {
        Duration::new(
            self.months.checked_add(o.months).ok_or_else(overflow)?,
            self.days.checked_add(o.days).ok_or_else(overflow)?,
            self.seconds.checked_add(o.seconds).ok_or_else(overflow)?,
            i64::from(self.nanos) + i64::from(o.nanos),
        )
    }

    pub fn checked_neg(self) -> Result<Duration, String> {
        Duration::new(
            self.months.checked_neg().ok_or_else(overflow)?,
            self.days.checked_neg().ok_or_else(overflow)?,
            self.seconds.checked_neg().ok_or_else(overflow)?,
            -i64::from(self.nanos),
        )
    }

    pub fn checked_mul_int(self, k: i64) -> Result<Duration, String> {
        let nanos = i128::from(self.nanos) * i128::from(k);
        let carry = nanos.div_euclid(i128::from(NANOS_PER_SECOND));
        let seconds = i128::from(self.seconds) * i128::from(k) + carry;
        let fit = |x: i128| i64::try_from(x).map_err(|_| overflow());
        Duration::new(
            self.months.checked_mul(k).ok_or_else(overflow)?,
            self.days.checked_mul(k).ok_or_else(overflow)?,
            fit(seconds)?,
            fit(nanos.rem_euclid(i128::from(NANOS_PER_SECOND)))?,
        )
    }

    pub fn mul_float(self, f: f64) -> Result<Duration, String> {
        Duration::approximate(
            self.months as f64 * f,
            self.days as f64 * f,
            self.seconds as f64 * f,
            f64::from(self.nanos) * f,
        )
    }

    pub fn div_float(self, f: f64) -> Result<Duration, String> {
        if f == 0.0 {
            return Err("division of a Duration by zero".to_string());
        }
        Duration::approximate(
            self.months as f64 / f,
            self.days as f64 / f,
            self.seconds as f64 / f,
            f64::from(self.nanos) / f,
        )
    }

    /// Nanoseconds of the seconds part (seconds and nanoseconds together).
    pub fn total_nanos(self) -> i128 {
        i128::from(self.seconds) * i128::from(NANOS_PER_SECOND) + i128::from(self.nanos)
    }

    /// The duration's length with a month of average length, for ordering.
    fn average_nanos(self) -> i128 {
        (i128::from(self.months) * i128::from(AVG_SECONDS_PER_MONTH)
            + i128::from(self.days) * i128::from(SECONDS_PER_DAY))
            * i128::from(NANOS_PER_SECOND)
            + self.total_nanos()
    }
}

/// A temporal value.
#[derive(Clone, Debug)]
pub enum Temporal {
    Date(Date),
    LocalTime(Time),
    /// A time of day with its offset from UTC.
    Time(Time, Offset),
    LocalDateTime(DateTime),
    DateTime(ZonedDateTime),
    Duration(Duration),
}

impl Temporal {
    pub fn kind(&self) -> Kind {
        match self {
            Temporal::Date(_) => Kind::Date,
            Temporal::LocalTime(_) => Kind::LocalTime,
            Temporal::Time(..) => Kind::Time,
            Temporal::LocalDateTime(_) => Kind::LocalDateTime,
            Temporal::DateTime(_) => Kind::DateTime,
            Temporal::Duration(_) => Kind::Duration,
        }
    }

    /// The date part, for the types that have one.
    pub fn date(&self) -> Option<Date> {
        match self {
            Temporal::Date(d) => Some(*d),
            Temporal::LocalDateTime(dt) => Some(dt.date()),
            Temporal::DateTime(z) => Some(z.local.date()),
            _ => None,
        }
    }

    /// The local time part, for the types that have one.
    pub fn time(&self) -> Option<Time> {
        match self {
            Temporal::LocalTime(t) | Temporal::Time(t, _) => Some(*t),
            Temporal::LocalDateTime(dt) => Some(dt.time()),
            Temporal::DateTime(z) => Some(z.local.time()),
            _ => None,
        }
    }

    /// The zone, for the types that have one (a time's is its offset).
    pub fn zone(&self) -> Option<Zone> {
        match self {
            Temporal::Time(_, o) => Some(Zone::Offset(*o)),
            Temporal::DateTime(z) => Some(z.zone.clone()),
            _ => None,
        }
    }

    /// The offset, for the types that have one.
    pub fn offset(&self) -> Option<Offset> {
        match self {
            Temporal::Time(_, o) => Some(*o),
            Temporal::DateTime(z) => Some(z.offset),
            _ => None,
        }
    }

    /// Equality as Cypher's `=`: values of the same type that are the same (a datetime also
    /// in the same zone); values of different types are not equal.
    pub fn same(&self, other: &Temporal) -> bool {
        self.kind() == other.kind() && self.order(other) == Ordering::Equal
    }

    /// The ordering of `<` and friends: between values of the same type, except durations,
    /// which do not compare.
    pub fn compare(&self, other: &Temporal) -> Option<Ordering> {
        if self.kind() != other.kind() || self.kind() == Kind::Duration {
            return None;
        }
        Some(self.order(other))
    }

    /// A total order over all temporal values: by type (openCypher's global order), then
    /// within a type by instant (or position in the day), ties broken by the local value and
    /// the zone; durations by their length with months of average length.
    pub fn order(&self, other: &Temporal) -> Ordering {
        match (self, other) {
            (Temporal::Date(a), Temporal::Date(b)) => a.cmp(b),
            (Temporal::LocalTime(a), Temporal::LocalTime(b)) => a.cmp(b),
            (Temporal::Time(a, oa), Temporal::Time(b, ob)) => time_utc_nanos(*a, *oa)
                .cmp(&time_utc_nanos(*b, *ob))
                .then_with(|| oa.seconds().cmp(&ob.seconds())),
            (Temporal::LocalDateTime(a), Temporal::LocalDateTime(b)) => a.cmp(b),
            (Temporal::DateTime(a), Temporal::DateTime(b)) => a
                .epoch_nanos()
                .cmp(&b.epoch_nanos())
                .then_with(|| a.local.cmp(&b.local))
                .then_with(|| a.zone.named().cmp(&b.zone.named())),
            (Temporal::Duration(a), Temporal::Duration(b)) => a
                .average_nanos()
                .cmp(&b.average_nanos())
                .then_with(|| a.months.cmp(&b.months))
                .then_with(|| a.days.cmp(&b.days))
                .then_with(|| a.seconds.cmp(&b.seconds))
                .then_with(|| a.nanos.cmp(&b.nanos)),
            _ => self.kind().cmp(&other.kind()),
        }
    }

    /// A hash consistent with `order(..) == Equal`.
    pub fn hash_into<H: Hasher>(&self, state: &mut H) {
        self.kind().hash(state);
        match self {
            Temporal::Date(d) => d.hash(state),
            Temporal::LocalTime(t) => t.hash(state),
            Temporal::Time(t, o) => {
                t.hash(state);
                o.seconds().hash(state);
            }
            Temporal::LocalDateTime(dt) => dt.hash(state),
            Temporal::DateTime(z) => {
                z.local.hash(state);
                z.offset.seconds().hash(state);
                z.zone.named().hash(state);
            }
            Temporal::Duration(d) => d.hash(state),
        }
    }

    /// The value as Cypher writes it in a query: `date('2020-11-14')`, `duration('P1D')`.
    pub fn to_cypher(&self) -> String {
        format!("{}('{}')", self.kind().function(), self)
    }
}

impl PartialEq for Temporal {
    fn eq(&self, other: &Temporal) -> bool {
        self.same(other)
    }
}

impl Eq for Temporal {}

impl Hash for Temporal {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.hash_into(state);
    }
}

/// Nanoseconds since midnight.
pub fn time_nanos(t: Time) -> i64 {
    (i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second()))
        * NANOS_PER_SECOND
        + i64::from(t.subsec_nanosecond())
}

/// The time of day `nanos` nanoseconds after midnight (wrapping around the day).
pub fn time_from_nanos(nanos: i64) -> Time {
    let n = nanos.rem_euclid(NANOS_PER_DAY);
    let secs = n / NANOS_PER_SECOND;
    Time::constant(
        (secs / 3600) as i8,
        (secs / 60 % 60) as i8,
        (secs % 60) as i8,
        (n % NANOS_PER_SECOND) as i32,
    )
}

fn time_utc_nanos(t: Time, o: Offset) -> i64 {
    time_nanos(t) - i64::from(o.seconds()) * NANOS_PER_SECOND
}

/// Days since 1970-01-01 (the proleptic Gregorian calendar).
pub fn epoch_days(d: Date) -> i64 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01; an error outside the years -9999 to 9999.
pub fn date_from_epoch_days(days: i64) -> Result<Date, String> {
    let z = days.checked_add(719_468).ok_or_else(out_of_range)?;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let y = i16::try_from(y).map_err(|_| out_of_range())?;
    Date::new(y, m as i8, d as i8).map_err(|_| out_of_range())
}

/// Nanoseconds of a local date and time since 1970-01-01T00:00.
pub fn local_nanos(dt: DateTime) -> i128 {
    i128::from(epoch_days(dt.date())) * i128::from(NANOS_PER_DAY)
        + i128::from(time_nanos(dt.time()))
}

/// The local date and time `nanos` after 1970-01-01T00:00.
pub fn local_from_nanos(nanos: i128) -> Result<DateTime, String> {
    let day = i128::from(NANOS_PER_DAY);
    let days = i64::try_from(nanos.div_euclid(day)).map_err(|_| out_of_range())?;
    let rest = nanos.rem_euclid(day) as i64;
    Ok(date_from_epoch_days(days)?.to_datetime(time_from_nanos(rest)))
}

pub fn out_of_range() -> String {
    "the result is outside the supported range of years (-9999 to 9999)".to_string()
}

pub fn overflow() -> String {
    "the duration is too large".to_string()
}

// ---------------------------------------------------------------------------------------------
// The clock
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// The instant the running statement read the clock first: `date()`, `datetime()` and the
    /// others give the same value throughout a statement, as in Neo4j.
    static STATEMENT_NOW: Cell<Option<Timestamp>> = const { Cell::new(None) };
}

/// Forget the clock reading of the previous statement (a statement starts).
pub fn start_statement() {
    STATEMENT_NOW.with(|c| c.set(None));
}

/// The statement's instant, given to another thread that does part of the statement's work
/// (so that every thread gives the same `date()`).
pub fn set_statement_now(t: Timestamp) {
    STATEMENT_NOW.with(|c| c.set(Some(t)));
}

/// The statement's instant: read from the clock the first time it is asked for.
pub fn statement_now() -> Timestamp {
    STATEMENT_NOW.with(|c| match c.get() {
        Some(t) => t,
        None => {
            let t = Timestamp::now();
            c.set(Some(t));
            t
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/// An offset as Java writes it: `Z`, `+01:00`, `-05:30`, `+01:00:30`.
pub fn offset_id(o: Offset) -> String {
    let s = o.seconds();
    if s == 0 {
        return "Z".to_string();
    }
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.unsigned_abs();
    let (h, m, sec) = (a / 3600, a / 60 % 60, a % 60);
    if sec == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{sec:02}")
    }
}

fn write_date(f: &mut fmt::Formatter<'_>, d: Date) -> fmt::Result {
    let y = d.year();
    if (0..=9999).contains(&y) {
        write!(f, "{y:04}")?;
    } else if y < 0 {
        write!(f, "-{:04}", -i32::from(y))?;
    } else {
        write!(f, "+{y}")?;
    }
    write!(f, "-{:02}-{:02}", d.month(), d.day())
}

/// A time as Java's ISO_LOCAL_TIME writes it: seconds always, the fraction without its
/// trailing zeros.
fn write_time(f: &mut fmt::Formatter<'_>, t: Time) -> fmt::Result {
    write!(f, "{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
    write_fraction(f, t.subsec_nanosecond())
}

fn write_fraction(f: &mut fmt::Formatter<'_>, nanos: i32) -> fmt::Result {
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        write!(f, ".{}", digits.trim_end_matches('0'))?;
    }
    Ok(())
}

fn write_duration(f: &mut fmt::Formatter<'_>, d: &Duration) -> fmt::Result {
    if *d == Duration::default() {
        return f.write_str("PT0S");
    }
    f.write_str("P")?;
    let part = |f: &mut fmt::Formatter<'_>, n: i64, unit: char| {
        if n != 0 {
            write!(f, "{n}{unit}")
        } else {
            Ok(())
        }
    };
    part(f, d.months / 12, 'Y')?;
    part(f, d.months % 12, 'M')?;
    part(f, d.days, 'D')?;
    if d.seconds != 0 || d.nanos != 0 {
        f.write_str("T")?;
        // Seconds and nanoseconds with one sign: -1.5 s is -2 s + 0.5e9 ns.
        let mut s = d.seconds;
        let mut n = i64::from(d.nanos);
        if s < 0 && n != 0 {
            s += 1;
            n -= NANOS_PER_SECOND;
        }
        part(f, s / 3600, 'H')?;
        part(f, s % 3600 / 60, 'M')?;
        let s = s % 60;
        if s != 0 || n != 0 {
            if s == 0 && n < 0 {
                f.write_str("-")?;
            }
            write!(f, "{s}")?;
            write_fraction(f, n.unsigned_abs() as i32)?;
            f.write_str("S")?;
        }
    }
    Ok(())
}

impl fmt::Display for Temporal {
    /// The ISO 8601 text Neo4j prints: `2020-11-14`, `10:00:00`, `10:00:00+01:00`,
    /// `2020-11-14T10:00:00`, `2020-11-14T10:00:00Z`, `2020-11-14T10:00:00+01:00[Europe/Berlin]`,
    /// `P1Y2M3DT4H`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Temporal::Date(d) => write_date(f, *d),
            Temporal::LocalTime(t) => write_time(f, *t),
            Temporal::Time(t, o) => {
                write_time(f, *t)?;
                f.write_str(&offset_id(*o))
            }
            Temporal::LocalDateTime(dt) => {
                write_date(f, dt.date())?;
                f.write_str("T")?;
                write_time(f, dt.time())
            }
            Temporal::DateTime(z) => {
                write_date(f, z.local.date())?;
                f.write_str("T")?;
                write_time(f, z.local.time())?;
                f.write_str(&offset_id(z.offset))?;
                if let Some(name) = z.zone.named() {
                    write!(f, "[{name}]")?;
                }
                Ok(())
            }
            Temporal::Duration(d) => write_duration(f, d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(kind: Kind, s: &str) -> Temporal {
        parse_temporal(kind, s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-1_000_000, -719_468, -1, 0, 1, 18_580, 2_000_000] {
            let d = date_from_epoch_days(days).unwrap();
            assert_eq!(epoch_days(d), days, "{d}");
        }
        assert_eq!(
            epoch_days(Date::constant(2020, 11, 14)),
            18_580,
            "2020-11-14"
        );
    }

    #[test]
    fn prints_as_neo4j() {
        assert_eq!(p(Kind::Date, "2020-11-14").to_string(), "2020-11-14");
        assert_eq!(p(Kind::LocalTime, "10:00").to_string(), "10:00:00");
        assert_eq!(p(Kind::LocalTime, "10:00:00.500").to_string(), "10:00:00.5");
        assert_eq!(p(Kind::Time, "10:00+01:00").to_string(), "10:00:00+01:00");
        assert_eq!(
            p(Kind::DateTime, "2020-11-14T10:00Z").to_string(),
            "2020-11-14T10:00:00Z"
        );
        assert_eq!(
            p(Kind::DateTime, "2020-11-14T10:00[Europe/Berlin]").to_string(),
            "2020-11-14T10:00:00+01:00[Europe/Berlin]"
        );
        assert_eq!(p(Kind::Duration, "P1Y2M3DT4H").to_string(), "P1Y2M3DT4H");
        assert_eq!(p(Kind::Duration, "PT0S").to_string(), "PT0S");
        assert_eq!(p(Kind::Duration, "PT-1.5S").to_string(), "PT-1.5S");
        assert_eq!(p(Kind::Duration, "PT-61.5S").to_string(), "PT-1M-1.5S");
    }

    #[test]
    fn orders_and_equality() {
        let a = p(Kind::DateTime, "2020-11-14T10:00Z");
        let b = p(Kind::DateTime, "2020-11-14T11:00+01:00");
        assert!(!a.same(&b), "same instant, another zone: not equal (Neo4j)");
        assert_eq!(a.compare(&b), Some(Ordering::Less));
        let d1 = p(Kind::Duration, "P1M");
        let d2 = p(Kind::Duration, "P30D");
        assert_eq!(d1.compare(&d2), None);
        assert_eq!(d1.order(&d2), Ordering::Greater);
        assert_eq!(
            p(Kind::Date, "2020-01-01").order(&p(Kind::DateTime, "2020-01-01T00:00Z")),
            Ordering::Greater
        );
    }
}
