// graph: empty
// index: N.x
// index: S.s
// index: E.at
// Range and prefix seeks find what a scan and a filter would: only values of the bound's
// kind, integers and floats interleaved exactly, nothing for a null or NaN bound, or for a
// bound of a kind no stored value compares with.
// param: nothing => null
// param: lo => 1.5
CREATE (:N {id: 1, x: 1}), (:N {id: 2, x: 1.5}), (:N {id: 3, x: 2.0}), (:N {id: 4, x: -0.0}),
       (:N {id: 5, x: 9223372036854775807}), (:N {id: 6, x: 9.3e18}), (:N {id: 7, x: 'a'}),
       (:N {id: 8, x: true}), (:N {id: 9, x: date('2020-11-05')}), (:N {id: 10, x: [1, 2]}),
       (:N {id: 11}), (:M {id: 12, x: 1}), (:N {id: 13, x: 0.0 / 0.0}),
       (:N {id: 14, x: -1.0 / 0.0}), (:N {id: 15, x: -9223372036854775808});
EXPLAIN MATCH (n:N) WHERE n.x >= 1 AND n.x < 2 RETURN n.id;
MATCH (n:N) WHERE n.x > 1 RETURN collect(n.id) AS above_1;
MATCH (n:N) WHERE n.x >= 1 AND n.x < 2 RETURN collect(n.id) AS from_1_below_2;
MATCH (n:N) WHERE 1 <= n.x <= 2.0 RETURN collect(n.id) AS from_1_to_2;
MATCH (n:N) WHERE n.x > $lo RETURN collect(n.id) AS above_lo;
MATCH (n:N) WHERE n.x >= 0 AND n.x <= 0 RETURN collect(n.id) AS zero;
MATCH (n:N) WHERE n.x < -9.3e18 RETURN collect(n.id) AS below_min;
MATCH (n:N) WHERE n.x <= -9223372036854775808.0 RETURN collect(n.id) AS at_most_min;
MATCH (n:N) WHERE n.x > 9223372036854775806 RETURN collect(n.id) AS near_max;
MATCH (n:N) WHERE n.x >= 9223372036854775807.0 RETURN collect(n.id) AS from_two_63;
MATCH (n:N) WHERE n.x > 9.2e18 AND n.x < 9223372036854775807 RETURN collect(n.id) AS none;
MATCH (n:N) WHERE n.x >= 'a' RETURN collect(n.id) AS strings;
MATCH (n:N) WHERE n.x > 'A' AND n.x < 1 RETURN collect(n.id) AS mixed_bounds;
MATCH (n:N) WHERE n.x > false RETURN collect(n.id) AS booleans;
MATCH (n:N) WHERE n.x < date('2021-01-01') RETURN collect(n.id) AS dates;
MATCH (n:N) WHERE n.x > null RETURN collect(n.id) AS null_bound;
MATCH (n:N) WHERE n.x < $nothing RETURN collect(n.id) AS null_parameter;
MATCH (n:N) WHERE n.x < 0.0 / 0.0 OR n.x > 0.0 / 0.0 RETURN collect(n.id) AS nan_in_or;
MATCH (n:N) WHERE n.x >= 0.0 / 0.0 RETURN collect(n.id) AS nan_bound;
MATCH (n:N) WHERE n.x > [1] RETURN collect(n.id) AS list_bound;
MATCH (n:N) WHERE n.x > [1] AND n.x < 5 RETURN collect(n.id) AS list_and_number;
MATCH (n:N) WHERE n.x > {a: 1} RETURN collect(n.id) AS map_bound;
MATCH (n:N) WHERE n.x > duration('P1D') RETURN collect(n.id) AS duration_bound;
MATCH (n:N) WHERE n.x STARTS WITH '' RETURN collect(n.id) AS any_string;
MATCH (n:N) WHERE n.x STARTS WITH 1 RETURN collect(n.id) AS number_prefix;
MATCH (n:N) WHERE n.x STARTS WITH null RETURN collect(n.id) AS null_prefix;
// Bounds from earlier rows, each row its own seek.
UNWIND [0, 1.5, 'A', null, false, [0]] AS lo MATCH (n:N) WHERE n.x > lo RETURN lo, collect(n.id) AS above;
// Strings: code point order, prefixes.
CREATE (:S {s: 'Ru'}), (:S {s: 'Rus'}), (:S {s: 'Russia'}), (:S {s: 'ru'}), (:S {s: 'Rü'}),
       (:S {s: 'S'}), (:S {s: ''}), (:S {s: 'R'}), (:S {s: 1});
MATCH (n:S) WHERE n.s STARTS WITH 'Ru' RETURN n.s ORDER BY n.s;
MATCH (n:S) WHERE n.s >= 'R' AND n.s < 'S' RETURN n.s ORDER BY n.s;
MATCH (n:S) WHERE n.s > 'Russia' RETURN n.s ORDER BY n.s;
MATCH (n:S) WHERE n.s < 'R' RETURN n.s ORDER BY n.s;
// Temporal values: each type by its own order, zoned values by instant (equal instants by
// their local value, as `<` orders them).
CREATE (:E {id: 1, at: date('2020-10-31')}), (:E {id: 2, at: date('2020-11-01')}),
       (:E {id: 3, at: date('2020-11-30')}), (:E {id: 4, at: date('2020-12-01')}),
       (:E {id: 5, at: datetime('2020-11-15T12:00Z')}), (:E {id: 6, at: localdatetime('2020-11-15T12:00')}),
       (:E {id: 7, at: '2020-11-15'}), (:E {id: 8, at: datetime('2020-11-15T13:30+02:00')}),
       (:E {id: 9, at: datetime('2020-11-15T12:00+01:00[Europe/Paris]')}),
       (:E {id: 10, at: time('10:00+02:00')}), (:E {id: 11, at: time('09:00Z')}),
       (:E {id: 12, at: localtime('09:00')}), (:E {id: 13, at: duration('P1D')});
EXPLAIN MATCH (e:E) WHERE date('2020-11-01') <= e.at < date('2020-12-01') RETURN e.id;
MATCH (e:E) WHERE date('2020-11-01') <= e.at < date('2020-12-01') RETURN collect(e.id) AS november;
MATCH (e:E) WHERE e.at >= datetime('2020-11-15T12:00+01:00') RETURN collect(e.id) AS from_11z;
MATCH (e:E) WHERE e.at > datetime('2020-11-15T11:30Z') AND e.at < datetime('2020-11-15T13:00+01:00') RETURN collect(e.id) AS between;
MATCH (e:E) WHERE e.at < localdatetime('2021-01-01T00:00') RETURN collect(e.id) AS local_datetimes;
MATCH (e:E) WHERE e.at < time('09:30Z') RETURN collect(e.id) AS times;
MATCH (e:E) WHERE e.at >= localtime('09:00') RETURN collect(e.id) AS local_times;
MATCH (e:E) WHERE e.at < duration('P2D') RETURN collect(e.id) AS durations;
