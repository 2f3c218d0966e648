//! The node-link JSON loader, on an empty graph and on the seed graph.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn seed() -> &'static relq::Graph {
    static SEED: OnceLock<relq::Graph> = OnceLock::new();
    SEED.get_or_init(|| relq::Database::with_seed().graph)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut graph = relq::Graph::default();
    let _ = relq::load::load_node_link(&mut graph, text, "fuzz.json");
    let mut graph = seed().clone();
    let _ = relq::load::load_node_link(&mut graph, text, "fuzz.json");
});
