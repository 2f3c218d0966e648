//! Composite index seeks (`NodeIndexSeek`, `NodeIndexSeekByRange` and the relationship seeks on
//! an index of `(x, y)`) narrow a label's nodes, or a type's relationships, to candidates from
//! the index of each property, the predicates kept as filters above: they must find exactly
//! the rows a scan and the same predicates find. On random values (a few common ones, so that
//! entities share both values, and every kind now and then; missing values), equality on both
//! properties (in WHERE or in the pattern's map) or on the first and one or two bounds, or a
//! prefix, of the second, or any of those on the second alone (sought through the index the
//! composite one keeps of it), as literals or bound by an earlier clause; before and after the
//! values change (set,
//! removed, entities created and deleted, labels removed and added, a statement rolled back),
//! in batches and row by row.
//! (This file is its own test process: the batch switch is process-wide.)

use proptest::prelude::*;
use relq::Database;

mod seek_common;
use seek_common::{bound, bound_conjuncts, bounds_given, common_value, finds_what_scan_finds};

/// A predicate on `e.x` and `e.y`.
#[derive(Clone, Debug)]
struct Pred {
    /// No predicate on `e.x`: `e.y`'s alone is sought through the index the composite index
    /// keeps of its second property.
    y_alone: bool,
    /// `e.x = v` in WHERE (false: `{x: v}` in the pattern).
    x_in_where: bool,
    /// 0 `e.y = v` in WHERE, 1 `{y: v}` in the pattern, 2 bounds of `e.y`, 3 `e.y STARTS WITH`.
    y: u8,
    /// 0 none, 1 `>`, 2 `>=` (with `y` 2; at least one of the two)
    lower: u8,
    /// 0 none, 1 `<`, 2 `<=`
    upper: u8,
    /// Bounds written the other way round (`lo < e.y`).
    flipped: bool,
    /// The values bound by a clause before the MATCH rather than written in it.
    bound_earlier: bool,
    /// Relationships: 0 `->`, 1 `<-`, 2 undirected.
    dir: u8,
}

fn pred() -> impl Strategy<Value = Pred> {
    (
        prop::bool::weighted(0.25),
        any::<bool>(),
        0u8..4,
        0u8..3,
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        0u8..3,
    )
        .prop_map(
            |(y_alone, x_in_where, y, lower, upper, flipped, bound_earlier, dir)| Pred {
                y_alone,
                x_in_where,
                y,
                lower: if lower == 0 && upper == 0 { 1 } else { lower },
                upper,
                flipped,
                bound_earlier,
                dir,
            },
        )
}

impl Pred {
    /// The seek query and the scan query (the predicates as a value, every entity tested) of
    /// `e` in `pattern` (given the map of `e`), with `x` equal to `vx` and `y` equal to, or
    /// bounded by, `lo` and `hi`.
    fn text(
        &self,
        pattern: impl Fn(&str) -> String,
        ids: &str,
        (vx, lo, hi): (&str, &str, &str),
    ) -> (String, String) {
        let (head, (lo_ref, hi_ref)) = bounds_given(self.bound_earlier, lo, hi);
        let (head, vx_ref) = match head.strip_prefix("WITH ") {
            Some(rest) => (format!("WITH {vx} AS vx, {rest}"), "vx"),
            None => (head, vx),
        };
        let mut map = Vec::new();
        let mut conjuncts = Vec::new();
        let mut all = vec![format!("e.x = {vx_ref}")];
        if self.y_alone {
            all.clear();
        } else if self.x_in_where {
            conjuncts.push(format!("e.x = {vx_ref}"));
        } else {
            map.push(format!("x: {vx_ref}"));
        }
        match self.y {
            0 | 1 => {
                all.push(format!("e.y = {lo_ref}"));
                if self.y == 0 {
                    conjuncts.push(format!("e.y = {lo_ref}"));
                } else {
                    map.push(format!("y: {lo_ref}"));
                }
            }
            3 => {
                all.push(format!("e.y STARTS WITH {lo_ref}"));
                conjuncts.push(format!("e.y STARTS WITH {lo_ref}"));
            }
            _ => {
                let bounds = bound_conjuncts(
                    "e.y",
                    (self.lower, self.upper),
                    self.flipped,
                    (lo_ref, hi_ref),
                );
                all.extend(bounds.iter().cloned());
                conjuncts.extend(bounds);
            }
        }
        let map = if map.is_empty() {
            String::new()
        } else {
            format!(" {{{}}}", map.join(", "))
        };
        let filter = if conjuncts.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conjuncts.join(" AND "))
        };
        let order = format!("ORDER BY {ids}");
        (
            format!("{head}MATCH {}{filter} RETURN {ids} {order}", pattern(&map)),
            format!(
                "{head}MATCH {} RETURN {ids}, {} AS ok {order}",
                pattern(""),
                all.join(" AND ")
            ),
        )
    }

    fn rel_pattern(&self) -> impl Fn(&str) -> String + '_ {
        move |map: &str| match self.dir {
            0 => format!("(a)-[e:T{map}]->(b)"),
            1 => format!("(a)<-[e:T{map}]-(b)"),
            _ => format!("(a)-[e:T{map}]-(b)"),
        }
    }
}

/// The properties of an entity numbered `i` with values `x` and `y` (None: missing).
fn props(i: usize, x: Option<&str>, y: Option<&str>) -> String {
    let mut props = vec![format!("id: {i}")];
    props.extend(x.map(|v| format!("x: {v}")));
    props.extend(y.map(|v| format!("y: {v}")));
    format!("{{{}}}", props.join(", "))
}

/// The graph: a node of label N for each pair of values (every fifth of label M instead), and
/// a relationship of type T for each pair (every fourth of type U) between five nodes of label
/// Z, every fifth a self-loop; composite indexes on N(x, y) and T(x, y).
fn graph(pairs: &[(Option<&str>, Option<&str>)]) -> Database {
    let mut db = Database::new();
    db.query("UNWIND range(0, 4) AS i CREATE (:Z {id: i})")
        .unwrap();
    db.query("CREATE INDEX FOR (n:N) ON (n.x, n.y)").unwrap();
    db.query("CREATE INDEX FOR ()-[r:T]-() ON (r.x, r.y)")
        .unwrap();
    for (i, (x, y)) in pairs.iter().enumerate() {
        let label = if i % 5 == 4 { "M" } else { "N" };
        let ty = if i % 4 == 3 { "U" } else { "T" };
        let p = props(i, *x, *y);
        let (a, b) = (i % 5, if i % 5 == 4 { i % 5 } else { (i * 3 + 1) % 5 });
        for q in [
            format!("CREATE (:{label} {p})"),
            format!("MATCH (a:Z {{id: {a}}}), (b:Z {{id: {b}}}) CREATE (a)-[:{ty} {p}]->(b)"),
        ] {
            db.query(&q).unwrap_or_else(|e| panic!("{q}: {e}"));
        }
    }
    db
}

/// Whether the node and relationship seeks find what the scans find; with `planned`, that the
/// node query seeks from the composite index when its label has nodes.
fn check(
    db: &mut Database,
    pred: &Pred,
    values: (&str, &str, &str),
    planned: bool,
) -> Result<(), TestCaseError> {
    let (seek, scan) = pred.text(|map| format!("(e:N{map})"), "e.id", values);
    if planned {
        let plan = db.query(&format!("EXPLAIN {seek}")).unwrap().plan.unwrap();
        let seeks = plan
            .operators
            .iter()
            .any(|op| op.name.starts_with("NodeIndexSeek") && op.details.contains("e:N(x, y)"));
        let nodes = db.query("MATCH (n:N) RETURN count(n)").unwrap().rows[0][0].clone();
        if nodes != relq::Value::Int(0) && !pred.y_alone {
            prop_assert!(seeks, "no composite seek for {}", seek);
        }
    }
    finds_what_scan_finds(db, &seek, &scan)?;
    let (seek, scan) = pred.text(pred.rel_pattern(), "a.id, e.id, b.id", values);
    finds_what_scan_finds(db, &seek, &scan)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn composite_seeks_find_what_scans_find(
        pairs in prop::collection::vec((common_value(), common_value()), 1..16),
        preds in prop::collection::vec(
            (pred(), common_value(), prop_oneof![3 => common_value().prop_map(|v| v.unwrap_or("null")), 1 => bound()], bound()),
            1..5,
        ),
        changes in prop::collection::vec((0usize..18, any::<bool>(), common_value()), 0..8),
    ) {
        let mut db = graph(&pairs);
        let values = |(vx, lo, hi): (&Option<&'static str>, &'static str, &'static str)| {
            (vx.unwrap_or("null"), lo, hi)
        };
        for (pred, vx, lo, hi) in &preds {
            check(&mut db, pred, values((vx, lo, hi)), true)?;
        }
        // The indexes are built: change values and entities, and ask again.
        for (k, (i, on_y, v)) in changes.iter().enumerate() {
            let key = if *on_y { "y" } else { "x" };
            let set = match v {
                Some(v) => format!("SET e.{key} = {v}"),
                None => format!("REMOVE e.{key}"),
            };
            let (node, rel) = (format!("MATCH (e {{id: {i}}}) WHERE NOT e:Z"), format!("MATCH ()-[e {{id: {i}}}]->()"));
            let queries = match k % 6 {
                5 => vec![format!("{node} DETACH DELETE e"), format!("{rel} DELETE e")],
                4 => {
                    let p = props(100 + k, *v, Some("1"));
                    vec![
                        format!("CREATE (:N {p})"),
                        format!("MATCH (a:Z {{id: {}}}), (b:Z {{id: {}}}) CREATE (a)-[:T {p}]->(b)", i % 5, (i + 2) % 5),
                    ]
                }
                3 => vec![format!("{node} REMOVE e:N SET e:M"), format!("{node} SET e:N")],
                // A statement that fails after its change: rolled back.
                2 => vec![
                    format!("{node} {set} WITH e RETURN 1 / 0 AS boom"),
                    format!("{rel} {set} WITH e RETURN 1 / 0 AS boom"),
                ],
                _ => vec![format!("{node} {set}"), format!("{rel} {set}")],
            };
            for q in queries {
                let result = db.query(&q);
                if k % 6 != 2 {
                    result.unwrap_or_else(|e| panic!("{q}: {e}"));
                }
            }
        }
        for (pred, vx, lo, hi) in &preds {
            check(&mut db, pred, values((vx, lo, hi)), false)?;
        }
    }
}

/// A composite seek finds a subset of what a seek of one of its properties finds, so it is
/// chosen even when the estimates disagree: here the value of `y` is computed (`date(...)`,
/// estimated by the average entities per value) while the composite's estimate counts the
/// entities of both values (three, more than the average of two).
#[test]
fn composite_seek_is_chosen_over_a_seek_of_one_of_its_properties() {
    let (r, d) = (Some("'R'"), Some("date('2020-11-01')"));
    let mut pairs = vec![(None, None); 12];
    for (i, y) in [(1, "'Ru'"), (3, "-1"), (7, "1"), (8, "2")] {
        pairs[i] = (None, Some(y));
    }
    for i in [5, 10, 11] {
        pairs[i] = (r, d);
    }
    let mut db = graph(&pairs);
    for (pattern, seek) in [
        ("(e:N {x: 'R'})", "e:N(x, y)"),
        ("(a)-[e:T {x: 'R'}]->(b)", "e:T(x, y)"),
    ] {
        let q = format!("MATCH {pattern} WHERE e.y = date('2020-11-01') RETURN e.id ORDER BY e.id");
        let plan = db.query(&format!("EXPLAIN {q}")).unwrap().plan.unwrap();
        assert!(
            plan.operators.iter().any(|op| op.details.contains(seek)),
            "{q}: {plan:?}"
        );
        let ids: Vec<relq::Value> = db
            .query(&q)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        let expected: Vec<relq::Value> = [5, 10, 11]
            .into_iter()
            .filter(|i| !pattern.starts_with("(e") || i % 5 != 4)
            .filter(|i| pattern.starts_with("(e") || i % 4 != 3)
            .map(relq::Value::Int)
            .collect();
        assert_eq!(ids, expected, "{q}");
    }
}
