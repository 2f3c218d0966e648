//! `LOAD CSV` as a user writes it: rows as maps (WITH HEADERS) or lists, empty, quoted-empty
//! and missing fields, quotes, FIELDTERMINATOR, a byte order mark, graphs built with MERGE and
//! CREATE, `linenumber()` and `file()`, LIMIT stopping the reading, errors naming the file and
//! the line, atomic rollback, cancellation and the memory budget, file access (the import
//! folder on the command line, `relq serve` refusing unless allowed) and a round trip through
//! relq's own Neo4j CSV export.

mod serve_common;

use relq::{Database, ErrorKind, FileAccess, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load_csv")
}

/// The absolute path of a fixture, as text for a statement.
fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

fn rows(db: &mut Database, query: &str) -> Vec<Vec<Value>> {
    match db.query(query) {
        Ok(r) => r.rows,
        Err(e) => panic!("{}", e.render(query, "test")),
    }
}

fn s(text: &str) -> Value {
    Value::from(text)
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn int(db: &mut Database, query: &str) -> i64 {
    match rows(db, query)[0][0] {
        Value::Int(n) => n,
        ref other => panic!("expected an integer, got {other:?}"),
    }
}

#[test]
fn with_headers_rows_are_maps_of_strings_with_nulls_for_empty_and_missing_fields() {
    let mut db = Database::new();
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV WITH HEADERS FROM '{}' AS row RETURN row",
            fixture("actors.csv")
        ),
    );
    assert_eq!(
        got,
        vec![
            vec![map(&[
                ("id", s("1")),
                ("name", s("Smith, John")),
                ("country", s("US")),
                ("note", s("He said \"no\"")),
            ])],
            // An empty field is null, an empty quoted field `""` the empty string.
            vec![map(&[
                ("id", s("2")),
                ("name", s("Ivanova")),
                ("country", Value::Null),
                ("note", s("")),
            ])],
            // Fields missing at the end of a short record are null.
            vec![map(&[
                ("id", s("3")),
                ("name", s("Li")),
                ("country", Value::Null),
                ("note", Value::Null),
            ])],
        ]
    );
}

#[test]
fn without_headers_rows_are_lists_and_every_line_is_a_row() {
    let mut db = Database::new();
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV FROM 'file://{}' AS line RETURN line[1] AS name, toInteger(line[2]) AS year",
            fixture("artists.csv")
        ),
    );
    assert_eq!(
        got,
        vec![
            vec![s("ABBA"), Value::Int(1992)],
            vec![s("Roxette"), Value::Int(1986)],
            vec![s("Europe"), Value::Int(1979)],
            vec![s("The Cardigans"), Value::Int(1992)],
        ]
    );
    // The header line of a file read without WITH HEADERS is a row like the others.
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV FROM '{}' AS line RETURN line LIMIT 1",
            fixture("actors.csv")
        ),
    );
    assert_eq!(
        got[0][0],
        Value::List(vec![s("id"), s("name"), s("country"), s("note")])
    );
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV FROM '{}' AS line RETURN line SKIP 2",
            fixture("actors.csv")
        ),
    );
    assert_eq!(
        got,
        vec![
            vec![Value::List(vec![s("2"), s("Ivanova"), Value::Null, s("")])],
            vec![Value::List(vec![s("3"), s("Li")])],
        ]
    );
}

#[test]
fn field_terminators_quotes_line_ends_in_quotes_and_a_byte_order_mark() {
    let mut db = Database::new();
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV WITH HEADERS FROM '{}' AS r FIELDTERMINATOR ';' RETURN r.a, r.b, r.c",
            fixture("semicolon.csv")
        ),
    );
    assert_eq!(got, vec![vec![s("1"), s("x;y"), s("3")]]);
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV WITH HEADERS FROM '{}' AS r FIELDTERMINATOR '\\t' RETURN r.name, r.year",
            fixture("tabs.tsv")
        ),
    );
    assert_eq!(got, vec![vec![s("ABBA"), s("1992")]]);
    // `\u0009` is a tab too.
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV FROM '{}' AS r FIELDTERMINATOR '\\u0009' RETURN size(r)",
            fixture("tabs.tsv")
        ),
    );
    assert_eq!(got, vec![vec![Value::Int(2)], vec![Value::Int(2)]]);
    // The byte order mark is not part of the first header name.
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV WITH HEADERS FROM '{}' AS r RETURN keys(r) AS k, r.id AS id",
            fixture("bom.csv")
        ),
    );
    assert_eq!(
        got,
        vec![vec![Value::List(vec![s("id"), s("name")]), s("1")]]
    );
    // A quoted field may hold a line end; linenumber() is the line a record starts on.
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV WITH HEADERS FROM '{}' AS r RETURN linenumber() AS l, r.text AS t",
            fixture("multiline.csv")
        ),
    );
    assert_eq!(
        got,
        vec![
            vec![Value::Int(2), s("two\nlines")],
            vec![Value::Int(4), s("one line")],
        ]
    );
    // Blank lines are skipped; `\r\n`, `\r` and `\n` each end a line.
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV WITH HEADERS FROM '{}' AS r RETURN linenumber() AS l, r.name AS n",
            fixture("line_ends.csv")
        ),
    );
    assert_eq!(
        got,
        vec![
            vec![Value::Int(3), s("A\r\nB")],
            vec![Value::Int(6), s("C")],
            vec![Value::Int(7), s("D")],
        ]
    );
    // A file that has only a header, or nothing, gives no rows.
    for file in ["header_only.csv", "empty.csv"] {
        let got = rows(
            &mut db,
            &format!(
                "LOAD CSV WITH HEADERS FROM '{}' AS r RETURN r",
                fixture(file)
            ),
        );
        assert!(got.is_empty(), "{file}: {got:?}");
    }
}

#[test]
fn a_field_terminator_must_be_one_character() {
    let mut db = Database::new();
    let q = format!(
        "LOAD CSV FROM '{}' AS r FIELDTERMINATOR ';;' RETURN r",
        fixture("artists.csv")
    );
    let e = db.query(&q).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Semantic);
    let at = q.find("';;'").unwrap();
    assert_eq!(e.span.map(|s| (s.start, s.end)), Some((at, at + 4)));
}

#[test]
fn merge_and_create_from_rows_build_the_graph() {
    let mut db = Database::new();
    let people = fixture("people.csv");
    let knows = fixture("knows.csv");
    let r = db
        .query(&format!(
            "LOAD CSV WITH HEADERS FROM '{people}' AS row MERGE (p:Person {{id: row.id}}) SET p.name = row.name"
        ))
        .unwrap();
    assert_eq!(r.stats.nodes_created, 3);
    // Loading again merges into the same nodes.
    let r = db
        .query(&format!(
            "LOAD CSV WITH HEADERS FROM '{people}' AS row MERGE (p:Person {{id: row.id}}) SET p.name = row.name"
        ))
        .unwrap();
    assert_eq!(r.stats.nodes_created, 0);
    let r = db
        .query(&format!(
            "LOAD CSV WITH HEADERS FROM '{knows}' AS row \
             MATCH (a:Person {{id: row.from}}), (b:Person {{id: row.to}}) \
             CREATE (a)-[k:KNOWS]->(b) SET k.since = toInteger(row.since)"
        ))
        .unwrap();
    assert_eq!(r.stats.rels_created, 3);
    let got = rows(
        &mut db,
        "MATCH (a:Person)-[k:KNOWS]->(b:Person) RETURN a.name, b.name, k.since ORDER BY a.name, b.name",
    );
    assert_eq!(
        got,
        vec![
            vec![s("Alice"), s("Bob"), Value::Int(2001)],
            // An empty field is null: no property set.
            vec![s("Alice"), s("Carol"), Value::Null],
            vec![s("Bob"), s("Carol"), Value::Int(2010)],
        ]
    );
    // LOAD CSV after other clauses runs once per incoming row.
    let got = rows(
        &mut db,
        &format!(
            "UNWIND [1, 2] AS pass LOAD CSV WITH HEADERS FROM '{people}' AS row \
             RETURN pass, count(row) AS n ORDER BY pass"
        ),
    );
    assert_eq!(
        got,
        vec![
            vec![Value::Int(1), Value::Int(3)],
            vec![Value::Int(2), Value::Int(3)]
        ]
    );
    // The URL is any expression of the rows before it.
    let got = rows(
        &mut db,
        &format!(
            "WITH '{}' AS dir LOAD CSV FROM dir + '/artists.csv' AS line RETURN count(*)",
            fixtures().display()
        ),
    );
    assert_eq!(got, vec![vec![Value::Int(4)]]);
}

#[test]
fn linenumber_and_file_tell_where_a_row_comes_from() {
    let mut db = Database::new();
    let path = std::fs::canonicalize(fixtures().join("artists.csv"))
        .unwrap()
        .display()
        .to_string();
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV FROM '{}' AS line CREATE (a:Artist {{name: line[1], line: linenumber()}}) \
             RETURN a.line AS l, file() AS f ORDER BY l",
            fixture("artists.csv")
        ),
    );
    let lines: Vec<Value> = got.iter().map(|r| r[0].clone()).collect();
    assert_eq!(lines, (1..=4).map(Value::Int).collect::<Vec<_>>());
    assert!(got.iter().all(|r| r[1] == s(&path)), "{got:?}");
    // With headers, the header is line 1.
    let got = rows(
        &mut db,
        &format!(
            "LOAD CSV WITH HEADERS FROM '{}' AS r RETURN min(linenumber()), max(linenumber())",
            fixture("artists.csv")
        ),
    );
    assert_eq!(got, vec![vec![Value::Int(2), Value::Int(4)]]);
    // Without LOAD CSV they are null.
    assert_eq!(
        rows(&mut db, "RETURN linenumber(), file()"),
        vec![vec![Value::Null, Value::Null]]
    );
}

#[test]
fn limit_stops_reading_before_a_bad_line() {
    let mut db = Database::new();
    let bad = fixture("bad_utf8.csv");
    let got = rows(
        &mut db,
        &format!("LOAD CSV WITH HEADERS FROM '{bad}' AS r RETURN r.name LIMIT 2"),
    );
    assert_eq!(got, vec![vec![s("ABBA")], vec![s("Roxette")]]);
    let q = format!("LOAD CSV WITH HEADERS FROM '{bad}' AS r RETURN r.name");
    let e = db.query(&q).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Load);
    assert!(
        e.message.contains("bad_utf8.csv:4:") && e.message.contains("UTF-8"),
        "{}",
        e.message
    );
    // The caret is on the URL.
    let at = q.find('\'').unwrap();
    assert_eq!(
        e.span.map(|s| (s.start, s.end)),
        Some((at, at + bad.len() + 2))
    );
}

#[test]
fn malformed_and_missing_files_are_errors_naming_the_file() {
    let mut db = Database::new();
    let e = db
        .query(&format!(
            "LOAD CSV FROM '{}' AS r RETURN r",
            fixture("unterminated.csv")
        ))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Load);
    assert!(
        e.message.contains("unterminated.csv:3:") && e.message.contains("closing `\"`"),
        "{}",
        e.message
    );
    let cases = [
        (fixture("no_such_file.csv"), "No such file"),
        (fixtures().display().to_string(), "folder"),
        ("/dev/zero".to_string(), "device"),
    ];
    for (path, why) in cases {
        let e = db
            .query(&format!("LOAD CSV FROM '{path}' AS r RETURN r"))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Load, "{path}");
        assert!(
            e.message.contains(&path) && e.message.contains(why),
            "{path}: {}",
            e.message
        );
    }
    // A null URL, a URL that is not a string.
    assert_eq!(
        db.query("LOAD CSV FROM null AS r RETURN r")
            .unwrap_err()
            .kind,
        ErrorKind::Load
    );
    assert_eq!(
        db.query("LOAD CSV FROM 42 AS r RETURN r").unwrap_err().kind,
        ErrorKind::Type
    );
}

#[test]
fn network_urls_are_refused_by_name() {
    let mut db = Database::new();
    for (url, scheme) in [
        ("https://example.org/a.csv", "https://"),
        ("http://example.org/a.csv", "http://"),
        ("ftp://example.org/a.csv", "ftp://"),
    ] {
        let q = format!("LOAD CSV FROM '{url}' AS r RETURN r");
        let e = db.query(&q).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unsupported, "{url}");
        assert!(e.message.contains(scheme), "{}", e.message);
        assert_eq!(e.span.map(|s| s.start), Some(14));
    }
}

#[test]
fn a_failed_load_changes_nothing() {
    let mut db = Database::new();
    db.query("CREATE (:Before)").unwrap();
    let e = db
        .query(&format!(
            "CREATE (:Marker) WITH 1 AS one \
             LOAD CSV WITH HEADERS FROM '{}' AS row CREATE (:Artist {{name: row.name}})",
            fixture("bad_utf8.csv")
        ))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Load);
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 1);
    assert_eq!(int(&mut db, "MATCH (n:Marker) RETURN count(n)"), 0);
    assert_eq!(int(&mut db, "MATCH (n:Artist) RETURN count(n)"), 0);
}

#[test]
fn a_long_load_stops_at_its_time_limit_and_a_huge_record_at_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let mut text = String::from("id,name\n");
    for i in 0..300_000 {
        text.push_str(&format!("{i},name {i}\n"));
    }
    std::fs::write(&big, text).unwrap();
    let mut db = Database::new();
    db.set_timeout(Some(Duration::from_millis(50)));
    let e = db
        .query(&format!(
            "LOAD CSV WITH HEADERS FROM '{}' AS r CREATE (:N {{id: r.id}})",
            big.display()
        ))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert_eq!(db.graph.node_count(), 0);
    db.set_timeout(None);
    // One record of 8 MiB under a 4 MiB limit: a ResourceError, not an allocation failure.
    let huge = dir.path().join("huge.csv");
    std::fs::write(&huge, "x".repeat(8 << 20)).unwrap();
    db.set_memory_limit(Some(4 << 20));
    let e = db
        .query(&format!(
            "LOAD CSV FROM '{}' AS r RETURN size(r[0])",
            huge.display()
        ))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Resource, "{}", e.message);
}

#[test]
fn an_import_folder_bounds_what_can_be_read() {
    let mut db = Database::new();
    db.set_file_access(FileAccess::Inside(
        std::fs::canonicalize(fixtures()).unwrap(),
    ));
    // `file:///a.csv` and `a.csv` are inside the folder.
    for url in ["file:///artists.csv", "artists.csv", "/artists.csv"] {
        assert_eq!(
            int(
                &mut db,
                &format!("LOAD CSV FROM '{url}' AS r RETURN count(r)")
            ),
            4,
            "{url}"
        );
    }
    for url in ["../load_csv/artists.csv", "file:///../../Cargo.toml"] {
        let e = db
            .query(&format!("LOAD CSV FROM '{url}' AS r RETURN r"))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Access, "{url}");
    }
    db.set_file_access(FileAccess::Refused);
    let e = db
        .query("LOAD CSV FROM 'artists.csv' AS r RETURN r")
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Access);
}

#[test]
fn the_command_line_reads_relative_paths_from_the_working_folder_or_the_import_folder() {
    let run = |args: &[&str], dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_relq"))
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap()
    };
    let q = "LOAD CSV WITH HEADERS FROM 'people.csv' AS r RETURN r.name ORDER BY r.name";
    let out = run(&["--empty", "--format", "csv", "-c", q], &fixtures());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "r.name\nAlice\nBob\nCarol\n"
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = fixtures().display().to_string();
    let out = run(
        &["--empty", "--format", "csv", "--import-dir", &dir, "-c", q],
        elsewhere.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "r.name\nAlice\nBob\nCarol\n"
    );
    let out = run(
        &[
            "--empty",
            "--import-dir",
            &dir,
            "-c",
            "LOAD CSV FROM '../../Cargo.toml' AS r RETURN r",
        ],
        elsewhere.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("AccessError: "));
    let out = run(
        &[
            "--empty",
            "--import-dir",
            "no/such/folder",
            "-c",
            "RETURN 1",
        ],
        elsewhere.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn explain_and_profile_show_the_load_csv_operator() {
    let mut db = Database::new();
    let q = format!(
        "PROFILE LOAD CSV WITH HEADERS FROM '{}' AS row FIELDTERMINATOR ';' RETURN row.a",
        fixture("semicolon.csv")
    );
    let r = db.query(&q).unwrap();
    let plan = r.plan.expect("a plan");
    let text = format!("{plan:?}");
    assert!(text.contains("LoadCSV"), "{text}");
    assert!(
        text.contains("WITH HEADERS FROM") && text.contains("FIELDTERMINATOR ';'"),
        "{text}"
    );
    assert_eq!(r.rows, vec![vec![s("1")]]);
    // EXPLAIN opens no file: a missing one is no error.
    let r = db
        .query("EXPLAIN LOAD CSV FROM 'no/such.csv' AS row RETURN row")
        .unwrap();
    assert!(format!("{:?}", r.plan).contains("LoadCSV"));
}

#[test]
fn the_neo4j_csv_export_reads_back_with_load_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args([
            "-c",
            "MATCH (a:Actor)-[r:ACCUSES]->(b:Actor) RETURN a, r, b",
            "--export",
            "csv",
            "-o",
        ])
        .arg(dir.path().join("export"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nodes = dir.path().join("export/nodes.csv").display().to_string();
    let rels = dir
        .path()
        .join("export/relationships.csv")
        .display()
        .to_string();
    let mut db = Database::new();
    db.query(&format!(
        "LOAD CSV WITH HEADERS FROM '{nodes}' AS row \
         CREATE (:Actor {{xid: row.`:ID`, name: row.name, kind: row.kind}})"
    ))
    .unwrap();
    db.query(&format!(
        "LOAD CSV WITH HEADERS FROM '{rels}' AS row \
         MATCH (a:Actor {{xid: row.`:START_ID`}}), (b:Actor {{xid: row.`:END_ID`}}) \
         CREATE (a)-[:ACCUSES {{allegation: row.allegation, context: row.context, year: toInteger(row.`year:long`)}}]->(b)"
    ))
    .unwrap();
    let q = "MATCH (a:Actor)-[r:ACCUSES]->(b:Actor) \
             RETURN a.name, r.allegation, r.context, r.year, b.name \
             ORDER BY a.name, r.allegation, r.context";
    let mut seed = Database::with_seed();
    let expected = rows(&mut seed, q);
    assert!(expected.len() >= 5);
    assert_eq!(rows(&mut db, q), expected);
}

#[test]
fn serve_reads_no_file_unless_allowed() {
    use serve_common::Server;
    let statement = serde_json::json!({
        "statement": format!("LOAD CSV FROM '{}' AS r RETURN count(r) AS n", fixture("artists.csv"))
    });
    let post = |server: &Server, body: &serde_json::Value| {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let mut response = agent
            .post(&server.url("/query"))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .expect("the server answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        )
    };
    let server = Server::start(&["--bolt", "off"]);
    let (status, answer) = post(&server, &statement);
    assert_eq!(status, 403, "{answer}");
    assert_eq!(answer["error"]["class"], "AccessError");
    assert!(
        answer["error"]["help"]
            .as_str()
            .unwrap_or("")
            .contains("--allow-file-import"),
        "{answer}"
    );
    drop(server);
    let dir = fixtures().display().to_string();
    let server = Server::start(&["--bolt", "off", "--allow-file-import", &dir]);
    let (status, answer) = post(
        &server,
        &serde_json::json!({"statement": "LOAD CSV FROM 'file:///artists.csv' AS r RETURN count(r) AS n"}),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["rows"], serde_json::json!([[4]]));
    // Still nothing outside the folder.
    let (status, answer) = post(
        &server,
        &serde_json::json!({"statement": "LOAD CSV FROM '../../Cargo.toml' AS r RETURN r"}),
    );
    assert_eq!(status, 403, "{answer}");
    assert_eq!(answer["error"]["class"], "AccessError");
    // A malformed or missing file inside it is the data's fault, not the server's.
    for file in ["unterminated.csv", "missing.csv"] {
        let (status, answer) = post(
            &server,
            &serde_json::json!({"statement": format!("LOAD CSV FROM 'file:///{file}' AS r RETURN r")}),
        );
        assert_eq!(status, 422, "{answer}");
        assert_eq!(answer["error"]["class"], "LoadError");
    }
}
