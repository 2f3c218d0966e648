//! Helpers shared by the property tests.

use relq::Database;

/// A small multigraph: nodes `(:N {i: 0})` .. `(:N {i: nodes - 1})`, the even ones also labelled
/// `M` when `mark_even`, and one relationship per edge (start, end, type A when true, else B).
pub fn multigraph(nodes: u8, mark_even: bool, edges: &[(u8, u8, bool)]) -> Database {
    let mut db = Database::new();
    db.query(&format!(
        "UNWIND range(0, {}) AS i CREATE (n:N {{i: i}}) WITH n, i WHERE {mark_even} AND i % 2 = 0 SET n:M",
        nodes - 1
    ))
    .unwrap();
    for (a, b, t) in edges {
        let ty = if *t { "A" } else { "B" };
        db.query(&format!(
            "MATCH (a:N {{i: {a}}}), (b:N {{i: {b}}}) CREATE (a)-[:{ty}]->(b)"
        ))
        .unwrap();
    }
    db
}
