//! Snapshot decoding: any bytes must give a graph or an error. A graph that decodes is also
//! queried, so that a damaged file that passes the checks is exercised too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(graph) = relq::snapshot::read(data) {
        let mut db = relq::Database::new();
        db.graph = graph;
        db.set_memory_limit(Some(256 << 20));
        db.set_timeout(Some(std::time::Duration::from_millis(250)));
        let _ = db.query("MATCH (n)-[r]->(m) RETURN count(*), count(DISTINCT n), collect(r)[0]");
    }
});
