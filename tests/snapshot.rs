//! Snapshots: a saved graph opens as the same graph, ids and all; damaged, truncated and
//! foreign files are load errors and never panics; saving is atomic even when the saving
//! process is killed at any moment.

use proptest::prelude::*;
use relq::graph::{Graph, NodeId, RelId, Sym};
use relq::{snapshot, Database, ErrorKind, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// Everything observable about a graph, by name, ids included (floats by their bits).
fn describe(g: &Graph) -> String {
    let mut out = String::new();
    let names: Vec<&str> = (0..g.name_count()).map(|i| g.name(Sym(i as u32))).collect();
    out.push_str(&format!("names {names:?}\n"));
    let props = |p: &[(Sym, Value)]| {
        p.iter()
            .map(|(k, v)| format!("{}={}", g.name(*k), value_text(v)))
            .collect::<Vec<_>>()
            .join(",")
    };
    for n in g.nodes() {
        let d = g.node(n).unwrap();
        let labels: Vec<&str> = d.labels.iter().map(|l| g.name(*l)).collect();
        out.push_str(&format!("node {} {labels:?} {}\n", n.0, props(&d.props)));
    }
    for r in g.rels() {
        let d = g.rel(r).unwrap();
        let (a, b) = g.endpoints(r).unwrap();
        out.push_str(&format!(
            "rel {} {}->{} {} {}\n",
            r.0,
            a.0,
            b.0,
            g.name(d.ty),
            props(&d.props)
        ));
    }
    out.push_str(&format!(
        "labels {:?}\ntypes {:?}\nkeys {:?}\n",
        g.labels(),
        g.rel_types(),
        g.property_keys()
    ));
    out
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Float(f) => format!("f{:#x}", f.to_bits()),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(value_text).collect::<Vec<_>>().join(";")
        ),
        other => format!("{other:?}"),
    }
}

/// A graph with holes in its ids, odd values and unused names.
fn odd_graph() -> Graph {
    let mut g = Graph::new();
    let actor = g.intern("Actor");
    let gone = g.intern("NoLongerUsed");
    let name = g.intern("name");
    let x = g.intern("x");
    let at = g.intern("at");
    let t = g.intern("ACCUSES");
    let d = g.intern("DENIES");
    let mut ids = Vec::new();
    for i in 0..12 {
        let props = vec![
            (name, Value::from(format!("actor {i} ✓"))),
            (
                x,
                match i % 6 {
                    0 => Value::Float(f64::NAN),
                    1 => Value::Float(-0.0),
                    2 => Value::Int(i64::MIN),
                    3 => Value::List(vec![
                        Value::Int(1),
                        Value::str(""),
                        Value::Bool(false),
                        Value::Float(f64::INFINITY),
                    ]),
                    4 => Value::List(vec![]),
                    _ => Value::Bool(true),
                },
            ),
        ];
        let mut props = props;
        // Points of each coordinate reference system, alone and in a list.
        let crs = relq::spatial::Crs::ALL[i % 4];
        let coords = [i as f64 * 1.5 - 7.0, -(i as f64), 1e-300];
        let p = Value::from(relq::spatial::Point::new(crs, &coords[..crs.dimension()]).unwrap());
        props.push((
            at,
            if i % 3 == 0 {
                Value::List(vec![p.clone(), p])
            } else {
                p
            },
        ));
        ids.push(g.create_node(vec![actor, gone], props).unwrap());
    }
    let mut rels = Vec::new();
    for i in 0..30u32 {
        let a = ids[(i * 7 % 12) as usize];
        let b = ids[(i * 5 % 12) as usize];
        let ty = if i % 3 == 0 { d } else { t };
        rels.push(
            g.create_rel(a, b, ty, vec![(x, Value::Int(i as i64))])
                .unwrap(),
        );
    }
    for r in [0, 5, 6, 7, 29] {
        g.delete_rel(rels[r]).unwrap();
    }
    for n in [0, 4, 11] {
        g.detach_delete_node(ids[n]).unwrap();
    }
    for n in ids.iter().skip(1).step_by(2) {
        if g.contains_node(*n) {
            g.remove_label(*n, gone).unwrap();
        }
    }
    g
}

fn save_to_bytes(g: &Graph) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.relq");
    snapshot::save(g, &path).unwrap();
    std::fs::read(&path).unwrap()
}

#[test]
fn round_trip_keeps_everything_and_ids() {
    let g = odd_graph();
    let bytes = save_to_bytes(&g);
    let back = snapshot::read(&bytes).unwrap();
    assert_eq!(describe(&back), describe(&g));
    // Indexes were rebuilt: lookups and adjacency answer as before.
    let actor = back.sym("Actor").unwrap();
    let name = back.sym("name").unwrap();
    let found = back.lookup(actor, name, &Value::str("actor 3 ✓")).unwrap();
    assert_eq!(found, &[NodeId(3)]);
    let types: Vec<Sym> = ["ACCUSES", "DENIES"].map(|t| g.sym(t).unwrap()).to_vec();
    for n in g.nodes() {
        for dir in [relq::graph::Dir::Out, relq::graph::Dir::In] {
            for ty in [&types[..1], &types[1..], &[]] {
                let mut before: Vec<_> = g.expand(n, dir, ty).collect();
                let mut after: Vec<_> = back.expand(n, dir, ty).collect();
                before.sort();
                after.sort();
                assert_eq!(before, after);
                assert_eq!(g.degree(n, dir, ty), back.degree(n, dir, ty));
            }
        }
    }
    for ty in &types {
        let before: Vec<_> = g.rels_of_type(*ty).collect();
        assert_eq!(back.rels_of_type(*ty).collect::<Vec<_>>(), before);
    }
    // The holes are free again: new entities reuse them and never collide.
    let mut back = back;
    let fresh = back.create_node(vec![], vec![]).unwrap();
    assert_eq!(fresh, NodeId(0));
    let r = back
        .create_rel(NodeId(1), NodeId(2), actor, vec![])
        .unwrap();
    assert_eq!(r, RelId(0));
}

#[test]
fn the_seed_and_an_empty_graph_round_trip() {
    for db in [Database::with_seed(), Database::new()] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seed.relq");
        let info = db.save(&path).unwrap();
        assert_eq!(info.nodes, db.graph.node_count());
        assert_eq!(info.bytes, std::fs::metadata(&path).unwrap().len());
        let mut back = Database::open(&path).unwrap();
        assert_eq!(describe(&back.graph), describe(&db.graph));
        // Built without deletions, the adjacency comes back in the very same order.
        for n in db.graph.nodes() {
            let before: Vec<_> = db.graph.expand(n, relq::graph::Dir::Both, &[]).collect();
            let after: Vec<_> = back.graph.expand(n, relq::graph::Dir::Both, &[]).collect();
            assert_eq!(before, after);
        }
        back.query("MATCH (a)-[r]->(b) RETURN count(r)").unwrap();
    }
}

#[test]
fn saving_replaces_the_file_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.relq");
    snapshot::save(&Graph::new(), &path).unwrap();
    snapshot::save(&odd_graph(), &path).unwrap();
    assert_eq!(
        describe(&snapshot::open(&path).unwrap()),
        describe(&odd_graph())
    );
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1);
}

#[test]
fn a_save_removes_the_temporary_files_that_killed_saves_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, "partial").unwrap();
        p
    };
    // No process has an id this large (Linux's ids stop at 2^22).
    let dead = file(".relq-save-4294967294-a1B2c3.tmp");
    let live = file(&format!(".relq-save-{}-d4E5f6.tmp", std::process::id()));
    // Without an id (an older relq): removed only once an hour has passed without a change.
    let unowned_old = file(".relq-save-g7H8i9.tmp");
    std::fs::File::options()
        .write(true)
        .open(&unowned_old)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(7200))
        .unwrap();
    let unowned_new = file(".relq-save-j0K1l2.tmp");
    let other = file("notes.tmp");
    snapshot::save(&odd_graph(), &dir.path().join("g.relq")).unwrap();
    assert!(!dead.exists());
    assert!(!unowned_old.exists());
    assert!(live.exists() && unowned_new.exists() && other.exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn an_unsavable_property_is_an_error_and_the_old_file_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.relq");
    snapshot::save(&odd_graph(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut g = Graph::new();
    let k = g.intern("k");
    let mut map = std::collections::BTreeMap::new();
    map.insert("a".to_string(), Value::Int(1));
    g.create_node(vec![], vec![(k, Value::Map(map))]).unwrap();
    let err = snapshot::save(&g, &path).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Save);
    assert!(
        err.message.contains("property `k` of node 0"),
        "{}",
        err.message
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn saving_into_a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = snapshot::save(&Graph::new(), &dir.path().join("no/such/g.relq")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Save);
    assert!(
        err.message.contains("cannot save snapshot"),
        "{}",
        err.message
    );
}

#[test]
fn foreign_truncated_damaged_and_newer_files_are_named_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.relq");
    let good = save_to_bytes(&odd_graph());
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"{\"nodes\": []}".to_vec(), "x.relq is not a relq snapshot"),
        (vec![], "x.relq is not a relq snapshot"),
        (good[..5].to_vec(), "x.relq is truncated"),
        (good[..20].to_vec(), "x.relq is truncated"),
        (good[..good.len() - 1].to_vec(), "x.relq is truncated"),
        ([&good[..], b"!"].concat(), "unexpected bytes after its end"),
        (
            {
                let mut b = good.clone();
                let last = b.len() - 1;
                b[last] ^= 1;
                b
            },
            "x.relq is damaged: checksum mismatch",
        ),
        (
            {
                let mut b = good.clone();
                b[20] ^= 1;
                b
            },
            "x.relq is damaged: header checksum mismatch",
        ),
        (
            {
                let mut b = good.clone();
                b[8..12].copy_from_slice(&6u32.to_le_bytes());
                b
            },
            "x.relq was written by a newer relq (format 6, this relq reads 1 to 5)",
        ),
    ];
    for (bytes, expected) in cases {
        std::fs::write(&path, &bytes).unwrap();
        let err = snapshot::open(&path).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Load);
        assert!(
            err.message.contains(expected),
            "expected `{expected}` in `{}`",
            err.message
        );
    }
    let err = snapshot::open(&dir.path().join("missing.relq")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Load);
    assert!(err.message.contains("cannot read snapshot"));
}

#[test]
fn every_truncation_and_bit_flip_is_an_error_or_the_same_graph() {
    let g = odd_graph();
    let expected = describe(&g);
    let good = save_to_bytes(&g);
    for len in 0..good.len() {
        let err = snapshot::read(&good[..len]).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Load, "length {len}");
    }
    for pos in 0..good.len() {
        for bit in [0, 3, 7] {
            let mut b = good.clone();
            b[pos] ^= 1 << bit;
            match snapshot::read(&b) {
                Ok(back) => assert_eq!(describe(&back), expected, "byte {pos} bit {bit}"),
                Err(e) => assert_eq!(e.kind, ErrorKind::Load),
            }
        }
        let mut b = good.clone();
        b[pos] = 0xff;
        if let Ok(back) = snapshot::read(&b) {
            assert_eq!(describe(&back), expected, "byte {pos} set to 0xff");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = snapshot::read(&bytes);
        let mut framed = b"RELQSNAP".to_vec();
        framed.extend_from_slice(&bytes);
        let _ = snapshot::read(&framed);
    }
}

// ---- every column layout, deletions and the adjacency delta ----

/// The adjacency of every node, in the order `expand` lists it, with degrees.
fn adjacency(g: &Graph) -> Vec<String> {
    use relq::graph::Dir;
    let types: Vec<Vec<Sym>> = std::iter::once(vec![])
        .chain(g.rel_types().iter().map(|(t, _)| vec![g.sym(t).unwrap()]))
        .collect();
    let mut out = Vec::new();
    for n in 0..g.node_bound() as u32 {
        for dir in [Dir::Out, Dir::In, Dir::Both] {
            for ty in &types {
                let rels: Vec<_> = g.expand(NodeId(n), dir, ty).collect();
                out.push(format!(
                    "{n} {dir:?} {ty:?} {rels:?} {}",
                    g.degree(NodeId(n), dir, ty)
                ));
            }
        }
    }
    out
}

/// A graph whose node and relationship columns take every layout: sparse, integers, floats,
/// booleans, dictionary strings, plain strings (past 65,536 mostly distinct ones), mixed
/// values and lists; with several label sets, deleted nodes and relationships.
fn columnar_graph() -> Graph {
    let mut g = Graph::new();
    let [a, b, c] = ["A", "B", "C"].map(|l| g.intern(l));
    let keys = [
        "sparse", "int", "float", "bool", "dict", "plain", "mixed", "list", "date",
    ]
    .map(|k| g.intern(k));
    let [t, u] = ["T", "U"].map(|t| g.intern(t));
    let n = 70_000u32;
    let mut nodes = Vec::new();
    for i in 0..n {
        let labels = match i % 4 {
            0 => vec![a],
            1 => vec![a, b],
            2 => vec![c, a],
            _ => vec![],
        };
        let mut props = vec![
            (keys[1], Value::Int(i as i64 * 7 - 3)),
            (keys[2], Value::Float(i as f64 / 3.0)),
            (keys[3], Value::Bool(i % 3 == 0)),
            (keys[4], Value::from(format!("kind {}", i % 17))),
            (keys[5], Value::from(format!("unique {i} ✓"))),
            (
                keys[6],
                if i % 5 == 0 {
                    Value::Int(i as i64)
                } else {
                    Value::from(format!("{i}"))
                },
            ),
        ];
        if i % 1000 == 0 {
            props.push((keys[0], Value::Float(f64::NAN)));
        }
        if i % 7 != 0 {
            let day = relq::temporal::date_from_epoch_days(i64::from(i) - 25_567).unwrap();
            let day = relq::temporal::Temporal::Date(day);
            props.push((keys[8], Value::Temporal(std::sync::Arc::new(day))));
        }
        if i % 2 == 0 {
            props.push((
                keys[7],
                Value::List(vec![
                    Value::Int(i as i64),
                    Value::str("x"),
                    Value::Bool(true),
                ]),
            ));
        }
        nodes.push(g.create_node(labels, props).unwrap());
    }
    for i in 0..20_000u32 {
        let from = nodes[(i * 7 % n) as usize];
        let to = nodes[(i * 13 % n) as usize];
        let mut props = vec![
            (keys[1], Value::Int(i as i64)),
            (keys[4], Value::from(format!("d{}", i % 5))),
        ];
        if i % 3 == 0 {
            props.push((keys[6], Value::List(vec![Value::Float(0.5)])));
        } else {
            props.push((keys[6], Value::Bool(false)));
        }
        if i % 4000 == 1 {
            props.push((keys[0], Value::str("rare")));
        }
        let ty = if i % 3 == 0 { u } else { t };
        g.create_rel(from, to, ty, props).unwrap();
    }
    // Deletions: holes in both id ranges, relationships still held in the rows.
    for i in (0..20_000).step_by(97) {
        let _ = g.delete_rel(RelId(i));
    }
    for i in (3..n).step_by(1001) {
        g.detach_delete_node(NodeId(i)).unwrap();
    }
    g.set_node_prop(NodeId(1), keys[1], Value::Null).unwrap();
    g.remove_label(NodeId(1), b).unwrap();
    g
}

#[track_caller]
fn same_graph(a: &Graph, b: &Graph) {
    let (da, db) = (describe(a), describe(b));
    if da != db {
        let first = da.lines().zip(db.lines()).find(|(x, y)| x != y);
        panic!(
            "the graphs differ ({} and {} lines); first difference: {first:?}",
            da.lines().count(),
            db.lines().count()
        );
    }
    assert_eq!(adjacency(a), adjacency(b));
    assert_eq!(a.node_bound(), b.node_bound());
    assert_eq!(a.rel_bound(), b.rel_bound());
    for (label, count) in a.labels() {
        let l = a.sym(label).unwrap();
        assert_eq!(b.label_count(l), count);
        assert_eq!(
            a.nodes_with_label(l).collect::<Vec<_>>(),
            b.nodes_with_label(l).collect::<Vec<_>>()
        );
    }
    for (ty, _) in a.rel_types() {
        let t = a.sym(ty).unwrap();
        let (x, y) = (
            a.rels_of_type(t).collect::<Vec<_>>(),
            b.rels_of_type(t).collect::<Vec<_>>(),
        );
        if x != y {
            let at = x.iter().zip(&y).position(|(p, q)| p != q);
            panic!(
                "the relationships of `{ty}` differ ({} and {}), first at {at:?}: {:?} and {:?}",
                x.len(),
                y.len(),
                at.map(|i| &x[i..(i + 3).min(x.len())]),
                at.map(|i| &y[i..(i + 3).min(y.len())])
            );
        }
    }
    assert_eq!(
        a.rels_with_ends().collect::<Vec<_>>(),
        b.rels_with_ends().collect::<Vec<_>>()
    );
}

/// The five lowest free ids of each kind (past the end when fewer are free): what a graph
/// opened from a snapshot hands out first.
fn lowest_free(g: &Graph) -> (Vec<NodeId>, Vec<RelId>) {
    let nodes = (0..)
        .map(NodeId)
        .filter(|n| !g.contains_node(*n))
        .take(5)
        .collect();
    let rels = (0..)
        .map(RelId)
        .filter(|r| !g.contains_rel(*r))
        .take(5)
        .collect();
    (nodes, rels)
}

/// The ids the next creations get.
fn next_ids(g: &Graph) -> (Vec<NodeId>, Vec<RelId>) {
    let mut g = g.clone();
    let t = g.intern("T");
    let nodes: Vec<_> = (0..5)
        .map(|_| g.create_node(vec![], vec![]).unwrap())
        .collect();
    let rels = (0..5)
        .map(|_| g.create_rel(nodes[0], nodes[1], t, vec![]).unwrap())
        .collect();
    (nodes, rels)
}

#[test]
fn every_column_layout_round_trips() {
    let g = columnar_graph();
    let back = snapshot::read(&save_to_bytes(&g)).unwrap();
    same_graph(&g, &back);
    assert_eq!(next_ids(&back), lowest_free(&g));
    let k = back.sym("dict").unwrap();
    let a = back.sym("A").unwrap();
    let found = back.lookup(a, k, &Value::str("kind 4")).unwrap();
    assert_eq!(found, g.lookup(a, k, &Value::str("kind 4")).unwrap());
    // The reopened graph takes changes like any other and saves them again.
    let mut back = back;
    let n = back
        .create_node(vec![a], vec![(k, Value::str("new"))])
        .unwrap();
    back.create_rel(n, NodeId(0), a, vec![]).unwrap();
    back.set_node_prop(NodeId(0), k, Value::Int(5)).unwrap();
    let again = snapshot::read(&save_to_bytes(&back)).unwrap();
    same_graph(&back, &again);
}

/// The same changes, to any graph with the columnar graph's names.
fn change(g: &mut Graph) {
    let a = g.sym("A").unwrap();
    let [int, dict, plain] = ["int", "dict", "plain"].map(|k| g.sym(k).unwrap());
    let t = g.sym("T").unwrap();
    let n = g
        .create_node(vec![a], vec![(dict, Value::str("new"))])
        .unwrap();
    g.create_rel(n, NodeId(0), t, vec![(int, Value::Int(1))])
        .unwrap();
    g.set_node_prop(NodeId(0), int, Value::Int(5)).unwrap();
    g.set_node_prop(NodeId(2), plain, Value::str("changed"))
        .unwrap();
    let r = g.rels().nth(10).unwrap();
    g.set_rel_prop(r, int, Value::Int(-1)).unwrap();
    let r = g.rels().nth(20).unwrap();
    g.delete_rel(r).unwrap();
    g.detach_delete_node(NodeId(8)).unwrap();
}

#[test]
fn an_opened_snapshot_reads_its_arrays_in_place_and_copies_them_on_change() {
    let g = columnar_graph();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.relq");
    snapshot::save(&g, &path).unwrap();
    let saved = std::fs::read(&path).unwrap();
    let mut opened = snapshot::open(&path).unwrap();
    same_graph(&g, &opened);
    let file = std::fs::metadata(&path).unwrap().len() as usize;
    let mapped = opened.mapped_bytes();
    assert!(mapped > file / 2, "{mapped} of {file} bytes read in place");
    // Changes copy what they touch and do what they do to a graph read into memory (which
    // reuses free ids as an opened one does).
    let mut expected = snapshot::read(&saved).unwrap();
    assert_eq!(expected.mapped_bytes(), 0);
    change(&mut expected);
    change(&mut opened);
    same_graph(&expected, &opened);
    assert!(opened.mapped_bytes() < mapped, "changed arrays are copied");
    // A rollback too.
    let before = describe(&opened);
    opened.begin();
    change(&mut opened);
    opened.rollback();
    assert_eq!(describe(&opened), before);
    // The file is as it was; saving over it while it is mapped replaces it whole.
    assert!(
        std::fs::read(&path).unwrap() == saved,
        "the file was not changed"
    );
    snapshot::save(&opened, &path).unwrap();
    assert_eq!(describe(&snapshot::open(&path).unwrap()), before);
    assert_eq!(describe(&opened), before);
}

#[cfg(unix)]
#[test]
fn a_snapshot_opens_from_a_named_pipe() {
    let g = columnar_graph();
    let bytes = save_to_bytes(&g);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("g.relq");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let path = fifo.clone();
    let writer = std::thread::spawn(move || std::fs::write(&path, bytes).unwrap());
    let opened = snapshot::open(&fifo).unwrap();
    writer.join().unwrap();
    same_graph(&snapshot::read(&save_to_bytes(&g)).unwrap(), &opened);
}

#[test]
fn the_adjacency_delta_and_held_relationships_are_saved_merged_in_order() {
    // Opened from a snapshot, the rows are built; changes then go to the delta.
    let mut g = snapshot::read(&save_to_bytes(&odd_graph())).unwrap();
    let t = g.sym("ACCUSES").unwrap();
    let d = g.sym("DENIES").unwrap();
    let new_ty = g.intern("PRAISES");
    let x = g.sym("x").unwrap();
    let nodes: Vec<NodeId> = g.nodes().collect();
    // Reused ids (lower than existing ones) and new types at a node.
    for (i, pair) in nodes.windows(2).enumerate() {
        let ty = [t, d, new_ty][i % 3];
        g.create_rel(pair[1], pair[0], ty, vec![(x, Value::Int(-(i as i64)))])
            .unwrap();
    }
    // Deleted after the build: held in the rows until the next one.
    let some: Vec<RelId> = g.rels().step_by(4).collect();
    for r in some {
        g.delete_rel(r).unwrap();
    }
    let back = snapshot::read(&save_to_bytes(&g)).unwrap();
    same_graph(&g, &back);
    assert_eq!(next_ids(&back), lowest_free(&g));
    let mut db = relq::Database::new();
    db.graph = back;
    let mut original = relq::Database::new();
    original.graph = g;
    for q in [
        "MATCH (a)-[r]->(b) RETURN id(a), type(r), id(b), r.x ORDER BY id(r)",
        "MATCH (a)-[r:ACCUSES|PRAISES]-(b) RETURN id(a), collect(id(r)) ORDER BY id(a)",
        "MATCH (n:Actor)-[r]-() RETURN n.name, count(r) ORDER BY n.name",
    ] {
        let before = original.query(q).unwrap();
        let after = db.query(q).unwrap();
        assert_eq!(
            format!("{:?}", before.rows),
            format!("{:?}", after.rows),
            "{q}"
        );
    }
}

#[test]
fn version_2_damage_past_the_checksums_is_a_load_error() {
    // Bytes changed anywhere with the checksums fixed: refused, or read (where the damage
    // leaves a consistent store, such as another name: the checksums are what catch that),
    // never a panic. (The module's own tests damage each array with crafted catalogs.)
    let good = save_to_bytes(&odd_graph());
    let reframe = |mut b: Vec<u8>| {
        let crc = crc32fast_hash(&b[32..]);
        b[24..28].copy_from_slice(&crc.to_le_bytes());
        let check = crc32fast_hash(&b[0..28]);
        b[28..32].copy_from_slice(&check.to_le_bytes());
        b
    };
    for pos in 32..good.len() {
        for byte in [0x00, 0x01, 0x7f, 0xff] {
            let mut b = good.clone();
            if b[pos] == byte {
                continue;
            }
            b[pos] = byte;
            if let Err(e) = snapshot::read(&reframe(b)) {
                assert_eq!(e.kind, ErrorKind::Load, "byte {pos}");
            }
        }
    }
}

/// CRC-32 (IEEE), bit by bit: the test does not depend on the crate the snapshot uses.
fn crc32fast_hash(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// ---- killing a saving process ----

const KILL_ENV: &str = "RELQ_SNAPSHOT_SAVE_LOOP";

/// A graph big enough that saving it takes a while; `generation` tells two of them apart.
fn big_graph(generation: i64) -> Graph {
    let mut g = Graph::new();
    let actor = g.intern("Actor");
    let name = g.intern("name");
    let gen = g.intern("generation");
    let ty = g.intern("ACCUSES");
    let n = 3000 + 500 * generation as usize;
    let ids: Vec<NodeId> = (0..n)
        .map(|i| {
            g.create_node(
                vec![actor],
                vec![
                    (
                        name,
                        Value::from(format!("actor {i} of generation {generation}")),
                    ),
                    (gen, Value::Int(generation)),
                ],
            )
            .unwrap()
        })
        .collect();
    for i in 0..n * 4 {
        g.create_rel(
            ids[i % n],
            ids[(i * 31 + 7) % n],
            ty,
            vec![(gen, Value::Int(generation))],
        )
        .unwrap();
    }
    g
}

fn generation_of(g: &Graph) -> i64 {
    let gen = g.sym("generation").unwrap();
    match g.node_prop(NodeId(0), gen) {
        Some(Value::Int(v)) => v,
        other => panic!("no generation: {other:?}"),
    }
}

/// Run by `killing_a_save_leaves_the_old_or_the_new_snapshot` in a child process: save two
/// graphs in turn to the path it is given, forever (until killed).
#[test]
fn save_loop_helper() {
    let Ok(path) = std::env::var(KILL_ENV) else {
        return;
    };
    let graphs = [big_graph(1), big_graph(2)];
    println!("ready");
    for i in 0.. {
        snapshot::save(&graphs[i % 2], Path::new(&path)).unwrap();
    }
}

#[test]
fn killing_a_save_leaves_the_old_or_the_new_snapshot() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("target.relq");
    let old = big_graph(1);
    let started = Instant::now();
    snapshot::save(&old, &path).unwrap();
    let save_time = started.elapsed().max(Duration::from_millis(1));
    let expected = [describe(&big_graph(1)), describe(&big_graph(2))];
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut seen = [0usize; 2];
    let kills = 24;
    for _ in 0..kills {
        let mut child = std::process::Command::new(&exe)
            .args([
                "save_loop_helper",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(KILL_ENV, &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child has built its graphs, then kill it at a random moment within
        // its next few saves.
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("ready") {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("the helper process ended early");
            }
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = save_time.mul_f64((seed % 1000) as f64 / 250.0);
        std::thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
        let g = snapshot::open(&path).unwrap_or_else(|e| panic!("after a kill: {e}"));
        let generation = generation_of(&g);
        assert_eq!(describe(&g), expected[generation as usize - 1]);
        seen[generation as usize - 1] += 1;
    }
    eprintln!(
        "after {kills} kills: {} times the first graph, {} times the second",
        seen[0], seen[1]
    );
    assert_eq!(seen.iter().sum::<usize>(), kills);
    // The temporary files the killed saves left are gone after the next save.
    snapshot::save(&old, &path).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["target.relq".to_string()]);
}

/// What SHOW INDEXES and SHOW CONSTRAINTS say of a database, every column.
fn schema_of(db: &mut Database) -> String {
    let indexes = db.query("SHOW INDEXES YIELD *").unwrap();
    let constraints = db.query("SHOW CONSTRAINTS YIELD *").unwrap();
    format!("{:?}\n{:?}", indexes.rows, constraints.rows)
}

#[test]
fn the_schema_round_trips_and_keeps_being_enforced() {
    let mut db = Database::new();
    for statement in [
        "CREATE (:Actor {code: 'RUS', year: 2020})-[:ACCUSES {date: date('2020-11-01')}]->(:Actor {code: 'USA'})",
        "CREATE INDEX actor_name FOR (a:Actor) ON (a.name)",
        "CREATE INDEX FOR (e:`Odd label`) ON (e.`odd key`)",
        "CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE",
        "CREATE CONSTRAINT country_key FOR (c:Country) REQUIRE c.iso IS NODE KEY",
        "CREATE CONSTRAINT dated FOR ()-[r:ACCUSES]-() REQUIRE r.date IS NOT NULL",
        "CREATE CONSTRAINT year_type FOR (a:Actor) REQUIRE a.year IS :: INTEGER | LIST<FLOAT NOT NULL>",
        "CREATE INDEX dropped FOR (a:Actor) ON (a.gone)",
        "DROP INDEX dropped",
    ] {
        db.query(statement).unwrap();
    }
    let before = schema_of(&mut db);
    let bytes = save_to_bytes(&db.graph);
    let mut back = Database::new();
    back.graph = snapshot::read(&bytes).unwrap();
    assert_eq!(schema_of(&mut back), before);
    assert_eq!(back.graph.schema(), db.graph.schema());
    // Each kind is still checked.
    for (statement, says) in [
        (
            "CREATE (:Actor {code: 'RUS'})",
            "both have the label `Actor`",
        ),
        (
            "CREATE (:Country {name: 'x'})",
            "must have the property `iso`",
        ),
        (
            "MATCH ()-[r:ACCUSES]->() REMOVE r.date",
            "must have the property `date`",
        ),
        (
            "MATCH (a:Actor {code: 'USA'}) SET a.year = [1, 2]",
            "of type INTEGER | LIST<FLOAT NOT NULL>",
        ),
    ] {
        let e = back.query(statement).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Constraint, "{statement}");
        assert!(e.message.contains(says), "{statement}: {}", e.message);
    }
    // A new declaration takes the next id: ids are never reused, across a save too.
    back.query("CREATE INDEX later FOR (a:Actor) ON (a.later)")
        .unwrap();
    let id = back
        .query("SHOW INDEXES YIELD name, id WHERE name = 'later' RETURN id")
        .unwrap();
    assert_eq!(
        id.rows,
        vec![vec![Value::Int(db.graph.schema().next_id as i64)]]
    );
}

#[test]
fn a_version_2_snapshot_still_opens() {
    // Version 3 adds the schema after the catalog; a version 2 file is the same without it.
    let g = odd_graph();
    let v3 = save_to_bytes(&g);
    let payload = &v3[32..];
    let catalog = u64::from_le_bytes(payload[..8].try_into().unwrap()) as usize;
    // The empty schema's bincode: next id 0, no indexes, no constraints, no id spaces.
    assert_eq!(&payload[8 + catalog - 4..8 + catalog], &[0, 0, 0, 0]);
    let shorter = catalog - 4;
    let data = &payload[(8 + catalog).next_multiple_of(8)..];
    let mut v2 = (shorter as u64).to_le_bytes().to_vec();
    v2.extend_from_slice(&payload[8..8 + shorter]);
    v2.resize((8 + shorter).next_multiple_of(8), 0);
    v2.extend_from_slice(data);
    let mut file = v3[..32].to_vec();
    file[8..12].copy_from_slice(&2u32.to_le_bytes());
    file[16..24].copy_from_slice(&(v2.len() as u64).to_le_bytes());
    file[24..28].copy_from_slice(&crc32fast_hash(&v2).to_le_bytes());
    let check = crc32fast_hash(&file[0..28]);
    file[28..32].copy_from_slice(&check.to_le_bytes());
    file.extend_from_slice(&v2);
    let back = snapshot::read(&file).unwrap();
    assert_eq!(describe(&back), describe(&g));
    assert!(back.schema().is_empty());
    // Its catalog followed by a schema is refused as version 2.
    let mut wrong = v3.clone();
    wrong[8..12].copy_from_slice(&2u32.to_le_bytes());
    let check = crc32fast_hash(&wrong[0..28]);
    wrong[28..32].copy_from_slice(&check.to_le_bytes());
    assert_eq!(snapshot::read(&wrong).unwrap_err().kind, ErrorKind::Load);
}

#[test]
fn a_relationship_index_round_trips_and_is_sought_from() {
    let mut db = Database::new();
    for statement in [
        "CREATE (a:Actor {code: 'RUS'})-[:ACCUSES {date: date('2020-11-01')}]->(b:Actor {code: 'USA'}), \
         (b)-[:ACCUSES {date: date('2020-12-01')}]->(a), (a)-[:ACCUSES {date: date('2021-01-01')}]->(a)",
        "CREATE INDEX accuses_date FOR ()-[r:ACCUSES]-() ON (r.date)",
        "CREATE INDEX actor_code FOR (a:Actor) ON (a.code)",
    ] {
        db.query(statement).unwrap();
    }
    let q = "MATCH (a)-[r:ACCUSES]->(b) WHERE r.date >= date('2020-11-15') \
             RETURN a.code, b.code, r.date ORDER BY r.date";
    let before = schema_of(&mut db);
    let rows = db.query(q).unwrap().rows;
    assert_eq!(rows.len(), 2);
    let bytes = save_to_bytes(&db.graph);
    let mut back = Database::new();
    back.graph = snapshot::read(&bytes).unwrap();
    assert_eq!(schema_of(&mut back), before);
    assert!(before.contains("RELATIONSHIP"), "{before}");
    assert_eq!(back.graph.schema(), db.graph.schema());
    let plan = back.query(&format!("EXPLAIN {q}")).unwrap().plan.unwrap();
    assert!(plan
        .operators
        .iter()
        .any(|o| o.name == "DirectedRelationshipIndexSeekByRange"));
    // Built on its first use after opening, and kept up to date from there.
    assert_eq!(back.query(q).unwrap().rows, rows);
    back.query("MATCH ()-[r:ACCUSES]->() WHERE r.date = date('2020-11-01') SET r.date = date('2022-01-01')")
        .unwrap();
    assert_eq!(back.query(q).unwrap().rows.len(), 3);
}

#[test]
fn version_3_and_4_snapshots_still_open() {
    // Version 5 writes each index's and constraint's keys as a list (a count before them);
    // version 4 wrote one key, and version 3 the same without the byte after the owner's name
    // that says what an index is on (0 nodes). A graph with one node index and nothing else in
    // its schema: its one key, `name`, is the tenth to the fifth last byte of the schema (a
    // count of 1, the length 4 and the name), before the index's owner (none) and entity
    // bytes and the empty lists of constraints and id spaces.
    let mut db = Database::new();
    db.graph = odd_graph();
    db.query("CREATE INDEX named FOR (a:Actor) ON (a.name)")
        .unwrap();
    let v5 = save_to_bytes(&db.graph);
    let payload = &v5[32..];
    let catalog = u64::from_le_bytes(payload[..8].try_into().unwrap()) as usize;
    let tail = &payload[8 + catalog - 10..8 + catalog];
    assert_eq!(tail, &[1, 4, b'n', b'a', b'm', b'e', 0, 0, 0, 0]);
    let data = &payload[(8 + catalog).next_multiple_of(8)..];
    // The schema of each older version, made from version 5's.
    let older = |drop_entity: bool| {
        let mut schema = payload[8..8 + catalog - 10].to_vec();
        schema.extend_from_slice(&tail[1..]);
        if drop_entity {
            schema.remove(schema.len() - 3);
        }
        let mut file = (schema.len() as u64).to_le_bytes().to_vec();
        let len = schema.len();
        file.extend_from_slice(&schema);
        file.resize((8 + len).next_multiple_of(8), 0);
        file.extend_from_slice(data);
        file
    };
    let (v4, v3) = (older(false), older(true));
    let with_version = |payload: &[u8], version: u32| {
        let mut file = v5[..32].to_vec();
        file[8..12].copy_from_slice(&version.to_le_bytes());
        file[16..24].copy_from_slice(&(payload.len() as u64).to_le_bytes());
        file[24..28].copy_from_slice(&crc32fast_hash(payload).to_le_bytes());
        let check = crc32fast_hash(&file[0..28]);
        file[28..32].copy_from_slice(&check.to_le_bytes());
        file.extend_from_slice(payload);
        file
    };
    for (payload, version) in [(&v4, 4), (&v3, 3)] {
        let back = snapshot::read(&with_version(payload, version)).unwrap();
        assert_eq!(describe(&back), describe(&db.graph), "version {version}");
        assert_eq!(back.schema(), db.graph.schema(), "version {version}");
    }
    // Each schema read as another version is refused (a byte too many or too few).
    for (payload, version) in [
        (payload, 4),
        (payload, 3),
        (&v4[..], 5),
        (&v4[..], 3),
        (&v3[..], 4),
        (&v3[..], 5),
    ] {
        assert_eq!(
            snapshot::read(&with_version(payload, version))
                .unwrap_err()
                .kind,
            ErrorKind::Load,
            "version {version}"
        );
    }
}

#[test]
fn composite_indexes_and_constraints_round_trip() {
    let mut db = Database::new();
    for statement in [
        "CREATE (a:Actor {kind: 'country', name: 'Russia', year: 2020}), \
                (b:Actor {kind: 'country', name: 'Germany', year: 2021}), \
                (a)-[:ACCUSES {source: 'wire', seq: 1, id: 1}]->(b), \
                (b)-[:ACCUSES {source: 'wire', seq: 2, id: 2}]->(a)",
        "CREATE INDEX kind_name FOR (a:Actor) ON (a.kind, a.name)",
        "CREATE INDEX source_seq FOR ()-[r:ACCUSES]-() ON (r.source, r.seq)",
        "CREATE CONSTRAINT name_year FOR (a:Actor) REQUIRE (a.name, a.year) IS NODE KEY",
        "CREATE CONSTRAINT accuses_id FOR ()-[r:ACCUSES]-() REQUIRE r.id IS RELATIONSHIP KEY",
        "CREATE CONSTRAINT accuses_pair FOR ()-[r:ACCUSES]-() REQUIRE (r.seq, r.source) IS UNIQUE",
    ] {
        db.query(statement).unwrap();
    }
    let before = schema_of(&mut db);
    let bytes = save_to_bytes(&db.graph);
    let mut back = Database::new();
    back.graph = snapshot::read(&bytes).unwrap();
    assert_eq!(back.graph.schema(), db.graph.schema());
    assert_eq!(schema_of(&mut back), before);
    assert_eq!(
        back.graph
            .schema()
            .indexes
            .iter()
            .map(|i| i.keys.len())
            .max(),
        Some(2)
    );
    // The seeks are planned and find what they found before; the constraints still hold.
    let q = "MATCH (a:Actor) WHERE a.kind = 'country' AND a.name = 'Russia' RETURN a.year";
    let plan = back.query(&format!("EXPLAIN {q}")).unwrap().plan.unwrap();
    assert!(plan
        .operators
        .iter()
        .any(|o| o.name == "NodeIndexSeek" && o.details.contains("a:Actor(kind, name)")));
    assert_eq!(back.query(q).unwrap().rows, vec![vec![Value::Int(2020)]]);
    let q = "MATCH ()-[r:ACCUSES]->() WHERE r.source = 'wire' AND r.seq = 2 RETURN r.id";
    assert_eq!(back.query(q).unwrap().rows, vec![vec![Value::Int(2)]]);
    for (statement, says) in [
        (
            "CREATE (:Actor {name: 'Russia', year: 2020})",
            "both have the label `Actor`",
        ),
        (
            "CREATE (:Actor {name: 'Russia'})",
            "must have the property `year`",
        ),
        (
            "MATCH (a)-[r:ACCUSES {id: 2}]->(b) SET r.seq = 1",
            "the properties `seq` = 1, `source` = 'wire'",
        ),
        (
            "MATCH (a)-[r:ACCUSES {id: 2}]->(b) SET r.id = 1",
            "both have the type `ACCUSES`",
        ),
    ] {
        let e = back.query(statement).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Constraint, "{statement}");
        assert!(e.message.contains(says), "{statement}: {}", e.message);
    }
}
