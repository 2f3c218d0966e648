//! PROFILE and EXPLAIN through the library: the rows each operator produced on the seed graph
//! (times vary from run to run, so they are only checked to be there), and what each does to
//! the graph: PROFILE of a write applies it (atomically, as any statement), EXPLAIN of a write
//! changes nothing.

use relq::output::plan::{estimate, tree_name};
use relq::{Database, PlanDescription, Value};

/// Each operator as `+Name details: est E, rows R`, the tree marks included.
fn rows_per_operator(plan: &PlanDescription) -> Vec<String> {
    plan.operators
        .iter()
        .map(|op| {
            format!(
                "{} {}: est {}, rows {}",
                tree_name(op),
                op.details,
                estimate(op.estimated_rows),
                op.rows.map_or("-".to_string(), |r| r.to_string())
            )
        })
        .collect()
}

/// Profile a statement on the seed graph: its result's rows and its plan.
fn check(query: &str, expected_rows: usize, expected: &[&str]) {
    let mut db = Database::with_seed();
    // The index a range seek needs.
    db.query("CREATE INDEX FOR (a:Actor) ON (a.name)").unwrap();
    let result = db.query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    assert_eq!(result.rows.len(), expected_rows, "{query}");
    let plan = result.plan.expect("PROFILE describes the plan");
    assert!(plan.profiled);
    assert_eq!(rows_per_operator(&plan), expected, "{query}");
    // Every operator that runs on its own is timed; the results and the UNION of parts are
    // not (nor UNION's Distinct, which is not an operator of its own either).
    for op in &plan.operators {
        match op.name.as_str() {
            "ProduceResults" | "Union" => assert_eq!(op.time, None, "{query}"),
            "Distinct" => {}
            name => assert!(op.time.is_some(), "{query}: {name}"),
        }
    }
    assert!(plan.total_time().is_some());
    assert_eq!(
        plan.total_rows(),
        Some(plan.operators.iter().filter_map(|o| o.rows).sum())
    );
}

#[test]
fn an_index_seek_and_its_expansion() {
    check(
        "PROFILE MATCH (a:Actor)-[r:ACCUSES]->(:Actor {name: 'Russia'}) RETURN a.name AS accuser ORDER BY accuser",
        6,
        &[
            "+ProduceResults accuser: est 0.6, rows 6",
            "+Truncate accuser: est 0.6, rows 6",
            "+Sort accuser: est 0.6, rows 6",
            "+Projection a.name AS accuser: est 0.6, rows 6",
            "+Filter a:Actor: est 0.6, rows 6",
            "+Expand(All) (anon_1)<-[r:ACCUSES]-(a): est 0.6, rows 6",
            "+NodeIndexSeek (anon_1:Actor {name: 'Russia'}): est 1, rows 1",
        ],
    );
}

#[test]
fn a_range_seek_finds_the_candidates_its_filters_keep() {
    check(
        "PROFILE MATCH (a:Actor)-[:ACCUSES]->(b) WHERE a.name >= 'G' AND a.name < 'V' RETURN a.name AS accuser, b.name AS accused ORDER BY accuser, accused",
        5,
        &[
            "+ProduceResults accuser, accused: est 3.2, rows 5",
            "+Truncate accuser, accused: est 3.2, rows 5",
            "+Sort accuser, accused: est 3.2, rows 5",
            "+Projection a.name AS accuser, b.name AS accused: est 3.2, rows 5",
            "+Expand(All) (a)-[anon_2:ACCUSES]->(b): est 3.2, rows 5",
            // The seek's candidates are counted in the index when it is planned.
            "+Filter a.name < 'V': est 5, rows 5",
            "+Filter a.name >= 'G': est 5, rows 5",
            "+NodeIndexSeekByRange (a:Actor) WHERE a.name >= 'G' AND a.name < 'V': est 5, rows 5",
        ],
    );
}

#[test]
fn optional_match_counts_its_inner_rows_over_every_input_row() {
    check(
        "PROFILE MATCH (a:Country) OPTIONAL MATCH (a)<-[:LEADS]-(p) RETURN a.name AS country, p.name AS leader",
        4,
        &[
            "+ProduceResults country, leader: est 4, rows 4",
            "+Projection a.name AS country, p.name AS leader: est 4, rows 4",
            "+Optional p, anon_2: est 4, rows 4",
            "| +Expand(All) (a)<-[anon_2:LEADS]-(p): est 1.1, rows 2",
            "| +Argument : est 4, rows 4",
            "+NodeByLabelScan a:Country: est 4, rows 4",
        ],
    );
}

#[test]
fn a_pattern_predicate_stops_at_its_first_match() {
    // Five actors accuse no one; each of the six others is rejected at its first accusation.
    check(
        "PROFILE MATCH (a:Actor) WHERE NOT (a)-[:ACCUSES]->() RETURN count(*) AS silent",
        1,
        &[
            "+ProduceResults silent: est 1, rows 1",
            "+Projection count(*) AS silent: est 1, rows 1",
            "+Aggregate aggs: count(*): est 1, rows 1",
            "+Filter NOT (a)-[:ACCUSES]->(): est 4, rows 5",
            "| +Expand(All) (a)-[anon_2:ACCUSES]->(anon_1): est 7, rows 6",
            "| +Argument : est 11, rows 11",
            "+NodeByLabelScan a:Actor: est 11, rows 11",
        ],
    );
}

#[test]
fn limit_stops_the_scan_early() {
    check(
        "PROFILE MATCH (a:Actor) RETURN a.name LIMIT 2",
        2,
        &[
            "+ProduceResults `a.name`: est 2, rows 2",
            "+Limit 2: est 2, rows 2",
            "+Projection a.name: est 11, rows 2",
            "+NodeByLabelScan a:Actor: est 11, rows 2",
        ],
    );
}

#[test]
fn union_parts_and_their_duplicates() {
    check(
        "PROFILE MATCH (a:Country) RETURN a.kind AS k UNION MATCH (b:Person) RETURN b.kind AS k",
        2,
        &[
            "+ProduceResults k: est 2.8, rows 2",
            "+Distinct k: est 2.8, rows 2",
            "+Union : est 8, rows 8",
            "| +Projection b.kind AS k: est 4, rows 4",
            "| +NodeByLabelScan b:Person: est 4, rows 4",
            "+Projection a.kind AS k: est 4, rows 4",
            "+NodeByLabelScan a:Country: est 4, rows 4",
        ],
    );
}

#[test]
fn rows_merged_between_hops() {
    check(
        "PROFILE MATCH (a:Actor)-[:ACCUSES]->(b)-[:ACCUSES]->(c) RETURN count(DISTINCT c) AS reached",
        1,
        &[
            "+ProduceResults reached: est 1, rows 1",
            "+Projection count(DISTINCT c) AS reached: est 1, rows 1",
            "+Aggregate aggs: count(DISTINCT c): est 1, rows 1",
            "+Expand(All) (b)-[anon_4:ACCUSES]->(c): est 3.4, rows 1",
            "+DistinctOn b, anon_2 if a self-loop: est 5.3, rows 2",
            "+Filter a:Actor: est 7, rows 7",
            "+DirectedRelationshipTypeScan (a)-[anon_2:ACCUSES]->(b): est 7, rows 7",
        ],
    );
}

#[test]
fn merge_runs_its_matcher_then_creates() {
    check(
        "PROFILE MERGE (a:Actor {name: 'France'}) ON CREATE SET a.new = true RETURN a.new",
        1,
        &[
            "+ProduceResults `a.new`: est 1, rows 1",
            "+Projection a.new: est 1, rows 1",
            "+Merge (a:Actor {name: 'France'}) ON CREATE SET a.new = true: est 1, rows 1",
            "+NodeIndexSeek (a:Actor {name: 'France'}): est 1, rows 0",
            "+Argument : est 1, rows 1",
        ],
    );
}

/// What the graph holds, in a form that shows any change: every node with its labels and
/// properties, and every relationship with its type and properties.
fn snapshot(db: &mut Database) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let nodes = db
        .query("MATCH (n) RETURN id(n), labels(n), properties(n) ORDER BY id(n)")
        .unwrap()
        .rows;
    let rels = db
        .query("MATCH ()-[r]->() RETURN id(r), type(r), properties(r) ORDER BY id(r)")
        .unwrap()
        .rows;
    (nodes, rels)
}

#[test]
fn explain_of_a_write_changes_nothing() {
    let mut db = Database::with_seed();
    let before = snapshot(&mut db);
    let names = db.graph.name_count();
    for statement in [
        "EXPLAIN CREATE (:Brand:New {name: 'X', fresh: true})-[:NEW_TYPE {w: 1}]->(:Actor)",
        "EXPLAIN MERGE (a:Actor {name: 'France'}) ON CREATE SET a.created = true",
        "EXPLAIN MATCH (a:Actor {name: 'FBI'}) SET a.checked = true, a:Agency REMOVE a.kind",
        "EXPLAIN MATCH (a:Actor) DETACH DELETE a",
    ] {
        let result = db.query(statement).unwrap();
        assert!(result.stats.is_empty(), "{statement}");
        assert!(result.columns.is_empty() && result.rows.is_empty());
        let plan = result.plan.expect("EXPLAIN describes the plan");
        assert!(!plan.profiled);
        assert!(plan
            .operators
            .iter()
            .all(|o| o.rows.is_none() && o.time.is_none()));
        assert!(snapshot(&mut db) == before, "{statement} changed the graph");
        // Not even a new label or key is remembered.
        assert_eq!(db.graph.name_count(), names, "{statement}");
    }
}

#[test]
fn profile_of_a_write_applies_it() {
    let mut db = Database::with_seed();
    let result = db
        .query("PROFILE MATCH (a:Actor {name: 'FBI'}) SET a.checked = true RETURN a.checked AS c")
        .unwrap();
    assert_eq!(result.rows, vec![vec![Value::Bool(true)]]);
    assert_eq!(result.stats.props_set, 1);
    let plan = result.plan.unwrap();
    assert_eq!(
        rows_per_operator(&plan),
        [
            "+ProduceResults c: est 1, rows 1",
            "+Projection a.checked AS c: est 1, rows 1",
            "+Set a.checked = true: est 1, rows 1",
            "+NodeIndexSeek (a:Actor {name: 'FBI'}): est 1, rows 1",
        ]
    );
    let checked = db
        .query("MATCH (a:Actor {name: 'FBI'}) RETURN a.checked")
        .unwrap();
    assert_eq!(checked.rows, vec![vec![Value::Bool(true)]]);

    let result = db
        .query("PROFILE CREATE (:Actor:Country {name: 'France'})")
        .unwrap();
    assert_eq!(result.stats.nodes_created, 1);
    assert!(result.columns.is_empty());
    let plan = result.plan.unwrap();
    assert_eq!(
        rows_per_operator(&plan),
        ["+Create (anon_0:Actor:Country {name: 'France'}): est 1, rows 1"]
    );
    let france = db
        .query("MATCH (a:Country {name: 'France'}) RETURN count(a)")
        .unwrap();
    assert_eq!(france.rows, vec![vec![Value::Int(1)]]);
}

#[test]
fn profile_of_a_failing_write_changes_nothing() {
    let mut db = Database::with_seed();
    let before = snapshot(&mut db);
    let e = db
        .query("PROFILE MATCH (a:Actor {name: 'FBI'}) SET a.checked = true WITH a RETURN 1 / 0")
        .unwrap_err();
    assert_eq!(e.kind, relq::ErrorKind::Arithmetic);
    assert!(
        snapshot(&mut db) == before,
        "the failed statement changed the graph"
    );
}

/// A range or prefix seek with constant bounds is counted in its index when it is planned (up
/// to 4096 entries): its estimate is what it finds. Beyond that, or with a bound known only
/// when the statement runs, the estimate is the default share of the label.
#[test]
fn range_seek_estimates_are_counted_in_the_index() {
    let mut db = Database::new();
    db.query("UNWIND range(0, 9999) AS i CREATE (:N {x: i, s: 'k' + toString(i)})")
        .unwrap();
    db.query("CREATE INDEX FOR (n:N) ON (n.x)").unwrap();
    db.query("CREATE INDEX FOR (n:N) ON (n.s)").unwrap();
    let seek_estimate = |db: &mut Database, q: &str| -> f64 {
        let plan = db
            .query(&format!("EXPLAIN {q}"))
            .unwrap_or_else(|e| panic!("{q}: {e}"))
            .plan
            .expect("EXPLAIN describes the plan");
        let seek = plan
            .operators
            .iter()
            .find(|o| o.name == "NodeIndexSeekByRange")
            .unwrap_or_else(|| panic!("{q}: no range seek in {:?}", plan.operators));
        seek.estimated_rows
    };
    let found = |db: &mut Database, q: &str| -> f64 {
        match db.query(q).unwrap().rows[0][0] {
            Value::Int(n) => n as f64,
            ref other => panic!("{other:?}"),
        }
    };
    for q in [
        "MATCH (n:N) WHERE n.x < 100 RETURN count(*)",
        "MATCH (n:N) WHERE 250 <= n.x <= 3000 RETURN count(*)",
        "MATCH (n:N) WHERE n.x > 9990.5 RETURN count(*)",
        "MATCH (n:N) WHERE n.s STARTS WITH 'k12' RETURN count(*)",
        "MATCH (n:N) WHERE n.x >= 20000 RETURN count(*)",
    ] {
        assert_eq!(seek_estimate(&mut db, q), found(&mut db, q), "{q}");
    }
    // More than can be counted: at least that many.
    let q = "MATCH (n:N) WHERE n.x >= 100 RETURN count(*)";
    assert!(seek_estimate(&mut db, q) > 4096.0, "{q}");
    // A bound known only when the statement runs: the default share (0.3 of the label).
    let plan = db
        .query("EXPLAIN WITH 100 AS b MATCH (n:N) WHERE n.x < b RETURN count(*)")
        .unwrap()
        .plan
        .unwrap();
    let seek = plan
        .operators
        .iter()
        .find(|o| o.name == "NodeIndexSeekByRange")
        .expect("a range seek");
    assert_eq!(seek.estimated_rows, 3000.0);
}
