// graph: empty
// The components of each temporal type.
WITH datetime({year: 1984, month: 11, day: 11, hour: 12, minute: 31, second: 14, nanosecond: 645876123, timezone: 'Europe/Stockholm'}) AS d
RETURN d.year, d.quarter, d.month, d.week, d.weekYear, d.dayOfQuarter, d.day, d.ordinalDay, d.dayOfWeek, d.hour, d.minute, d.second, d.millisecond, d.microsecond, d.nanosecond;
WITH datetime({year: 1984, month: 11, day: 11, hour: 12, minute: 31, second: 14, nanosecond: 645876123, timezone: 'Europe/Stockholm'}) AS d
RETURN d.timezone, d.offset, d.offsetMinutes, d.offsetSeconds, d.epochSeconds, d.epochMillis;
WITH date('2021-01-01') AS d RETURN d.week, d.weekYear, d.dayOfWeek, d.quarter, d.dayOfQuarter, d.ordinalDay, d.YEAR AS upper;
WITH time('12:31:14.5-05:30') AS t RETURN t.hour, t.minute, t.second, t.millisecond, t.timezone, t.offset, t.offsetSeconds;
WITH duration({years: 1, months: 5, days: 111, minutes: 42}) AS d
RETURN d.years, d.quarters, d.months, d.weeks, d.days, d.hours, d.minutes, d.seconds, d.milliseconds, d.microseconds, d.nanoseconds;
WITH duration({years: 1, months: 5, days: 111, minutes: 42, seconds: 1.5}) AS d
RETURN d.quartersOfYear, d.monthsOfQuarter, d.monthsOfYear, d.daysOfWeek, d.minutesOfHour, d.secondsOfMinute, d.millisecondsOfSecond, d.microsecondsOfSecond, d.nanosecondsOfSecond;
RETURN toString(date('2020-11-14')) AS s, toString(duration('P1D')) AS d, date('2020-11-14') IS NULL AS n, date(null) AS nothing, date.truncate('month', null) AS none;
