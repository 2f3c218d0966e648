//! The HTTP API: JSON in, JSON out (see the README's "Serving the graph" for the reference).
//!
//! Every request passes `guard` first: the Host header must name this server (a loopback
//! name when it listens on loopback, so that a page of another site cannot reach it through a
//! DNS name it rebinds to 127.0.0.1), an Origin header, when a browser sends one, must be this
//! server's own (no cross-site requests; no CORS headers are ever sent), and with a token the
//! `Authorization: Bearer` header must carry it (compared in constant time).

use super::engine::{Busy, Engine};
use super::Shared;
use crate::export::{ExportFormat, Subgraph};
use crate::{Database, Error, ErrorKind, QueryResult, Value};
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Rows in one page when the request does not say.
const DEFAULT_PAGE: usize = 1000;
/// The most rows one page may hold.
const MAX_PAGE: usize = 100_000;
/// Results kept for their later pages, at most; the oldest goes first.
const MAX_CURSORS: usize = 64;
/// How long a result's later pages stay available after its last page was fetched.
const CURSOR_LIFE: Duration = Duration::from_secs(600);

/// The routes, with the request checks and the body limit.
pub fn router(shared: Arc<Shared>) -> Router {
    let limit = shared.config.max_body;
    Router::new()
        .route("/query", post(query))
        .route("/queries", get(list_queries))
        .route("/queries/{id}/cancel", post(cancel))
        .route("/cursor/{id}", get(next_page))
        .route("/schema", get(schema))
        .route("/export", post(export))
        .route("/", get(explorer_file))
        .route("/explorer/{file}", get(explorer_file))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared)
}

/// A JSON error body: `{"error": {"class", "message", "line", "column", "help", "rendered"}}`.
fn error_response(status: StatusCode, error: &Error, statement: &str) -> Response {
    let (line, column) = match error.span {
        Some(span) if span.start <= statement.len() => {
            let (l, c) = crate::diagnostic::line_col(statement, span.start);
            (serde_json::Value::from(l), serde_json::Value::from(c))
        }
        _ => (serde_json::Value::Null, serde_json::Value::Null),
    };
    let body = serde_json::json!({
        "error": {
            "class": error.kind.name(),
            "message": error.message,
            "line": line,
            "column": column,
            "help": error.help,
            "rendered": error.render(statement, "query"),
        }
    });
    json_response(status, body.to_string())
}

/// An error of the request itself (not of a statement): its class and message.
fn request_error(status: StatusCode, class: &str, message: impl Into<String>) -> Response {
    let body = serde_json::json!({
        "error": {"class": class, "message": message.into(), "line": null, "column": null,
                  "help": null, "rendered": null}
    });
    json_response(status, body.to_string())
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The HTTP status for a statement's error class.
fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Access => StatusCode::FORBIDDEN,
        ErrorKind::Timeout => StatusCode::REQUEST_TIMEOUT,
        ErrorKind::Interrupted => StatusCode::CONFLICT,
        ErrorKind::Resource => StatusCode::INSUFFICIENT_STORAGE,
        // A file a statement names (LOAD CSV) that is missing or malformed: the request is
        // understood, the data it points to cannot be read.
        ErrorKind::Load => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::Save => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

async fn not_found() -> Response {
    request_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        "expected one of GET / (the explorer), POST /query, GET /queries, POST /queries/{id}/cancel, GET /cursor/{id}, GET /schema, POST /export?format=FORMAT",
    )
}

/// `GET /` and `GET /explorer/FILE`: the explorer's page and files.
async fn explorer_file(request: Request) -> Response {
    match super::explorer::serve(request.uri().path(), request.headers()) {
        Some(response) => response,
        None => not_found().await,
    }
}

/// Host, Origin and token checks before any route.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_allowed(host, shared.config.http_loopback_only) {
        return request_error(
            StatusCode::FORBIDDEN,
            "HostError",
            format!("expected a Host header naming this server (localhost, 127.0.0.1 or [::1]), found '{host}'"),
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let same = origin
            .strip_prefix("http://")
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host));
        if !same {
            return request_error(
                StatusCode::FORBIDDEN,
                "OriginError",
                format!("expected no Origin header or this server's own (http://{host}), found '{origin}': cross-site requests are refused"),
            );
        }
    }
    // The explorer's files hold no data: a browser gets them without the token, which the page
    // then sends with each API request (see `explorer`).
    let public = request.method() == axum::http::Method::GET
        && super::explorer::is_asset(request.uri().path());
    if let Some(token) = shared.config.token.as_ref().filter(|_| !public) {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .unwrap_or("");
        if !super::token_matches(given, token) {
            let mut response = request_error(
                StatusCode::UNAUTHORIZED,
                "AuthError",
                "expected the header 'Authorization: Bearer TOKEN' with the server's token",
            );
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            return response;
        }
    }
    next.run(request).await
}

/// Whether a Host header names this server: when it listens on loopback only, a loopback
/// name (with any port); else any host (the token protects it).
pub fn host_allowed(host: &str, loopback_only: bool) -> bool {
    if !loopback_only {
        return !host.is_empty();
    }
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((name, port)) if port.is_empty() || is_port(port) => name,
            _ => return false,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn is_port(text: &str) -> bool {
    text.strip_prefix(':')
        .unwrap_or(text)
        .parse::<u16>()
        .is_ok()
}

/// The body of `POST /query` and `POST /export`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryRequest {
    statement: String,
    #[serde(default)]
    parameters: serde_json::Map<String, serde_json::Value>,
    /// Rows in the first page.
    #[serde(default)]
    limit: Option<usize>,
    /// An id of the client's choosing, for `cancel` while it runs.
    #[serde(default)]
    id: Option<String>,
    /// Leave out the `graph` part of the answer.
    #[serde(default)]
    no_graph: bool,
    /// With `/export`: also every relationship among the exported nodes.
    #[serde(default)]
    induced: bool,
}

/// Parse a request's JSON body, or the error response for it (a response is large, but this
/// runs once per request and the error leaves the handler at once).
#[allow(clippy::result_large_err)]
fn parse_request(body: Result<Bytes, BytesRejection>) -> Result<QueryRequest, Response> {
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            request_error(status, "RequestError", "expected a request body within the server's limit (--max-body), found a larger one")
        } else {
            request_error(status, "RequestError", rejection.body_text())
        }
    })?;
    let request: QueryRequest = serde_json::from_slice(&body).map_err(|e| {
        request_error(
            StatusCode::BAD_REQUEST,
            "RequestError",
            format!("expected a JSON object {{\"statement\": TEXT, \"parameters\": {{...}}}}: {e}"),
        )
    })?;
    if let Some(id) = &request.id {
        if id.is_empty() || id.len() > 100 {
            return Err(request_error(
                StatusCode::BAD_REQUEST,
                "RequestError",
                "expected an id of 1 to 100 characters",
            ));
        }
    }
    Ok(request)
}

/// A JSON value as a parameter value: integers that fit in 64 bits stay integers, other
/// numbers are floats.
pub fn json_to_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(items) => Value::List(items.iter().map(json_to_value).collect()),
        serde_json::Value::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), json_to_value(v)))
                .collect(),
        ),
    }
}

fn busy() -> Response {
    request_error(
        StatusCode::SERVICE_UNAVAILABLE,
        "BusyError",
        "expected fewer statements at once: the server's limit of waiting statements (--max-statements) is reached; try again",
    )
}

/// `POST /query`.
async fn query(State(shared): State<Arc<Shared>>, body: Result<Bytes, BytesRejection>) -> Response {
    let request = match parse_request(body) {
        Ok(r) => r,
        Err(response) => return response,
    };
    let engine: &Engine = &shared.engine;
    let started = Instant::now();
    let id = request.id.clone().unwrap_or_else(|| engine.new_id());
    if engine.is_active(&id) {
        return request_error(
            StatusCode::CONFLICT,
            "RequestError",
            format!("expected an id no other statement waiting or running has, found '{id}'"),
        );
    }
    let Ok(_permit) = engine.admit().map_err(|Busy| ()) else {
        return busy();
    };
    let params = request
        .parameters
        .iter()
        .map(|(k, v)| (k.clone(), json_to_value(v)))
        .collect();
    let limit = request.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let statement = request.statement.clone();
    let with_graph = !request.no_graph;
    let rid = id.clone();
    let outcome = engine
        .run(
            id.clone(),
            request.statement,
            params,
            false,
            move |db, result| {
                result.map(|r| {
                    let page = render_page(
                        db,
                        &r.columns,
                        &r.rows[..limit.min(r.rows.len())],
                        with_graph,
                    );
                    (r, page)
                })
            },
        )
        .await;
    let (mut result, page) = match outcome {
        Ok(Ok(pair)) => pair,
        Ok(Err(e)) => return error_response(status_of(e.kind), &e, &statement),
        Err(e) => return error_response(StatusCode::INTERNAL_SERVER_ERROR, &e, &statement),
    };
    let total = result.rows.len();
    let shown = limit.min(total);
    let cursor = (shown < total).then(|| {
        shared.cursors.keep(
            result.columns.clone(),
            std::mem::take(&mut result.rows)
                .into_iter()
                .skip(shown)
                .collect(),
            with_graph,
        )
    });
    let mut body = String::with_capacity(page.len() + 256);
    body.push_str(&format!("{{\"id\":{}", serde_json::Value::from(rid)));
    body.push_str(&page);
    body.push_str(&format!(
        ",\"stats\":{},\"warnings\":{},\"plan\":{},\"has_more\":{},\"cursor\":{},\"elapsed_ms\":{}}}",
        stats_json(&result.stats),
        warnings_json(&result.warnings, &statement),
        plan_json(&result),
        cursor.is_some(),
        serde_json::Value::from(cursor),
        serde_json::Value::from((started.elapsed().as_secs_f64() * 1e6).round() / 1e3),
    ));
    json_response(StatusCode::OK, body)
}

/// `,"columns":[...],"rows":[[...]],"graph":{...}` for a page of rows, values as the JSON
/// output prints them (property order kept).
fn render_page(db: &Database, columns: &[String], rows: &[Vec<Value>], with_graph: bool) -> String {
    let graph = &db.graph;
    let mut out = String::new();
    out.push_str(",\"columns\":");
    out.push_str(&serde_json::Value::from(columns.to_vec()).to_string());
    out.push_str(",\"rows\":[");
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (j, value) in row.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            crate::output::json::write_json_value(&mut out, value, graph);
        }
        out.push(']');
    }
    out.push(']');
    if with_graph {
        let mentioned = QueryResult {
            columns: columns.to_vec(),
            rows: rows.to_vec(),
            ..QueryResult::default()
        };
        // The virtual nodes and relationships too (`"virtual": true`), for the page to draw.
        let (sub, virtuals) = Subgraph::with_virtual(&mentioned, graph, false);
        let nodes = sub.nodes.iter().map(|n| Value::Node(*n)).chain(
            virtuals
                .iter()
                .filter(|v| matches!(v, Value::VirtualNode(_)))
                .cloned(),
        );
        let rels = sub.rels.iter().map(|r| Value::Rel(*r)).chain(
            virtuals
                .iter()
                .filter(|v| matches!(v, Value::VirtualRel(_)))
                .cloned(),
        );
        out.push_str(",\"graph\":{\"nodes\":[");
        for (i, n) in nodes.enumerate() {
            if i > 0 {
                out.push(',');
            }
            crate::output::json::write_json_value(&mut out, &n, graph);
        }
        out.push_str("],\"relationships\":[");
        for (i, r) in rels.enumerate() {
            if i > 0 {
                out.push(',');
            }
            crate::output::json::write_json_value(&mut out, &r, graph);
        }
        out.push_str("]}");
    }
    out
}

fn stats_json(stats: &crate::Stats) -> String {
    serde_json::json!({
        "nodes_created": stats.nodes_created,
        "nodes_deleted": stats.nodes_deleted,
        "relationships_created": stats.rels_created,
        "relationships_deleted": stats.rels_deleted,
        "properties_set": stats.props_set,
        "labels_added": stats.labels_added,
        "labels_removed": stats.labels_removed,
        "indexes_added": stats.indexes_added,
        "indexes_removed": stats.indexes_removed,
        "constraints_added": stats.constraints_added,
        "constraints_removed": stats.constraints_removed,
    })
    .to_string()
}

fn warnings_json(warnings: &[crate::Warning], statement: &str) -> String {
    let list: Vec<serde_json::Value> = warnings
        .iter()
        .map(|w| {
            serde_json::json!({
                "message": w.message,
                "help": w.help,
                "rendered": crate::diagnostic::render_message("warning", &w.message, Some(w.span), w.help.as_deref(), statement, "query"),
            })
        })
        .collect();
    serde_json::Value::from(list).to_string()
}

/// The plan of EXPLAIN or PROFILE as the JSON output prints it, or null.
fn plan_json(result: &QueryResult) -> String {
    match &result.plan {
        Some(plan) => format!(
            "{{\"profiled\":{},\"root\":{}}}",
            plan.profiled,
            crate::output::plan::json_tree(plan)
        ),
        None => "null".to_string(),
    }
}

/// `GET /queries`: the statements waiting or running.
async fn list_queries(State(shared): State<Arc<Shared>>) -> Response {
    let list: Vec<serde_json::Value> = shared
        .engine
        .list()
        .into_iter()
        .map(|(id, r)| {
            serde_json::json!({
                "id": id,
                "statement": r.statement,
                "state": if r.running { "running" } else { "waiting" },
                "elapsed_ms": (r.started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
            })
        })
        .collect();
    json_response(
        StatusCode::OK,
        serde_json::json!({ "queries": list }).to_string(),
    )
}

/// `POST /queries/{id}/cancel`.
async fn cancel(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    if shared.engine.cancel(&id) {
        json_response(
            StatusCode::OK,
            serde_json::json!({ "id": id, "cancelled": true }).to_string(),
        )
    } else {
        request_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            format!("expected the id of a statement waiting or running, found '{id}' (GET /queries lists them)"),
        )
    }
}

#[derive(serde::Deserialize)]
struct PageParams {
    limit: Option<usize>,
}

/// `GET /cursor/{id}?limit=N`: the next page of a result.
async fn next_page(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    params: Result<Query<PageParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let limit = match params {
        Ok(Query(p)) => p.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE),
        Err(e) => return request_error(StatusCode::BAD_REQUEST, "RequestError", e.body_text()),
    };
    let Some((columns, rows, more, with_graph)) = shared.cursors.take(&id, limit) else {
        return request_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            format!("expected the cursor of a result with rows left, found '{id}' (cursors last {} minutes)", CURSOR_LIFE.as_secs() / 60),
        );
    };
    let db = shared.engine.read().await;
    let page = render_page(&db, &columns, &rows, with_graph);
    drop(db);
    let cursor = more.then_some(id);
    json_response(
        StatusCode::OK,
        format!(
            "{{\"has_more\":{}{page},\"cursor\":{}}}",
            cursor.is_some(),
            serde_json::Value::from(cursor)
        ),
    )
}

/// `GET /schema`: counts of nodes and relationships, and the labels, relationship types and
/// property keys with how many entities carry each.
async fn schema(State(shared): State<Arc<Shared>>) -> Response {
    let db = shared.engine.read().await;
    let g = &db.graph;
    let pairs = |list: Vec<(&str, usize)>| -> serde_json::Value {
        list.into_iter()
            .map(|(name, count)| serde_json::json!({"name": name, "count": count}))
            .collect::<Vec<_>>()
            .into()
    };
    let body = serde_json::json!({
        "nodes": g.node_count(),
        "relationships": g.rel_count(),
        "labels": pairs(g.labels()),
        "relationship_types": pairs(g.rel_types()),
        "property_keys": pairs(g.property_keys()),
        "read_only": shared.engine.read_only(),
    });
    json_response(StatusCode::OK, body.to_string())
}

#[derive(serde::Deserialize)]
struct ExportParams {
    format: Option<String>,
}

/// `POST /export?format=FORMAT`: run the statement and answer with the subgraph its result
/// mentions in that export format (for `csv`, a JSON object holding both files).
async fn export(
    State(shared): State<Arc<Shared>>,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let format = match params.map(|Query(p)| p.format) {
        Ok(Some(name)) => match name.parse::<ExportFormat>() {
            Ok(f) => f,
            Err(message) => {
                return request_error(
                    StatusCode::BAD_REQUEST,
                    "RequestError",
                    format!("expected ?format= one of the export formats: {message}"),
                )
            }
        },
        Ok(None) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                "RequestError",
                "expected ?format=graphml, gexf, dot, svg, json, cypher or csv",
            )
        }
        Err(e) => return request_error(StatusCode::BAD_REQUEST, "RequestError", e.body_text()),
    };
    let request = match parse_request(body) {
        Ok(r) => r,
        Err(response) => return response,
    };
    let id = request.id.clone().unwrap_or_else(|| shared.engine.new_id());
    if shared.engine.is_active(&id) {
        return request_error(
            StatusCode::CONFLICT,
            "RequestError",
            format!("expected an id no other statement waiting or running has, found '{id}'"),
        );
    }
    let Ok(_permit) = shared.engine.admit().map_err(|Busy| ()) else {
        return busy();
    };
    let params = request
        .parameters
        .iter()
        .map(|(k, v)| (k.clone(), json_to_value(v)))
        .collect();
    let statement = request.statement.clone();
    let induced = request.induced;
    let outcome = shared
        .engine
        .run(id, request.statement, params, false, move |db, result| {
            result.map(|r| {
                let sub = Subgraph::of_result(&r, &db.graph, induced)?;
                Ok(write_export(format, &sub, &db.graph))
            })
        })
        .await;
    let outcome = outcome.map(|r| r.and_then(|r| r));
    match outcome {
        Ok(Ok(Ok((content_type, bytes)))) => {
            ([(header::CONTENT_TYPE, content_type)], Body::from(bytes)).into_response()
        }
        Ok(Ok(Err(e))) => request_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ExportError",
            e.to_string(),
        ),
        Ok(Err(e)) => error_response(status_of(e.kind), &e, &statement),
        Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, &e, &statement),
    }
}

/// The export's bytes and their content type.
fn write_export(
    format: ExportFormat,
    sub: &Subgraph,
    graph: &crate::Graph,
) -> std::io::Result<(&'static str, Vec<u8>)> {
    use crate::export as ex;
    let mut out = Vec::new();
    if let Some(write) = format.writer() {
        write(sub, graph, &mut out)?;
    }
    let content_type = match format {
        ExportFormat::GraphMl => "application/graphml+xml",
        ExportFormat::Gexf => "application/gexf+xml",
        ExportFormat::Dot => "text/vnd.graphviz; charset=utf-8",
        ExportFormat::Svg => "image/svg+xml",
        ExportFormat::NodeLink => "application/json",
        ExportFormat::Cypher => "text/plain; charset=utf-8",
        ExportFormat::Csv => {
            let mut nodes = Vec::new();
            let mut rels = Vec::new();
            ex::neo4j_csv::write_nodes_csv(sub, graph, &mut nodes)?;
            ex::neo4j_csv::write_relationships_csv(sub, graph, &mut rels)?;
            let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
            out = serde_json::json!({"nodes.csv": text(nodes), "relationships.csv": text(rels)})
                .to_string()
                .into_bytes();
            "application/json"
        }
    };
    Ok((content_type, out))
}

/// Results kept for their later pages.
#[derive(Default)]
pub struct Cursors {
    inner: std::sync::Mutex<CursorMap>,
}

#[derive(Default)]
struct CursorMap {
    next: u64,
    kept: HashMap<String, Cursor>,
    order: VecDeque<String>,
}

struct Cursor {
    columns: Vec<String>,
    rows: VecDeque<Vec<Value>>,
    with_graph: bool,
    touched: Instant,
}

impl Cursors {
    /// Keep the rows not yet sent; the cursor's id.
    fn keep(&self, columns: Vec<String>, rows: VecDeque<Vec<Value>>, with_graph: bool) -> String {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.expire();
        while map.kept.len() >= MAX_CURSORS {
            match map.order.pop_front() {
                Some(old) => {
                    map.kept.remove(&old);
                }
                None => break,
            }
        }
        map.next += 1;
        let id = format!("c{}", map.next);
        map.kept.insert(
            id.clone(),
            Cursor {
                columns,
                rows,
                with_graph,
                touched: Instant::now(),
            },
        );
        map.order.push_back(id.clone());
        id
    }

    /// The next `limit` rows of a cursor, whether more are left, and whether to add the graph.
    #[allow(clippy::type_complexity)]
    fn take(&self, id: &str, limit: usize) -> Option<(Vec<String>, Vec<Vec<Value>>, bool, bool)> {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.expire();
        let cursor = map.kept.get_mut(id)?;
        let n = limit.min(cursor.rows.len());
        let rows: Vec<Vec<Value>> = cursor.rows.drain(..n).collect();
        cursor.touched = Instant::now();
        let more = !cursor.rows.is_empty();
        let out = (cursor.columns.clone(), rows, more, cursor.with_graph);
        if !more {
            map.kept.remove(id);
            map.order.retain(|k| k != id);
        }
        Some(out)
    }
}

impl CursorMap {
    fn expire(&mut self) {
        let kept = &mut self.kept;
        kept.retain(|_, c| c.touched.elapsed() < CURSOR_LIFE);
        self.order.retain(|k| kept.contains_key(k));
    }
}

#[cfg(test)]
mod tests {
    use super::host_allowed;

    #[test]
    fn only_loopback_names_pass_on_loopback() {
        for host in [
            "localhost",
            "localhost:7474",
            "LOCALHOST:1",
            "127.0.0.1:7474",
            "127.0.0.2",
            "[::1]:7474",
            "[::1]",
        ] {
            assert!(host_allowed(host, true), "{host}");
        }
        for host in [
            "",
            "example.com",
            "127.0.0.1.example.com",
            "localhost.example.com:7474",
            "10.0.0.1:7474",
            "[::2]:1",
            "localhost:x",
            "[::1]x",
            "localhost:99999",
        ] {
            assert!(!host_allowed(host, true), "{host}");
        }
        assert!(host_allowed("example.com", false));
        assert!(!host_allowed("", false));
    }
}
