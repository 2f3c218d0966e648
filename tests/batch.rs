//! Read pipelines run in column batches where every operator has a batch form, row by row
//! otherwise. Both must give the same rows in the same order, and the same errors: each query
//! here runs both ways on a graph big enough for many batches, with parallel relationships,
//! self-loops, relationships added after the bulk rows were built and deleted ones.
//! (This file is its own test process: the switch is process-wide.)

use relq::{set_batch_execution, Database, Value};

/// 400 nodes, about 9,000 relationships of three types, properties of several types with
/// gaps: as opened from a snapshot (every relationship in the bulk-built rows), and with later
/// writes on top (a delta and deleted relationships).
fn graphs() -> [Database; 2] {
    let mut db = Database::new();
    let setup = [
        "UNWIND range(0, 399) AS i CREATE (n:N {i: i, s: 'name' + toString(i % 37), \
         f: CASE WHEN i % 5 = 0 THEN null ELSE i / 7.0 END})",
        "MATCH (n:N) WHERE n.i % 3 = 0 SET n:M",
        "MATCH (n:N) WHERE n.i % 5 = 1 SET n:P",
        "MATCH (n:N) WHERE n.i % 11 = 0 SET n.s = null",
        // A column of floats with NaN among them, and one of integers beyond 2^53.
        "MATCH (n:N) SET n.h = CASE WHEN n.i % 13 = 0 THEN 0.0 / 0.0 ELSE n.i / 3.0 END, \
         n.big = 9007199254740992 + n.i % 3",
        "UNWIND range(0, 3999) AS k MATCH (a:N {i: (k * 7919) % 400}), (b:N {i: (k * 104729 + k / 3) % 400}) \
         CREATE (a)-[:A {w: k % 17, d: '2020-0' + toString(1 + k % 9) + '-1' + toString(k % 10)}]->(b)",
        "UNWIND range(0, 2999) AS k MATCH (a:N {i: (k * 31) % 400}), (b:N {i: (k * 17 + 5) % 400}) \
         CREATE (a)-[:B {w: k % 5}]->(b)",
        "UNWIND range(0, 1499) AS k MATCH (a:N {i: k % 400}) CREATE (a)-[:C {w: k}]->(a)",
        "MATCH (a:N {i: 7}), (b:N {i: 9}) UNWIND range(1, 40) AS k CREATE (a)-[:A {w: k}]->(b), (b)-[:A {w: k}]->(a)",
        // Temporal values, with gaps, in the generic column.
        "MATCH ()-[r:A]->() WHERE r.w % 4 <> 1 SET r.t = date(r.d)",
        "MATCH (n:N) WHERE n.i % 2 = 0 SET n.at = datetime({epochSeconds: n.i * 86400, timezone: '+01:00'})",
    ];
    for q in setup {
        db.query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    // The indexes the range and prefix seeks need.
    for (label, key) in [("N", "i"), ("N", "s"), ("N", "at"), ("M", "f"), ("P", "i")] {
        db.query(&format!("CREATE INDEX FOR (n:{label}) ON (n.{key})"))
            .unwrap();
    }
    // Snapshot round trip: the adjacency is rebuilt in bulk; then a delta and deletions.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.relq");
    db.save(&path).unwrap();
    let clean = Database::open(&path).unwrap();
    let mut db = Database::open(&path).unwrap();
    for q in [
        "MATCH ()-[r:B]->() WHERE r.w = 3 DELETE r",
        "UNWIND range(0, 299) AS k MATCH (a:N {i: k}), (b:N {i: (k * 13) % 400}) CREATE (a)-[:B {w: 9}]->(b)",
        "MATCH (a:N {i: 12}) CREATE (a)-[:D {w: 1}]->(a)",
    ] {
        db.query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    [clean, db]
}

const QUERIES: &[&str] = &[
    // Expansions and scans, rows in the order they are found.
    "MATCH (a:N {i: 7})-[r]->(b) RETURN r.w, b.i",
    "MATCH (a:N {i: 12})-[r]-(b) RETURN type(r), r.w, b.i",
    "MATCH (a:N {i: 12})<-[r:A|B]-(b) RETURN r.w, b.i",
    "MATCH (a:M)-[r:A]->(b)-[s:B]->(c) RETURN a.i, b.i, c.i, r.w, s.w",
    "MATCH (a)-[r:A]->(b) RETURN a.i, b.i, r.d LIMIT 3000",
    "MATCH (a)-[r]-(b) RETURN a.i, b.i LIMIT 5",
    "MATCH ()-[r:C]-() RETURN r.w",
    "MATCH (a)-[r]->(b) WHERE a = b RETURN a.i, type(r), r.w",
    // Filters: kernels, AND/OR, nulls and gaps, strings and floats.
    "MATCH (a:N)-[r:A]->(b:M) WHERE r.w > 8 AND b.s STARTS WITH 'name1' RETURN a.i, b.s, r.w",
    "MATCH (a)-[r:A]->(b) WHERE r.d >= '2020-03' AND r.d < '2020-05-15' RETURN count(*)",
    // Temporal values compared in kernels (through the generic path), grouped and ordered.
    "MATCH (a)-[r:A]->(b) WHERE r.t >= date('2020-03-01') AND r.t < date('2020-05-15') RETURN count(*)",
    "MATCH (a)-[r:A]->(b) WHERE r.t = date('2020-04-12') RETURN a.i, b.i, r.w",
    "MATCH (a:N)-[r:A]->(b) WHERE a.at < b.at RETURN a.i, b.i, r.t",
    "MATCH (a)-[r:A]->(b) WHERE r.t = r.d OR r.t > 'x' RETURN count(*)",
    "MATCH (a)-[r:A]->(b) RETURN r.t.month AS m, count(*), min(r.t), max(r.t), count(DISTINCT r.t) ORDER BY m",
    "MATCH (a)-[r:A]->(b) RETURN DISTINCT r.t ORDER BY r.t",
    "MATCH (a)-[r:A]->(b) WHERE a.f < b.f OR r.w = 0 RETURN a.i, b.i",
    "MATCH (a)-[r:B]->(b) WHERE NOT a.s = b.s RETURN count(*)",
    "MATCH (a)-[r:B]->(b) WHERE a.s <> 'name3' AND a.f IS NULL RETURN a.i, r.w",
    "MATCH (a)-[r]->(b) WHERE r.w = 2.0 RETURN type(r), count(*) ORDER BY type(r)",
    "MATCH (a)-[r:A]->(b) WHERE a.i < 'x' RETURN count(*)",
    // Numbers compared in place: integers with floats, NaN (never equal, below or above;
    // always unequal), signed constants, the constant on either side, nulls, gaps.
    "MATCH (a)-[r:A]->(b) WHERE r.w > -1.5 AND r.w <= 7.5 RETURN count(*)",
    "MATCH (a:N)-[r:B]->(b) WHERE a.h > 50 OR b.h <= -0.0 RETURN a.i, b.i",
    "MATCH (a:N)-[r:B]->(b) WHERE a.h <> 5 AND b.h = 2 RETURN a.i, b.i",
    "MATCH (a:N)-[r:C]->(b) WHERE 10 > a.h OR a.h >= 130 RETURN a.i",
    "MATCH (a:N)-[r:C]->(b) WHERE a.h = a.h RETURN count(*)",
    "MATCH (a)-[r]->(b) WHERE r.w < 9007199254740993 AND r.w >= +3 RETURN type(r), count(*)",
    "MATCH (a:N)-[r:C]->(b) WHERE a.big = 9007199254740992.0 RETURN count(*)",
    "MATCH (a:N)-[r:C]->(b) WHERE a.big > 9.007199254740992e15 RETURN count(*)",
    "MATCH (a:N)-[r:C]->(b) WHERE a.f > -1 AND a.f < 2 RETURN a.i, a.f",
    "MATCH (a)-[r:A]->(b) WHERE a.s CONTAINS '2' AND b:M AND r.w IN [1, 2, 3] RETURN a.i, b.i",
    "MATCH (a)-[:A]->(b) WHERE exists((b)-[:C]->()) AND b.i > 390 RETURN a.i, b.i",
    // Dates in a date column: compared in place with a date written as text, min and max
    // reading them in place, and the values themselves.
    "MATCH (a)-[r:A]->(b) WHERE r.t >= date('2020-03-01') AND r.t < date('2020-06-15') RETURN a.i, b.i, r.t",
    "MATCH (a)-[r:A]->(b) WHERE r.t > datetime('2020-03-01T00:00Z') OR r.t = date('2020-05-13') RETURN count(*)",
    "MATCH (a)-[r:A]->(b) RETURN a.i, min(r.t), max(r.t), count(r.t) ORDER BY a.i",
    "MATCH (a)-[r:A]->(b) RETURN max(r.t), min(r.t), max(r.w), min(DISTINCT r.t)",
    "MATCH (a)-[r:A]->(b) WHERE a.i < 40 RETURN r.t ORDER BY r.t DESC, r.w LIMIT 7",
    // Range and prefix seeks on the nodes' ordered index, the predicates kept as filters.
    "MATCH (a:N) WHERE a.i >= 100 AND a.i < 120 RETURN a.i, a.s",
    "MATCH (a:M)-[r:A]->(b) WHERE a.f > 20.5 RETURN a.i, b.i, r.w",
    "MATCH (a:N) WHERE a.s STARTS WITH 'name1' RETURN a.i, a.s",
    "MATCH (a:N) WHERE a.at >= datetime('1970-03-01T00:00Z') AND a.at < datetime('1970-06-01T00:00+01:00') RETURN a.i",
    "UNWIND [5, 5.5, 'name2', null, [1]] AS lo MATCH (a:P) WHERE a.i > lo AND a.i <= 30 RETURN lo, a.i",
    // Cyclic patterns: both ends bound.
    "MATCH (a)-[r1:A]->(b)-[r2:A]->(a) WHERE a.i < b.i RETURN a.i, b.i, r1.w, r2.w",
    "MATCH (a)-[r1:A]->(b)-[r2]-(a) RETURN count(*)",
    "MATCH (a:N {i: 7})-[r]-(b:N {i: 9}) RETURN type(r), r.w",
    "MATCH (a:N {i: 12})-[r]-(a) RETURN type(r), r.w",
    // Aggregation: counts, DISTINCT, groups by entity and by value.
    "MATCH (a)-[:A]->()-[:B]->(c) RETURN count(DISTINCT c), count(*)",
    "MATCH (a:N {i: 3})-[]->()-[]->(c:M) RETURN count(DISTINCT c)",
    "MATCH (a)<-[r:A]-(:N) RETURN a.i AS i, count(*) AS n ORDER BY n DESC, i LIMIT 10",
    "MATCH (a)<-[r:A]-(b) RETURN a.s, count(*), sum(r.w), collect(b.i)[0..3]",
    "MATCH (a)-[r]->(b) RETURN type(r), count(DISTINCT a), avg(r.w), min(b.s), max(a.f)",
    "MATCH (a)-[r:A|B]->(b) RETURN count(b.f), count(DISTINCT r.w), collect(DISTINCT b.s), stDev(r.w), stDevP(b.f)",
    "MATCH (a:N)-[r]->(b) RETURN a.s, collect(r.w), count(r.d), stDev(b.f)",
    "MATCH (a)-[r:B]->(b) RETURN a, count(r)",
    "MATCH (a)-[r:A]->(b) WITH a, count(*) AS n WHERE n > 12 RETURN a.i, n",
    "MATCH (a)-[r:A]->(b) RETURN DISTINCT b.s",
    "MATCH (a:N {i: 1})-[*1..2]->(c) RETURN count(*)",
    "MATCH (a:N) OPTIONAL MATCH (a)-[r:D]->(b) RETURN a.i, r.w ORDER BY a.i LIMIT 20",
    "MATCH (a)-[r:A]->(b) WITH a, b, r ORDER BY r.w DESC, a.i, b.i LIMIT 5 MATCH (b)-[s:B]->(c) RETURN a.i, b.i, c.i, s.w",
    "UNWIND [1, 2, 3] AS k MATCH (a:N {i: k})-[r]->(b) RETURN k, type(r), b.i",
    "MATCH (a:N {i: 7}) WITH a MATCH (a)-[r:A]->(b) RETURN r.w, b.i",
    "MATCH (a)-[r:A]->(b) RETURN a.i, b.i SKIP 100 LIMIT 10",
    // Subqueries over the rows of batches, and batches inside subqueries.
    "MATCH (a:M) CALL (a) { MATCH (a)-[r:A]->(b) RETURN count(*) AS n, collect(b.i)[0..2] AS some } RETURN a.i, n, some",
    "MATCH (a:N {i: 7}) CALL (a) { MATCH (a)-[r]->(b) RETURN b.i AS j ORDER BY j DESC LIMIT 3 } RETURN j",
    "MATCH (a)-[:B]->(b) OPTIONAL CALL (b) { MATCH (b)-[r:C]->(c) WHERE r.w > 1400 RETURN r.w AS w } RETURN a.i, b.i, w",
    "CALL { MATCH (a)-[r:A]->(b) RETURN b.i AS i UNION MATCH (a)-[r:B]->(b) RETURN a.i AS i } RETURN count(i), sum(i)",
    "MATCH (a:M) RETURN a.i, COLLECT { MATCH (a)-[r:A]-(b) WITH DISTINCT b RETURN b.i ORDER BY b.i } AS partners",
    "MATCH (a)-[r:A]->(b) WHERE COUNT { MATCH (b)-[s:B]->(c) RETURN DISTINCT c } > 1 RETURN count(*)",
    // Errors must be the same, raised at the same row.
    "MATCH (a)-[r:A]->(b) WHERE a.i / (b.i - 9) > 1 RETURN count(*)",
    "MATCH (a)-[r:A]->(b) WHERE a.s AND r.w > 1 RETURN count(*)",
    "MATCH (a)-[r:A]->(b) WHERE r.w > 1 AND a.s RETURN count(*)",
    "MATCH (a)-[r:A]->(b) RETURN sum(b.s)",
    "UNWIND [1, 'x'] AS k MATCH (a:N {i: 1})-[r]->(b) WHERE b.i > k RETURN count(*)",
    // Counted without making the rows, grouped by ids, distinct nodes in a bitset.
    "MATCH (a)-[r]-(b) RETURN count(*)",
    "MATCH (a:N {i: 12})-[]-(b) RETURN count(*)",
    "MATCH (a)-[:A]->(b)-[r2:A]->(a) RETURN count(*)",
    "MATCH (a:M)-[r1]-(b)-[r2]-(a) RETURN count(*)",
    "MATCH (a)-[r:A]->(b) RETURN b, count(*)",
    "MATCH (a)-[r:C]-(b) RETURN r, count(*)",
    "MATCH (a)-[r:B]->(b) RETURN b, count(r), count(*)",
    "MATCH (a)-->(b) RETURN count(DISTINCT b), count(DISTINCT a), count(*)",
    "MATCH (a)-[]->()-[]->(c) RETURN count(DISTINCT c)",
    "MATCH (a:N)-[r]->(b) WHERE exists((b)-[:C]->()) RETURN count(*)",
    "UNWIND [1, 2, 12] AS k MATCH (a:N {i: k})-[r]-(b) RETURN count(*)",
    "UNWIND [1, 2, 12] AS k MATCH (a:N {i: k})-[r]-(b) RETURN k, count(*)",
    "MATCH (a:N {i: 7})-[r]-(b:N {i: 9}) RETURN count(*)",
    // Relationship scans: undirected ones give two rows a relationship (one for a self-loop),
    // across batch boundaries; several types in the order given.
    "MATCH (a)-[r:A]-(b) RETURN a.i, b.i, r.w",
    "MATCH (a)-[r:C|A]-(b) RETURN count(*)",
    "MATCH (a)<-[r:B|C]-(b) RETURN r.w, a.i",
    // Groups by two nodes (or their properties) first, then by the keys' values.
    "MATCH (a)-[r:A]->(b) RETURN a.s, b.s, count(*)",
    "MATCH (a)-[r:B]->(b) RETURN a.s AS s, b.i % 3 AS t, count(*) AS n ORDER BY n DESC, s, t LIMIT 6",
    "MATCH (a:N)-[r]->(b)-[s:B]->(c) RETURN a, c.f, count(*), sum(s.w), collect(b.i)[0..2]",
    "MATCH (a)-[r:A]->(b) RETURN b.s, a, count(r), min(r.w), max(a.f)",
    // Groups by a property of an entity: strings read in place, nulls and numbers beside them.
    "MATCH (a)<-[r:A]-(b) RETURN a.s, count(*)",
    "MATCH (a)<-[r:A]-(b) RETURN a.f, count(*), count(r)",
    "MATCH (a)-[r:A]->(b) RETURN a.s AS s, count(*) AS n ORDER BY n DESC, s LIMIT 4",
    // The groups a sort with a LIMIT keeps, ranked before their rows are made: ties left to
    // the order of first rows, nulls, SKIP, a LIMIT of 0, two counts, a key of the group.
    "MATCH (a)-[r:A]->(b) RETURN a.s AS s, count(*) AS n ORDER BY n DESC LIMIT 3",
    "MATCH (a)-[r:B]->(b) RETURN b.s AS s, count(*) AS n ORDER BY s DESC SKIP 2 LIMIT 5",
    "MATCH (a)-[r:B]->(b) RETURN b.s AS s, count(*) AS n ORDER BY s LIMIT 40",
    "MATCH (a)-[r]->(b) RETURN a.s AS s, count(*) AS n, count(r) AS m ORDER BY m, s DESC LIMIT 7",
    "MATCH (a)-[r:A]->(b) RETURN a.s AS s, count(r) AS n ORDER BY n LIMIT 0",
    "MATCH (a)-[r:A]->(b) RETURN count(*) AS n, a.s AS s ORDER BY n, s LIMIT 2",
    "MATCH (a)-[r:C]->(b) RETURN a.s AS s, count(*) AS n ORDER BY n DESC, s LIMIT 1",
    "MATCH (a)<-[r:A]-(:N) RETURN a AS node, count(*) AS n ORDER BY n DESC LIMIT 6",
    // A sort over values computed from the aggregates: sorted as computed, not ranked early.
    "MATCH (a)-[r:A]->(b) RETURN a.s AS s, -count(*) AS n ORDER BY n, s LIMIT 3",
    "MATCH (a)-[r:B]->(b) RETURN b.s AS s, 100 - count(r) AS n ORDER BY n DESC, s LIMIT 4",
    // Between two bound nodes, searched from the end the previous row had too.
    "MATCH (a:N {i: 7})-[r1:A]->(b)-[r2:A]->(a) RETURN b.i, r1.w, r2.w",
    "MATCH (a:M)<-[r1:A]-(b)<-[r2:A]-(a) RETURN a.i, b.i, r1.w, r2.w",
    "MATCH (a:M)-[r1:B]->(b)-[r2:A]->(a) RETURN a.i, b.i, r1.w, r2.w",
    // Label expressions: a union of label scans, checks of any expression (in the kernel
    // over a column of nodes, row by row over relationships), type expressions.
    "MATCH (a:M|P)-[r:A]->(b) RETURN a.i, b.i, r.w",
    "MATCH (a:!M)-[r:B]->(b:M|!P) RETURN a.i, b.i, r.w",
    "MATCH (a)-[r:!A]->(b) WHERE a:M&!P RETURN type(r), a.i, b.i",
    "MATCH (a:%)-[r]->(b) WHERE r:B|C AND b:(M|P)&N RETURN count(*)",
    "MATCH (a)-[r:A&!B]-(b:P) RETURN a.i, b.i, r.w",
    "MATCH (a:N {i: 7})-[r:!C*1..2]->(b:!M) RETURN count(*)",
    "MATCH (a:M|P) RETURN a.i, a:M AS m, a:P|!N AS p",
    // Type predicates, in filters and as values.
    "MATCH (a)-[r:A]->(b) WHERE r.t IS :: DATE AND a.f IS NOT :: FLOAT RETURN a.i, b.i, r.w",
    "MATCH (a)-[r:A]->(b) RETURN r.t IS :: DATE NOT NULL AS d, a.at :: ZONED DATETIME AS z, count(*)",
];

fn answer(db: &mut Database, q: &str) -> String {
    match db.query(q) {
        Ok(r) => format!("{:?}\n{:?}", r.columns, r.rows),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn batches_and_rows_agree() {
    for (g, mut db) in graphs().into_iter().enumerate() {
        let mut batched = Vec::new();
        set_batch_execution(true);
        for q in QUERIES {
            batched.push(answer(&mut db, q));
        }
        set_batch_execution(false);
        for (q, b) in QUERIES.iter().zip(&batched) {
            let rows = answer(&mut db, q);
            assert_eq!(&rows, b, "batches and rows disagree on {q} (graph {g})");
        }
        set_batch_execution(true);
        // The answers are not trivially equal because they are empty.
        let empty = batched
            .iter()
            .filter(|a| a.ends_with("\n[]") || a.starts_with("error"))
            .count();
        assert!(empty <= 6, "too many empty answers: {empty}");
        assert!(
            batched[4].matches("Int").count() > 2 * 2048,
            "{}",
            &batched[4][..200]
        );
    }
}

#[test]
fn profile_counts_rows_of_batch_operators() {
    let [_, mut db] = graphs();
    set_batch_execution(true);
    let query = "MATCH (a)-[r:A]->(b:M) WHERE r.w > 3 RETURN count(*) AS n";
    let n = match db.query(query).unwrap().rows[0][0] {
        Value::Int(n) => n as u64,
        ref other => panic!("{other:?}"),
    };
    assert!(n > 500, "{n}");
    let plan = db
        .query(&format!("PROFILE {query}"))
        .unwrap()
        .plan
        .expect("PROFILE describes the plan");
    // Every operator below the aggregate ran in batches and counted its rows: the one the
    // aggregate reads gave the answer's rows.
    let names: Vec<&str> = plan.operators.iter().map(|op| op.name.as_str()).collect();
    let below = names
        .iter()
        .position(|n| *n == "Aggregate")
        .expect("an aggregate")
        + 1;
    assert_eq!(plan.operators[below].rows, Some(n), "{names:?}");
    assert!(names[below..]
        .iter()
        .any(|n| n.starts_with("Expand") || n.contains("RelationshipTypeScan")));
    for op in &plan.operators {
        if op.name != "ProduceResults" {
            assert!(op.time.is_some(), "{}", op.name);
        }
    }
    // The batches: none above the aggregate (row by row), at least one per operator below,
    // never more than one per row, and the many rows of the scan in more than one batch.
    for (i, op) in plan.operators.iter().enumerate() {
        if i < below {
            assert_eq!(op.batches, None, "{}", op.name);
        } else {
            let b = op
                .batches
                .unwrap_or_else(|| panic!("{} has no batches", op.name));
            assert!(
                b >= 1 && b <= op.rows.unwrap_or(0).max(1),
                "{}: {b}",
                op.name
            );
        }
    }
    let scan = plan.operators.last().expect("a scan");
    assert!(scan.batches > Some(1), "{scan:?}");
}

/// Aggregations whose scan is split into morsels shared among threads (`set_morsel_size`)
/// give the answers one thread gives: the same groups in the same order, the same errors.
#[test]
fn morsels_and_one_thread_agree() {
    let aggregations = [
        "MATCH (a)-[r:A]->(b) RETURN count(*)",
        "MATCH (a:N)-[r]->(b) RETURN count(*), count(r), count(DISTINCT b)",
        "MATCH (a:M)-[r:A|B]->(b) RETURN count(DISTINCT b.s), count(b.f)",
        "MATCH (a:N)-[r:A]->(b) RETURN a.s, count(*), count(DISTINCT b)",
        "MATCH (a)-[r:B]->(b) RETURN b, count(*)",
        "MATCH (a)<-[r]-(b:M) RETURN a.s AS s, a.f AS f, count(r) AS n",
        "MATCH (a)-[r:A]->(b) RETURN r, count(*)",
        "MATCH (a)-[r:A]-(b)-[s:B]->(c) RETURN b.s, count(DISTINCT c)",
        "MATCH (a)-[r:A]->(b) WHERE r.t < date() RETURN count(*)",
        "MATCH (a)-[r:A]->(b) WHERE r.w / (r.w - 16) < 0 RETURN count(*)",
        "MATCH (a:N)-[r:A]->(b) WHERE a.i > 100 / (a.i - 300) RETURN a, count(*)",
        "MATCH (x:N {i: 3}) MATCH (a)-[r:A]->(b) WHERE b <> x RETURN count(*)",
        "UNWIND [1, 2] AS k MATCH (a)-[r:A]->(b) WHERE r.w = k RETURN count(*)",
        // Grouped by any values: hashed on each thread, merged in the order of first rows.
        "MATCH (a)-[r:A]->(b) RETURN r.w, count(*)",
        "MATCH (a:N)-[r]->(b) RETURN type(r), b.s, count(DISTINCT a), count(b.f)",
        "MATCH (a)-[r:A|B]->(b) RETURN a.s + b.s AS k, count(*)",
        "MATCH (a)-[r:A]-(b) RETURN r.t, a.f, count(r)",
        // Not a long scan: staged at the last expansion's input, in rounds, shared out by row.
        "MATCH (x:N) WHERE x.i < 5 WITH x MATCH (x)-[r]->(y)-[s]->(z) RETURN count(*), count(DISTINCT z)",
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[]-()-[]-(z) RETURN z.s, count(*)",
        "UNWIND range(0, 30) AS k MATCH (x:N {i: k}) WITH x MATCH (x)-[r:A]->(y)-[s]->(z) \
         RETURN type(s), count(DISTINCT y)",
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[r]-(y)-[s]-(z)-[t:A]->(w) RETURN w, count(*)",
        "UNWIND range(0, 60) AS k WITH k MATCH (x:N {i: k})-[r]-(y) RETURN y.s, count(DISTINCT x)",
        // An error above the stage, below it, and both (the first row's error is the one).
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[r]-(y)-[s:A]->(z) WHERE s.w / (s.w - 16) < 0 RETURN count(*)",
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[r:A]-(y)-[s]->(z) WHERE r.w / (r.w - 16) < 0 RETURN count(*)",
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[r:A]-(y)-[s:A]->(z) \
         WHERE r.w / (r.w - 16) < 0 AND s.w / (s.w - 9) < 0 RETURN count(*)",
        // min and max merge too: ties between equal values of different types (1 and 1.0,
        // 0.0 and -0.0) are settled by the values, whichever thread met them first.
        "MATCH (a)-[r:A]->(b) RETURN min(r.w), max(r.w), min(b.s), max(r.t), min(a.at)",
        "MATCH (a:N)-[r]->(b) RETURN a.s, min(b.f), max(b.i), min(r.w), max(b)",
        "MATCH (a)-[r:A|B]->(b) RETURN b, max(CASE WHEN r.w % 2 = 0 THEN 1 ELSE 1.0 END) AS one, \
         min(CASE WHEN r.w % 3 = 0 THEN 0.0 ELSE -0.0 END) AS zero, count(*)",
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[]-(y)-[s]-(z) RETURN z.s, min(s.w), max(y.f)",
        // sum and avg merge too: they add exactly, so that the order the threads met the
        // values in does not change the last bits of a float.
        "MATCH (a)-[r:A|B]->(b) RETURN sum(r.w), avg(r.w), sum(b.f), avg(a.f), sum(b.f * 1e17 - a.f)",
        "MATCH (a:N)-[r]->(b) RETURN a.s, sum(b.f), avg(r.w + 0.1), sum(r.w)",
        "MATCH (a)-[r:A]->(b) RETURN b, avg(b.f / 3), sum(duration({days: r.w}))",
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[]-(y)-[s]-(z) RETURN z.s, sum(y.f), avg(s.w / 7.0)",
        // Numbers and durations together, and a value of another type: the same error.
        "MATCH (a)-[r:A|B]->(b) RETURN sum(CASE WHEN r.w = 16 THEN duration('P1D') ELSE r.w END)",
        "MATCH (a)-[r:A|B]->(b) RETURN sum(CASE WHEN r.w = 16 THEN 'x' ELSE r.w END)",
        // collect and the percentiles merge in the order of the morsels: the lists one thread
        // makes, DISTINCT keeping each value where it first came, ties of equal values of
        // different types (1 and 1.0) where one thread sorts them.
        "MATCH (a)-[r:A|B]->(b) RETURN collect(r.w), collect(b.s), collect(DISTINCT b.f)",
        "MATCH (a:N)-[r]->(b) RETURN a.s, collect(b.i), collect(DISTINCT r.w), count(*)",
        "MATCH (a)-[r:A]->(b) RETURN b, collect(a.s), collect(DISTINCT a)",
        "MATCH (a)-[r:A|B]->(b) RETURN percentileDisc(r.w, 0.5), percentileCont(b.f, 0.9), \
         percentileDisc(DISTINCT b.f, 0.25)",
        "MATCH (a)-[r]->(b) RETURN type(r), percentileDisc(CASE WHEN r.w % 2 = 0 THEN 1 ELSE 1.0 END, 0.5), \
         percentileCont(r.w, 0.3)",
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[]-(y)-[s]-(z) RETURN z.s, collect(s.w), percentileDisc(y.f, 0.75)",
        "MATCH (x:N) WHERE x.i < 5 WITH x MATCH (x)-[r]->(y)-[s]->(z) RETURN collect(DISTINCT z.s), collect(y.i)",
        // A percentile out of range, and a value that is not a number: the same error.
        "MATCH (a)-[r:A|B]->(b) RETURN percentileDisc(r.w, 1.5)",
        "MATCH (a)-[r:A|B]->(b) RETURN percentileCont(CASE WHEN r.w = 16 THEN 'x' ELSE r.w END, 0.5)",
        // stDev and stDevP merge too: exact sums of the values and their squares; values
        // beyond 2^300 or below 2^-300 kept apart and taken in one order; not finite: NaN.
        "MATCH (a)-[r:A|B]->(b) RETURN stDev(r.w), stDevP(b.f), stDev(b.f * 1e17 - a.f / 3)",
        "MATCH (a:N)-[r]->(b) RETURN a.s, stDev(b.f), stDevP(r.w / 7.0), count(*)",
        "MATCH (a)-[r:A|B]->(b) RETURN stDev(CASE WHEN r.w % 5 = 0 THEN b.f * 1e300 ELSE b.f END), \
         stDevP(CASE WHEN r.w % 7 = 0 THEN b.f * 1e-305 ELSE b.f * 1e-280 END), \
         stDev(CASE WHEN r.w = 16 THEN 1.0 / 0.0 ELSE r.w END)",
        "MATCH (x:N {i: 7}) WITH x MATCH (x)-[]-(y)-[s]-(z) RETURN z.s, stDev(s.w), stDevP(y.f)",
        "MATCH (a)-[r:A|B]->(b) RETURN stDev(CASE WHEN r.w = 16 THEN 'x' ELSE r.w END)",
        // A union of label scans, split into morsels like one label's.
        "MATCH (a:M|P)-[r]->(b) RETURN count(*), count(DISTINCT b)",
        "MATCH (a:P|M) RETURN a.s, count(*)",
        "MATCH (a:M|P)-[r:!A]->(b:!P) RETURN type(r), count(*)",
    ];
    for (g, mut db) in graphs().into_iter().enumerate() {
        for q in QUERIES.iter().chain(&aggregations) {
            relq::set_morsel_size(0);
            let alone = answer(&mut db, q);
            relq::set_morsel_size(50);
            let shared = answer(&mut db, q);
            relq::set_morsel_size(16 * 1024);
            assert_eq!(
                shared, alone,
                "morsels and one thread disagree on {q} (graph {g})"
            );
        }
        // PROFILE adds up what every thread's copy of an operator did: the same rows.
        for q in [
            "PROFILE MATCH (a)-[r:A]->(b:M) WHERE r.w > 3 RETURN b.s, count(*)",
            "PROFILE MATCH (x:N {i: 7}) WITH x MATCH (x)-[r]-(y)-[s]->(z) RETURN count(DISTINCT z)",
        ] {
            let rows_per_operator = |db: &mut Database| -> Vec<(String, Option<u64>)> {
                let plan = db.query(q).unwrap().plan.expect("a profile");
                plan.operators
                    .iter()
                    .map(|o| (o.name.clone(), o.rows))
                    .collect()
            };
            relq::set_morsel_size(0);
            let alone = rows_per_operator(&mut db);
            relq::set_morsel_size(50);
            let shared = rows_per_operator(&mut db);
            relq::set_morsel_size(16 * 1024);
            assert_eq!(shared, alone, "{q}");
            assert!(
                alone.iter().any(|(_, rows)| rows.unwrap_or(0) > 1000),
                "{alone:?}"
            );
        }
        // Not trivially equal: answers, and an error met on some morsel.
        let counted = answer(&mut db, aggregations[0]);
        assert!(counted.contains("Int(4"), "{counted}");
        let failed = answer(&mut db, aggregations[9]);
        assert!(failed.starts_with("error"), "{failed}");
        // Staged: rows and errors from both sides of the stage.
        let staged = answer(&mut db, aggregations[17]);
        assert!(staged.contains("Int("), "{staged}");
        for q in aggregations
            .iter()
            .filter(|q| q.contains("duration('P1D')") || q.contains("'x'"))
        {
            let failed = answer(&mut db, q);
            assert!(failed.starts_with("error"), "{q}: {failed}");
        }
        let summed = answer(&mut db, "MATCH (a)-[r:A|B]->(b) RETURN sum(r.w), sum(b.f)");
        assert!(
            summed.contains("Int(") && summed.contains("Float("),
            "{summed}"
        );
        for q in &aggregations[22..25] {
            let failed = answer(&mut db, q);
            assert!(failed.starts_with("error"), "{q}: {failed}");
        }
    }
}
