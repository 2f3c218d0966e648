//! The library API: statements are atomic, loads are all or nothing, errors carry their class.

use relq::{Database, ErrorKind, Value};

fn count(db: &mut Database, query: &str) -> i64 {
    let r = db.query(query).expect("query runs");
    match r.rows[0][0] {
        Value::Int(n) => n,
        ref other => panic!("expected an integer, got {other:?}"),
    }
}

#[test]
fn a_failing_statement_changes_nothing() {
    let mut db = Database::new();
    db.query("CREATE (:A {n: 1})-[:R]->(:B)").unwrap();
    let err = db
        .query("MATCH (a:A) CREATE (:C) SET a.n = 5 DETACH DELETE a WITH 1 AS one RETURN 1 / 0")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Arithmetic);
    assert_eq!(count(&mut db, "MATCH (n) RETURN count(n)"), 2);
    assert_eq!(count(&mut db, "MATCH ()-[r:R]->() RETURN count(r)"), 1);
    assert_eq!(count(&mut db, "MATCH (a:A) RETURN a.n"), 1);
    assert_eq!(count(&mut db, "MATCH (c:C) RETURN count(c)"), 0);
}

#[test]
fn deleting_a_connected_node_is_refused_and_rolled_back() {
    let mut db = Database::with_seed();
    let before = db.graph.rel_count();
    let err = db
        .query("MATCH (a:Actor {name: 'Russia'}) SET a.x = 1 DELETE a")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Constraint);
    assert_eq!(db.graph.rel_count(), before);
    assert_eq!(
        count(
            &mut db,
            "MATCH (a:Actor {name: 'Russia'}) WHERE a.x IS NULL RETURN count(a)"
        ),
        1
    );
}

#[test]
fn a_failing_load_leaves_the_graph_unchanged() {
    let mut db = Database::with_seed();
    let (nodes, rels) = (db.graph.node_count(), db.graph.rel_count());
    let err = db
        .load_cypher("CREATE (:New);\nCREATE (:Newer);\nRETURN 1 / 0;")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Arithmetic);
    assert_eq!((db.graph.node_count(), db.graph.rel_count()), (nodes, rels));
    let err = relq::load::load_node_link(
        &mut db.graph,
        r#"{"nodes": [{"id": 1}], "links": [{"source": 1, "target": 2, "type": "R"}]}"#,
        "x.json",
    )
    .unwrap_err();
    assert!(
        err.message.contains("\"target\" 2 is not the id of a node"),
        "{}",
        err.message
    );
    assert_eq!((db.graph.node_count(), db.graph.rel_count()), (nodes, rels));
}

#[test]
fn the_seed_graph_answers_the_main_question() {
    let mut db = Database::with_seed();
    let r = db
        .query("MATCH (a:Actor)-[:ACCUSES]->(:Actor {name: 'Russia'}) RETURN DISTINCT a.name AS name ORDER BY name")
        .unwrap();
    let names: Vec<String> = r.rows.iter().map(|row| format!("{:?}", row[0])).collect();
    assert_eq!(names.len(), 5, "{names:?}");
    for expected in [
        "FBI",
        "Germany",
        "United Kingdom",
        "United States",
        "western countries",
    ] {
        assert!(
            names.iter().any(|n| n.contains(expected)),
            "missing {expected} in {names:?}"
        );
    }
}

#[test]
fn limit_stops_work_early() {
    // A cartesian product of 2000 x 2000 x 2000 rows would take far too long if materialised.
    let mut db = Database::new();
    db.query("UNWIND range(1, 2000) AS i CREATE (:N {i: i})")
        .unwrap();
    let r = db
        .query("MATCH (a:N), (b:N), (c:N) RETURN a.i, b.i, c.i LIMIT 3")
        .unwrap();
    assert_eq!(r.rows.len(), 3);
}

#[test]
fn every_error_kind_has_a_class_name() {
    let mut db = Database::new();
    for (query, kind) in [
        ("RETURN", ErrorKind::Syntax),
        ("RETURN x", ErrorKind::Semantic),
        ("RETURN 1 / 0", ErrorKind::Arithmetic),
        ("RETURN 'a' * 2", ErrorKind::Type),
        ("CALL db.labels()", ErrorKind::Unsupported),
        ("RETURN $p", ErrorKind::Parameter),
    ] {
        let err = db.query(query).unwrap_err();
        assert_eq!(err.kind, kind, "{query}: {err}");
        assert!(err.render(query, "q").starts_with(kind.name()), "{query}");
    }
}

#[test]
fn label_checks_agree_with_the_records_past_64_labels_and_after_rollback() {
    let mut db = Database::new();
    // 70 labels: the first 64 get a bit of their own, the rest are read from the records.
    db.query("UNWIND range(0, 69) AS i CREATE (:N {i: i})")
        .unwrap();
    for i in 0..70 {
        db.query(&format!("MATCH (n:N) WHERE n.i >= {i} SET n:L{i}"))
            .unwrap();
    }
    for i in [0, 1, 63, 64, 65, 69] {
        // n:L{i} holds for the nodes with n.i >= i, whether read from a bit or the record.
        let want = 70 - i;
        let q = format!("MATCH (n:N) WHERE n:L{i} RETURN count(n) AS n");
        assert_eq!(count(&mut db, &q), want, "{q}");
        let q = format!("MATCH (m:N)-[:R]->(n:L{i}) RETURN count(n) AS n");
        assert_eq!(count(&mut db, &q), 0, "{q}");
    }
    db.query("MATCH (n:N {i: 69}) REMOVE n:L0, n:L69").unwrap();
    assert_eq!(
        count(&mut db, "MATCH (n:N) WHERE n:L0 RETURN count(n) AS n"),
        69
    );
    assert_eq!(
        count(&mut db, "MATCH (n:N) WHERE n:L69 RETURN count(n) AS n"),
        0
    );
    // A failing statement that added and removed labels is rolled back, bits included.
    let err = db.query("MATCH (n:N) SET n:L0, n:Extra REMOVE n:L1 WITH n RETURN 1 / 0");
    assert!(err.is_err());
    assert_eq!(
        count(&mut db, "MATCH (n:N) WHERE n:L0 RETURN count(n) AS n"),
        69
    );
    assert_eq!(
        count(&mut db, "MATCH (n:N) WHERE n:L1 RETURN count(n) AS n"),
        69
    );
    assert_eq!(
        count(&mut db, "MATCH (n) WHERE n:Extra RETURN count(n) AS n"),
        0
    );
    // A deleted node's slot is reused without its old labels.
    db.query("MATCH (n:N {i: 5}) DELETE n").unwrap();
    db.query("CREATE (:Fresh)").unwrap();
    assert_eq!(
        count(&mut db, "MATCH (n:Fresh) WHERE n:L0 RETURN count(n) AS n"),
        0
    );
    assert_eq!(
        count(&mut db, "MATCH (n) WHERE n:L0 RETURN count(n) AS n"),
        68
    );
}
