//! An input that never ends — a device such as `/dev/zero`, or a link to one — is refused with
//! a clear error instead of being read into memory: data files of every kind, folders,
//! snapshots and scripts. Each check must finish quickly. Skipped (and says so) where there is
//! no `/dev/zero` or no symbolic links.

use assert_cmd::Command;
use predicates::prelude::*;
use relq::Database;
use std::path::{Path, PathBuf};
use std::time::Duration;

const DEVICE: &str = "it is a device, not a file";

/// A folder with links to `/dev/zero` named as each kind of input; None (having said so)
/// where that cannot be made.
fn links() -> Option<(tempfile::TempDir, Vec<PathBuf>)> {
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        eprintln!("skipped: no /dev/zero on this system");
        return None;
    }
    #[cfg(unix)]
    {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for name in ["zero.csv", "zero.json", "zero.cypher", "zero.relq"] {
            let p = dir.path().join(name);
            std::os::unix::fs::symlink(zero, &p).unwrap();
            paths.push(p);
        }
        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        for name in ["nodes.csv", "relationships.csv"] {
            std::os::unix::fs::symlink(zero, folder.join(name)).unwrap();
        }
        paths.push(folder);
        Some((dir, paths))
    }
    #[cfg(not(unix))]
    {
        eprintln!("skipped: no symbolic links here");
        None
    }
}

#[test]
fn every_kind_of_data_file_that_is_a_device_is_refused() {
    let Some((_dir, paths)) = links() else {
        return;
    };
    for path in &paths {
        let mut db = Database::with_seed();
        let err = db.load_file(path).unwrap_err();
        assert!(err.starts_with("LoadError: "), "{err}");
        assert!(err.contains(DEVICE), "{}: {err}", path.display());
        assert_eq!(db.graph.node_count(), 11);
    }
    // A CSV nodes file and a relationships file given one by one.
    let mut db = Database::new();
    let err = db.load_files(&[&paths[0], &paths[0]]).unwrap_err();
    assert!(err.contains(DEVICE), "{err}");
}

#[test]
fn the_command_line_refuses_devices_quickly() {
    let Some((_dir, paths)) = links() else {
        return;
    };
    for path in &paths {
        Command::cargo_bin("relq")
            .unwrap()
            .arg("--load")
            .arg(path)
            .args(["-c", "RETURN 1"])
            .timeout(Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(DEVICE));
    }
    // A script for -f, named as one and given as a script argument.
    for script in [&["-f"][..], &[][..]] {
        Command::cargo_bin("relq")
            .unwrap()
            .args(script)
            .arg(&paths[2])
            .timeout(Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(DEVICE));
    }
    // A snapshot to open, given as the first argument.
    Command::cargo_bin("relq")
        .unwrap()
        .arg(&paths[3])
        .args(["-c", "RETURN 1"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(DEVICE));
}

#[test]
fn a_snapshot_and_a_script_that_are_devices_are_refused() {
    let Some((_dir, paths)) = links() else {
        return;
    };
    let err = relq::snapshot::open(&paths[3]).unwrap_err();
    assert!(err.to_string().contains(DEVICE), "{err}");
    let err = relq::input::read_script(&paths[2]).unwrap_err();
    assert_eq!(err, format!("cannot read {}: {DEVICE}", paths[2].display()));
    let err = relq::input::read_to_string(Path::new("/dev/zero")).unwrap_err();
    assert!(err.to_string().contains(DEVICE), "{err}");
}

#[test]
fn a_regular_file_is_read_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("s.cypher");
    std::fs::write(&script, "CREATE (:X {n: 1});").unwrap();
    let mut db = Database::new();
    db.load_file(&script).unwrap();
    assert_eq!(db.graph.node_count(), 1);
    let (text, origin) = relq::input::read_script(&script).unwrap();
    assert_eq!(text, "CREATE (:X {n: 1});");
    assert_eq!(origin, script.display().to_string());
}
