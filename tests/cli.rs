//! End to end: the real binary, each flag of the command-line contract, exit codes included.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn relq() -> Command {
    Command::cargo_bin("relq").expect("the relq binary is built")
}

#[test]
fn command_prints_a_table() {
    relq()
        .args([
            "-c",
            "MATCH (a:Actor {name: 'Russia'}) RETURN a.name, a.kind",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("| a.name   | a.kind    |"))
        .stdout(predicate::str::contains("| \"Russia\" | \"country\" |"));
}

#[test]
fn commands_run_in_order_and_share_the_graph() {
    relq()
        .args([
            "--empty",
            "-c",
            "CREATE (:T {v: 1})",
            "-c",
            "MATCH (t:T) RETURN t.v AS v",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout("v\n1\n");
}

#[test]
fn json_lines_keep_column_order_and_float_points() {
    relq()
        .args([
            "--empty",
            "--format",
            "json",
            "-c",
            "RETURN 1.0 AS z, 'x' AS a, [1, null] AS l, {k: 2} AS m",
        ])
        .assert()
        .success()
        .stdout("{\"z\":1.0,\"a\":\"x\",\"l\":[1,null],\"m\":{\"k\":2}}\n");
}

#[test]
fn json_nodes_and_relationships() {
    let out = relq()
        .args([
            "--format",
            "json",
            "-c",
            "MATCH (a:Actor {name: 'FBI'})-[r:ACCUSES]->(b) RETURN a, r, b.name AS b",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let line: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(
        line["a"]["labels"],
        serde_json::json!(["Actor", "Organization"])
    );
    assert_eq!(line["a"]["properties"]["name"], "FBI");
    assert_eq!(line["r"]["type"], "ACCUSES");
    assert_eq!(line["r"]["start"], line["a"]["id"]);
    assert_eq!(line["b"], "Russia");
}

#[test]
fn json_prints_nothing_for_no_rows() {
    relq()
        .args(["--format", "json", "-c", "MATCH (n:Nothing) RETURN n"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn csv_is_rfc4180() {
    relq()
        .args([
            "--empty",
            "--format",
            "csv",
            "-c",
            "RETURN 'a,b' AS x, 'say \"hi\"' AS y, null AS z",
        ])
        .assert()
        .success()
        .stdout("x,y,z\n\"a,b\",\"say \"\"hi\"\"\",\n");
}

#[test]
fn params_are_cypher_literals() {
    relq()
        .args([
            "--format",
            "csv",
            "--param",
            "who => 'Russia'",
            "--param",
            "xs => [1, 2]",
            "-c",
            "MATCH (a:Actor {name: $who}) RETURN a.name AS name, size($xs) AS n",
        ])
        .assert()
        .success()
        .stdout("name,n\nRussia,2\n");
}

#[test]
fn bad_param_is_a_usage_error() {
    relq()
        .args(["--param", "oops", "-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("NAME => VALUE"));
}

#[test]
fn missing_param_is_a_query_error() {
    relq()
        .args(["-c", "RETURN $nope AS x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ParameterError"));
}

#[test]
fn timing_goes_to_stderr() {
    relq()
        .args([
            "--timing",
            "--format",
            "csv",
            "-c",
            "MATCH (a:Actor) RETURN count(a) AS n",
        ])
        .assert()
        .success()
        .stderr(predicate::str::is_match(r"^-- 1 rows in \d+\.\d{3} ms\n$").unwrap());
}

#[test]
fn syntax_error_exits_1_with_a_caret() {
    relq()
        .args(["-c", "MATCH (n) RETRUN n"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("SyntaxError"))
        .stderr(predicate::str::contains("--> query:1:11"))
        .stderr(predicate::str::contains("^^^^^^"));
}

#[test]
fn script_file_stops_at_first_error() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("s.cypher");
    fs::write(&script, "RETURN 1 AS a;\nRETURN x;\nRETURN 3 AS c;\n").unwrap();
    relq()
        .args(["--empty", "--format", "csv", "-f"])
        .arg(&script)
        .assert()
        .code(1)
        .stdout("a\n1\n")
        .stderr(predicate::str::contains("s.cypher:2:8"));
    // As a plain argument, and with --continue-on-error: runs on, still exits 1.
    relq()
        .args(["--empty", "--format", "csv", "--continue-on-error"])
        .arg(&script)
        .assert()
        .code(1)
        .stdout("a\n1\nc\n3\n");
}

#[test]
fn script_from_stdin() {
    relq()
        .args(["--format", "csv", "-f", "-"])
        .write_stdin("MATCH (n:Actor {name: 'Germany'}) RETURN n.name AS name;")
        .assert()
        .success()
        .stdout("name\nGermany\n");
    // Piped input with no flags behaves like a script.
    relq()
        .args(["--format", "csv"])
        .write_stdin("RETURN 1 AS one; RETURN 2 AS two;")
        .assert()
        .success()
        .stdout("one\n1\ntwo\n2\n");
}

#[test]
fn missing_script_is_a_file_error() {
    relq()
        .args(["-f", "no/such/file.cypher"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    relq().args(["--frobnicate"]).assert().code(2);
    relq()
        .args(["--format", "yaml", "-c", "RETURN 1"])
        .assert()
        .code(2);
}

#[test]
fn load_json_and_cypher_files() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("g.json");
    fs::write(
        &json,
        r#"{"directed": true, "multigraph": true, "nodes": [{"id": "a", "labels": ["P"], "properties": {"n": 1}}, {"id": "b", "labels": ["P"], "properties": {"n": 2}}], "links": [{"source": "a", "target": "b", "type": "KNOWS", "properties": {"w": 0.5}}]}"#,
    )
    .unwrap();
    let cy = dir.path().join("more.cypher");
    fs::write(&cy, "CREATE (:P {n: 3});").unwrap();
    relq()
        .args(["--empty", "--format", "csv", "--load"])
        .arg(&json)
        .arg("--load")
        .arg(&cy)
        .args(["-c", "MATCH (p:P) OPTIONAL MATCH (p)-[k:KNOWS]->(q) RETURN p.n AS n, k.w AS w, q.n AS q ORDER BY n"])
        .assert()
        .success()
        .stdout("n,w,q\n1,0.5,2\n2,,\n3,,\n");
}

#[test]
fn load_replaces_the_seed_graph_unless_seed_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let cy = dir.path().join("one.cypher");
    fs::write(&cy, "CREATE (:Actor {name: 'Russia'});").unwrap();
    let count = "MATCH (a:Actor {name: 'Russia'}) RETURN count(a) AS n";
    relq()
        .args(["--format", "csv", "--load"])
        .arg(&cy)
        .args(["-c", count])
        .assert()
        .success()
        .stdout("n\n1\n");
    relq()
        .args(["--seed", "--format", "csv", "--load"])
        .arg(&cy)
        .args(["-c", count, "-c", "MATCH ()-[r]->() RETURN count(r) AS r"])
        .assert()
        .success()
        .stdout("n\n2\nr\n19\n");
    relq()
        .args(["--seed", "--empty", "-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    let snap = dir.path().join("g.relq");
    relq()
        .args(["--empty", "--save"])
        .arg(&snap)
        .args(["-c", "CREATE (:X)"])
        .assert()
        .success();
    relq()
        .arg("--seed")
        .arg(&snap)
        .args(["-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--seed cannot be combined with a snapshot",
        ));
}

#[test]
fn bad_load_file_is_a_file_error_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bad.json");
    fs::write(&json, "{\"nodes\": [\n{\"id\": 1},\n{\"id\": 1}]}").unwrap();
    relq()
        .arg("--load")
        .arg(&json)
        .args(["-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("duplicate id"));
    let cy = dir.path().join("bad.cypher");
    fs::write(&cy, "CREATE (:A);\nCREATE (:B;\n").unwrap();
    relq()
        .arg("--load")
        .arg(&cy)
        .args(["-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.cypher:2:"));
}

#[test]
fn did_you_mean_warning_on_stderr() {
    relq()
        .args([
            "--format",
            "csv",
            "-c",
            "MATCH (a)-[:ACUSES]->(b) RETURN count(*) AS n",
        ])
        .assert()
        .success()
        .stdout("n\n0\n")
        .stderr(predicate::str::contains("did you mean `ACCUSES`?"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("RETURN {}1{}", "[".repeat(20000), "]".repeat(20000));
    relq()
        .args(["--empty", "-c", &deep])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Error"));
}

#[test]
fn huge_range_is_a_resource_error() {
    relq()
        .args(["--empty", "-c", "RETURN size(range(1, 100000000000)) AS n"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ResourceError"));
}

#[test]
fn export_writes_the_subgraph_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acc.graphml");
    relq()
        .args(["--export", "graphml", "--output"])
        .arg(&out)
        .args([
            "-c",
            "MATCH (a:Actor)-[r:ACCUSES]->(b:Actor {name: 'Russia'}) RETURN a, r, b",
        ])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "wrote 6 nodes, 6 relationships to",
        ))
        .stderr(predicate::str::contains("(GraphML)"));
    let text = fs::read_to_string(&out).unwrap();
    assert_eq!(text.matches("<node ").count(), 6);
    assert_eq!(text.matches("<edge ").count(), 6);
    // --induced adds the relationships among the returned nodes.
    let all = dir.path().join("all.json");
    relq()
        .args(["--export", "json", "--induced", "-o"])
        .arg(&all)
        .args(["-c", "MATCH (n) RETURN n"])
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote 11 nodes, 19 relationships"));
}

#[test]
fn export_needs_statements_and_a_known_format() {
    relq()
        .args(["--export", "graphml", "-o", "x.graphml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-c or -f"));
    relq()
        .args(["--export", "yaml", "-o", "x", "-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown export format"));
    relq()
        .args(["--export", "dot", "-c", "RETURN 1"])
        .assert()
        .code(2);
}

#[test]
fn output_sends_results_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    relq()
        .args(["--format", "csv", "-o"])
        .arg(&out)
        .args([
            "-c",
            "MATCH (n:Country) RETURN n.name AS name ORDER BY name",
        ])
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "name\nGermany\nRussia\nUnited Kingdom\nUnited States\n"
    );
}

#[test]
fn save_then_open_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("g.relq");
    relq()
        .args([
            "-c",
            "CREATE (:Actor:Country {name: 'France', kind: 'country'})",
            "--save",
        ])
        .arg(&snap)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "saved 12 nodes, 19 relationships to",
        ));
    relq()
        .arg(&snap)
        .args([
            "--format",
            "csv",
            "-c",
            "MATCH (n:Country) RETURN n.name AS name ORDER BY name",
        ])
        .assert()
        .success()
        .stdout("name\nFrance\nGermany\nRussia\nUnited Kingdom\nUnited States\n");
    // A failed statement means nothing is saved.
    let other = dir.path().join("other.relq");
    relq()
        .args(["-c", "RETURN 1 / 0", "--save"])
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not saved"));
    assert!(!other.exists());
    // A damaged snapshot is a file error.
    let bad = dir.path().join("bad.relq");
    fs::write(&bad, b"RELQSNAP garbage").unwrap();
    relq()
        .arg(&bad)
        .args(["-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("LoadError"));
}

#[test]
fn csv_export_loads_back_into_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("seed-csv");
    relq()
        .args(["--export", "csv", "--induced", "-o"])
        .arg(&folder)
        .args(["-c", "MATCH (n) RETURN n"])
        .assert()
        .success();
    let summary = "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) \
                   RETURN labels(n) AS l, n.name AS name, n.aliases AS aliases, type(r) AS t, r.quote AS q, r.year AS y, m.name AS m \
                   ORDER BY name, t, q, m";
    let original = relq()
        .args(["--format", "json", "-c", summary])
        .output()
        .unwrap()
        .stdout;
    let reloaded = relq()
        .args(["--empty", "--format", "json", "--load"])
        .arg(&folder)
        .args(["-c", summary])
        .output()
        .unwrap()
        .stdout;
    assert!(!original.is_empty());
    // Neo4j's CSV convention cannot tell an empty list from no value: empty alias lists come back absent.
    let norm = |b: &[u8]| String::from_utf8_lossy(b).replace("\"aliases\":[]", "\"aliases\":null");
    assert_eq!(norm(&reloaded), norm(&original));
}

#[test]
fn explain_prints_the_plan_and_runs_nothing() {
    relq()
        .args([
            "-c",
            "EXPLAIN MATCH (a:Country) WHERE NOT (a)-[:ACCUSES]->() RETURN a.name AS name",
        ])
        .assert()
        .success()
        .stdout(
            "\
+------------------+----+--------------------------------+----------------+
| Operator         | Id | Details                        | Estimated Rows |
+------------------+----+--------------------------------+----------------+
| +ProduceResults  |  0 | name                           |            1.5 |
| +Projection      |  1 | a.name AS name                 |            1.5 |
| +Filter          |  2 | NOT (a)-[:ACCUSES]->()         |            1.5 |
| |\\               |    |                                |                |
| | +Expand(All)   |  3 | (a)-[anon_2:ACCUSES]->(anon_1) |            2.5 |
| | +Argument      |  4 |                                |              4 |
| +NodeByLabelScan |  5 | a:Country                      |              4 |
+------------------+----+--------------------------------+----------------+
Total: 6 operators, estimated rows 15
",
        );
    relq()
        .args([
            "--format",
            "csv",
            "-c",
            "EXPLAIN CREATE (:Actor {name: 'X'})",
        ])
        .args(["-c", "MATCH (a:Actor {name: 'X'}) RETURN count(a) AS x"])
        .assert()
        .success()
        .stdout(
            "\
id,parent,operator,details,estimated_rows
0,,Create,(anon_0:Actor {name: 'X'}),1
x
0
",
        );
}

#[test]
fn profile_prints_the_rows_then_the_plan_in_every_format() {
    let query = "PROFILE MATCH (a:Person) RETURN a.name AS name ORDER BY name LIMIT 1";
    let run = |format: &str| {
        let out = relq()
            .args(["--format", format, "-c", query])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    // The times vary: the tests read everything else.
    let table = run("table");
    assert!(
        table.starts_with("+-----------------+\n| name            |\n"),
        "{table}"
    );
    assert!(
        table.contains(
            "| Operator         | Id | Details        | Estimated Rows | Rows | Batches | Time (ms) |"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "| +Sort            |  3 | name; top 1    |              1 |    1 |         |"
        ),
        "{table}"
    );
    assert!(
        table.contains("| +NodeByLabelScan |  5 | a:Person       |              4 |    4 |"),
        "{table}"
    );
    assert!(
        table.contains("Total: 6 operators, estimated rows 12, rows 12, time "),
        "{table}"
    );

    let json = run("json");
    let lines: Vec<&str> = json.lines().collect();
    assert_eq!(lines[0], "{\"name\":\"Angela Merkel\"}");
    let plan: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    let root = &plan["profile"];
    assert_eq!(root["operator"], "ProduceResults");
    assert_eq!(root["rows"], 1);
    assert!(root["batches"].is_null());
    assert!(root["timeMs"].is_null());
    let truncate = &root["children"][0];
    assert_eq!(
        (truncate["id"].as_u64(), truncate["operator"].as_str()),
        (Some(1), Some("Truncate"))
    );
    assert!(truncate["timeMs"].as_f64().is_some());
    let mut scan = truncate;
    while let Some(child) = scan["children"].get(0) {
        scan = child;
    }
    assert_eq!(scan["details"], "a:Person");
    assert_eq!(
        (scan["rows"].as_u64(), scan["estimatedRows"].as_f64()),
        (Some(4), Some(4.0))
    );

    let csv = run("csv");
    assert!(csv.starts_with("name\nAngela Merkel\n\nid,parent,operator,details,estimated_rows,rows,batches,time_ms\n0,,ProduceResults,name,1,1,,\n1,0,Truncate,name,1,1,,"), "{csv}");

    let markdown = run("markdown");
    assert!(markdown.starts_with("| name |\n| --- |\n| \"Angela Merkel\" |\n\n| Operator | Id | Details | Estimated Rows | Rows | Batches | Time (ms) |\n| --- | ---: | --- | ---: | ---: | ---: | ---: |\n"), "{markdown}");
}

#[test]
fn explain_in_json_is_one_line_with_the_plan() {
    relq()
        .args(["--format", "json", "-c", "EXPLAIN UNWIND [1, 2] AS x RETURN x"])
        .assert()
        .success()
        .stdout(
            "{\"plan\":{\"id\":0,\"operator\":\"ProduceResults\",\"details\":\"x\",\"estimatedRows\":2.0,\"children\":[\
{\"id\":1,\"operator\":\"Projection\",\"details\":\"x\",\"estimatedRows\":2.0,\"children\":[\
{\"id\":2,\"operator\":\"Unwind\",\"details\":\"[1, 2] AS x\",\"estimatedRows\":2.0,\"children\":[]}]}]}}\n",
        );
}

/// `relq --empty --timeout 1 -c ...`: the last statement would run for hours; it must fail
/// with the timeout error and exit 1, long before. Returns standard output and error.
fn times_out(statements: &[&str]) -> (String, String) {
    let mut cmd = relq();
    cmd.args(["--empty", "--timeout", "1", "--continue-on-error"]);
    for s in statements {
        cmd.args(["-c", s]);
    }
    // A statement that does not stop is killed (and fails the test) after a minute.
    cmd.timeout(std::time::Duration::from_secs(60));
    let started = std::time::Instant::now();
    let out = cmd
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "TimeoutError: the statement ran longer than its time limit of 1 s",
        ))
        .stderr(predicate::str::contains("--timeout"))
        .get_output()
        .clone();
    let elapsed = started.elapsed();
    assert!(
        elapsed < std::time::Duration::from_secs(10),
        "{statements:?} stopped after {elapsed:?}"
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const NODES: &str = "UNWIND range(1, 3000) AS i CREATE (:N {i: i})";
/// 60 nodes, every ordered pair related.
const DENSE: &str = "UNWIND range(1, 60) AS i CREATE (:D {i: i}) WITH 1 AS one \
                     MATCH (a:D), (b:D) WHERE a <> b CREATE (a)-[:R]->(b)";

#[test]
fn timeout_stops_a_cross_product() {
    times_out(&[NODES, "MATCH (a:N), (b:N), (c:N), (d:N) RETURN count(*)"]);
}

#[test]
fn timeout_stops_a_chain_of_expansions() {
    times_out(&[
        DENSE,
        "MATCH (a)-->(b)-->(c)-->(d)-->(e)-->(f) RETURN count(*)",
    ]);
}

#[test]
fn timeout_stops_a_variable_length_expansion() {
    times_out(&[DENSE, "MATCH (a)-[*]->(b) RETURN count(*)"]);
}

#[test]
fn timeout_stops_nested_unwinds() {
    times_out(&["UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j \
                 UNWIND range(1, 10000) AS k RETURN count(*)"]);
}

#[test]
fn timeout_stops_an_order_by_of_many_rows() {
    times_out(&["UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j \
                 RETURN i, j ORDER BY i * j DESC"]);
}

#[test]
fn timeout_stops_a_list_comprehension() {
    // range(1, 100000000) alone would hold 3 GB, so the loop is nested.
    times_out(&[
        "RETURN size([x IN range(1, 10000) | size([y IN range(1, 10000) WHERE y > x])]) AS n",
    ]);
}

#[test]
fn a_statement_that_times_out_changes_nothing() {
    let (out, err) = times_out(&[
        NODES,
        "MATCH (n:N) SET n.touched = true CREATE (:Marker) WITH count(*) AS c \
         MATCH (a:N), (b:N), (d:N) RETURN count(*)",
        "UNWIND range(1, 100) AS i MATCH (n:N {i: i}) \
         SET n.v = size([x IN range(1, 1000000) WHERE x % 2 = 0])",
        "MATCH (n) WHERE n.touched OR n:Marker OR n.v IS NOT NULL RETURN count(n) AS changed",
    ]);
    assert_eq!(err.matches("TimeoutError").count(), 2, "{err}");
    assert!(
        out.contains("| changed |\n+---------+\n|       0 |"),
        "{out}"
    );
}

#[test]
fn timeout_takes_seconds_with_a_unit_and_zero_is_none() {
    relq()
        .args(["--empty", "--timeout", "0", "-c", "RETURN 1 AS one"])
        .assert()
        .success();
    relq()
        .args(["--empty", "--timeout", "250ms", "-c", "RETURN 1 AS one"])
        .assert()
        .success();
    relq()
        .args(["--empty", "--timeout", "soon", "-c", "RETURN 1 AS one"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a time limit in seconds"));
}

/// `relq --memory-limit SIZE`: a statement that would hold more fails with a ResourceError
/// naming the limit, exit 1, quickly; what fits runs; a size that is not one is refused.
#[test]
fn memory_limit_stops_a_statement_that_would_outgrow_it() {
    let started = std::time::Instant::now();
    relq()
        .args([
            "--memory-limit",
            "32M",
            "-c",
            "UNWIND range(1, 1000) AS i RETURN range(1, 1000000) AS l",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "ResourceError: range(1, 1000000): the statement would hold more than 32 MiB \
             (the memory limit) with the rows it holds",
        ))
        .stderr(predicate::str::contains("--> query:1:35"))
        .stderr(predicate::str::contains("--memory-limit SIZE"));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    relq()
        .args([
            "--memory-limit",
            "32M",
            "-c",
            "RETURN size(range(1, 100000)) AS n",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("100000"));
    relq()
        .args(["--memory-limit", "lots", "-c", "RETURN 1 AS one"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected a memory size such as 512M",
        ));
}

/// Under `ulimit -v` the budget comes from the address space the process may still take, so
/// a sort of many rows fails with a ResourceError (exit 1) instead of an allocation failure
/// that aborts the process.
#[cfg(target_os = "linux")]
#[test]
fn a_big_sort_under_ulimit_v_is_a_resource_error_not_an_abort() {
    let bin = assert_cmd::cargo::cargo_bin("relq");
    let script = format!(
        "ulimit -v 600000; exec '{}' --empty -o /dev/null -c \
         'UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b \
          WITH a * b AS x ORDER BY x DESC RETURN count(*) AS n'",
        bin.display()
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{:?}: {stderr}", out.status);
    // Whichever charge passes the budget first (the sort's rows, or a list built beside them,
    // depending on how much address space the process has mapped), it is a ResourceError.
    assert!(stderr.contains("ResourceError: "), "{stderr}");
    assert!(
        stderr.contains("the statement would hold more than"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(half the address space left to the process)"),
        "{stderr}"
    );
}

#[test]
fn cameo_reads_gdelts_lookup_files_from_the_option_or_the_environment() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gdelt");
    let query = "MATCH (a:Actor {code: 'RUS'})-[r:DENIES]-() RETURN a.name AS name, r.cameo_description AS d";
    relq()
        .arg("--cameo")
        .arg(fixtures.join("lookups"))
        .arg("--load")
        .arg(fixtures.join("small.export.CSV"))
        .args(["--format", "csv", "-c", query])
        .assert()
        .success()
        .stdout("name,d\nRossiya,Says it is not so (test wording)\n");
    relq()
        .env("RELQ_CAMEO_DIR", fixtures.join("lookups"))
        .arg("--load")
        .arg(fixtures.join("small.export.CSV"))
        .args(["--format", "csv", "-c", query])
        .assert()
        .success()
        .stdout("name,d\nRossiya,Says it is not so (test wording)\n");
    // Without them: the name the rows give, no description.
    relq()
        .env_remove("RELQ_CAMEO_DIR")
        .arg("--load")
        .arg(fixtures.join("small.export.CSV"))
        .args(["--format", "csv", "-c", query])
        .assert()
        .success()
        .stdout("name,d\nRUSSIA,\n");
    relq()
        .arg("--cameo")
        .arg(fixtures.join("bad_lookups"))
        .args(["-c", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "CAMEO.country.txt:3: expected a code, a tab and its text, found 'USA'",
        ));
}
