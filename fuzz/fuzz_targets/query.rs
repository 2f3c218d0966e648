//! Parse, plan and run one statement on the built-in seed graph, with a small memory limit and
//! a short time limit so that no input can hold the fuzzer for long or take its memory.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;

fn seed() -> &'static relq::Graph {
    static SEED: OnceLock<relq::Graph> = OnceLock::new();
    SEED.get_or_init(|| relq::Database::with_seed().graph)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut db = relq::Database::new();
    db.graph = seed().clone();
    db.set_memory_limit(Some(256 << 20));
    db.set_timeout(Some(Duration::from_millis(250)));
    let _ = db.query(text);
});
