//! Relationship index seeks (`DirectedRelationshipIndexSeek`, `...ByRange` and their undirected
//! forms) narrow a type's relationships to candidates from the declared (type, key) index, the
//! predicates kept as filters above: they must find exactly the rows a scan of the type and the
//! same predicate find, one row per direction of an undirected pattern (a self-loop once). On
//! random values of every kind (numbers at the edges, NaN, strings, dates and other temporal
//! values, durations, points, lists, missing values) and random bounds (null, NaN, maps), with
//! equality (in WHERE and in the pattern's map), a list of values (`IN`), one bound or two, or
//! a prefix, as literals or bound by an earlier clause; before and after the values change (set,
//! removed, relationships deleted and created, a statement rolled back), in batches and row by
//! row.
//! (This file is its own test process: the batch switch is process-wide.)

use proptest::prelude::*;
use relq::{set_batch_execution, Database, Value};

mod seek_common;
use seek_common::{bound, bound_conjuncts, bounds_given, finds_what_scan_finds, value};

/// A predicate on `r.x`: an equality (in WHERE or in the pattern), a lower bound, an upper
/// bound, both, or a prefix; and the pattern's direction.
#[derive(Clone, Debug)]
struct Pred {
    /// 0 none, 1 `=` in WHERE, 2 `{x: v}` in the pattern, 3 `r.x IN [lo, hi, lo]`
    equal: u8,
    /// 0 none, 1 `>`, 2 `>=`
    lower: u8,
    /// 0 none, 1 `<`, 2 `<=`
    upper: u8,
    prefix: bool,
    /// Written the other way round (`lo < r.x`).
    flipped: bool,
    /// Bound by a clause before the MATCH rather than written in it.
    bound_earlier: bool,
    /// 0 `->`, 1 `<-`, 2 undirected
    dir: u8,
}

fn pred() -> impl Strategy<Value = Pred> {
    (
        0u8..4,
        0u8..3,
        0u8..3,
        prop::bool::weighted(0.2),
        any::<bool>(),
        any::<bool>(),
        0u8..3,
    )
        .prop_map(
            |(equal, lower, upper, prefix, flipped, bound_earlier, dir)| {
                let equal = if prefix { 0 } else { equal };
                let (lower, upper) = if equal > 0 { (0, 0) } else { (lower, upper) };
                Pred {
                    lower: if equal == 0 && lower == 0 && upper == 0 && !prefix {
                        1
                    } else {
                        lower
                    },
                    equal,
                    upper,
                    prefix,
                    flipped,
                    bound_earlier,
                    dir,
                }
            },
        )
}

impl Pred {
    /// The seek query and the scan query (the predicate as a value: no seek, every
    /// relationship of the type tested), with the bounds as `lo` and `hi` when bound earlier,
    /// else written in.
    fn text(&self, lo: &str, hi: &str) -> (String, String) {
        let (head, (lo_ref, hi_ref)) = bounds_given(self.bound_earlier, lo, hi);
        let mut map = String::new();
        let conjuncts = if self.prefix {
            vec![format!("r.x STARTS WITH {lo_ref}")]
        } else if self.equal == 1 {
            vec![if self.flipped {
                format!("{lo_ref} = r.x")
            } else {
                format!("r.x = {lo_ref}")
            }]
        } else if self.equal == 2 {
            map = format!(" {{x: {lo_ref}}}");
            Vec::new()
        } else if self.equal == 3 {
            vec![format!("r.x IN [{lo_ref}, {hi_ref}, {lo_ref}]")]
        } else {
            bound_conjuncts(
                "r.x",
                (self.lower, self.upper),
                self.flipped,
                (lo_ref, hi_ref),
            )
        };
        let hop = |map: &str| match self.dir {
            0 => format!("(a)-[r:T{map}]->(b)"),
            1 => format!("(a)<-[r:T{map}]-(b)"),
            _ => format!("(a)-[r:T{map}]-(b)"),
        };
        let (pred, value) = if self.equal == 2 {
            (String::new(), format!("r.x = {lo_ref}"))
        } else {
            let p = conjuncts.join(" AND ");
            (format!(" WHERE {p}"), p)
        };
        let order = "ORDER BY a.id, r.id, b.id";
        (
            format!(
                "{head}MATCH {}{pred} RETURN a.id, r.id, b.id {order}",
                hop(&map)
            ),
            format!(
                "{head}MATCH {} RETURN a.id, r.id, b.id, {value} AS ok {order}",
                hop("")
            ),
        )
    }

    fn seek_name(&self) -> String {
        let way = if self.dir == 2 {
            "Undirected"
        } else {
            "Directed"
        };
        let kind = if self.equal > 0 { "" } else { "ByRange" };
        format!("{way}RelationshipIndexSeek{kind}")
    }
}

/// Whether the seek query finds what the scan finds; with `planned`, that its plan seeks when
/// it bounds a range or prefix (an equality seek is planned only when it finds fewer than
/// the type's every relationship; a type without relationships is scanned: nothing to seek).
fn check(
    db: &mut Database,
    pred: &Pred,
    lo: &str,
    hi: &str,
    planned: bool,
) -> Result<(), TestCaseError> {
    let (seek, scan) = pred.text(lo, hi);
    let plan = db.query(&format!("EXPLAIN {seek}")).unwrap().plan.unwrap();
    let name = pred.seek_name();
    let seeks = plan.operators.iter().any(|op| op.name == name);
    let rels = db.query("MATCH ()-[r:T]->() RETURN count(r)").unwrap().rows[0][0].clone();
    if planned && pred.equal == 0 && rels != Value::Int(0) {
        prop_assert!(seeks, "no {} for {}", name, seek);
    }
    finds_what_scan_finds(db, &seek, &scan)
}

/// The graph: five nodes, and a relationship for each value (of type T, every fourth of type
/// U; every fifth a self-loop), numbered by `id`.
fn graph(values: &[Option<&str>]) -> Database {
    let mut db = Database::new();
    db.query("UNWIND range(0, 4) AS i CREATE (:N {id: i})")
        .unwrap();
    db.query("CREATE INDEX FOR ()-[r:T]-() ON (r.x)").unwrap();
    for (i, v) in values.iter().enumerate() {
        let ty = if i % 4 == 3 { "U" } else { "T" };
        let (a, b) = (i % 5, if i % 5 == 4 { i % 5 } else { (i * 3 + 1) % 5 });
        let props = match v {
            Some(v) => format!("{{id: {i}, x: {v}}}"),
            None => format!("{{id: {i}}}"),
        };
        let q =
            format!("MATCH (a:N {{id: {a}}}), (b:N {{id: {b}}}) CREATE (a)-[:{ty} {props}]->(b)");
        db.query(&q).unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    db
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn relationship_seeks_find_what_scans_find(
        values in prop::collection::vec(value(), 1..14),
        preds in prop::collection::vec((pred(), bound(), bound()), 1..5),
        changes in prop::collection::vec((0usize..16, value()), 0..7),
    ) {
        let mut db = graph(&values);
        for (pred, lo, hi) in &preds {
            check(&mut db, pred, lo, hi, true)?;
        }
        // The index is built: change values and relationships, and ask again.
        for (k, (i, v)) in changes.iter().enumerate() {
            let set = match v {
                Some(v) => format!("SET r.x = {v}"),
                None => "REMOVE r.x".to_string(),
            };
            let q = match k % 5 {
                4 => format!("MATCH ()-[r {{id: {i}}}]->() DELETE r"),
                3 => format!(
                    "MATCH (a:N {{id: {}}}), (b:N {{id: {}}}) CREATE (a)-[:T {{id: {}, x: {}}}]->(b)",
                    i % 5,
                    (i + 2) % 5,
                    100 + k,
                    v.unwrap_or("null")
                ),
                // A statement that fails after its change: rolled back.
                2 => format!("MATCH ()-[r {{id: {i}}}]->() {set} WITH r RETURN 1 / 0 AS boom"),
                _ => format!("MATCH ()-[r {{id: {i}}}]->() {set}"),
            };
            let result = db.query(&q);
            if k % 5 != 2 {
                result.unwrap_or_else(|e| panic!("{q}: {e}"));
            }
        }
        for (pred, lo, hi) in &preds {
            check(&mut db, pred, lo, hi, false)?;
        }
    }
}

/// The seek's rows, in both executors, are the type scan's, row for row, on a self-loop and
/// both directions, before and after a rolled back change; and the index survives a save.
#[test]
fn seeks_on_self_loops_and_after_rollback() {
    let mut db = Database::new();
    db.query(
        "CREATE (a:N {id: 0}), (b:N {id: 1}), (a)-[:T {id: 10, x: 5}]->(b), \
         (a)-[:T {id: 11, x: 5}]->(a), (b)-[:T {id: 12, x: 6}]->(a)",
    )
    .unwrap();
    db.query("CREATE INDEX t_x FOR ()-[r:T]->() ON (r.x)")
        .unwrap();
    let q = "MATCH (p)-[r:T {x: 5}]-(q) RETURN p.id, r.id, q.id ORDER BY p.id, r.id, q.id";
    let plan = db.query(&format!("EXPLAIN {q}")).unwrap().plan.unwrap();
    assert!(
        plan.operators
            .iter()
            .any(|o| o.name == "UndirectedRelationshipIndexSeek"),
        "{:?}",
        plan.operators.iter().map(|o| &o.name).collect::<Vec<_>>()
    );
    let expected = vec![
        vec![Value::Int(0), Value::Int(10), Value::Int(1)],
        vec![Value::Int(0), Value::Int(11), Value::Int(0)],
        vec![Value::Int(1), Value::Int(10), Value::Int(0)],
    ];
    for batch in [true, false] {
        set_batch_execution(batch);
        assert_eq!(db.query(q).unwrap().rows, expected, "batches: {batch}");
    }
    set_batch_execution(true);
    // A failed statement's changes are undone in the index too.
    let failed = db.query("MATCH ()-[r:T {id: 12}]->() SET r.x = 5 WITH r RETURN 1 / 0");
    assert!(failed.is_err());
    let failed = db.query("MATCH ()-[r:T {id: 10}]->() DELETE r WITH r RETURN 1 / 0");
    assert!(failed.is_err());
    assert_eq!(db.query(q).unwrap().rows, expected);
    // A dropped index is no longer sought from.
    db.query("DROP INDEX t_x").unwrap();
    let plan = db.query(&format!("EXPLAIN {q}")).unwrap().plan.unwrap();
    assert!(plan
        .operators
        .iter()
        .all(|o| !o.name.contains("RelationshipIndexSeek")));
    assert_eq!(db.query(q).unwrap().rows, expected);
}

/// PROFILE shows the seek with the rows it found (each relationship once per direction of an
/// undirected pattern) and its estimate, in both executors.
#[test]
fn profile_counts_the_rows_a_seek_finds() {
    let mut db = Database::new();
    db.query(
        "UNWIND range(0, 99) AS i CREATE (:N {id: i})-[:T {day: date('2020-01-01') + duration({days: i})}]->(:N {id: 100 + i})",
    )
    .unwrap();
    db.query("CREATE INDEX FOR ()-[r:T]-() ON (r.day)").unwrap();
    let cases = [
        (
            "MATCH (a)-[r:T]->(b) WHERE r.day >= date('2020-03-01') RETURN a.id",
            "DirectedRelationshipIndexSeekByRange",
            40,
        ),
        (
            "MATCH (a)-[r:T]-(b) WHERE r.day < date('2020-01-11') RETURN a.id",
            "UndirectedRelationshipIndexSeekByRange",
            20,
        ),
        (
            "MATCH (a)<-[r:T {day: date('2020-01-05')}]-(b) RETURN a.id",
            "DirectedRelationshipIndexSeek",
            1,
        ),
    ];
    for batch in [true, false] {
        set_batch_execution(batch);
        for (q, name, rows) in cases {
            let result = db.query(&format!("PROFILE {q}")).unwrap();
            assert_eq!(result.rows.len(), rows, "{q}");
            let plan = result.plan.unwrap();
            let seek = plan
                .operators
                .iter()
                .find(|o| o.name == name)
                .unwrap_or_else(|| panic!("no {name} in the plan of {q}"));
            assert_eq!(seek.rows, Some(rows as u64), "{q} (batches: {batch})");
            assert!(seek.estimated_rows > 0.0, "{q}");
        }
    }
    set_batch_execution(true);
}
