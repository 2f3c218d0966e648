//! Adding data to a graph that has some: nodes matched by their id instead of duplicated,
//! relationships appended, through the library, the command line and snapshots.

use assert_cmd::Command;
use relq::{Database, Value};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn int(db: &mut Database, q: &str) -> i64 {
    match db.query(q).unwrap().rows[0][0] {
        Value::Int(n) => n,
        ref other => panic!("{q}: {other:?}"),
    }
}

fn strings(db: &mut Database, q: &str) -> Vec<String> {
    db.query(q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| match &r[0] {
            Value::String(s) => s.to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

const ACTORS: &str = "id:ID,name,:LABEL\nRU,Russia,Actor;Country\nDE,Germany,Actor;Country\n";
const DAY1: &str = ":START_ID,:END_ID,:TYPE,date:date\nDE,RU,ACCUSES,2020-11-13\n";
const DAY2: &str = ":START_ID,:END_ID,:TYPE,date:date\nRU,DE,DENIES,2020-11-14\n";

#[test]
fn a_relationships_file_alone_refers_to_the_nodes_of_an_earlier_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    // One after the other, as `:load` in the shell does.
    db.load_file(&write(dir.path(), "actors.csv", ACTORS))
        .unwrap();
    db.load_file(&write(dir.path(), "day1.csv", DAY1)).unwrap();
    let stats = db.load_file(&write(dir.path(), "day2.csv", DAY2)).unwrap();
    assert_eq!((stats.nodes_created, stats.rels_created), (0, 1));
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 2);
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[r]->(b) RETURN a.id + ' ' + type(r) + ' ' + b.id + ' ' + toString(r.date) ORDER BY r.date"
        ),
        ["DE ACCUSES RU 2020-11-13", "RU DENIES DE 2020-11-14"]
    );
}

#[test]
fn a_nodes_row_with_the_id_of_a_node_there_is_that_node() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    db.load_files(&[
        write(dir.path(), "actors.csv", ACTORS),
        write(dir.path(), "day1.csv", DAY1),
    ])
    .unwrap();
    let more = write(
        dir.path(),
        "more.csv",
        "id:ID,name,population:int,:LABEL\nRU,Russia,144,Actor;Country;Member\nFR,France,67,Actor;Country\n",
    );
    let stats = db
        .load_files(&[more, write(dir.path(), "day2.csv", DAY2)])
        .unwrap();
    assert_eq!((stats.nodes_created, stats.rels_created), (1, 1));
    assert_eq!(
        strings(&mut db, "MATCH (n) RETURN n.id + ' ' + n.name + ' ' + coalesce(toString(n.population), '-') ORDER BY n.id"),
        ["DE Germany -", "FR France 67", "RU Russia 144"]
    );
    assert_eq!(int(&mut db, "MATCH (n:Member) RETURN count(n)"), 1);
    // The matched node keeps its relationships.
    assert_eq!(
        int(&mut db, "MATCH (:Actor {id: 'RU'})--() RETURN count(*)"),
        2
    );
}

#[test]
fn the_same_id_twice_in_one_load_is_still_a_duplicate_and_nothing_is_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    db.load_file(&write(dir.path(), "actors.csv", ACTORS))
        .unwrap();
    let twice = write(
        dir.path(),
        "twice.csv",
        "id:ID,name\nRU,Russia\nFR,France\nRU,Russland\n",
    );
    let err = db.load_file(&twice).unwrap_err();
    assert!(
        err.contains("twice.csv:4: field `id:ID`: duplicate id `RU`"),
        "{err}"
    );
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 2);
    assert_eq!(
        strings(&mut db, "MATCH (n) RETURN n.name ORDER BY n.name"),
        ["Germany", "Russia"]
    );
}

#[test]
fn ids_in_another_key_are_matched_by_that_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    db.load_file(&write(dir.path(), "a.csv", "code:ID,name\nRUS,Russia\n"))
        .unwrap();
    db.load_file(&write(
        dir.path(),
        "b.csv",
        "code:ID,name\nRUS,Russia\nUSA,United States\n",
    ))
    .unwrap();
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 2);
}

#[test]
fn the_next_days_file_is_added_to_a_saved_graph() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "actors.csv", ACTORS);
    write(d, "day1.csv", DAY1);
    write(d, "day2.csv", DAY2);
    let relq = || {
        let mut c = Command::cargo_bin("relq").unwrap();
        c.current_dir(d);
        c
    };
    relq()
        .args([
            "--load",
            "actors.csv",
            "--load",
            "day1.csv",
            "--save",
            "g.relq",
        ])
        .assert()
        .success();
    relq()
        .args(["g.relq", "--load", "day2.csv", "--save", "g.relq"])
        .assert()
        .success();
    relq()
        .args([
            "g.relq",
            "--format",
            "csv",
            "-c",
            "MATCH (n) RETURN count(n) AS nodes",
            "-c",
            "MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, r.date ORDER BY r.date",
        ])
        .assert()
        .success()
        .stdout("nodes\n2\na.name,type(r),b.name,r.date\nGermany,ACCUSES,Russia,2020-11-13\nRussia,DENIES,Germany,2020-11-14\n");
}

#[test]
fn a_gdelt_file_onto_a_saved_gdelt_graph_reuses_its_actors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gdelt");
    let relq = || {
        let mut c = Command::cargo_bin("relq").unwrap();
        c.current_dir(d);
        c
    };
    relq()
        .arg("--load")
        .arg(fixtures.join("small.export.CSV"))
        .args(["--save", "g.relq"])
        .assert()
        .success();
    relq()
        .arg("g.relq")
        .arg("--load")
        .arg(fixtures.join("next_day.export.CSV"))
        .args(["--save", "g.relq"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "4 rows: 2 events (0 repeated reports merged), 1 actor new, 4 already in the graph, 0 PART_OF, 1 report of events already in the graph, 1 row loaded before (the same event id)",
        ));
    relq()
        .args([
            "g.relq",
            "--format",
            "csv",
            "-c",
            "MATCH (a:Actor) RETURN count(a) AS actors",
            "-c",
            "MATCH ()-[r:ACCUSES]->() RETURN count(r) AS accusations",
        ])
        .assert()
        .success()
        .stdout("actors\n6\naccusations\n5\n");
}

// ---------------------------------------------------------------- node-link JSON

const NL_DAY1: &str = r#"{"nodes": [
  {"id": "RU", "labels": ["Actor", "Country"], "name": "Russia"},
  {"id": "DE", "labels": ["Actor"], "name": "Germany"}],
 "links": [{"source": "DE", "target": "RU", "type": "ACCUSES", "day": 13}]}"#;
// Germany again (a label more), France new, and links to Russia, which this day does not list.
const NL_DAY2: &str = r#"{"nodes": [
  {"id": "DE", "labels": ["Country"], "capital": "Berlin"},
  {"id": "FR", "labels": ["Actor", "Country"], "name": "France"}],
 "links": [{"source": "RU", "target": "DE", "type": "DENIES", "day": 14},
           {"source": "FR", "target": "RU", "type": "ACCUSES", "day": 15}]}"#;

#[test]
fn node_link_ids_are_kept_and_match_the_nodes_of_earlier_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    db.load_file(&write(dir.path(), "day1.json", NL_DAY1))
        .unwrap();
    let stats = db
        .load_file(&write(dir.path(), "day2.json", NL_DAY2))
        .unwrap();
    assert_eq!((stats.nodes_created, stats.rels_created), (1, 2));
    assert_eq!(
        strings(
            &mut db,
            "MATCH (n) RETURN n.id + ' ' + n.name + ' ' + reduce(s = '', l IN labels(n) | s + l) + ' ' + coalesce(n.capital, '-') ORDER BY n.id"
        ),
        [
            "DE Germany ActorCountry Berlin",
            "FR France ActorCountry -",
            "RU Russia ActorCountry -"
        ]
    );
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[r]->(b) RETURN a.id + ' ' + type(r) + ' ' + b.id ORDER BY r.day"
        ),
        ["DE ACCUSES RU", "RU DENIES DE", "FR ACCUSES RU"]
    );
    // A CSV relationships file refers to the nodes of the document by the same ids.
    db.load_file(&write(
        dir.path(),
        "day3.csv",
        ":START_ID,:END_ID,:TYPE,day:int\nFR,DE,PROPOSES,16\n",
    ))
    .unwrap();
    assert_eq!(
        int(&mut db, "MATCH (:Actor {name: 'France'})-[:PROPOSES]->(:Actor {name: 'Germany'}) RETURN count(*)"),
        1
    );
}

#[test]
fn an_integer_id_matches_the_same_number_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    db.query("CREATE (:Actor {id: 12, name: 'Twelve'}), (:Actor {id: 'x7', name: 'Seven'})")
        .unwrap();
    db.load_file(&write(
        dir.path(),
        "more.json",
        r#"{"nodes": [{"id": "12", "tag": "t"}, {"id": 7}],
            "links": [{"source": 12, "target": "x7", "type": "MEETS"},
                      {"source": 7, "target": "12", "type": "MEETS"}]}"#,
    ))
    .unwrap();
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 3);
    // The node the graph had keeps its own id, 12 as an integer; the new one is 7.
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[:MEETS]->(b) RETURN toString(a.id) + '/' + valueType(a.id) + ' ' + coalesce(a.tag, '-') + ' -> ' + toString(b.id) ORDER BY toString(a.id)"
        ),
        ["12/INTEGER NOT NULL t -> x7", "7/INTEGER NOT NULL - -> 12"]
    );
}

#[test]
fn a_node_link_load_that_fails_leaves_the_graph_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    db.load_file(&write(dir.path(), "day1.json", NL_DAY1))
        .unwrap();
    // Germany listed twice under two document ids, both with the `id` of the graph's Germany.
    let err = db
        .load_file(&write(
            dir.path(),
            "twice.json",
            r#"{"nodes": [{"id": 1, "properties": {"id": "DE", "x": 1}},
                          {"id": 2, "properties": {"id": "DE", "x": 2}}], "links": []}"#,
        ))
        .unwrap_err();
    assert!(
        err.contains(
            "node 1: duplicate id: an earlier node of this document has the `id` property `DE` too"
        ),
        "{}",
        err
    );
    // A link to an id neither the document nor the graph has.
    let err = db
        .load_file(&write(
            dir.path(),
            "dangling.json",
            r#"{"nodes": [{"id": "DE", "capital": "Berlin"}],
                "links": [{"source": "DE", "target": "XX", "type": "ACCUSES"}]}"#,
        ))
        .unwrap_err();
    assert!(
        err.contains(
            r#"link 0: "target" "XX" is not the id of a node of this document or of the graph"#
        ),
        "{}",
        err
    );
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 2);
    assert_eq!(
        int(
            &mut db,
            "MATCH (n) WHERE n.x IS NOT NULL OR n.capital IS NOT NULL RETURN count(n)"
        ),
        0
    );
    assert_eq!(int(&mut db, "MATCH ()-[r]->() RETURN count(r)"), 1);
}

#[test]
fn a_node_link_export_of_relq_loads_back_without_new_ids_and_adds_to_a_graph() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "day1.json", NL_DAY1);
    write(d, "day2.json", NL_DAY2);
    let relq = || {
        let mut c = Command::cargo_bin("relq").unwrap();
        c.current_dir(d);
        c
    };
    relq()
        .args(["--empty", "--load", "day1.json", "--save", "g.relq"])
        .assert()
        .success();
    relq()
        .args(["g.relq", "--load", "day2.json", "--save", "g.relq"])
        .assert()
        .success();
    relq()
        .args([
            "g.relq",
            "--export",
            "json",
            "-o",
            "all.json",
            "-c",
            "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN n, r, m",
        ])
        .assert()
        .success();
    // relq's own export names its ids as element ids: loaded into an empty graph they are
    // not kept (the nodes have their own `id` property, and no other).
    relq()
        .args([
            "--empty",
            "--load",
            "all.json",
            "--format",
            "csv",
            "-c",
            "MATCH (n) RETURN n.id AS id, size(keys(n)) AS keys ORDER BY id",
            "-c",
            "MATCH ()-[r]->() RETURN count(r) AS rels",
        ])
        .assert()
        .success()
        .stdout("id,keys\nDE,3\nFR,2\nRU,2\nrels\n3\n");
    // Loaded onto the saved graph, its nodes are the graph's nodes (by their `id` property)
    // and its relationships are added.
    relq()
        .args([
            "g.relq",
            "--load",
            "all.json",
            "--format",
            "csv",
            "-c",
            "MATCH (n) RETURN count(n) AS nodes",
            "-c",
            "MATCH ()-[r]->() RETURN count(r) AS rels",
        ])
        .assert()
        .success()
        .stdout("nodes\n3\nrels\n6\n");
}

#[test]
fn loads_keep_the_constraints_or_load_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    db.load_file(&write(dir.path(), "actors.csv", ACTORS))
        .unwrap();
    db.query("CREATE CONSTRAINT named FOR (c:Country) REQUIRE c.name IS UNIQUE")
        .unwrap();
    db.query("CREATE CONSTRAINT dated FOR ()-[r:ACCUSES]-() REQUIRE r.date IS :: DATE")
        .unwrap();
    // A CSV load whose new node repeats a name: nothing of it stays.
    let twin = "id:ID,name,:LABEL\nSU,Russia,Actor;Country\nFR,France,Actor;Country\n";
    let e = db
        .load_file(&write(dir.path(), "twin.csv", twin))
        .unwrap_err();
    assert!(
        e.contains("ConstraintError") && e.contains("`name` = 'Russia'"),
        "{e}"
    );
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 2);
    // A relationship whose date is text breaks the type constraint.
    let text_date = ":START_ID,:END_ID,:TYPE,date\nDE,RU,ACCUSES,2020-11-13\n";
    let e = db
        .load_file(&write(dir.path(), "text.csv", text_date))
        .unwrap_err();
    assert!(e.contains("of type DATE, but it is of type STRING"), "{e}");
    assert_eq!(int(&mut db, "MATCH ()-[r]->() RETURN count(r)"), 0);
    db.load_file(&write(dir.path(), "day1.csv", DAY1)).unwrap();
    assert_eq!(int(&mut db, "MATCH ()-[r]->() RETURN count(r)"), 1);
    // Node-link documents and Cypher scripts too.
    let doc = r#"{"nodes": [{"id": "X", "labels": ["Country"], "name": "Germany"}], "links": []}"#;
    let e = db.load_file(&write(dir.path(), "x.json", doc)).unwrap_err();
    assert!(e.contains("`name` = 'Germany'"), "{e}");
    let script = "CREATE (:Country {name: 'Chile'});\nCREATE (:Country {name: 'Chile'});\n";
    let e = db
        .load_file(&write(dir.path(), "x.cypher", script))
        .unwrap_err();
    assert!(e.contains("ConstraintError"), "{e}");
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 2);
}

#[test]
fn id_spaces_are_kept_across_loads_and_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::new();
    let actors = "code:ID(Actor),name,:LABEL\nRU,Russia,Actor\nDE,Germany,Actor\n";
    // The same ids in another space are other nodes.
    let places = "code:ID(Place),name,:LABEL\nRU,Rostov,Place\n";
    db.load_file(&write(dir.path(), "actors.csv", actors))
        .unwrap();
    db.load_file(&write(dir.path(), "places.csv", places))
        .unwrap();
    let day1 = ":START_ID(Actor),:END_ID(Actor),:TYPE\nDE,RU,ACCUSES\n";
    db.load_file(&write(dir.path(), "day1.csv", day1)).unwrap();
    let in_place = ":START_ID(Actor),:END_ID(Place),:TYPE\nRU,RU,IN\n";
    db.load_file(&write(dir.path(), "in.csv", in_place))
        .unwrap();
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[r]->(b) RETURN a.name + ' ' + type(r) + ' ' + b.name ORDER BY type(r)"
        ),
        ["Germany ACCUSES Russia", "Russia IN Rostov"]
    );
    // Through a snapshot, a nodes row with a kept id is that node, and a new one joins.
    let path = dir.path().join("g.relq");
    relq::snapshot::save(&db.graph, &path).unwrap();
    let mut db = Database::new();
    db.graph = relq::snapshot::open(&path).unwrap();
    let more = "code:ID(Actor),name,:LABEL\nRU,Russia,Country\nFR,France,Actor\n";
    let stats = db.load_file(&write(dir.path(), "more.csv", more)).unwrap();
    assert_eq!(stats.nodes_created, 1);
    let day2 = ":START_ID(Actor),:END_ID(Actor),:TYPE\nFR,RU,ACCUSES\n";
    db.load_file(&write(dir.path(), "day2.csv", day2)).unwrap();
    assert_eq!(
        strings(
            &mut db,
            "MATCH (a)-[:ACCUSES]->(b:Country) RETURN a.name ORDER BY a.name"
        ),
        ["France", "Germany"]
    );
    // A load that fails adds nobody to a space.
    let bad = "code:ID(Actor),name\nES,Spain\n";
    let broken = ":START_ID(Actor),:END_ID(Actor),:TYPE\nES,XX,ACCUSES\n";
    let e = db
        .load_files(&[
            write(dir.path(), "bad.csv", bad),
            write(dir.path(), "broken.csv", broken),
        ])
        .unwrap_err();
    assert!(e.contains("`XX` is not the id of a node"), "{e}");
    let to_spain = ":START_ID(Actor),:END_ID(Actor),:TYPE\nFR,ES,ACCUSES\n";
    let e = db
        .load_file(&write(dir.path(), "spain.csv", to_spain))
        .unwrap_err();
    assert!(e.contains("`ES` is not the id of a node"), "{e}");
    // A deleted member's slot, taken by a new node with its id, is not in the space.
    db.query("MATCH (n {code: 'DE'}) DETACH DELETE n").unwrap();
    db.query("CREATE (:Impostor {code: 'DE'})").unwrap();
    let e = db
        .load_file(&write(dir.path(), "day3.csv", day1))
        .unwrap_err();
    assert!(e.contains("`DE` is not the id of a node"), "{e}");
    // A space whose ids were not kept, or kept in another key, is named as such.
    let unnamed = ":ID(Group),name\nG1,Club\n";
    db.load_file(&write(dir.path(), "groups.csv", unnamed))
        .unwrap();
    let member = ":START_ID(Actor),:END_ID(Group),:TYPE\nFR,G1,MEMBER_OF\n";
    let e = db
        .load_file(&write(dir.path(), "member.csv", member))
        .unwrap_err();
    assert!(e.contains("whose ids the graph did not keep"), "{e}");
    let other_key = "id:ID(Actor),name\nIT,Italy\n";
    let e = db
        .load_file(&write(dir.path(), "other.csv", other_key))
        .unwrap_err();
    assert!(
        e.contains("keeps its ids in `code`, this file in `id`"),
        "{e}"
    );
}
