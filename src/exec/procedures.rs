//! The rows of the procedures `CALL` runs (`ir::procedure`): each row a map by column name.

use super::{budget, Ctx};
use crate::diagnostic::Result;
use crate::graph::Value;
use crate::ir::function::{aggregate_kind, FUNCTION_NAMES};
use crate::ir::procedure::Procedure;
use std::collections::BTreeMap;

/// The procedure's rows as a list of maps, charged to the statement's budget.
pub(super) fn rows(procedure: Procedure, ctx: Ctx) -> Result<Value> {
    let columns = procedure.columns();
    let row = |values: Vec<Value>| -> Value {
        let map: BTreeMap<String, Value> = columns
            .iter()
            .map(|(name, _)| name.to_string())
            .zip(values)
            .collect();
        Value::Map(map)
    };
    let graph = ctx.graph;
    let names = |list: Vec<(&str, usize)>| -> Vec<Value> {
        list.into_iter()
            .map(|(name, _)| row(vec![Value::str(name)]))
            .collect()
    };
    let rows: Vec<Value> = match procedure {
        Procedure::Labels => names(graph.labels()),
        Procedure::RelationshipTypes => names(graph.rel_types()),
        Procedure::PropertyKeys => names(graph.property_keys()),
        Procedure::Procedures => {
            let mut all = Procedure::ALL.to_vec();
            all.sort_by_key(|p| p.name());
            all.into_iter()
                .map(|p| {
                    row(vec![
                        Value::str(p.name()),
                        Value::str(&p.signature()),
                        Value::str(p.description()),
                        Value::str("READ"),
                    ])
                })
                .collect()
        }
        Procedure::Functions => {
            let mut all: Vec<&str> = FUNCTION_NAMES.to_vec();
            all.sort_unstable();
            all.dedup();
            all.into_iter()
                .map(|name| {
                    let aggregating = aggregate_kind(&name.to_lowercase()).is_some();
                    row(vec![Value::str(name), Value::Bool(aggregating)])
                })
                .collect()
        }
    };
    let list = Value::List(rows);
    budget::check(
        budget::value_bytes(&list),
        procedure.name(),
        budget::Kind::Value,
    )?;
    Ok(list)
}
