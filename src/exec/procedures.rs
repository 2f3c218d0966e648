//! The rows of the procedures `CALL` runs (`ir::procedure`): each row a map by column name.

use super::{budget, Ctx};
use crate::diagnostic::Result;
use crate::graph::{Census, PropRef, Sym, Value, VirtualNode, VirtualRel};
use crate::ir::function::{aggregate_kind, FUNCTION_NAMES};
use crate::ir::procedure::Procedure;
use crate::temporal::Kind;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The procedure's rows (from the values of its arguments) as a list of lists, each row's
/// values in the order of the procedure's columns, charged to the statement's budget.
pub(super) fn rows(procedure: Procedure, args: Vec<Value>, ctx: Ctx) -> Result<Value> {
    let row = Value::List;
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
        Procedure::NodeTypeProperties => node_type_properties(ctx)?.into_iter().map(row).collect(),
        Procedure::ShowIndexes | Procedure::ShowConstraints => {
            let kind = match args.first() {
                Some(Value::String(s)) => s.to_string(),
                _ => "ALL".to_string(),
            };
            let rows = if procedure == Procedure::ShowIndexes {
                super::schema::index_rows(graph, &kind)
            } else {
                super::schema::constraint_rows(graph, &kind)
            };
            rows.into_iter().map(row).collect()
        }
        Procedure::RelTypeProperties => rel_type_properties(ctx)?.into_iter().map(row).collect(),
        Procedure::SchemaVisualization => vec![row(schema_visualization(ctx)?)],
        _ => super::algorithms::rows(procedure, args, ctx)?
            .into_iter()
            .map(row)
            .collect(),
    };
    let list = Value::List(rows);
    budget::check(
        budget::value_bytes(&list),
        procedure.name(),
        budget::Kind::Value,
    )?;
    Ok(list)
}

/// The types of property values as Neo4j names them, by bit (`type_bit`): first the scalar
/// types, then a list of each (Neo4j's arrays: `LongArray`; an empty list is a `StringArray`, as
/// Neo4j stores one), then `List`, a list whose items differ in type (which Neo4j cannot store).
const SCALAR_TYPES: [&str; 11] = [
    "Boolean",
    "Long",
    "Double",
    "String",
    "Date",
    "LocalTime",
    "Time",
    "LocalDateTime",
    "DateTime",
    "Duration",
    "Point",
];
const ARRAY_BITS: u32 = SCALAR_TYPES.len() as u32;
const MIXED_LIST_BIT: u32 = 2 * ARRAY_BITS;

/// The place of a scalar value's type in `SCALAR_TYPES`.
fn scalar_type(v: &Value) -> Option<u32> {
    Some(match v {
        Value::Bool(_) => 0,
        Value::Int(_) => 1,
        Value::Float(_) => 2,
        Value::String(_) => 3,
        Value::Temporal(t) => match t.kind() {
            Kind::Date => 4,
            Kind::LocalTime => 5,
            Kind::Time => 6,
            Kind::LocalDateTime => 7,
            Kind::DateTime => 8,
            Kind::Duration => 9,
        },
        Value::Point(_) => 10,
        _ => return None,
    })
}

/// A stored value's type as a bit of the census (see `SCALAR_TYPES`).
fn type_bit(v: PropRef<'_>) -> u64 {
    let bit = match v {
        PropRef::Bool(_) => 0,
        PropRef::Int(_) => 1,
        PropRef::Float(_) => 2,
        PropRef::Str(_) => 3,
        PropRef::Date(_) => 4,
        PropRef::Other(Value::List(items)) => {
            let first = items.first().map_or(Some(3), scalar_type);
            match first {
                Some(t) if items.iter().all(|item| scalar_type(item) == Some(t)) => ARRAY_BITS + t,
                _ => MIXED_LIST_BIT,
            }
        }
        // A temporal value or a point: nothing else is stored as a value of its own.
        PropRef::Other(other) => scalar_type(other).unwrap_or(MIXED_LIST_BIT),
    };
    1 << bit
}

/// The type names of a census's bits, by name.
fn type_names(kinds: u64) -> Value {
    let mut names: Vec<String> = (0..=MIXED_LIST_BIT)
        .filter(|bit| kinds & (1 << bit) != 0)
        .map(|bit| match bit {
            b if b < ARRAY_BITS => SCALAR_TYPES[b as usize].to_string(),
            b if b < MIXED_LIST_BIT => format!("{}Array", SCALAR_TYPES[(b - ARRAY_BITS) as usize]),
            _ => "List".to_string(),
        })
        .collect();
    names.sort_unstable();
    Value::List(names.into_iter().map(Value::from).collect())
}

/// A label or type as Neo4j writes it in these procedures: `:` and the name in backticks (a
/// backtick in the name doubled).
fn schema_name(out: &mut String, name: &str) {
    out.push_str(":`");
    out.push_str(&name.replace('`', "``"));
    out.push('`');
}

/// The keys of a group of entities, merged by name: how many carry each and their types.
type Keys<'g> = BTreeMap<&'g str, (usize, u64)>;

/// The rows of one group, by key: `lead` and then the key, its types and whether every entity
/// of the group carries it; a group that carries no key gives one row with nulls, as Neo4j
/// does (`mandatory` false there).
fn key_rows(lead: &[Value], count: usize, keys: &Keys<'_>, out: &mut Vec<Vec<Value>>) {
    let with = |tail: [Value; 3]| lead.iter().cloned().chain(tail).collect::<Vec<_>>();
    if keys.is_empty() {
        out.push(with([Value::Null, Value::Null, Value::Bool(false)]));
    }
    for (name, &(carried, kinds)) in keys {
        out.push(with([
            Value::str(name),
            type_names(kinds),
            Value::Bool(carried == count),
        ]));
    }
}

/// `db.schema.nodeTypeProperties()`: a row per label combination and key some of its nodes
/// carry, by `nodeType` and key. Label sets holding the same labels in another order are one
/// combination.
fn node_type_properties(ctx: Ctx) -> Result<Vec<Vec<Value>>> {
    let graph = ctx.graph;
    let census: Vec<Census<&[_]>> = graph.node_census(type_bit, || ctx.tick())?;
    // By `nodeType`: the labels by name, the node count and the keys.
    let mut combinations: BTreeMap<String, (Vec<&str>, usize, Keys<'_>)> = BTreeMap::new();
    for set in census {
        let mut labels: Vec<&str> = set.group.iter().map(|&l| graph.name(l)).collect();
        labels.sort_unstable();
        let mut node_type = String::new();
        for l in &labels {
            schema_name(&mut node_type, l);
        }
        let (_, count, keys) = combinations
            .entry(node_type)
            .or_insert_with(|| (labels, 0, Keys::new()));
        *count += set.count;
        for k in set.keys {
            let entry = keys.entry(graph.name(k.key)).or_insert((0, 0));
            entry.0 += k.count;
            entry.1 |= k.kinds;
        }
    }
    let mut out = Vec::new();
    for (node_type, (labels, count, keys)) in &combinations {
        let lead = [
            Value::str(node_type),
            Value::List(labels.iter().map(|&l| Value::str(l)).collect()),
        ];
        key_rows(&lead, *count, keys, &mut out);
    }
    Ok(out)
}

/// `db.schema.relTypeProperties()`: a row per relationship type and key some of its
/// relationships carry, by `relType` and key.
fn rel_type_properties(ctx: Ctx) -> Result<Vec<Vec<Value>>> {
    let graph = ctx.graph;
    let mut types: Vec<(String, usize, Keys<'_>)> = graph
        .rel_census(type_bit, || ctx.tick())?
        .into_iter()
        .map(|t| {
            let mut rel_type = String::new();
            schema_name(&mut rel_type, graph.name(t.group));
            let keys = t
                .keys
                .iter()
                .map(|k| (graph.name(k.key), (k.count, k.kinds)))
                .collect();
            (rel_type, t.count, keys)
        })
        .collect();
    types.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    for (rel_type, count, keys) in &types {
        key_rows(&[Value::str(rel_type)], *count, keys, &mut out);
    }
    Ok(out)
}

/// `db.schema.visualization()`: its one row, the list of virtual nodes and the list of virtual
/// relationships. A node per label some node has (by name, ids -1, -2, ...), with `name`,
/// `indexes` and `constraints` (`schema::label_schema`); for each relationship type (by name),
/// a relationship from each label some start node of the type has to each label some end node
/// of it has (ids -1, -2, ... in that order), with `name`: Neo4j's rule, which reads its
/// counts of (label, type) and (type, label) and so may pair a start label with an end label
/// that no single relationship joins. A node of several labels counts under each; an
/// unlabelled node under none.
fn schema_visualization(ctx: Ctx) -> Result<Vec<Value>> {
    let graph = ctx.graph;
    let mut by_label: BTreeMap<Sym, Arc<VirtualNode>> = BTreeMap::new();
    let mut nodes = Vec::new();
    for (i, (name, _)) in graph.labels().into_iter().enumerate() {
        ctx.tick()?;
        let Some(label) = graph.sym(name) else {
            continue;
        };
        let (indexes, constraints) = super::schema::label_schema(graph, label);
        let strings = |list: Vec<String>| Value::List(list.into_iter().map(Value::from).collect());
        let props = BTreeMap::from([
            ("name".to_string(), Value::str(name)),
            ("indexes".to_string(), strings(indexes)),
            ("constraints".to_string(), strings(constraints)),
        ]);
        let node = Arc::new(VirtualNode {
            id: -(i as i64) - 1,
            labels: vec![Arc::from(name)],
            props,
        });
        by_label.insert(label, node.clone());
        nodes.push(Value::VirtualNode(node));
    }
    let mut rels = Vec::new();
    for (type_name, _) in graph.rel_types() {
        let Some(ty) = graph.sym(type_name) else {
            continue;
        };
        let (mut starts, mut ends): (BTreeSet<&str>, BTreeSet<&str>) = Default::default();
        let mut last = None;
        for (_, start, end) in graph.rels_of_type_with_ends(ty) {
            ctx.tick()?;
            if last == Some((start, end)) {
                continue;
            }
            last = Some((start, end));
            let labels = |n| {
                graph
                    .node_labels(n)
                    .unwrap_or(&[])
                    .iter()
                    .map(|l| graph.name(*l))
            };
            starts.extend(labels(start));
            ends.extend(labels(end));
        }
        let virtual_node = |name: &str| graph.sym(name).and_then(|l| by_label.get(&l).cloned());
        let ends: Vec<Arc<VirtualNode>> = ends.into_iter().filter_map(virtual_node).collect();
        for start in starts.into_iter().filter_map(virtual_node) {
            for end in &ends {
                ctx.tick()?;
                rels.push(Value::VirtualRel(Arc::new(VirtualRel {
                    id: -(rels.len() as i64) - 1,
                    rel_type: Arc::from(type_name),
                    start: start.clone(),
                    end: end.clone(),
                    props: BTreeMap::from([("name".to_string(), Value::str(type_name))]),
                })));
            }
        }
    }
    Ok(vec![Value::List(nodes), Value::List(rels)])
}
