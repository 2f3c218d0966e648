//! Query goldens: every `tests/queries/{ok,err,explain}/<topic>/<case>.cypher` runs against a
//! fresh database and its output is compared with `<case>.out` beside it. `ok` cases must
//! succeed; `err` cases must end with a failing statement, whose rendered error (with its
//! caret) is the last part of the output; `explain` cases are `EXPLAIN` statements whose plans
//! (operators, details, estimated rows) pin the planner's choices on the seed graph. Run with
//! `UPDATE_EXPECT=1` to rewrite the `.out` files.
//!
//! Directives in the case file's leading `//` comment lines:
//! - `// graph: empty` starts from an empty graph (default: the built-in seed graph);
//! - `// param: NAME => VALUE` sets a parameter;
//! - `// memory: SIZE` sets the memory limit (as `--memory-limit SIZE`);
//! - `// index: Label.key` declares an index (`CREATE INDEX FOR (n:Label) ON (n.key)`;
//!   `Label.a,b` a composite one, `ON (n.a, n.b)`);
//! - `// rel index: TYPE.key` (or `TYPE.a,b`) declares an index on relationships
//!   (`CREATE INDEX FOR ()-[r:TYPE]-() ON (r.key)`).

use relq::output::{self, Format, TableOptions};
use relq::Database;
use std::fs;
use std::path::{Path, PathBuf};

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            cases(&p, out);
        } else if p.extension().is_some_and(|e| e == "cypher") {
            out.push(p);
        }
    }
}

/// Run a case and render what a user would see: each statement's table or plan (or change
/// counts), warnings, and the error that stopped it. With `explain_only`, a statement that
/// does not print a plan (anything but EXPLAIN) fails the case.
fn run_case(path: &Path, explain_only: bool) -> (String, bool) {
    let text = fs::read_to_string(path).expect("case file is readable");
    let mut db = if text
        .lines()
        .take_while(|l| l.starts_with("//"))
        .any(|l| l.trim() == "// graph: empty")
    {
        Database::new()
    } else {
        Database::with_seed()
    };
    for line in text.lines().take_while(|l| l.starts_with("//")) {
        if let Some(size) = line.strip_prefix("// memory:") {
            let limit = Database::parse_memory_limit(size).expect("memory directive is a size");
            db.set_memory_limit(limit);
        }
        if let Some(on) = line.strip_prefix("// index:") {
            let (label, key) = on
                .trim()
                .split_once('.')
                .expect("index directive is Label.key");
            let keys: Vec<String> = key
                .split(',')
                .map(|k| format!("n.`{}`", k.trim()))
                .collect();
            let q = format!("CREATE INDEX FOR (n:`{label}`) ON ({})", keys.join(", "));
            db.query(&q).expect("index directive declares an index");
        }
        if let Some(on) = line.strip_prefix("// rel index:") {
            let (ty, key) = on
                .trim()
                .split_once('.')
                .expect("rel index directive is TYPE.key");
            let keys: Vec<String> = key
                .split(',')
                .map(|k| format!("r.`{}`", k.trim()))
                .collect();
            let q = format!("CREATE INDEX FOR ()-[r:`{ty}`]-() ON ({})", keys.join(", "));
            db.query(&q).expect("rel index directive declares an index");
        }
        if let Some(p) = line.strip_prefix("// param:") {
            let (name, value) = p
                .split_once("=>")
                .expect("param directive is NAME => VALUE");
            let v = db.evaluate(value.trim()).expect("param value evaluates");
            db.params.insert(name.trim().to_string(), v);
        }
    }
    let origin = format!("{}", path.file_name().unwrap().to_string_lossy());
    let mut rendered = String::new();
    let mut ok = db.run_script(&text, false, |outcome, graph| match &outcome.result {
        Ok(result) => {
            if explain_only && result.plan.as_ref().is_none_or(|p| p.profiled) {
                rendered.push_str("(not an EXPLAIN statement)\n");
            }
            for w in &result.warnings {
                rendered.push_str(&relq::diagnostic::render_message(
                    "warning",
                    &w.message,
                    Some(w.span),
                    w.help.as_deref(),
                    &text,
                    &origin,
                ));
            }
            if result.has_output() {
                let mut out = Vec::new();
                output::write(
                    Format::Table,
                    result,
                    graph,
                    &mut out,
                    &TableOptions::default(),
                )
                .unwrap();
                rendered.push_str(&String::from_utf8(out).unwrap());
            }
            if !result.stats.is_empty() {
                rendered.push_str(&format!("({})\n", result.stats));
            }
        }
        Err(e) => rendered.push_str(&e.render(&text, &origin)),
    });
    ok &= !rendered.contains("(not an EXPLAIN statement)");
    (rendered, ok)
}

#[test]
fn query_goldens() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/queries");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for (kind, expect_ok) in [("ok", true), ("err", false), ("explain", true)] {
        let mut paths = Vec::new();
        cases(&root.join(kind), &mut paths);
        for path in paths {
            count += 1;
            let (actual, ok) = run_case(&path, kind == "explain");
            let name = path.strip_prefix(&root).unwrap().display().to_string();
            if ok != expect_ok {
                failures.push(format!(
                    "{name}: expected {}, but it {}:\n{actual}",
                    if expect_ok { "success" } else { "an error" },
                    if ok { "succeeded" } else { "failed" }
                ));
                continue;
            }
            let out_path = path.with_extension("out");
            let expected = fs::read_to_string(&out_path).unwrap_or_default();
            if actual != expected {
                if update {
                    fs::write(&out_path, &actual).unwrap();
                } else {
                    failures.push(format!(
                        "{name}: output differs\n--- expected\n{expected}--- actual\n{actual}"
                    ));
                }
            }
        }
    }
    assert!(count >= 1, "no golden cases found under {}", root.display());
    assert!(
        failures.is_empty(),
        "{} of {count} golden cases failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{count} golden query cases passed");
}
