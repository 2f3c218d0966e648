//! Evidence: `evidence(r)` on the seed graph and on a GDELT file, for a relationship, a path
//! and a relationship list; the disputes statement `:disputes` runs, with its window; and the
//! shell's `:why` and `:disputes` in a real pseudo-terminal.

mod pty;

use pty::Pty;
use relq::{Database, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn query(db: &mut Database, q: &str) -> relq::QueryResult {
    db.query(q)
        .unwrap_or_else(|e| panic!("{q}: {}", e.render(q, "query")))
}

fn map(v: &Value) -> &BTreeMap<String, Value> {
    match v {
        Value::Map(m) => m,
        other => panic!("expected a map, got {other:?}"),
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gdelt")
        .join(name)
}

#[test]
fn evidence_of_a_seed_accusation() {
    let mut db = Database::with_seed();
    let r = query(
        &mut db,
        "MATCH (:Actor {name: 'FBI'})-[r:ACCUSES]->(:Actor {name: 'Russia'}) RETURN evidence(r)",
    );
    let e = map(&r.rows[0][0]);
    let s = |k: &str| e[k].clone();
    assert_eq!(s("type"), Value::str("ACCUSES"));
    assert_eq!(s("said_by"), Value::str("FBI"));
    assert_eq!(s("target"), Value::str("Russia"));
    assert_eq!(s("via"), Value::str("Christopher Wray"));
    assert_eq!(
        s("what"),
        Value::str("interference in the 2020 U.S. election")
    );
    assert_eq!(s("year"), Value::Int(2020));
    assert_eq!(s("date"), Value::Null);
    assert_eq!(
        s("quote"),
        Value::str("The news comes after the FBI director Christopher Wray accused Russia of interfering in the elections 2020.")
    );
    assert_eq!(s("url"), Value::Null);
    assert_eq!(
        s("source"),
        Value::str("article:us-russia-election-interference-2020")
    );
    let keys: Vec<&str> = e.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "context", "date", "quote", "said_by", "source", "target", "type", "url", "via",
            "what", "year"
        ]
    );

    // Germany's accusation has a date: the year comes from it.
    let r = query(
        &mut db,
        "MATCH (:Actor {name: 'Germany'})-[r:ACCUSES]->() RETURN evidence(r).date = date('2020-05-01'), evidence(r).year, evidence(r).via",
    );
    assert_eq!(
        r.rows[0],
        vec![
            Value::Bool(true),
            Value::Int(2020),
            Value::str("Angela Merkel")
        ]
    );
    // No via: null.
    let r = query(
        &mut db,
        "MATCH (:Actor {name: 'United Kingdom'})-[r:ACCUSES]->() RETURN evidence(r).via, evidence(r).date",
    );
    assert_eq!(r.rows[0], vec![Value::Null, Value::Null]);
}

#[test]
fn evidence_of_paths_lists_and_nothing() {
    let mut db = Database::with_seed();
    let r = query(
        &mut db,
        "MATCH p = (:Actor {name: 'Christopher Wray'})-[:LEADS]->(:Actor)-[:ACCUSES]->(:Actor {name: 'Russia'})
         RETURN [e IN evidence(p) | e.type + ' by ' + e.said_by]",
    );
    assert_eq!(
        r.rows[0][0],
        Value::List(vec![
            Value::str("LEADS by Christopher Wray"),
            Value::str("ACCUSES by FBI")
        ])
    );
    let r = query(
        &mut db,
        "MATCH (:Actor {name: 'Christopher Wray'})-[rs:LEADS|ACCUSES*2]->(:Actor {name: 'Russia'})
         RETURN [e IN evidence(rs) | e.said_by]",
    );
    assert_eq!(
        r.rows[0][0],
        Value::List(vec![Value::str("Christopher Wray"), Value::str("FBI")])
    );
    let r = query(
        &mut db,
        "OPTIONAL MATCH (:Actor {name: 'Nobody'})-[r]->() RETURN evidence(r)",
    );
    assert_eq!(r.rows[0][0], Value::Null);
    let e = db
        .query("MATCH (a:Actor {name: 'Russia'}) RETURN evidence(a)")
        .unwrap_err();
    assert!(
        e.to_string().contains(
            "evidence() expects a Relationship, a Path or a List of Relationships, got Node"
        ),
        "{e}"
    );
}

#[test]
fn evidence_of_a_gdelt_event_gives_its_url_and_the_site() {
    let mut db = Database::new();
    db.load_files(&[fixture("disputes.export.CSV")])
        .expect("the fixture loads");
    let r = query(
        &mut db,
        "MATCH (a:Actor)-[r:ACCUSES]->(b:Actor) WHERE named(b, 'united states') RETURN evidence(r)",
    );
    let e = map(&r.rows[0][0]);
    assert_eq!(e["said_by"], Value::str("RUSSIA"));
    assert_eq!(e["target"], Value::str("UNITED STATES"));
    assert_eq!(
        e["url"],
        Value::str("https://news.example.com/accusation-1")
    );
    assert_eq!(e["source"], Value::str("news.example.com"));
    assert_eq!(e["quote"], Value::Null);
    assert_eq!(e["via"], Value::Null);
    assert_eq!(e["year"], Value::Int(2020));
    assert_eq!(e["what"], Value::str("112"));
    let date = query(&mut db, "RETURN date('2020-11-01') AS d").rows[0][0].clone();
    assert_eq!(e["date"], date);
}

/// The disputes statement `:disputes` runs (the README shows it).
fn disputes(window: &str) -> String {
    relq::repl::disputes_statement(window)
}

fn pairs(db: &mut Database, window: &str) -> Vec<(String, String)> {
    query(db, &disputes(window))
        .rows
        .iter()
        .map(|r| {
            let s = |v: &Value| match v {
                Value::String(s) => s.to_string(),
                other => format!("{other:?}"),
            };
            (s(&r[0]), s(&r[5]))
        })
        .collect()
}

#[test]
fn seed_disputes_pair_each_accusation_with_russias_denial() {
    let mut db = Database::with_seed();
    let got = pairs(&mut db, "P30D");
    let accusers: Vec<&str> = got.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        accusers,
        [
            "FBI",
            "Germany",
            "United Kingdom",
            "United States",
            "United States",
            "western countries"
        ]
    );
    assert!(got
        .iter()
        .all(|(_, d)| d == "But, Russia denied all the allegations."));
    // Russia's own accusation of the western leaders is not denied by them.
    assert!(!accusers.contains(&"Russia"));
}

#[test]
fn gdelt_disputes_respect_the_window() {
    let mut db = Database::new();
    db.load_files(&[fixture("disputes.export.CSV")])
        .expect("the fixture loads");
    let denial1 = "https://other.example.org/denial-1".to_string();
    let denial2 = "https://other.example.org/denial-2".to_string();
    // Denied 4 days after: in a 7-day window; 40 days after: only in a longer one; a denial
    // that came before the accusation never answers it.
    assert_eq!(pairs(&mut db, "P3D"), vec![]);
    assert_eq!(
        pairs(&mut db, "P7D"),
        vec![("RUSSIA".to_string(), denial1.clone())]
    );
    assert_eq!(
        pairs(&mut db, "P30D"),
        vec![("RUSSIA".to_string(), denial1.clone())]
    );
    assert_eq!(
        pairs(&mut db, "P2M"),
        vec![
            ("CHINA".to_string(), denial2),
            ("RUSSIA".to_string(), denial1)
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The shell, in a pseudo-terminal
// ---------------------------------------------------------------------------------------------

struct Shell {
    p: Pty,
    _dir: tempfile::TempDir,
}

impl Shell {
    fn start(args: &[&str]) -> Shell {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_relq"));
        cmd.args(args)
            .arg("--no-history")
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1");
        let mut sh = Shell {
            p: Pty::spawn(cmd),
            _dir: dir,
        };
        sh.expect("relq> ");
        sh
    }

    fn send(&mut self, text: &str) {
        self.p.send(text);
    }

    fn line(&mut self, text: &str) {
        self.p.send(text);
        self.p.send("\r");
    }

    /// Wait for `needle` after the last expectation; the text before it.
    fn expect(&mut self, needle: &str) -> String {
        self.p.expect(needle)
    }
}

#[test]
fn why_shows_one_block_per_relationship_of_the_last_result() {
    let mut sh = Shell::start(&[]);
    sh.line(":why");
    sh.expect("The last result has no relationships");
    sh.line(
        "MATCH p = (:Actor {name: 'Christopher Wray'})-[:LEADS]->(:Actor)-[:ACCUSES]->(:Actor {name: 'Russia'}) RETURN p;",
    );
    sh.expect("1 row");
    sh.line(":why");
    sh.expect("(Christopher Wray)-[:LEADS]->(FBI)");
    let first = sh.expect("(FBI)-[:ACCUSES]->(Russia)");
    assert!(first.contains("  said by: Christopher Wray"), "{first}");
    assert!(first.contains("  via:     (not given)"), "{first}");
    assert!(first.contains("  quote:   The news comes after the FBI director Christopher Wray accused Russia of interfering in the elections 2020."), "{first}");
    let second = sh.expect("  source:  article:us-russia-election-interference-2020");
    assert!(
        second.contains("  what:    interference in the 2020 U.S. election"),
        "{second}"
    );
    assert!(second.contains("  said by: FBI"), "{second}");
    assert!(second.contains("  via:     Christopher Wray"), "{second}");
    assert!(second.contains("  date:    2020"), "{second}");
    sh.expect("relq> ");
    // A result without relationships replaces it.
    sh.line("RETURN 1 AS one;");
    sh.expect("1 row");
    sh.line(":why");
    sh.expect("The last result has no relationships");
    sh.line(":quit");
}

#[test]
fn disputes_in_the_shell_with_a_window_and_help() {
    let mut sh = Shell::start(&[]);
    sh.line(":x on");
    sh.expect("expanded display: on");
    sh.line(":disputes");
    let out = sh.expect("6 rows");
    assert!(out.contains("accuser    │ \"FBI\""), "{out}");
    assert!(
        out.contains("denial     │ \"But, Russia denied all the allegations.\""),
        "{out}"
    );
    assert!(out.contains("accusation │ \"Besides America, western countries have also accused Kremlin of directing cyber attacks.\""), "{out}");
    sh.line(":disputes P7D");
    sh.expect("6 rows");
    sh.line(":disputes 7x");
    sh.expect("error: expected a unit d, w, m or y after 7, found 'x'");
    sh.line(":disputes soon");
    sh.expect("error: expected a window such as 30d, 2w, 3m, 1y or an ISO 8601 duration (P7D), found 'soon'");
    sh.line(":help disputes");
    sh.expect(":disputes [WINDOW]");
    // Completion knows the new commands.
    sh.send(":wh\t");
    sh.expect(":why");
    sh.send("\r");
    sh.expect("relq> ");
    sh.line(":quit");
}

#[test]
fn why_after_a_gdelt_query_shows_the_source_url() {
    let file = fixture("disputes.export.CSV");
    let mut sh = Shell::start(&["--load", file.to_str().unwrap()]);
    sh.line("MATCH (a)-[r:DENIES]->(b) WHERE named(b, 'russia') RETURN r;");
    sh.expect("1 row");
    sh.line(":why");
    let out = sh.expect("  source:  other.example.org");
    assert!(out.contains("(UNITED STATES)-[:DENIES]->(RUSSIA)"), "{out}");
    assert!(out.contains("  date:    2020-11-05"), "{out}");
    assert!(
        out.contains("  url:     https://other.example.org/denial-1"),
        "{out}"
    );
    sh.line(":disputes 7d");
    let out = sh.expect("1 row");
    assert!(
        out.contains("https://news.example.com/accusation-1"),
        "{out}"
    );
    sh.line(":quit");
}
