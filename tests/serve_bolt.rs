//! Bolt as its users meet it: the official `neo4j` Python driver from PyPI runs
//! `tests/bolt_driver.py` against `relq serve` over `bolt://` and `neo4j://` (the README's
//! queries compared with the shell's answers, parameters, entities, transactions, paging, an
//! error); and raw connections speak Bolt 4.4 byte by byte and send hostile bytes, which
//! must end the connection cleanly and leave the server serving.
//!
//! Without a Python that imports `neo4j` (`RELQ_PYTHON`, default `python3`) the driver test
//! says it was skipped, unless `RELQ_REQUIRE_TOOLS=1`, where that is a failure.

mod serve_common;

use relq::serve::bolt::packstream::{self, Pack};
use serve_common::Server;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

fn python() -> String {
    std::env::var("RELQ_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

#[test]
fn the_neo4j_python_driver_gets_the_shells_answers() {
    let py = python();
    let importable = Command::new(&py)
        .args(["-c", "import neo4j"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !importable {
        if std::env::var("RELQ_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
            panic!("the neo4j driver is not importable by {py} (pip install neo4j) and RELQ_REQUIRE_TOOLS=1");
        }
        let _ = writeln!(
            std::io::stderr(),
            "skipped: the neo4j Python driver (python: {py}; pip install neo4j)"
        );
        return;
    }
    for token in [None, Some("s3cret")] {
        let mut args = vec!["--http", "off"];
        if let Some(t) = token {
            args.extend(["--token", t]);
        }
        let server = Server::start(&args);
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bolt_driver.py");
        let mut command = Command::new(&py);
        command
            .arg(script)
            .arg(&server.bolt)
            .arg(env!("CARGO_BIN_EXE_relq"));
        if let Some(t) = token {
            command.arg(t);
        }
        let out = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.contains("all checks passed"),
            "token {token:?}\n{stdout}\n{stderr}"
        );
        assert!(stdout.matches("\nok ").count() >= 40, "{stdout}");
    }
}

/// A raw Bolt connection.
struct Raw(TcpStream);

impl Raw {
    fn connect(addr: &str) -> Raw {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Raw(stream)
    }

    /// The magic and four proposals; the version chosen.
    fn handshake(&mut self, proposals: [[u8; 4]; 4]) -> [u8; 4] {
        let mut bytes = vec![0x60, 0x60, 0xB0, 0x17];
        for p in proposals {
            bytes.extend(p);
        }
        self.0.write_all(&bytes).unwrap();
        let mut answer = [0u8; 4];
        self.0.read_exact(&mut answer).unwrap();
        answer
    }

    fn send(&mut self, signature: u8, fields: Vec<Pack>) {
        let mut message = Vec::new();
        packstream::encode(&Pack::Struct(signature, fields), &mut message);
        self.send_bytes(&message);
    }

    fn send_bytes(&mut self, message: &[u8]) {
        let mut out = Vec::new();
        for chunk in message.chunks(65535) {
            out.extend((chunk.len() as u16).to_be_bytes());
            out.extend(chunk);
        }
        out.extend([0, 0]);
        self.0.write_all(&out).unwrap();
    }

    /// The next message, or None when the server closed the connection.
    fn receive(&mut self) -> Option<(u8, Vec<Pack>)> {
        let mut message = Vec::new();
        loop {
            let mut size = [0u8; 2];
            self.0.read_exact(&mut size).ok()?;
            let size = u16::from_be_bytes(size) as usize;
            if size == 0 {
                break;
            }
            let start = message.len();
            message.resize(start + size, 0);
            self.0.read_exact(&mut message[start..]).ok()?;
        }
        match packstream::decode_all(&message).unwrap() {
            Pack::Struct(signature, fields) => Some((signature, fields)),
            other => panic!("not a message: {other:?}"),
        }
    }

    /// True when the server has closed the connection.
    fn closed(&mut self) -> bool {
        let mut byte = [0u8; 1];
        matches!(self.0.read(&mut byte), Ok(0) | Err(_))
    }
}

const SUCCESS: u8 = 0x70;
const RECORD: u8 = 0x71;
const FAILURE: u8 = 0x7F;
const IGNORED: u8 = 0x7E;

#[test]
fn bolt_4_4_spoken_byte_by_byte() {
    let server = Server::start(&["--http", "off", "--token", "tok"]);
    let mut c = Raw::connect(&server.bolt);
    assert_eq!(
        c.handshake([[0, 0, 4, 4], [0; 4], [0; 4], [0; 4]]),
        [0, 0, 4, 4]
    );
    c.send(
        0x01,
        vec![Pack::map([
            ("user_agent", Pack::str("test/1")),
            ("scheme", Pack::str("basic")),
            ("principal", Pack::str("anyone")),
            ("credentials", Pack::str("tok")),
        ])],
    );
    let (signature, fields) = c.receive().unwrap();
    assert_eq!(signature, SUCCESS);
    assert!(fields[0]
        .get("server")
        .unwrap()
        .as_str()
        .unwrap()
        .starts_with("Neo4j/"));
    c.send(
        0x10,
        vec![
            Pack::str("MATCH p = (a:Actor {name: $n})-[r:PROPOSES]->(b) RETURN a, r, p LIMIT 1"),
            Pack::map([("n", Pack::str("Russia"))]),
            Pack::map([]),
        ],
    );
    let (signature, fields) = c.receive().unwrap();
    assert_eq!(signature, SUCCESS, "{fields:?}");
    assert_eq!(
        fields[0].get("fields"),
        Some(&Pack::List(vec![
            Pack::str("a"),
            Pack::str("r"),
            Pack::str("p")
        ]))
    );
    c.send(0x3F, vec![Pack::map([("n", Pack::Int(-1))])]);
    let (signature, fields) = c.receive().unwrap();
    assert_eq!(signature, RECORD);
    let Pack::List(values) = &fields[0] else {
        panic!("{fields:?}")
    };
    // Bolt 4.4: a node has 3 fields (no element id), a relationship 5; a path is its nodes,
    // its unbound relationships (3 fields) and the indices that walk it.
    let Pack::Struct(0x4E, node) = &values[0] else {
        panic!("{values:?}")
    };
    assert_eq!(node.len(), 3);
    assert_eq!(node[2].get("name"), Some(&Pack::str("Russia")));
    let Pack::Struct(0x52, rel) = &values[1] else {
        panic!("{values:?}")
    };
    assert_eq!(rel.len(), 5);
    assert_eq!(rel[3], Pack::str("PROPOSES"));
    let Pack::Struct(0x50, path) = &values[2] else {
        panic!("{values:?}")
    };
    assert_eq!(path[2], Pack::List(vec![Pack::Int(1), Pack::Int(1)]));
    let Pack::List(unbound) = &path[1] else {
        panic!()
    };
    assert!(matches!(&unbound[0], Pack::Struct(0x72, f) if f.len() == 3));
    let (signature, fields) = c.receive().unwrap();
    assert_eq!(signature, SUCCESS);
    assert_eq!(fields[0].get("type"), Some(&Pack::str("r")));

    // An error, then IGNORED until RESET.
    c.send(
        0x10,
        vec![Pack::str("RETURN $missing"), Pack::map([]), Pack::map([])],
    );
    let (signature, fields) = c.receive().unwrap();
    assert_eq!(signature, FAILURE);
    assert_eq!(
        fields[0].get("code"),
        Some(&Pack::str("Neo.ClientError.Statement.ParameterMissing"))
    );
    c.send(0x3F, vec![Pack::map([("n", Pack::Int(-1))])]);
    assert_eq!(c.receive().unwrap().0, IGNORED);
    c.send(0x0F, vec![]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);

    // BEGIN, a write, ROLLBACK: the write is gone.
    c.send(0x11, vec![Pack::map([])]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(
        0x10,
        vec![Pack::str("CREATE (:Raw)"), Pack::map([]), Pack::map([])],
    );
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(0x2F, vec![Pack::map([("n", Pack::Int(-1))])]);
    let (signature, fields) = c.receive().unwrap();
    assert_eq!(signature, SUCCESS);
    assert_eq!(
        fields[0].get("stats").and_then(|s| s.get("nodes-created")),
        Some(&Pack::Int(1))
    );
    c.send(0x13, vec![]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(
        0x10,
        vec![
            Pack::str("MATCH (n:Raw) RETURN count(n)"),
            Pack::map([]),
            Pack::map([]),
        ],
    );
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(0x3F, vec![Pack::map([("n", Pack::Int(1))])]);
    let (_, fields) = c.receive().unwrap();
    assert_eq!(fields[0], Pack::List(vec![Pack::Int(0)]));
    assert_eq!(c.receive().unwrap().0, SUCCESS);

    // A transaction left open when the connection drops is rolled back.
    c.send(0x11, vec![Pack::map([])]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(
        0x10,
        vec![Pack::str("CREATE (:Raw)"), Pack::map([]), Pack::map([])],
    );
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    drop(c);
    let mut d = Raw::connect(&server.bolt);
    assert_eq!(
        d.handshake([[0, 4, 4, 5], [0; 4], [0; 4], [0; 4]]),
        [0, 0, 4, 5]
    );
    // 5.1 on: HELLO without credentials, then LOGON; a wrong token is refused.
    d.send(0x01, vec![Pack::map([("user_agent", Pack::str("test/1"))])]);
    assert_eq!(d.receive().unwrap().0, SUCCESS);
    d.send(
        0x10,
        vec![Pack::str("RETURN 1"), Pack::map([]), Pack::map([])],
    );
    assert_eq!(d.receive().unwrap().0, FAILURE);
    assert!(d.closed());
    let mut d = Raw::connect(&server.bolt);
    d.handshake([[0, 4, 4, 5], [0; 4], [0; 4], [0; 4]]);
    d.send(0x01, vec![Pack::map([("user_agent", Pack::str("test/1"))])]);
    assert_eq!(d.receive().unwrap().0, SUCCESS);
    d.send(
        0x6A,
        vec![Pack::map([
            ("scheme", Pack::str("basic")),
            ("principal", Pack::str("x")),
            ("credentials", Pack::str("tok")),
        ])],
    );
    assert_eq!(d.receive().unwrap().0, SUCCESS);
    d.send(
        0x10,
        vec![
            Pack::str("MATCH (n:Raw) RETURN n"),
            Pack::map([]),
            Pack::map([]),
        ],
    );
    assert_eq!(d.receive().unwrap().0, SUCCESS);
    d.send(0x3F, vec![Pack::map([("n", Pack::Int(-1))])]);
    assert_eq!(d.receive().unwrap().0, SUCCESS, "no Raw node is left");
    d.send(0x02, vec![]);
    assert!(d.closed());

    let mut e = Raw::connect(&server.bolt);
    e.handshake([[0, 0, 4, 4], [0; 4], [0; 4], [0; 4]]);
    e.send(
        0x01,
        vec![Pack::map([
            ("scheme", Pack::str("basic")),
            ("credentials", Pack::str("wrong")),
        ])],
    );
    let (signature, fields) = e.receive().unwrap();
    assert_eq!(signature, FAILURE);
    assert_eq!(
        fields[0].get("code"),
        Some(&Pack::str("Neo.ClientError.Security.Unauthorized"))
    );
    assert!(e.closed());
}

#[test]
fn hostile_bytes_end_the_connection_and_the_server_goes_on() {
    let server = Server::start(&["--http", "off"]);
    let ready = |proposal: [u8; 4]| {
        let mut c = Raw::connect(&server.bolt);
        c.handshake([proposal, [0; 4], [0; 4], [0; 4]]);
        c.send(0x01, vec![Pack::map([("scheme", Pack::str("none"))])]);
        assert_eq!(c.receive().unwrap().0, SUCCESS);
        if proposal[3] == 5 {
            c.send(0x6A, vec![Pack::map([("scheme", Pack::str("none"))])]);
            assert_eq!(c.receive().unwrap().0, SUCCESS);
        }
        c
    };
    // Not Bolt at all: closed without an answer.
    let mut c = Raw::connect(&server.bolt);
    c.0.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    assert!(c.closed());
    // No version in common: four zero bytes, then closed.
    let mut c = Raw::connect(&server.bolt);
    assert_eq!(
        c.handshake([[0, 0, 0, 3], [0, 0, 0, 2], [0; 4], [0; 4]]),
        [0; 4]
    );
    assert!(c.closed());
    // Messages that are not PackStream, or claim more than they hold, or nest without end:
    // a FAILURE, then the connection closes.
    let hostile: Vec<Vec<u8>> = vec![
        vec![0xE7],
        vec![0xB1, 0x10, 0xD6, 0xFF, 0xFF, 0xFF, 0xFF],
        vec![0xB3, 0x10, 0xD2, 0xFF, 0xFF, 0xFF, 0xFF, b'x'],
        [vec![0xB1, 0x10], vec![0x91; 50_000]].concat(),
        vec![0xB1, 0x10, 0xA1, 0x01, 0x01],
        vec![0xB1, 0x10, 0x81, 0xFF],
        vec![0x01],
    ];
    for bytes in hostile {
        let mut c = ready([0, 0, 4, 5]);
        c.send_bytes(&bytes);
        let (signature, fields) = c.receive().expect("a FAILURE before closing");
        assert_eq!(signature, FAILURE, "{bytes:.20?}");
        assert_eq!(
            fields[0].get("code"),
            Some(&Pack::str("Neo.ClientError.Request.InvalidFormat"))
        );
        assert!(c.closed());
    }
    // Well-formed messages with the wrong fields: a FAILURE, and RESET recovers.
    let mut c = ready([0, 0, 4, 5]);
    for fields in [
        vec![],
        vec![Pack::Int(1)],
        vec![
            Pack::str("RETURN $b"),
            Pack::map([("b", Pack::Bytes(vec![1]))]),
        ],
    ] {
        c.send(0x10, fields);
        assert_eq!(c.receive().unwrap().0, FAILURE);
        c.send(0x0F, vec![]);
        assert_eq!(c.receive().unwrap().0, SUCCESS);
    }
    c.send(0x3F, vec![Pack::map([])]);
    assert_eq!(c.receive().unwrap().0, FAILURE, "PULL with nothing to pull");
    c.send(0x0F, vec![]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(0x55, vec![]);
    assert_eq!(c.receive().unwrap().0, FAILURE, "an unknown message");
    // A message past the size limit: closed.
    let mut c = ready([0, 0, 4, 5]);
    let chunk = [vec![0xFF, 0xFF], vec![0x80; 65535]].concat();
    let mut sent = true;
    for _ in 0..300 {
        if c.0.write_all(&chunk).is_err() {
            sent = false;
            break;
        }
    }
    assert!(!sent || c.closed());
    // The server still answers.
    let mut c = ready([0, 0, 4, 4]);
    c.send(
        0x10,
        vec![
            Pack::str("RETURN 40 + 2 AS x"),
            Pack::map([]),
            Pack::map([]),
        ],
    );
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(0x3F, vec![Pack::map([("n", Pack::Int(-1))])]);
    assert_eq!(c.receive().unwrap().1[0], Pack::List(vec![Pack::Int(42)]));
}

#[test]
fn reset_interrupts_a_running_statement() {
    let server = Server::start(&["--http", "off"]);
    let mut c = Raw::connect(&server.bolt);
    assert_eq!(
        c.handshake([[0, 0, 4, 4], [0; 4], [0; 4], [0; 4]]),
        [0, 0, 4, 4]
    );
    c.send(0x01, vec![Pack::map([("scheme", Pack::str("none"))])]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    let started = std::time::Instant::now();
    // A statement that would run for minutes, its PULL, then RESET: the statement fails as
    // terminated, the PULL is IGNORED, the RESET succeeds, all within seconds.
    c.send(
        0x10,
        vec![
            Pack::str(
                "MATCH (a), (b), (c), (d), (e), (f), (g), (h), (i) CREATE (:Left) RETURN count(*)",
            ),
            Pack::map([]),
            Pack::map([]),
        ],
    );
    c.send(0x3F, vec![Pack::map([("n", Pack::Int(-1))])]);
    std::thread::sleep(Duration::from_millis(300));
    c.send(0x0F, vec![]);
    let (signature, fields) = c.receive().unwrap();
    assert_eq!(signature, FAILURE, "{fields:?}");
    assert_eq!(
        fields[0].get("code"),
        Some(&Pack::str("Neo.ClientError.Transaction.Terminated"))
    );
    assert_eq!(c.receive().unwrap().0, IGNORED);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    assert!(started.elapsed() < Duration::from_secs(20));
    // Nothing of it stayed, and the connection goes on.
    c.send(
        0x10,
        vec![
            Pack::str("MATCH (n:Left) RETURN count(n)"),
            Pack::map([]),
            Pack::map([]),
        ],
    );
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(0x3F, vec![Pack::map([("n", Pack::Int(-1))])]);
    assert_eq!(c.receive().unwrap().1[0], Pack::List(vec![Pack::Int(0)]));
    assert_eq!(c.receive().unwrap().0, SUCCESS);
}

#[test]
fn a_transaction_keeps_several_results_open_by_query_id() {
    let server = Server::start(&["--http", "off"]);
    let mut c = Raw::connect(&server.bolt);
    assert_eq!(
        c.handshake([[0, 0, 4, 4], [0; 4], [0; 4], [0; 4]]),
        [0, 0, 4, 4]
    );
    c.send(0x01, vec![Pack::map([("scheme", Pack::str("none"))])]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(0x11, vec![Pack::map([])]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    for (i, statement) in [
        "UNWIND [1, 2, 3] AS x RETURN x",
        "UNWIND ['a', 'b'] AS y RETURN y",
    ]
    .into_iter()
    .enumerate()
    {
        c.send(
            0x10,
            vec![Pack::str(statement), Pack::map([]), Pack::map([])],
        );
        let (signature, fields) = c.receive().unwrap();
        assert_eq!(signature, SUCCESS);
        assert_eq!(fields[0].get("qid"), Some(&Pack::Int(i as i64)));
    }
    // One record of the first, then all of the second (qid -1: the last), then the rest of
    // the first.
    let pull = |qid: i64, n: i64| vec![Pack::map([("n", Pack::Int(n)), ("qid", Pack::Int(qid))])];
    c.send(0x3F, pull(0, 1));
    assert_eq!(c.receive().unwrap().1[0], Pack::List(vec![Pack::Int(1)]));
    let (signature, fields) = c.receive().unwrap();
    assert_eq!(
        (signature, fields[0].get("has_more")),
        (SUCCESS, Some(&Pack::Bool(true)))
    );
    c.send(0x3F, pull(-1, -1));
    assert_eq!(c.receive().unwrap().1[0], Pack::List(vec![Pack::str("a")]));
    assert_eq!(c.receive().unwrap().1[0], Pack::List(vec![Pack::str("b")]));
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    c.send(0x3F, pull(0, -1));
    assert_eq!(c.receive().unwrap().1[0], Pack::List(vec![Pack::Int(2)]));
    assert_eq!(c.receive().unwrap().1[0], Pack::List(vec![Pack::Int(3)]));
    assert_eq!(c.receive().unwrap().0, SUCCESS);
    // Both are done: a PULL of either is an error.
    c.send(0x3F, pull(1, -1));
    assert_eq!(c.receive().unwrap().0, FAILURE);
    c.send(0x0F, vec![]);
    assert_eq!(c.receive().unwrap().0, SUCCESS);
}
