//! The README stays true: every `$ relq ...` example prints what the README shows, and every
//! statement in its clause and pattern tables runs on the seed graph.

use std::path::Path;
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The lines after a `$ ...` line up to the next `$ ` line or the end of the code block.
fn block_after(lines: &[&str], i: &mut usize) -> String {
    let mut text = String::new();
    *i += 1;
    while *i < lines.len() && lines[*i] != "```" && !lines[*i].starts_with("$ ") {
        text.push_str(lines[*i]);
        text.push('\n');
        *i += 1;
    }
    text
}

/// The GDELT files an example names (`*.export.CSV`, `dyads_*.csv`, the folder after
/// `--cameo`: the test data's `lookups/`), copied into the test's temporary `dir` from
/// the GDELT test data (`RELQ_GDELT_DATA`, else `../shared/data/real/gdelt`); false, with a
/// note, when that data is absent (and then also for an example opening a snapshot that a
/// skipped example would have saved).
fn gdelt_files(command: &str, dir: &Path) -> bool {
    let data = std::env::var_os("RELQ_GDELT_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/gdelt"));
    let words: Vec<&str> = command.split_whitespace().collect();
    for (i, &word) in words.iter().enumerate() {
        // `--cameo DIR`: GDELT's CAMEO lookup files, from the test data's `lookups/`.
        if i > 0 && words[i - 1] == "--cameo" {
            let from = data.join("lookups");
            let Ok(entries) = std::fs::read_dir(&from) else {
                eprintln!(
                    "skipped README example `relq {command}`: no {}",
                    from.display()
                );
                return false;
            };
            std::fs::create_dir_all(dir.join(word)).unwrap();
            for entry in entries.flatten() {
                std::fs::copy(entry.path(), dir.join(word).join(entry.file_name())).unwrap();
            }
            continue;
        }
        // A snapshot an earlier GDELT example would have saved.
        if word.ends_with(".relq") && !dir.join(word).exists() && !data.is_dir() {
            eprintln!(
                "skipped README example `relq {command}`: no GDELT data in {}",
                data.display()
            );
            return false;
        }
        if !(word.ends_with(".export.CSV") || word.starts_with("dyads_")) || dir.join(word).exists()
        {
            continue;
        }
        if std::fs::copy(data.join(word), dir.join(word)).is_err() {
            eprintln!(
                "skipped README example `relq {command}`: no {word} in {}",
                data.display()
            );
            return false;
        }
    }
    true
}

/// `$ cat FILE` shows a file the next examples use: it is written with the lines shown.
/// `$ relq ...` runs (in a fresh folder holding those files) and must print the lines shown.
#[test]
fn shell_examples_print_what_the_readme_shows() {
    let text = readme();
    let lines: Vec<&str> = text.lines().collect();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut i = 0;
    while i < lines.len() {
        if let Some(file) = lines[i].strip_prefix("$ cat ") {
            let content = block_after(&lines, &mut i);
            std::fs::write(dir.path().join(file.trim()), content).unwrap();
        } else if let Some(command) = lines[i].strip_prefix("$ relq ") {
            let expected = block_after(&lines, &mut i);
            if !gdelt_files(command, dir.path()) {
                continue;
            }
            let script = format!("\"$RELQ\" {command} 2>&1");
            let out = Command::new("sh")
                .arg("-c")
                .arg(&script)
                .current_dir(dir.path())
                .env("RELQ", env!("CARGO_BIN_EXE_relq"))
                .output()
                .unwrap();
            let actual = String::from_utf8_lossy(&out.stdout);
            assert_eq!(actual, expected, "README example `relq {command}`");
            checked += 1;
        } else {
            i += 1;
        }
    }
    assert!(checked >= 8, "found only {checked} examples");
}

#[test]
fn table_examples_run() {
    let text = readme();
    let mut checked = 0;
    for line in text.lines().filter(|l| l.starts_with('|')) {
        for span in line.split('`').skip(1).step_by(2) {
            let span = span.replace("\\|", "|");
            let first = span.split_whitespace().next().unwrap_or("").to_uppercase();
            let statement_like = span.split_whitespace().count() >= 3 && !span.contains('…');
            if !statement_like
                || ![
                    "MATCH", "CREATE", "MERGE", "UNWIND", "RETURN", "OPTIONAL", "WITH",
                ]
                .contains(&first.as_str())
            {
                continue;
            }
            let mut db = relq::Database::with_seed();
            db.params.insert("who".into(), relq::Value::str("Russia"));
            db.params.insert(
                "props".into(),
                relq::Value::Map([("name".to_string(), relq::Value::str("FBI"))].into()),
            );
            let result = db.query(&span);
            assert!(
                result.is_ok(),
                "README example `{span}` fails: {:?}",
                result.err()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 20,
        "found only {checked} statements in the README's tables"
    );
}

/// Rows of the expression table with a result column: each example, returned, prints as the
/// result beside it.
#[test]
fn expression_results_are_true() {
    let text = readme();
    let mut checked = 0;
    let mut in_table = false;
    for line in text.lines() {
        if line.starts_with("| construct | example | result |") {
            in_table = true;
            continue;
        }
        in_table &= line.starts_with('|');
        if !in_table || line.starts_with("|---") {
            continue;
        }
        let cells: Vec<String> = line
            .replace("\\|", "\u{1}")
            .split('|')
            .map(|c| c.trim().replace('\u{1}', "|"))
            .collect();
        // | construct | example | result |  ->  ["", construct, example, result, ""]
        if cells.len() != 5 || !cells[3].starts_with('`') {
            continue;
        }
        let examples: Vec<&str> = cells[2].split('`').skip(1).step_by(2).collect();
        let results: Vec<&str> = cells[3].split('`').skip(1).step_by(2).collect();
        assert_eq!(
            examples.len(),
            results.len(),
            "row `{line}` pairs examples with results"
        );
        for (example, expected) in examples.iter().zip(results) {
            let mut db = relq::Database::new();
            let r = db
                .query(&format!("RETURN {example} AS v"))
                .unwrap_or_else(|e| panic!("`{example}`: {e}"));
            let actual = relq::output::cypher_literal(&r.rows[0][0], &db.graph);
            assert_eq!(actual, expected, "README says `{example}` is `{expected}`");
            checked += 1;
        }
    }
    assert!(checked >= 10, "found only {checked} expression results");
}
