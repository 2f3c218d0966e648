// graph: empty
// Temporal values from ISO 8601 text, in every form Neo4j reads, and from maps.
UNWIND [date('2015-07-21'), date('20150721'), date('2015-07'), date('201507'), date('2015-W30-2'), date('2015W302'), date('2015-W30'), date('2015-202'), date('2015202'), date('2015-Q3-21'), date('2015'), date('-0044-03-15'), date('1970-6-8'), date('+1-01-01')] AS d
RETURN d;
UNWIND [date({year: 1984, month: 10, day: 11}), date({year: 1984, week: 10, dayOfWeek: 3}), date({year: 1984, quarter: 3, dayOfQuarter: 45}), date({year: 1984, ordinalDay: 202}), date({year: 1984}), date({date: date('1984-10-11'), day: 28}), date({date: date('1984-10-11'), week: 1}), date(datetime('1984-10-11T23:00-05:00'))] AS d
RETURN d;
UNWIND [localtime('21:40:32.142'), localtime('214032.142'), localtime('21:40'), localtime('21'), localtime('21:40:32,5'), localtime('9:5:3.25'), localtime({hour: 12, minute: 31, second: 14, millisecond: 123, microsecond: 456, nanosecond: 789}), localtime({time: localtime('12:31:14'), second: 2}), localtime(datetime('1984-10-11T12:31:14.645876123+01:00'))] AS t
RETURN t;
UNWIND [time('21:40:32.142+0100'), time('214032.142Z'), time('21:40-01:30'), time('2140-00:00'), time('22+18:00'), time('10:00'), time({hour: 12, minute: 31, second: 14, timezone: '+01:00'}), time({time: time('12:00+01:00'), timezone: '+05:00'}), time({time: localtime('12:00'), timezone: '-03:00'})] AS t
RETURN t;
UNWIND [localdatetime('2015-07-21T21:40:32.142'), localdatetime('2015-W30-2T214032.142'), localdatetime('2015-202T21:40'), localdatetime('2015'), localdatetime({year: 1984, week: 10, dayOfWeek: 3, hour: 12, minute: 31}), localdatetime({date: date('1984-10-11'), time: localtime('12:00')})] AS t
RETURN t;
UNWIND [datetime('2015-07-21T21:40:32.142+0100'), datetime('2015-W30-2T214032.142Z'), datetime('2015T214032-0100'), datetime('20150721T21:40-01:30'), datetime('2015-W30T2140-02'), datetime('2015202T21+18:00'), datetime('2015-07-21T21:40:32.142'), datetime('2015-07-21T21:40:32.142[Europe/London]'), datetime('2015-07-21T21:40:32.142-04[America/New_York]'), datetime('2020-10-25T02:30+01:00[Europe/Berlin]'), datetime('2020-10-25T02:30+02:00[Europe/Berlin]'), datetime('2020-03-29T02:30[Europe/Berlin]')] AS t
RETURN t;
UNWIND [datetime({year: 1984, month: 10, day: 11, hour: 12, minute: 31, second: 14, millisecond: 645, timezone: '+01:00'}), datetime({year: 2020, month: 11, day: 14, hour: 10, timezone: 'Europe/Moscow'}), datetime({epochSeconds: 416779, nanosecond: 999999999}), datetime({epochMillis: 237821673987}), datetime({datetime: datetime('2015-07-21T21:40:32.142+0100'), timezone: 'Europe/Stockholm'}), datetime({date: date('2015-07-21'), time: time('21:40+01:00')}), datetime(localdatetime('2015-07-21T21:40')), datetime.fromEpoch(1605348000, 5), datetime.fromEpochMillis(1605348000123)] AS t
RETURN t;
UNWIND [duration('P1Y2M3DT4H'), duration('P14DT16H12M'), duration('P5M1.5D'), duration('P0.75M'), duration('PT0.75M'), duration('P2W'), duration('PT90M'), duration('PT-1.5S'), duration('-P1D'), duration('P2012-02-02T14:37:21.545'), duration('PT0S'), duration({days: 14, hours: 16, minutes: 12}), duration({months: 5, days: 1.5}), duration({months: 0.75}), duration({weeks: 2.5}), duration({minutes: 1.5, seconds: 1}), duration({years: 1, quarters: 1, milliseconds: 1500})] AS d
RETURN d;
// A value with a zone given another is moved to it first, then its components replaced.
WITH datetime({year: 1984, month: 10, day: 11, hour: 12, timezone: 'Europe/Stockholm'}) AS dd, time('12:31:14.645876+01:00') AS tt
RETURN datetime({datetime: dd, timezone: '+05:00'}) AS a, datetime({datetime: dd, day: 28, second: 42}) AS b, datetime({datetime: dd, day: 28, second: 42, timezone: 'Pacific/Honolulu'}) AS c, time({time: tt, second: 42, timezone: '+05:00'}) AS d;
