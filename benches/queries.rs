//! The benchmark queries on a generated event graph, the same data and queries other engines
//! are measured on. Run with `cargo bench --bench queries`.
//!
//! Data: the folder in `RELQ_BENCH_DATA` (holding `actors.csv` and `events.csv` as the event
//! generator writes them), or else data made at the start with the generator of the sibling
//! `shared/bench` folder (`RELQ_BENCH_EVENTS` events, 1,000,000 unless set), kept under
//! `target/bench-data/`. Queries: `RELQ_BENCH_QUERIES`, or `queries.cypher` of the same folder.
//! Where neither is there, the bench says so and measures nothing. Each query's answer is
//! printed once, to compare with the answers listed in the queries file.

use criterion::{criterion_group, criterion_main, Criterion};
use relq::Database;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn shared_bench() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench")
}

fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RELQ_BENCH_DATA") {
        return Some(PathBuf::from(dir));
    }
    let generator = shared_bench().join("gen_events.py");
    if !generator.is_file() {
        return None;
    }
    let events: u64 = std::env::var("RELQ_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-data/{events}"));
    if !dir.join("events.csv").is_file() {
        eprintln!("generating {events} events into {}", dir.display());
        let status = std::process::Command::new("python3")
            .arg(&generator)
            .args(["--events", &events.to_string(), "--out"])
            .arg(&dir)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
    }
    Some(dir)
}

/// `(name, statement)` for each `// Qn: ...` line and the statement after it.
fn queries(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = Vec::new();
    let mut name: Option<String> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("//") {
            let rest = rest.trim();
            if let Some((q, _)) = rest.split_once(':') {
                if q.starts_with('Q') && q[1..].chars().all(|c| c.is_ascii_digit()) {
                    name = Some(q.to_string());
                }
            }
            continue;
        }
        if !t.is_empty() {
            if let Some(n) = name.take() {
                out.push((n, t.trim_end_matches(';').to_string()));
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let queries_file = std::env::var_os("RELQ_BENCH_QUERIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_bench().join("queries.cypher"));
    let (Some(dir), true) = (data_dir(), queries_file.is_file()) else {
        eprintln!(
            "skipped: no benchmark data or queries (set RELQ_BENCH_DATA and RELQ_BENCH_QUERIES, \
             or keep the shared bench folder beside the project)"
        );
        return;
    };
    let mut db = Database::new();
    let started = Instant::now();
    let loaded = db
        .load_files(&[dir.join("actors.csv"), dir.join("events.csv")])
        .unwrap_or_else(|e| panic!("loading {}: {e}", dir.display()));
    eprintln!(
        "loaded {} nodes, {} relationships in {:.2?}",
        loaded.nodes_created,
        loaded.rels_created,
        started.elapsed()
    );
    let mut group = c.benchmark_group("queries");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (name, q) in queries(&queries_file) {
        let answer = db.query(&q).unwrap_or_else(|e| panic!("{name}: {q}: {e}"));
        let first: Vec<String> = answer
            .rows
            .iter()
            .take(3)
            .map(|r| format!("{r:?}"))
            .collect();
        eprintln!(
            "{name}: {} rows, first {}",
            answer.rows.len(),
            first.join(" ")
        );
        group.bench_function(&name, |b| b.iter(|| db.query(&q).expect("ran once")));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
