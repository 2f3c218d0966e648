//! Composite uniqueness and key constraints, and uniqueness and key constraints on
//! relationships (Neo4j 5): checked on the data there is when created and before every commit
//! after; a failure leaves no trace (no constraint, no index, no change), whether a statement
//! touches a few entities or many (a load-sized statement is checked in one pass over the
//! label or type).

use relq::{Database, ErrorKind, Value};

fn count(db: &mut Database, q: &str) -> i64 {
    match db.query(q).unwrap().rows[0][0] {
        Value::Int(n) => n,
        ref other => panic!("{q}: {other:?}"),
    }
}

fn schema_counts(db: &mut Database) -> (i64, i64) {
    (
        count(db, "SHOW INDEXES YIELD name RETURN count(*)"),
        count(db, "SHOW CONSTRAINTS YIELD name RETURN count(*)"),
    )
}

#[test]
fn creation_on_bad_data_fails_and_leaves_nothing() {
    let mut db = Database::new();
    db.query(
        "UNWIND range(0, 599) AS i CREATE (:Actor {code: i % 300, year: 2020 + i / 300}), \
         (:Actor {code: i % 300, year: 2020 + i / 300})",
    )
    .unwrap();
    db.query("CREATE (a:N)-[:T {x: 1, y: [1, 2]}]->(a), (a)-[:T {x: 1, y: [1.0, 2.0]}]->(a)")
        .unwrap();
    for statement in [
        // Many nodes: one pass over the label.
        "CREATE CONSTRAINT pair FOR (a:Actor) REQUIRE (a.code, a.year) IS UNIQUE",
        "CREATE CONSTRAINT pair FOR (a:Actor) REQUIRE (a.year, a.code) IS NODE KEY",
        // Lists, which no index holds, compared item by item.
        "CREATE CONSTRAINT pair FOR ()-[r:T]-() REQUIRE (r.x, r.y) IS UNIQUE",
        "CREATE CONSTRAINT pair FOR ()-[r:T]-() REQUIRE r.y IS RELATIONSHIP KEY",
        // A key with a property missing.
        "CREATE CONSTRAINT pair FOR (a:Actor) REQUIRE (a.code, a.name) IS NODE KEY",
    ] {
        let e = db.query(statement).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Constraint, "{statement}");
        assert!(
            e.message.contains("cannot create the constraint `pair`"),
            "{}",
            e.message
        );
        assert_eq!(schema_counts(&mut db), (0, 0), "{statement}");
    }
    // Free data: the constraint is made, with its index, and seeks use it.
    db.query("MATCH (a:Actor) WHERE id(a) % 2 = 1 SET a.year = a.year + 10")
        .unwrap();
    db.query("CREATE CONSTRAINT pair FOR (a:Actor) REQUIRE (a.code, a.year) IS NODE KEY")
        .unwrap();
    assert_eq!(schema_counts(&mut db), (1, 1));
    let q = "MATCH (a:Actor) WHERE a.code = 7 AND a.year = 2021 RETURN count(a)";
    assert_eq!(count(&mut db, q), 1);
    let plan = db.query(&format!("EXPLAIN {q}")).unwrap().plan.unwrap();
    assert!(plan
        .operators
        .iter()
        .any(|o| o.name == "NodeIndexSeek" && o.details.contains("a:Actor(code, year)")));
}

#[test]
fn a_commit_that_breaks_one_fails_and_leaves_no_trace() {
    let mut db = Database::new();
    for statement in [
        "CREATE CONSTRAINT actor_pair FOR (a:Actor) REQUIRE (a.code, a.year) IS UNIQUE",
        "CREATE CONSTRAINT accuses_key FOR ()-[r:ACCUSES]-() REQUIRE (r.source, r.seq) IS RELATIONSHIP KEY",
        "CREATE CONSTRAINT denies_id FOR ()-[r:DENIES]-() REQUIRE r.id IS UNIQUE",
        "UNWIND range(0, 999) AS i CREATE (:Actor {code: i, year: 2020})",
        "MATCH (a:Actor {code: 0}), (b:Actor {code: 1}) \
         CREATE (a)-[:ACCUSES {source: 'wire', seq: 1}]->(b), (a)-[:DENIES {id: 1}]->(b), (a)-[:DENIES]->(b)",
    ] {
        db.query(statement).unwrap();
    }
    let state = |db: &mut Database| {
        db.query(
            "MATCH (a:Actor) WITH count(a) AS actors, sum(a.code) AS codes \
             OPTIONAL MATCH ()-[r]->() RETURN actors, codes, count(r), collect(r.seq)",
        )
        .unwrap()
        .rows
    };
    let before = state(&mut db);
    for (statement, says) in [
        // A statement of many nodes (one pass over the label) whose last breaks it.
        (
            "UNWIND range(1000, 1999) AS i CREATE (:Actor {code: CASE i WHEN 1999 THEN 5 ELSE i END, year: 2020.0})",
            "the properties `code` = 5, `year` = 2020",
        ),
        ("MATCH (a:Actor {code: 2}) SET a.code = 1", "both have the label `Actor`"),
        ("MATCH ()-[r:ACCUSES]->() REMOVE r.seq", "must have the property `seq`"),
        (
            "MATCH (a:Actor {code: 1}), (b:Actor {code: 0}) CREATE (a)-[:ACCUSES {source: 'wire', seq: 1.0}]->(b)",
            "both have the type `ACCUSES`",
        ),
        (
            "MATCH (a:Actor {code: 1}), (b:Actor {code: 0}) CREATE (a)-[:ACCUSES {source: 'wire', seq: 2}]->(b) \
             WITH a, b CREATE (b)-[:DENIES {id: 1}]->(a)",
            "the property `id` = 1",
        ),
    ] {
        let e = db.query(statement).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Constraint, "{statement}");
        assert!(e.message.contains(says), "{statement}: {}", e.message);
        assert_eq!(state(&mut db), before, "{statement}");
    }
    // What keeps them commits; the seeks see it.
    db.query("MATCH (a:Actor {code: 2}) SET a.year = 2021")
        .unwrap();
    db.query("MATCH (a:Actor {code: 1}) SET a.code = 2")
        .unwrap();
    let q = "MATCH (a:Actor) WHERE a.code = 2 AND a.year >= 2020 RETURN a.year ORDER BY a.year";
    assert_eq!(
        db.query(q).unwrap().rows,
        vec![vec![Value::Int(2020)], vec![Value::Int(2021)]]
    );
}

#[test]
fn bulk_loads_reach_composite_indexes_and_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let nodes = write(
        "nodes.csv",
        "id:ID,name,year:int,:LABEL\na1,Russia,2020,Actor\na2,Russia,2021,Actor\na3,Germany,2021,Actor\n",
    );
    let rels = write(
        "rels.csv",
        ":START_ID,:END_ID,:TYPE,source,seq:int\na1,a2,ACCUSES,wire,1\na2,a1,ACCUSES,wire,2\na3,a1,ACCUSES,web,1\n",
    );
    let mut db = Database::new();
    for statement in [
        "CREATE INDEX name_year FOR (a:Actor) ON (a.name, a.year)",
        "CREATE CONSTRAINT accuses_key FOR ()-[r:ACCUSES]-() REQUIRE (r.source, r.seq) IS RELATIONSHIP KEY",
        "CREATE (a:Actor {name: 'Russia', year: 2019})-[:ACCUSES {source: 'web', seq: 2}]->(a)",
    ] {
        db.query(statement).unwrap();
    }
    let node_q =
        "MATCH (a:Actor) WHERE a.name = 'Russia' AND a.year >= 2020 RETURN a.year ORDER BY a.year";
    let rel_q =
        "MATCH (a)-[r:ACCUSES {source: 'wire'}]->(b) WHERE r.seq = 2 RETURN a.name, a.year, b.year";
    // The indexes are built before the load, which must reach them.
    assert!(db.query(node_q).unwrap().rows.is_empty());
    assert!(db.query(rel_q).unwrap().rows.is_empty());
    db.load_files(&[&nodes, &rels]).unwrap();
    assert_eq!(
        db.query(node_q).unwrap().rows,
        vec![vec![Value::Int(2020)], vec![Value::Int(2021)]]
    );
    let plan = db
        .query(&format!("EXPLAIN {node_q}"))
        .unwrap()
        .plan
        .unwrap();
    assert!(plan
        .operators
        .iter()
        .any(|o| o.name == "NodeIndexSeekByRange" && o.details.contains("a:Actor(name, year)")));
    assert_eq!(
        db.query(rel_q).unwrap().rows,
        vec![vec![
            Value::str("Russia"),
            Value::Int(2021),
            Value::Int(2020)
        ]]
    );
    // A load that breaks the key loads nothing.
    let count = |db: &mut Database| {
        db.query("MATCH (a) OPTIONAL MATCH (a)-[r]->() RETURN count(DISTINCT a), count(r)")
            .unwrap()
            .rows
    };
    let before = count(&mut db);
    let nodes = write(
        "more_nodes.csv",
        "id:ID,name,year:int,:LABEL\nb1,Ukraine,2022,Actor\n",
    );
    let rels = write(
        "more_rels.csv",
        ":START_ID,:END_ID,:TYPE,source,seq:int\nb1,b1,ACCUSES,web,3\nb1,b1,ACCUSES,web,2\n",
    );
    let e = db.load_files(&[&nodes, &rels]).unwrap_err();
    assert!(e.contains("ConstraintError"), "{e}");
    assert!(e.contains("`source` = 'web', `seq` = 2"), "{e}");
    assert_eq!(count(&mut db), before);
    assert_eq!(db.query(node_q).unwrap().rows.len(), 2);
}
