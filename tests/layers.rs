//! The layering of the engine (ARCHITECTURE.md): `plan` and `exec` both read the plan's IR
//! (`src/ir/`), and neither imports the other; `ir` and the cancellation token (`src/cancel.rs`)
//! import neither. `database.rs` is where the two meet. This test reads the sources and fails
//! when a path into the other layer comes back.

use regex::Regex;
use std::path::{Path, PathBuf};

/// The `.rs` files under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The text without comments (`//` to the end of the line, doc comments included), so that a
/// module named in prose does not count.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The places in `code` that reach the crate's top-level module `module`: a path
/// `crate::module` (or `super::module`, `super::super::module`, from a module just below the
/// crate's root), or `module` as an item of a grouped `use crate::{...}`.
fn reaches(code: &str, module: &str) -> Vec<String> {
    let path = Regex::new(&format!(
        r"\b(crate|super)\s*::\s*(super\s*::\s*)*{module}\b"
    ))
    .unwrap();
    let group = Regex::new(r"\bcrate\s*::\s*\{[^;]*;").unwrap();
    let item = Regex::new(&format!(r"[{{,]\s*{module}\b")).unwrap();
    let mut found: Vec<String> = path.find_iter(code).map(|m| m.as_str().into()).collect();
    for g in group.find_iter(code) {
        if item.is_match(g.as_str()) {
            found.push(g.as_str().into());
        }
    }
    found
}

/// Every file under `dir` (relative to the crate), with what in it reaches `module`.
fn offenders(dir: &str, module: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join(dir));
    assert!(!files.is_empty(), "no sources under {dir}");
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for hit in reaches(&without_comments(&text), module) {
            let shown = file.strip_prefix(root).unwrap_or(&file);
            out.push(format!("{}: {hit}", shown.display()));
        }
    }
    out
}

#[test]
fn the_detector_finds_each_way_of_naming_a_module() {
    for code in [
        "use crate::exec::Ctx;",
        "use crate::exec;",
        "let v = crate::exec::eval(&ex, &[], ctx, &mut l);",
        "use super::exec::Cancel;",
        "use super::super::exec::aggregate::AggregateKind;",
        "use crate::{diagnostic::Result, exec::Ctx};",
        "use crate::{\n    exec,\n    graph::Graph,\n};",
        "fn f(c: crate :: exec :: Cancel) {}",
    ] {
        assert!(!reaches(code, "exec").is_empty(), "missed: {code}");
    }
    for code in [
        "use crate::execute::Ctx;",
        "use crate::ir::Ex;",
        "use crate::graph::{exec_count, Graph};",
        "let exec = 1;",
    ] {
        assert!(reaches(code, "exec").is_empty(), "wrongly found: {code}");
    }
    assert!(reaches(&without_comments("// see crate::exec::eval"), "exec").is_empty());
}

#[test]
fn the_planner_does_not_import_the_executor() {
    let found = offenders("src/plan", "exec");
    assert!(found.is_empty(), "plan imports exec:\n{}", found.join("\n"));
}

#[test]
fn the_executor_does_not_import_the_planner() {
    let found = offenders("src/exec", "plan");
    assert!(found.is_empty(), "exec imports plan:\n{}", found.join("\n"));
}

#[test]
fn the_ir_imports_neither() {
    for module in ["plan", "exec", "database"] {
        let mut found = offenders("src/ir", module);
        let cancel = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cancel.rs");
        let text = std::fs::read_to_string(&cancel).expect("src/cancel.rs");
        found.extend(reaches(&without_comments(&text), module));
        assert!(
            found.is_empty(),
            "ir reaches {module}:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_algorithms_know_only_petgraph() {
    for module in ["graph", "ir", "plan", "exec", "syntax", "database"] {
        let found = offenders("src/algo", module);
        assert!(
            found.is_empty(),
            "algo reaches {module}:\n{}",
            found.join("\n")
        );
    }
}
