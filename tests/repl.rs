//! The interactive shell end to end: the real binary in a pseudo-terminal, driven key by key
//! (multi-line entry, history across runs, completion, Ctrl-C, commands, colour), plus piped
//! input. Every run gets its own temporary HOME and XDG_STATE_HOME and an explicit history
//! choice, so the user's own history is never read or written.

mod pty;

use pty::Pty;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Shell {
    p: Pty,
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
    /// The shell with these arguments (give --history or --no-history) in a fresh directory.
    fn start(args: &[&str], envs: &[(&str, &str)]) -> Shell {
        let dir = tempfile::tempdir().expect("a temporary directory");
        Shell::start_in(dir, args, envs)
    }

    fn start_in(dir: tempfile::TempDir, args: &[&str], envs: &[(&str, &str)]) -> Shell {
        let mut cmd = command(dir.path(), args);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut p = Pty::spawn(cmd);
        p.expect("relq> ");
        Shell { p, dir }
    }

    /// Type a line and press Enter.
    fn line(&mut self, text: &str) {
        self.p.send(text);
        self.p.send("\r");
    }

    /// Wait for `needle`; the text before it.
    fn expect(&mut self, needle: &str) -> String {
        self.p.expect(needle)
    }

    /// Leave with :quit and wait for the end.
    fn quit(mut self) -> tempfile::TempDir {
        self.line(":quit");
        self.p.expect_eof();
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
    let mut sh = Shell::start(&["--no-history"], &[]);
    sh.line("RETURN 1 AS one, 'x' AS two;");
    let out = sh.expect("1 row (");
    assert!(out.contains("│ one │ two │"), "{out}");
    assert!(out.contains("│   1 │ \"x\" │"), "{out}");
    sh.expect(" ms)");
    sh.quit();
}

#[test]
fn explain_and_profile_print_the_plan() {
    let mut sh = Shell::start(&["--no-history"], &[]);
    sh.line("EXPLAIN MATCH (a:Person) RETURN a.name;");
    let out = sh.expect("plan only, not run");
    assert!(
        out.contains("│ +NodeByLabelScan │  2 │ a:Person │"),
        "{out}"
    );
    assert!(!out.contains("Vladimir Putin"), "{out}");
    sh.expect("relq> ");
    sh.line("PROFILE MATCH (a:Person) RETURN a.name AS name LIMIT 1;");
    let out = sh.expect("1 row (");
    assert!(out.contains("\"Vladimir Putin\""), "{out}");
    assert!(out.contains("Time (ms)"), "{out}");
    sh.quit();
}

#[test]
fn multi_line_statement_on_a_continuation_prompt() {
    let mut sh = Shell::start(&["--no-history"], &[]);
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
    sh.p.send_control('c');
    sh.expect("relq> ");
    std::thread::sleep(Duration::from_millis(300));
    sh.line("RETURN 2 AS two;");
    sh.expect("1 row");
    sh.quit();
}

#[test]
fn history_is_saved_and_recalled_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("hist").join("relq-history");
    let history_arg = history.to_str().unwrap().to_string();
    let mut sh = Shell::start_in(dir, &["--history", &history_arg], &[]);
    sh.line("RETURN 4242 AS answer;");
    sh.expect("1 row");
    sh.line("RETURN 1");
    sh.line("  + 1 AS two;");
    sh.expect("1 row");
    let dir = sh.quit();
    let saved = fs::read_to_string(&history).expect("the history file was written");
    assert!(saved.contains("RETURN 4242 AS answer;"), "{saved}");

    // Second run: Up four times recalls the first statement: past `:quit`, then into the
    // two-line statement (Up first moves within it, then to the entry before).
    let mut sh = Shell::start_in(dir, &["--history", &history_arg], &[]);
    sh.p.send("\x1b[A\x1b[A\x1b[A\x1b[A");
    sh.p.send("\r");
    let out = sh.expect("1 row");
    assert!(out.contains("4242"), "{out}");
    // Ctrl-R searches the history.
    sh.p.send_control('r');
    sh.p.send("+ 1");
    sh.p.send("\r");
    let out = sh.expect("1 row");
    assert!(out.contains("│   2 │"), "{out}");
    sh.line(":history");
    sh.expect("1  RETURN 4242 AS answer;");
    sh.quit();
}

#[test]
fn no_history_writes_nothing() {
    let mut sh = Shell::start(&["--no-history"], &[]);
    sh.line("RETURN 1 AS x;");
    sh.expect("1 row");
    let dir = sh.quit();
    let state = dir.path().join("state");
    assert!(!state.join("relq").join("history").exists());
}

#[test]
fn default_history_goes_to_the_xdg_state_dir() {
    let mut sh = Shell::start(&[], &[]);
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
    let mut sh = Shell::start(&["--no-history"], &[]);

    sh.p.send("MATCH (a:Act\t) RETURN count(a) AS n;\r");
    let out = sh.expect("1 row");
    assert!(out.contains(&format!("│ {actors} │")), "{out}");

    sh.p.send("MATCH ()-[r:ACCU\t]->() RETURN count(r) AS n;\r");
    let out = sh.expect("1 row");
    assert!(out.contains(&format!("│ {accusations} │")), "{out}");

    sh.p.send("MATCH (a:Actor {name: 'Russia'}) RETURN a.alia\t AS x;\r");
    let out = sh.expect("1 row");
    assert!(out.contains("\"Kremlin\""), "{out}");

    sh.p.send("MATCH (a:Actor {name: 'Vladimir P\t}) RETURN a.kind AS k;\r");
    let out = sh.expect("1 row");
    assert!(out.contains("\"person\""), "{out}");

    sh.p.send(":sche\t\r");
    let out = sh.expect("Property keys");
    assert!(out.contains(":Actor"), "{out}");
    assert!(out.contains("[:ACCUSES]"), "{out}");
    sh.quit();
}

#[test]
fn ctrl_c_stops_a_running_query_and_the_shell_goes_on() {
    let mut sh = Shell::start(&["--empty", "--no-history"], &[]);
    sh.line("UNWIND range(1, 30) AS i CREATE (:N {i: i});");
    sh.expect("created 30 nodes");
    sh.line("MATCH (a:N), (b:N) WHERE a.i < b.i CREATE (a)-[:R]->(b);");
    sh.expect("created 435 relationships");
    sh.expect("relq> ");
    sh.line("MATCH (a)-[*]-(b) RETURN count(*);");
    // Once the line is accepted (echoed with its newline) the query runs: let it get going.
    sh.expect("RETURN count(*);\n");
    std::thread::sleep(Duration::from_millis(1000));
    sh.p.send_control('c');
    sh.expect("Interrupted");
    sh.expect("relq> ");
    sh.line("RETURN 1 AS one;");
    let out = sh.expect("1 row");
    assert!(out.contains("│   1 │"), "{out}");
    // Ctrl-C at an empty prompt does not leave either. (Keys typed before the next prompt
    // would be lost with the line Ctrl-C cancels, so wait for it.)
    sh.expect("relq> ");
    sh.p.send_control('c');
    sh.expect("relq> ");
    std::thread::sleep(Duration::from_millis(300));
    sh.line("RETURN 3 AS three;");
    sh.expect("1 row");
    // Ctrl-D does.
    sh.p.send_control('d');
    sh.p.expect_eof();
}

#[test]
fn ctrl_c_stops_a_cross_product_and_timeout_limits_each_statement() {
    let mut sh = Shell::start(&["--empty", "--no-history"], &[]);
    sh.line("UNWIND range(1, 3000) AS i CREATE (:N {i: i});");
    sh.expect("created 3000 nodes");
    sh.expect("relq> ");
    // 8e13 rows: Ctrl-C stops it, and the shell goes on.
    sh.line("MATCH (a:N), (b:N), (c:N), (d:N) RETURN count(*);");
    sh.expect("RETURN count(*);\n");
    std::thread::sleep(Duration::from_millis(500));
    let stopped = Instant::now();
    sh.p.send_control('c');
    sh.expect("Interrupted: the statement was stopped by Ctrl-C");
    assert!(stopped.elapsed() < Duration::from_secs(10));
    sh.expect("relq> ");
    sh.line("MATCH (n:N) RETURN count(n) AS n;");
    let out = sh.expect("1 row");
    assert!(out.contains("│ 3000 │"), "{out}");
    // A time limit: shown, set, and applied to every statement until lifted.
    sh.line(":timeout");
    sh.expect("timeout: off");
    sh.line(":timeout 1");
    sh.expect("timeout: 1 s");
    sh.line("MATCH (a:N), (b:N), (c:N), (d:N) RETURN count(*);");
    sh.expect("TimeoutError: the statement ran longer than its time limit of 1 s");
    sh.expect("relq> ");
    // A writing statement past the limit changes nothing.
    sh.line("CREATE (:Marker) WITH 1 AS one MATCH (a:N), (b:N), (c:N) RETURN count(*);");
    sh.expect("TimeoutError");
    sh.expect("relq> ");
    sh.line("MATCH (m:Marker) RETURN count(m) AS markers;");
    let out = sh.expect("1 row");
    assert!(out.contains("│       0 │"), "{out}");
    sh.line(":timeout 2.5s");
    sh.expect("timeout: 2.5 s");
    sh.line(":timeout soon");
    sh.expect("error: expected a time limit");
    // The argument completes.
    sh.p.send(":timeout of\t");
    sh.p.send("\r");
    sh.expect("timeout: off");
    sh.line(":timeout");
    sh.expect("timeout: off");
    sh.quit();
}

/// Ctrl-C stops a long statement of each kind within seconds, wherever its work is: rows of
/// nested UNWINDs, a list comprehension, a sort, string functions, chains of expansions, a
/// variable-length search with a path mode, a repeated group; the shell goes on after each.
#[test]
fn ctrl_c_stops_a_statement_of_every_kind() {
    let mut sh = Shell::start(&["--empty", "--no-history"], &[]);
    sh.line("UNWIND range(1, 30) AS i CREATE (:N {i: i});");
    sh.expect("created 30 nodes");
    sh.line("MATCH (a:N), (b:N) WHERE a.i <> b.i CREATE (a)-[:R]->(b);");
    sh.expect("created 870 relationships");
    sh.expect("relq> ");
    let statements = [
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*);",
        "UNWIND range(1, 1000000) AS i RETURN sum(size([x IN range(1, 10000) WHERE x % 7 = 0 | x * 2]));",
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN a * b AS p ORDER BY -p LIMIT 1;",
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(replace(toString(a * b), '1', 'one'));",
        "MATCH (a)-->(b)-->(c)-->(d)-->(e)-->(f)-->(g) RETURN count(*);",
        "MATCH p = ACYCLIC (a:N {i: 1})-[*]->(b) RETURN count(p);",
        "MATCH (x) ((a)-->(b)-->(c)){1,8} (y) RETURN count(*);",
    ];
    for statement in statements {
        sh.line(statement);
        // Echoed with its newline: the statement runs. Let it get going.
        sh.expect(";\n");
        std::thread::sleep(Duration::from_millis(400));
        let stopped = Instant::now();
        sh.p.send_control('c');
        let (_, printed) =
            sh.p.expect_at("Interrupted: the statement was stopped by Ctrl-C");
        let took = printed.duration_since(stopped);
        assert!(took < Duration::from_secs(1), "{statement}: {took:?}");
        sh.expect("relq> ");
        sh.line("RETURN 'still here' AS shell;");
        let out = sh.expect("1 row");
        assert!(out.contains("still here"), "{statement}: {out}");
        sh.expect("relq> ");
    }
    sh.quit();
}

#[test]
fn source_runs_a_script_with_commands() {
    let mut sh = Shell::start(&["--no-history"], &[]);
    let script = sh.dir.path().join("script.cypher");
    fs::write(&script, "// a script\n:format csv\nMATCH (a:Actor {name: 'Russia'})\nRETURN a.name AS name;\nRETURN 'done' AS status;\n").unwrap();
    sh.line(":source script.cypher");
    let out = sh.expect("done");
    assert!(out.contains("name\nRussia"), "{out}");
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
    let mut sh = Shell::start(&["--no-history"], &[]);
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
    let mut sh = Shell::start(&["--no-history"], &[]);
    sh.line(":format json");
    sh.expect("format: json");
    sh.line("RETURN 1 AS x, 'y' AS z;");
    sh.expect("{\"x\":1,\"z\":\"y\"}");
    sh.quit();
}

#[test]
fn errors_show_a_caret_and_commands_a_suggestion() {
    let mut sh = Shell::start(&["--no-history"], &[]);
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
    let mut sh = Shell::start(&["--no-history"], &[]);
    sh.line(":max_rows 2");
    sh.line("UNWIND range(1, 5) AS i RETURN i;");
    sh.expect("(3 more rows not shown)");
    sh.expect("5 rows");
    sh.line(":max_width 8");
    sh.line("RETURN 'abcdefghijklmnop' AS long;");
    sh.expect("\"abcdef…");
    sh.expect("1 row");
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
        let mut sh = Shell::start(&["--no-history"], envs);
        sh.line("MATCH (a:Actor {name: 'Russia'}) RETURN a.name AS name, 42 AS n;");
        sh.expect("1 row");
        sh.line("RETURN nope;");
        sh.expect("^^^^");
        sh.line(":shema");
        sh.expect("did you mean");
        let raw = sh.p.raw();
        sh.quit();
        raw
    };
    let coloured = session(&[]);
    assert!(
        colour_codes(&coloured) > 0,
        "colour is on by default on a terminal: {coloured:?}"
    );
    let plain = session(&[("NO_COLOR", "1")]);
    assert_eq!(colour_codes(&plain), 0, "{plain:?}");
}

#[test]
fn color_never_and_always() {
    let mut sh = Shell::start(&["--no-history", "--color", "never"], &[]);
    sh.line("RETURN 'x' AS s;");
    sh.expect("1 row");
    let raw = sh.p.raw();
    assert_eq!(colour_codes(&raw), 0, "{raw:?}");
    sh.quit();
    let mut sh = Shell::start(&["--no-history", "--color", "always"], &[("NO_COLOR", "1")]);
    sh.line("RETURN 'x' AS s;");
    sh.expect("1 row");
    let raw = sh.p.raw();
    assert!(colour_codes(&raw) > 0, "{raw:?}");
    sh.quit();
}

#[test]
fn statements_that_change_the_graph_say_what_changed() {
    let mut sh = Shell::start(&["--no-history"], &[]);
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
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"MATCH (n) RETURN count(n) AS nodes;\n")
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let nodes = seed_count("MATCH (n) RETURN count(n)");
    assert!(stdout.contains(&format!(" {nodes} |")), "{stdout}");
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
    let mut p = Pty::spawn(sh_cmd);
    let long = "x".repeat(300);
    p.send(&format!("RETURN '{long}' AS long;\n"));
    p.send("UNWIND range(1, 2000) AS i RETURN i;\n");
    p.send(":quit\n");
    p.expect_eof();
    let written = fs::read_to_string(&out_file).unwrap();
    assert!(written.contains(&long), "no truncation");
    assert!(written.contains("| 2000 |"), "no row limit");
    assert!(!written.contains("relq>"), "no prompt");
    assert!(!written.contains(":help"), "no banner");
    assert_eq!(colour_codes(&written), 0, "no colour");
}

#[test]
fn load_adds_files_one_after_the_other_and_says_what_a_gdelt_file_held() {
    let mut sh = Shell::start(&["--no-history", "--empty"], &[]);
    let dir = sh.dir.path().to_path_buf();
    fs::write(
        dir.join("actors.csv"),
        "id:ID,name\nRU,Russia\nDE,Germany\n",
    )
    .unwrap();
    fs::write(
        dir.join("events.csv"),
        ":START_ID,:END_ID,:TYPE\nDE,RU,ACCUSES\n",
    )
    .unwrap();
    sh.line(":load actors.csv");
    sh.expect("loaded actors.csv");
    sh.line(":load events.csv");
    sh.expect("loaded events.csv");
    sh.line(":format csv");
    sh.line("MATCH (a)-[r]->(b) RETURN a.name + ' ' + type(r) + ' ' + b.name AS fact;");
    let out = sh.expect("Germany ACCUSES Russia");
    assert!(out.contains("fact"), "{out}");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gdelt/small.export.CSV");
    fs::copy(fixture, dir.join("small.export.CSV")).unwrap();
    sh.line(":load small.export.CSV");
    sh.expect("9 rows: 5 events (1 repeated report merged), 5 actors new");
    sh.expect("loaded small.export.CSV");
    sh.line("MATCH (n) RETURN count(n) AS nodes;");
    sh.expect("nodes\n7");
    // GDELT's CAMEO lookup files (here hand-made ones) give the next loads' descriptions.
    let lookups = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gdelt/lookups");
    sh.line(&format!(":cameo {}", lookups.display()));
    sh.expect("GDELT loads now take names and descriptions");
    let next =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gdelt/next_day.export.CSV");
    sh.line(&format!(":load {}", next.display()));
    sh.expect("loaded ");
    sh.line(
        "MATCH ()-[r]->() WHERE r.cameo_description IS NOT NULL RETURN r.cameo_description AS d;",
    );
    sh.expect("Blames (test wording)");
    sh.quit();
}
