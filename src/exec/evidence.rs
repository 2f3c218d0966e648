//! `evidence(r)`: what a relationship rests on, as a map with the same keys whatever the
//! source (null where the relationship does not say):
//!
//! | key | from |
//! |---|---|
//! | `type` | the relationship's type |
//! | `said_by` | the start node's `name` (else its `code`): who said or did it |
//! | `target` | the end node's `name` (else its `code`) |
//! | `what` | `allegation`, else `topic`, else `cameo_description` (GDELT), else `cameo` |
//! | `via` | `via`: the person or body that spoke or acted for the subject |
//! | `date` | `date` (GDELT's event day; the seed graph's dated facts) |
//! | `year` | `year`, else the year of `date` |
//! | `quote` | `quote`: the verbatim sentence |
//! | `context` | `context`: a second sentence the fact also rests on |
//! | `url` | `source_url` (GDELT), else `url` |
//! | `source` | `source`, else the host of `url` (`www.example.com`) |
//!
//! For a path (or a list of relationships, as a variable-length pattern binds), the list of
//! its relationships' evidence, in order.

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::exec::{budget, Ctx};
use crate::graph::{Graph, NodeId, RelId, Value};
use std::collections::BTreeMap;

/// `evidence(x)`.
pub(super) fn evidence(value: &Value, ctx: Ctx) -> Result<Value> {
    let rels: &[RelId] = match value {
        Value::Null => return Ok(Value::Null),
        Value::Rel(r) => return of_rel(ctx.graph, *r).map(Value::Map),
        Value::Path(p) => &p.rels,
        Value::List(items) => {
            budget::check(
                items.len() as u64 * ENTRY_BYTES,
                "evidence()",
                budget::Kind::Value,
            )?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                ctx.tick()?;
                out.push(match item {
                    Value::Null => Value::Null,
                    Value::Rel(r) => Value::Map(of_rel(ctx.graph, *r)?),
                    other => return Err(expects(other)),
                });
            }
            return Ok(Value::List(out));
        }
        other => return Err(expects(other)),
    };
    budget::check(
        rels.len() as u64 * ENTRY_BYTES,
        "evidence()",
        budget::Kind::Value,
    )?;
    let mut out = Vec::with_capacity(rels.len());
    for r in rels {
        ctx.tick()?;
        out.push(Value::Map(of_rel(ctx.graph, *r)?));
    }
    Ok(Value::List(out))
}

/// Roughly what one relationship's map takes, before its strings.
const ENTRY_BYTES: u64 = 12 * (budget::VALUE + 48);

fn expects(got: &Value) -> Error {
    if let Some(entity) = got.virtual_entity() {
        return super::not_in_graph(
            "evidence()",
            "relationships of the graph, whose evidence it reads",
            &entity,
        );
    }
    Error::type_error(format!(
        "evidence() expects a Relationship, a Path or a List of Relationships, got {}",
        got.type_name()
    ))
}

/// One relationship's evidence.
pub fn of_rel(graph: &Graph, r: RelId) -> Result<BTreeMap<String, Value>> {
    let data = graph.rel(r).ok_or_else(|| {
        Error::new(
            ErrorKind::EntityNotFound,
            format!("relationship {} has been deleted", r.0),
        )
    })?;
    let (start, end) = graph.endpoints(r).ok_or_else(|| {
        Error::new(
            ErrorKind::EntityNotFound,
            format!("relationship {} has been deleted", r.0),
        )
    })?;
    let prop = |key: &str| -> Value {
        graph
            .sym(key)
            .and_then(|k| data.props.iter().find(|(pk, _)| *pk == k))
            .map_or(Value::Null, |(_, v)| v.clone())
    };
    let first = |keys: &[&str]| -> Value {
        keys.iter()
            .map(|k| prop(k))
            .find(|v| !v.is_null())
            .unwrap_or(Value::Null)
    };
    let date = prop("date");
    let year = match (prop("year"), &date) {
        (Value::Null, Value::Temporal(t)) => {
            crate::temporal::component(t, "year").unwrap_or(Value::Null)
        }
        (year, _) => year,
    };
    let url = first(&["source_url", "url"]);
    let source = match (prop("source"), &url) {
        (Value::Null, Value::String(u)) => host(u).map_or(Value::Null, Value::str),
        (source, _) => source,
    };
    let mut map = BTreeMap::new();
    map.insert("type".into(), Value::String(graph.name_arc(data.ty)));
    map.insert("said_by".into(), actor_name(graph, start));
    map.insert("target".into(), actor_name(graph, end));
    map.insert(
        "what".into(),
        first(&["allegation", "topic", "cameo_description", "cameo"]),
    );
    map.insert("via".into(), prop("via"));
    map.insert("date".into(), date);
    map.insert("year".into(), year);
    map.insert("quote".into(), prop("quote"));
    map.insert("context".into(), prop("context"));
    map.insert("url".into(), url);
    map.insert("source".into(), source);
    Ok(map)
}

/// What a node is called: its `name`, else its `code`, else null.
fn actor_name(graph: &Graph, node: NodeId) -> Value {
    ["name", "code"]
        .iter()
        .filter_map(|k| graph.sym(k).and_then(|k| graph.node_prop(node, k)))
        .next()
        .unwrap_or(Value::Null)
}

/// The host of a URL (`https://www.example.com/a/b` → `www.example.com`), None when the text
/// has none.
fn host(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(host("https://www.example.com/a/b"), Some("www.example.com"));
        assert_eq!(
            host("http://user@news.example:8080?x"),
            Some("news.example")
        );
        assert_eq!(host("article:us-russia"), None);
        assert_eq!(host("https:///x"), None);
    }
}
