//! The library API: statements are atomic, loads are all or nothing, errors carry their class,
//! and any statement stops when interrupted or past its time limit.

use relq::{Database, ErrorKind, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
fn node_link_json_may_start_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.json");
    std::fs::write(
        &path,
        "\u{feff}{\"nodes\": [{\"id\": 1, \"labels\": [\"A\"]}, {\"id\": 2}], \"links\": [{\"source\": 1, \"target\": 2, \"type\": \"R\"}]}",
    )
    .unwrap();
    let mut db = Database::new();
    let stats = db.load_file(&path).unwrap();
    assert_eq!((stats.nodes_created, stats.rels_created), (2, 1));
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
        (
            "RETURN distance(point({x: 1, y: 2}), point({x: 1, y: 2}))",
            ErrorKind::Unsupported,
        ),
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

/// A graph for long statements: `n` nodes `:N {i}`, and a chain `(:N {i: 1})-[:NEXT]->...`.
fn numbered_chain(n: usize) -> Database {
    let mut db = Database::new();
    db.query(&format!("UNWIND range(1, {n}) AS i CREATE (:N {{i: i}})"))
        .unwrap();
    db.query(&format!(
        "UNWIND range(1, {}) AS i MATCH (a:N {{i: i}}), (b:N {{i: i + 1}}) CREATE (a)-[:NEXT]->(b)",
        n - 1
    ))
    .unwrap();
    db
}

#[test]
fn an_interrupt_from_another_thread_stops_a_statement_and_undoes_its_changes() {
    let mut db = numbered_chain(3000);
    let flag = Arc::new(AtomicBool::new(false));
    db.set_interrupt(flag.clone());
    let interrupt_soon = || {
        let flag = flag.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            flag.store(true, Ordering::SeqCst);
        })
    };
    for statement in [
        // 8e13 rows: hours of work
        "MATCH (a:N), (b:N), (c:N), (d:N) RETURN count(*)",
        // changes first, then the long part: all of it is undone
        "MATCH (n:N) SET n.touched = true CREATE (:Marker) WITH count(*) AS c \
         MATCH (a:N), (b:N), (d:N) RETURN count(*)",
    ] {
        flag.store(false, Ordering::SeqCst);
        let setter = interrupt_soon();
        let started = Instant::now();
        let err = db.query(statement).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Interrupted, "{statement}: {err}");
        assert!(started.elapsed() < Duration::from_secs(10), "{statement}");
        setter.join().unwrap();
    }
    flag.store(false, Ordering::SeqCst);
    assert_eq!(count(&mut db, "MATCH (n:N) RETURN count(n)"), 3000);
    assert_eq!(
        count(
            &mut db,
            "MATCH (n) WHERE n.touched OR n:Marker RETURN count(n)"
        ),
        0
    );
}

#[test]
fn every_kind_of_long_statement_stops_at_its_time_limit() {
    let mut db = numbered_chain(3000);
    // A dense corner: 40 nodes, every ordered pair related.
    db.query("MATCH (a:N), (b:N) WHERE a.i <= 40 AND b.i <= 40 AND a <> b CREATE (a)-[:R]->(b)")
        .unwrap();
    db.set_timeout(Some(Duration::from_millis(300)));
    assert_eq!(db.timeout(), Some(Duration::from_millis(300)));
    let many_hops = format!(
        "MATCH (n0){} RETURN count(*)",
        (1..4000).map(|i| format!("-->(n{i})")).collect::<String>()
    );
    let statements = [
        // a cross product (node scans)
        "MATCH (a:N), (b:N), (c:N), (d:N) RETURN count(*)".to_string(),
        // a chain of expansions
        "MATCH (a)-[:R]->(b)-[:R]->(c)-[:R]->(d)-[:R]->(e)-[:R]->(f) RETURN count(*)".into(),
        // relationship scans
        "MATCH ()-[r]->(), ()-[s]->(), ()-[t]->() RETURN count(*)".into(),
        // variable-length expansion
        "MATCH (a)-[:R*]->(b) RETURN count(*)".into(),
        // a shortest path per pair of nodes
        "MATCH (a:N), (b:N) MATCH p = shortestPath((a)-[:NEXT*]-(b)) RETURN sum(length(p))".into(),
        "MATCH (a:N), (b:N) MATCH p = allShortestPaths((a)-[:NEXT*]-(b)) RETURN count(p)".into(),
        // nested UNWIND, filtering, projection, grouping, DISTINCT, SKIP, OPTIONAL MATCH
        "UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j UNWIND range(1, 10000) AS k RETURN count(*)".into(),
        "UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j WITH i, j WHERE i * j < 0 RETURN count(*)".into(),
        "UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j RETURN i % 7 AS k, count(*), collect(j)[0]".into(),
        "UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j RETURN DISTINCT i * j".into(),
        "UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j RETURN i SKIP 1000000000".into(),
        "MATCH (a:N), (b:N) OPTIONAL MATCH (a)-[:NEXT]->(b) RETURN count(*)".into(),
        // ORDER BY over many rows
        "UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j RETURN i, j ORDER BY i * j DESC LIMIT 3".into(),
        // one row whose expressions loop: a comprehension, quantifiers
        "RETURN size([x IN range(1, 10000) | size([y IN range(1, 10000) WHERE y > x])]) AS n".into(),
        "RETURN all(x IN range(1, 10000) WHERE any(y IN range(1, 10000) WHERE y < 0) OR x > 0) AS b".into(),
        // UNION
        "MATCH (a:N), (b:N), (c:N) RETURN a.i AS x UNION RETURN 1 AS x".into(),
        // a pattern of thousands of hops (planned in moments, stopped while it runs)
        many_hops,
    ];
    for statement in &statements {
        let started = Instant::now();
        let err = db.query(statement).unwrap_err();
        let short = &statement[..statement.len().min(80)];
        assert_eq!(err.kind, ErrorKind::Timeout, "{short}: {err}");
        assert_eq!(
            err.message,
            "the statement ran longer than its time limit of 0.3 s"
        );
        assert!(started.elapsed() < Duration::from_secs(10), "{short}");
    }
    // Writing statements that time out leave the graph as it was, whether they stop in a
    // read after their changes or in the middle of their changes (each row's update
    // evaluates a long comprehension).
    let long = "size([x IN range(1, 1000000) WHERE x % 2 = 0])";
    for statement in [
        "MATCH (n:N) SET n.touched = true CREATE (:Marker) WITH count(*) AS c \
         MATCH (a:N), (b:N), (d:N) RETURN count(*)"
            .to_string(),
        format!("UNWIND range(1, 100) AS i MATCH (n:N {{i: i}}) SET n.touched = {long}"),
        format!("UNWIND range(1, 100) AS i CREATE (:Marker {{v: {long}}})"),
        format!("UNWIND range(1, 100) AS i MERGE (m:Marker {{i: i}}) ON CREATE SET m.v = {long}"),
        format!(
            "MATCH (a:N)-[r:NEXT]->(b) CREATE (a)-[:EXTRA]->(b) DELETE r SET b.touched = {long}"
        ),
    ] {
        let err = db.query(&statement).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Timeout, "{statement}: {err}");
    }
    db.set_timeout(None);
    assert_eq!(count(&mut db, "MATCH (n) RETURN count(n)"), 3000);
    assert_eq!(
        count(&mut db, "MATCH ()-[r]->() RETURN count(r)"),
        2999 + 40 * 39
    );
    assert_eq!(
        count(
            &mut db,
            "MATCH (n) WHERE n.touched IS NOT NULL RETURN count(n)"
        ),
        0
    );
    // Without a limit a statement runs as long as it needs; a zero limit is no limit.
    db.set_timeout(Some(Duration::ZERO));
    assert_eq!(db.timeout(), None);
    assert_eq!(
        count(
            &mut db,
            "MATCH (a:N)-[:NEXT*]->(b:N {i: 3000}) RETURN count(*)"
        ),
        2999
    );
}

#[test]
fn time_limits_read_as_people_write_them() {
    let secs = |s: f64| Ok(Some(Duration::from_secs_f64(s)));
    assert_eq!(Database::parse_timeout("2.5"), secs(2.5));
    assert_eq!(Database::parse_timeout(" 30s "), secs(30.0));
    assert_eq!(Database::parse_timeout("500ms"), secs(0.5));
    assert_eq!(Database::parse_timeout("2m"), secs(120.0));
    assert_eq!(Database::parse_timeout("1.5min"), secs(90.0));
    for off in ["0", "0s", "off", "OFF", "none"] {
        assert_eq!(Database::parse_timeout(off), Ok(None), "{off}");
    }
    for bad in ["", "s", "soon", "-1", "nan", "inf", "1e400", "2 h"] {
        let e = Database::parse_timeout(bad).unwrap_err();
        assert!(e.contains("expected a time limit"), "{bad}: {e}");
    }
}

#[test]
fn read_only_refuses_writes_before_they_run() {
    let mut db = Database::with_seed();
    db.set_read_only(true);
    assert!(db.read_only());
    let names = db.graph.name_count();
    for write in [
        "CREATE (:Ghost {name: 'x'})",
        "MATCH (a:Actor) SET a.ghost = true",
        "MATCH (a:Actor) REMOVE a:Actor",
        "MATCH (a:Actor) DETACH DELETE a",
        "MERGE (:Ghost)",
        "PROFILE CREATE (:Ghost)",
    ] {
        let err = db.query(write).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Access, "{write}");
        assert_eq!(err.kind.name(), "AccessError");
        assert!(err.message.contains("read-only"), "{}", err.message);
    }
    // Nothing changed, not even the names the planner interned.
    assert_eq!(db.graph.name_count(), names);
    assert_eq!(count(&mut db, "MATCH (n) RETURN count(n)"), 11);
    assert!(db.query("EXPLAIN CREATE (:Ghost)").is_ok());
    db.set_read_only(false);
    assert!(db.query("CREATE (:Ghost)").is_ok());
}

#[test]
fn an_explicit_transaction_commits_or_rolls_back_its_statements_together() {
    let mut db = Database::with_seed();
    let names = db.graph.name_count();
    db.begin_transaction();
    assert_eq!(db.open_transactions(), 1);
    db.query("CREATE (:Visitor {name: 'Ada'})").unwrap();
    db.query("MATCH (v:Visitor), (r:Actor {name: 'Russia'}) CREATE (v)-[:VISITS]->(r)")
        .unwrap();
    // A failing statement in the transaction undoes only itself.
    assert!(db.query("CREATE (:Visitor {n: 1 / 0})").is_err());
    assert_eq!(
        count(&mut db, "MATCH (:Visitor)-[:VISITS]->() RETURN count(*)"),
        1
    );
    assert!(db.rollback_transaction());
    assert_eq!(db.open_transactions(), 0);
    // The names the transaction brought in are gone with it.
    assert_eq!(db.graph.name_count(), names);
    assert_eq!(count(&mut db, "MATCH (v:Visitor) RETURN count(v)"), 0);
    assert!(!db.rollback_transaction());
    assert!(!db.commit_transaction());

    db.begin_transaction();
    db.query("CREATE (:Visitor {name: 'Ada'})").unwrap();
    assert!(db.commit_transaction());
    assert_eq!(count(&mut db, "MATCH (v:Visitor) RETURN count(v)"), 1);
}

#[test]
fn in_transactions_keeps_the_batches_before_a_failure_and_refuses_an_explicit_transaction() {
    let mut db = Database::new();
    // Batches of 2: rows 1-2 commit, row 3 divides by zero; FAIL stops the statement there.
    let err = db
        .query("UNWIND range(1, 5) AS i CALL (i) { CREATE (:T {v: 10 / (3 - i)}) } IN TRANSACTIONS OF 2 ROWS")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Arithmetic);
    assert_eq!(count(&mut db, "MATCH (t:T) RETURN count(t)"), 2);
    // Without IN TRANSACTIONS the same statement changes nothing.
    db.query("MATCH (t:T) DETACH DELETE t").unwrap();
    assert!(db
        .query("UNWIND range(1, 5) AS i CALL (i) { CREATE (:T {v: 10 / (3 - i)}) }")
        .is_err());
    assert_eq!(count(&mut db, "MATCH (t:T) RETURN count(t)"), 0);
    // An interrupt stops it whatever ON ERROR says, undoing the batch it was in.
    let flag = Arc::new(AtomicBool::new(true));
    db.set_interrupt(flag.clone());
    let err = db
        .query("UNWIND range(1, 5) AS i CALL (i) { CREATE (:T) } IN TRANSACTIONS OF 2 ROWS ON ERROR CONTINUE")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Interrupted);
    flag.store(false, Ordering::SeqCst);
    assert_eq!(count(&mut db, "MATCH (t:T) RETURN count(t)"), 0);
    // Inside an explicit transaction it is refused before anything runs.
    db.begin_transaction();
    let err = db
        .query("UNWIND [1] AS i CALL (i) { CREATE (:T) } IN TRANSACTIONS")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Semantic);
    assert!(err.message.contains("explicit transaction"), "{err}");
    assert!(db.rollback_transaction());
    assert_eq!(count(&mut db, "MATCH (t:T) RETURN count(t)"), 0);
}
