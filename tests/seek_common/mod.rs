//! What the property tests of range, prefix and equality seeks share (`range_seek.rs` for
//! nodes, `rel_seek.rs` for relationships, `composite_seek.rs` for composite indexes of both):
//! the values a property may hold, the bounds, and the conjuncts that compare a property with
//! them.

// Each test file uses some of these.
#![allow(dead_code)]

use proptest::prelude::*;
use relq::{set_batch_execution, Database, Value};

/// The values an entity's `x` may hold (None: no `x`), as Cypher literals.
pub const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "9223372036854775807",
    "-9223372036854775808",
    "9007199254740993",
    "0.5",
    "-0.0",
    "1.0",
    "1.5",
    "2.0",
    "-2.5",
    "9.3e18",
    "-9.3e18",
    "9223372036854775807.0",
    "1e300",
    "1.0 / 0.0",
    "-1.0 / 0.0",
    "0.0 / 0.0",
    "''",
    "'R'",
    "'Ru'",
    "'Rus'",
    "'ru'",
    "'Rü'",
    "'S'",
    "true",
    "false",
    "date('2020-11-01')",
    "date('2020-11-03')",
    "date('2020-12-01')",
    "datetime('2020-11-15T12:00Z')",
    "datetime('2020-11-15T13:00+01:00')",
    "datetime('2020-11-15T12:30+01:00[Europe/Paris]')",
    "localdatetime('2020-11-15T12:00')",
    "time('10:00+02:00')",
    "time('08:00Z')",
    "localtime('09:00')",
    "duration('P1D')",
    "duration('PT24H')",
    "point({x: 1, y: 2})",
    "[1, 2]",
    "[]",
    "['a']",
];

/// Bounds beyond the values: what no property holds.
pub const BOUNDS: &[&str] = &["null", "{a: 1}", "0.0 / 0.0"];

pub fn value() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::weighted(0.85, prop::sample::select(VALUES))
}

/// A few values, equal ones among them (`1`, `1.0`), each often drawn, and now and then any of
/// `VALUES`: so that entities share values of two properties at once, as a composite index
/// holds them.
pub fn common_value() -> impl Strategy<Value = Option<&'static str>> {
    const FEW: &[&str] = &["1", "1.0", "2", "'R'", "'Ru'", "date('2020-11-01')"];
    prop::option::weighted(
        0.85,
        prop_oneof![
            4 => prop::sample::select(FEW),
            1 => prop::sample::select(VALUES),
        ],
    )
}

pub fn bound() -> impl Strategy<Value = &'static str> {
    prop::sample::select([VALUES, BOUNDS].concat())
}

/// The comparisons of `prop` (such as `n.x`) with a lower bound (`lower`: 0 none, 1 `>`, 2
/// `>=`) and an upper one (`upper`: 0 none, 1 `<`, 2 `<=`), each written the other way round
/// (`lo < n.x`) when `flipped`.
pub fn bound_conjuncts(
    prop: &str,
    (lower, upper): (u8, u8),
    flipped: bool,
    (lo, hi): (&str, &str),
) -> Vec<String> {
    let compare = |op: &str, flipped_op: &str, v: &str| {
        if flipped {
            format!("{v} {flipped_op} {prop}")
        } else {
            format!("{prop} {op} {v}")
        }
    };
    let mut conjuncts = Vec::new();
    match lower {
        1 => conjuncts.push(compare(">", "<", lo)),
        2 => conjuncts.push(compare(">=", "<=", lo)),
        _ => {}
    }
    match upper {
        1 => conjuncts.push(compare("<", ">", hi)),
        2 => conjuncts.push(compare("<=", ">=", hi)),
        _ => {}
    }
    conjuncts
}

/// The bounds as `lo` and `hi` when they are bound by a clause before the MATCH (that clause,
/// and the names), else written in (no clause).
pub fn bounds_given<'a>(earlier: bool, lo: &'a str, hi: &'a str) -> (String, (&'a str, &'a str)) {
    if earlier {
        (format!("WITH {lo} AS lo, {hi} AS hi "), ("lo", "hi"))
    } else {
        (String::new(), (lo, hi))
    }
}

/// The ids of a row's columns (all of them, or all but the last).
fn ids(q: &str, row: &[Value]) -> Vec<i64> {
    row.iter()
        .map(|v| match v {
            Value::Int(i) => *i,
            other => panic!("{q}: id {other:?}"),
        })
        .collect()
}

/// Whether `seek` finds, in batches and row by row, the rows of `scan` whose last column (the
/// predicate as a value) is true, without that column: ids in the same order.
pub fn finds_what_scan_finds(
    db: &mut Database,
    seek: &str,
    scan: &str,
) -> Result<(), TestCaseError> {
    let scanned = db.query(scan).unwrap_or_else(|e| panic!("{scan}: {e}"));
    let expected: Vec<Vec<i64>> = scanned
        .rows
        .iter()
        .filter(|row| row.last() == Some(&Value::Bool(true)))
        .map(|row| ids(scan, &row[..row.len() - 1]))
        .collect();
    for batch in [true, false] {
        set_batch_execution(batch);
        let found = db.query(seek).unwrap_or_else(|e| panic!("{seek}: {e}"));
        let found: Vec<Vec<i64>> = found.rows.iter().map(|row| ids(seek, row)).collect();
        prop_assert_eq!(&found, &expected, "{} (batches: {})", seek, batch);
    }
    set_batch_execution(true);
    Ok(())
}
