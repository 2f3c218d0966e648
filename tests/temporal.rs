//! Temporal values through every format: each one written by relq and read back gives the same
//! values (snapshots, Neo4j CSV, node-link JSON, Cypher scripts), JSON output gives their ISO
//! text, and bad temporal text in a data file is a load error naming the file and line.

use std::path::Path;
use std::process::Command;

/// One node of each temporal type (a list of dates too) and a relationship with a date.
const CREATE: &str =
    "CREATE (:E {name: 'a', d: date('2020-11-14'), lt: localtime('10:00:00.123456789'), \
tm: time('10:00-05:30'), ldt: localdatetime('2020-11-14T10:00'), \
t: datetime('2020-10-25T02:30+01:00[Europe/Berlin]'), z: datetime('2020-11-14T10:00Z'), \
du: duration('PT-61.5S'), days: [date('2020-01-01'), date('2021-02-03')]})\
-[:R {on: date('2020-11-15'), took: duration('P1Y2M3DT4H')}]->(:E {name: 'b'})";

/// Each value printed, and each compared with the value it was made from.
const CHECK: &str = "MATCH (e:E {name: 'a'})-[r:R]->() RETURN e.d, e.lt, e.tm, e.ldt, e.t, e.z, e.du, e.days, r.on, r.took, \
e.d = date('2020-11-14') AND e.lt = localtime('10:00:00.123456789') AND e.tm = time('10:00-05:30') \
AND e.ldt = localdatetime('2020-11-14T10:00') AND e.t = datetime('2020-10-25T02:30+01:00[Europe/Berlin]') \
AND e.z = datetime('2020-11-14T10:00Z') AND e.du = duration('PT-61.5S') \
AND e.days = [date('2020-01-01'), date('2021-02-03')] AND r.on = date('2020-11-15') \
AND r.took = duration('P1Y2M3DT4H') AS same";

const EXPECTED: &str = "e.d,e.lt,e.tm,e.ldt,e.t,e.z,e.du,e.days,r.on,r.took,same\n\
2020-11-14,10:00:00.123456789,10:00:00-05:30,2020-11-14T10:00:00,2020-10-25T02:30:00+01:00[Europe/Berlin],2020-11-14T10:00:00Z,PT-1M-1.5S,\"[2020-01-01, 2021-02-03]\",2020-11-15,P1Y2M3DT4H,true\n";

fn relq(dir: &Path, args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

fn check(dir: &Path, load: &[&str]) {
    let mut args: Vec<&str> = load.to_vec();
    args.extend(["--format", "csv", "-c", CHECK]);
    let (out, err, ok) = relq(dir, &args);
    assert!(ok, "{load:?}: {err}");
    assert_eq!(out, EXPECTED, "{load:?}");
}

#[test]
fn the_values_made_in_a_statement_are_the_expected_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, ok) = relq(
        dir.path(),
        &["--empty", "-c", CREATE, "--format", "csv", "-c", CHECK],
    );
    assert!(ok, "{err}");
    assert_eq!(out, EXPECTED);
}

#[test]
fn snapshots_keep_temporal_values() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err, ok) = relq(dir.path(), &["--empty", "-c", CREATE, "--save", "g.relq"]);
    assert!(ok, "{err}");
    check(dir.path(), &["g.relq"]);
}

#[test]
fn every_export_relq_reads_back_keeps_temporal_values() {
    let dir = tempfile::tempdir().unwrap();
    for (format, file) in [("csv", "out"), ("json", "g.json"), ("cypher", "g.cypher")] {
        let (_, err, ok) = relq(
            dir.path(),
            &[
                "--empty",
                "-c",
                CREATE,
                "--export",
                format,
                "--output",
                file,
                "-c",
                "MATCH (a)-[r]->(b) RETURN a, r, b",
            ],
        );
        assert!(ok, "{format}: {err}");
        check(dir.path(), &["--load", file]);
    }
    let nodes = std::fs::read_to_string(dir.path().join("out/nodes.csv")).unwrap();
    let header = nodes.lines().next().unwrap();
    for column in [
        "d:date",
        "lt:localtime",
        "tm:time",
        "ldt:localdatetime",
        "t:datetime",
        "du:duration",
        "days:date[]",
    ] {
        assert!(
            header.split(',').any(|c| c == column),
            "{column} in {header}"
        );
    }
    let json = std::fs::read_to_string(dir.path().join("g.json")).unwrap();
    assert!(json.contains("\"d\":\"2020-11-14\""), "{json}");
    assert!(json.contains("\"relq_temporal\""), "{json}");
}

#[test]
fn graphml_and_gexf_carry_the_iso_text() {
    let dir = tempfile::tempdir().unwrap();
    for (format, file) in [("graphml", "g.graphml"), ("gexf", "g.gexf")] {
        let (_, err, ok) = relq(
            dir.path(),
            &[
                "--empty",
                "-c",
                CREATE,
                "--export",
                format,
                "--output",
                file,
                "-c",
                "MATCH (a)-[r]->(b) RETURN a, r, b",
            ],
        );
        assert!(ok, "{format}: {err}");
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(
            text.contains("2020-10-25T02:30:00+01:00[Europe/Berlin]"),
            "{text}"
        );
        assert!(text.contains("P1Y2M3DT4H"), "{text}");
    }
}

#[test]
fn json_output_gives_iso_text_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, ok) = relq(
        dir.path(),
        &[
            "--empty",
            "--format",
            "json",
            "-c",
            "RETURN date('2020-11-14') AS d, datetime('2020-11-14T10:00[Europe/Berlin]') AS t, duration('P1DT2H') AS du",
        ],
    );
    assert!(ok, "{err}");
    let row: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(row["d"], "2020-11-14");
    assert_eq!(row["t"], "2020-11-14T10:00:00+01:00[Europe/Berlin]");
    assert_eq!(row["du"], "P1DT2H");
    let back = format!(
        "RETURN date('{}') = date('2020-11-14') AND datetime('{}') = datetime('2020-11-14T10:00[Europe/Berlin]') AND duration('{}') = duration('P1DT2H') AS same",
        row["d"].as_str().unwrap(),
        row["t"].as_str().unwrap(),
        row["du"].as_str().unwrap()
    );
    let (out, err, ok) = relq(dir.path(), &["--empty", "--format", "csv", "-c", &back]);
    assert!(ok, "{err}");
    assert_eq!(out, "same\ntrue\n");
}

#[test]
fn a_bad_date_in_a_typed_csv_column_is_a_load_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nodes.csv"),
        ":ID,on:date\n1,2020-11-14\n2,2020-13-01\n",
    )
    .unwrap();
    let (_, err, ok) = relq(dir.path(), &["--load", "nodes.csv", "-c", "RETURN 1"]);
    assert!(!ok);
    assert!(err.contains("nodes.csv:3"), "{err}");
    assert!(err.contains("month 13 is out of range"), "{err}");
    std::fs::write(
        dir.path().join("nodes.csv"),
        ":ID,on:date,at:datetime[]\n1,2020-11-14,2020-11-14T10:00Z;2020-11-15T10:00[Europe/Berlin]\n",
    )
    .unwrap();
    let (out, err, ok) = relq(
        dir.path(),
        &[
            "--load",
            "nodes.csv",
            "--format",
            "csv",
            "-c",
            "MATCH (n {on: date('2020-11-14')}) RETURN n.on.dayOfWeek AS dow, n.at[1] AS at",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(out, "dow,at\n6,2020-11-15T10:00:00+01:00[Europe/Berlin]\n");
}

#[test]
fn the_clock_is_read_once_per_statement() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, ok) = relq(
        dir.path(),
        &[
            "--empty",
            "--format",
            "csv",
            "-c",
            "UNWIND range(1, 20000) AS i WITH datetime() AS t, i RETURN count(DISTINCT t) AS n, datetime.statement() = datetime() AS same, date() = date(datetime()) AS today",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(out, "n,same,today\n1,true,true\n");
}

mod no_panic {
    use proptest::prelude::*;
    use relq::temporal::{self, Kind};
    use relq::Value;
    use std::collections::BTreeMap;

    const KINDS: [Kind; 6] = [
        Kind::Date,
        Kind::LocalTime,
        Kind::Time,
        Kind::LocalDateTime,
        Kind::DateTime,
        Kind::Duration,
    ];

    /// Text made of the characters ISO 8601 forms use, so that most of it gets far into the
    /// reader.
    fn iso_like() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(
                "0123456789-:+.,TWQZPYMDHS[]/Europe/Berlin_x \u{e9}"
                    .chars()
                    .collect::<Vec<_>>(),
            ),
            0..40,
        )
        .prop_map(String::from_iter)
    }

    fn number() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<i64>().prop_map(Value::Int),
            (-100_000i64..100_000).prop_map(Value::Int),
            any::<f64>().prop_map(Value::Float),
            (-1e6f64..1e6).prop_map(Value::Float),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any text read as any type is a value or an error; a value prints as text that
        /// reads back as the same value.
        #[test]
        fn text_reads_or_fails(s in iso_like(), k in 0usize..6) {
            let kind = KINDS[k];
            if let Ok(v) = temporal::parse_temporal(kind, &s) {
                let again = temporal::parse_temporal(kind, &v.to_string());
                prop_assert_eq!(again.as_ref().ok(), Some(&v), "{} -> {}", s, v);
            }
        }

        /// Any map of components is a value or an error; so is arithmetic on the result.
        #[test]
        fn maps_build_or_fail(
            k in 0usize..6,
            entries in prop::collection::vec((0usize..20, number()), 0..6),
            d in prop::collection::vec((0usize..11, number()), 0..4),
        ) {
            const KEYS: [&str; 20] = [
                "year", "month", "day", "week", "dayOfWeek", "ordinalDay", "quarter",
                "dayOfQuarter", "hour", "minute", "second", "millisecond", "microsecond",
                "nanosecond", "epochSeconds", "epochMillis", "days", "months", "seconds", "years",
            ];
            const DURATION: [&str; 11] = [
                "years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds",
                "milliseconds", "microseconds", "nanoseconds",
            ];
            let map: BTreeMap<String, Value> =
                entries.into_iter().map(|(i, v)| (KEYS[i].to_string(), v)).collect();
            let dmap: BTreeMap<String, Value> =
                d.into_iter().map(|(i, v)| (DURATION[i].to_string(), v)).collect();
            let t = temporal::from_map(KINDS[k], &map);
            let du = temporal::from_map(Kind::Duration, &dmap);
            if let (Ok(t), Ok(temporal::Temporal::Duration(du))) = (&t, &du) {
                let _ = temporal::add(t, du);
                let _ = temporal::sub(t, du);
                for unit in temporal::TRUNCATE_UNITS {
                    for kind in KINDS {
                        let _ = temporal::truncate(kind, unit, t, None);
                    }
                }
                for other in [temporal::parse_temporal(Kind::Date, "2020-11-14").unwrap(), t.clone()] {
                    for unit in [
                        temporal::BetweenUnit::All,
                        temporal::BetweenUnit::Months,
                        temporal::BetweenUnit::Days,
                        temporal::BetweenUnit::Seconds,
                    ] {
                        let _ = temporal::between(t, &other, unit);
                        let _ = temporal::between(&other, t, unit);
                    }
                }
                let _ = du.mul_float(1e300);
                let _ = du.checked_mul_int(i64::MAX);
                let _ = du.div_float(1e-300);
            }
        }
    }
}
