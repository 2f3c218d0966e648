//! The shell's evidence commands: `:why` shows what each relationship of the last result rests
//! on (`exec::evidence`, the map `evidence(r)` returns), one block per relationship; `:disputes
//! [WINDOW]` runs the disputes statement (`disputes_statement`), which the user could type too.

use super::session::Session;
use crate::graph::{RelId, Value};
use crate::QueryResult;
use std::collections::HashSet;

/// How many relationships of a result `:why` keeps, at most.
pub const MAX_KEPT: usize = 10_000;
/// How many blocks `:why` prints, at most.
pub const MAX_SHOWN: usize = 50;

/// The relationships a result mentions (in cells, paths, lists and maps), each once, in the
/// order they first appear; at most `MAX_KEPT`.
pub fn rels_of(result: &QueryResult) -> Vec<RelId> {
    fn walk(v: &Value, seen: &mut HashSet<RelId>, out: &mut Vec<RelId>) {
        if out.len() >= MAX_KEPT {
            return;
        }
        match v {
            Value::Rel(r) if seen.insert(*r) => out.push(*r),
            Value::Path(p) => {
                for r in &p.rels {
                    walk(&Value::Rel(*r), seen, out);
                }
            }
            Value::List(items) => items.iter().for_each(|i| walk(i, seen, out)),
            Value::Map(m) => m.values().for_each(|i| walk(i, seen, out)),
            _ => {}
        }
    }
    let (mut seen, mut out) = (HashSet::new(), Vec::new());
    for row in &result.rows {
        for cell in row {
            walk(cell, &mut seen, &mut out);
        }
    }
    out
}

/// `:why`: the evidence of the last result's relationships.
pub fn why(session: &mut Session) {
    let rels = &session.last_rels;
    if rels.is_empty() {
        session.io.say(
            "The last result has no relationships. Return some (`RETURN r`, a path `p = (a)-[r]->(b)`), then :why shows their evidence.",
        );
        return;
    }
    let graph = &session.db.graph;
    let mut text = String::new();
    for (i, &r) in rels.iter().take(MAX_SHOWN).enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&block(graph, r));
    }
    if rels.len() > MAX_SHOWN {
        text.push_str(&format!(
            "\n… and {} more relationship{}: narrow the query (LIMIT, WHERE) or RETURN evidence(r) for all of them\n",
            rels.len() - MAX_SHOWN,
            if rels.len() - MAX_SHOWN == 1 { "" } else { "s" }
        ));
    }
    session.io.say(&text);
}

/// One relationship's block: `(a)-[:TYPE]->(b)`, then what it rests on, a line each.
pub fn block(graph: &crate::Graph, r: RelId) -> String {
    let map = match crate::exec::evidence::of_rel(graph, r) {
        Ok(m) => m,
        Err(_) => return format!("relationship {} has been deleted since\n", r.0),
    };
    let get = |k: &str| map.get(k).filter(|v| !v.is_null());
    let plain = |v: &Value| plain(v, graph);
    let name = |k: &str| get(k).map_or_else(|| "?".to_string(), plain);
    let mut out = format!(
        "({})-[:{}]->({})\n",
        name("said_by"),
        name("type"),
        name("target")
    );
    let when = get("date").or_else(|| get("year"));
    let mut line = |label: &str, value: Option<&Value>| {
        let value = value.map_or_else(|| "(not given)".to_string(), plain);
        out.push_str(&format!("  {label:<9}{value}\n"));
    };
    if let Some(what) = get("what") {
        line("what:", Some(what));
    }
    line("said by:", get("said_by"));
    line("via:", get("via"));
    line("date:", when);
    match (get("quote"), get("url")) {
        (Some(q), url) => {
            line("quote:", Some(q));
            if url.is_some() {
                line("url:", url);
            }
        }
        (None, Some(url)) => line("url:", Some(url)),
        (None, None) => line("quote:", None),
    }
    line("source:", get("source"));
    out
}

/// A value as plain text: strings without quotes, temporal values in ISO form.
fn plain(v: &Value, graph: &crate::Graph) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Temporal(t) => t.to_string(),
        Value::Int(i) => i.to_string(),
        other => crate::output::cypher_literal(other, graph),
    }
}

/// The window of `:disputes` as an ISO 8601 duration: `30` and `30d` (days), `2w` (weeks),
/// `3m` (months), `1y` (years), or an ISO duration itself (`P7D`, `P1M`, `PT12H`).
pub fn parse_window(arg: &str) -> Result<String, String> {
    let arg = arg.trim();
    if arg.is_empty() {
        return Ok("P30D".to_string());
    }
    if arg.starts_with(['P', 'p']) {
        let upper = arg.to_ascii_uppercase();
        return match crate::temporal::parse_duration(&upper) {
            Ok(_) => Ok(upper),
            Err(e) => Err(format!(
                "expected a window such as 30d, 2w, 3m, 1y or an ISO 8601 duration (P7D), found '{arg}': {e}"
            )),
        };
    }
    let digits = arg.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &arg[digits.len()..];
    let n: u32 = digits.parse().map_err(|_| {
        format!("expected a window such as 30d, 2w, 3m, 1y or an ISO 8601 duration (P7D), found '{arg}'")
    })?;
    let unit = match unit.to_ascii_lowercase().as_str() {
        "" | "d" | "day" | "days" => "D",
        "w" | "week" | "weeks" => "W",
        "m" | "month" | "months" => "M",
        "y" | "year" | "years" => "Y",
        other => {
            return Err(format!(
                "expected a unit d, w, m or y after {n}, found '{other}'"
            ))
        }
    };
    Ok(format!("P{n}{unit}"))
}

/// The disputes statement for a window (an ISO 8601 duration): every accusation
/// `(a)-[:ACCUSES]->(b)` answered by a denial `(b)-[:DENIES]->(a)` from the accused back to the
/// accuser, where either both are dated and the denial came on the accusation's date or
/// within the window after it, or one of them is undated and both come from the same source
/// (the report that gives the accusation gives the denial as its answer).
pub fn disputes_statement(window: &str) -> String {
    format!(
        "MATCH (a)-[acc:ACCUSES]->(b)-[den:DENIES]->(a)
WHERE CASE
    WHEN acc.date IS NOT NULL AND den.date IS NOT NULL
      THEN acc.date <= den.date AND den.date <= acc.date + duration('{window}')
    ELSE coalesce(acc.source_url, acc.source) = coalesce(den.source_url, den.source)
  END
RETURN a.name AS accuser, b.name AS accused,
       coalesce(acc.date, acc.year) AS accused_on, coalesce(acc.quote, acc.source_url) AS accusation,
       den.date AS denied_on, coalesce(den.quote, den.source_url) AS denial,
       coalesce(den.source_url, den.source) AS source
ORDER BY accuser, accused_on, denied_on;"
    )
}

/// `:disputes [WINDOW]`.
pub fn disputes(session: &mut Session, arg: &str) {
    match parse_window(arg) {
        Ok(window) => {
            let statement = disputes_statement(&window);
            session.run_statements(&statement, ":disputes");
        }
        Err(e) => session.io.error(&format!("error: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_window;

    #[test]
    fn windows() {
        assert_eq!(parse_window("").unwrap(), "P30D");
        assert_eq!(parse_window("7d").unwrap(), "P7D");
        assert_eq!(parse_window("7").unwrap(), "P7D");
        assert_eq!(parse_window("2w").unwrap(), "P2W");
        assert_eq!(parse_window("p7d").unwrap(), "P7D");
        assert_eq!(parse_window("PT12H").unwrap(), "PT12H");
        assert!(parse_window("7x").unwrap_err().contains("unit"));
        assert!(parse_window("P7").is_err());
        assert!(parse_window("soon").is_err());
        assert!(parse_window("99999999999d").is_err());
    }
}
