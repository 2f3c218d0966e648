//! A statement whose materialised rows would outgrow memory fails with a ResourceError naming
//! what holds them, and the database stays usable. The limit is per process, so this test has
//! its own test binary with a small limit.

use relq::{Database, ErrorKind, Value};

#[test]
fn results_sorts_groups_and_distinct_sets_are_bounded() {
    relq::set_held_values_limit(100_000);
    assert_eq!(relq::held_values_limit(), 100_000);
    let mut db = Database::new();
    db.query("UNWIND range(1, 600) AS i CREATE (:N {i: i})")
        .unwrap();
    // 360,000 rows of two values each: over the limit.
    for (q, what) in [
        ("MATCH (a:N), (b:N) RETURN a.i, b.i", "the result"),
        (
            "MATCH (a:N), (b:N) RETURN a.i, b.i ORDER BY a.i LIMIT 5",
            "ORDER BY",
        ),
        (
            "MATCH (a:N), (b:N) RETURN a.i * 1000 + b.i AS k, count(*)",
            "grouping",
        ),
        (
            "MATCH (a:N), (b:N) RETURN DISTINCT a.i, b.i LIMIT 200000",
            "DISTINCT",
        ),
    ] {
        let err = db.query(q).expect_err(q);
        assert_eq!(err.kind, ErrorKind::Resource, "{q}: {err}");
        assert!(err.to_string().contains(what), "{q}: {err}");
        assert!(err.to_string().contains("LIMIT"), "{q}: {err}");
    }
    // The error points at the statement, as other errors point at their place.
    let query = "// every pair\nMATCH (a:N), (b:N)\nRETURN a.i, b.i";
    let err = db.query(query).expect_err("over the limit");
    let rendered = err.render(query, "big.cypher");
    assert!(rendered.starts_with("ResourceError: "), "{rendered}");
    assert!(rendered.contains("big.cypher:2:1"), "{rendered}");
    assert!(rendered.contains("2 | MATCH (a:N), (b:N)"), "{rendered}");
    // Streaming work within the limit still runs: counting, and a LIMIT that stops early.
    let r = db.query("MATCH (a:N), (b:N) RETURN count(*)").unwrap();
    assert_eq!(r.rows[0][0], Value::Int(360_000));
    let r = db
        .query("MATCH (a:N), (b:N) RETURN a.i, b.i LIMIT 3")
        .unwrap();
    assert_eq!(r.rows.len(), 3);
    // A failed writing statement leaves the graph as it was.
    let err = db
        .query("MATCH (a:N), (b:N) CREATE (:M) RETURN a.i, b.i")
        .expect_err("too many rows");
    assert_eq!(err.kind, ErrorKind::Resource);
    let r = db.query("MATCH (m:M) RETURN count(m)").unwrap();
    assert_eq!(r.rows[0][0], Value::Int(0));
}
