//! `relq serve` as a person uses it: the real binary started on free loopback ports, its
//! addresses read from its startup line, and its HTTP API called over real connections —
//! answers compared with the shell's, hostile requests refused with the right status and
//! nothing changed, and a bounded load test from several threads.

mod serve_common;

use serde_json::Value as J;
use serve_common::{raw_request, Server};
use std::process::Command;
use std::time::{Duration, Instant};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// POST a JSON body; the status and the parsed answer.
fn post(agent: &ureq::Agent, url: &str, body: &J) -> (u16, J) {
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .expect("the server answers");
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(J::String(text)),
    )
}

fn get(agent: &ureq::Agent, url: &str) -> (u16, J) {
    let mut response = agent.get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(J::String(text)),
    )
}

/// The shell's JSON Lines output of a statement on the seed graph, one object per row.
fn shell_rows(statement: &str) -> Vec<J> {
    let out = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["--format", "json", "-c", statement])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The rows of an answer as objects keyed by column, as the shell prints them.
fn rows_as_objects(answer: &J) -> Vec<J> {
    let columns: Vec<String> = answer["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    answer["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let mut obj = serde_json::Map::new();
            for (c, v) in columns.iter().zip(row.as_array().unwrap()) {
                obj.insert(c.clone(), v.clone());
            }
            J::Object(obj)
        })
        .collect()
}

#[test]
fn a_query_with_parameters_answers_as_the_shell_does() {
    let server = Server::start(&["--bolt", "off"]);
    let agent = agent();
    let (status, answer) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({
            "statement": "MATCH (a:Actor)-[r:ACCUSES]->(t:Actor {name: $target}) RETURN a.name AS accuser, r.allegation AS allegation, r ORDER BY accuser, allegation",
            "parameters": {"target": "Russia"}
        }),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["columns"],
        serde_json::json!(["accuser", "allegation", "r"])
    );
    let shell = shell_rows("MATCH (a:Actor)-[r:ACCUSES]->(t:Actor {name: 'Russia'}) RETURN a.name AS accuser, r.allegation AS allegation, r ORDER BY accuser, allegation");
    assert_eq!(rows_as_objects(&answer), shell);
    assert_eq!(shell.len(), 6);
    // The graph part: every relationship of the rows, and both ends of each.
    let rels = answer["graph"]["relationships"].as_array().unwrap();
    assert_eq!(rels.len(), 6);
    let nodes = answer["graph"]["nodes"].as_array().unwrap();
    let names: Vec<&str> = nodes
        .iter()
        .map(|n| n["properties"]["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Russia") && names.contains(&"FBI"),
        "{names:?}"
    );
    assert_eq!(answer["has_more"], J::Bool(false));
    assert_eq!(answer["stats"]["nodes_created"], 0);
}

#[test]
fn errors_carry_the_shells_class_place_and_caret() {
    let server = Server::start(&["--bolt", "off"]);
    let (status, answer) = post(
        &agent(),
        &server.url("/query"),
        &serde_json::json!({"statement": "MATCH (n:Actor) RETRUN n"}),
    );
    assert_eq!(status, 400);
    let error = &answer["error"];
    assert_eq!(error["class"], "SyntaxError");
    assert_eq!(error["line"], 1);
    assert_eq!(error["column"], 17);
    assert_eq!(error["help"], "did you mean `RETURN`?");
    let shell = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["-c", "MATCH (n:Actor) RETRUN n"])
        .output()
        .unwrap();
    assert_eq!(error["rendered"], String::from_utf8(shell.stderr).unwrap());
    // A missing parameter, a type error: their classes, a client error each.
    let (status, answer) = post(
        &agent(),
        &server.url("/query"),
        &serde_json::json!({"statement": "RETURN $nope"}),
    );
    assert_eq!(
        (status, answer["error"]["class"].as_str()),
        (400, Some("ParameterError"))
    );
    let (status, answer) = post(
        &agent(),
        &server.url("/query"),
        &serde_json::json!({"statement": "RETURN 1 + 'a' * 2"}),
    );
    assert_eq!(
        (status, answer["error"]["class"].as_str()),
        (400, Some("TypeError"))
    );
}

#[test]
fn rows_come_in_pages_through_a_cursor() {
    let server = Server::start(&["--bolt", "off"]);
    let agent = agent();
    let (status, first) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "UNWIND range(1, 25) AS x RETURN x", "limit": 10}),
    );
    assert_eq!(status, 200);
    assert_eq!(first["rows"].as_array().unwrap().len(), 10);
    assert_eq!(first["has_more"], true);
    let cursor = first["cursor"].as_str().unwrap().to_string();
    let (_, second) = get(&agent, &server.url(&format!("/cursor/{cursor}?limit=10")));
    assert_eq!(second["rows"][0][0], 11);
    assert_eq!(second["has_more"], true);
    let (_, third) = get(&agent, &server.url(&format!("/cursor/{cursor}?limit=10")));
    assert_eq!(third["rows"].as_array().unwrap().len(), 5);
    assert_eq!(third["rows"][4][0], 25);
    assert_eq!(third["has_more"], false);
    assert_eq!(third["cursor"], J::Null);
    let (status, gone) = get(&agent, &server.url(&format!("/cursor/{cursor}")));
    assert_eq!(status, 404);
    assert_eq!(gone["error"]["class"], "NotFound");
}

#[test]
fn explain_profile_schema_and_exports() {
    let server = Server::start(&["--bolt", "off"]);
    let agent = agent();
    let (status, explained) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "EXPLAIN MATCH (a:Actor {name: 'Russia'}) RETURN a"}),
    );
    assert_eq!(status, 200);
    assert_eq!(explained["plan"]["profiled"], false);
    assert_eq!(explained["plan"]["root"]["operator"], "ProduceResults");
    assert_eq!(explained["rows"], serde_json::json!([]));
    let (_, profiled) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "PROFILE MATCH (a:Actor {name: 'Russia'}) RETURN a.name"}),
    );
    assert_eq!(profiled["plan"]["profiled"], true);
    assert_eq!(profiled["plan"]["root"]["rows"], 1);
    assert_eq!(profiled["rows"], serde_json::json!([["Russia"]]));

    let (status, schema) = get(&agent, &server.url("/schema"));
    assert_eq!(status, 200);
    assert_eq!(schema["nodes"], 11);
    assert!(schema["labels"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"name": "Actor", "count": 11})));

    let statement = serde_json::json!({"statement": "MATCH p = (a:Actor)-[:ACCUSES]->(:Actor {name: 'Russia'}) RETURN p"});
    for format in ["graphml", "gexf", "dot", "svg", "json", "cypher", "csv"] {
        let mut response = agent
            .post(&server.url(&format!("/export?format={format}")))
            .send(statement.to_string())
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{format}");
        let body = response.body_mut().read_to_string().unwrap();
        match format {
            "graphml" | "gexf" | "svg" => {
                let doc = roxmltree::Document::parse(&body).unwrap();
                assert!(body.contains("Russia"), "{format}");
                assert!(doc.descendants().count() > 10, "{format}");
            }
            "json" => {
                let graph: J = serde_json::from_str(&body).unwrap();
                assert_eq!(graph["links"].as_array().unwrap().len(), 6);
            }
            "csv" => {
                let files: J = serde_json::from_str(&body).unwrap();
                assert_eq!(
                    files["relationships.csv"].as_str().unwrap().lines().count(),
                    7
                );
            }
            _ => assert!(body.contains("Russia"), "{format}: {body}"),
        }
    }
    let (status, answer) = post(&agent, &server.url("/export?format=pdf"), &statement);
    assert_eq!(status, 400);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("graphml"));
}

/// A statement slow enough to cancel: a cross product of the seed graph's 11 nodes, 8 times.
const SLOW: &str = "MATCH (a), (b), (c), (d), (e), (f), (g), (h) RETURN count(*)";

#[test]
fn a_running_statement_is_cancelled_by_its_id_and_a_slow_one_times_out() {
    let server = Server::start(&["--bolt", "off"]);
    let url = server.url("/query");
    let slow = std::thread::spawn(move || {
        post(
            &agent(),
            &url,
            &serde_json::json!({"statement": SLOW, "id": "slow-one"}),
        )
    });
    let agent = agent();
    let started = Instant::now();
    loop {
        let (_, list) = get(&agent, &server.url("/queries"));
        let running = list["queries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["id"] == "slow-one" && q["state"] == "running");
        if running {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "never running: {list}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, _) = post(&agent, &server.url("/queries/slow-one/cancel"), &J::Null);
    assert_eq!(status, 200);
    let (status, answer) = slow.join().unwrap();
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["error"]["class"], "Interrupted");
    let (status, _) = post(&agent, &server.url("/queries/nothing/cancel"), &J::Null);
    assert_eq!(status, 404);
    // The server goes on.
    let (status, _) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "RETURN 1"}),
    );
    assert_eq!(status, 200);

    // A client that goes away cancels its statement: the next one runs at once.
    let body = serde_json::json!({"statement": SLOW, "id": "abandoned"}).to_string();
    let mut stream = std::net::TcpStream::connect(&server.http).unwrap();
    std::io::Write::write_all(
        &mut stream,
        format!(
            "POST /query HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n\r\n{body}",
            server.http,
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    let active = |agent: &ureq::Agent| {
        let (_, list) = get(agent, &server.url("/queries"));
        !list["queries"].as_array().unwrap().is_empty()
    };
    let started = Instant::now();
    while !active(&agent) {
        assert!(started.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stream);
    let started = Instant::now();
    while active(&agent) {
        assert!(started.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, _) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "RETURN 1"}),
    );
    assert_eq!(status, 200);

    let timed = Server::start(&["--bolt", "off", "--timeout", "300ms"]);
    let started = Instant::now();
    let (status, answer) = post(
        &agent,
        &timed.url("/query"),
        &serde_json::json!({"statement": SLOW}),
    );
    assert_eq!(status, 408, "{answer}");
    assert_eq!(answer["error"]["class"], "TimeoutError");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// The state (`running`, `waiting`) of the statement with this id, if it is listed.
fn state_of(agent: &ureq::Agent, server: &Server, id: &str) -> Option<String> {
    let (_, list) = get(agent, &server.url("/queries"));
    list["queries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id)
        .map(|q| q["state"].as_str().unwrap().to_string())
}

/// Wait until the statement with this id is in `state`.
fn wait_for(agent: &ureq::Agent, server: &Server, id: &str, state: &str) {
    let started = Instant::now();
    while state_of(agent, server, id).as_deref() != Some(state) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "`{id}` never {state}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn reads_run_side_by_side_and_a_write_waits_for_them() {
    let server = Server::start(&["--bolt", "off"]);
    let client = agent();
    // Two slow reads at once: both run, neither waits for the other.
    let slow = |id: &'static str| {
        let url = server.url("/query");
        std::thread::spawn(move || {
            post(
                &agent(),
                &url,
                &serde_json::json!({"statement": SLOW, "id": id}),
            )
        })
    };
    let first = slow("first");
    wait_for(&client, &server, "first", "running");
    let second = slow("second");
    wait_for(&client, &server, "second", "running");
    assert_eq!(
        state_of(&client, &server, "first").as_deref(),
        Some("running")
    );
    // A short read answers while they run.
    let (status, answer) = post(
        &client,
        &server.url("/query"),
        &serde_json::json!({"statement": "MATCH (n:Country) RETURN count(n) AS n"}),
    );
    assert_eq!(status, 200, "{answer}");
    let before = count(&client, &server, "Country");
    assert!(before > 0);
    // A write waits until the reads are over: it neither runs beside them nor is lost.
    let url = server.url("/query");
    let write = std::thread::spawn(move || {
        post(
            &agent(),
            &url,
            &serde_json::json!({"statement": "CREATE (:Country {name: 'Atlantis'})", "id": "write"}),
        )
    });
    wait_for(&client, &server, "write", "waiting");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        state_of(&client, &server, "write").as_deref(),
        Some("waiting"),
        "a write ran beside reads"
    );
    for id in ["first", "second"] {
        let (status, _) = post(
            &client,
            &server.url(&format!("/queries/{id}/cancel")),
            &J::Null,
        );
        assert_eq!(status, 200);
    }
    for read in [first, second] {
        let (status, answer) = read.join().unwrap();
        assert_eq!(status, 409, "{answer}");
        assert_eq!(answer["error"]["class"], "Interrupted");
    }
    let (status, answer) = write.join().unwrap();
    assert_eq!(status, 200, "{answer}");
    assert_eq!(count(&client, &server, "Country"), before + 1);
}

/// The node count, over HTTP.
fn count(agent: &ureq::Agent, server: &Server, label: &str) -> i64 {
    let (status, answer) = post(
        agent,
        &server.url("/query"),
        &serde_json::json!({"statement": format!("MATCH (n:{label}) RETURN count(n)")}),
    );
    assert_eq!(status, 200);
    answer["rows"][0][0].as_i64().unwrap()
}

#[test]
fn hostile_requests_are_refused_and_change_nothing() {
    let server = Server::start(&["--bolt", "off", "--max-body", "64K"]);
    let addr = server.http.clone();
    let write = r#"{"statement": "CREATE (:Intruder)"}"#;
    // A POST to /query with these headers and body.
    let post = |headers: &str, body: &str| {
        format!(
            "POST /query HTTP/1.1\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let host = format!("Host: {addr}\r\n");
    let big = format!("{{\"statement\": \"{}\"}}", "x".repeat(100_000));
    let cases: Vec<(String, u16, &str)> = vec![
        // Not JSON, JSON of the wrong shape, an unknown field, a statement that is no string.
        (post(&host, "{\"statem"), 400, "RequestError"),
        (post(&host, "[1,2,3]"), 400, "RequestError"),
        (
            post(&host, r#"{"statement": "RETURN 1", "rm": true}"#),
            400,
            "RequestError",
        ),
        (post(&host, r#"{"statement": 12}"#), 400, "RequestError"),
        // A body past the limit.
        (post(&host, &big), 413, "RequestError"),
        // Another site's name for this server (DNS rebinding), no Host at all.
        (
            post("Host: attacker.example:80\r\n", write),
            403,
            "HostError",
        ),
        (
            post("Host: 127.0.0.1.attacker.example\r\n", write),
            403,
            "HostError",
        ),
        (post("", write), 403, "HostError"),
        // A page of another site posting here.
        (
            post(&format!("{host}Origin: http://attacker.example\r\n"), write),
            403,
            "OriginError",
        ),
        (
            post(&format!("{host}Origin: null\r\n"), write),
            403,
            "OriginError",
        ),
        // An unknown route.
        (
            format!("GET /admin HTTP/1.1\r\n{host}\r\n"),
            404,
            "NotFound",
        ),
    ];
    for (request, status, class) in &cases {
        let (got, headers, body) = raw_request(&addr, request);
        assert_eq!(got, *status, "{request:.120}\n{body}");
        let answer: J = serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body}"));
        assert_eq!(answer["error"]["class"], *class, "{request:.120}");
        assert!(
            !headers
                .to_ascii_lowercase()
                .contains("access-control-allow"),
            "no CORS: {headers}"
        );
    }
    // A same-origin request and a loopback name are fine.
    let port = server.http_port();
    let (got, _, _) = raw_request(
        &addr,
        &post(
            &format!("Host: localhost:{port}\r\nOrigin: http://localhost:{port}\r\n"),
            r#"{"statement": "RETURN 1"}"#,
        ),
    );
    assert_eq!(got, 200);
    assert_eq!(count(&agent(), &server, "Intruder"), 0);
}

#[test]
fn a_token_is_required_when_set_and_read_only_refuses_writes() {
    let server = Server::start(&["--bolt", "off", "--token", "s3cret", "--read-only"]);
    let addr = server.http.clone();
    let body = r#"{"statement": "CREATE (:Intruder)"}"#;
    for auth in [
        "",
        "Authorization: Bearer wrong\r\n",
        "Authorization: Bearer s3cre\r\n",
        "Authorization: Basic czNjcmV0\r\n",
    ] {
        let (status, headers, answer) = raw_request(
            &addr,
            &format!(
                "POST /query HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Length: {}\r\n\r\n{body}",
                body.len()
            ),
        );
        assert_eq!(status, 401, "{auth}: {answer}");
        assert!(headers
            .to_ascii_lowercase()
            .contains("www-authenticate: bearer"));
    }
    let with_token = |statement: &str| {
        let body = serde_json::json!({ "statement": statement }).to_string();
        let (status, _, answer) = raw_request(
            &addr,
            &format!("POST /query HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer s3cret\r\nContent-Length: {}\r\n\r\n{body}", body.len()),
        );
        (status, serde_json::from_str::<J>(&answer).unwrap())
    };
    for write in [
        "CREATE (:Intruder)",
        "MATCH (a:Actor) SET a.name = 'x'",
        "MATCH (a:Actor) DETACH DELETE a",
        "MERGE (:Intruder {name: 'x'})",
        "PROFILE CREATE (:Intruder)",
    ] {
        let (status, answer) = with_token(write);
        assert_eq!(status, 403, "{write}: {answer}");
        assert_eq!(answer["error"]["class"], "AccessError");
    }
    // EXPLAIN of a write runs nothing, so it is allowed; reads are.
    assert_eq!(with_token("EXPLAIN CREATE (:Intruder)").0, 200);
    let (status, answer) =
        with_token("MATCH (n) RETURN count(n) AS n, collect(DISTINCT n.name)[0] AS first");
    assert_eq!(status, 200);
    assert_eq!(answer["rows"][0][0], 11);
    let (_, answer) = with_token("MATCH (n:Intruder) RETURN count(n)");
    assert_eq!(answer["rows"][0][0], 0);
}

#[test]
fn statements_past_the_waiting_limit_are_refused_at_once() {
    let server = Server::start(&["--bolt", "off", "--max-statements", "1"]);
    let url = server.url("/query");
    let slow = std::thread::spawn(move || {
        post(
            &agent(),
            &url,
            &serde_json::json!({"statement": SLOW, "id": "hog"}),
        )
    });
    let agent = agent();
    let started = Instant::now();
    loop {
        let (_, list) = get(&agent, &server.url("/queries"));
        if !list["queries"].as_array().unwrap().is_empty() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, answer) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "RETURN 1"}),
    );
    assert_eq!(status, 503, "{answer}");
    assert_eq!(answer["error"]["class"], "BusyError");
    let (status, answer) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "RETURN 1", "id": "hog"}),
    );
    assert_eq!(status, 409, "{answer}");
    post(&agent, &server.url("/queries/hog/cancel"), &J::Null);
    assert_eq!(slow.join().unwrap().0, 409);
    let (status, _) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "RETURN 1"}),
    );
    assert_eq!(status, 200);
}

#[test]
fn a_non_loopback_address_needs_a_token() {
    let out = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["serve", "--http", "0.0.0.0:0", "--bolt", "off"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // With a token (here from RELQ_TOKEN) it starts; SIGINT stops it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["serve", "--http", "0.0.0.0:0", "--bolt", "off"])
        .env("RELQ_TOKEN", "t0ken")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stderr.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    assert!(
        line.contains("HTTP on http://0.0.0.0:") && line.contains("token required"),
        "{line}"
    );
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    assert!(child.wait().unwrap().success());
    assert!(
        stderr.contains("--http 0.0.0.0:0 is not a loopback address") && stderr.contains("--token"),
        "{stderr}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["serve", "--http", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("expected an address such as 127.0.0.1:7474")
    );
}

#[test]
fn changes_are_saved_on_exit_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("graph.relq");
    let status = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["--save"])
        .arg(&snapshot)
        .args(["-c", "RETURN 1"])
        .output()
        .unwrap();
    assert!(status.status.success());
    let mut server = Server::start_with(&[
        snapshot.to_str().unwrap(),
        "--bolt",
        "off",
        "--save-on-exit",
    ]);
    let (status, _) = post(
        &agent(),
        &server.url("/query"),
        &serde_json::json!({"statement": "CREATE (:Visitor {name: $n})", "parameters": {"n": "Ada"}}),
    );
    assert_eq!(status, 200);
    let stderr = server.stop();
    assert!(stderr.contains("saved 12 nodes"), "{stderr}");
    let out = Command::new(env!("CARGO_BIN_EXE_relq"))
        .arg(&snapshot)
        .args(["--format", "csv", "-c", "MATCH (v:Visitor) RETURN v.name"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "v.name\nAda\n");
}

/// A few thousand requests from several threads, reads and writes mixed: every one answered
/// 200, every write kept; the latency percentiles are printed.
#[test]
fn load_test_from_several_threads() {
    const THREADS: usize = 8;
    const REQUESTS: usize = 250;
    let server = Server::start(&["--bolt", "off"]);
    let started = Instant::now();
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let url = server.url("/query");
            std::thread::spawn(move || {
                let agent = agent();
                let mut latencies = Vec::with_capacity(REQUESTS);
                for i in 0..REQUESTS {
                    let body = if i % 4 == 0 {
                        serde_json::json!({"statement": "CREATE (:Load {t: $t, i: $i})", "parameters": {"t": t, "i": i}})
                    } else {
                        serde_json::json!({"statement": "MATCH (a:Actor)-[r:ACCUSES]->(b:Actor {name: $n}) RETURN a.name, r.allegation", "parameters": {"n": "Russia"}})
                    };
                    let at = Instant::now();
                    let (status, answer) = post(&agent, &url, &body);
                    latencies.push(at.elapsed());
                    assert_eq!(status, 200, "{answer}");
                    if i % 4 != 0 {
                        assert_eq!(answer["rows"].as_array().unwrap().len(), 6);
                    }
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let elapsed = started.elapsed();
    all.sort();
    let at = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    eprintln!(
        "load: {} requests from {THREADS} threads in {:.2} s ({:.0}/s); latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        all.len(),
        elapsed.as_secs_f64(),
        all.len() as f64 / elapsed.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.90).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        all[all.len() - 1].as_secs_f64() * 1e3,
    );
    let agent = agent();
    let writes = THREADS * (0..REQUESTS).filter(|i| i % 4 == 0).count();
    assert_eq!(count(&agent, &server, "Load") as usize, writes);
    let (_, distinct) = post(
        &agent,
        &server.url("/query"),
        &serde_json::json!({"statement": "MATCH (n:Load) RETURN count(DISTINCT [n.t, n.i])"}),
    );
    assert_eq!(distinct["rows"][0][0].as_u64().unwrap() as usize, writes);
}
