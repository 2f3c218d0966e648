//! The Neo4j admin-import CSV loader. The input is a nodes file, optionally followed by a NUL
//! byte and a relationships file; both are written to temporary files and loaded together.
#![no_main]

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
}

fn write(path: &Path, bytes: &[u8]) {
    let mut file = std::fs::File::create(path).expect("a temporary file");
    file.write_all(bytes).expect("written");
}

fuzz_target!(|data: &[u8]| {
    let (nodes, rels) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let nodes_path = dir().path().join("nodes.csv");
    let rels_path = dir().path().join("rels.csv");
    write(&nodes_path, nodes);
    let mut graph = relq::Graph::default();
    let _ = relq::import::csv_kind(&nodes_path);
    match rels {
        Some(rels) => {
            write(&rels_path, rels);
            let _ = relq::import::load_neo4j_csv(&mut graph, &[&nodes_path], &[&rels_path], false);
        }
        None => {
            let _ = relq::import::load_neo4j_csv(&mut graph, &[&nodes_path], &[], false);
        }
    }
});
