//! Every way the planner can match a chain of relationships (from a node, from a scan of the
//! relationships, expanding into a bound node from either side) must find exactly the matches
//! Cypher defines, with their multiplicity. On random multigraphs with self-loops and parallel
//! edges, relq's rows are compared with a brute-force enumeration written here.

use proptest::prelude::*;
use relq::{Database, Value};

/// Edges as (start, end, type A?); node i has label N, and M when i is even.
fn graph(edges: &[(u8, u8, bool)]) -> Database {
    let mut db = Database::new();
    db.query("UNWIND range(0, 3) AS i CREATE (n:N {i: i}) WITH n, i WHERE i % 2 = 0 SET n:M")
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

#[derive(Clone, Debug)]
struct Hop {
    /// 0 outgoing, 1 incoming, 2 either way
    dir: u8,
    /// 0 any type, 1 A, 2 B, 3 A or B
    ty: u8,
}

impl Hop {
    fn text(&self) -> String {
        let t = ["", ":A", ":B", ":A|B"][self.ty as usize];
        match self.dir {
            0 => format!("-[{t}]->"),
            1 => format!("<-[{t}]-"),
            _ => format!("-[{t}]-"),
        }
    }
    fn type_ok(&self, is_a: bool) -> bool {
        match self.ty {
            1 => is_a,
            2 => !is_a,
            _ => true,
        }
    }
}

/// All matches as node tuples, by brute force: each hop takes a distinct edge, in every
/// orientation its arrow allows (a self-loop once for an undirected hop).
fn expected(
    edges: &[(u8, u8, bool)],
    hops: &[Hop],
    closed: bool,
    m_label: &[bool],
) -> Vec<Vec<u8>> {
    let n = hops.len() + 1;
    let mut out = Vec::new();
    #[allow(clippy::too_many_arguments)]
    fn walk(
        k: usize,
        nodes: &mut Vec<u8>,
        used: &mut Vec<usize>,
        edges: &[(u8, u8, bool)],
        hops: &[Hop],
        closed: bool,
        m_label: &[bool],
        n: usize,
        out: &mut Vec<Vec<u8>>,
    ) {
        if k == hops.len() {
            out.push(nodes.clone());
            return;
        }
        for (ei, &(s, e, is_a)) in edges.iter().enumerate() {
            if used.contains(&ei) || !hops[k].type_ok(is_a) {
                continue;
            }
            let mut ways = vec![];
            match hops[k].dir {
                0 => ways.push((s, e)),
                1 => ways.push((e, s)),
                _ => {
                    ways.push((s, e));
                    if s != e {
                        ways.push((e, s));
                    }
                }
            }
            for (l, r) in ways {
                if nodes[k] != l {
                    continue;
                }
                let last = k + 1 == n - 1;
                if last && closed && r != nodes[0] {
                    continue;
                }
                if !(last && closed) && m_label[k + 1] && r % 2 != 0 {
                    continue;
                }
                nodes.push(r);
                used.push(ei);
                walk(k + 1, nodes, used, edges, hops, closed, m_label, n, out);
                used.pop();
                nodes.pop();
            }
        }
    }
    for start in 0..4u8 {
        if m_label[0] && start % 2 != 0 {
            continue;
        }
        let mut nodes = vec![start];
        walk(
            0,
            &mut nodes,
            &mut Vec::new(),
            edges,
            hops,
            closed,
            m_label,
            n,
            &mut out,
        );
    }
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 800, ..ProptestConfig::default() })]

    #[test]
    fn every_plan_finds_every_match_once(
        edges in prop::collection::vec((0u8..4, 0u8..4, any::<bool>()), 0..12),
        hops in prop::collection::vec((0u8..3, 0u8..4), 1..4),
        closed in any::<bool>(),
        m_label in prop::collection::vec(any::<bool>(), 4),
        start in prop::option::of(0u8..4),
    ) {
        let hops: Vec<Hop> = hops.into_iter().map(|(dir, ty)| Hop { dir, ty }).collect();
        let closed = closed && hops.len() > 1;
        let n = hops.len() + 1;
        let label = |i: usize| if m_label[i] { ":M" } else { "" };
        let mut pattern = format!("(n0{})", label(0));
        for (k, h) in hops.iter().enumerate() {
            let node = if closed && k + 1 == n - 1 {
                "(n0)".to_string()
            } else {
                format!("(n{}{})", k + 1, label(k + 1))
            };
            pattern.push_str(&h.text());
            pattern.push_str(&node);
        }
        let last = if closed { n - 1 } else { n };
        let cols: Vec<String> = (0..last).map(|i| format!("n{i}.i")).collect();
        let filter = match start {
            Some(s) => format!(" WHERE n0.i = {s}"),
            None => String::new(),
        };
        let q = format!("MATCH {pattern}{filter} RETURN {}", cols.join(", "));
        let mut db = graph(&edges);
        let got = db.query(&q).unwrap_or_else(|e| panic!("{q}: {e}"));
        let mut got: Vec<Vec<u8>> = got
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|v| match v {
                        Value::Int(i) => *i as u8,
                        other => panic!("{q}: {other:?}"),
                    })
                    .collect()
            })
            .collect();
        got.sort();
        let mut want = expected(&edges, &hops, closed, &m_label);
        if let Some(s) = start {
            want.retain(|r| r[0] == s);
        }
        if closed {
            for r in want.iter_mut() {
                r.pop();
            }
        }
        prop_assert_eq!(got, want, "{}", q);
    }
}
