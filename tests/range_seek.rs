//! Range and prefix seeks (`NodeIndexSeekByRange`) narrow a label's nodes to candidates from the
//! ordered property index, the predicates kept as filters above: they must find exactly the
//! nodes a scan of the label and the same predicate find. On random values of every kind (the
//! integers and floats at the edges of i64, -0.0, NaN, infinities, strings, temporal values of
//! each type, durations, points, lists, missing values) and random bounds (null, NaN, maps and
//! lists among them), one bound or two, a prefix or a list of values (`IN`), given as literals
//! or bound by an earlier clause, before and after the values change, in batches and row by
//! row.
//! (This file is its own test process: the batch switch is process-wide.)

use proptest::prelude::*;
use relq::Database;

mod seek_common;
use seek_common::{bound, bound_conjuncts, bounds_given, finds_what_scan_finds, value};

/// A predicate on `n.x`: a lower bound, an upper bound, both, or a prefix.
#[derive(Clone, Debug)]
struct Pred {
    /// 0 none, 1 `>`, 2 `>=`
    lower: u8,
    /// 0 none, 1 `<`, 2 `<=`
    upper: u8,
    prefix: bool,
    /// `n.x IN [lo, hi, lo]` instead of bounds.
    any_of: bool,
    /// Written the other way round (`lo < n.x`).
    flipped: bool,
    /// Bound by a clause before the MATCH rather than written in it.
    bound_earlier: bool,
}

fn pred() -> impl Strategy<Value = Pred> {
    (
        0u8..3,
        0u8..3,
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.25),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(lower, upper, prefix, any_of, flipped, bound_earlier)| Pred {
                lower: if lower == 0 && upper == 0 && !prefix {
                    1
                } else {
                    lower
                },
                upper,
                prefix,
                any_of: any_of && !prefix,
                flipped,
                bound_earlier,
            },
        )
}

impl Pred {
    /// The query, with the bounds as `lo` and `hi` when bound earlier, else written in.
    fn text(&self, lo: &str, hi: &str) -> (String, String) {
        let (head, (lo_ref, hi_ref)) = bounds_given(self.bound_earlier, lo, hi);
        let conjuncts = if self.prefix {
            vec![format!("n.x STARTS WITH {lo_ref}")]
        } else if self.any_of {
            vec![format!("n.x IN [{lo_ref}, {hi_ref}, {lo_ref}]")]
        } else {
            bound_conjuncts(
                "n.x",
                (self.lower, self.upper),
                self.flipped,
                (lo_ref, hi_ref),
            )
        };
        let pred = conjuncts.join(" AND ");
        (
            format!("{head}MATCH (n:L) WHERE {pred} RETURN n.id ORDER BY n.id"),
            // The same predicate as a value: no seek, every node of the label tested.
            format!("{head}MATCH (n:L) RETURN n.id, {pred} AS ok ORDER BY n.id"),
        )
    }
}

/// Whether the seek query finds what the scan finds; with `planned`, that its plan seeks
/// (a label without nodes is scanned: nothing to seek).
fn check(
    db: &mut Database,
    pred: &Pred,
    lo: &str,
    hi: &str,
    planned: bool,
) -> Result<(), TestCaseError> {
    let (seek, scan) = pred.text(lo, hi);
    let plan = db.query(&format!("EXPLAIN {seek}")).unwrap().plan.unwrap();
    // An IN seek is planned when it finds fewer nodes than the label has.
    let name = if pred.any_of {
        "NodeIndexSeek"
    } else {
        "NodeIndexSeekByRange"
    };
    let seeks = plan.operators.iter().any(|op| op.name == name);
    prop_assert!(seeks || !planned || pred.any_of, "no seek for {}", seek);
    finds_what_scan_finds(db, &seek, &scan)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn seeks_find_what_scans_find(
        values in prop::collection::vec(value(), 1..14),
        preds in prop::collection::vec((pred(), bound(), bound()), 1..5),
        changes in prop::collection::vec((0usize..14, value()), 0..6),
    ) {
        let mut db = Database::new();
        db.query("CREATE INDEX FOR (n:L) ON (n.x)").unwrap();
        for (i, v) in values.iter().enumerate() {
            // Every third node without the label: the seek reads the label's index only.
            let label = if i % 3 == 2 { "M" } else { "L" };
            let q = match v {
                Some(v) => format!("CREATE (:{label} {{id: {i}, x: {v}}})"),
                None => format!("CREATE (:{label} {{id: {i}}})"),
            };
            db.query(&q).unwrap_or_else(|e| panic!("{q}: {e}"));
        }
        for (pred, lo, hi) in &preds {
            check(&mut db, pred, lo, hi, true)?;
        }
        // The index is built: change values, labels and nodes, and ask again.
        for (k, (i, v)) in changes.iter().enumerate() {
            let q = match (k % 4, v) {
                (3, _) => format!("MATCH (n {{id: {i}}}) DETACH DELETE n"),
                (2, _) => format!("MATCH (n {{id: {i}}}) SET n:L"),
                (_, Some(v)) => format!("MATCH (n {{id: {i}}}) SET n.x = {v}"),
                (_, None) => format!("MATCH (n {{id: {i}}}) REMOVE n.x"),
            };
            db.query(&q).unwrap_or_else(|e| panic!("{q}: {e}"));
        }
        for (pred, lo, hi) in &preds {
            check(&mut db, pred, lo, hi, false)?;
        }
    }
}
