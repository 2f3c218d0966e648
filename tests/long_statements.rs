//! Long statements are parsed, checked, planned, described and run in time linear (or n log n)
//! in their length, and deep nesting is an error, never a crash. The inputs are big enough that
//! quadratic work would take minutes here (an 8,000-hop chain took over two minutes to plan),
//! so a regression shows as a hang; each test asserts only the answer, never a time.

use relq::{Database, ErrorKind, Value};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

/// A graph of three nodes in a directed cycle.
fn triangle() -> Database {
    let mut db = Database::new();
    db.query("CREATE (a:N {i: 1})-[:R]->(b:N {i: 2})-[:R]->(c:N {i: 3})-[:R]->(a)")
        .unwrap();
    db
}

fn chain(hops: usize, arrow: &str) -> String {
    (1..=hops).map(|i| format!("{arrow}(n{i})")).collect()
}

fn count(db: &mut Database, statement: &str) -> Value {
    let r = db.query(statement).unwrap_or_else(|e| {
        panic!("{}: {e}", &statement[..statement.len().min(80)]);
    });
    r.rows[0][0].clone()
}

#[test]
fn a_pattern_of_thousands_of_hops_is_planned_and_run() {
    let mut db = triangle();
    // Short enough to match: each of the three relationships once, from each node.
    let short = format!("MATCH (n0){} RETURN count(*)", chain(3, "-->"));
    assert_eq!(count(&mut db, &short), Value::Int(3));
    // A relationship is matched once per pattern: 8,000 hops find nothing in three.
    let long = format!("MATCH (n0){} RETURN count(*)", chain(8000, "-->"));
    assert_eq!(count(&mut db, &long), Value::Int(0));
    let undirected = format!("MATCH (){} RETURN count(*)", "--()".repeat(8000));
    assert_eq!(count(&mut db, &undirected), Value::Int(0));
    let path = format!("MATCH p = (n0){} RETURN count(p)", chain(8000, "<-[:R]-"));
    assert_eq!(count(&mut db, &path), Value::Int(0));
}

#[test]
fn long_patterns_with_properties_and_merged_rows() {
    let mut db = triangle();
    // Properties that read the node before, labels and relationship properties: each a filter.
    let props: String = (1..=1000)
        .map(|i| format!("-[:R {{w: {i}}}]->(n{i}:N {{i: n{}.i + 1}})", i - 1))
        .collect();
    let props = format!("MATCH (n0 {{i: 1}}){props} RETURN count(*)");
    assert_eq!(count(&mut db, &props), Value::Int(0));
    // A projection that ignores multiplicity (rows are merged between the first hops only).
    let distinct = format!("MATCH (n0){} RETURN count(DISTINCT n0)", chain(8000, "-->"));
    assert_eq!(count(&mut db, &distinct), Value::Int(0));
}

#[test]
fn explain_describes_a_plan_of_thousands_of_operators() {
    let mut db = triangle();
    let long = format!("EXPLAIN MATCH (n0){} RETURN count(*)", chain(8000, "-->"));
    let plan = db.query(&long).unwrap().plan.expect("a plan");
    // ProduceResults, Projection, Aggregate, 7,999 expansions and the scan of the first
    // hop's relationships (fewer than the nodes and their relationships).
    assert_eq!(plan.operators.len(), 8003);
    assert!(plan.operators[3..8002]
        .iter()
        .all(|op| op.name == "Expand(All)"));
    assert_eq!(plan.operators[8002].name, "DirectedAllRelationshipsScan");
    // Each operator below the top one feeds the one above it.
    assert!(plan
        .operators
        .iter()
        .enumerate()
        .skip(1)
        .all(|(i, op)| op.parent == Some(i - 1)));
}

#[test]
fn many_pattern_parts() {
    let mut db = Database::new();
    db.query("CREATE (:N)").unwrap();
    let parts: Vec<String> = (0..2000).map(|i| format!("(a{i})")).collect();
    let parts = format!("MATCH {} RETURN count(*)", parts.join(", "));
    assert_eq!(count(&mut db, &parts), Value::Int(1));
    let hops: Vec<String> = (0..2000).map(|i| format!("(a{i})-->(b{i})")).collect();
    let hops = format!("MATCH {} RETURN count(*)", hops.join(", "));
    assert_eq!(count(&mut db, &hops), Value::Int(0));
}

#[test]
fn many_clauses() {
    let mut db = Database::new();
    db.query("CREATE (:N)").unwrap();
    let clauses: String = (0..1000).map(|i| format!("MATCH (a{i}) ")).collect();
    assert_eq!(
        count(&mut db, &format!("{clauses}RETURN count(*)")),
        Value::Int(1)
    );
    let withs = "WITH x + 1 AS x ".repeat(1000);
    assert_eq!(
        count(&mut db, &format!("WITH 0 AS x {withs}RETURN x")),
        Value::Int(1000)
    );
    let union: Vec<String> = (0..2000).map(|i| format!("RETURN {i} AS x")).collect();
    let r = db.query(&union.join(" UNION ")).unwrap();
    assert_eq!(r.rows.len(), 2000);
}

#[test]
fn long_lists_of_items_and_values() {
    let mut db = Database::new();
    let items: Vec<String> = (0..10_000).map(|i| format!("{i} AS c{i}")).collect();
    let r = db.query(&format!("RETURN {}", items.join(", "))).unwrap();
    assert_eq!(r.columns.len(), 10_000);
    assert_eq!(r.rows[0][9_999], Value::Int(9_999));
    let list: Vec<String> = (0..5000).map(|i| i.to_string()).collect();
    let list = format!("RETURN size([{}]) AS n", list.join(", "));
    assert_eq!(count(&mut db, &list), Value::Int(5000));
    let map: Vec<String> = (0..5000).map(|i| format!("k{i}: {i}")).collect();
    let map = format!("RETURN size(keys({{{}}})) AS n", map.join(", "));
    assert_eq!(count(&mut db, &map), Value::Int(5000));
}

#[test]
fn deep_nesting_and_long_operator_chains_are_errors_not_crashes() {
    let mut db = Database::new();
    for (open, close) in [("(", ")"), ("[", "]"), ("{a: ", "}")] {
        let deep = format!("RETURN {}1{} AS x", open.repeat(5000), close.repeat(5000));
        let err = db.query(&deep).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Resource, "{open}");
        assert_eq!(err.message, "expression nested too deeply");
    }
    // An operator chain is a tree 20,000 deep: refused with its place.
    let sum = format!("RETURN 1{}", " + 1".repeat(20_000));
    let err = db.query(&sum).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Resource);
    assert_eq!(err.message, "expression nested too deeply");
    assert!(err.span.is_some());
    // The database is still usable.
    assert_eq!(count(&mut db, "RETURN 1 + 1"), Value::Int(2));
}

#[test]
fn planning_stops_at_the_time_limit_and_on_an_interrupt() {
    // Planning is linear now; its longest loop, one step per hop of a pattern, still checks
    // the time limit and the interrupt flag at each step. EXPLAIN runs nothing, so an error
    // comes from parsing's end, planning or describing; only planning checks. The limit is far
    // below what planning takes, on any machine.
    let mut db = triangle();
    let huge = format!("EXPLAIN MATCH (n0){} RETURN count(*)", chain(20_000, "-->"));
    db.set_timeout(Some(Duration::from_millis(20)));
    let err = db.query(&huge).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    db.set_timeout(None);
    let flag = Arc::new(AtomicBool::new(true));
    db.set_interrupt(flag.clone());
    let long = format!("EXPLAIN MATCH (n0){} RETURN count(*)", chain(1000, "-->"));
    let err = db.query(&long).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Interrupted, "{err}");
    flag.store(false, std::sync::atomic::Ordering::SeqCst);
    assert!(db.query(&long).unwrap().plan.is_some());
}

#[test]
fn a_long_chain_is_created_in_one_pattern() {
    let mut db = Database::new();
    let create: String = (1..=8000).map(|i| format!("-[:R]->(n{i})")).collect();
    let r = db.query(&format!("CREATE (n0){create}")).unwrap();
    assert_eq!((r.stats.nodes_created, r.stats.rels_created), (8001, 8000));
    assert_eq!(
        count(&mut db, "MATCH ()-[r:R]->() RETURN count(r)"),
        Value::Int(8000)
    );
}

#[test]
fn the_timeout_flag_stops_a_statement_being_planned() {
    // As above, from the command line: EXPLAIN runs nothing, so only planning can stop it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.cypher");
    let statement = format!("EXPLAIN MATCH (n0){} RETURN count(*)", chain(20_000, "-->"));
    std::fs::write(&file, statement).unwrap();
    let out = assert_cmd::Command::cargo_bin("relq")
        .unwrap()
        .args(["--empty", "--timeout", "0.02", "-f"])
        .arg(&file)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("TimeoutError: the statement ran longer than its time limit of 0.02 s"),
        "{stderr}"
    );
}
