//! Names: `named(node, text)` (a name or any alias, under Unicode case folding), the name seek
//! the planner puts in place of a label scan (same rows with and without it, through writes
//! and rollbacks), names and aliases from a GDELT file, and "did you mean" for an equality that
//! matches nothing.

use relq::{Database, Value};
use std::path::Path;

fn query(db: &mut Database, q: &str) -> relq::QueryResult {
    db.query(q)
        .unwrap_or_else(|e| panic!("{q}: {}", e.render(q, "query")))
}

fn strings(db: &mut Database, q: &str) -> Vec<String> {
    query(db, q)
        .rows
        .into_iter()
        .map(|r| match &r[0] {
            Value::String(s) => s.to_string(),
            other => panic!("{q}: expected a string, got {other:?}"),
        })
        .collect()
}

fn plan_text(db: &mut Database, q: &str) -> String {
    let result = query(db, &format!("EXPLAIN {q}"));
    let plan = result.plan.expect("EXPLAIN gives a plan");
    format!("{plan:?}")
}

#[test]
fn named_matches_the_name_or_any_alias_in_any_case() {
    let mut db = Database::with_seed();
    let cases = [
        ("kremlin", vec!["Russia"]),
        ("KREMLIN", vec!["Russia"]),
        ("The Russians", vec!["Russia"]),
        ("russia", vec!["Russia"]),
        ("putin", vec!["Vladimir Putin"]),
        ("the u.s.", vec!["United States"]),
        ("britain", vec!["United Kingdom"]),
        ("Rusia", vec![]),
        ("", vec![]),
    ];
    for (text, want) in cases {
        db.params.insert("t".into(), Value::str(text));
        let got = strings(
            &mut db,
            "MATCH (a:Actor) WHERE named(a, $t) RETURN a.name ORDER BY a.name",
        );
        assert_eq!(got, want, "named(a, {text:?})");
    }
    // Null in, null out; the wrong types are errors that say what was expected.
    let r = query(
        &mut db,
        "MATCH (a:Actor {name: 'Russia'}) RETURN named(a, null), named(null, 'x')",
    );
    assert_eq!(r.rows, vec![vec![Value::Null, Value::Null]]);
    let e = db
        .query("MATCH (a:Actor {name: 'Russia'}) RETURN named(a, 1)")
        .unwrap_err();
    assert!(e.to_string().contains("named() expects a String"), "{e}");
    let e = db.query("RETURN named('Russia', 'x')").unwrap_err();
    assert!(e.to_string().contains("named() expects a Node"), "{e}");
    let e = db.query("RETURN named(1)").unwrap_err();
    assert!(e.to_string().contains("takes 2 arguments"), "{e}");
}

#[test]
fn unicode_case_folding_not_just_ascii() {
    let mut db = Database::new();
    query(
        &mut db,
        "CREATE (:Actor {name: 'Straße', aliases: ['ΣΊΣΥΦΟΣ', 'İstanbul']})",
    );
    for text in ["STRASSE", "strasse", "σίσυφος", "ΣΊΣΥΦΟΣ"] {
        db.params.insert("t".into(), Value::str(text));
        assert_eq!(
            strings(&mut db, "MATCH (a:Actor) WHERE named(a, $t) RETURN a.name"),
            vec!["Straße"],
            "{text}"
        );
    }
}

#[test]
fn the_planner_seeks_by_name_and_explain_shows_it() {
    let mut db = Database::with_seed();
    let plan = plan_text(
        &mut db,
        "MATCH (a:Actor) WHERE named(a, 'kremlin') RETURN a.name",
    );
    assert!(plan.contains("NodeByNameSeek"), "{plan}");
    // The node a pattern starts from when its name is known.
    let plan = plan_text(
        &mut db,
        "MATCH (a:Actor)-[:ACCUSES]->(b:Actor) WHERE named(b, 'Kremlin') RETURN a.name",
    );
    assert!(plan.contains("NodeByNameSeek"), "{plan}");
    assert!(plan.contains("b:Actor named 'Kremlin'"), "{plan}");
    // A far end pinned by label and name (the named_seek rule): sought, then Expand(Into).
    let plan = plan_text(
        &mut db,
        "MATCH (a:Actor {name: 'FBI'}) MATCH (a)-[:ACCUSES]->(b) WHERE b:Actor AND named(b, 'kremlin') RETURN b.name",
    );
    assert!(plan.contains("NodeByNameSeek"), "{plan}");
    assert!(plan.contains("Expand(Into)"), "{plan}");
    // Not a literal or parameter: no seek.
    let plan = plan_text(
        &mut db,
        "MATCH (x:Actor {name: 'Russia'}) MATCH (a:Actor) WHERE named(a, x.name) RETURN a.name",
    );
    assert!(!plan.contains("NodeByNameSeek"), "{plan}");
}

/// The same question asked so that the name index serves it, and so that no rule can use it
/// (the call after a WITH filters rows already made), in the batch and the row engine.
fn same_with_and_without_the_index(db: &mut Database, texts: &[&str]) {
    let seek_queries = [
        "MATCH (a:Actor) WHERE named(a, $t) RETURN a.name AS n",
        "MATCH (a:Actor)-[r]->(b:Actor) WHERE named(b, $t) RETURN a.name + '>' + b.name AS n",
        "MATCH (a:Actor) MATCH (a)-[r]->(b) WHERE b:Actor AND named(b, $t) RETURN a.name + '>' + b.name AS n",
    ];
    let scan_queries = [
        "MATCH (a:Actor) WITH a WHERE named(a, $t) RETURN a.name AS n",
        "MATCH (a:Actor)-[r]->(b:Actor) WITH a, b WHERE named(b, $t) RETURN a.name + '>' + b.name AS n",
        "MATCH (a:Actor)-[r]->(b) WITH a, b WHERE b:Actor AND named(b, $t) RETURN a.name + '>' + b.name AS n",
    ];
    for batch in [true, false] {
        relq::set_batch_execution(batch);
        for text in texts {
            db.params.insert("t".into(), Value::str(text));
            for (seek, scan) in seek_queries.iter().zip(scan_queries) {
                assert!(plan_text(db, seek).contains("NodeByNameSeek"), "{seek}");
                assert!(!plan_text(db, scan).contains("NodeByNameSeek"), "{scan}");
                let mut a = strings(db, seek);
                let mut b = strings(db, scan);
                a.sort();
                b.sort();
                assert_eq!(a, b, "{text:?}: {seek}");
            }
        }
    }
    relq::set_batch_execution(true);
}

#[test]
fn answers_are_the_same_with_and_without_the_index_through_changes() {
    let mut db = Database::with_seed();
    let texts = [
        "kremlin", "RUSSIA", "putin", "us", "America", "fbi", "Moscow", "nobody", "",
    ];
    same_with_and_without_the_index(&mut db, &texts);
    // Writes after the index was built: new aliases, a new node, a removed alias list, a
    // label taken away and given back, a renamed node, a deleted node.
    for write in [
        "MATCH (a:Actor {name: 'Russia'}) SET a.aliases = a.aliases + 'Moscow'",
        "CREATE (:Actor:City {name: 'Moscow', aliases: ['the capital']})",
        "MATCH (a:Actor {name: 'United States'}) REMOVE a.aliases",
        "MATCH (a:Actor {name: 'FBI'}) REMOVE a:Actor",
        "MATCH (a:Organization {name: 'FBI'}) SET a:Actor, a.name = 'F.B.I.', a.aliases = ['the Bureau']",
        "MATCH (a:City) DETACH DELETE a",
    ] {
        query(&mut db, write);
        same_with_and_without_the_index(&mut db, &texts);
        same_with_and_without_the_index(&mut db, &["the bureau", "F.B.I.", "the capital"]);
    }
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a:Actor) WHERE named(a, 'moscow') RETURN a.name"
        ),
        vec!["Russia"]
    );
    // A statement that fails is rolled back, and the index with it.
    let failing =
        "MATCH (a:Actor {name: 'Russia'}) SET a.aliases = ['Rossiya'] WITH a RETURN 1 / 0";
    assert!(db.query(failing).is_err());
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a:Actor) WHERE named(a, 'kremlin') RETURN a.name"
        ),
        vec!["Russia"]
    );
    assert!(strings(
        &mut db,
        "MATCH (a:Actor) WHERE named(a, 'rossiya') RETURN a.name"
    )
    .is_empty());
}

#[test]
fn gdelt_names_and_aliases_are_found_in_any_case() {
    let mut db = Database::new();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gdelt/small.export.CSV");
    db.load_files(&[file]).expect("the fixture loads");
    let codes = |db: &mut Database, text: &str| {
        db.params.insert("t".into(), Value::str(text));
        strings(
            db,
            "MATCH (a:Actor) WHERE named(a, $t) RETURN a.code ORDER BY a.code",
        )
    };
    // The surface names GDELT gave the codes, as aliases: upper case in the file.
    assert_eq!(codes(&mut db, "Kremlin"), vec!["RUSGOV"]);
    assert_eq!(codes(&mut db, "vladimir putin"), vec!["RUSGOV"]);
    assert_eq!(codes(&mut db, "White House"), vec!["USAGOV"]);
    assert_eq!(codes(&mut db, "the russian"), Vec::<String>::new());
    assert_eq!(codes(&mut db, "Russian"), vec!["RUSGOV"]);
    assert_eq!(codes(&mut db, "russia"), vec!["RUS"]);
    assert_eq!(codes(&mut db, "Rusia"), Vec::<String>::new());
    // Who accused the United States, by any of the accused's names.
    let accusers = strings(
        &mut db,
        "MATCH (a:Actor)-[:ACCUSES]->(b:Actor) WHERE named(b, 'united states') RETURN DISTINCT a.code ORDER BY a.code",
    );
    assert_eq!(accusers, vec!["RUSGOV"]);
}

fn warnings(db: &mut Database, q: &str) -> Vec<(String, Option<String>, String)> {
    let r = query(db, q);
    r.warnings
        .iter()
        .map(|w| {
            (
                w.message.clone(),
                w.help.clone(),
                q[w.span.start..w.span.end].to_string(),
            )
        })
        .collect()
}

#[test]
fn did_you_mean_a_close_value_or_an_alias_when_nothing_matched() {
    let mut db = Database::with_seed();
    let w = warnings(&mut db, "MATCH (a:Actor {name: 'Rusia'}) RETURN a");
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].0, "no Actor has name 'Rusia'; did you mean 'Russia'?");
    assert_eq!(w[0].2, "'Rusia'", "the caret is on the literal");

    let w = warnings(&mut db, "MATCH (a:Actor) WHERE a.name = 'Kremlin' RETURN a");
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(
        w[0].0,
        "no Actor has name 'Kremlin'; did you mean 'Russia'?"
    );
    let help = w[0].1.as_deref().unwrap_or("");
    assert!(help.contains("'Kremlin' is an alias of 'Russia'"), "{help}");
    assert!(help.contains("named(a, 'Kremlin')"), "{help}");
    assert_eq!(w[0].2, "'Kremlin'");

    let w = warnings(
        &mut db,
        "MATCH (x)-[:ACCUSES]->(b:Actor {name: 'russia'}) RETURN x",
    );
    assert_eq!(w[0].0, "no Actor has name 'russia'; did you mean 'Russia'?");

    // Close to an alias only: the node it belongs to.
    let w = warnings(&mut db, "MATCH (a:Actor {name: 'Kremlim'}) RETURN a");
    assert_eq!(
        w[0].0,
        "no Actor has name 'Kremlim'; did you mean 'Russia'?"
    );

    // A parameter, and another property than the name.
    db.params.insert("k".into(), Value::str("contry"));
    let w = warnings(&mut db, "MATCH (a:Actor) WHERE a.kind = $k RETURN a");
    assert_eq!(
        w[0].0,
        "no Actor has kind 'contry'; did you mean 'country'?"
    );
    assert_eq!(w[0].2, "$k");
}

#[test]
fn no_warning_when_rows_are_found_or_the_value_exists() {
    let mut db = Database::with_seed();
    for q in [
        // Rows found.
        "MATCH (a:Actor {name: 'Russia'}) RETURN a.name",
        "MATCH (a:Actor) WHERE a.name = 'Russia' OR a.name = 'Rusia' RETURN a.name",
        // No rows, but every value asked for exists: something else did not match.
        "MATCH (a:Actor {name: 'Russia'})-[:ACCUSES]->(b:Actor {name: 'FBI'}) RETURN a",
        // Nothing close.
        "MATCH (a:Actor {name: 'Atlantis'}) RETURN a",
        // No label to look in.
        "MATCH (a {name: 'Rusia'}) RETURN a",
        // A write: no rows to judge by.
        "MATCH (a:Actor {name: 'Rusia'}) SET a.x = 1",
    ] {
        let w = warnings(&mut db, q);
        assert!(w.is_empty(), "{q}: {w:?}");
    }
}

#[test]
fn the_command_line_prints_the_warning_with_a_caret() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["-c", "MATCH (a:Actor {name: 'Rusia'}) RETURN a.name"])
        .output()
        .expect("relq runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: no Actor has name 'Rusia'; did you mean 'Russia'?"),
        "{err}"
    );
    assert!(
        err.contains("1 | MATCH (a:Actor {name: 'Rusia'}) RETURN a.name"),
        "{err}"
    );
    assert!(err.contains("                       ^^^^^^^"), "{err}");
}
