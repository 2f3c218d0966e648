//! Neo4j admin-import CSV: typed columns, id spaces, labels and arrays load as written; every
//! kind of bad input is an error naming the file, the line and the field, and leaves the graph
//! exactly as it was.

use relq::graph::{Graph, Sym};
use relq::import::load_neo4j_csv;
use relq::{Database, ErrorKind, Value};
use std::path::{Path, PathBuf};

const NODES: &str = "\
id:ID(Actor),name,born:int,score:double,active:boolean,aliases:string[],nums:long[],:LABEL,note:IGNORE
a1,Russia,1991,0.5,true,RU;Russian Federation,1;2;3,Actor;Country,whatever
a2,\"Smith, John\",,-1e3,FALSE,,,Actor;Person,
a3,\"multi
line\",7,,,,,Actor,
";

const RELS: &str = "\
:START_ID(Actor),:END_ID(Actor),:TYPE,since:long,why
a1,a2,ACCUSES,2016,\"said \"\"no\"\"\"
a2,a1,DENIES,,
a3,a3,PRAISES,1,
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn rows(db: &mut Database, q: &str) -> Vec<Vec<Value>> {
    db.query(q).unwrap_or_else(|e| panic!("{q}: {e}")).rows
}

/// What a load may not change: entities, ids, names and catalogues.
fn fingerprint(g: &Graph) -> String {
    let names: Vec<&str> = (0..g.name_count()).map(|i| g.name(Sym(i as u32))).collect();
    let nodes: Vec<_> = g.nodes().map(|n| (n, g.node(n))).collect();
    let rels: Vec<_> = g.rels().map(|r| (r, g.endpoints(r), g.rel(r))).collect();
    format!(
        "{names:?}\n{nodes:?}\n{rels:?}\n{:?}\n{:?}\n{:?}",
        g.labels(),
        g.rel_types(),
        g.property_keys()
    )
}

#[test]
fn a_hand_written_pair_loads_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "actors.csv", NODES);
    let rels = write(dir.path(), "events.csv", RELS);
    let mut db = Database::new();
    let stats = load_neo4j_csv(&mut db.graph, &[&nodes], &[&rels], false).unwrap();
    assert_eq!((stats.nodes_created, stats.rels_created), (3, 3));
    assert_eq!(stats.labels_added, 5);
    let r = rows(
        &mut db,
        "MATCH (a:Actor:Country) RETURN a.id, a.name, a.born, a.score, a.active, a.aliases, a.nums, a.note",
    );
    assert_eq!(
        r,
        vec![vec![
            Value::str("a1"),
            Value::str("Russia"),
            Value::Int(1991),
            Value::Float(0.5),
            Value::Bool(true),
            Value::List(vec![Value::str("RU"), Value::str("Russian Federation")]),
            Value::List(vec![Value::Int(1), Value::Int(2), Value::Int(3)]),
            Value::Null,
        ]]
    );
    let r = rows(
        &mut db,
        "MATCH (a:Person) RETURN a.name, a.born, a.score, a.active, a.aliases",
    );
    assert_eq!(
        r,
        vec![vec![
            Value::str("Smith, John"),
            Value::Null,
            Value::Float(-1000.0),
            Value::Bool(false),
            Value::Null
        ]]
    );
    let r = rows(
        &mut db,
        "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, r.since, r.why ORDER BY a.id",
    );
    assert_eq!(
        r,
        vec![
            vec![
                Value::str("a1"),
                Value::str("ACCUSES"),
                Value::str("a2"),
                Value::Int(2016),
                Value::str("said \"no\""),
            ],
            vec![
                Value::str("a2"),
                Value::str("DENIES"),
                Value::str("a1"),
                Value::Null,
                Value::Null,
            ],
            vec![
                Value::str("a3"),
                Value::str("PRAISES"),
                Value::str("a3"),
                Value::Int(1),
                Value::Null,
            ],
        ]
    );
    let r = rows(&mut db, "MATCH (a {name: 'multi\nline'}) RETURN a.born");
    assert_eq!(r, vec![vec![Value::Int(7)]]);
}

#[test]
fn id_spaces_keep_equal_ids_apart() {
    let dir = tempfile::tempdir().unwrap();
    let people = write(dir.path(), "people.csv", ":ID(Person),name\n1,Ann\n");
    let orgs = write(dir.path(), "orgs.csv", ":ID(Org),name\n1,FBI\n");
    let rels = write(
        dir.path(),
        "rels.csv",
        ":START_ID(Person),:END_ID(Org),:TYPE\n1,1,WORKS_FOR\n",
    );
    let mut db = Database::new();
    load_neo4j_csv(&mut db.graph, &[&people, &orgs], &[&rels], false).unwrap();
    let r = rows(&mut db, "MATCH (a)-[:WORKS_FOR]->(b) RETURN a.name, b.name");
    assert_eq!(r, vec![vec![Value::str("Ann"), Value::str("FBI")]]);
    // `:ID` without a name stores no property.
    let r = rows(&mut db, "MATCH (a {name: 'Ann'}) RETURN keys(a)");
    assert_eq!(r, vec![vec![Value::List(vec![Value::str("name")])]]);
}

/// Load `nodes` and `rels` into the seed graph: the error message, after checking that the
/// graph was left exactly as it was.
fn failure(nodes: &str, rels: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let n = write(dir.path(), "nodes.csv", nodes);
    let r = rels.map(|t| write(dir.path(), "rels.csv", t));
    let mut db = Database::with_seed();
    let before = fingerprint(&db.graph);
    let rel_paths: Vec<&Path> = r.iter().map(|p| p.as_path()).collect();
    let err = load_neo4j_csv(&mut db.graph, &[&n], &rel_paths, false).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Load);
    assert_eq!(fingerprint(&db.graph), before, "the graph changed");
    // New entities get the ids they would have got without the failed load.
    let mut fresh = Database::with_seed();
    let a = db.graph.create_node(vec![], vec![]).unwrap();
    let b = fresh.graph.create_node(vec![], vec![]).unwrap();
    assert_eq!(a, b);
    let msg = err.to_string();
    msg.replace(&dir.path().display().to_string(), "DIR")
}

fn assert_failure(nodes: &str, rels: Option<&str>, expected: &str) {
    let msg = failure(nodes, rels);
    assert!(msg.contains(expected), "expected `{expected}` in:\n{msg}");
}

const GOOD_NODES: &str = ":ID,name,:LABEL\nx,X,Actor\ny,Y,Actor\nz,Z,Actor\n";

#[test]
fn a_dangling_end_id_is_an_error() {
    assert_failure(
        GOOD_NODES,
        Some(":START_ID,:END_ID,:TYPE\nx,y,ACCUSES\nx,nobody,DENIES\n"),
        "DIR/rels.csv:3: field `:END_ID`: `nobody` is not the id of a node of this load",
    );
    assert_failure(
        GOOD_NODES,
        Some(":START_ID,:END_ID,:TYPE\nq,y,ACCUSES\n"),
        "DIR/rels.csv:2: field `:START_ID`: `q` is not the id of a node",
    );
}

#[test]
fn an_unknown_id_space_is_an_error() {
    assert_failure(
        GOOD_NODES,
        Some(":START_ID(Org),:END_ID,:TYPE\nx,y,ACCUSES\n"),
        "DIR/rels.csv:1: field `:START_ID(Org)` refers to id space `Org`, which no nodes file of this load declares",
    );
}

#[test]
fn unparsable_typed_values_are_errors() {
    assert_failure(
        ":ID,born:int\na,1\nb,nineteen\n",
        None,
        "DIR/nodes.csv:3: field `born:int`: `nineteen` is not an integer",
    );
    assert_failure(
        ":ID,w:float\na,1.5x\n",
        None,
        "DIR/nodes.csv:2: field `w:float`: `1.5x` is not a number",
    );
    assert_failure(
        ":ID,ok:boolean\na,yes\n",
        None,
        "DIR/nodes.csv:2: field `ok:boolean`: `yes` is not a boolean (true or false)",
    );
    assert_failure(
        ":ID,ns:int[]\na,1;;3\n",
        None,
        "DIR/nodes.csv:2: field `ns:int[]`: `` is not an integer",
    );
    assert_failure(
        GOOD_NODES,
        Some(":START_ID,:END_ID,:TYPE,weight:float\nx,y,R,1\nx,y,R,heavy\n"),
        "DIR/rels.csv:3: field `weight:float`: `heavy` is not a number",
    );
}

#[test]
fn a_duplicate_id_is_an_error() {
    assert_failure(
        ":ID,name\na,A\nb,B\na,again\n",
        None,
        "DIR/nodes.csv:4: field `:ID`: duplicate id `a`",
    );
    assert_failure(
        ":ID(G),name\na,A\na,B\n",
        None,
        "duplicate id `a` in id space `G`",
    );
}

#[test]
fn a_wrong_field_count_is_an_error() {
    assert_failure(
        ":ID,name,:LABEL\na,A,L\nb,B\n",
        None,
        "DIR/nodes.csv:3: expected 3 fields (as in the header), found 2",
    );
    assert_failure(
        GOOD_NODES,
        Some(":START_ID,:END_ID,:TYPE\nx,y,R,extra\n"),
        "DIR/rels.csv:2: expected 3 fields (as in the header), found 4",
    );
}

#[test]
fn missing_id_and_type_columns_are_errors() {
    assert_failure(
        "name,:LABEL\nA,L\n",
        None,
        "DIR/nodes.csv:1: the header has no :ID field",
    );
    assert_failure(
        GOOD_NODES,
        Some(":START_ID,:END_ID,since:int\nx,y,1\n"),
        "DIR/rels.csv:1: the header has no :TYPE field",
    );
    assert_failure(
        GOOD_NODES,
        Some(":START_ID,:TYPE\nx,R\n"),
        "DIR/rels.csv:1: the header has no :END_ID field",
    );
    assert_failure(
        GOOD_NODES,
        Some(":START_ID,:END_ID,:TYPE\nx,y,\n"),
        "DIR/rels.csv:2: field `:TYPE`: the relationship type is empty",
    );
}

#[test]
fn bad_headers_and_bytes_are_errors() {
    assert_failure(
        ":ID,born:geometry\na,1\n",
        None,
        "DIR/nodes.csv:1: field `born:geometry` has type `geometry`, which relq does not load",
    );
    assert_failure(
        ":ID,born:point\na,1\n",
        None,
        "DIR/nodes.csv:2: field `born:point`: `1` is not a point: a point is written in braces, such as {latitude:55.6, longitude:12.9}",
    );
    assert_failure(
        ":ID,name,name:int\na,A,1\n",
        None,
        "property `name` appears twice",
    );
    assert_failure("", None, "DIR/nodes.csv: the file is empty");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("nodes.csv");
    std::fs::write(&p, b":ID,name\na,\xff\xfe\n").unwrap();
    let mut g = Graph::new();
    let err = load_neo4j_csv(&mut g, &[&p], &[], false).unwrap_err();
    assert!(err
        .message
        .ends_with("nodes.csv:2: field `name`: not valid UTF-8"));
    assert_eq!(g.node_count(), 0);
    let err = load_neo4j_csv(&mut g, &[&dir.path().join("none.csv")], &[], false).unwrap_err();
    assert!(err.message.contains("cannot read"), "{}", err.message);
}

#[test]
fn an_error_on_the_last_line_undoes_everything() {
    let mut nodes = String::from(":ID,name,n:int,:LABEL\n");
    let mut rels = String::from(":START_ID,:END_ID,:TYPE,w:float\n");
    for i in 0..2000 {
        nodes.push_str(&format!("n{i},actor {i},{i},Actor;New{}\n", i % 7));
        rels.push_str(&format!(
            "n{},n{},T{},{i}.5\n",
            i % 2000,
            (i * 7) % 2000,
            i % 5
        ));
    }
    rels.push_str("n1,n2,T1,oops\n");
    assert_failure(
        &nodes,
        Some(&rels),
        "DIR/rels.csv:2002: field `w:float`: `oops`",
    );
}

#[test]
fn database_load_files_groups_csv_files_and_reads_folders() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "actors.csv", NODES);
    let rels = write(dir.path(), "events.csv", RELS);
    // Relationships first: the group still loads its nodes first.
    let mut db = Database::new();
    let stats = db.load_files(&[&rels, &nodes]).unwrap();
    assert_eq!((stats.nodes_created, stats.rels_created), (3, 3));

    let folder = dir.path().join("export");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "nodes.csv", NODES);
    write(&folder, "relationships.csv", RELS);
    let mut db = Database::new();
    let stats = db.load_file(&folder).unwrap();
    assert_eq!((stats.nodes_created, stats.rels_created), (3, 3));

    // A relationships file alone refers to nothing.
    let mut db = Database::new();
    let err = db.load_file(&rels).unwrap_err();
    assert!(
        err.contains("which no nodes file of this load declares"),
        "{err}"
    );
    // A CSV file that is neither.
    let other = write(dir.path(), "other.csv", "a,b\n1,2\n");
    let err = db.load_file(&other).unwrap_err();
    assert!(err.contains("cannot tell whether the file holds nodes or relationships"));
    // An empty folder.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let err = db.load_file(&empty).unwrap_err();
    assert!(
        err.contains("without nodes.csv or relationships.csv"),
        "{err}"
    );
}

#[test]
fn a_folder_with_one_of_its_two_files_is_an_error_naming_the_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let only_nodes = dir.path().join("only-nodes");
    std::fs::create_dir(&only_nodes).unwrap();
    write(&only_nodes, "nodes.csv", NODES);
    let only_rels = dir.path().join("only-rels");
    std::fs::create_dir(&only_rels).unwrap();
    write(&only_rels, "relationships.csv", RELS);
    let mut db = Database::with_seed();
    let before = fingerprint(&db.graph);
    let err = db.load_file(&only_nodes).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "LoadError: {} has nodes.csv but no relationships.csv",
            only_nodes.display()
        )),
        "{err}"
    );
    let err = db.load_file(&only_rels).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "LoadError: {} has relationships.csv but no nodes.csv",
            only_rels.display()
        )),
        "{err}"
    );
    assert_eq!(fingerprint(&db.graph), before);
}

#[test]
fn a_folder_named_like_a_snapshot_is_said_to_be_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("graph.relq");
    std::fs::create_dir(&folder).unwrap();
    let err = Database::new().load_file(&folder).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "LoadError: {} is a folder, not a snapshot",
            folder.display()
        )),
        "{err}"
    );
    // The same on the command line, as the snapshot to open.
    use assert_cmd::Command;
    use predicates::prelude::*;
    Command::cargo_bin("relq")
        .unwrap()
        .arg(&folder)
        .args(["-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder, not a snapshot"));
}

#[test]
fn an_unterminated_quote_is_an_error_naming_the_line_it_opens_on() {
    let expected = "unterminated quoted field: expected a closing `\"` before the end of the file";
    assert_failure(
        "id:ID,name\n1,\"Rus\n2,x\n",
        None,
        &format!("LoadError: DIR/nodes.csv:2: {expected}"),
    );
    assert_failure(
        GOOD_NODES,
        Some(":START_ID,:END_ID,:TYPE,why\nx,y,R,ok\ny,z,R,\"said\nz,x,R,no\n"),
        &format!("LoadError: DIR/rels.csv:3: {expected}"),
    );
    assert_failure(
        "id:ID,\"name\n1,x\n",
        None,
        &format!("LoadError: DIR/nodes.csv:1: {expected}"),
    );
    // A quote closed on a later line is a field with a line end, as before.
    let dir = tempfile::tempdir().unwrap();
    let n = write(dir.path(), "n.csv", "id:ID,name\n1,\"Rus\nsia\"\n2,x\n");
    let mut db = Database::new();
    load_neo4j_csv(&mut db.graph, &[&n], &[], false).unwrap();
    assert_eq!(
        rows(&mut db, "MATCH (n) RETURN n.name ORDER BY n.id"),
        vec![vec![Value::str("Rus\nsia")], vec![Value::str("x")]]
    );
}

#[test]
fn an_unterminated_quote_after_the_first_parallel_block_is_an_error() {
    // More than one block (2 MiB) of rows without quotes, read in parallel; then the quote.
    let mut text = String::from("id:ID,name\n");
    let mut line = 1;
    while text.len() < 3 << 20 {
        line += 1;
        text.push_str(&format!("{line},actor number {line}\n"));
    }
    text.push_str("q,\"Rus\nr,x\n");
    assert_failure(
        &text,
        None,
        &format!("DIR/nodes.csv:{}: unterminated quoted field", line + 1),
    );
}

#[test]
fn an_empty_quoted_field_is_an_empty_string_or_list_and_an_empty_field_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let n = write(
        dir.path(),
        "n.csv",
        "id:ID,s,l:string[],n:long[],i:int\n1,\"\",\"\",\"\",\"\"\n2,,,,\n",
    );
    let mut db = Database::new();
    load_neo4j_csv(&mut db.graph, &[&n], &[], false).unwrap();
    assert_eq!(
        rows(&mut db, "MATCH (n) RETURN n.s, n.l, n.n, n.i ORDER BY n.id"),
        vec![
            vec![
                Value::str(""),
                Value::List(vec![]),
                Value::List(vec![]),
                Value::Null
            ],
            vec![Value::Null, Value::Null, Value::Null, Value::Null],
        ]
    );
}

#[test]
fn lists_round_trip_through_the_csv_export() {
    use relq::export::{self, ExportFormat, Subgraph};
    let mut db = Database::new();
    db.query(
        "CREATE (:A {name: 'a', tags: ['x', 'y, z', ''], none: [], nums: [1, 2], empty: '', words: ['one']})
                -[:R {l: [], s: ['p', 'q'], f: [1.5]}]->
                (:A:B {name: 'b', tags: [], nums: [], words: ['two', 'three']})",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("export");
    export::export(
        ExportFormat::Csv,
        &Subgraph::all(&db.graph),
        &db.graph,
        &folder,
    )
    .unwrap();
    let mut back = Database::new();
    back.load_file(&folder).unwrap();
    let nodes = "MATCH (n) RETURN labels(n), n.name, n.tags, n.none, n.nums, n.empty, n.words ORDER BY n.name";
    let rels = "MATCH (a)-[r]->(b) RETURN a.name, type(r), r.l, r.s, r.f, b.name";
    assert_eq!(rows(&mut back, nodes), rows(&mut db, nodes));
    assert_eq!(rows(&mut back, rels), rows(&mut db, rels));
    assert_eq!(
        rows(&mut back, "MATCH (n {name: 'a'}) RETURN n.none, n.tags")[0],
        vec![
            Value::List(vec![]),
            Value::List(vec![Value::str("x"), Value::str("y, z"), Value::str("")])
        ]
    );

    // What the format cannot carry is refused, and nothing is written.
    for value in ["['a;b']", "['']"] {
        let mut db = Database::new();
        db.query(&format!("CREATE (:A {{name: 'a', bad: {value}}})"))
            .unwrap();
        let folder = dir.path().join("refused");
        let err = export::export(
            ExportFormat::Csv,
            &Subgraph::all(&db.graph),
            &db.graph,
            &folder,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot export to Neo4j CSV: property `bad` of node 0: "),
            "{err}"
        );
        assert!(!folder.join("nodes.csv").exists());
    }
}

#[test]
fn a_snapshot_replaces_the_graph_and_must_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("g.relq");
    let mut db = Database::new();
    db.query("CREATE (:Only {n: 1})").unwrap();
    db.save(&snap).unwrap();
    let nodes = write(dir.path(), "actors.csv", NODES);
    let rels = write(dir.path(), "events.csv", RELS);

    let mut seeded = Database::with_seed();
    let stats = seeded.load_files(&[&snap, &nodes, &rels]).unwrap();
    assert_eq!((stats.nodes_created, stats.rels_created), (4, 3));
    assert_eq!(seeded.graph.node_count(), 4);

    let mut db = Database::new();
    let err = db.load_files(&[&nodes, &snap]).unwrap_err();
    assert!(err.contains("must be loaded first"), "{err}");
}

#[test]
fn the_command_line_loads_a_nodes_and_a_relationships_file_and_snapshots() {
    use assert_cmd::Command;
    use predicates::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(dir.path(), "actors.csv", NODES);
    let rels = write(dir.path(), "events.csv", RELS);
    Command::cargo_bin("relq")
        .unwrap()
        .args(["--empty", "--format", "csv", "--load"])
        .arg(&nodes)
        .arg("--load")
        .arg(&rels)
        .args([
            "-c",
            "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id ORDER BY a.id",
        ])
        .assert()
        .success()
        .stdout("a.id,type(r),b.id\na1,ACCUSES,a2\na2,DENIES,a1\na3,PRAISES,a3\n");

    let bad = write(
        dir.path(),
        "bad.csv",
        ":START_ID(Actor),:END_ID(Actor),:TYPE\na1,zz,R\n",
    );
    Command::cargo_bin("relq")
        .unwrap()
        .arg("--load")
        .arg(&nodes)
        .arg("--load")
        .arg(&bad)
        .args(["-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.csv:2: field `:END_ID(Actor)`: `zz` is not the id of a node in id space `Actor` of this load",
        ));

    // A snapshot replaces the seed graph.
    let snap = dir.path().join("g.relq");
    let mut db = Database::new();
    db.query("CREATE (:Saved {n: 42})").unwrap();
    db.save(&snap).unwrap();
    Command::cargo_bin("relq")
        .unwrap()
        .args(["--format", "csv", "--load"])
        .arg(&snap)
        .args(["-c", "MATCH (n) RETURN count(n), max(n.n)"])
        .assert()
        .success()
        .stdout("count(n),max(n.n)\n1,42\n");
}
