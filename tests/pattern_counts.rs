//! Every way the planner can match a chain of relationships (from a node, from a scan of the
//! relationships, expanding into a bound node from either side) must find exactly the matches
//! Cypher defines, with their multiplicity. On random multigraphs with self-loops and parallel
//! edges, relq's rows are compared with a brute-force enumeration written here.

use proptest::prelude::*;
use relq::{Database, Value};

mod common;

/// Edges as (start, end, type A?); node i has label N, and M when i is even.
fn graph(edges: &[(u8, u8, bool)]) -> Database {
    common::multigraph(4, true, edges)
}

#[derive(Clone, Debug)]
struct Hop {
    /// 0 outgoing, 1 incoming, 2 either way
    dir: u8,
    /// 0 any type, 1 A, 2 B, 3 A or B, 4 not A, 5 A and B (none), 6 any (`%`)
    ty: u8,
}

/// The label expressions a node of a pattern may have, by number: none, then those below,
/// which hold of even nodes (which have M), odd ones, or every node (see `label_ok`).
const NODE_LABELS: [&str; 6] = ["", ":M", ":!M", ":N&!M", ":M|!N", ":%&(M|N)"];

/// Whether node `i` (label N, and M when even) has the label expression numbered `label`.
fn label_ok(label: u8, i: u8) -> bool {
    match label {
        1 | 4 => i.is_multiple_of(2),
        2 | 3 => !i.is_multiple_of(2),
        _ => true,
    }
}

impl Hop {
    fn text(&self) -> String {
        let t = ["", ":A", ":B", ":A|B", ":!A", ":A&B", ":%"][self.ty as usize];
        match self.dir {
            0 => format!("-[{t}]->"),
            1 => format!("<-[{t}]-"),
            _ => format!("-[{t}]-"),
        }
    }
    fn type_ok(&self, is_a: bool) -> bool {
        match self.ty {
            1 => is_a,
            2 | 4 => !is_a,
            5 => false,
            _ => true,
        }
    }
}

/// All matches as node tuples, by brute force: each hop takes a distinct edge, in every
/// orientation its arrow allows (a self-loop once for an undirected hop).
fn expected(edges: &[(u8, u8, bool)], hops: &[Hop], closed: bool, m_label: &[u8]) -> Vec<Vec<u8>> {
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
        m_label: &[u8],
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
                let checked = !(last && closed);
                if checked && !label_ok(m_label[k + 1], r) {
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
        if !label_ok(m_label[0], start) {
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
        hops in prop::collection::vec((0u8..3, 0u8..7), 1..4),
        closed in any::<bool>(),
        m_label in prop::collection::vec(0u8..6, 4),
        start in prop::option::of(0u8..4),
    ) {
        let hops: Vec<Hop> = hops.into_iter().map(|(dir, ty)| Hop { dir, ty }).collect();
        let closed = closed && hops.len() > 1;
        let n = hops.len() + 1;
        let label = |i: usize| NODE_LABELS[m_label[i] as usize];
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// shortestPath (searched from both ends) finds a path exactly as long as the ones
    /// allShortestPaths lists (searched from one end), and the path it gives is a real one:
    /// each relationship joins its neighbours in the pattern's direction and has its type.
    #[test]
    fn shortest_path_is_as_short_as_all_shortest_paths(
        edges in prop::collection::vec((0u8..6, 0u8..6, any::<bool>()), 0..16),
        dir in 0u8..3,
        ty in 0u8..7,
        max in 1u64..5,
        a in 0u8..6,
        b in 0u8..6,
    ) {
        check_shortest_path(&edges, dir, ty, max, a, b)?;
    }

    /// The same on dense multigraphs, where a frontier's nodes have dozens of relationships:
    /// there the search asks whether a relationship joins its two frontiers (by binary search
    /// in each pair's sorted adjacency) before walking either.
    #[test]
    fn shortest_path_on_dense_graphs_is_as_short_as_all_shortest_paths(
        edges in prop::collection::vec((0u8..8, 0u8..8, any::<bool>()), 40..120),
        dir in 0u8..3,
        ty in 0u8..7,
        max in 1u64..5,
        a in 0u8..8,
        b in 0u8..8,
    ) {
        check_shortest_path(&edges, dir, ty, max, a, b)?;
    }
}

/// shortestPath from node `a` to node `b` over `edges` (nodes 0 to 7) against
/// allShortestPaths: the same length, and a real path of the pattern's direction and types.
fn check_shortest_path(
    edges: &[(u8, u8, bool)],
    dir: u8,
    ty: u8,
    max: u64,
    a: u8,
    b: u8,
) -> Result<(), TestCaseError> {
    {
        let mut db = common::multigraph(8, false, edges);
        let hop = Hop { dir, ty }.text().replace(']', &format!("*..{max}]"));
        let one = format!(
            "MATCH p = shortestPath((a:N {{i: {a}}}){hop}(b:N {{i: {b}}})) \
             RETURN length(p), [n IN nodes(p) | n.i], [r IN relationships(p) | [startNode(r).i, endNode(r).i, type(r)]]"
        );
        let all = format!(
            "MATCH p = allShortestPaths((a:N {{i: {a}}}){hop}(b:N {{i: {b}}})) RETURN min(length(p)), count(*)"
        );
        let got = db.query(&one).unwrap_or_else(|e| panic!("{one}: {e}"));
        let want = db.query(&all).unwrap_or_else(|e| panic!("{all}: {e}"));
        let want_len = want.rows[0][0].clone();
        if a == b {
            // A path from a node to itself needs a minimum length of 0.
            prop_assert!(got.rows.is_empty(), "{}", one);
            return Ok(());
        }
        match &want_len {
            Value::Null => prop_assert!(got.rows.is_empty(), "{}", one),
            len => {
                prop_assert_eq!(got.rows.len(), 1, "{}", one);
                let row = &got.rows[0];
                prop_assert_eq!(&row[0], len, "{}", one);
                let (Value::List(nodes), Value::List(rels)) = (&row[1], &row[2]) else {
                    panic!("{one}: {row:?}");
                };
                prop_assert_eq!(nodes.first(), Some(&Value::Int(a as i64)));
                prop_assert_eq!(nodes.last(), Some(&Value::Int(b as i64)));
                for (k, r) in rels.iter().enumerate() {
                    let Value::List(r) = r else { panic!("{r:?}") };
                    let (s, e) = (r[0].clone(), r[1].clone());
                    let (x, y) = (nodes[k].clone(), nodes[k + 1].clone());
                    let joined = match dir {
                        0 => s == x && e == y,
                        1 => s == y && e == x,
                        _ => (s == x && e == y) || (s == y && e == x),
                    };
                    prop_assert!(joined, "{}: {:?}", one, row);
                    let t = r[2].clone();
                    let type_ok = Hop { dir, ty }.type_ok(t == Value::from("A"));
                    prop_assert!(type_ok, "{}: {:?}", one, row);
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A quantified path pattern of several relationships, `((a)-->(b:M)-->(c)){m,n}`, finds
    /// exactly what the union of its repetitions written out hop by hop finds (whose plans
    /// the test above checks against brute force), walked from either end, with and without
    /// ACYCLIC.
    #[test]
    fn a_repeated_group_matches_it_written_out(
        edges in prop::collection::vec((0u8..4, 0u8..4, any::<bool>()), 0..10),
        group in prop::collection::vec((0u8..3, 0u8..7), 2..4),
        middle_label in 0u8..6,
        min in 0u64..3,
        more in 0u64..2,
        bound in 0u8..3,
        at in 0u8..4,
        acyclic in any::<bool>(),
    ) {
        let hops: Vec<Hop> = group.into_iter().map(|(dir, ty)| Hop { dir, ty }).collect();
        let max = min + more;
        let mode = if acyclic { "ACYCLIC " } else { "" };
        let filter = match bound {
            0 => String::new(),
            1 => format!(" WHERE x.i = {at}"),
            _ => format!(" WHERE y.i = {at}"),
        };
        // One repetition, its inner nodes named from `tag`.
        let repetition = |tag: &str| -> String {
            let mut s = String::new();
            for (k, h) in hops.iter().enumerate() {
                s.push_str(&h.text());
                if k + 1 < hops.len() {
                    let label = if k == 0 { NODE_LABELS[middle_label as usize] } else { "" };
                    s.push_str(&format!("({tag}{k}{label})"));
                }
            }
            s
        };
        let inner = repetition("m");
        let quantified = format!(
            "MATCH {mode}(x) ((a){inner}(b)){{{min},{max}}} (y){filter} RETURN x.i AS s, y.i AS e"
        );
        let written: Vec<String> = (min..=max)
            .map(|r| {
                if r == 0 {
                    let f = filter.replace("y.i", "x.i");
                    return format!("MATCH (x){f} RETURN x.i AS s, x.i AS e");
                }
                let mut p = "(x)".to_string();
                for i in 0..r {
                    p.push_str(&repetition(&format!("m{i}_")));
                    p.push_str(if i + 1 == r { "(y)" } else { "()" });
                }
                format!("MATCH {mode}{p}{filter} RETURN x.i AS s, y.i AS e")
            })
            .collect();
        let written = written.join(" UNION ALL ");
        let mut db = graph(&edges);
        let rows = |db: &mut Database, q: &str| -> Vec<(i64, i64)> {
            let got = db.query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
            let mut rows: Vec<(i64, i64)> = got
                .rows
                .iter()
                .map(|row| match (&row[0], &row[1]) {
                    (Value::Int(s), Value::Int(e)) => (*s, *e),
                    other => panic!("{q}: {other:?}"),
                })
                .collect();
            rows.sort();
            rows
        };
        let got = rows(&mut db, &quantified);
        let want = rows(&mut db, &written);
        prop_assert_eq!(got, want, "{} against {}", quantified, written);
    }
}
