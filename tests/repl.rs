//! The interactive shell end to end: the real binary in a pseudo-terminal, driven key by key
//! (multi-line entry, history across runs, completion, Ctrl-C, commands, colour), plus piped
//! input. Every run gets its own temporary HOME and XDG_STATE_HOME and an explicit history
//! choice, so the user's own history is never read or written.

use rexpect::reader::Options;
use rexpect::session::{spawn_with_options, PtySession};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// How long any one expectation may wait.
const TIMEOUT_MS: u64 = 20_000;

struct Shell {
    p: PtySession,
    dir: tempfile::TempDir,
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relq"));
    cmd.args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    cmd
}

impl Shell {
    /// The shell with these arguments (give --history or --no-history) in a fresh directory;
    /// escape codes stripped from what it prints unless `raw`.
    fn start(args: &[&str], envs: &[(&str, &str)], raw: bool) -> Shell {
        let dir = tempfile::tempdir().expect("a temporary directory");
        Shell::start_in(dir, args, envs, raw)
    }

    fn start_in(dir: tempfile::TempDir, args: &[&str], envs: &[(&str, &str)], raw: bool) -> Shell {
        let mut cmd = command(dir.path(), args);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(!raw);
        let mut p =
            spawn_with_options(cmd, options).expect("the shell starts in a pseudo-terminal");
        p.exp_string("relq> ").expect("the first prompt");
        Shell { p, dir }
    }

    /// Type a line and press Enter.
    fn line(&mut self, text: &str) {
        self.p.send(text).unwrap();
        self.p.send("\r").unwrap();
        self.p.flush().unwrap();
    }

    /// Wait for `needle`; what came before it.
    fn expect(&mut self, needle: &str) -> String {
        match self.p.exp_string(needle) {
            Ok(before) => before,
            Err(e) => panic!("waiting for {needle:?}: {e}"),
        }
    }

    /// Leave with :quit and wait for the end.
    fn quit(mut self) -> tempfile::TempDir {
        self.line(":quit");
        self.p.exp_eof().expect("the shell ends after :quit");
        self.dir
    }
}

fn seed_count(query: &str) -> i64 {
    let mut db = relq::Database::with_seed();
    let result = db.query(query).expect("the query runs on the seed graph");
    match result.rows[0][0] {
        relq::Value::Int(n) => n,
        ref other => panic!("expected a count, got {other:?}"),
    }
}

#[test]
fn banner_prompt_and_a_boxed_table_with_footer() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    sh.line("RETURN 1 AS one, 'x' AS two;");
    let out = sh.expect("1 row (");
    assert!(out.contains("│ one │ two │"), "{out}");
    assert!(out.contains("│   1 │ \"x\" │"), "{out}");
    sh.expect(" ms)");
    sh.quit();
}

#[test]
fn multi_line_statement_on_a_continuation_prompt() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    sh.line("MATCH (a:Actor {name: 'Russia'})");
    sh.expect(" ...> ");
    sh.line("RETURN a.kind");
    sh.expect(" ...> ");
    sh.line("  AS kind;");
    let out = sh.expect("1 row");
    assert!(out.contains("\"country\""), "{out}");
    sh.expect("relq> ");
    // Ctrl-C on a continuation line drops the statement typed so far.
    sh.line("MATCH (a)");
    sh.expect(" ...> ");
    sh.p.send_control('c').unwrap();
    sh.expect("relq> ");
    sh.line("RETURN 2 AS two;");
    sh.expect("1 row");
    sh.quit();
}

#[test]
fn history_is_saved_and_recalled_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("hist").join("relq-history");
    let history_arg = history.to_str().unwrap().to_string();
    let mut sh = Shell::start_in(dir, &["--history", &history_arg], &[], false);
    sh.line("RETURN 4242 AS answer;");
    sh.expect("1 row");
    sh.line("RETURN 1");
    sh.line("  + 1 AS two;");
    sh.expect("1 row");
    let dir = sh.quit();
    let saved = fs::read_to_string(&history).expect("the history file was written");
    assert!(saved.contains("RETURN 4242 AS answer;"), "{saved}");

    // Second run: Up three times (past `:quit` and the two-line statement) recalls the first.
    let mut sh = Shell::start_in(dir, &["--history", &history_arg], &[], false);
    sh.p.send("\x1b[A\x1b[A\x1b[A").unwrap();
    sh.p.send("\r").unwrap();
    sh.p.flush().unwrap();
    let out = sh.expect("1 row");
    assert!(out.contains("4242"), "{out}");
    // Ctrl-R searches the history.
    sh.p.send_control('r').unwrap();
    sh.p.send("+ 1").unwrap();
    sh.p.send("\r").unwrap();
    sh.p.flush().unwrap();
    let out = sh.expect("1 row");
    assert!(out.contains("│   2 │"), "{out}");
    sh.line(":history");
    let out = sh.expect("relq> ");
    assert!(out.contains("RETURN 4242 AS answer;"), "{out}");
    sh.quit();
}

#[test]
fn no_history_writes_nothing() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    sh.line("RETURN 1 AS x;");
    sh.expect("1 row");
    let dir = sh.quit();
    let state = dir.path().join("state");
    assert!(!state.join("relq").join("history").exists());
}

#[test]
fn default_history_goes_to_the_xdg_state_dir() {
    let mut sh = Shell::start(&[], &[], false);
    sh.line(":timing off");
    sh.expect("timing: off");
    let dir = sh.quit();
    let saved = fs::read_to_string(dir.path().join("state").join("relq").join("history")).unwrap();
    assert!(saved.contains(":timing off"), "{saved}");
}

#[test]
fn completes_labels_types_properties_and_commands() {
    let actors = seed_count("MATCH (a:Actor) RETURN count(a)");
    let accusations = seed_count("MATCH ()-[r:ACCUSES]->() RETURN count(r)");
    let mut sh = Shell::start(&["--no-history"], &[], false);

    sh.p.send("MATCH (a:Act\t) RETURN count(a) AS n;\r")
        .unwrap();
    let out = sh.expect("1 row");
    assert!(out.contains(&format!("│ {actors} │")), "{out}");

    sh.p.send("MATCH ()-[r:ACCU\t]->() RETURN count(r) AS n;\r")
        .unwrap();
    let out = sh.expect("1 row");
    assert!(out.contains(&format!("│ {accusations} │")), "{out}");

    sh.p.send("MATCH (a:Actor {name: 'Russia'}) RETURN a.alia\t AS x;\r")
        .unwrap();
    let out = sh.expect("1 row");
    assert!(out.contains("\"Kremlin\""), "{out}");

    sh.p.send("MATCH (a:Actor {name: 'Vladimir P\t}) RETURN a.kind AS k;\r")
        .unwrap();
    let out = sh.expect("1 row");
    assert!(out.contains("\"person\""), "{out}");

    sh.p.send(":sche\t\r").unwrap();
    let out = sh.expect("Property keys");
    assert!(out.contains(":Actor"), "{out}");
    assert!(out.contains("[:ACCUSES]"), "{out}");
    sh.quit();
}

#[test]
fn ctrl_c_stops_a_running_query_and_the_shell_goes_on() {
    let mut sh = Shell::start(&["--empty", "--no-history"], &[], false);
    sh.line("UNWIND range(1, 30) AS i CREATE (:N {i: i});");
    sh.expect("created 30 nodes");
    sh.line("MATCH (a:N), (b:N) WHERE a.i < b.i CREATE (a)-[:R]->(b);");
    sh.expect("created 435 relationships");
    sh.expect("relq> ");
    sh.line("MATCH (a)-[*]-(b) RETURN count(*);");
    std::thread::sleep(Duration::from_millis(1500));
    sh.p.send_control('c').unwrap();
    sh.expect("Interrupted");
    sh.expect("relq> ");
    sh.line("RETURN 1 AS one;");
    let out = sh.expect("1 row");
    assert!(out.contains("│   1 │"), "{out}");
    // Ctrl-C at an empty prompt does not leave either.
    sh.p.send_control('c').unwrap();
    sh.line("RETURN 3 AS three;");
    sh.expect("1 row");
    // Ctrl-D does.
    sh.p.send_control('d').unwrap();
    sh.p.exp_eof().expect("Ctrl-D leaves");
}

#[test]
fn source_runs_a_script_with_commands() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    let script = sh.dir.path().join("script.cypher");
    fs::write(&script, "// a script\n:format csv\nMATCH (a:Actor {name: 'Russia'})\nRETURN a.name AS name;\nRETURN 'done' AS status;\n").unwrap();
    sh.line(":source script.cypher");
    let out = sh.expect("done");
    assert!(out.contains("name\r\nRussia"), "{out}");
    // An error in a sourced file names the file and line.
    fs::write(
        sh.dir.path().join("bad.cypher"),
        "RETURN 1 AS x;\nRETURN nope AS y;\n",
    )
    .unwrap();
    sh.line(":source bad.cypher");
    let out = sh.expect("^^^^");
    assert!(out.contains("bad.cypher:2:8"), "{out}");
    sh.quit();
}

#[test]
fn output_sends_results_to_a_file() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    sh.line(":output out.csv");
    sh.expect("results go to out.csv");
    sh.line(":format csv");
    sh.line("MATCH (a:Actor {name: 'Germany'}) RETURN a.name AS name, a.kind AS kind;");
    sh.expect("written to out.csv");
    sh.line(":output");
    sh.expect("results go to the terminal");
    sh.line("RETURN 'back' AS here;");
    sh.expect("back");
    let dir = sh.quit();
    let written = fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(written, "name,kind\nGermany,country\n");
}

#[test]
fn format_json_prints_json_lines() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    sh.line(":format json");
    sh.expect("format: json");
    sh.line("RETURN 1 AS x, 'y' AS z;");
    sh.expect("{\"x\":1,\"z\":\"y\"}");
    sh.quit();
}

#[test]
fn errors_show_a_caret_and_commands_a_suggestion() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    sh.line("MATCH (n) RETRUN n;");
    let out = sh.expect("^^^^^^");
    assert!(out.contains("SyntaxError"), "{out}");
    assert!(out.contains("input:1:11"), "{out}");
    sh.line(":shema");
    sh.expect("did you mean :schema?");
    sh.line(":help :format");
    sh.expect(":format table|csv|json|markdown");
    sh.quit();
}

#[test]
fn max_rows_max_width_and_expanded_display() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    sh.line(":max_rows 2");
    sh.line("UNWIND range(1, 5) AS i RETURN i;");
    sh.expect("(3 more rows not shown)");
    sh.expect("5 rows");
    sh.line(":max_width 8");
    sh.line("RETURN 'abcdefghijklmnop' AS long;");
    sh.expect("\"abcdef…");
    sh.line(":x on");
    sh.line("RETURN 1 AS a, 2 AS bb;");
    let out = sh.expect("1 row");
    assert!(out.contains("─[ RECORD 1 ]"), "{out}");
    assert!(out.contains("bb │ 2"), "{out}");
    sh.quit();
}

/// The SGR sequences (colours) in a text.
fn colour_codes(text: &str) -> usize {
    regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .find_iter(text)
        .count()
}

#[test]
fn no_color_means_no_colour_even_on_a_terminal() {
    let session = |envs: &[(&str, &str)]| {
        let mut sh = Shell::start(&["--no-history"], envs, true);
        sh.line("MATCH (a:Actor {name: 'Russia'}) RETURN a.name AS name, 42 AS n;");
        let mut out = sh.expect("1 row");
        sh.line("RETURN nope;");
        out += &sh.expect("nope");
        sh.line(":shema");
        out += &sh.expect("did you mean");
        sh.quit();
        out
    };
    assert!(
        colour_codes(&session(&[])) > 0,
        "colour is on by default on a terminal"
    );
    let plain = session(&[("NO_COLOR", "1")]);
    assert_eq!(colour_codes(&plain), 0, "{plain:?}");
}

#[test]
fn color_never_and_always() {
    let mut sh = Shell::start(&["--no-history", "--color", "never"], &[], true);
    sh.line("RETURN 'x' AS s;");
    let out = sh.expect("1 row");
    assert_eq!(colour_codes(&out), 0, "{out:?}");
    sh.quit();
    let mut sh = Shell::start(
        &["--no-history", "--color", "always"],
        &[("NO_COLOR", "1")],
        true,
    );
    sh.line("RETURN 'x' AS s;");
    let out = sh.expect("1 row");
    assert!(colour_codes(&out) > 0, "{out:?}");
    sh.quit();
}

#[test]
fn statements_that_change_the_graph_say_what_changed() {
    let mut sh = Shell::start(&["--no-history"], &[], false);
    sh.line("CREATE (a:Actor {name: 'Jane Doe', kind: 'person'});");
    sh.expect("created 1 node, set 2 properties");
    sh.line(":param who => 'Jane Doe'");
    sh.line(":params");
    sh.expect(":param who => \"Jane Doe\"");
    sh.line("MATCH (a:Actor {name: $who}) RETURN a.kind AS kind;");
    let out = sh.expect("1 row");
    assert!(out.contains("\"person\""), "{out}");
    sh.quit();
}

#[test]
fn piped_input_runs_as_a_script() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = command(dir.path(), &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"MATCH (n) RETURN count(n) AS nodes;\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let nodes = seed_count("MATCH (n) RETURN count(n)");
    assert!(stdout.contains(&format!("| {nodes} ")), "{stdout}");
    assert!(!stdout.contains("relq>"), "{stdout}");
    assert!(!stdout.contains(":help"), "{stdout}");
    assert_eq!(colour_codes(&stdout), 0);
}

#[test]
fn stdout_not_a_terminal_gets_no_banner_prompt_colour_or_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let out_file: PathBuf = dir.path().join("out.txt");
    let shell = format!(
        "exec '{}' --no-history > '{}'",
        env!("CARGO_BIN_EXE_relq"),
        out_file.display()
    );
    let mut sh_cmd = Command::new("sh");
    sh_cmd
        .arg("-c")
        .arg(shell)
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(false);
    let mut p = spawn_with_options(sh_cmd, options).unwrap();
    let long = "x".repeat(300);
    p.send_line(&format!("RETURN '{long}' AS long;")).unwrap();
    p.send_line("UNWIND range(1, 2000) AS i RETURN i;").unwrap();
    p.send_line(":quit").unwrap();
    p.exp_eof().unwrap();
    let written = fs::read_to_string(&out_file).unwrap();
    assert!(written.contains(&long), "no truncation");
    assert!(written.contains("| 2000 |"), "no row limit");
    assert!(!written.contains("relq>"), "no prompt");
    assert!(!written.contains(":help"), "no banner");
    assert_eq!(colour_codes(&written), 0, "no colour");
}
