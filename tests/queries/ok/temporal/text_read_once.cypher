// graph: empty
// A temporal value written as text is read once, when the statement is planned; EXPLAIN still
// shows it as written. Text that is not a value fails only where it is evaluated.
CREATE (:E {d: date('2020-11-01')}), (:E {d: date('2020-11-20')}), (:E {d: date('2020-12-05')});
EXPLAIN MATCH (e:E) WHERE e.d >= date('2020-11-15') RETURN e.d;
MATCH (e:E) WHERE e.d >= date('2020-11-15') AND e.d < date('2020-12-01') RETURN e.d;
MATCH (e:E) WHERE e.d < datetime('2020-11-15T00:00Z') RETURN count(*) AS across_types;
UNWIND [] AS x RETURN date('2020-13-01') AS never;
MATCH (e:E) WHERE false AND e.d = date('2020-02-30') RETURN e.d;
