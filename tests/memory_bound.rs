//! A statement whose materialised rows or built values would outgrow its memory budget fails
//! with a ResourceError naming what holds them and the limit, and the database stays usable.
//! Every statement here would run past many gigabytes without the governor; with a small
//! `--memory-limit` (`Database::set_memory_limit`) each stops after a few megabytes.

use relq::{Database, ErrorKind, Value};

#[test]
fn results_sorts_groups_and_distinct_sets_are_bounded() {
    let mut db = Database::new();
    db.set_memory_limit(Some(8 << 20));
    assert_eq!(db.memory_limit(), Some(8 << 20));
    db.query("UNWIND range(1, 600) AS i CREATE (:N {i: i})")
        .unwrap();
    // 360,000 rows of two values each, about 30 MB: over the limit.
    for (q, what) in [
        ("MATCH (a:N), (b:N) RETURN a.i, b.i", "the result"),
        (
            "MATCH (a:N), (b:N) RETURN a.i, b.i ORDER BY a.i LIMIT 100000",
            "ORDER BY",
        ),
        (
            "MATCH (a:N), (b:N) RETURN a.i * 1000 + b.i AS k, count(*)",
            "grouping",
        ),
        (
            "MATCH (a:N), (b:N) WITH DISTINCT a.i AS x, b.i AS y RETURN count(*)",
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
    // A small ORDER BY ... LIMIT keeps only its rows.
    let r = db
        .query("MATCH (a:N), (b:N) RETURN a.i, b.i ORDER BY a.i DESC, b.i LIMIT 5")
        .unwrap();
    assert_eq!(r.rows.len(), 5);
    assert_eq!(r.rows[4], vec![Value::Int(600), Value::Int(5)]);
    // A failed writing statement leaves the graph as it was.
    let err = db
        .query("MATCH (a:N), (b:N) CREATE (:M) RETURN a.i, b.i")
        .expect_err("too many rows");
    assert_eq!(err.kind, ErrorKind::Resource);
    let r = db.query("MATCH (m:M) RETURN count(m)").unwrap();
    assert_eq!(r.rows[0][0], Value::Int(0));
}

/// Run `q` and expect a ResourceError naming the limit and `what`.
fn over_limit(db: &mut Database, q: &str, what: &str) {
    let started = std::time::Instant::now();
    let err = db.query(q).expect_err(q);
    assert_eq!(err.kind, ErrorKind::Resource, "{q}: {err}");
    let message = err.to_string();
    assert!(message.contains(what), "{q}: {message}");
    assert!(
        message.contains("the statement would hold more than 16 MiB (the memory limit)"),
        "{q}: {message}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{q}: took {:?}",
        started.elapsed()
    );
}

#[test]
fn values_that_functions_and_operators_build_are_charged_by_their_size() {
    let mut db = Database::with_seed();
    db.set_memory_limit(Some(16 << 20));
    // Rows each holding a list of 100,000 numbers (3 MB): 3 GB for the whole result.
    over_limit(
        &mut db,
        "UNWIND range(1, 1000) AS i RETURN range(1, 100000) AS l",
        "range(1, 100000)",
    );
    // A list comprehension of lists, as big.
    over_limit(
        &mut db,
        "RETURN [x IN range(1, 1000) | range(1, 100000)] AS l",
        "a list comprehension",
    );
    // A list doubled again and again: refused before the concatenation is built.
    over_limit(
        &mut db,
        "WITH range(1, 100000) AS l WITH l + l AS l WITH l + l AS l WITH l + l AS l \
         WITH l + l AS l WITH l + l AS l WITH l + l AS l WITH l + l AS l WITH l + l AS l \
         WITH l + l AS l WITH l + l AS l WITH l + l AS l WITH l + l AS l RETURN size(l)",
        "list concatenation",
    );
    // Strings too: a doubled string, and eleven nested replace() (10^12 characters).
    over_limit(
        &mut db,
        "WITH 'abcdefghijklmnop' AS s WITH s + s AS s WITH s + s AS s WITH s + s AS s \
         WITH s + s AS s WITH s + s AS s WITH s + s AS s WITH s + s AS s WITH s + s AS s \
         WITH s + s AS s WITH s + s AS s WITH s + s AS s WITH s + s AS s WITH s + s AS s \
         WITH s + s AS s WITH s + s AS s WITH s + s AS s WITH s + s AS s WITH s + s AS s \
         WITH s + s AS s WITH s + s AS s WITH s + s AS s RETURN size(s)",
        "string concatenation",
    );
    let mut nested = "'aaaaaaaaaa'".to_string();
    for _ in 0..11 {
        nested = format!("replace({nested}, 'a', 'aaaaaaaaaa')");
    }
    over_limit(&mut db, &format!("RETURN size({nested})"), "replace()");
    // A pattern comprehension's list: a list of 100,000 numbers per two-hop path, each
    // within the limit alone, refused beside those the list already holds.
    over_limit(
        &mut db,
        "MATCH (a:Actor {name: 'Russia'}) RETURN [(a)--()--() | range(1, 100000)] AS l",
        "range(1, 100000): the statement would hold more than 16 MiB (the memory limit) with \
         the rows it holds",
    );
    // collect() of a million pairs.
    over_limit(
        &mut db,
        "UNWIND range(1, 1000) AS i UNWIND range(1, 1000) AS j RETURN collect([i, j]) AS l",
        "collect()",
    );
    // Every trail from every country on the seed graph, held for the SET.
    over_limit(
        &mut db,
        "MATCH (a:Country)-[r*0..]-(b) SET a.k = 1 RETURN count(*)",
        "the result",
    );
    let r = db
        .query("MATCH (a) WHERE a.k IS NOT NULL RETURN count(a)")
        .unwrap();
    assert_eq!(r.rows[0][0], Value::Int(0), "the failed SET was undone");
    // What fits still runs, and the limit can go.
    let r = db
        .query("UNWIND range(1, 10) AS i RETURN size(range(1, 100000)) AS n")
        .unwrap();
    assert_eq!(r.rows.len(), 10);
    db.set_memory_limit(None);
    assert_eq!(db.memory_limit(), None);
}

#[test]
fn every_path_of_a_clique_is_bounded() {
    let mut db = Database::new();
    db.set_memory_limit(Some(16 << 20));
    db.query("UNWIND range(1, 12) AS i CREATE (:K {i: i})")
        .unwrap();
    db.query("MATCH (a:K), (b:K) WHERE a.i < b.i CREATE (a)-[:E]->(b)")
        .unwrap();
    // The trails of a 12-node clique are beyond counting; each path is held in the result.
    over_limit(&mut db, "MATCH p = (a)-[*]-(b) RETURN p", "the result");
    over_limit(
        &mut db,
        "MATCH p = (a)-[*]-(b) RETURN p ORDER BY length(p)",
        "ORDER BY",
    );
    // All shortest paths between two nodes of a grid of 14 x 14: C(26, 13) = 10,400,600.
    let mut grid = Database::new();
    grid.set_memory_limit(Some(16 << 20));
    grid.query("UNWIND range(0, 13) AS x UNWIND range(0, 13) AS y CREATE (:G {x: x, y: y})")
        .unwrap();
    grid.query(
        "MATCH (a:G), (b:G) WHERE (b.x = a.x + 1 AND b.y = a.y) OR (b.x = a.x AND b.y = a.y + 1) \
         CREATE (a)-[:NEXT]->(b)",
    )
    .unwrap();
    let err = grid
        .query(
            "MATCH (a:G {x: 0, y: 0}), (b:G {x: 13, y: 13}) \
             MATCH p = allShortestPaths((a)-[:NEXT*]->(b)) RETURN count(p)",
        )
        .expect_err("too many shortest paths");
    assert_eq!(err.kind, ErrorKind::Resource, "{err}");
}
