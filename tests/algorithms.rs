//! The graph algorithm procedures (`algo.*`) against NetworkX on the same graphs: multigraphs
//! with parallel relationships, self loops, two relationship types and two labels, whole and
//! through every way of choosing a part (labels, types, a list of relationships from a
//! predicate, a list of nodes).
//!
//! A missing NetworkX (with NumPy and SciPy, which its PageRank needs) skips the comparisons (with a note on stderr) unless
//! `RELQ_REQUIRE_TOOLS=1`. `RELQ_PYTHON` names the Python interpreter with NetworkX (default
//! `python3`).

use relq::graph::Value;
use relq::Database;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::process::{Command, Stdio};

fn python() -> Option<String> {
    let py = std::env::var("RELQ_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let ok = Command::new(&py)
        .args(["-c", "import networkx, numpy, scipy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(py);
    }
    if std::env::var("RELQ_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("networkx with scipy (python: {py}) not found (install networkx numpy scipy) and RELQ_REQUIRE_TOOLS=1");
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: networkx with scipy (python: {py}) not found (install networkx numpy scipy)"
    );
    None
}

/// A deterministic pseudo-random graph: `n` nodes `(:N {i})`, every third also `:M`;
/// relationships A and B between random pairs (some repeated, some loops), with a number `w`.
struct Case {
    n: usize,
    /// (start i, end i, type A?, w)
    edges: Vec<(usize, usize, bool, i64)>,
}

fn case(seed: u64, n: usize, m: usize) -> Case {
    let mut x = seed;
    let mut next = move |bound: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % bound as u64) as usize
    };
    let mut edges = Vec::new();
    for _ in 0..m {
        // Clustered: most relationships stay inside a block of 10 nodes.
        let a = next(n);
        let b = if next(4) > 0 {
            (a / 10 * 10 + next(10)).min(n - 1)
        } else {
            next(n)
        };
        edges.push((a, b, next(3) > 0, next(100) as i64));
    }
    // A few repeats and loops on purpose.
    edges.push(edges[0]);
    edges.push(edges[1]);
    edges.push((3, 3, true, 5));
    Case { n, edges }
}

fn load(c: &Case) -> Database {
    let mut db = Database::new();
    db.query(&format!(
        "UNWIND range(0, {}) AS i CREATE (n:N {{i: i}}) WITH n, i WHERE i % 3 = 0 SET n:M",
        c.n - 1
    ))
    .unwrap();
    for (ty, is_a) in [("A", true), ("B", false)] {
        let list: Vec<String> = (c.edges.iter())
            .filter(|e| e.2 == is_a)
            .map(|(a, b, _, w)| format!("[{a}, {b}, {w}]"))
            .collect();
        db.query(&format!(
            "UNWIND [{}] AS e MATCH (a:N {{i: e[0]}}), (b:N {{i: e[1]}}) \
             CREATE (a)-[:{ty} {{w: e[2]}}]->(b)",
            list.join(", ")
        ))
        .unwrap();
    }
    db
}

/// How a call chooses its part of the graph, and the same choice made on the edge list.
struct Choice {
    config: &'static str,
    /// Cypher run before the call, binding what the config names.
    before: &'static str,
    node: fn(usize) -> bool,
    edge: fn(&(usize, usize, bool, i64)) -> bool,
}

const CHOICES: [Choice; 5] = [
    Choice {
        config: "{}",
        before: "",
        node: |_| true,
        edge: |_| true,
    },
    Choice {
        config: "{relationshipTypes: ['A']}",
        before: "",
        node: |_| true,
        edge: |e| e.2,
    },
    Choice {
        config: "{nodeLabels: ['M']}",
        before: "",
        node: |i| i % 3 == 0,
        edge: |_| true,
    },
    Choice {
        config: "{relationships: rs}",
        before: "MATCH ()-[r]->() WHERE r.w < 60 WITH collect(r) AS rs",
        node: |_| true,
        edge: |e| e.3 < 60,
    },
    Choice {
        config: "{nodes: ns, relationshipTypes: ['B', 'A']}",
        before: "MATCH (n:N) WHERE n.i < 40 WITH collect(n) AS ns",
        node: |i| i < 40,
        edge: |_| true,
    },
];

/// NetworkX's answers for one graph, by node `i`.
const NETWORKX: &str = r#"
import json, sys
import networkx as nx
from networkx.algorithms import community
case = json.load(sys.stdin)
g = nx.MultiDiGraph()
g.add_nodes_from(case["nodes"])
g.add_edges_from((a, b, {"w": w}) for a, b, w in case["edges"])
simple = nx.DiGraph(g)
# Built from the list: nx.MultiGraph(g) would merge a->b and b->a (both have key 0).
multi = nx.MultiGraph()
multi.add_nodes_from(case["nodes"])
multi.add_edges_from((a, b) for a, b, _ in case["edges"])
multi_w = nx.MultiGraph()
multi_w.add_nodes_from(case["nodes"])
multi_w.add_edges_from((a, b, {"w": w}) for a, b, w in case["edges"])
und = nx.Graph()
und.add_nodes_from(g)
weighed = nx.Graph()
weighed.add_nodes_from(g)
for a, b, w in case["edges"]:
    n = und[a][b]["weight"] + 1 if und.has_edge(a, b) else 1
    und.add_edge(a, b, weight=n)
    total = weighed[a][b]["weight"] + w if weighed.has_edge(a, b) else w
    weighed.add_edge(a, b, weight=total)
key = lambda d: {str(k): v for k, v in d.items()}
parts = lambda cs: sorted(sorted(c) for c in cs)
out = {
    "pagerank": key(nx.pagerank(g, alpha=0.85, tol=1e-12, max_iter=1000)),
    "pagerank_und": key(nx.pagerank(multi, alpha=0.7, tol=1e-12, max_iter=1000)),
    "pagerank_w": key(nx.pagerank(g, alpha=0.85, tol=1e-12, max_iter=1000, weight="w")),
    "out": key(dict(g.out_degree())),
    "out_w": key(dict(g.out_degree(weight="w"))),
    "in": key(dict(g.in_degree())),
    "both": key(dict(multi.degree())),
    "betweenness": key(nx.betweenness_centrality(simple, normalized=False)),
    "betweenness_und": key(nx.betweenness_centrality(nx.Graph(simple), normalized=False)),
    # Weighted: between nodes joined by parallel edges, the lightest counts.
    "betweenness_w": key(nx.betweenness_centrality(g, weight="w", normalized=False)),
    "betweenness_w_und": key(nx.betweenness_centrality(multi_w, weight="w", normalized=False)),
    "wcc": parts(nx.weakly_connected_components(g)),
    "scc": parts(nx.strongly_connected_components(g)),
    "triangles": key(nx.triangles(nx.Graph(simple.to_undirected()))),
}
best = community.louvain_communities(und, weight="weight", seed=1)
out["louvain_nx"] = community.modularity(und, best, weight="weight")
louvain = case["louvain"]
groups = {}
for i, c in louvain.items():
    groups.setdefault(c, set()).add(int(i))
out["louvain_relq"] = community.modularity(und, list(groups.values()), weight="weight")
best = community.louvain_communities(weighed, weight="weight", seed=1)
out["louvain_w_nx"] = community.modularity(weighed, best, weight="weight")
groups = {}
for i, c in case["louvain_w"].items():
    groups.setdefault(c, set()).add(int(i))
out["louvain_w_relq"] = community.modularity(weighed, list(groups.values()), weight="weight")
# relq's Leiden communities: their modularity, and whether each is connected.
for name, graph in [("leiden", und), ("leiden_w", weighed)]:
    groups = {}
    for i, c in case[name].items():
        groups.setdefault(c, set()).add(int(i))
    out[name + "_relq"] = community.modularity(graph, list(groups.values()), weight="weight")
    out[name + "_connected"] = all(nx.is_connected(graph.subgraph(c)) for c in groups.values())
print(json.dumps(out))
"#;

fn networkx(
    py: &str,
    nodes: &[usize],
    edges: &[(usize, usize, i64)],
    louvain: &BTreeMap<usize, i64>,
    louvain_w: &BTreeMap<usize, i64>,
    leiden: &BTreeMap<usize, i64>,
    leiden_w: &BTreeMap<usize, i64>,
) -> serde_json::Value {
    let keyed = |m: &BTreeMap<usize, i64>| -> BTreeMap<String, i64> {
        m.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    let input = serde_json::json!({
        "nodes": nodes,
        "edges": edges,
        "louvain": keyed(louvain),
        "louvain_w": keyed(louvain_w),
        "leiden": keyed(leiden),
        "leiden_w": keyed(leiden_w),
    });
    let mut child = Command::new(py)
        .args(["-c", NETWORKX])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `column` of each node's row of `algo.name(config)` under `choice`, by the node's `i`, and
/// each node's id.
fn call(
    db: &mut Database,
    choice: &Choice,
    name: &str,
    settings: &str,
    column: &str,
) -> BTreeMap<usize, (Value, i64)> {
    let inner = choice.config.trim_start_matches('{').trim_end_matches('}');
    let config = match (inner.is_empty(), settings.is_empty()) {
        (true, _) => format!("{{{settings}}}"),
        (false, true) => format!("{{{inner}}}"),
        (false, false) => format!("{{{inner}, {settings}}}"),
    };
    let query = format!(
        "{} CALL {name}({config}) YIELD node, {column} RETURN node.i AS i, id(node) AS id, {column} AS v",
        choice.before
    );
    let rows = db
        .query(&query)
        .unwrap_or_else(|e| panic!("{query}: {e:?}"))
        .rows;
    let mut out = BTreeMap::new();
    for row in rows {
        let (Value::Int(i), Value::Int(id)) = (&row[0], &row[1]) else {
            panic!("{query}: {row:?}");
        };
        assert!(
            out.insert(*i as usize, (row[2].clone(), *id)).is_none(),
            "{query}: node {i} twice"
        );
    }
    out
}

fn float(v: &Value) -> f64 {
    match v {
        Value::Float(x) => *x,
        Value::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn close(ours: &BTreeMap<usize, (Value, i64)>, theirs: &serde_json::Value, what: &str) {
    let theirs = theirs.as_object().unwrap();
    assert_eq!(ours.len(), theirs.len(), "{what}: node counts");
    for (i, (v, _)) in ours {
        let want = theirs[&i.to_string()].as_f64().unwrap();
        let got = float(v);
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{what}: node {i}: relq {got}, networkx {want}"
        );
    }
}

/// The sets of nodes (by `i`) that share a value, as NetworkX lists components; and each set's
/// value is the lowest id among its nodes.
fn partition(ours: &BTreeMap<usize, (Value, i64)>, what: &str) -> Vec<Vec<usize>> {
    let mut sets: BTreeMap<i64, (Vec<usize>, i64)> = BTreeMap::new();
    for (i, (v, id)) in ours {
        let Value::Int(c) = v else {
            panic!("{what}: {v:?}")
        };
        let e = sets.entry(*c).or_insert((Vec::new(), i64::MAX));
        e.0.push(*i);
        e.1 = e.1.min(*id);
    }
    for (c, (_, low)) in &sets {
        assert_eq!(c, low, "{what}: a component is named by its lowest node id");
    }
    let mut parts: Vec<Vec<usize>> = sets.into_values().map(|(s, _)| s).collect();
    parts.sort();
    parts
}

#[test]
fn algorithms_agree_with_networkx() {
    let Some(py) = python() else {
        return;
    };
    for (seed, n, m) in [(1, 12, 30), (7, 80, 400), (42, 150, 700)] {
        let c = case(seed, n, m);
        let mut db = load(&c);
        for choice in &CHOICES {
            let what = |alg: &str| format!("graph {seed}, {}: {alg}", choice.config);
            let nodes: Vec<usize> = (0..c.n).filter(|&i| (choice.node)(i)).collect();
            let chosen: BTreeSet<usize> = nodes.iter().copied().collect();
            let edges: Vec<(usize, usize, i64)> = (c.edges.iter())
                .filter(|e| (choice.edge)(e) && chosen.contains(&e.0) && chosen.contains(&e.1))
                .map(|e| (e.0, e.1, e.3))
                .collect();
            let ids = |name: &str, settings: &str, db: &mut Database| -> BTreeMap<usize, i64> {
                let rows = call(db, choice, name, settings, "communityId");
                assert_eq!(rows.len(), nodes.len(), "{}", what(name));
                rows.iter()
                    .map(|(i, (v, _))| (*i, float(v) as i64))
                    .collect()
            };
            let louvain = ids("algo.louvain", "", &mut db);
            let louvain_w = ids("algo.louvain", "relationshipWeightProperty: 'w'", &mut db);
            let leiden = ids("algo.leiden", "", &mut db);
            let leiden_w = ids("algo.leiden", "relationshipWeightProperty: 'w'", &mut db);
            let nx = networkx(
                &py, &nodes, &edges, &louvain, &louvain_w, &leiden, &leiden_w,
            );

            // Weighed by the relationships' `w` (0 to 99).
            let pr = call(
                &mut db,
                choice,
                "algo.pageRank",
                "relationshipWeightProperty: 'w', tolerance: 1e-12, maxIterations: 1000",
                "score",
            );
            close(&pr, &nx["pagerank_w"], &what("pageRank weighed"));
            let d = call(
                &mut db,
                choice,
                "algo.degree",
                "relationshipWeightProperty: 'w'",
                "score",
            );
            close(&d, &nx["out_w"], &what("degree weighed"));
            // Louvain, without and with weights: NetworkX shuffles nodes (seeded) where relq
            // visits them in order, so the partitions may differ; their modularity (NetworkX's
            // measure of relq's) may not by much.
            // Leiden likewise (against NetworkX's Louvain: NetworkX has no Leiden of its own),
            // and each of its communities is connected, as NetworkX sees them.
            for (ours, theirs) in [
                ("louvain_relq", "louvain_nx"),
                ("louvain_w_relq", "louvain_w_nx"),
                ("leiden_relq", "louvain_nx"),
                ("leiden_w_relq", "louvain_w_nx"),
            ] {
                let (ours, theirs) = (nx[ours].as_f64().unwrap(), nx[theirs].as_f64().unwrap());
                assert!(
                    ours >= theirs - 0.03,
                    "{}: modularity {ours} against NetworkX's {theirs}",
                    what("louvain / leiden")
                );
            }
            assert_eq!(nx["leiden_connected"], true, "{}", what("leiden"));
            assert_eq!(nx["leiden_w_connected"], true, "{}", what("leiden weighed"));

            let pr = call(
                &mut db,
                choice,
                "algo.pageRank",
                "tolerance: 1e-12, maxIterations: 1000",
                "score",
            );
            close(&pr, &nx["pagerank"], &what("pageRank"));
            let pr = call(
                &mut db,
                choice,
                "algo.pageRank",
                "orientation: 'UNDIRECTED', dampingFactor: 0.7, tolerance: 1e-12, maxIterations: 1000",
                "score",
            );
            close(&pr, &nx["pagerank_und"], &what("pageRank undirected"));
            for (orientation, key) in [
                ("NATURAL", "out"),
                ("REVERSE", "in"),
                ("UNDIRECTED", "both"),
            ] {
                let d = call(
                    &mut db,
                    choice,
                    "algo.degree",
                    &format!("orientation: '{orientation}'"),
                    "score",
                );
                close(&d, &nx[key], &what(&format!("degree {orientation}")));
            }
            let b = call(&mut db, choice, "algo.betweenness", "", "score");
            close(&b, &nx["betweenness"], &what("betweenness"));
            let b = call(
                &mut db,
                choice,
                "algo.betweenness",
                "orientation: 'UNDIRECTED'",
                "score",
            );
            close(&b, &nx["betweenness_und"], &what("betweenness undirected"));
            let b = call(
                &mut db,
                choice,
                "algo.betweenness",
                "relationshipWeightProperty: 'w'",
                "score",
            );
            close(&b, &nx["betweenness_w"], &what("betweenness weighted"));
            let b = call(
                &mut db,
                choice,
                "algo.betweenness",
                "relationshipWeightProperty: 'w', orientation: 'UNDIRECTED'",
                "score",
            );
            close(
                &b,
                &nx["betweenness_w_und"],
                &what("betweenness weighted undirected"),
            );
            let t = call(&mut db, choice, "algo.triangleCount", "", "triangleCount");
            close(&t, &nx["triangles"], &what("triangleCount"));
            for (name, key) in [("algo.wcc", "wcc"), ("algo.scc", "scc")] {
                let ours = partition(&call(&mut db, choice, name, "", "componentId"), &what(name));
                let theirs: Vec<Vec<usize>> = serde_json::from_value(nx[key].clone()).unwrap();
                assert_eq!(ours, theirs, "{}", what(name));
            }
        }
    }
}

#[test]
fn a_long_algorithm_stops_at_the_time_limit_and_on_an_interrupt() {
    use relq::diagnostic::ErrorKind;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;
    // 4,000 nodes, 40,000 relationships: betweenness walks every relationship from every node
    // (160 million steps), far longer than either limit below on any machine.
    let mut db = Database::new();
    db.query("UNWIND range(0, 3999) AS i CREATE (:N {i: i})")
        .unwrap();
    db.query(
        "MATCH (a:N) UNWIND range(1, 10) AS k \
         MATCH (b:N {i: (a.i * 7 + k * 13) % 4000}) CREATE (a)-[:A]->(b)",
    )
    .unwrap();
    let call = "CALL algo.betweenness() YIELD node, score RETURN max(score)";
    db.set_timeout(Some(Duration::from_millis(20)));
    let err = db.query(call).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    db.set_timeout(None);
    let flag = Arc::new(AtomicBool::new(false));
    db.set_interrupt(flag.clone());
    let setter = {
        let flag = flag.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            flag.store(true, Ordering::SeqCst);
        })
    };
    let err = db.query(call).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Interrupted, "{err}");
    setter.join().unwrap();
    // Cheap ones still answer once the flag is down.
    flag.store(false, Ordering::SeqCst);
    let rows = db
        .query("CALL algo.wcc() YIELD componentId RETURN count(DISTINCT componentId)")
        .unwrap()
        .rows;
    assert_eq!(rows, vec![vec![Value::Int(1)]]);
}

#[test]
fn an_algorithm_holds_its_working_memory_against_the_budget() {
    use relq::diagnostic::ErrorKind;
    let mut db = Database::new();
    db.query("UNWIND range(0, 3999) AS i CREATE (:N {i: i})")
        .unwrap();
    db.query("MATCH (a:N) UNWIND range(1, 10) AS k MATCH (b:N {i: (a.i + k) % 4000}) CREATE (a)-[:A]->(b)")
        .unwrap();
    db.set_memory_limit(Some(1 << 20));
    let err = db
        .query("CALL algo.pageRank() YIELD node, score RETURN count(*)")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Resource, "{err}");
    db.set_memory_limit(Some(64 << 20));
    let rows = db
        .query("CALL algo.pageRank() YIELD node, score RETURN count(*)")
        .unwrap()
        .rows;
    assert_eq!(rows, vec![vec![Value::Int(4000)]]);
}
