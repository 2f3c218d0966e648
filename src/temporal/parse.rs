//! Reading temporal values from their ISO 8601 text, in the forms Neo4j reads: calendar dates
//! (`2020-11-14`, `20201114`, `2020-11`, `2020`, `2020-6-8`), week dates (`2020-W46-6`, `2020W466`),
//! ordinal dates (`2020-319`), quarter dates (`2020-Q4-45`); times with or without separators
//! and with a fraction of up to nine digits (`10:00`, `100000.5`); offsets (`Z`, `+01:00`,
//! `+0100`, `+01`) and named zones (`[Europe/Berlin]`); durations (`P1Y2M3DT4H5M6.5S`,
//! `P2W`, `P2020-11-14T10:00:00`).

use super::{
    date_from_epoch_days, epoch_days, Duration, Kind, Temporal, Zone, ZonedDateTime,
    NANOS_PER_SECOND,
};
use jiff::civil::{Date, DateTime, ISOWeekDate, Time, Weekday};
use jiff::tz::{Offset, TimeZone};

type R<T> = Result<T, String>;

/// What a text of each kind looks like, for messages.
pub fn expected_forms(kind: Kind) -> &'static str {
    match kind {
        Kind::Date => "an ISO 8601 date such as 2020-11-14, 20201114, 2020-11, 2020-W46-6 or 2020-319",
        Kind::LocalTime => "an ISO 8601 time such as 10:00, 10:00:00.5 or 100000",
        Kind::Time => "an ISO 8601 time with an offset such as 10:00:00+01:00 or 10:00Z",
        Kind::LocalDateTime => "an ISO 8601 date and time such as 2020-11-14T10:00:00",
        Kind::DateTime => {
            "an ISO 8601 date and time with a zone such as 2020-11-14T10:00:00+01:00, 2020-11-14T10:00Z or 2020-11-14T10:00[Europe/Berlin]"
        }
        Kind::Duration => "an ISO 8601 duration such as P1Y2M3DT4H, PT90M, P2W or PT1.5S",
    }
}

/// Read `s` as a value of `kind`. A datetime without a zone is in UTC; a time without an
/// offset is at UTC.
pub fn parse_temporal(kind: Kind, s: &str) -> R<Temporal> {
    let s = s.trim();
    if !s.is_ascii() {
        return Err("it holds characters that no ISO 8601 form has".to_string());
    }
    match kind {
        Kind::Duration => parse_duration(s).map(Temporal::Duration),
        Kind::Date => Ok(Temporal::Date(parse_date(s)?)),
        Kind::LocalTime => {
            let (t, zone) = parse_time(s)?;
            if zone.is_some() {
                return Err("a LocalTime has no time zone".to_string());
            }
            Ok(Temporal::LocalTime(t))
        }
        Kind::Time => {
            let (t, zone) = parse_time(s)?;
            let offset = match zone {
                None => Offset::UTC,
                Some(ZoneText {
                    offset: Some(o), ..
                }) => o,
                Some(ZoneText { zone, .. }) => zone.offset_at(super::statement_now()),
            };
            Ok(Temporal::Time(t, offset))
        }
        Kind::LocalDateTime => {
            let (dt, zone) = parse_datetime(s)?;
            if zone.is_some() {
                return Err("a LocalDateTime has no time zone".to_string());
            }
            Ok(Temporal::LocalDateTime(dt))
        }
        Kind::DateTime => {
            let (dt, zone) = parse_datetime(s)?;
            let z = match zone {
                None => ZonedDateTime::from_local(dt, Zone::UTC)?,
                Some(ZoneText { offset, zone }) => match (offset, &zone) {
                    (Some(o), Zone::Named(tz)) => {
                        // The offset picks the local time's meaning in a fold; it must be one
                        // the zone has at that time.
                        let ts = o.to_timestamp(dt).map_err(|_| super::out_of_range())?;
                        if tz.to_offset(ts) != o {
                            return Err(format!(
                                "the offset {} is not that of {} at {}",
                                super::offset_id(o),
                                zone.name(),
                                Temporal::LocalDateTime(dt)
                            ));
                        }
                        ZonedDateTime {
                            local: dt,
                            offset: o,
                            zone,
                        }
                    }
                    _ => ZonedDateTime::from_local(dt, zone)?,
                },
            };
            Ok(Temporal::DateTime(z))
        }
    }
}

/// A zone as written after a time: an offset, a name, or both.
struct ZoneText {
    offset: Option<Offset>,
    zone: Zone,
}

struct Cur<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn new(s: &'a str) -> Cur<'a> {
        Cur {
            s: s.as_bytes(),
            i: 0,
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek().map(|b| b.to_ascii_uppercase()) == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    /// How many digits follow.
    fn digits_ahead(&self) -> usize {
        self.s[self.i..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    }
    /// Exactly `n` digits.
    fn num(&mut self, n: usize, what: &str) -> R<i64> {
        if self.digits_ahead() < n {
            return Err(format!("expected {n} digits for the {what}"));
        }
        let v = self.s[self.i..self.i + n]
            .iter()
            .fold(0i64, |a, b| a * 10 + i64::from(b - b'0'));
        self.i += n;
        Ok(v)
    }
    fn rest(&self) -> &'a str {
        std::str::from_utf8(&self.s[self.i..]).unwrap_or("")
    }
}

fn range(v: i64, lo: i64, hi: i64, what: &str) -> R<i64> {
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{what} {v} is out of range ({lo} to {hi})"))
    }
}

/// A calendar date from its parts, with the range of each checked.
pub(super) fn ymd(year: i64, month: i64, day: i64) -> R<Date> {
    let year = range(year, -9999, 9999, "year")?;
    let month = range(month, 1, 12, "month")?;
    let first = Date::new(year as i16, month as i8, 1).map_err(|e| e.to_string())?;
    let day = range(day, 1, i64::from(first.days_in_month()), "day")?;
    Date::new(year as i16, month as i8, day as i8).map_err(|e| e.to_string())
}

/// The date of an ISO week date.
pub(super) fn week_date(year: i64, week: i64, day_of_week: i64) -> R<Date> {
    let year = range(year, -9999, 9999, "week year")?;
    let last =
        ISOWeekDate::from_date(Date::new(year as i16, 12, 28).map_err(|e| e.to_string())?).week();
    let week = range(week, 1, i64::from(last), "week")?;
    let dow = range(day_of_week, 1, 7, "day of the week")?;
    let wd = Weekday::from_monday_one_offset(dow as i8).map_err(|e| e.to_string())?;
    ISOWeekDate::new(year as i16, week as i8, wd)
        .map(|w| w.date())
        .map_err(|_| super::out_of_range())
}

/// The date of an ordinal date (day of the year).
pub(super) fn ordinal_date(year: i64, day: i64) -> R<Date> {
    let first = ymd(year, 1, 1)?;
    let day = range(day, 1, i64::from(first.days_in_year()), "day of the year")?;
    date_from_epoch_days(epoch_days(first) + day - 1)
}

/// The date of a quarter date (day of the quarter).
pub(super) fn quarter_date(year: i64, quarter: i64, day: i64) -> R<Date> {
    let quarter = range(quarter, 1, 4, "quarter")?;
    let first = ymd(year, (quarter - 1) * 3 + 1, 1)?;
    let next = if quarter == 4 {
        ymd(year + 1, 1, 1)?
    } else {
        ymd(year, quarter * 3 + 1, 1)?
    };
    let len = epoch_days(next) - epoch_days(first);
    let day = range(day, 1, len, "day of the quarter")?;
    date_from_epoch_days(epoch_days(first) + day - 1)
}

/// A time from its parts, with the range of each checked.
pub(super) fn hms(hour: i64, minute: i64, second: i64, nanos: i64) -> R<Time> {
    let h = range(hour, 0, 23, "hour")?;
    let m = range(minute, 0, 59, "minute")?;
    let s = range(second, 0, 59, "second")?;
    let n = range(nanos, 0, NANOS_PER_SECOND - 1, "nanosecond")?;
    Time::new(h as i8, m as i8, s as i8, n as i32).map_err(|e| e.to_string())
}

fn parse_date(s: &str) -> R<Date> {
    let mut c = Cur::new(s);
    let d = date_at(&mut c)?;
    if !c.done() {
        return Err(format!("unexpected '{}' after the date", c.rest()));
    }
    Ok(d)
}

fn date_at(c: &mut Cur<'_>) -> R<Date> {
    let year = if matches!(c.peek(), Some(b'+' | b'-')) {
        let negative = c.peek() == Some(b'-');
        c.i += 1;
        let n = c.digits_ahead();
        if !(1..=9).contains(&n) {
            return Err("expected 1 to 9 digits for a year with a sign".to_string());
        }
        let y = c.num(n, "year")?;
        if negative {
            -y
        } else {
            y
        }
    } else {
        c.num(4, "year")?
    };
    if c.done() || c.peek().is_some_and(|b| b.eq_ignore_ascii_case(&b't')) {
        return ymd(year, 1, 1);
    }
    let dash = c.eat(b'-');
    if c.eat(b'W') {
        let week = c.num(2, "week")?;
        let has_day = if dash {
            c.eat(b'-')
        } else {
            c.digits_ahead() > 0
        };
        let dow = if has_day {
            c.num(1, "day of the week")?
        } else {
            1
        };
        return week_date(year, week, dow);
    }
    if c.eat(b'Q') {
        let quarter = c.num(1, "quarter")?;
        let has_day = if dash {
            c.eat(b'-')
        } else {
            c.digits_ahead() > 0
        };
        let day = if has_day {
            let d = c.digits_ahead().min(2);
            c.num(d.max(1), "day of the quarter")?
        } else {
            1
        };
        return quarter_date(year, quarter, day);
    }
    let n = c.digits_ahead();
    match (dash, n) {
        // With dashes a month and a day may have one digit (`2020-6-8`), as Neo4j reads them.
        (true, 1 | 2) => {
            let month = c.num(n, "month")?;
            if c.eat(b'-') {
                let d = c.digits_ahead();
                if !(1..=2).contains(&d) {
                    return Err("expected 1 or 2 digits for the day".to_string());
                }
                let day = c.num(d, "day")?;
                ymd(year, month, day)
            } else {
                ymd(year, month, 1)
            }
        }
        (_, 3) => {
            let day = c.num(3, "day of the year")?;
            ordinal_date(year, day)
        }
        (false, 2) => {
            let month = c.num(2, "month")?;
            ymd(year, month, 1)
        }
        (false, 4) => {
            let month = c.num(2, "month")?;
            let day = c.num(2, "day")?;
            ymd(year, month, day)
        }
        _ => Err(
            "expected a month, a day of the year, a week (W) or a quarter (Q) after the year"
                .to_string(),
        ),
    }
}

fn parse_time(s: &str) -> R<(Time, Option<ZoneText>)> {
    let mut c = Cur::new(s);
    let t = time_at(&mut c)?;
    let zone = zone_at(&mut c)?;
    if !c.done() {
        return Err(format!("unexpected '{}' after the time", c.rest()));
    }
    Ok((t, zone))
}

fn time_at(c: &mut Cur<'_>) -> R<Time> {
    // With colons each part may have one digit (`9:5:3`), as Neo4j reads them.
    let n = c.digits_ahead();
    if (1..=2).contains(&n) && c.s.get(c.i + n) == Some(&b':') {
        let hour = c.num(n, "hour")?;
        c.i += 1;
        let part = |c: &mut Cur<'_>, what: &str| {
            let d = c.digits_ahead();
            if (1..=2).contains(&d) {
                c.num(d, what)
            } else {
                Err(format!("expected 1 or 2 digits for the {what}"))
            }
        };
        let minute = part(c, "minute")?;
        let (mut second, mut nanos) = (0, 0);
        if c.eat(b':') {
            second = part(c, "second")?;
            if c.eat(b'.') || c.eat(b',') {
                nanos = fraction(c)?;
            }
        }
        return hms(hour, minute, second, nanos);
    }
    let hour = c.num(2, "hour")?;
    let (mut minute, mut second, mut nanos) = (0, 0, 0);
    let colon = c.eat(b':');
    if colon || c.digits_ahead() >= 2 {
        minute = c.num(2, "minute")?;
        let more = if colon {
            c.eat(b':')
        } else {
            c.digits_ahead() >= 2
        };
        if more {
            second = c.num(2, "second")?;
            if c.eat(b'.') || c.eat(b',') {
                nanos = fraction(c)?;
            }
        }
    }
    hms(hour, minute, second, nanos)
}

/// The digits of a fraction of a second (after its `.` or `,`), as nanoseconds.
fn fraction(c: &mut Cur<'_>) -> R<i64> {
    let n = c.digits_ahead();
    if n == 0 || n > 9 {
        return Err("expected 1 to 9 digits for the fraction of a second".to_string());
    }
    Ok(c.num(n, "fraction")? * 10i64.pow(9 - n as u32))
}

fn zone_at(c: &mut Cur<'_>) -> R<Option<ZoneText>> {
    let offset = match c.peek() {
        None => return Ok(None),
        Some(b'Z' | b'z') => {
            c.i += 1;
            Some(Offset::UTC)
        }
        Some(b'+' | b'-') => {
            let negative = c.peek() == Some(b'-');
            c.i += 1;
            let h = c.num(2, "offset's hours")?;
            let mut m = 0;
            let mut s = 0;
            let colon = c.eat(b':');
            if colon || c.digits_ahead() >= 2 {
                m = c.num(2, "offset's minutes")?;
                if (colon && c.eat(b':')) || (!colon && c.digits_ahead() >= 2) {
                    s = c.num(2, "offset's seconds")?;
                }
            }
            range(m, 0, 59, "offset minute")?;
            range(s, 0, 59, "offset second")?;
            let total = range(h * 3600 + m * 60 + s, 0, 18 * 3600, "offset in seconds")?;
            let total = if negative { -total } else { total };
            Some(Offset::from_seconds(total as i32).map_err(|e| e.to_string())?)
        }
        Some(b'[') => None,
        Some(_) => return Err(format!("unexpected '{}' after the time", c.rest())),
    };
    if c.eat(b'[') {
        let rest = c.rest();
        let Some(end) = rest.find(']') else {
            return Err("a zone name in [ ] is not closed".to_string());
        };
        let name = &rest[..end];
        c.i += end + 1;
        let zone = parse_zone(name)?;
        return Ok(Some(ZoneText { offset, zone }));
    }
    let o = offset.unwrap_or(Offset::UTC);
    Ok(Some(ZoneText {
        offset: Some(o),
        zone: Zone::Offset(o),
    }))
}

fn parse_datetime(s: &str) -> R<(DateTime, Option<ZoneText>)> {
    let mut c = Cur::new(s);
    let d = date_at(&mut c)?;
    if c.done() {
        return Ok((d.to_datetime(Time::midnight()), None));
    }
    if !c.eat(b'T') {
        return Err(format!(
            "expected T between the date and the time, found '{}'",
            c.rest()
        ));
    }
    let t = time_at(&mut c)?;
    let zone = zone_at(&mut c)?;
    if !c.done() {
        return Err(format!("unexpected '{}' after the time", c.rest()));
    }
    Ok((d.to_datetime(t), zone))
}

/// A time zone as Cypher names it: `Z`, an offset (`+01:00`, `-0530`, `+01`) or a name of the
/// tz database (`Europe/Berlin`, `UTC`).
pub fn parse_zone(s: &str) -> R<Zone> {
    let t = s.trim();
    if t.starts_with(['+', '-']) || t.eq_ignore_ascii_case("z") {
        let mut c = Cur::new(t);
        return match zone_at(&mut c)? {
            Some(ZoneText { zone, .. }) if c.done() => Ok(zone),
            _ => Err(format!("'{s}' is not an offset such as +01:00")),
        };
    }
    match TimeZone::get(t) {
        Ok(tz) => Ok(Zone::Named(tz)),
        Err(_) => {
            let db = jiff::tz::db();
            let names: Vec<String> = db.available().map(|n| n.to_string()).collect();
            let mut msg = format!("unknown time zone '{s}'");
            if let Some(near) = crate::diagnostic::suggest(t, names.iter().map(|n| n.as_str())) {
                msg.push_str(&format!(" (did you mean '{near}'?)"));
            }
            Err(msg)
        }
    }
}

/// A duration: `P[nY][nM][nW][nD][T[nH][nM][nS]]`, each number signed and possibly with a
/// fraction (which goes down to the smaller units as in `duration({...})`), or the
/// alternative form `P2020-11-14T10:00:00` (years, months, days, hours, minutes, seconds).
pub fn parse_duration(s: &str) -> R<Duration> {
    let mut c = Cur::new(s);
    let negative = c.eat(b'-');
    if !c.eat(b'P') {
        return Err("a duration starts with P".to_string());
    }
    if c.digits_ahead() == 4 && c.s.get(c.i + 4) == Some(&b'-') {
        let d = alternative_duration(&mut c)?;
        return if negative { d.checked_neg() } else { Ok(d) };
    }
    let (mut months, mut days) = (0f64, 0f64);
    let (mut im, mut id) = (0i64, 0i64);
    // The time part exactly, in nanoseconds.
    let mut nanos: i128 = 0;
    let mut fractional = false;
    let mut in_time = false;
    let mut any = false;
    let mut last_rank = 0;
    while !c.done() {
        if c.eat(b'T') {
            if in_time {
                return Err("T appears twice".to_string());
            }
            in_time = true;
            continue;
        }
        let start = c.i;
        let sign = if c.eat(b'-') {
            -1i64
        } else {
            c.eat(b'+');
            1
        };
        let n = c.digits_ahead();
        if n == 0 || n > 18 {
            return Err(format!("expected a number at '{}'", &s[start..]));
        }
        let whole = c.num(n, "number")? * sign;
        let mut frac: Option<(i64, u32)> = None;
        if c.eat(b'.') || c.eat(b',') {
            let k = c.digits_ahead();
            if k == 0 || k > 9 {
                return Err("expected 1 to 9 digits in a fraction".to_string());
            }
            frac = Some((c.num(k, "fraction")? * sign, k as u32));
        }
        let unit = c.peek().map(|b| b.to_ascii_uppercase());
        c.i += 1;
        let rank = match (in_time, unit) {
            (false, Some(b'Y')) => 1,
            (false, Some(b'M')) => 2,
            (false, Some(b'W')) => 3,
            (false, Some(b'D')) => 4,
            (true, Some(b'H')) => 5,
            (true, Some(b'M')) => 6,
            (true, Some(b'S')) => 7,
            _ => {
                return Err(format!(
                    "expected a unit ({}) after a number",
                    if in_time {
                        "H, M or S"
                    } else {
                        "Y, M, W or D, or T"
                    }
                ))
            }
        };
        if rank <= last_rank {
            return Err(
                "the units of a duration go from years down to seconds, each once".to_string(),
            );
        }
        last_rank = rank;
        any = true;
        let value = whole as f64 + frac.map_or(0.0, |(f, k)| f as f64 / 10f64.powi(k as i32));
        let add = |acc: i64, w: i64, k: i64| {
            w.checked_mul(k)
                .and_then(|x| acc.checked_add(x))
                .ok_or_else(super::overflow)
        };
        if rank >= 5 {
            let per: i128 = match rank {
                5 => 3600,
                6 => 60,
                _ => 1,
            } * i128::from(NANOS_PER_SECOND);
            nanos += i128::from(whole) * per;
            if let Some((f, k)) = frac {
                nanos += i128::from(f) * per / 10i128.pow(k);
            }
            continue;
        }
        fractional |= frac.is_some();
        match rank {
            1 => {
                months += value * 12.0;
                im = add(im, whole, 12)?;
            }
            2 => {
                months += value;
                im = add(im, whole, 1)?;
            }
            3 => {
                days += value * 7.0;
                id = add(id, whole, 7)?;
            }
            _ => {
                days += value;
                id = add(id, whole, 1)?;
            }
        }
    }
    if !any {
        return Err("a duration needs at least one number and unit".to_string());
    }
    let second = i128::from(NANOS_PER_SECOND);
    let secs = i64::try_from(nanos.div_euclid(second)).map_err(|_| super::overflow())?;
    let time = Duration::new(0, 0, secs, nanos.rem_euclid(second) as i64)?;
    let d = if fractional {
        Duration::approximate(months, days, 0.0, 0.0)?.checked_add(time)?
    } else {
        Duration::new(im, id, 0, 0)?.checked_add(time)?
    };
    if negative {
        d.checked_neg()
    } else {
        Ok(d)
    }
}

fn alternative_duration(c: &mut Cur<'_>) -> R<Duration> {
    let y = c.num(4, "years")?;
    let mut months = y * 12;
    let mut days = 0;
    let mut secs = 0;
    let mut nanos = 0;
    if c.eat(b'-') {
        months += range(c.num(2, "months")?, 0, 12, "months")?;
        if c.eat(b'-') {
            days = range(c.num(2, "days")?, 0, 30, "days")?;
        }
    }
    if c.eat(b'T') {
        let h = range(c.num(2, "hours")?, 0, 24, "hours")?;
        let mut m = 0;
        let mut s = 0;
        if c.eat(b':') {
            m = range(c.num(2, "minutes")?, 0, 59, "minutes")?;
            if c.eat(b':') {
                s = range(c.num(2, "seconds")?, 0, 59, "seconds")?;
                if c.eat(b'.') || c.eat(b',') {
                    let n = c.digits_ahead();
                    if n == 0 || n > 9 {
                        return Err("expected 1 to 9 digits in a fraction".to_string());
                    }
                    nanos = c.num(n, "fraction")? * 10i64.pow(9 - n as u32);
                }
            }
        }
        secs = h * 3600 + m * 60 + s;
    }
    if !c.done() {
        return Err(format!("unexpected '{}' in the duration", c.rest()));
    }
    Duration::new(months, days, secs, nanos)
}
