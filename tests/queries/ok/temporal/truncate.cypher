// graph: empty
// Truncation to every unit, and components replaced after it.
WITH datetime('2017-11-11T12:31:14.645876123+01:00') AS d
UNWIND ['millennium', 'century', 'decade', 'year', 'weekYear', 'quarter', 'month', 'week', 'day'] AS unit
RETURN unit, date.truncate(unit, d) AS date, datetime.truncate(unit, d) AS datetime, localdatetime.truncate(unit, d) AS local;
WITH datetime('2017-11-11T12:31:14.645876123+01:00') AS d
UNWIND ['day', 'hour', 'minute', 'second', 'millisecond', 'microsecond'] AS unit
RETURN unit, time.truncate(unit, d) AS time, localtime.truncate(unit, d) AS localtime, datetime.truncate(unit, d) AS datetime;
WITH datetime('2017-11-11T12:31:14+01:00') AS d
RETURN date.truncate('month', d, {day: 5}) AS a, localdatetime.truncate('week', d, {dayOfWeek: 2}) AS b, datetime.truncate('day', d, {timezone: 'Europe/Berlin'}) AS c, time.truncate('hour', d, {minute: 15}) AS e;
