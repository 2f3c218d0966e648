// graph: empty
// Arithmetic with durations and durations between instants.
UNWIND [
  date('2020-01-31') + duration('P1M'), date('2020-11-14') - duration('P7D'), date('2020-11-14') + duration('PT49H'), date('2020-11-14') + duration('P1DT49H'),
  localtime('23:00') + duration('PT2H'), time('10:00+01:00') - duration('PT11H'),
  localdatetime('2020-11-14T10:00') + duration('P1M1DT1H'), datetime('2020-03-28T12:00[Europe/Berlin]') + duration('P1D'), datetime('2020-03-28T12:00[Europe/Berlin]') + duration('PT24H'),
  duration('P1D') + date('2020-01-01'), duration('P1D') + duration('PT1H'), duration('P1D') - duration('PT1H'), duration({years: 1, months: 4}) * 2, 2 * duration('PT1S'), duration('P1D') * 1.5, duration({days: 5}) / 2, duration('P1M') / 2, -duration('P1D')
] AS x
RETURN x;
UNWIND [
  duration.between(date('1984-10-11'), date('1985-11-25')),
  duration.between(date('1985-11-25'), date('1984-10-11')),
  duration.between(date('1984-10-11'), datetime('1984-10-12T21:40:32.142+0100')),
  duration.between(date('2015-06-24'), localtime('14:30')),
  duration.between(localtime('14:30'), time('16:30+0100')),
  duration.between(localdatetime('2015-07-21T21:40:32.142'), localdatetime('2016-07-21T21:45:22.142')),
  duration.between(datetime({year: 2017, month: 10, day: 29, hour: 0, timezone: 'Europe/Stockholm'}), localdatetime({year: 2017, month: 10, day: 29, hour: 4})),
  duration.between(date('2020-01-31'), date('2020-02-29')),
  duration.between(datetime('2020-11-14T10:00Z'), datetime('2020-11-14T10:00+01:00')),
  duration.inMonths(date('1984-10-11'), date('1985-11-25')),
  duration.inDays(date('1984-10-11'), date('1985-11-25')),
  duration.inSeconds(date('1984-10-11'), date('1984-10-12')),
  duration.inSeconds(date('1984-10-11'), datetime('1984-10-12T01:00:32.142+0100')),
  duration.between(date('2020-01-01'), null)
] AS d
RETURN d;
// An accusation answered by a denial within 7 days.
WITH date('2020-11-14') AS accused, [date('2020-11-18'), date('2020-11-30')] AS denials
UNWIND denials AS denied
RETURN denied, denied <= accused + duration('P7D') AS within_a_week, duration.inDays(accused, denied).days AS days;
