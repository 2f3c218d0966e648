//! `relq serve`: the graph over HTTP (a JSON API, `http`) and over the Bolt protocol that
//! Neo4j's drivers speak (`bolt`), both on one tokio runtime, around one shared `Database`
//! (`engine`). The server uses only the public `Database` API: it knows neither how a
//! statement is planned or run nor the snapshot format.

pub mod bolt;
mod engine;
mod explorer;
mod http;

use crate::Database;
use engine::Engine;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Neo4j's HTTP port, and the ports after it tried when it is taken.
pub const DEFAULT_HTTP_PORT: u16 = 7474;
/// Bolt's usual port, and the ports after it tried when it is taken.
pub const DEFAULT_BOLT_PORT: u16 = 7687;
/// How many ports from the default are tried.
const PORTS_TRIED: u16 = 10;

/// Where to listen: a given address, the default (loopback, the usual port or the next free
/// one), or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listen {
    Default,
    At(SocketAddr),
    Off,
}

impl Listen {
    /// `--http` / `--bolt`: `HOST:PORT`, `:PORT` (loopback), `PORT` (loopback), or `off`.
    pub fn parse(text: &str) -> Result<Listen, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("off") || t.eq_ignore_ascii_case("none") {
            return Ok(Listen::Off);
        }
        let port_only = t.strip_prefix(':').unwrap_or(t);
        if let Ok(port) = port_only.parse::<u16>() {
            return Ok(Listen::At(SocketAddr::new(
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                port,
            )));
        }
        if let Ok(addr) = t.parse::<SocketAddr>() {
            return Ok(Listen::At(addr));
        }
        if let Some(port) = t.strip_prefix("localhost:").and_then(|p| p.parse().ok()) {
            return Ok(Listen::At(SocketAddr::new(
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                port,
            )));
        }
        Err(format!(
            "expected an address such as 127.0.0.1:7474, [::1]:7474, :7474 or off, found '{text}'"
        ))
    }
}

/// What `relq serve` was asked for.
#[derive(Clone, Debug)]
pub struct Config {
    pub http: Listen,
    pub bolt: Listen,
    pub read_only: bool,
    pub token: Option<String>,
    pub timeout: Option<Duration>,
    /// Where to save the graph at shutdown (`--save-on-exit`).
    pub save_on_exit: Option<PathBuf>,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// How many statements may wait for the database at once.
    pub max_statements: usize,
    /// Set once the HTTP address is known: whether it is a loopback address.
    pub http_loopback_only: bool,
    /// The folder whose files LOAD CSV may read (`--allow-file-import`); None: no file at all.
    pub file_import: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            http: Listen::Default,
            bolt: Listen::Default,
            read_only: false,
            token: None,
            timeout: None,
            save_on_exit: None,
            max_body: 1 << 20,
            max_statements: 64,
            http_loopback_only: true,
            file_import: None,
        }
    }
}

/// What every connection shares.
pub struct Shared {
    pub config: Config,
    pub engine: Engine,
    cursors: http::Cursors,
}

/// Compare a token given by a client with the server's in constant time (for tokens of the
/// same length; a different length is refused at once, which tells only the length).
pub fn token_matches(given: &str, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

/// Bind a listener: the given address, or the default port on loopback or the next free one.
async fn bind(
    listen: &Listen,
    default_port: u16,
) -> std::io::Result<Option<tokio::net::TcpListener>> {
    match listen {
        Listen::Off => Ok(None),
        Listen::At(addr) => tokio::net::TcpListener::bind(addr).await.map(Some),
        Listen::Default => {
            let mut last = None;
            for port in default_port..default_port.saturating_add(PORTS_TRIED) {
                match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
                    Ok(l) => return Ok(Some(l)),
                    Err(e) => last = Some(e),
                }
            }
            Err(last.unwrap_or_else(|| std::io::Error::other("no port to try")))
        }
    }
}

fn is_loopback(listen: &Listen) -> bool {
    match listen {
        Listen::At(addr) => addr.ip().is_loopback(),
        Listen::Default | Listen::Off => true,
    }
}

/// Run the server until Ctrl-C (or SIGTERM); the exit status (0, or 2 when it could not
/// start or could not save). Messages go to `say`: the startup line names the addresses
/// bound (`relq serve: HTTP on http://127.0.0.1:7474, Bolt on bolt://127.0.0.1:7687`).
pub fn run(db: Database, config: Config, say: &(dyn Fn(&str) + Sync)) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("relq-serve")
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            say(&format!("error: cannot start the server's runtime: {e}"));
            return 2;
        }
    };
    runtime.block_on(serve(db, config, say))
}

async fn serve(mut db: Database, mut config: Config, say: &(dyn Fn(&str) + Sync)) -> u8 {
    for (listen, flag) in [(&config.http, "--http"), (&config.bolt, "--bolt")] {
        if !is_loopback(listen) && config.token.is_none() {
            say(&format!(
                "error: {flag} {} is not a loopback address: serving the graph beyond this machine needs --token TOKEN",
                match listen {
                    Listen::At(a) => a.to_string(),
                    _ => String::new(),
                }
            ));
            return 2;
        }
    }
    if config.http == Listen::Off && config.bolt == Listen::Off {
        say("error: --http off and --bolt off leave nothing to serve");
        return 2;
    }
    if config.token.as_deref() == Some("") {
        say("error: --token expects a non-empty token");
        return 2;
    }
    config.http_loopback_only = is_loopback(&config.http);
    db.set_timeout(config.timeout);
    let http_listener = match bind(&config.http, DEFAULT_HTTP_PORT).await {
        Ok(l) => l,
        Err(e) => {
            say(&format!("error: cannot listen for HTTP: {e}"));
            return 2;
        }
    };
    let bolt_listener = match bind(&config.bolt, DEFAULT_BOLT_PORT).await {
        Ok(l) => l,
        Err(e) => {
            say(&format!("error: cannot listen for Bolt: {e}"));
            return 2;
        }
    };
    let stopped = match shutdown_signal() {
        Ok(s) => s,
        Err(e) => {
            say(&format!("error: cannot listen for Ctrl-C: {e}"));
            return 2;
        }
    };
    // Statements come from the network: they read the server's files only where allowed.
    let mut db = db;
    db.set_file_access(match &config.file_import {
        Some(dir) => crate::database::FileAccess::Inside(dir.clone()),
        None => crate::database::FileAccess::Refused,
    });
    let shared = Arc::new(Shared {
        engine: Engine::new(db, config.read_only, config.max_statements),
        config: config.clone(),
        cursors: http::Cursors::default(),
    });
    let mut parts = Vec::new();
    if let Some(l) = &http_listener {
        if let Ok(addr) = l.local_addr() {
            parts.push(format!("HTTP on http://{addr}"));
        }
    }
    if let Some(l) = &bolt_listener {
        if let Ok(addr) = l.local_addr() {
            parts.push(format!("Bolt on bolt://{addr}"));
        }
    }
    let mut notes = Vec::new();
    if config.read_only {
        notes.push("read-only");
    }
    if config.token.is_some() {
        notes.push("token required");
    }
    if config.file_import.is_some() {
        notes.push("LOAD CSV reads the import folder");
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    };
    say(&format!(
        "relq serve: {}{notes}; Ctrl-C stops",
        parts.join(", ")
    ));

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    if let Some(listener) = http_listener {
        let app = http::router(shared.clone());
        let mut stop = stop_rx.clone();
        tasks.spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|s| *s).await;
                })
                .await;
        });
    }
    if let Some(listener) = bolt_listener {
        let shared = shared.clone();
        let stop = stop_rx.clone();
        tasks.spawn(bolt::serve(listener, shared, stop));
    }

    stopped.await;
    say("relq serve: stopping");
    let _ = stop_tx.send(true);
    shared.engine.interrupt_all();
    // Connections get a moment to finish the statement they run (which the interrupt stops).
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    tasks.abort_all();
    while tasks.join_next().await.is_some() {}
    let mut code = 0;
    if let Some(path) = &config.save_on_exit {
        // Every connection is gone: an open transaction was rolled back when its connection
        // was dropped; one whose statement was still running when its connection went is
        // rolled back here, so that the graph saved holds only committed changes.
        let mut db = shared.engine.lock().await;
        while db.rollback_transaction() {}
        match db.save(path) {
            Ok(info) => say(&format!(
                "saved {} nodes, {} relationships to {} ({} bytes)",
                info.nodes,
                info.rels,
                path.display(),
                info.bytes
            )),
            Err(e) => {
                say(e.render("", &path.display().to_string()).trim_end());
                code = 2;
            }
        }
    }
    code
}

/// Ctrl-C (SIGINT), or SIGTERM on Unix. The handlers are installed when this is called, so
/// that a signal that comes right after the startup line is not lost.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
