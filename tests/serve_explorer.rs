//! The explorer as a person uses it, in a real headless browser: Debian's `chromium` driven
//! through `chromedriver` over WebDriver (the `fantoccini` client). `relq serve` runs on the
//! seed graph on a free port; the test opens `/`, tries completion, types the first example
//! and runs it, then compares the table with the shell's answer for the same statement, counts
//! the nodes and relationships drawn, clicks a relationship and reads its quote in the evidence
//! panel, moves the date slider, double-clicks a node to expand it, drags a node once the layout
//! is at rest (it ends under the pointer and stays there, pinned) and zooms with the wheel,
//! exports GraphML, runs every example and an EXPLAIN, runs a
//! statement with a syntax error and reads the class and caret, opens a server that wants a
//! token through `/#token=...`, and checks that the browser logged no error. It saves a
//! screenshot in the target folder's temporary directory (`explorer.png`).
//!
//! Without chromium or chromedriver (`RELQ_CHROMIUM`, `RELQ_CHROMEDRIVER`, else found on the
//! PATH) it says it was skipped, unless `RELQ_REQUIRE_TOOLS=1`, where that is a failure.

mod serve_common;

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, WheelAction, WheelActions,
    MOUSE_BUTTON_LEFT,
};
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value as Json};
use serve_common::Server;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The explorer's first example, as it stands in the editor when the page opens.
const EXAMPLE: &str = "MATCH (a:Actor)-[r:ACCUSES]->(:Actor {name: 'Russia'}) RETURN a.name AS accuser, r.allegation AS allegation, r ORDER BY accuser";
const BAD: &str = "MATCH (n:Actor) RETRUN n";
/// True once the graph's layout has come to rest (and, unless the view was moved, been fitted).
const SETTLED: &str =
    "return document.getElementById('graph').getAttribute('data-settled') === 'true'";

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The browser and its driver, or `None` (after saying so) when they are missing.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let find = |var: &str, names: &[&str]| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| names.iter().find_map(|n| on_path(n)))
    };
    let browser = find("RELQ_CHROMIUM", &["chromium", "chromium-browser"]);
    let driver = find("RELQ_CHROMEDRIVER", &["chromedriver"]);
    match (browser, driver) {
        (Some(b), Some(d)) => Some((b, d)),
        _ => {
            if std::env::var("RELQ_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
                panic!("chromium and chromedriver are needed (apt-get install chromium chromium-driver) and RELQ_REQUIRE_TOOLS=1");
            }
            let _ = writeln!(
                std::io::stderr(),
                "skipped: the explorer's browser test needs chromium and chromedriver (apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(path: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The shell's answer to a statement, one JSON object per row.
fn shell(statement: &str) -> Vec<Json> {
    let out = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["--format", "json", "-c", statement])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// chromedriver's log of the browser's console (`goog:loggingPrefs`), through its own command.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or("")))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

async fn console(client: &Client) -> Vec<Json> {
    match client
        .issue_cmd(BrowserLog)
        .await
        .expect("the browser's log")
    {
        Json::Array(entries) => entries,
        other => panic!("expected the log's entries, found {other}"),
    }
}

async fn js(client: &Client, script: &str) -> Json {
    client.execute(script, vec![]).await.expect(script)
}

/// Wait until a script returns true.
async fn wait_until(client: &Client, what: &str, script: &str) {
    let started = Instant::now();
    loop {
        if js(client, script).await == Json::Bool(true) {
            return;
        }
        if started.elapsed() > Duration::from_secs(15) {
            let page = js(client, "return document.body.innerText").await;
            panic!("waited 15 s for {what} ({script}); the page says:\n{page}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn count(client: &Client, selector: &str) -> usize {
    client
        .find_all(Locator::Css(selector))
        .await
        .expect(selector)
        .len()
}

async fn set_editor(client: &Client, text: &str) {
    let editor = client.find(Locator::Id("editor")).await.unwrap();
    editor.clear().await.unwrap();
    editor.send_keys(text).await.unwrap();
}

async fn run_statement(client: &Client) {
    client
        .find(Locator::Id("run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "the statement's answer",
        "const s = document.getElementById('status').textContent; return !s.startsWith('running') && s !== '' && !document.getElementById('run').disabled",
    )
    .await;
}

/// A relationship's day for the date filter, as the explorer reads it: `date` (ISO text), else
/// 1 January of `year`.
fn day_of(rel: &Json) -> Option<String> {
    let p = &rel["properties"];
    if let Some(date) = p["date"].as_str() {
        return Some(date[..10].to_string());
    }
    p["year"].as_i64().map(|y| format!("{y:04}-01-01"))
}

#[test]
fn the_explorer_works_in_a_headless_browser() {
    let Some((browser, driver_path)) = tools() else {
        return;
    };
    let started = Instant::now();
    let server = Server::start(&["--bolt", "off"]);
    let token_server = Server::start(&["--bolt", "off", "--token", "s3cret"]);
    let driver = Driver::start(&driver_path);
    let downloads = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": browser,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1400,900", "--no-first-run", "--disable-extensions",
                         format!("--user-data-dir={}", profile.path().display())],
                "prefs": {"download.default_directory": downloads.path(),
                          "download.prompt_for_download": false,
                          "download.directory_upgrade": true},
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        let client = ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with chromium");
        let outcome = drive(&client, &server, &token_server, downloads.path()).await;
        let _ = client.close().await;
        outcome
    });
    drop(driver);
    let elapsed = started.elapsed();
    println!("the explorer's browser test took {elapsed:?}");
    assert!(
        elapsed < Duration::from_secs(60),
        "the browser test took {elapsed:?}"
    );
}

async fn drive(client: &Client, server: &Server, token_server: &Server, downloads: &Path) {
    client.goto(&server.url("/")).await.unwrap();
    wait_until(
        client,
        "the schema",
        "return document.getElementById('schema-summary').textContent.includes('nodes')",
    )
    .await;
    let schema: Json = serde_json::from_str(
        &ureq::get(&server.url("/schema"))
            .call()
            .unwrap()
            .into_body()
            .read_to_string()
            .unwrap(),
    )
    .unwrap();
    let summary = js(
        client,
        "return document.getElementById('schema-summary').textContent",
    )
    .await;
    assert!(
        summary
            .as_str()
            .unwrap()
            .starts_with(&format!("{} nodes", schema["nodes"])),
        "{summary}"
    );
    // The first example stands in the editor.
    let first = js(client, "return document.getElementById('editor').value").await;
    assert_eq!(
        first
            .as_str()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        EXAMPLE.split_whitespace().collect::<Vec<_>>()
    );
    let empty_graph = client
        .find(Locator::Id("graph"))
        .await
        .unwrap()
        .screenshot()
        .await
        .unwrap();

    // Completion: a label from the schema after ':', accepted with Tab.
    set_editor(client, "MATCH (a:Ac").await;
    wait_until(
        client,
        "completions",
        "const l = document.getElementById('completions'); return !l.hidden && l.textContent.includes('Actor')",
    )
    .await;
    let editor = client.find(Locator::Id("editor")).await.unwrap();
    editor.send_keys(&Key::Tab).await.unwrap();
    let completed = js(client, "return document.getElementById('editor').value").await;
    assert_eq!(completed, json!("MATCH (a:Actor"));

    // Type the example and run it; the highlighting marks its keywords.
    set_editor(client, EXAMPLE).await;
    let keywords = js(
        client,
        "return [...document.querySelectorAll('#highlight .tok-keyword')].map(e => e.textContent)",
    )
    .await;
    assert_eq!(
        keywords,
        json!(["MATCH", "RETURN", "AS", "AS", "ORDER", "BY"])
    );
    run_statement(client).await;

    // The table holds the shell's rows.
    let expected = shell(EXAMPLE);
    assert!(!expected.is_empty());
    client
        .find(Locator::Css(".tabs button[data-view='table-view']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let cells = js(
        client,
        "return [...document.querySelectorAll('#results tbody tr')].map(tr => [...tr.children].map(td => td.textContent))",
    )
    .await;
    let cells = cells.as_array().unwrap();
    assert_eq!(cells.len(), expected.len(), "{cells:?}");
    for (row, want) in cells.iter().zip(&expected) {
        assert_eq!(row[0], want["accuser"], "{row}");
        assert_eq!(row[1], want["allegation"], "{row}");
        assert_eq!(
            row[2],
            json!(format!("[:{}]", want["r"]["type"].as_str().unwrap()))
        );
    }
    let header = js(
        client,
        "return [...document.querySelectorAll('#results th')].map(th => th.textContent)",
    )
    .await;
    assert_eq!(header, json!(["accuser", "allegation", "r"]));

    // The graph: one circle per node the rows mention (both ends), one line per relationship.
    client
        .find(Locator::Css(".tabs button[data-view='graph-view']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rels: Vec<&Json> = expected.iter().map(|row| &row["r"]).collect();
    let node_ids: BTreeSet<i64> = rels
        .iter()
        .flat_map(|r| [r["start"].as_i64().unwrap(), r["end"].as_i64().unwrap()])
        .collect();
    wait_until(client, "the layout to settle", SETTLED).await;
    assert_eq!(count(client, "#graph .node").await, node_ids.len());
    assert_eq!(count(client, "#graph .rel").await, rels.len());
    let drawn_ids = js(
        client,
        "return [...document.querySelectorAll('#graph .node')].map(n => Number(n.dataset.id)).sort((a, b) => a - b)",
    )
    .await;
    assert_eq!(drawn_ids, json!(node_ids.iter().collect::<Vec<_>>()));
    let legend = js(
        client,
        "return document.getElementById('legend').textContent",
    )
    .await;
    assert!(legend.as_str().unwrap().contains("Country"), "{legend}");
    let drawn = client
        .find(Locator::Id("graph"))
        .await
        .unwrap()
        .screenshot()
        .await
        .unwrap();
    assert!(
        drawn.len() > 2 * empty_graph.len(),
        "the graph's screenshot ({} bytes) should hold more than the empty one's ({} bytes)",
        drawn.len(),
        empty_graph.len()
    );

    // A click on a relationship opens its evidence: the quote, via, date and source.
    let chosen = rels
        .iter()
        .find(|r| r["properties"]["via"].is_string())
        .expect("a relationship with a via");
    let id = chosen["id"].as_i64().unwrap();
    client
        .find(Locator::Css(&format!(
            "#graph .rel[data-id='{id}'] .rel-label"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "the evidence panel",
        "return document.querySelector('#evidence .quote') !== null",
    )
    .await;
    let panel = js(
        client,
        "return {quote: document.querySelector('#evidence .quote').textContent, text: document.getElementById('evidence').textContent, title: document.querySelector('#evidence h2').textContent}",
    )
    .await;
    assert_eq!(panel["quote"], chosen["properties"]["quote"]);
    assert_eq!(panel["title"], chosen["type"]);
    let text = panel["text"].as_str().unwrap();
    for key in ["via", "source"] {
        let value = chosen["properties"][key].as_str().unwrap();
        assert!(text.contains(value), "{key} {value} not in {text}");
    }
    assert!(
        js(
            client,
            &format!("return document.querySelector(\"#graph .rel[data-id='{id}']\").classList.contains('selected')")
        )
        .await
            == json!(true)
    );

    // The page as it looks now (the README shows it).
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explorer.png");
    std::fs::write(&shot, client.screenshot().await.unwrap()).unwrap();
    println!("screenshot: {}", shot.display());

    // The date slider: at its first day, only the relationships of that day and the undated
    // ones stay drawn.
    let days: Vec<Option<String>> = rels.iter().map(|r| day_of(r)).collect();
    let first_day = days
        .iter()
        .flatten()
        .min()
        .expect("a dated relationship")
        .clone();
    let last_day = days.iter().flatten().max().unwrap().clone();
    let shown_at_first = days
        .iter()
        .filter(|d| d.is_none() || d.as_deref() == Some(first_day.as_str()))
        .count();
    assert!(
        shown_at_first < rels.len(),
        "the filter must hide something"
    );
    let slider = client.find(Locator::Id("date-slider")).await.unwrap();
    slider.send_keys(&Key::Home).await.unwrap();
    assert_eq!(
        js(
            client,
            "return document.getElementById('date-value').textContent"
        )
        .await,
        json!(first_day)
    );
    assert_eq!(
        count(client, "#graph .rel:not(.filtered)").await,
        shown_at_first
    );
    let undated = days.iter().filter(|d| d.is_none()).count();
    client
        .find(Locator::Id("show-undated"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        count(client, "#graph .rel:not(.filtered)").await,
        shown_at_first - undated
    );
    client
        .find(Locator::Id("show-undated"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    slider.send_keys(&Key::End).await.unwrap();
    assert_eq!(
        js(
            client,
            "return document.getElementById('date-value').textContent"
        )
        .await,
        json!(last_day)
    );
    assert_eq!(
        count(client, "#graph .rel:not(.filtered)").await,
        rels.len()
    );

    // A double-click on a node adds its neighbours, as the shell finds them.
    let hub = rels[0]["end"].as_i64().unwrap();
    let around = shell(&format!(
        "MATCH (n)-[r]-(m) WHERE id(n) = {hub} RETURN DISTINCT id(r) AS r, id(m) AS m"
    ));
    let mut want_nodes = node_ids.clone();
    want_nodes.extend(around.iter().map(|row| row["m"].as_i64().unwrap()));
    let mut want_rels: BTreeSet<i64> = rels.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    want_rels.extend(around.iter().map(|row| row["r"].as_i64().unwrap()));
    assert!(want_nodes.len() > node_ids.len());
    let node = client
        .find(Locator::Css(&format!(
            "#graph .node[data-id='{hub}'] circle"
        )))
        .await
        .unwrap();
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: node,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(mouse).await.unwrap();
    wait_until(
        client,
        "the expansion",
        &format!(
            "return document.querySelectorAll('#graph .node').length === {} && document.querySelectorAll('#graph .rel').length === {}",
            want_nodes.len(),
            want_rels.len()
        ),
    )
    .await;
    let status = js(
        client,
        "return document.getElementById('status').textContent",
    )
    .await;
    assert!(status.as_str().unwrap().contains("added"), "{status}");

    // Drag a node: it follows the pointer and stays where it is dropped. The expansion set the
    // layout going, and in its first frames the double-clicked node moves by more than its
    // radius: a press aimed at where it was a frame or two earlier lands on a relationship or
    // the background, and pans. So the drag waits, as a person's eye does, for the layout to
    // come to rest; the page notes where the press landed and where the pointer let go.
    wait_until(client, "the layout to settle after the expansion", SETTLED).await;
    let centre = format!(
        "const r = document.querySelector(\"#graph .node[data-id='{hub}'] circle\").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]"
    );
    let before = js(client, &centre).await;
    js(
        client,
        "window.relqPointer = {};
         window.addEventListener('pointerdown', e => { const n = e.target.closest('.node'); window.relqPointer.pressed = n ? Number(n.dataset.id) : e.target.getAttribute('class') || e.target.tagName; }, { capture: true, once: true });
         window.addEventListener('pointerup', e => { window.relqPointer.released = [e.clientX, e.clientY]; }, { capture: true, once: true });",
    )
    .await;
    let node = client
        .find(Locator::Css(&format!(
            "#graph .node[data-id='{hub}'] circle"
        )))
        .await
        .unwrap();
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: node,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(200)),
            x: 80.0,
            y: 50.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(drag).await.unwrap();
    let pointer = js(client, "return window.relqPointer").await;
    assert_eq!(
        pointer["pressed"],
        json!(hub),
        "the press lands on the node"
    );
    let released = &pointer["released"];
    let after = js(client, &centre).await;
    let offset = |a: &Json, b: &Json, i: usize| a[i].as_f64().unwrap() - b[i].as_f64().unwrap();
    // The node's centre is where the pointer let go (to the tenth of a unit the page draws),
    // and so it moved by what the pointer did (to the pixel WebDriver rounds the press to).
    assert!(
        (0..2).all(|i| offset(&after, released, i).abs() < 0.5),
        "the node should be under the pointer: its centre {after}, the pointer let go at {released}"
    );
    assert!(
        (offset(&after, &before, 0) - 80.0).abs() < 1.5
            && (offset(&after, &before, 1) - 50.0).abs() < 1.5,
        "the node should follow the drag of (80, 50): {before} -> {after}"
    );
    // Dropped, it stays there, pinned, while the layout it set going comes to rest around it.
    wait_until(client, "the layout to settle after the drag", SETTLED).await;
    let rested = js(client, &centre).await;
    assert!(
        (0..2).all(|i| offset(&rested, released, i).abs() < 0.5),
        "the node should stay where it was dropped, {released}: it is at {rested}"
    );
    let scale = "return document.querySelector('#graph .viewport').transform.baseVal.consolidate().matrix.a";
    let zoom_before = js(client, scale).await.as_f64().unwrap();
    let centre = js(
        client,
        "const r = document.getElementById('graph').getBoundingClientRect(); return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)]",
    )
    .await;
    let wheel = WheelActions::new("wheel".into()).then(WheelAction::Scroll {
        duration: None,
        x: centre[0].as_i64().unwrap(),
        y: centre[1].as_i64().unwrap(),
        delta_x: 0,
        delta_y: -300,
    });
    client.perform_actions(wheel).await.unwrap();
    wait_until(
        client,
        "the zoom",
        &format!("return (function() {{ {scale} }})() > {zoom_before} * 1.2"),
    )
    .await;

    // Export: the GraphML button downloads the result's subgraph.
    client
        .find(Locator::Css("#exports button[data-format='graphml']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let file = downloads.join("relq.graphml");
    let waited = Instant::now();
    while !file.is_file() {
        assert!(
            waited.elapsed() < Duration::from_secs(15),
            "no relq.graphml in the download folder; the page says {}",
            js(
                client,
                "return document.getElementById('status').textContent"
            )
            .await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The browser writes the file under another name and renames it when complete.
    let graphml = std::fs::read_to_string(&file).unwrap();
    assert!(graphml.contains("<graphml"), "{graphml}");
    assert_eq!(graphml.matches("<node id=").count(), node_ids.len());
    assert_eq!(graphml.matches("<edge ").count(), rels.len());

    // Every example runs: its rows in the table, its nodes drawn, no error.
    let examples = count(client, "#examples option").await;
    for i in 1..examples {
        let select = client.find(Locator::Id("examples")).await.unwrap();
        select.select_by_index(i).await.unwrap();
        let statement = js(client, "return document.getElementById('editor').value").await;
        let statement = statement.as_str().unwrap().to_string();
        run_statement(client).await;
        let error = js(client, "return document.getElementById('error').hidden").await;
        assert_eq!(error, json!(true), "{statement}");
        let want = shell(&statement);
        assert_eq!(
            count(client, "#results tbody tr").await,
            want.len(),
            "{statement}"
        );
        let has_entities = want.iter().any(|row| {
            row.to_string().contains("\"labels\"") || row.to_string().contains("\"start\"")
        });
        assert_eq!(
            count(client, "#graph .node").await > 0,
            has_entities,
            "{statement}"
        );
    }
    // EXPLAIN: the plan's operators in the Plan tab.
    set_editor(client, &format!("EXPLAIN {EXAMPLE}")).await;
    run_statement(client).await;
    let plan = js(client, "return document.getElementById('plan-view').hidden ? null : document.getElementById('plan').textContent").await;
    assert!(
        plan.as_str()
            .is_some_and(|p| p.starts_with("EXPLAIN\nProduceResults")),
        "{plan}"
    );

    // Nothing went wrong so far: the console is clean.
    let log = console(client).await;
    assert!(log.is_empty(), "the browser logged: {log:#?}");

    // A statement with an error: its class, message and the caret under the place.
    set_editor(client, BAD).await;
    run_statement(client).await;
    wait_until(
        client,
        "the error",
        "return !document.getElementById('error').hidden",
    )
    .await;
    let error = js(
        client,
        "return {class: document.getElementById('error-class').textContent, rendered: document.getElementById('error-rendered').textContent, caret: document.getElementById('editor').selectionStart}",
    )
    .await;
    let shell_error = Command::new(env!("CARGO_BIN_EXE_relq"))
        .args(["-c", BAD])
        .output()
        .unwrap();
    let shell_error = String::from_utf8(shell_error.stderr).unwrap();
    assert!(shell_error.starts_with("SyntaxError"), "{shell_error}");
    assert_eq!(error["class"], json!("SyntaxError"));
    assert_eq!(error["rendered"], json!(shell_error), "the shell's text");
    assert!(error["rendered"].as_str().unwrap().contains("^^^^^^"));
    assert_eq!(error["caret"], json!(BAD.find("RETRUN").unwrap()));
    // The only console message since: the browser's own note of the answer's status 400.
    for entry in console(client).await {
        let message = entry["message"].as_str().unwrap_or("");
        assert!(
            entry["source"] == json!("network")
                && message.contains("/query")
                && message.contains("400"),
            "unexpected console message: {entry}"
        );
    }

    // History: the statements run are kept, the latest first (each once), and Ctrl+Up brings
    // them back.
    let kept = js(
        client,
        "return JSON.parse(localStorage.getItem('relq.explorer.history'))",
    )
    .await;
    let explain = format!("EXPLAIN {EXAMPLE}");
    assert_eq!(kept[0], json!(BAD));
    assert_eq!(kept[1], json!(explain));
    let kept = kept.as_array().unwrap();
    assert_eq!(kept.len(), examples + 2, "{kept:?}");
    assert_eq!(kept.last(), Some(&json!(EXAMPLE)));
    set_editor(client, "").await;
    let editor = client.find(Locator::Id("editor")).await.unwrap();
    editor.click().await.unwrap();
    let key = |k: Key| k.chars().next().unwrap();
    let mut keys = KeyActions::new("keyboard".into());
    for _ in 0..2 {
        keys = keys
            .then(KeyAction::Down {
                value: key(Key::Control),
            })
            .then(KeyAction::Down {
                value: key(Key::Up),
            })
            .then(KeyAction::Up {
                value: key(Key::Up),
            })
            .then(KeyAction::Up {
                value: key(Key::Control),
            });
    }
    client.perform_actions(keys).await.unwrap();
    assert_eq!(
        js(client, "return document.getElementById('editor').value").await,
        json!(explain)
    );

    // A server with a token: the page gets it once in its fragment, forgets it in the address
    // bar and sends it with every request.
    client
        .goto(&format!("{}#token=s3cret", token_server.url("/")))
        .await
        .unwrap();
    wait_until(
        client,
        "the schema from the server with a token",
        "return document.getElementById('schema-summary').textContent.includes('nodes')",
    )
    .await;
    assert_eq!(
        js(client, "return window.location.hash").await,
        json!(""),
        "the token stays out of the address bar"
    );
    run_statement(client).await;
    assert_eq!(count(client, "#graph .rel").await, rels.len());
    let log = console(client).await;
    assert!(log.is_empty(), "the browser logged: {log:#?}");
}

/// Without a browser: the page and its files are served with their types, the policy and
/// caching headers, without the token (they hold no data) but behind the Host and Origin
/// checks, while the API still wants the token.
#[test]
fn the_explorers_files_are_served_safely() {
    let server = Server::start(&["--bolt", "off", "--token", "s3cret"]);
    let get = |path: &str, extra: &str| {
        serve_common::raw_request(
            &server.http,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\n{extra}\r\n",
                server.http
            ),
        )
    };
    let (status, head, body) = get("/", "");
    assert_eq!(status, 200, "{head}");
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        head.contains("content-security-policy: default-src 'none'; script-src 'self'"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-cache"), "{head}");
    assert!(body.contains("<script type=\"module\" src=\"/explorer/app.js\">"));
    // Every file the page and its modules name is served, with its type.
    let mut files: Vec<String> = body
        .split("\"/explorer/")
        .skip(1)
        .map(|rest| format!("/explorer/{}", rest.split('"').next().unwrap()))
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(file) = files.pop() {
        if !seen.insert(file.clone()) {
            continue;
        }
        let (status, head, body) = get(&file, "");
        assert_eq!(status, 200, "{file}: {head}");
        let want = match file.rsplit('.').next() {
            Some("js") => "text/javascript",
            Some("css") => "text/css",
            Some("svg") => "image/svg+xml",
            _ => panic!("unexpected file {file}"),
        };
        assert!(head.to_ascii_lowercase().contains(want), "{file}: {head}");
        for line in body.lines() {
            if let Some(rest) = line.split("from \"./").nth(1) {
                let name = rest.split('"').next().unwrap();
                files.push(format!("/explorer/{name}"));
            }
        }
    }
    assert_eq!(seen.len(), 6, "{seen:?}");
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .expect("an etag")
        .to_string();
    let (status, _, body) = get("/", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!((status, body.as_str()), (304, ""));
    // The API still wants the token; a wrong Host or a foreign Origin is refused for the page.
    let (status, _, body) = get("/schema", "");
    assert_eq!(status, 401, "{body}");
    let (status, _, body) = get("/schema", "Authorization: Bearer s3cret\r\n");
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = serve_common::raw_request(
        &server.http,
        "GET / HTTP/1.1\r\nHost: attacker.example:80\r\n\r\n",
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("HostError"), "{body}");
    let (status, _, body) = get("/", "Origin: http://attacker.example\r\n");
    assert_eq!(status, 403, "{body}");
    let (status, _, body) = get("/explorer/missing.js", "");
    assert_eq!(status, 401, "an unknown file is not public: {body}");
}
