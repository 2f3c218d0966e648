//! A `relq serve` process for tests: started on free loopback ports, its addresses read from
//! its startup line, stopped with SIGINT (as Ctrl-C) when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub struct Server {
    child: Option<Child>,
    /// `127.0.0.1:PORT` of the HTTP API, if served.
    pub http: String,
    /// `127.0.0.1:PORT` of Bolt, if served.
    #[allow(dead_code)]
    pub bolt: String,
    /// The lines of stderr after the startup line.
    #[allow(dead_code)]
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// `relq serve` on the seed graph, HTTP and Bolt on free ports, with `args` added.
    pub fn start(args: &[&str]) -> Server {
        Server::start_with(args)
    }

    /// `relq serve ARGS` (with `--http :0` and `--bolt :0` unless ARGS say otherwise).
    pub fn start_with(args: &[&str]) -> Server {
        let mut all: Vec<&str> = vec!["serve"];
        all.extend(args);
        if !args.contains(&"--http") {
            all.extend(["--http", ":0"]);
        }
        if !args.contains(&"--bolt") {
            all.extend(["--bolt", ":0"]);
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_relq"))
            .args(&all)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("relq serve starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("relq serve prints its startup line");
        assert!(line.starts_with("relq serve: "), "startup line: {line}");
        let find = |scheme: &str| {
            line.split(scheme)
                .nth(1)
                .map(|rest| {
                    rest.chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                        .collect::<String>()
                })
                .unwrap_or_default()
        };
        Server {
            http: find("http://"),
            bolt: find("bolt://"),
            child: Some(child),
            lines: rx,
        }
    }

    #[allow(dead_code)]
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.http)
    }

    #[allow(dead_code)]
    pub fn http_port(&self) -> u16 {
        self.http.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// Stop the server as Ctrl-C does; what it printed after the startup line.
    #[allow(dead_code)]
    pub fn stop(&mut self) -> String {
        let Some(mut child) = self.child.take() else {
            return String::new();
        };
        unsafe {
            libc::kill(child.id() as i32, libc::SIGINT);
        }
        let started = std::time::Instant::now();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                assert!(status.success(), "relq serve exited with {status}");
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("relq serve did not stop within 30 s of SIGINT");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut out = String::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Send raw request bytes (with `Connection: close` added) and read the answer: the status,
/// the headers and the body.
#[allow(dead_code)]
pub fn raw_request(addr: &str, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = request.replacen("\r\n", "\r\nConnection: close\r\n", 1);
    // A server may answer (and close) before reading a body it refuses.
    let _ = stream.write_all(request.as_bytes());
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}
