//! End to end: no output is lost with exit 0. Failed writes to stdout, stderr and files, closed
//! pipes, files replaced whole (`-o`, `--export`, through symbolic links), nothing written
//! after a failed statement, `-c` and `-f` in the order given, long lines in errors.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command as Process, Stdio};

fn relq() -> Command {
    Command::cargo_bin("relq").expect("the relq binary is built")
}

/// The binary as a plain process, for redirections assert_cmd does not offer.
fn process() -> Process {
    Process::new(env!("CARGO_BIN_EXE_relq"))
}

/// `/dev/full` (every write fails with "no space left"), or None where there is none.
fn dev_full() -> Option<fs::File> {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: this system has no /dev/full");
        return None;
    }
    Some(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

/// No Rust panic: no exit status 101 and no panic message.
fn assert_no_panic(status: Option<i32>, stderr: &str) {
    assert_ne!(status, Some(101), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn results_to_a_full_stdout_are_an_error() {
    let Some(full) = dev_full() else { return };
    let out = process()
        .args(["-c", "RETURN 1 AS one"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write the results to standard output"),
        "{stderr}"
    );
    // A script on stdin, in every format: the same.
    for format in ["table", "json", "csv", "markdown"] {
        let Some(full) = dev_full() else { return };
        let out = process()
            .args(["--format", format, "-f", "-"])
            .stdin(Stdio::piped())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                let mut stdin = child.stdin.take().unwrap();
                stdin.write_all(b"MATCH (n) RETURN n.name AS name;\nCREATE (:X);\n")?;
                drop(stdin);
                child.wait_with_output()
            })
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {stderr}");
    }
}

#[test]
fn results_to_a_full_file_are_an_error() {
    if dev_full().is_none() {
        return;
    }
    relq()
        .args(["-c", "RETURN 1 AS one", "-o", "/dev/full"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write /dev/full"));
    relq()
        .args(["-c", "MATCH (n) RETURN n", "--export", "graphml"])
        .args(["-o", "/dev/full"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write /dev/full"));
}

#[test]
fn a_full_stderr_is_never_a_panic() {
    let cases: [(&[&str], i32); 4] = [
        // The error itself cannot be shown; the status still says a statement failed.
        (&["-c", "RETURN 1/0"], 1),
        // A warning, the timing line: lost output, so not 0.
        (&["-c", "MATCH (a)-[:ACUSES]->(b) RETURN count(*)"], 2),
        (&["--timing", "-c", "RETURN 1"], 2),
        // Nothing to say on stderr: success.
        (&["-c", "RETURN 1"], 0),
    ];
    for (args, code) in cases {
        let Some(full) = dev_full() else { return };
        let out = process().args(args).stderr(full).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_no_panic(out.status.code(), &stdout);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("g.relq");
    let Some(full) = dev_full() else { return };
    let out = process()
        .args(["-c", "RETURN 1", "--save"])
        .arg(&snap)
        .stderr(full)
        .output()
        .unwrap();
    assert_no_panic(out.status.code(), "");
    assert!(snap.exists());
}

/// Read two lines of relq's output, then close the pipe while it is still writing.
fn close_after_two_lines(args: &[&str], stderr_too: bool) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    let mut cmd = process();
    cmd.args(args).stdout(writer.try_clone().unwrap());
    let errors = tempfile::NamedTempFile::new().unwrap();
    if stderr_too {
        cmd.stderr(writer);
    } else {
        drop(writer);
        cmd.stderr(errors.reopen().unwrap());
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let mut lines = BufReader::new(reader);
    let mut seen = String::new();
    for _ in 0..2 {
        lines.read_line(&mut seen).unwrap();
    }
    drop(lines);
    let status = child.wait().unwrap();
    let stderr = fs::read_to_string(errors.path()).unwrap();
    (status.code(), format!("{seen}{stderr}"))
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let many = "UNWIND range(1, 300000) AS x RETURN x";
    // `relq ... | head -2`
    let (code, text) = close_after_two_lines(&["-c", many], false);
    assert_no_panic(code, &text);
    assert_eq!(code, Some(0), "{text}");
    assert!(!text.contains("error"), "{text}");
    // `relq --timing ... 2>&1 | head -2`
    let (code, text) = close_after_two_lines(&["--timing", "-c", many, "-c", many], true);
    assert_no_panic(code, &text);
    assert_eq!(code, Some(0), "{text}");
    for format in ["json", "csv", "markdown"] {
        let (code, text) = close_after_two_lines(&["--format", format, "-c", many], false);
        assert_no_panic(code, &text);
        assert_eq!(code, Some(0), "{format}: {text}");
    }
}

#[test]
fn a_failed_statement_leaves_the_output_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.csv");
    fs::write(&file, "earlier\n").unwrap();
    relq()
        .args(["--format", "csv", "-c", "RETURN 1 AS a", "-c", "RETURN 1/0"])
        .arg("-o")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not written to"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "earlier\n");
    let script = dir.path().join("bad.cypher");
    fs::write(&script, "RETURN 1 AS a;\nRETURN 1/0;\n").unwrap();
    relq()
        .args(["--format", "csv", "-f"])
        .arg(&script)
        .arg("-o")
        .arg(&file)
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(&file).unwrap(), "earlier\n");
    // Success replaces it, and leaves no temporary file behind.
    relq()
        .args(["--format", "csv", "-c", "RETURN 1 AS a"])
        .arg("-o")
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert_eq!(fs::read_to_string(&file).unwrap(), "a\n1\n");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".relq")), "{names:?}");
}

#[test]
fn a_failed_statement_in_a_script_writes_no_export() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("bad.cypher");
    fs::write(&script, "MATCH (n) RETURN n;\nRETURN 1/0;\n").unwrap();
    let target = dir.path().join("g.json");
    relq()
        .args(["--export", "json", "-f"])
        .arg(&script)
        .arg("-o")
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not exported to"));
    assert!(!target.exists());
    fs::write(&target, "earlier").unwrap();
    relq()
        .args([
            "--export",
            "json",
            "-c",
            "MATCH (n) RETURN n",
            "-c",
            "RETURN 1/0",
        ])
        .arg("-o")
        .arg(&target)
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(&target).unwrap(), "earlier");
}

#[cfg(unix)]
#[test]
fn output_and_export_through_a_link_replace_its_target() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    let real = dir.path().join("real").join("g.graphml");
    fs::write(&real, "earlier").unwrap();
    let link = dir.path().join("g.graphml");
    std::os::unix::fs::symlink("real/g.graphml", &link).unwrap();
    relq()
        .args(["-c", "MATCH (n) RETURN n", "--export", "graphml", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&real).unwrap().contains("<graphml"));
    let csv = dir.path().join("out.csv");
    std::os::unix::fs::symlink("real/results.csv", &csv).unwrap();
    relq()
        .args(["--format", "csv", "-c", "RETURN 1 AS a", "-o"])
        .arg(&csv)
        .assert()
        .success();
    assert!(fs::symlink_metadata(&csv).unwrap().file_type().is_symlink());
    assert_eq!(
        fs::read_to_string(dir.path().join("real").join("results.csv")).unwrap(),
        "a\n1\n"
    );
}

#[test]
fn a_csv_export_replaces_its_folder_whole() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("export");
    relq()
        .args([
            "-c",
            "MATCH (a)-[r]->(b) RETURN a, r, b",
            "--export",
            "csv",
            "-o",
        ])
        .arg(&folder)
        .assert()
        .success();
    let rels = fs::read_to_string(folder.join("relationships.csv")).unwrap();
    assert!(rels.lines().count() > 2, "{rels}");
    // A failed statement leaves the earlier export.
    relq()
        .args([
            "-c",
            "MATCH (n) RETURN n",
            "-c",
            "RETURN 1/0",
            "--export",
            "csv",
        ])
        .arg("-o")
        .arg(&folder)
        .assert()
        .code(1);
    assert_eq!(
        fs::read_to_string(folder.join("relationships.csv")).unwrap(),
        rels
    );
    // A new export of nodes only: both files are the new ones.
    relq()
        .args(["-c", "MATCH (n:Country) RETURN n", "--export", "csv", "-o"])
        .arg(&folder)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(folder.join("relationships.csv"))
            .unwrap()
            .lines()
            .count(),
        1
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["export"]);
    // A folder holding anything else is not replaced.
    fs::write(folder.join("notes.txt"), "mine").unwrap();
    relq()
        .args(["-c", "MATCH (n) RETURN n", "--export", "csv", "-o"])
        .arg(&folder)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("notes.txt"));
    assert_eq!(
        fs::read_to_string(folder.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn commands_and_scripts_run_in_the_order_given() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("s.cypher");
    fs::write(&script, "RETURN 'script' AS step;").unwrap();
    relq()
        .args(["--format", "csv", "-f"])
        .arg(&script)
        .args(["-c", "RETURN 'command' AS step"])
        .assert()
        .success()
        .stdout("step\nscript\nstep\ncommand\n");
    relq()
        .args(["--format", "csv", "-c", "RETURN 'command' AS step", "-f"])
        .arg(&script)
        .assert()
        .success()
        .stdout("step\ncommand\nstep\nscript\n");
    // The script argument counts where it stands too; a failure stops what follows.
    relq()
        .args(["--format", "csv", "-c", "RETURN 1/0"])
        .arg(&script)
        .assert()
        .code(1)
        .stdout("");
    relq()
        .args(["--format", "csv"])
        .arg(&script)
        .args(["-c", "RETURN 1/0", "-c", "RETURN 'never' AS step"])
        .assert()
        .code(1)
        .stdout("step\nscript\n");
}

#[test]
fn writes_print_a_summary_in_table_format() {
    relq()
        .args([
            "--empty",
            "-c",
            "CREATE (:A {v: 1})",
            "-c",
            "MATCH (n) WHERE false DELETE n",
        ])
        .assert()
        .success()
        .stdout("created 1 node, set 1 property, added 1 label\nno changes\n");
    // Machine formats stay clean.
    relq()
        .args(["--empty", "--format", "csv", "-c", "CREATE (:A {v: 1})"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn an_error_in_a_long_line_shows_a_window_around_the_caret() {
    // 400 KB on one line: more than one argument may hold, so it comes in a script.
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("long.cypher");
    let filler = "x".repeat(200_000);
    let statement = format!("RETURN '{filler}' + nope + '{filler}';");
    fs::write(&script, &statement).unwrap();
    let column = statement.find("nope").unwrap() + 1;
    let out = relq().arg("-f").arg(&script).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.len() < 1000, "{} bytes of error", stderr.len());
    assert!(
        stderr.contains(&format!("long.cypher:1:{column}")),
        "{stderr}"
    );
    assert!(stderr.contains("...xxx"), "{stderr}");
    assert!(stderr.contains("' + nope + '"), "{stderr}");
}
