//! Saving and opening a snapshot of a synthetic graph of 50,000 actors and 1,000,000
//! relationships (deterministic, built in the bench). Run with `cargo bench --bench snapshot`.

use criterion::{criterion_group, criterion_main, Criterion};
use relq::graph::{Graph, NodeId, Value};
use relq::snapshot;
use std::time::Duration;

const ACTORS: usize = 50_000;
const EVENTS: usize = 1_000_000;
const TYPES: [&str; 8] = [
    "MAKES_STATEMENT",
    "ACCUSES",
    "DENIES",
    "CONSULTS",
    "PRAISES",
    "THREATENS",
    "SANCTIONS",
    "ASSAULTS",
];

fn build() -> Graph {
    let mut g = Graph::new();
    let actor = g.intern("Actor");
    let kinds = [
        g.intern("Country"),
        g.intern("Organization"),
        g.intern("Person"),
    ];
    let name = g.intern("name");
    let country = g.intern("country");
    let date = g.intern("date");
    let source = g.intern("source");
    let weight = g.intern("weight");
    let types: Vec<_> = TYPES.iter().map(|t| g.intern(t)).collect();
    let ids: Vec<NodeId> = (0..ACTORS)
        .map(|i| {
            g.create_node(
                vec![actor, kinds[i % 3]],
                vec![
                    (name, Value::from(format!("Actor_{i:06}"))),
                    (country, Value::from(format!("C{:02}", i % 30))),
                ],
            )
            .unwrap()
        })
        .collect();
    // A fixed xorshift sequence: skewed endpoints, like real event data.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..EVENTS {
        let a = (next() % ACTORS as u64) as usize;
        let b = ((next() % ACTORS as u64) * (next() % ACTORS as u64) / ACTORS as u64) as usize;
        g.create_rel(
            ids[a],
            ids[b],
            types[i % types.len()],
            vec![
                (
                    date,
                    Value::from(format!(
                        "20{:02}-{:02}-{:02}",
                        15 + i % 6,
                        1 + i % 12,
                        1 + i % 28
                    )),
                ),
                (
                    source,
                    Value::from(format!("news.example/a/{:06x}", next() % 0xff_ffff)),
                ),
                (weight, Value::Float((next() % 201) as f64 / 10.0 - 10.0)),
            ],
        )
        .unwrap();
    }
    g
}

fn bench(c: &mut Criterion) {
    let graph = build();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.relq");
    let info = snapshot::save(&graph, &path).unwrap();
    eprintln!(
        "snapshot of {} nodes and {} relationships: {:.1} MiB",
        info.nodes,
        info.rels,
        info.bytes as f64 / (1 << 20) as f64
    );
    let mut group = c.benchmark_group("snapshot_1m_rels");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("save", |b| {
        b.iter(|| snapshot::save(&graph, &path).unwrap())
    });
    group.bench_function("open", |b| {
        b.iter_with_large_drop(|| snapshot::open(&path).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
