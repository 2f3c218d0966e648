//! The planner merges rows between hops when what follows ignores how often a row occurs
//! (`RETURN DISTINCT`, `count(DISTINCT ...)`). That must never change an answer: on random
//! multigraphs with self-loops, the merged plans agree with the plain ones deduplicated here.

use proptest::prelude::*;
use relq::{Database, Value};
use std::collections::BTreeSet;

mod common;

fn graph(edges: &[(u8, u8, bool)]) -> Database {
    common::multigraph(4, false, edges)
}

fn hop(dir: u8, ty: u8) -> String {
    let t = ["", ":A", ":B"][ty as usize % 3];
    match dir % 3 {
        0 => format!("-[{t}]->"),
        1 => format!("<-[{t}]-"),
        _ => format!("-[{t}]-"),
    }
}

fn rows(db: &mut Database, q: &str) -> BTreeSet<String> {
    let r = db.query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    r.rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| match v {
                    Value::Int(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn merged_rows_give_the_same_answers(
        edges in prop::collection::vec((0u8..4, 0u8..4, any::<bool>()), 0..12),
        hops in prop::collection::vec((0u8..3, 0u8..3), 2..4),
        start in prop::option::of(0u8..4),
        ret_first in any::<bool>(),
    ) {
        let mut db = graph(&edges);
        let mut pattern = match start {
            Some(i) => format!("(n0:N {{i: {i}}})"),
            None => "(n0:N)".to_string(),
        };
        for (k, (dir, ty)) in hops.iter().enumerate() {
            pattern.push_str(&hop(*dir, *ty));
            pattern.push_str(&format!("(n{})", k + 1));
        }
        let last = format!("n{}", hops.len());
        let ret = if ret_first { format!("n0.i, {last}.i") } else { format!("{last}.i") };
        let merged = rows(&mut db, &format!("MATCH {pattern} RETURN DISTINCT {ret}"));
        let plain = rows(&mut db, &format!("MATCH {pattern} RETURN {ret}"));
        prop_assert_eq!(&merged, &plain, "pattern {}", pattern);
        let counted = db.query(&format!("MATCH {pattern} RETURN count(DISTINCT {last}) AS n")).unwrap();
        let distinct_last: BTreeSet<String> = rows(&mut db, &format!("MATCH {pattern} RETURN {last}.i"));
        prop_assert_eq!(counted.rows[0][0].clone(), Value::Int(distinct_last.len() as i64));
    }
}

#[test]
fn the_planner_merges_the_middle_of_a_two_hop_count() {
    // A self-loop must not be used twice: x -loop-> x -loop-> x is not a match.
    let mut db = Database::new();
    db.query("CREATE (x:N {i: 0})-[:R]->(x), (x)-[:R]->(:N {i: 1})")
        .unwrap();
    let r = db
        .query("MATCH (a:N {i: 0})-->()-->(c) RETURN collect(DISTINCT c.i) AS cs")
        .unwrap();
    assert_eq!(r.rows[0][0], Value::List(vec![Value::Int(1)]));
    // Reaching the looped node both through its loop and from elsewhere: the rows differ only
    // in the relationship used, and the one through the loop must not stand for both.
    let mut db = Database::new();
    db.query("CREATE (x:N {i: 0})-[:R]->(x), (:N {i: 1})-[:R]->(x)")
        .unwrap();
    let r = db
        .query("MATCH (a:N)-->(b)-->(c) RETURN collect(DISTINCT c.i) AS cs")
        .unwrap();
    assert_eq!(r.rows[0][0], Value::List(vec![Value::Int(0)]));
}

#[test]
fn relationship_counts_from_the_type_index_match_counting() {
    let mut db = Database::with_seed();
    db.query("CREATE (x:N)-[:LOOP]->(x), (x)-[:ACCUSES]->(:N)")
        .unwrap();
    for (fast, slow) in [
        (
            "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t",
            "MATCH ()-[r]->() WHERE true RETURN type(r) AS t, count(*) AS n ORDER BY t",
        ),
        (
            "MATCH ()<-[r:ACCUSES|LOOP|NOPE]-() RETURN count(r) AS n, count(*) AS m",
            "MATCH ()<-[r:ACCUSES|LOOP|NOPE]-() WHERE true RETURN count(r) AS n, count(*) AS m",
        ),
        (
            "UNWIND [1, 2] AS x CREATE (:M) MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t",
            "UNWIND [1, 2] AS x CREATE (:M) MATCH ()-[r]->() WHERE true RETURN type(r) AS t, count(*) AS n ORDER BY t",
        ),
        (
            "MATCH ()-[r:NOPE]->() RETURN type(r) AS t, count(*) AS n",
            "MATCH ()-[r:NOPE]->() WHERE true RETURN type(r) AS t, count(*) AS n",
        ),
        (
            "MATCH ()-[r:NOPE]->() RETURN count(*) AS n",
            "MATCH ()-[r:NOPE]->() WHERE true RETURN count(*) AS n",
        ),
    ] {
        let a = rows(&mut db, fast);
        let b = rows(&mut db, slow);
        assert_eq!(a, b, "{fast}");
    }
}
