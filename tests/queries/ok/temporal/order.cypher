// graph: empty
// Equality and comparison within a type; across types incomparable; ORDER BY's global order.
RETURN date('2020-01-01') < date('2020-01-02') AS lt, date('2020-01-01') = date('2020-01-01') AS eq, date('2020-01-01') < datetime('2020-01-02T00:00Z') AS across, date('2020-01-01') = datetime('2020-01-01T00:00Z') AS across_eq, duration('P1D') < duration('P2D') AS durations, duration('P1D') = duration('PT24H') AS day_is_not_24h, duration('P1D') = duration('P1D') AS same_duration, datetime('2020-01-01T00:00Z') = datetime('2020-01-01T01:00+01:00') AS other_zone, datetime('2020-01-01T00:00Z') < datetime('2020-01-01T02:00+01:00') AS by_instant, time('10:00+01:00') < time('10:00Z') AS times;
UNWIND [1, 'a', date('2020-01-01'), datetime('2020-01-01T00:00Z'), localdatetime('2020-01-01T00:00'), time('10:00Z'), localtime('10:00'), duration('P1D'), null, date('2019-01-01'), duration('PT1H'), [date('2020-01-01')]] AS x
RETURN x ORDER BY x;
UNWIND [date('2020-01-01'), date('2020-01-01'), date('2019-01-01'), datetime('2020-01-01T00:00Z')] AS d
RETURN d, count(*) AS n ORDER BY n DESC, d;
UNWIND [date('2020-01-01'), date('2019-01-01'), date('2021-06-01')] AS d
RETURN min(d) AS first, max(d) AS last, collect(DISTINCT d.year) AS years;
RETURN date('2020-01-01') IN [date('2020-01-01')] AS found, [date('2020-01-01'), 1] = [date('2020-01-01'), 1] AS lists;
