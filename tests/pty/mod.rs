//! A program driven in a real pseudo-terminal, as a person at a terminal drives it: what it
//! prints is collected as it comes, and expectations wait for text in it. Shared by the tests
//! of the interactive shell.

#![allow(dead_code)]

use rexpect::process::PtyProcess;
use std::fs::File;
use std::io::{Read, Write};
use std::process::Command;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long any one expectation may wait.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A program in a pseudo-terminal, and everything it printed so far.
pub struct Pty {
    _process: PtyProcess,
    writer: File,
    /// What the program printed, chunk by chunk, each with the moment it was read.
    chunks: Receiver<(Instant, Vec<u8>)>,
    /// All bytes printed so far.
    raw: Vec<u8>,
    /// When the last chunk taken into `raw` was read from the terminal.
    arrived: Instant,
    /// How much of the text (escape codes removed) earlier expectations consumed.
    consumed: usize,
    eof: bool,
}

/// Terminal escape sequences (colours, cursor movement, modes) and carriage returns.
pub fn strip_escapes(text: &str) -> String {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new("\x1b\\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r").unwrap()
    });
    re.replace_all(text, "").into_owned()
}

impl Pty {
    pub fn spawn(cmd: Command) -> Pty {
        let mut process = PtyProcess::new(cmd).expect("the program starts in a pseudo-terminal");
        process.set_kill_timeout(Some(5_000));
        let mut reader = process.get_file_handle().unwrap();
        let writer = process.get_file_handle().unwrap();
        let (tx, chunks) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // A pseudo-terminal whose program has ended reads as an error (EIO): the end.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        Pty {
            _process: process,
            writer,
            chunks,
            raw: Vec::new(),
            arrived: Instant::now(),
            consumed: 0,
            eof: false,
        }
    }

    pub fn send(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn send_control(&mut self, c: char) {
        let byte = (c.to_ascii_lowercase() as u8) - b'a' + 1;
        self.writer.write_all(&[byte]).unwrap();
        self.writer.flush().unwrap();
    }

    /// All text printed so far, escape codes and all.
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// Take what arrived within `wait`; false at the end of the output.
    pub fn pump(&mut self, wait: Duration) -> bool {
        match self.chunks.recv_timeout(wait) {
            Ok((at, chunk)) => {
                self.raw.extend(chunk);
                self.arrived = at;
                true
            }
            Err(RecvTimeoutError::Timeout) => true,
            Err(RecvTimeoutError::Disconnected) => {
                self.eof = true;
                false
            }
        }
    }

    /// Wait for `needle` in the text after the last expectation; the text before it.
    pub fn expect(&mut self, needle: &str) -> String {
        self.expect_at(needle).0
    }

    /// Wait for `needle` in the text after the last expectation; the text before it, and when
    /// the program printed the needle's end: the moment the chunk that completed it was read
    /// from the terminal (or a later one, when it had arrived before the call), whatever time
    /// the test itself takes to look through the text.
    pub fn expect_at(&mut self, needle: &str) -> (String, Instant) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let text = strip_escapes(&self.raw());
            if let Some(i) = text.get(self.consumed..).and_then(|t| t.find(needle)) {
                let start = self.consumed;
                self.consumed += i + needle.len();
                return (text[start..start + i].to_string(), self.arrived);
            }
            let now = Instant::now();
            if now >= deadline || (self.eof && !self.pump(Duration::ZERO)) {
                panic!(
                    "waiting for {needle:?}; got:\n{}",
                    text.get(self.consumed..).unwrap_or("")
                );
            }
            self.pump(deadline - now);
        }
    }

    /// Wait for the end of the output.
    pub fn expect_eof(&mut self) {
        let deadline = Instant::now() + TIMEOUT;
        while !self.eof {
            let now = Instant::now();
            assert!(
                now < deadline,
                "the program did not end; got:\n{}",
                strip_escapes(&self.raw())
            );
            self.pump(deadline - now);
        }
    }
}
