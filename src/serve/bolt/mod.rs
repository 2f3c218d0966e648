//! Bolt, the protocol of Neo4j's drivers: versions 4.4 and 5.0 to 5.4.
//!
//! A connection: the handshake (the magic, four version proposals, each a version or a range
//! of minor versions; the answer is the highest this server speaks), then messages in chunks
//! (`read_message`, `chunk_message`), each a PackStream structure (`packstream`).
//!
//! A statement runs whole at RUN (as over HTTP, through the shared `Engine`), its records
//! encoded while the database is held, and PULL and DISCARD page through them (`n`,
//! `has_more`). Explicit transactions (BEGIN ... COMMIT or ROLLBACK) hold the database from
//! BEGIN to their end, so that their statements are not interleaved with anyone else's and
//! ROLLBACK can undo them through the graph's journal; a connection that closes or RESETs with
//! a transaction open rolls it back. One result is open at a time (a RUN after another
//! RUN's records were not all pulled discards them) outside a transaction; inside one, each RUN
//! gets a query id (`qid`) and PULL or DISCARD names the result it wants (-1: the last).
//! Messages are read by a task of their own while a statement runs: a RESET then interrupts
//! the statement (which fails, its changes undone), and the messages that came with it are
//! handled after it in order (IGNORED, as after any FAILURE, up to the RESET). A client that
//! goes away cancels its statement. A transaction idle for `TX_IDLE` is rolled back and its
//! connection closed.

pub mod packstream;

use super::Shared;
use crate::{Database, Error, ErrorKind, QueryResult};
use packstream::Pack;
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::TcpStream;

/// How long an open transaction may wait for its next message: it holds the database, so a
/// client that goes quiet inside one would stop everyone else. Past it, the transaction is
/// rolled back and the connection closed.
const TX_IDLE: std::time::Duration = std::time::Duration::from_secs(60);
/// How long a new connection may take to send its handshake.
const HANDSHAKE_TIME: std::time::Duration = std::time::Duration::from_secs(10);
/// The largest message accepted, in bytes (all its chunks together).
const MAX_MESSAGE: usize = 16 << 20;
/// The Bolt magic preamble.
const MAGIC: [u8; 4] = [0x60, 0x60, 0xB0, 0x17];

/// Accept connections until `stop`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut connections = tokio::task::JoinSet::new();
    let mut next_id = 0u64;
    let watch = stop.clone();
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                next_id += 1;
                let shared = shared.clone();
                let id = next_id;
                let mut stop = watch.clone();
                connections.spawn(async move {
                    tokio::select! {
                        _ = connection(stream, shared, id) => {}
                        _ = stop.wait_for(|s| *s) => {}
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    // Dropping the connections rolls back their open transactions.
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

/// Versions spoken, highest first: (major, minor).
const VERSIONS: [(u8, u8); 6] = [(5, 4), (5, 3), (5, 2), (5, 1), (5, 0), (4, 4)];

/// The version to speak, from the client's four proposals (`[0, range, minor, major]` each:
/// the version and the `range` minor versions below it), or None.
pub fn negotiate(proposals: &[u8; 16]) -> Option<(u8, u8)> {
    for p in proposals.chunks_exact(4) {
        let (range, minor, major) = (p[1], p[2], p[3]);
        for (vmaj, vmin) in VERSIONS {
            if vmaj == major && vmin <= minor && vmin >= minor.saturating_sub(range) {
                return Some((vmaj, vmin));
            }
        }
    }
    None
}

/// Read one message: chunks up to the empty chunk that ends it (empty chunks before a
/// message are keep-alives). None at the end of the stream.
async fn read_message<R: AsyncReadExt + Unpin>(r: &mut R) -> std::io::Result<Option<Vec<u8>>> {
    let mut message = Vec::new();
    loop {
        let size = match r.read_u16().await {
            Ok(s) => s as usize,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && message.is_empty() => {
                return Ok(None)
            }
            Err(e) => return Err(e),
        };
        if size == 0 {
            if message.is_empty() {
                continue;
            }
            return Ok(Some(message));
        }
        if message.len() + size > MAX_MESSAGE {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("expected a message of at most {MAX_MESSAGE} bytes"),
            ));
        }
        let start = message.len();
        message.resize(start + size, 0);
        r.read_exact(&mut message[start..]).await?;
    }
}

/// Append a message in chunks of at most 65535 bytes, and the empty chunk that ends it.
fn chunk_message(message: &[u8], out: &mut Vec<u8>) {
    for chunk in message.chunks(u16::MAX as usize) {
        out.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&[0, 0]);
}

/// Message signatures.
mod sig {
    pub const HELLO: u8 = 0x01;
    pub const GOODBYE: u8 = 0x02;
    pub const RESET: u8 = 0x0F;
    pub const RUN: u8 = 0x10;
    pub const BEGIN: u8 = 0x11;
    pub const COMMIT: u8 = 0x12;
    pub const ROLLBACK: u8 = 0x13;
    pub const DISCARD: u8 = 0x2F;
    pub const PULL: u8 = 0x3F;
    pub const TELEMETRY: u8 = 0x54;
    pub const ROUTE: u8 = 0x66;
    pub const LOGON: u8 = 0x6A;
    pub const LOGOFF: u8 = 0x6B;
    pub const SUCCESS: u8 = 0x70;
    pub const RECORD: u8 = 0x71;
    pub const IGNORED: u8 = 0x7E;
    pub const FAILURE: u8 = 0x7F;
}

/// Neo4j's status code for a relq error class.
pub fn neo4j_code(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Syntax => "Neo.ClientError.Statement.SyntaxError",
        ErrorKind::Semantic => "Neo.ClientError.Statement.SemanticError",
        ErrorKind::Unsupported => "Neo.ClientError.Statement.FeatureNotSupported",
        ErrorKind::Type => "Neo.ClientError.Statement.TypeError",
        ErrorKind::Arithmetic => "Neo.ClientError.Statement.ArithmeticError",
        ErrorKind::Parameter => "Neo.ClientError.Statement.ParameterMissing",
        ErrorKind::Argument => "Neo.ClientError.Statement.ArgumentError",
        ErrorKind::EntityNotFound => "Neo.ClientError.Statement.EntityNotFound",
        ErrorKind::Constraint => "Neo.ClientError.Schema.ConstraintValidationFailed",
        ErrorKind::Resource => "Neo.ClientError.General.MemoryPoolOutOfMemoryError",
        ErrorKind::Timeout => "Neo.ClientError.Transaction.TransactionTimedOut",
        ErrorKind::Interrupted => "Neo.ClientError.Transaction.Terminated",
        ErrorKind::Access => "Neo.ClientError.Statement.AccessMode",
        // Neo4j has a code per conflict (IndexWithNameAlreadyExists, IndexNotFound, ...);
        // relq's one class goes to the general client error of a schema command.
        ErrorKind::Schema => "Neo.ClientError.Statement.SemanticError",
        _ => "Neo.DatabaseError.General.UnknownError",
    }
}

/// A result being pulled: its records, already encoded as messages.
struct Pending {
    records: VecDeque<Vec<u8>>,
    /// The SUCCESS metadata after the last record.
    summary: Vec<(String, Pack)>,
}

/// An explicit transaction: the database, held from BEGIN to COMMIT or ROLLBACK. Dropped
/// while open (the connection closed, RESET), it rolls back.
struct Tx {
    db: Option<super::engine::Exclusive>,
    read_only: bool,
}

impl Drop for Tx {
    fn drop(&mut self) {
        if let Some(db) = self.db.as_mut() {
            db.rollback_transaction();
        }
    }
}

/// Why a connection ends.
enum End {
    /// The stream closed or failed, or GOODBYE.
    Closed,
}

struct Connection {
    shared: Arc<Shared>,
    version: (u8, u8),
    id: u64,
    local: Option<SocketAddr>,
    /// HELLO received.
    hello: bool,
    /// Authenticated (by HELLO before 5.1, by LOGON from 5.1 on).
    authenticated: bool,
    /// After a FAILURE: every message but RESET (and GOODBYE) is IGNORED.
    failed: bool,
    tx: Option<Tx>,
    /// The results open, by query id (`qid`): in a transaction several may be open at once,
    /// outside one only the last.
    pending: Vec<(i64, Pending)>,
    /// The query id of the next RUN in the transaction.
    next_qid: i64,
    /// The routing address the client gave in HELLO.
    routing_address: Option<String>,
    out: Vec<u8>,
    /// Commits made, for bookmarks.
    commits: u64,
    /// The messages read from the client (by a task of their own, so that a RESET can
    /// interrupt a running statement).
    inbox: tokio::sync::mpsc::Receiver<Vec<u8>>,
    /// Messages that came while a statement ran, handled after it in order.
    backlog: VecDeque<Vec<u8>>,
}

/// Aborts the task reading a connection's messages when the connection ends.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Results open at once in a transaction, at most.
const MAX_OPEN_RESULTS: usize = 100;
/// Messages kept while a statement runs, at most; past it the client waits (its messages
/// stay in the socket).
const MAX_BACKLOG: usize = 1000;

/// Whether a message is RESET (a structure of no fields with RESET's signature).
fn is_reset(message: &[u8]) -> bool {
    message.len() == 2 && message[0] == 0xB0 && message[1] == sig::RESET
}

/// Await a statement while reading what the client sends meanwhile into `backlog`: a RESET,
/// or the client going away, cancels the statement.
async fn watching<T>(
    statement: impl std::future::Future<Output = T>,
    inbox: &mut tokio::sync::mpsc::Receiver<Vec<u8>>,
    backlog: &mut VecDeque<Vec<u8>>,
    engine: &super::engine::Engine,
    id: &str,
) -> T {
    tokio::pin!(statement);
    let mut open = true;
    loop {
        tokio::select! {
            out = &mut statement => return out,
            message = inbox.recv(), if open && backlog.len() < MAX_BACKLOG => match message {
                Some(message) => {
                    if is_reset(&message) {
                        engine.cancel(id);
                    }
                    backlog.push_back(message);
                }
                None => {
                    open = false;
                    engine.cancel(id);
                }
            },
        }
    }
}

async fn connection(stream: TcpStream, shared: Arc<Shared>, id: u64) {
    let _ = stream.set_nodelay(true);
    let local = stream.local_addr().ok();
    let (read, write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut writer = BufWriter::new(write);
    let mut preamble = [0u8; 20];
    let read = tokio::time::timeout(HANDSHAKE_TIME, reader.read_exact(&mut preamble)).await;
    if !matches!(read, Ok(Ok(_))) || preamble[..4] != MAGIC {
        return;
    }
    let mut proposals = [0u8; 16];
    proposals.copy_from_slice(&preamble[4..]);
    let Some(version) = negotiate(&proposals) else {
        let _ = writer.write_all(&[0, 0, 0, 0]).await;
        let _ = writer.flush().await;
        return;
    };
    if writer
        .write_all(&[0, 0, version.1, version.0])
        .await
        .is_err()
        || writer.flush().await.is_err()
    {
        return;
    }
    let (sender, inbox) = tokio::sync::mpsc::channel(16);
    let _reader = AbortOnDrop(tokio::spawn(async move {
        // Ends at the end of the stream, on a read error or an oversized message, or when the
        // connection is gone: the connection then sees its inbox closed.
        while let Ok(Some(message)) = read_message(&mut reader).await {
            if sender.send(message).await.is_err() {
                break;
            }
        }
    }));
    let mut conn = Connection {
        shared,
        version,
        id,
        local,
        hello: false,
        authenticated: false,
        failed: false,
        tx: None,
        pending: Vec::new(),
        next_qid: 0,
        routing_address: None,
        out: Vec::new(),
        commits: 0,
        inbox,
        backlog: VecDeque::new(),
    };
    loop {
        let message = match conn.backlog.pop_front() {
            Some(m) => Some(m),
            None if conn.tx.is_some() => {
                match tokio::time::timeout(TX_IDLE, conn.inbox.recv()).await {
                    Ok(m) => m,
                    // Dropping the connection rolls the transaction back.
                    Err(_) => return,
                }
            }
            None => conn.inbox.recv().await,
        };
        let Some(message) = message else { return };
        let end = conn.handle(&message).await;
        if !conn.out.is_empty() {
            let out = std::mem::take(&mut conn.out);
            if writer.write_all(&out).await.is_err() || writer.flush().await.is_err() {
                return;
            }
        }
        if let Err(End::Closed) = end {
            return;
        }
    }
}

impl Connection {
    fn v5(&self) -> bool {
        self.version.0 >= 5
    }

    fn send(&mut self, signature: u8, fields: Vec<Pack>) {
        let mut message = Vec::new();
        packstream::encode(&Pack::Struct(signature, fields), &mut message);
        chunk_message(&message, &mut self.out);
    }

    fn success(&mut self, meta: Vec<(String, Pack)>) {
        self.send(sig::SUCCESS, vec![Pack::Map(meta)]);
    }

    fn failure(&mut self, code: &str, message: &str) {
        self.failed = true;
        self.pending.clear();
        self.send(
            sig::FAILURE,
            vec![Pack::map([
                ("code", Pack::str(code)),
                ("message", Pack::str(message)),
            ])],
        );
    }

    fn protocol_error(&mut self, message: &str) -> Result<(), End> {
        self.failure("Neo.ClientError.Request.Invalid", message);
        Ok(())
    }

    /// Handle one message; `Err(End)` closes the connection after what was written.
    async fn handle(&mut self, bytes: &[u8]) -> Result<(), End> {
        let (signature, fields) = match packstream::decode_all(bytes) {
            Ok(Pack::Struct(s, f)) => (s, f),
            Ok(other) => {
                self.failure(
                    "Neo.ClientError.Request.InvalidFormat",
                    &format!(
                        "expected a message (a structure), found {}",
                        packstream::kind(&other)
                    ),
                );
                return Err(End::Closed);
            }
            Err(e) => {
                self.failure(
                    "Neo.ClientError.Request.InvalidFormat",
                    &format!("cannot read the message: {e}"),
                );
                return Err(End::Closed);
            }
        };
        let field = |i: usize| fields.get(i).cloned().unwrap_or(Pack::Null);
        match signature {
            sig::GOODBYE => return Err(End::Closed),
            sig::HELLO => return self.hello(field(0)),
            _ => {}
        }
        if !self.hello {
            self.failure("Neo.ClientError.Request.Invalid", "expected HELLO first");
            return Err(End::Closed);
        }
        match signature {
            sig::LOGON if self.version >= (5, 1) => return self.logon(field(0)),
            sig::LOGOFF if self.version >= (5, 1) => {
                if self.failed {
                    self.send(sig::IGNORED, vec![]);
                    return Ok(());
                }
                self.authenticated = false;
                self.success(vec![]);
                return Ok(());
            }
            sig::RESET => {
                self.failed = false;
                self.pending.clear();
                // Dropping the transaction rolls it back and frees the database.
                self.tx = None;
                self.success(vec![]);
                return Ok(());
            }
            _ => {}
        }
        if !self.authenticated {
            self.failure(
                "Neo.ClientError.Security.Unauthorized",
                "expected LOGON before any other message",
            );
            return Err(End::Closed);
        }
        if self.failed {
            self.send(sig::IGNORED, vec![]);
            return Ok(());
        }
        match signature {
            sig::RUN => self.run(field(0), field(1), field(2)).await,
            sig::PULL => self.pull(field(0), false),
            sig::DISCARD => self.pull(field(0), true),
            sig::BEGIN => self.begin(field(0)).await,
            sig::COMMIT => self.commit(),
            sig::ROLLBACK => self.rollback(),
            sig::ROUTE => self.route(field(0), field(2)),
            sig::TELEMETRY if self.version >= (5, 4) => {
                self.success(vec![]);
                Ok(())
            }
            other => self.protocol_error(&format!(
                "expected a message of Bolt {}.{} (RUN, PULL, DISCARD, BEGIN, COMMIT, ROLLBACK, RESET, ROUTE, GOODBYE), found signature 0x{other:02X}",
                self.version.0, self.version.1
            )),
        }
    }

    fn hello(&mut self, extra: Pack) -> Result<(), End> {
        if self.hello {
            self.failure(
                "Neo.ClientError.Request.Invalid",
                "expected HELLO only once",
            );
            return Err(End::Closed);
        }
        self.hello = true;
        if let Some(Pack::Map(routing)) = extra.get("routing") {
            self.routing_address = routing
                .iter()
                .find(|(k, _)| k == "address")
                .and_then(|(_, v)| v.as_str())
                .map(str::to_string);
        }
        if self.version < (5, 1) {
            if !self.check_auth(&extra) {
                return Err(End::Closed);
            }
            self.authenticated = true;
        }
        let mut meta = vec![
            (
                "server".to_string(),
                Pack::String(format!(
                    "Neo4j/5.4.0 compatible; relq/{}",
                    env!("CARGO_PKG_VERSION")
                )),
            ),
            (
                "connection_id".to_string(),
                Pack::String(format!("bolt-{}", self.id)),
            ),
        ];
        if self.v5() {
            meta.push(("hints".to_string(), Pack::Map(vec![])));
        }
        self.success(meta);
        Ok(())
    }

    fn logon(&mut self, auth: Pack) -> Result<(), End> {
        if self.authenticated {
            self.failure(
                "Neo.ClientError.Request.Invalid",
                "expected LOGOFF before another LOGON",
            );
            return Ok(());
        }
        if !self.check_auth(&auth) {
            return Err(End::Closed);
        }
        self.authenticated = true;
        self.success(vec![]);
        Ok(())
    }

    /// With a token set, the credentials (of the `basic` scheme, any user, or `bearer`)
    /// must be it; a FAILURE otherwise (and the connection closes).
    fn check_auth(&mut self, auth: &Pack) -> bool {
        let Some(token) = self.shared.config.token.clone() else {
            return true;
        };
        let given = auth
            .get("credentials")
            .and_then(|c| c.as_str())
            .unwrap_or("");
        if super::token_matches(given, &token) {
            return true;
        }
        self.failure(
            "Neo.ClientError.Security.Unauthorized",
            "expected the server's token as the password (or as a bearer token)",
        );
        false
    }

    async fn run(&mut self, query: Pack, params: Pack, extra: Pack) -> Result<(), End> {
        let Pack::String(statement) = query else {
            return self.protocol_error("expected RUN's statement as a string");
        };
        let mut values = HashMap::new();
        if let Pack::Map(entries) = &params {
            for (k, v) in entries {
                match packstream::to_value(v) {
                    Ok(value) => {
                        values.insert(k.clone(), value);
                    }
                    Err(message) => {
                        self.failure(
                            "Neo.ClientError.Statement.TypeError",
                            &format!("parameter ${k}: {message}"),
                        );
                        return Ok(());
                    }
                }
            }
        }
        let read_only = extra.get("mode").and_then(|m| m.as_str()) == Some("r");
        if self.tx.is_none() {
            self.pending.clear();
        } else if self.pending.len() >= MAX_OPEN_RESULTS {
            return self.protocol_error(&format!(
                "expected at most {MAX_OPEN_RESULTS} results open in a transaction: pull or discard one first"
            ));
        }
        let v5 = self.v5();
        let started = Instant::now();
        let engine = &self.shared.engine;
        let id = engine.new_id();
        let source = statement.clone();
        let encode = move |db: &Database, result: crate::diagnostic::Result<QueryResult>| {
            result.map(|r| encode_result(db, &r, v5))
        };
        let watched = id.clone();
        let (inbox, backlog) = (&mut self.inbox, &mut self.backlog);
        let outcome = match self.tx.as_mut() {
            Some(tx) => {
                let Some(db) = tx.db.take() else {
                    return self.protocol_error("the transaction is gone");
                };
                let read_only = read_only || tx.read_only;
                let (db, out) = watching(
                    engine.run_locked(db, id, statement, values, read_only, encode),
                    inbox,
                    backlog,
                    engine,
                    &watched,
                )
                .await;
                tx.db = db;
                if tx.db.is_none() {
                    // The runtime is shutting down; the transaction cannot go on.
                    self.tx = None;
                }
                out
            }
            None => {
                let Ok(_permit) = engine.admit() else {
                    self.failure(
                        "Neo.TransientError.Request.NoThreadsAvailable",
                        "expected fewer statements at once: the server's limit of waiting statements is reached; try again",
                    );
                    return Ok(());
                };
                watching(
                    engine.run(id, statement, values, read_only, encode),
                    inbox,
                    backlog,
                    engine,
                    &watched,
                )
                .await
            }
        };
        let (columns, records, mut summary) = match outcome {
            Ok(Ok(encoded)) => encoded,
            Ok(Err(e)) | Err(e) => {
                self.statement_failure(&e, &source);
                return Ok(());
            }
        };
        let t_first = started.elapsed().as_millis() as i64;
        let mut meta = vec![
            (
                "fields".to_string(),
                Pack::List(columns.into_iter().map(Pack::String).collect()),
            ),
            ("t_first".to_string(), Pack::Int(t_first)),
        ];
        let qid = self.next_qid;
        if self.tx.is_some() {
            self.next_qid += 1;
            meta.push(("qid".to_string(), Pack::Int(qid)));
        } else {
            self.commits += 1;
            summary.push((
                "bookmark".to_string(),
                Pack::String(format!("relq:{}", self.commits)),
            ));
        }
        summary.push(("db".to_string(), Pack::str("neo4j")));
        self.success(meta);
        self.pending.push((
            qid,
            Pending {
                records: records.into(),
                summary,
            },
        ));
        Ok(())
    }

    fn statement_failure(&mut self, e: &Error, statement: &str) {
        let message = e.render(statement, "query");
        self.failure(neo4j_code(e.kind), message.trim_end());
    }

    fn pull(&mut self, extra: Pack, discard: bool) -> Result<(), End> {
        let n = extra.get("n").and_then(|n| n.as_int()).unwrap_or(-1);
        // `qid` -1 (or none): the result of the last RUN.
        let at = match extra.get("qid").and_then(|q| q.as_int()).unwrap_or(-1) {
            -1 => self.pending.len().checked_sub(1),
            qid => self.pending.iter().position(|(q, _)| *q == qid),
        };
        let Some(at) = at else {
            return self
                .protocol_error("expected RUN before PULL or DISCARD: no such result is open");
        };
        let (qid, mut pending) = self.pending.remove(at);
        let take = if n < 0 {
            pending.records.len()
        } else {
            (n as usize).min(pending.records.len())
        };
        for record in pending.records.drain(..take) {
            if !discard {
                chunk_message(&record, &mut self.out);
            }
        }
        if discard {
            pending.records.clear();
        }
        if pending.records.is_empty() {
            let summary = std::mem::take(&mut pending.summary);
            let mut meta = summary;
            meta.push(("t_last".to_string(), Pack::Int(0)));
            self.success(meta);
        } else {
            self.success(vec![("has_more".to_string(), Pack::Bool(true))]);
            self.pending.insert(at, (qid, pending));
        }
        Ok(())
    }

    async fn begin(&mut self, extra: Pack) -> Result<(), End> {
        if self.tx.is_some() {
            return self.protocol_error(
                "expected COMMIT or ROLLBACK before another BEGIN: a transaction is open",
            );
        }
        self.pending.clear();
        self.next_qid = 0;
        let mut db = self.shared.engine.lock().await;
        db.begin_transaction();
        self.tx = Some(Tx {
            db: Some(db),
            read_only: extra.get("mode").and_then(|m| m.as_str()) == Some("r"),
        });
        self.success(vec![]);
        Ok(())
    }

    fn commit(&mut self) -> Result<(), End> {
        let Some(mut tx) = self.tx.take() else {
            return self.protocol_error("expected BEGIN before COMMIT: no transaction is open");
        };
        self.pending.clear();
        if let Some(mut db) = tx.db.take() {
            db.commit_transaction();
        }
        self.commits += 1;
        self.success(vec![(
            "bookmark".to_string(),
            Pack::String(format!("relq:{}", self.commits)),
        )]);
        Ok(())
    }

    fn rollback(&mut self) -> Result<(), End> {
        let Some(tx) = self.tx.take() else {
            return self.protocol_error("expected BEGIN before ROLLBACK: no transaction is open");
        };
        self.pending.clear();
        // Dropping it rolls it back.
        drop(tx);
        self.success(vec![]);
        Ok(())
    }

    /// A routing table of this one server in every role, so that `neo4j://` URIs work: its
    /// address as the client named it (the routing context's `address`), else the address
    /// the connection came to.
    fn route(&mut self, routing: Pack, extra: Pack) -> Result<(), End> {
        let address = routing
            .get("address")
            .and_then(|a| a.as_str())
            .map(str::to_string)
            .or_else(|| self.routing_address.clone())
            .or_else(|| self.local.map(|a| a.to_string()))
            .unwrap_or_default();
        let db = match &extra {
            Pack::Map(_) => extra.get("db").and_then(|d| d.as_str()).unwrap_or("neo4j"),
            Pack::String(s) => s,
            _ => "neo4j",
        }
        .to_string();
        let server = |role: &str| {
            Pack::map([
                ("addresses", Pack::List(vec![Pack::String(address.clone())])),
                ("role", Pack::str(role)),
            ])
        };
        let table = Pack::map([
            ("ttl", Pack::Int(300)),
            ("db", Pack::String(db)),
            (
                "servers",
                Pack::List(vec![server("ROUTE"), server("READ"), server("WRITE")]),
            ),
        ]);
        self.success(vec![("rt".to_string(), table)]);
        Ok(())
    }
}

/// A result as Bolt sends it: the columns, each row as a RECORD message, and the summary.
#[allow(clippy::type_complexity)]
fn encode_result(
    db: &Database,
    result: &QueryResult,
    v5: bool,
) -> (Vec<String>, Vec<Vec<u8>>, Vec<(String, Pack)>) {
    let graph = &db.graph;
    let width = result.columns.len();
    let records = result
        .rows
        .iter()
        .map(|row| {
            let values: Vec<Pack> = (0..width)
                .map(|i| {
                    row.get(i)
                        .map_or(Pack::Null, |v| packstream::from_value(v, graph, v5))
                })
                .collect();
            let mut message = Vec::new();
            packstream::encode(
                &Pack::Struct(sig::RECORD, vec![Pack::List(values)]),
                &mut message,
            );
            message
        })
        .collect();
    let s = &result.stats;
    let mut summary = vec![(
        "type".to_string(),
        Pack::str(if s.is_empty() {
            "r"
        } else if *s
            == (crate::Stats {
                indexes_added: s.indexes_added,
                indexes_removed: s.indexes_removed,
                constraints_added: s.constraints_added,
                constraints_removed: s.constraints_removed,
                ..Default::default()
            })
        {
            // Only the schema changed: Neo4j's "schema write".
            "s"
        } else {
            "rw"
        }),
    )];
    if !s.is_empty() {
        let mut stats = Vec::new();
        for (key, n) in [
            ("nodes-created", s.nodes_created),
            ("nodes-deleted", s.nodes_deleted),
            ("relationships-created", s.rels_created),
            ("relationships-deleted", s.rels_deleted),
            ("properties-set", s.props_set),
            ("labels-added", s.labels_added),
            ("labels-removed", s.labels_removed),
            ("indexes-added", s.indexes_added),
            ("indexes-removed", s.indexes_removed),
            ("constraints-added", s.constraints_added),
            ("constraints-removed", s.constraints_removed),
        ] {
            if n > 0 {
                stats.push((key.to_string(), Pack::Int(n as i64)));
            }
        }
        summary.push(("stats".to_string(), Pack::Map(stats)));
    }
    if let Some(plan) = &result.plan {
        let key = if plan.profiled { "profile" } else { "plan" };
        summary.push((key.to_string(), plan_pack(plan)));
    }
    (result.columns.clone(), records, summary)
}

/// A plan description as Neo4j's drivers read it: `{operatorType, identifiers, arguments,
/// children}`, with `rows` and `dbHits` under PROFILE. Built without recursion.
fn plan_pack(plan: &crate::PlanDescription) -> Pack {
    let ops = &plan.operators;
    if ops.is_empty() {
        return Pack::Null;
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); ops.len()];
    for (id, op) in ops.iter().enumerate() {
        if let Some(parent) = op.parent.filter(|p| *p < ops.len()) {
            children[parent].push(id);
        }
    }
    // Operators are in pre-order (a child after its parent): building from the last one
    // back, every child is built before its parent.
    let mut built: Vec<Option<Pack>> = vec![None; ops.len()];
    for id in (0..ops.len()).rev() {
        let op = &ops[id];
        let kids: Vec<Pack> = children[id]
            .iter()
            .filter_map(|c| built[*c].take())
            .collect();
        let mut arguments = vec![
            ("Details".to_string(), Pack::String(op.details.clone())),
            ("EstimatedRows".to_string(), Pack::Float(op.estimated_rows)),
        ];
        if let Some(time) = op.time {
            arguments.push((
                "Time".to_string(),
                Pack::Int(time.as_nanos().min(i64::MAX as u128) as i64),
            ));
        }
        let mut entries = vec![
            ("operatorType".to_string(), Pack::String(op.name.clone())),
            ("identifiers".to_string(), Pack::List(vec![])),
            ("arguments".to_string(), Pack::Map(arguments)),
            ("children".to_string(), Pack::List(kids)),
        ];
        if plan.profiled {
            entries.push((
                "rows".to_string(),
                Pack::Int(op.rows.unwrap_or(0).min(i64::MAX as u64) as i64),
            ));
            entries.push(("dbHits".to_string(), Pack::Int(0)));
        }
        built[id] = Some(Pack::Map(entries));
    }
    built[0].take().unwrap_or(Pack::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_negotiated() {
        let p = |list: [[u8; 4]; 4]| {
            let mut out = [0u8; 16];
            for (i, v) in list.iter().enumerate() {
                out[i * 4..i * 4 + 4].copy_from_slice(v);
            }
            negotiate(&out)
        };
        // 5.8 down to 5.0 as a range: the highest spoken, 5.4.
        assert_eq!(
            p([[0, 8, 8, 5], [0, 2, 4, 4], [0; 4], [0; 4]]),
            Some((5, 4))
        );
        assert_eq!(p([[0, 0, 4, 4], [0; 4], [0; 4], [0; 4]]), Some((4, 4)));
        assert_eq!(p([[0, 0, 2, 5], [0; 4], [0; 4], [0; 4]]), Some((5, 2)));
        assert_eq!(p([[0, 0, 3, 4], [0, 0, 0, 3], [0; 4], [0; 4]]), None);
        // The manifest proposal of newer drivers is skipped.
        assert_eq!(
            p([[0, 0, 1, 0xFF], [0, 4, 4, 5], [0; 4], [0; 4]]),
            Some((5, 4))
        );
        assert_eq!(p([[0, 8, 12, 5], [0; 4], [0; 4], [0; 4]]), Some((5, 4)));
        assert_eq!(p([[0, 2, 12, 5], [0; 4], [0; 4], [0; 4]]), None);
    }

    #[test]
    fn messages_are_chunked() {
        let message = vec![7u8; 70_000];
        let mut out = Vec::new();
        chunk_message(&message, &mut out);
        assert_eq!(&out[..2], &[0xFF, 0xFF]);
        assert_eq!(out.len(), 70_000 + 2 * 3);
        assert_eq!(&out[out.len() - 2..], &[0, 0]);
    }
}
