//! The path selectors over a quantified path pattern of several relationships (`SHORTEST k`,
//! `ALL SHORTEST`, `ANY`, `ANY k`, `SHORTEST k GROUPS`) choose, per pair of ends, among the
//! paths the same pattern matches without a selector: on random multigraphs, relq's selected
//! paths are compared with every path of the plain pattern, ordered by length here.

use proptest::prelude::*;
use relq::{Database, Value};
use std::collections::BTreeMap;

/// Node i (0 to 4) has label N, and M when even, and `i: i`; each edge (start, end, type A?,
/// weight) is a relationship with its index as `id` and the weight as `w`.
fn graph(edges: &[(u8, u8, bool, u8)]) -> Database {
    let mut db = Database::new();
    db.query("UNWIND range(0, 4) AS i CREATE (n:N {i: i}) WITH n, i WHERE i % 2 = 0 SET n:M")
        .unwrap();
    for (id, (a, b, t, w)) in edges.iter().enumerate() {
        let ty = if *t { "A" } else { "B" };
        db.query(&format!(
            "MATCH (a:N {{i: {a}}}), (b:N {{i: {b}}}) CREATE (a)-[:{ty} {{id: {id}, w: {w}}}]->(b)"
        ))
        .unwrap();
    }
    db
}

/// One relationship of the group: 0 outgoing, 1 incoming, 2 either way; 0 any type, 1 A,
/// 2 B, 3 A or B.
fn hop(dir: u8, ty: u8, name: &str) -> String {
    let t = ["", ":A", ":B", ":A|B"][ty as usize % 4];
    match dir {
        0 => format!("-[{name}{t}]->"),
        1 => format!("<-[{name}{t}]-"),
        _ => format!("-[{name}{t}]-"),
    }
}

/// A path as a row gives it: its ends, then its nodes, its relationships' ids and the
/// group's lists, as text (the ends apart, to group paths by them).
type Found = ((i64, i64), usize, String);

fn paths(db: &mut Database, q: &str) -> Vec<Found> {
    let got = db.query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    got.rows
        .iter()
        .map(|row| match (&row[0], &row[1], &row[2]) {
            (Value::Int(s), Value::Int(e), Value::Int(len)) => {
                let rest: Vec<String> = row[3..].iter().map(|v| format!("{v:?}")).collect();
                ((*s, *e), *len as usize, rest.join(" "))
            }
            other => panic!("{q}: {other:?}"),
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum Selector {
    /// `SHORTEST k` (with k = 1 also written `SHORTEST 1`, or `ANY` for a count of 1: `ANY k`).
    Shortest(u64, bool),
    AllShortest,
    Groups(u64),
}

impl Selector {
    fn text(self) -> String {
        match self {
            Selector::Shortest(1, true) => "ANY".into(),
            Selector::Shortest(k, true) => format!("ANY {k}"),
            Selector::Shortest(k, false) => format!("SHORTEST {k}"),
            Selector::AllShortest => "ALL SHORTEST".into(),
            Selector::Groups(k) => format!("SHORTEST {k} GROUPS"),
        }
    }
}

fn selector() -> impl Strategy<Value = Selector> {
    prop_oneof![
        (1u64..5, any::<bool>()).prop_map(|(k, any)| Selector::Shortest(k, any)),
        Just(Selector::AllShortest),
        (1u64..4).prop_map(Selector::Groups),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Per pair of ends: `ALL SHORTEST` and `SHORTEST k GROUPS` give exactly the paths of the
    /// shortest length(s) among all the plain pattern's paths; `SHORTEST k` and `ANY k` give
    /// min(k, all there are) of those paths, no two the same, the shortest ones (their lengths
    /// are the k least). The rows compared hold the path's nodes, relationships and the
    /// group's lists, so those must agree too.
    #[test]
    fn a_selector_chooses_the_shortest_of_all_paths(
        edges in prop::collection::vec((0u8..5, 0u8..5, any::<bool>(), 0u8..3), 0..12),
        group in prop::collection::vec((0u8..3, 0u8..4), 2..4),
        middle_label in any::<bool>(),
        where_ in 0u8..4,
        min in 0u64..3,
        more in 0u64..3,
        unbounded in any::<bool>(),
        acyclic in any::<bool>(),
        start in prop::option::of(0u8..5),
        select in selector(),
    ) {
        // The group: x -r0-> m0 -r1-> m1 ... -> z, its first inner node labelled M or not.
        let k = group.len();
        let mut inner = "(x)".to_string();
        for (i, &(dir, ty)) in group.iter().enumerate() {
            inner.push_str(&hop(dir, ty, &format!("r{i}")));
            if i + 1 < k {
                let label = if i == 0 && middle_label { ":M" } else { "" };
                inner.push_str(&format!("(m{i}{label})"));
            } else {
                inner.push_str("(z)");
            }
        }
        // A WHERE reading two elements of a repetition, or one.
        inner.push_str(match where_ {
            0 => "",
            1 => " WHERE r0.w <= r1.w",
            2 => " WHERE x.i <> z.i",
            _ => " WHERE r1.w > 0",
        });
        // A trail of at most 12 relationships repeats a group of 2 at most 6 times.
        let max = min + more;
        let (chosen, all) = if unbounded {
            (format!("{{{min},}}"), format!("{{{min},6}}"))
        } else {
            (format!("{{{min},{max}}}"), format!("{{{min},{max}}}"))
        };
        let mode = if acyclic { "ACYCLIC " } else { "" };
        let from = match start {
            Some(i) => format!("(s:N {{i: {i}}})"),
            None => "(s)".to_string(),
        };
        let ret = "RETURN s.i, e.i, length(p), [n IN nodes(p) | n.i], [r IN relationships(p) | r.id], \
                   [n IN x | n.i], [n IN z | n.i], [r IN r1 | r.id]";
        let q = |quantifier: &str, sel: &str| {
            format!("MATCH p = {sel}{mode}{from} ({inner}){quantifier} (e) {ret}")
        };
        let selective = q(&chosen, &format!("{} ", select.text()));
        let plain = q(&all, "");
        let mut db = graph(&edges);
        let got = paths(&mut db, &selective);
        let every = paths(&mut db, &plain);
        let by_ends = |found: Vec<Found>| {
            let mut m: BTreeMap<(i64, i64), Vec<(usize, String)>> = BTreeMap::new();
            for (ends, len, rest) in found {
                m.entry(ends).or_default().push((len, rest));
            }
            for v in m.values_mut() {
                v.sort();
            }
            m
        };
        let got = by_ends(got);
        let every = by_ends(every);
        // Every pair with a selected path has paths, and the reverse.
        prop_assert_eq!(
            got.keys().collect::<Vec<_>>(),
            every.keys().collect::<Vec<_>>(),
            "{} against {}", selective, plain
        );
        for (ends, all) in &every {
            let chosen = &got[ends];
            let mut lengths: Vec<usize> = all.iter().map(|(len, _)| *len).collect();
            lengths.dedup();
            match select {
                Selector::AllShortest | Selector::Groups(_) => {
                    let groups = match select {
                        Selector::Groups(g) => g as usize,
                        _ => 1,
                    };
                    let longest = lengths[groups.min(lengths.len()) - 1];
                    let want: Vec<&(usize, String)> =
                        all.iter().filter(|(len, _)| *len <= longest).collect();
                    let chosen: Vec<&(usize, String)> = chosen.iter().collect();
                    prop_assert_eq!(chosen, want, "{:?}: {} against {}", ends, selective, plain);
                }
                Selector::Shortest(k, _) => {
                    let count = (k as usize).min(all.len());
                    prop_assert_eq!(chosen.len(), count, "{:?}: {}", ends, selective);
                    for p in chosen {
                        prop_assert!(all.contains(p), "{:?}: {} gave {:?}, not a path of {}", ends, selective, p, plain);
                    }
                    let mut distinct = chosen.clone();
                    distinct.dedup();
                    prop_assert_eq!(distinct.len(), chosen.len(), "{:?}: {}", ends, selective);
                    let got_lengths: Vec<usize> = chosen.iter().map(|(len, _)| *len).collect();
                    let least: Vec<usize> = all.iter().take(count).map(|(len, _)| *len).collect();
                    prop_assert_eq!(got_lengths, least, "{:?}: {} against {}", ends, selective, plain);
                }
            }
        }
    }
}

/// The selectors' answers on a graph where the shortest walk over (node, place in the group)
/// reuses a relationship: a path is a trail, so the selector must look further.
#[test]
fn a_selected_path_never_takes_a_relationship_twice() {
    let mut db = graph(&[
        (0, 1, true, 0),
        (1, 2, true, 0),
        (2, 3, true, 0),
        (3, 1, true, 0),
    ]);
    // From 0 to 1 in steps of two undirected A's: 0-1-2 then 2-3-1, or 0-1-3 then 3-2-1.
    let q = "MATCH p = ALL SHORTEST (s:N {i: 0}) ((x)-[:A]-(y)-[:A]-(z))+ (e:N {i: 1}) \
             RETURN [n IN nodes(p) | n.i] AS nodes ORDER BY nodes";
    let got = db.query(q).unwrap();
    let path = |ns: [i64; 5]| vec![Value::List(ns.into_iter().map(Value::Int).collect())];
    assert_eq!(
        got.rows,
        vec![path([0, 1, 2, 3, 1]), path([0, 1, 3, 2, 1])],
        "{q}"
    );
    // From 0 to 0: 0-1 is the only way out of 0 and back, and no trail takes it twice (the
    // walk 0-1-0 would).
    let q = "MATCH p = ALL SHORTEST (s:N {i: 0}) ((x)-[:A]-(y)-[:A]-(z))+ (e:N {i: 0}) RETURN p";
    assert!(db.query(q).unwrap().rows.is_empty(), "{q}");
}

/// A relationship pattern as `hop` writes it, with a property map `{w: 1}` when `w`.
fn hop_with(dir: u8, ty: u8, name: &str, w: bool) -> String {
    let props = if w { " {w: 1}" } else { "" };
    let t = ["", ":A", ":B", ":A|B"][ty as usize % 4];
    match dir {
        0 => format!("-[{name}{t}{props}]->"),
        1 => format!("<-[{name}{t}{props}]-"),
        _ => format!("-[{name}{t}{props}]-"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The selectors over a path pattern of fixed hops and quantified parts (quantified
    /// relationships, or quantified path patterns of two), none, one or several of them, each
    /// followed by fixed hops or straight by the next: per pair of ends, they choose among the
    /// bindings the plain pattern matches, as above (a path that splits into the quantified
    /// parts in several ways is several bindings, each its own row). The rows compared hold
    /// the fixed hops' named nodes and relationships (single values), the quantified parts'
    /// variables (lists) and the nodes named between parts, so those must agree too.
    #[test]
    fn a_selector_over_fixed_hops_and_quantified_parts_chooses_the_shortest(
        edges in prop::collection::vec((0u8..5, 0u8..5, any::<bool>(), 0u8..3), 0..12),
        before in prop::collection::vec((0u8..3, 0u8..4, any::<bool>(), any::<bool>()), 0..3),
        parts in prop::collection::vec(
            (
                1u8..3,
                (0u8..3, 0u8..4, 0u8..3, 0u8..4),
                (0u64..3, 0u64..3, any::<bool>()),
                prop::collection::vec((0u8..3, 0u8..4, any::<bool>(), any::<bool>()), 0..2),
            ),
            0..3,
        ),
        acyclic in any::<bool>(),
        start in prop::option::of(0u8..5),
        tail in any::<bool>(),
        select in selector(),
    ) {
        // The pattern as pieces, each a relationship (or quantified part) and the node after
        // it, with the columns that read its variables; the last node is the far end `e`.
        // A quantified part's quantifier is written as `Q<j>`, chosen below.
        let mut pieces: Vec<(String, Option<String>, Vec<String>)> = Vec::new();
        let fixed = |hops: &[(u8, u8, bool, bool)], tag: &str, pieces: &mut Vec<(String, Option<String>, Vec<String>)>| {
            for (i, &(dir, ty, w, label)) in hops.iter().enumerate() {
                let rel = hop_with(dir, ty, &format!("{tag}r{i}"), w);
                let node = format!("{tag}n{i}");
                let label = if label { ":M" } else { "" };
                let columns = vec![format!("{tag}r{i}.id"), format!("{node}.i")];
                pieces.push((rel, Some(format!("({node}{label})")), columns));
            }
        };
        fixed(&before, "b", &mut pieces);
        let mut chosen: Vec<String> = Vec::new();
        let mut all: Vec<String> = Vec::new();
        for (j, (kind, (dir, ty, dir2, ty2), (min, more, unbounded), hops)) in parts.iter().enumerate() {
            let max = min + more;
            if *unbounded {
                chosen.push(format!("{{{min},}}"));
                all.push(format!("{{{min},12}}"));
            } else {
                chosen.push(format!("{{{min},{max}}}"));
                all.push(format!("{{{min},{max}}}"));
            }
            match kind {
                1 => pieces.push((
                    format!("{}Q{j}", hop(*dir, *ty, &format!("q{j}"))),
                    Some(format!("(v{j})")),
                    vec![format!("[r IN q{j} | r.id]"), format!("v{j}.i")],
                )),
                _ => pieces.push((
                    format!(
                        " ((x{j}){}(y{j}){}(z{j}) WHERE x{j}.i <> z{j}.i)Q{j} ",
                        hop(*dir, *ty, &format!("g{j}0")),
                        hop(*dir2, *ty2, &format!("g{j}1"))
                    ),
                    Some(format!("(v{j})")),
                    vec![
                        format!("[n IN x{j} | n.i]"),
                        format!("[n IN y{j} | n.i]"),
                        format!("[r IN g{j}1 | r.id]"),
                        format!("v{j}.i"),
                    ],
                )),
            }
            fixed(hops, &format!("p{j}"), &mut pieces);
        }
        if tail || pieces.is_empty() {
            pieces.push((hop(0, 0, "last"), Some("(e)".into()), vec!["last.id".into()]));
        }
        // The last node is the far end: `e`, its labels kept, its column dropped.
        let last = pieces.last_mut().expect("a piece");
        let node = last.1.take().expect("a node");
        let labelled = node.contains(":M");
        last.1 = Some(if labelled { "(e:M)".into() } else { "(e)".into() });
        if node != "(e)" {
            last.2.pop();
        }
        let mut columns: Vec<String> = Vec::new();
        let mut text = match start {
            Some(i) => format!("(s:N {{i: {i}}})"),
            None => "(s)".to_string(),
        };
        for (rel, node, cols) in &pieces {
            text.push_str(rel);
            text.push_str(node.as_deref().unwrap_or("()"));
            columns.extend(cols.iter().cloned());
        }
        let (mut selective_pattern, mut plain_pattern) = (text.clone(), text);
        for j in 0..parts.len() {
            selective_pattern = selective_pattern.replace(&format!("Q{j}"), &chosen[j]);
            plain_pattern = plain_pattern.replace(&format!("Q{j}"), &all[j]);
        }
        let mode = if acyclic { "ACYCLIC " } else { "" };
        let ret = format!(
            "RETURN s.i, e.i, length(p), [n IN nodes(p) | n.i], [r IN relationships(p) | r.id], {}",
            columns.join(", ")
        );
        let selective = format!("MATCH p = {} {mode}{selective_pattern} {ret}", select.text());
        let plain = format!("MATCH p = {mode}{plain_pattern} {ret}");
        let mut db = graph(&edges);
        let got = paths(&mut db, &selective);
        let every = paths(&mut db, &plain);
        let by_ends = |found: Vec<Found>| {
            let mut m: BTreeMap<(i64, i64), Vec<(usize, String)>> = BTreeMap::new();
            for (ends, len, rest) in found {
                m.entry(ends).or_default().push((len, rest));
            }
            for v in m.values_mut() {
                v.sort();
            }
            m
        };
        let got = by_ends(got);
        let every = by_ends(every);
        prop_assert_eq!(
            got.keys().collect::<Vec<_>>(),
            every.keys().collect::<Vec<_>>(),
            "{} against {}", selective, plain
        );
        for (ends, all) in &every {
            let chosen = &got[ends];
            let mut lengths: Vec<usize> = all.iter().map(|(len, _)| *len).collect();
            lengths.dedup();
            match select {
                Selector::AllShortest | Selector::Groups(_) => {
                    let groups = match select {
                        Selector::Groups(g) => g as usize,
                        _ => 1,
                    };
                    let longest = lengths[groups.min(lengths.len()) - 1];
                    let want: Vec<&(usize, String)> =
                        all.iter().filter(|(len, _)| *len <= longest).collect();
                    let chosen: Vec<&(usize, String)> = chosen.iter().collect();
                    prop_assert_eq!(chosen, want, "{:?}: {} against {}", ends, selective, plain);
                }
                Selector::Shortest(k, _) => {
                    let count = (k as usize).min(all.len());
                    prop_assert_eq!(chosen.len(), count, "{:?}: {}", ends, selective);
                    for p in chosen {
                        prop_assert!(all.contains(p), "{:?}: {} gave {:?}, not a path of {}", ends, selective, p, plain);
                    }
                    let mut distinct = chosen.clone();
                    distinct.dedup();
                    prop_assert_eq!(distinct.len(), chosen.len(), "{:?}: {}", ends, selective);
                    let got_lengths: Vec<usize> = chosen.iter().map(|(len, _)| *len).collect();
                    let least: Vec<usize> = all.iter().take(count).map(|(len, _)| *len).collect();
                    prop_assert_eq!(got_lengths, least, "{:?}: {} against {}", ends, selective, plain);
                }
            }
        }
    }
}
