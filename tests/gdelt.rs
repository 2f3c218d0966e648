//! The GDELT import: hand-made files in `tests/fixtures/gdelt/` for exact answers and edge
//! cases (`lookups/` holds hand-made CAMEO lookup files in their format, with their own
//! wording), the CAMEO mapping of `data/cameo/` against GDELT's published lookups, and the real
//! GDELT exports of the shared test data (`RELQ_GDELT_DATA`, else `../shared/data/real/gdelt`
//! from the crate root), whose tests say so and pass when the folder is absent.

use relq::import::gdelt;
use relq::{Database, LoadFormat, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gdelt")
        .join(name)
}

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("RELQ_GDELT_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/gdelt"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: no GDELT test data at {} (set RELQ_GDELT_DATA to its folder)",
            dir.display()
        );
        None
    }
}

fn rows(db: &mut Database, q: &str) -> Vec<Vec<Value>> {
    db.query(q)
        .unwrap_or_else(|e| panic!("{q}: {}", e.render(q, "query")))
        .rows
}

fn int(db: &mut Database, q: &str) -> i64 {
    match rows(db, q)[0][0] {
        Value::Int(n) => n,
        ref other => panic!("{q}: expected an integer, got {other:?}"),
    }
}

fn strings(db: &mut Database, q: &str) -> Vec<String> {
    rows(db, q)
        .into_iter()
        .map(|r| match &r[0] {
            Value::String(s) => s.to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

fn loaded(files: &[PathBuf]) -> Database {
    let mut db = Database::new();
    db.load_files(files)
        .unwrap_or_else(|e| panic!("load failed: {e}"));
    db
}

#[test]
fn a_small_export_loads_to_exact_actors_and_events() {
    let mut db = Database::new();
    db.set_cameo_dir(Some(&fixture("lookups"))).unwrap();
    let stats = db.load_files(&[fixture("small.export.CSV")]).unwrap();
    // 5 actors, 5 events (rows 1 and 2 are one event), 2 PART_OF.
    assert_eq!(stats.nodes_created, 5);
    assert_eq!(stats.rels_created, 7);
    let notes = db.take_load_notes();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].ends_with(
            "9 rows: 5 events (1 repeated report merged), 5 actors new, 0 already in the graph, 2 PART_OF; skipped: 1 row with no actor on one side, 2 rows for their CAMEO code (0 ×1, 999 ×1)"
        ),
        "{}",
        notes[0]
    );
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a:Actor) RETURN a.code + ' ' + a.name + ' ' + labels(a)[1] ORDER BY a.code"
        ),
        [
            "IGOEUREEC The Union (test wording) Organization",
            "RUS Rossiya Country",
            "RUSGOV Rossiya Rulers Organization",
            "USA Amerika Country",
            "USAGOV Amerika Rulers Organization",
        ]
    );
    assert_eq!(
        rows(
            &mut db,
            "MATCH (a:Actor {code: 'RUSGOV'}) RETURN a.aliases, a.country, a.types, a.kind"
        )[0],
        vec![
            Value::List(vec![
                Value::from("VLADIMIR PUTIN"),
                Value::from("KREMLIN"),
                Value::from("RUSSIAN")
            ]),
            Value::from("RUS"),
            Value::List(vec![Value::from("GOV")]),
            Value::from("organization"),
        ]
    );
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[:PART_OF]->(c) RETURN a.code + '->' + c.code ORDER BY a.code"
        ),
        ["RUSGOV->RUS", "USAGOV->USA"]
    );
    // The merged event: two reports, both ids, the first report's numbers.
    let r = rows(
        &mut db,
        "MATCH (:Actor {code: 'RUSGOV'})-[r:ACCUSES]->(:Actor {code: 'USA'})
         WHERE r.source_url = 'https://example.com/a'
         RETURN r.reports, r.event_ids, r.event_id, r.date = date('2020-11-13'), r.cameo,
                r.cameo_description, r.quad_class, r.goldstein, r.mentions, r.sources,
                r.articles, r.tone, r.place, r.place_country, r.lat, r.long,
                r.date_added = datetime('2020-11-13T12:00:00Z')",
    );
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0],
        vec![
            Value::Int(2),
            Value::List(vec![Value::Int(1), Value::Int(2)]),
            Value::Int(1),
            Value::Bool(true),
            Value::from("1121"),
            Value::from("Blames for a crime, test wording"),
            Value::Int(3),
            Value::Float(-2.0),
            Value::Int(10),
            Value::Int(2),
            Value::Int(10),
            Value::Float(-3.5),
            Value::from("Moscow, Moscow City, Russia"),
            Value::from("RS"),
            Value::Float(55.75),
            Value::Float(37.6167),
            Value::Bool(true),
        ]
    );
    // Types by the mapping table: 1121 and 112 ACCUSES, 016 DENIES, 036 PROPOSES.
    assert_eq!(
        strings(
            &mut db,
            "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' RETURN type(r) + ' ' + r.cameo ORDER BY r.event_id"
        ),
        [
            "ACCUSES 1121",
            "DENIES 016",
            "PROPOSES 036",
            "ACCUSES 112",
            "ACCUSES 1121"
        ]
    );
    // An event without coordinates has none (not 0).
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r:PROPOSES]->() WHERE r.lat IS NULL AND r.long IS NULL RETURN count(r)"
        ),
        1
    );
    // Dates are dates: "who accused Russia or a part of it, in November 2020".
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[r:ACCUSES]->(b)-[:PART_OF*0..1]->(:Actor {code: 'USA'})
             WHERE r.date >= date('2020-11-01') AND r.date < date('2020-12-01')
             RETURN DISTINCT a.name ORDER BY a.name"
        ),
        ["Rossiya", "Rossiya Rulers"]
    );
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r:ACCUSES]->() WHERE r.date.day = 13 RETURN sum(r.reports)"
        ),
        3
    );
}

#[test]
fn without_lookups_names_come_from_the_rows_and_events_have_no_description() {
    let mut db = loaded(&[fixture("small.export.CSV")]);
    // The surface name seen most often, as the rows write it (the first seen on a tie).
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a:Actor) RETURN a.code + ' ' + a.name + ' ' + labels(a)[1] ORDER BY a.code"
        ),
        [
            "IGOEUREEC EUROPEAN UNION Organization",
            "RUS RUSSIA Country",
            "RUSGOV VLADIMIR PUTIN Organization",
            "USA UNITED STATES Country",
            "USAGOV WHITE HOUSE Organization",
        ]
    );
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' AND r.cameo IS NOT NULL AND r.cameo_description IS NULL RETURN count(r)"
        ),
        5
    );
}

#[test]
fn lookup_files_are_read_and_a_bad_one_names_its_file_and_line() {
    // Lookups given after a load change nothing already loaded; they serve the next loads.
    let mut db = loaded(&[fixture("small.export.CSV")]);
    db.set_cameo_dir(Some(&fixture("lookups"))).unwrap();
    db.load_files(&[fixture("next_day.export.CSV")]).unwrap();
    assert_eq!(
        strings(
            &mut db,
            "MATCH ()-[r]->() WHERE r.cameo_description IS NOT NULL RETURN r.cameo + ' ' + r.cameo_description"
        ),
        ["112 Blames (test wording)"]
    );
    let err = Database::new()
        .set_cameo_dir(Some(&fixture("bad_lookups")))
        .unwrap_err();
    assert!(err.starts_with("LoadError: "), "{err}");
    assert!(
        err.contains("CAMEO.country.txt:3: expected a code, a tab and its text, found 'USA'"),
        "{err}"
    );
    let err = Database::new()
        .set_cameo_dir(Some(&fixture("no_such_folder")))
        .unwrap_err();
    assert!(err.contains("expected GDELT's CAMEO lookup files"), "{err}");
    // A later set_cameo_dir(None) forgets them.
    let mut db = Database::new();
    db.set_cameo_dir(Some(&fixture("lookups"))).unwrap();
    db.set_cameo_dir(None).unwrap();
    db.load_files(&[fixture("small.export.CSV")]).unwrap();
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r]->() WHERE r.cameo_description IS NOT NULL RETURN count(r)"
        ),
        0
    );
}

#[test]
fn errors_name_the_file_and_line_and_load_nothing() {
    for (file, expected) in [
        (
            "short_row.export.CSV",
            "short_row.export.CSV:2: expected 61 tab-separated fields (a GDELT 2.0 event export), found 40",
        ),
        (
            "bad_date.export.CSV",
            "bad_date.export.CSV:3: expected SQLDATE as a date YYYYMMDD, found '20201332'",
        ),
        (
            "missing_field.export.CSV",
            "missing_field.export.CSV:1: expected NumMentions (a whole number), found an empty field",
        ),
    ] {
        let mut db = Database::with_seed();
        let (nodes, rels) = (db.graph.node_count(), db.graph.rel_count());
        let err = db.load_files(&[fixture(file)]).unwrap_err();
        assert!(err.starts_with("LoadError: "), "{err}");
        assert!(err.contains(expected), "{err}\nexpected: {expected}");
        assert_eq!((db.graph.node_count(), db.graph.rel_count()), (nodes, rels));
        assert!(db.take_load_notes().is_empty());
        assert_eq!(int(&mut db, "MATCH (a:Actor {code: 'RUSGOV'}) RETURN count(a)"), 0);
    }
}

#[test]
fn gdelt_1_daily_files_and_dyads_files_load() {
    let mut db = loaded(&[fixture("daily_v1.CSV")]);
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[r:ACCUSES]->(b) RETURN a.code + ' ' + b.code + ' ' + toString(r.date) + ' ' + r.place + ' ' + r.source_url ORDER BY r.event_id"
        ),
        [
            "RUSGOV USA 2020-11-13 Moscow, Moscow City, Russia https://example.com/a",
            "RUS USAGOV 2020-11-15 Moscow, Moscow City, Russia https://example.com/f"
        ]
    );
    // GDELT 1.0's DATEADDED is a day.
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r:ACCUSES]->() WHERE r.date_added = date('2020-11-13') RETURN count(r)"
        ),
        2
    );
    let mut db = loaded(&[fixture("daily_v1_no_url.CSV")]);
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r:ACCUSES]->() WHERE r.source_url IS NULL AND r.lat = 55.75 RETURN count(r)"
        ),
        1
    );
    let mut db = loaded(&[fixture("dyads_small.csv")]);
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[r:ACCUSES]->(b) RETURN a.code + ' ' + b.code + ' ' + toString(r.date) ORDER BY r.event_id"
        ),
        ["RUSGOV USA 2020-11-13", "RUS USAGOV 2020-11-15"]
    );
}

#[test]
fn a_zipped_export_loads_as_the_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let zipped = dir.path().join("20201113.export.CSV.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zipped).unwrap());
    zip.start_file(
        "20201113.export.CSV",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    zip.write_all(&std::fs::read(fixture("small.export.CSV")).unwrap())
        .unwrap();
    zip.finish().unwrap();
    let q = "MATCH (a)-[r]->(b) RETURN a.code + ' ' + type(r) + ' ' + b.code + ' ' + toString(r.reports) ORDER BY r.event_id, a.code";
    let plain = strings(&mut loaded(&[fixture("small.export.CSV")]), q);
    assert_eq!(
        strings(&mut loaded(std::slice::from_ref(&zipped)), q),
        plain
    );

    // A zip without one export inside is an error naming it.
    let empty = dir.path().join("empty.zip");
    zip::ZipWriter::new(std::fs::File::create(&empty).unwrap())
        .finish()
        .unwrap();
    let err = Database::new().load_files(&[&empty]).unwrap_err();
    assert!(
        err.contains("expected a zip archive holding one GDELT export, found 0 files"),
        "{err}"
    );
    // Bytes that are not a zip.
    let bad = dir.path().join("bad.zip");
    std::fs::write(&bad, b"not a zip").unwrap();
    let err = Database::new().load_files(&[&bad]).unwrap_err();
    assert!(
        err.contains("bad.zip: expected a zip archive holding a GDELT export"),
        "{err}"
    );
}

#[test]
fn as_gdelt_reads_a_file_of_any_name_and_explains_what_it_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("events.tsv");
    std::fs::copy(fixture("small.export.CSV"), &renamed).unwrap();
    let mut db = Database::new();
    let err = db.load_files(&[&renamed]).unwrap_err();
    assert!(err.contains("unknown data format `.tsv`"), "{err}");
    db.load_files_as(&[&renamed], Some(LoadFormat::Gdelt))
        .unwrap();
    assert_eq!(int(&mut db, "MATCH ()-[r:ACCUSES]->() RETURN count(r)"), 3);

    let other = dir.path().join("nodes.csv");
    std::fs::write(&other, "id:ID,name\n1,a\n").unwrap();
    let err = Database::new()
        .load_files_as(&[&other], Some(LoadFormat::Gdelt))
        .unwrap_err();
    assert!(
        err.contains("nodes.csv:1: expected a GDELT event export"),
        "{err}"
    );
    // Without --as the same file is a Neo4j nodes file.
    Database::new().load_files(&[&other]).unwrap();
}

#[test]
fn a_second_file_reuses_the_actors_and_events_already_in_the_graph() {
    let mut db = loaded(&[fixture("small.export.CSV")]);
    db.take_load_notes();
    let stats = db.load_files(&[fixture("next_day.export.CSV")]).unwrap();
    // One new actor (CHN), two new events; RUSGOV, USAGOV, USA, RUS reused.
    assert_eq!((stats.nodes_created, stats.rels_created), (1, 2));
    assert_eq!(
        int(
            &mut db,
            "MATCH (a:Actor) WITH a.code AS c, count(*) AS n WHERE n > 1 RETURN count(c)"
        ),
        0
    );
    assert_eq!(
        int(
            &mut db,
            "MATCH (:Actor {code: 'RUSGOV'})-[r:PART_OF]->() RETURN count(r)"
        ),
        1
    );
    let notes = db.take_load_notes();
    assert!(
        notes[0].ends_with(
            "4 rows: 2 events (0 repeated reports merged), 1 actor new, 4 already in the graph, 0 PART_OF, 1 report of events already in the graph, 1 row loaded before (the same event id); skipped: 0 rows with no actor on one side"
        ),
        "{notes:?}"
    );
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[r:ACCUSES]->(b) RETURN a.code + ' ' + b.code + ' ' + toString(r.date) + ' ' + toString(r.reports) + ' ids' + reduce(s = '', i IN r.event_ids | s + ' ' + toString(i)) ORDER BY r.event_id"
        ),
        [
            "RUSGOV USA 2020-11-13 3 ids 1 2 11",
            "RUS USAGOV 2020-11-15 1 ids 7",
            "RUSGOV USA 2020-11-13 1 ids 8",
            "USAGOV RUSGOV 2020-11-16 1 ids 10",
            "CHN USA 2020-11-16 1 ids 12",
        ]
    );
    // The new surface name joins the actor's aliases.
    assert_eq!(
        rows(&mut db, "MATCH (a:Actor {code: 'USAGOV'}) RETURN a.aliases")[0][0],
        Value::List(vec![Value::from("WHITE HOUSE"), Value::from("JOE BIDEN")])
    );
}

#[test]
fn loading_the_same_file_again_changes_no_count() {
    let mut db = loaded(&[fixture("small.export.CSV")]);
    let q = "MATCH (a)-[r]->(b) RETURN a.code + ' ' + type(r) + ' ' + b.code + ' ' + coalesce(toString(r.reports), '') ORDER BY a.code, type(r), b.code, r.event_id";
    let before = strings(&mut db, q);
    let (nodes, rels) = (db.graph.node_count(), db.graph.rel_count());
    db.load_files(&[fixture("small.export.CSV")]).unwrap();
    assert_eq!((db.graph.node_count(), db.graph.rel_count()), (nodes, rels));
    assert_eq!(strings(&mut db, q), before);
    assert!(db.take_load_notes()[1].contains("0 events (1 repeated report merged), 0 actors new, 5 already in the graph, 0 PART_OF, 6 rows loaded before (the same event id)"));
}

/// GDELT's published lookup `CAMEO.eventcodesfull.txt` (or another of them): code → label,
/// the label unquoted and trimmed.
fn lookup(path: &Path) -> BTreeMap<String, String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].trim().to_string(), r[1].trim().to_string())
        })
        .collect()
}

#[test]
fn the_cameo_mapping_covers_gdelts_lookups() {
    // Without the lookups: the table is whole and every code but "0" has a type.
    let codes: Vec<_> = gdelt::event_codes().collect();
    assert!(codes.len() > 280, "{}", codes.len());
    for c in &codes {
        assert_eq!(c.rel_type.is_none(), c.code == "0", "{c:?}");
    }
    let Some(dir) = shared() else { return };
    let lookups = dir.join("lookups");
    if !lookups.is_dir() {
        eprintln!("skipped: no {}", lookups.display());
        return;
    }
    let ours: HashSet<&str> = codes.iter().map(|c| c.code).collect();
    let theirs = lookup(&lookups.join("CAMEO.eventcodesfull.txt"));
    for code in theirs.keys() {
        assert!(
            ours.contains(code.as_str()),
            "event code {code} has no mapping in data/cameo/eventcodes.tsv"
        );
    }
    let ours: HashSet<&str> = gdelt::actor_types().map(|t| t.code).collect();
    for code in lookup(&lookups.join("CAMEO.actortype.txt")).keys() {
        assert!(
            ours.contains(code.as_str()),
            "actor type {code} has no label in data/cameo/actortypes.tsv"
        );
    }
    let ours: HashSet<&str> = gdelt::places().map(|p| p.0).collect();
    for code in lookup(&lookups.join("CAMEO.country.txt")).keys() {
        assert!(
            ours.contains(code.as_str()),
            "place {code} has no kind in data/cameo/countries.tsv"
        );
    }
    // Read at load time, the lookups give every event its description and actors their names.
    let mut db = Database::new();
    db.set_cameo_dir(Some(&lookups)).unwrap();
    db.load_files(&[dir.join("20191024143000.export.CSV")])
        .unwrap();
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' AND r.cameo_description IS NULL RETURN count(r)"
        ),
        0
    );
    for row in rows(
        &mut db,
        "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' RETURN DISTINCT r.cameo, r.cameo_description",
    ) {
        let (Value::String(code), Value::String(text)) = (&row[0], &row[1]) else {
            panic!("{row:?}");
        };
        assert_eq!(Some(&text.to_string()), theirs.get(&code.to_string()));
    }
    let countries = lookup(&lookups.join("CAMEO.country.txt"));
    assert_eq!(
        strings(&mut db, "MATCH (a:Actor {code: 'USA'}) RETURN a.name"),
        [countries["USA"].clone()]
    );
}

/// What the importer should make of a real export, computed from its raw rows here.
struct Expected {
    rows: usize,
    one_sided: usize,
    /// Distinct (actor1, actor2, code, day, url) of two-sided rows: the events.
    events: HashSet<(String, String, String, String, String)>,
    /// Rows by (actor2 code) for accusation codes (112x, 114, 115, 116), two-sided.
    accusations_against: HashMap<String, usize>,
    accusation_events_against: HashMap<String, HashSet<(String, String, String, String)>>,
    actors: HashSet<String>,
}

fn expected(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path).unwrap();
    let mut e = Expected {
        rows: 0,
        one_sided: 0,
        events: HashSet::new(),
        accusations_against: HashMap::new(),
        accusation_events_against: HashMap::new(),
        actors: HashSet::new(),
    };
    for line in text.lines().filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 61, "{}", path.display());
        e.rows += 1;
        let (a1, a2, code, day, url) = (f[5], f[15], f[26], f[1], f[60]);
        if a1.is_empty() || a2.is_empty() {
            e.one_sided += 1;
            continue;
        }
        e.actors.insert(a1.into());
        e.actors.insert(a2.into());
        for (code_at, country_at) in [(5, 7), (15, 17)] {
            if !f[country_at].is_empty() && f[country_at] != f[code_at] {
                e.actors.insert(f[country_at].into());
            }
        }
        e.events
            .insert((a1.into(), a2.into(), code.into(), day.into(), url.into()));
        if code.starts_with("112") || ["114", "115", "116"].contains(&code) {
            *e.accusations_against.entry(a2.into()).or_default() += 1;
            e.accusation_events_against
                .entry(a2.into())
                .or_default()
                .insert((a1.into(), code.into(), day.into(), url.into()));
        }
    }
    e
}

#[test]
fn the_real_exports_load_as_their_raw_rows_say() {
    let Some(dir) = shared() else { return };
    for name in [
        "20151027220000.export.CSV",
        "20190121220000.export.CSV",
        "20191024143000.export.CSV",
    ] {
        let path = dir.join(name);
        let e = expected(&path);
        let mut db = Database::new();
        db.load_files(&[&path]).unwrap();
        let notes = db.take_load_notes();
        assert!(
            notes[0].contains(&format!("{} rows: {} events", e.rows, e.events.len())),
            "{name}: {notes:?}"
        );
        assert!(
            notes[0].contains(&format!("skipped: {} row", e.one_sided)),
            "{name}: {notes:?}"
        );
        assert_eq!(
            int(
                &mut db,
                "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' RETURN count(r)"
            ) as usize,
            e.events.len(),
            "{name}"
        );
        assert_eq!(
            int(
                &mut db,
                "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' RETURN sum(r.reports)"
            ) as usize,
            e.rows - e.one_sided,
            "{name}: every two-sided row is one report"
        );
        assert_eq!(
            int(&mut db, "MATCH (a:Actor) RETURN count(a)") as usize,
            e.actors.len(),
            "{name}"
        );
        // Who accused Russia (the code RUS itself)?
        let against = |code: &str| {
            (
                e.accusation_events_against.get(code).map_or(0, |s| s.len()),
                e.accusations_against.get(code).copied().unwrap_or(0),
            )
        };
        assert!(
            against("USA").0 > 0,
            "{name}: the sample has accusations against the USA"
        );
        for code in ["RUS", "USA", "RUSGOV"] {
            let q = format!(
                "MATCH (:Actor)-[r:ACCUSES]->(:Actor {{code: '{code}'}}) RETURN count(r), coalesce(sum(r.reports), 0)"
            );
            let got = rows(&mut db, &q);
            assert_eq!(
                (got[0][0].clone(), got[0][1].clone()),
                (
                    Value::Int(against(code).0 as i64),
                    Value::Int(against(code).1 as i64)
                ),
                "{name}: accusations against {code}"
            );
        }
        // No actor code twice, every event dated.
        assert_eq!(
            int(
                &mut db,
                "MATCH (a:Actor) WITH a.code AS c, count(*) AS n WHERE n > 1 RETURN count(c)"
            ),
            0
        );
        assert_eq!(
            int(
                &mut db,
                "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' AND r.date IS NULL RETURN count(r)"
            ),
            0
        );
    }
}

#[test]
fn the_three_real_exports_load_together_without_duplicating_actors() {
    let Some(dir) = shared() else { return };
    let files: Vec<PathBuf> = [
        "20151027220000.export.CSV",
        "20190121220000.export.CSV",
        "20191024143000.export.CSV",
    ]
    .iter()
    .map(|n| dir.join(n))
    .collect();
    let mut all = HashSet::new();
    let mut events = 0;
    for f in &files {
        let e = expected(f);
        all.extend(e.actors);
        events += e.events.len();
    }
    let mut db = loaded(&files);
    assert_eq!(
        int(&mut db, "MATCH (a:Actor) RETURN count(a)") as usize,
        all.len()
    );
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' RETURN count(r)"
        ) as usize,
        events
    );
}

#[test]
fn the_real_dyads_files_load() {
    let Some(dir) = shared() else { return };
    let path = dir.join("dyads_20201113.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut rows_n = 0;
    let mut events = HashSet::new();
    let (mut against_russia, mut reports_against_russia) = (HashSet::new(), 0);
    for r in reader.records() {
        let r = r.unwrap();
        rows_n += 1;
        let code = &r[27];
        if &r[16] == "RUS" && (code.starts_with("112") || ["114", "115", "116"].contains(&code)) {
            reports_against_russia += 1;
            against_russia.insert((r[6].to_string(), code.to_string(), r[61].to_string()));
        }
        events.insert((
            r[6].to_string(),
            r[16].to_string(),
            r[27].to_string(),
            r[2].to_string(),
            r[61].to_string(),
        ));
    }
    let mut db = loaded(&[path]);
    let notes = db.take_load_notes();
    assert!(
        notes[0].contains(&format!("{rows_n} rows: {} events", events.len())),
        "{notes:?}"
    );
    assert_eq!(
        int(
            &mut db,
            "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' RETURN count(r)"
        ) as usize,
        events.len()
    );
    // Who accused Russia on 2020-11-13 (every row of the file is of that day)?
    assert!(!against_russia.is_empty());
    let got = rows(
        &mut db,
        "MATCH (a)-[r:ACCUSES]->(:Actor {code: 'RUS'}) WHERE r.date = date('2020-11-13')
         RETURN count(r), sum(r.reports), count(DISTINCT a)",
    );
    let accusers: HashSet<&String> = against_russia.iter().map(|(a, _, _)| a).collect();
    assert_eq!(
        got[0],
        vec![
            Value::Int(against_russia.len() as i64),
            Value::Int(reports_against_russia),
            Value::Int(accusers.len() as i64)
        ]
    );
}

mod never_panics {
    use super::fixture;
    use proptest::prelude::*;
    use relq::import::gdelt::load_gdelt;

    const ODD: &[&str] = &[
        "",
        "x",
        "-1",
        "0",
        "99999999999999999999",
        "20200230",
        "2020",
        "NaN",
        "inf",
        "1e309",
        "\u{0}",
        "é\u{301}",
        "\"",
        "a\"b",
        ",",
        "RUSGOV",
        "112",
    ];

    /// A change to the small export: a field replaced, the file cut, or bytes inserted.
    #[derive(Debug, Clone)]
    enum Change {
        Field(usize, usize, &'static str),
        Cut(usize),
        Insert(usize, Vec<u8>),
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            (0..9usize, 0..61usize, prop::sample::select(ODD))
                .prop_map(|(r, f, v)| Change::Field(r, f, v)),
            (0..4000usize).prop_map(Change::Cut),
            (0..4000usize, prop::collection::vec(any::<u8>(), 1..8))
                .prop_map(|(at, b)| Change::Insert(at, b)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// Any damaged export is loaded or refused with a LoadError naming a line; a refused
        /// one leaves the graph as it was.
        #[test]
        fn a_damaged_export_never_panics(changes in prop::collection::vec(change(), 1..4)) {
            let text = std::fs::read_to_string(fixture("small.export.CSV")).unwrap();
            let mut rows: Vec<Vec<String>> = text
                .lines()
                .map(|l| l.split('\t').map(str::to_string).collect())
                .collect();
            let mut cuts = Vec::new();
            for c in &changes {
                match c {
                    Change::Field(r, f, v) => rows[*r][*f] = v.to_string(),
                    other => cuts.push(other.clone()),
                }
            }
            let mut bytes: Vec<u8> = rows
                .iter()
                .map(|r| r.join("\t") + "\n")
                .collect::<String>()
                .into_bytes();
            for c in cuts {
                match c {
                    Change::Cut(at) => bytes.truncate(at.min(bytes.len())),
                    Change::Insert(at, b) => {
                        let at = at.min(bytes.len());
                        bytes.splice(at..at, b);
                    }
                    Change::Field(..) => {}
                }
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("damaged.export.CSV");
            std::fs::write(&path, &bytes).unwrap();
            let mut graph = relq::Graph::default();
            match load_gdelt(&mut graph, &path, true, false, None) {
                Ok(_) => {}
                Err(e) => {
                    prop_assert_eq!(e.kind, relq::ErrorKind::Load);
                    prop_assert!(e.message.contains("damaged.export.CSV:"), "{}", e.message);
                    prop_assert_eq!(graph.node_count(), 0);
                    prop_assert_eq!(graph.rel_count(), 0);
                }
            }
        }
    }
}
