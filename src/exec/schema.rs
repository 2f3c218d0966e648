//! Schema commands and constraints, with Neo4j 5's semantics: `CREATE INDEX`, `DROP INDEX`,
//! `CREATE CONSTRAINT`, `DROP CONSTRAINT` on the graph's declarations (`graph::Schema`); the
//! rows of `SHOW INDEXES` and `SHOW CONSTRAINTS`; and `check`, which every write runs before it
//! commits, so that no statement, batch or load leaves a constraint broken.
//!
//! Names are shared by indexes and constraints. An index or constraint given no name gets
//! `index_` or `constraint_` and eight hexadecimal digits of a hash of what it is on, as Neo4j
//! names them. `IF NOT EXISTS` makes a command that would create something equivalent to what
//! exists, or something of a name in use, do nothing (with a note saying so). A uniqueness or
//! key constraint owns an index of its name, which goes with it.
//!
//! An index, or a uniqueness or key constraint (of nodes or, as in Neo4j 5.7, relationships),
//! may be on several properties, in order: a composite one, equivalent to another only on the
//! same properties in the same order. A composite uniqueness constraint holds for the entities
//! that have every one of them; a key constraint needs every one.

use super::update::Stats;
use crate::diagnostic::{suggest, Error, ErrorKind, Result, Span};
use crate::graph::{
    ConstraintDef, Entity, Graph, IndexDef, IndexKey, NodeId, PropTypes, RelId, Rule, Schema, Sym,
    Value,
};
use crate::syntax::ast::{quote_name, ConstraintRule, Ident, SchemaCommand, TypeKind, ValueType};
use std::sync::Arc;

/// What a schema command did: its counts, and a note when `IF NOT EXISTS` or `IF EXISTS` made
/// it do nothing.
pub struct Outcome {
    pub stats: Stats,
    pub note: Option<String>,
}

fn schema_error(span: Span, message: impl Into<String>) -> Error {
    Error::at(ErrorKind::Schema, span, message)
}

/// Run a schema command on the graph (inside the caller's transaction: a rollback restores
/// the schema as it was).
pub fn run(graph: &mut Graph, command: &SchemaCommand) -> Result<Outcome> {
    let mut stats = Stats::default();
    let nothing = |note: String| {
        Ok(Outcome {
            stats: Stats::default(),
            note: Some(note),
        })
    };
    let mut schema = graph.schema().clone();
    match command {
        SchemaCommand::CreateIndex {
            name,
            if_not_exists,
            target,
            properties,
            span,
        } => {
            let entity = if target.rel {
                Entity::Rel
            } else {
                Entity::Node
            };
            let label = graph.intern(&target.token.name);
            let keys: Vec<Sym> = properties.iter().map(|p| graph.intern(&p.name)).collect();
            let on = on_text(graph, entity, label, &keys);
            if let Some(existing) = schema
                .indexes
                .iter()
                .find(|i| (i.entity, i.label) == (entity, label) && i.keys == keys)
            {
                if *if_not_exists && existing.owner.is_none() {
                    return nothing(format!(
                        "nothing was created: the index `{}` on {on} exists already",
                        existing.name
                    ));
                }
                return Err(match &existing.owner {
                    Some(owner) => schema_error(
                        *span,
                        format!("there is a constraint on {on}, `{owner}`, whose index already serves this"),
                    ),
                    None => schema_error(
                        *span,
                        format!("an equivalent index already exists: `{}` on {on}", existing.name),
                    ),
                });
            }
            if let Some(note) = name_taken(&schema, name.as_ref(), *if_not_exists)? {
                return nothing(note);
            }
            let name = name.as_ref().map_or_else(
                || generated_name(&schema, "index", &format!("{on}:range")),
                |n| n.name.clone(),
            );
            schema.indexes.push(IndexDef {
                id: schema.next_id,
                name: name.into(),
                entity,
                label,
                keys,
                owner: None,
            });
            schema.next_id += 1;
            stats.indexes_added = 1;
        }
        SchemaCommand::DropIndex {
            name,
            if_exists,
            span,
        } => {
            let names: Vec<&str> = schema.indexes.iter().map(|i| &*i.name).collect();
            let at = match named(&names, name, *if_exists, "index", "SHOW INDEXES")? {
                Ok(at) => at,
                Err(note) => return nothing(note),
            };
            if let Some(owner) = &schema.indexes[at].owner {
                return Err(schema_error(
                    *span,
                    format!(
                        "the index `{}` belongs to the constraint `{owner}`",
                        name.name
                    ),
                )
                .with_help(format!(
                    "DROP CONSTRAINT {owner} drops it with the constraint"
                )));
            }
            schema.indexes.remove(at);
            stats.indexes_removed = 1;
        }
        SchemaCommand::CreateConstraint {
            name,
            if_not_exists,
            target,
            properties,
            rule,
            rule_span,
            span,
        } => {
            let rule = convert_rule(rule, *rule_span)?;
            let entity = if target.rel {
                Entity::Rel
            } else {
                Entity::Node
            };
            let token = graph.intern(&target.token.name);
            let keys: Vec<Sym> = properties.iter().map(|p| graph.intern(&p.name)).collect();
            let on = on_text(graph, entity, token, &keys);
            let same_place =
                |c: &&ConstraintDef| (c.entity, c.token) == (entity, token) && c.keys == keys;
            if let Some(existing) = schema
                .constraints
                .iter()
                .filter(same_place)
                .find(|c| c.rule == rule)
            {
                if *if_not_exists {
                    return nothing(format!(
                        "nothing was created: the constraint `{}` on {on} exists already",
                        existing.name
                    ));
                }
                return Err(schema_error(
                    *span,
                    format!(
                        "an equivalent constraint already exists: `{}` on {on}",
                        existing.name
                    ),
                ));
            }
            let conflict = schema.constraints.iter().filter(same_place).find(|c| {
                matches!((c.rule, rule), (Rule::Type(_), Rule::Type(_)))
                    || (indexed(c.rule) && indexed(rule))
            });
            if let Some(existing) = conflict {
                return Err(schema_error(
                    *rule_span,
                    format!(
                        "the constraint `{}` ({}) on {on} conflicts with this one",
                        existing.name,
                        type_name(existing)
                    ),
                )
                .with_help(format!("DROP CONSTRAINT {} first", existing.name)));
            }
            if indexed(rule) {
                if let Some(index) = schema
                    .indexes
                    .iter()
                    .find(|i| (i.entity, i.label) == (entity, token) && i.keys == keys)
                {
                    return Err(schema_error(
                        *span,
                        format!(
                            "there already exists an index on {on}, `{}`: a uniqueness or key constraint, which brings its own, cannot be created until it is dropped",
                            index.name
                        ),
                    )
                    .with_help(format!("DROP INDEX {} first", index.name)));
                }
            }
            if let Some(note) = name_taken(&schema, name.as_ref(), *if_not_exists)? {
                return nothing(note);
            }
            let name: Arc<str> = name
                .as_ref()
                .map_or_else(
                    || generated_name(&schema, "constraint", &format!("{on}:{rule:?}")),
                    |n| n.name.clone(),
                )
                .into();
            let constraint = ConstraintDef {
                id: schema.next_id,
                name: name.clone(),
                entity,
                token,
                keys: keys.clone(),
                rule,
            };
            schema.next_id += 1;
            // The data there is must keep it already.
            let all = all_of(graph, entity, token);
            if let Err(e) = check_one(graph, &constraint, &all) {
                return Err(Error::at(
                    ErrorKind::Constraint,
                    *span,
                    format!(
                        "cannot create the constraint `{name}` on {on}: {}",
                        e.message
                    ),
                ));
            }
            if indexed(rule) {
                schema.indexes.push(IndexDef {
                    id: schema.next_id,
                    name: name.clone(),
                    entity,
                    label: token,
                    keys,
                    owner: Some(name),
                });
                schema.next_id += 1;
            }
            schema.constraints.push(constraint);
            stats.constraints_added = 1;
        }
        SchemaCommand::DropConstraint {
            name, if_exists, ..
        } => {
            let names: Vec<&str> = schema.constraints.iter().map(|c| &*c.name).collect();
            let at = match named(&names, name, *if_exists, "constraint", "SHOW CONSTRAINTS")? {
                Ok(at) => at,
                Err(note) => return nothing(note),
            };
            let gone = schema.constraints.remove(at);
            schema
                .indexes
                .retain(|i| i.owner.as_deref() != Some(&*gone.name));
            stats.constraints_removed = 1;
        }
    }
    graph.set_schema(schema);
    Ok(Outcome { stats, note: None })
}

/// Whether a rule needs an index (to find equal values).
fn indexed(rule: Rule) -> bool {
    matches!(rule, Rule::Unique | Rule::Key)
}

/// Where the index or constraint `name` is among `names`: its place, or (under `IF EXISTS`)
/// the note that nothing was dropped; an error naming what there is otherwise.
fn named(
    names: &[&str],
    name: &Ident,
    if_exists: bool,
    what: &str,
    show: &str,
) -> Result<Result<usize, String>> {
    if let Some(at) = names.iter().position(|n| *n == name.name) {
        return Ok(Ok(at));
    }
    if if_exists {
        return Ok(Err(format!(
            "nothing was dropped: there is no {what} called `{}`",
            name.name
        )));
    }
    let err = schema_error(
        name.span,
        format!("there is no {what} called `{}`", name.name),
    );
    Err(match suggest(&name.name, names.iter().copied()) {
        Some(s) => err.with_help(format!("did you mean `{s}`?")),
        None => err.with_help(format!(
            "{show} lists them; IF EXISTS makes this do nothing"
        )),
    })
}

/// Whether the name given to a new index or constraint is taken: None when it is free (or
/// none was given), the note that nothing was created under `IF NOT EXISTS`, an error
/// otherwise.
fn name_taken(
    schema: &Schema,
    name: Option<&Ident>,
    if_not_exists: bool,
) -> Result<Option<String>> {
    let Some(name) = name else {
        return Ok(None);
    };
    let Some(what) = name_in_use(schema, &name.name) else {
        return Ok(None);
    };
    if if_not_exists {
        return Ok(Some(format!(
            "nothing was created: there is {what} called `{}` already",
            name.name
        )));
    }
    Err(schema_error(
        name.span,
        format!("there already exists {what} called `{}`", name.name),
    ))
}

/// What holds a name already: "an index" or "a constraint".
fn name_in_use(schema: &Schema, name: &str) -> Option<&'static str> {
    if schema.constraints.iter().any(|c| &*c.name == name) {
        Some("a constraint")
    } else if schema.indexes.iter().any(|i| &*i.name == name) {
        Some("an index")
    } else {
        None
    }
}

/// `index_1a2b3c4d`: the prefix and a hash of what it is on (FNV-1a), made unique.
fn generated_name(schema: &Schema, prefix: &str, what: &str) -> String {
    fn step(mut hash: u32, bytes: &[u8]) -> u32 {
        for b in bytes {
            hash ^= u32::from(*b);
            hash = hash.wrapping_mul(0x0100_0193);
        }
        hash
    }
    let mut hash = step(0x811c_9dc5, what.as_bytes());
    loop {
        let name = format!("{prefix}_{hash:08x}");
        if name_in_use(schema, &name).is_none() {
            return name;
        }
        hash = step(hash, b"'");
    }
}

/// `(:Actor {code})`, `(:Actor {code, year})` or `()-[:ACCUSES {date}]-()`, as Neo4j writes a
/// schema.
fn on_text(graph: &Graph, entity: Entity, token: Sym, keys: &[Sym]) -> String {
    let token = quote_name(graph.name(token));
    let keys: Vec<String> = keys.iter().map(|k| quote_name(graph.name(*k))).collect();
    let keys = keys.join(", ");
    match entity {
        Entity::Node => format!("(:{token} {{{keys}}})"),
        Entity::Rel => format!("()-[:{token} {{{keys}}}]-()"),
    }
}

/// The property types a type constraint's type allows: scalar property types and lists of
/// them (`LIST<INTEGER NOT NULL>`), in a union; anything else is refused, as Neo4j does.
fn convert_rule(rule: &ConstraintRule, span: Span) -> Result<Rule> {
    Ok(match rule {
        ConstraintRule::Unique => Rule::Unique,
        ConstraintRule::Key => Rule::Key,
        ConstraintRule::NotNull => Rule::Exists,
        ConstraintRule::Type(t) => {
            let mut bits = 0u32;
            if t.not_null {
                return Err(Error::semantic(
                    span,
                    format!("a property type constraint cannot say NOT NULL (`{t}`)"),
                )
                .with_help("IS NOT NULL is a constraint of its own: create both"));
            }
            let parts = match &t.kind {
                TypeKind::Union(parts) => parts.as_slice(),
                _ => std::slice::from_ref(t),
            };
            for part in parts {
                bits |= type_bit(part).ok_or_else(|| {
                    Error::semantic(
                        span,
                        format!("`{part}` is not a type a property can be constrained to"),
                    )
                    .with_help(
                        "the types are BOOLEAN, STRING, INTEGER, FLOAT, DATE, LOCAL TIME, ZONED TIME, \
                         LOCAL DATETIME, ZONED DATETIME, DURATION, POINT, lists of them \
                         (LIST<INTEGER NOT NULL>) and unions (INTEGER | FLOAT)",
                    )
                })?;
            }
            Rule::Type(PropTypes(bits))
        }
    })
}

/// The bit of one type of a type constraint's union (`PropTypes`).
fn type_bit(t: &ValueType) -> Option<u32> {
    let scalar = |k: &TypeKind| -> Option<u32> {
        Some(match k {
            TypeKind::Boolean => 0,
            TypeKind::String => 1,
            TypeKind::Integer => 2,
            TypeKind::Float => 3,
            TypeKind::Date => 4,
            TypeKind::LocalTime => 5,
            TypeKind::ZonedTime => 6,
            TypeKind::LocalDateTime => 7,
            TypeKind::ZonedDateTime => 8,
            TypeKind::Duration => 9,
            TypeKind::Point => 10,
            _ => return None,
        })
    };
    if t.not_null {
        return None;
    }
    match &t.kind {
        TypeKind::List(inner) if inner.not_null => {
            scalar(&inner.kind).map(|b| 1 << (crate::graph::SCALARS.len() as u32 + b))
        }
        k => scalar(k).map(|b| 1 << b),
    }
}

/// Neo4j's name of a constraint's kind, as `SHOW CONSTRAINTS` gives it.
fn type_name(c: &ConstraintDef) -> &'static str {
    match (c.entity, c.rule) {
        (Entity::Node, Rule::Unique) => "UNIQUENESS",
        (Entity::Rel, Rule::Unique) => "RELATIONSHIP_UNIQUENESS",
        (Entity::Node, Rule::Key) => "NODE_KEY",
        (Entity::Rel, Rule::Key) => "RELATIONSHIP_KEY",
        (Entity::Node, Rule::Exists) => "NODE_PROPERTY_EXISTENCE",
        (Entity::Rel, Rule::Exists) => "RELATIONSHIP_PROPERTY_EXISTENCE",
        (Entity::Node, Rule::Type(_)) => "NODE_PROPERTY_TYPE",
        (Entity::Rel, Rule::Type(_)) => "RELATIONSHIP_PROPERTY_TYPE",
    }
}

/// The entities a constraint is on, as ids (node or relationship).
fn all_of(graph: &Graph, entity: Entity, token: Sym) -> Vec<u32> {
    match entity {
        Entity::Node => graph.nodes_with_label(token).map(|n| n.0).collect(),
        Entity::Rel => graph.rels_of_type(token).map(|r| r.0).collect(),
    }
}

/// Check that what the innermost open transaction created or changed keeps every constraint:
/// called before each commit of a statement, a batch of `IN TRANSACTIONS` or a load.
pub fn check(graph: &Graph) -> Result<()> {
    let constraints = &graph.schema().constraints;
    if constraints.is_empty() {
        return Ok(());
    }
    let (nodes, rels) = graph.touched();
    for c in constraints {
        let ids: Vec<u32> = match c.entity {
            Entity::Node => nodes
                .iter()
                .filter(|n| graph.has_label(**n, c.token))
                .map(|n| n.0)
                .collect(),
            Entity::Rel => rels
                .iter()
                .filter(|r| graph.rel_type(**r) == Some(c.token))
                .map(|r| r.0)
                .collect(),
        };
        check_one(graph, c, &ids).map_err(|e| {
            Error::new(
                ErrorKind::Constraint,
                format!("{} (constraint `{}`)", e.message, c.name),
            )
        })?;
    }
    Ok(())
}

/// Check one constraint on some of its entities (ids of nodes or relationships, as it is on).
fn check_one(graph: &Graph, c: &ConstraintDef, ids: &[u32]) -> Result<()> {
    let token = graph.name(c.token);
    let what = |id: u32| match c.entity {
        Entity::Node => format!("Node({id}) with label `{token}`"),
        Entity::Rel => format!("Relationship({id}) with type `{token}`"),
    };
    let prop = |id: u32, key: Sym| match c.entity {
        Entity::Node => graph.node_prop(NodeId(id), key),
        Entity::Rel => graph.rel_prop(RelId(id), key),
    };
    let violation = |message: String| Error::new(ErrorKind::Constraint, message);
    let both = |a: u32, b: u32, values: &[Value]| {
        let (a, b) = (a.min(b), a.max(b));
        let pairs: Vec<String> = c
            .keys
            .iter()
            .zip(values)
            .map(|(k, v)| format!("`{}` = {}", graph.name(*k), value_text(v)))
            .collect();
        let (entity, has) = match c.entity {
            Entity::Node => ("Node", "label"),
            Entity::Rel => ("Relationship", "type"),
        };
        let props = if pairs.len() == 1 {
            format!("the property {}", pairs[0])
        } else {
            format!("the properties {}", pairs.join(", "))
        };
        violation(format!(
            "{entity}({a}) and {entity}({b}) both have the {has} `{token}` and {props}"
        ))
    };
    // Many entities of a composite uniqueness or key constraint (a load, or its creation):
    // one pass over the label's or type's every entity, by the tuple of its values, instead
    // of a lookup of each one's (which reads all the entities of each value).
    let hashed = matches!(c.rule, Rule::Unique | Rule::Key) && c.keys.len() > 1 && ids.len() > 256;
    if hashed {
        let mut seen: std::collections::HashMap<Vec<IndexKey>, u32> =
            std::collections::HashMap::new();
        for id in all_of(graph, c.entity, c.token) {
            let values: Option<Vec<Value>> = c.keys.iter().map(|&k| prop(id, k)).collect();
            let Some(values) = values else {
                continue;
            };
            let Some(tuple) = values.iter().map(IndexKey::of).collect::<Option<Vec<_>>>() else {
                continue;
            };
            if let Some(other) = seen.insert(tuple, id) {
                return Err(both(other, id, &values));
            }
        }
    }
    for &id in ids {
        if let [key] = c.keys[..] {
            let value = match c.entity {
                Entity::Node => graph.node_prop_ref(NodeId(id), key),
                Entity::Rel => graph.rel_prop_ref(RelId(id), key),
            };
            match (value, c.rule) {
                (None, Rule::Exists | Rule::Key) => {
                    return Err(violation(format!(
                        "{} must have the property `{}`",
                        what(id),
                        graph.name(key)
                    )));
                }
                (Some(value), Rule::Type(types)) if !types.holds(value) => {
                    return Err(violation(format!(
                        "{} must have the property `{}` of type {types}, but it is of type {}",
                        what(id),
                        graph.name(key),
                        PropTypes::name_of(value)
                    )));
                }
                _ => {}
            }
        }
        if !matches!(c.rule, Rule::Unique | Rule::Key) {
            continue;
        }
        // Every property's value; one missing frees it of a uniqueness constraint, and breaks
        // a key constraint.
        let mut values = Vec::with_capacity(c.keys.len());
        for &key in &c.keys {
            match prop(id, key) {
                Some(v) => values.push(v),
                None if c.rule == Rule::Key => {
                    return Err(violation(format!(
                        "{} must have the property `{}`",
                        what(id),
                        graph.name(key)
                    )))
                }
                None => break,
            }
        }
        if values.len() < c.keys.len()
            || (hashed && values.iter().all(|v| IndexKey::of(v).is_some()))
        {
            continue;
        }
        if let Some(other) = same_values(graph, c, &values)
            .into_iter()
            .find(|o| *o != id)
        {
            return Err(both(other, id, &values));
        }
    }
    Ok(())
}

/// The entities of a uniqueness or key constraint's label or type whose properties equal
/// `values` (its keys' values, in order), by id: the ids the index of each key finds for its
/// value, intersected (every entity of the label or type where an index cannot look a value
/// up: a list), then each compared.
fn same_values(graph: &Graph, c: &ConstraintDef, values: &[Value]) -> Vec<u32> {
    let mut found: Option<Vec<u32>> = None;
    for (&key, value) in c.keys.iter().zip(values) {
        let ids: Option<Vec<u32>> = match c.entity {
            Entity::Node => graph
                .lookup(c.token, key, value)
                .map(|ids| ids.into_iter().map(|n| n.0).collect()),
            Entity::Rel => graph
                .lookup_rels(c.token, key, value)
                .map(|ids| ids.into_iter().map(|r| r.0).collect()),
        };
        if let Some(ids) = ids {
            found = Some(match found {
                None => ids,
                Some(before) => before
                    .into_iter()
                    .filter(|i| ids.binary_search(i).is_ok())
                    .collect(),
            });
        }
    }
    let candidates = found.unwrap_or_else(|| all_of(graph, c.entity, c.token));
    candidates
        .into_iter()
        .filter(|&other| {
            c.keys.iter().zip(values).all(|(&key, value)| {
                let theirs = match c.entity {
                    Entity::Node => graph.node_prop(NodeId(other), key),
                    Entity::Rel => graph.rel_prop(RelId(other), key),
                };
                theirs.is_some_and(|v| {
                    super::ops::equals(&v, value) == Some(true) || same_list(&v, value)
                })
            })
        })
        .collect()
}

/// Whether two stored lists are equal item by item (as a uniqueness constraint compares them:
/// `[1, 2]` and `[1.0, 2.0]` too).
fn same_list(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| super::ops::equals(p, q) == Some(true))
        }
        _ => false,
    }
}

/// A value as a constraint's message shows it.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => crate::graph::format_float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Temporal(t) => t.to_cypher(),
        Value::Point(p) => p.to_string(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(value_text).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.type_name().to_string(),
    }
}

/// The rows of `SHOW INDEXES` (`kind` the kind asked for: ALL, RANGE, ...), by name, each in
/// the order of `ast::SHOW_INDEX_COLUMNS`.
pub fn index_rows(graph: &Graph, kind: &str) -> Vec<Vec<Value>> {
    let schema = graph.schema();
    if !matches!(kind, "ALL" | "RANGE") {
        // relq has range indexes only.
        return Vec::new();
    }
    let mut indexes: Vec<&IndexDef> = schema.indexes.iter().collect();
    indexes.sort_by(|a, b| a.name.cmp(&b.name));
    let strings = |names: &[&str]| Value::List(names.iter().map(|n| Value::str(n)).collect());
    indexes
        .into_iter()
        .map(|i| {
            let label = graph.name(i.label);
            let keys: Vec<&str> = i.keys.iter().map(|k| graph.name(*k)).collect();
            let (target, var) = create_target(i.entity, label);
            let create = format!(
                "CREATE RANGE INDEX {} FOR {target} ON ({})",
                backticked(&i.name),
                properties_text(var, &keys)
            );
            vec![
                Value::Int(i.id as i64),
                Value::str(&i.name),
                Value::str("ONLINE"),
                Value::Float(100.0),
                Value::str("RANGE"),
                Value::str(match i.entity {
                    Entity::Node => "NODE",
                    Entity::Rel => "RELATIONSHIP",
                }),
                strings(&[label]),
                strings(&keys),
                Value::str("range-1.0"),
                i.owner.as_deref().map_or(Value::Null, Value::str),
                Value::Null,
                Value::Null,
                Value::Null,
                range_options(),
                Value::str(""),
                if i.owner.is_some() {
                    Value::Null
                } else {
                    Value::str(&create)
                },
            ]
        })
        .collect()
}

/// The rows of `SHOW CONSTRAINTS` (`kind` the kind asked for: ALL, UNIQUE, NODE KEY, ...),
/// by name, each in the order of `ast::SHOW_CONSTRAINT_COLUMNS`.
pub fn constraint_rows(graph: &Graph, kind: &str) -> Vec<Vec<Value>> {
    let schema = graph.schema();
    let words: Vec<&str> = kind.split(' ').collect();
    let entity = match words.first() {
        Some(&"NODE") => Some(Entity::Node),
        Some(&"RELATIONSHIP" | &"REL") => Some(Entity::Rel),
        _ => None,
    };
    let rule_word = words.last().copied().unwrap_or("ALL");
    let shown = |c: &ConstraintDef| {
        entity.is_none_or(|e| e == c.entity)
            && match rule_word {
                "UNIQUE" | "UNIQUENESS" => c.rule == Rule::Unique,
                "EXIST" | "EXISTENCE" => c.rule == Rule::Exists,
                "KEY" => c.rule == Rule::Key,
                "TYPE" => matches!(c.rule, Rule::Type(_)),
                _ => true,
            }
    };
    let mut constraints: Vec<&ConstraintDef> =
        schema.constraints.iter().filter(|c| shown(c)).collect();
    constraints.sort_by(|a, b| a.name.cmp(&b.name));
    let strings = |names: &[&str]| Value::List(names.iter().map(|n| Value::str(n)).collect());
    constraints
        .into_iter()
        .map(|c| {
            let token = graph.name(c.token);
            let keys: Vec<&str> = c.keys.iter().map(|k| graph.name(*k)).collect();
            let (target, var) = create_target(c.entity, token);
            let require = match (c.rule, c.entity) {
                (Rule::Unique, Entity::Node) => "IS UNIQUE".to_string(),
                (Rule::Unique, Entity::Rel) => "IS RELATIONSHIP UNIQUE".to_string(),
                (Rule::Key, Entity::Node) => "IS NODE KEY".to_string(),
                (Rule::Key, Entity::Rel) => "IS RELATIONSHIP KEY".to_string(),
                (Rule::Exists, _) => "IS NOT NULL".to_string(),
                (Rule::Type(t), _) => format!("IS :: {t}"),
            };
            let create = format!(
                "CREATE CONSTRAINT {} FOR {target} REQUIRE ({}) {require}",
                backticked(&c.name),
                properties_text(var, &keys)
            );
            let options = if indexed(c.rule) {
                range_options()
            } else {
                Value::Null
            };
            vec![
                Value::Int(c.id as i64),
                Value::str(&c.name),
                Value::str(type_name(c)),
                Value::str(match c.entity {
                    Entity::Node => "NODE",
                    Entity::Rel => "RELATIONSHIP",
                }),
                strings(&[token]),
                strings(&keys),
                if indexed(c.rule) {
                    Value::str(&c.name)
                } else {
                    Value::Null
                },
                match c.rule {
                    Rule::Type(t) => Value::str(&t.to_string()),
                    _ => Value::Null,
                },
                options,
                Value::str(&create),
            ]
        })
        .collect()
}

/// What `db.schema.visualization` tells of a label's schema, as Neo4j 5 writes it: its
/// indexes that no constraint owns, each as its properties joined by commas (`kind,name`), and
/// its constraints, each as Neo4j's description of a constraint (`Constraint( id=3,
/// name='c', type='UNIQUENESS', schema=(:Actor {name}), ownedIndex=4 )`); both in the order
/// they were declared.
pub fn label_schema(graph: &Graph, label: Sym) -> (Vec<String>, Vec<String>) {
    let schema = graph.schema();
    // A name with a colon in backticks, as Neo4j's descriptions write it.
    let token = |name: &str| {
        if name.contains(':') {
            format!("`{name}`")
        } else {
            name.to_string()
        }
    };
    let mut indexes: Vec<&IndexDef> = schema
        .indexes
        .iter()
        .filter(|i| i.entity == Entity::Node && i.label == label && i.owner.is_none())
        .collect();
    indexes.sort_by_key(|i| i.id);
    let indexes = indexes
        .into_iter()
        .map(|i| {
            let keys: Vec<&str> = i.keys.iter().map(|k| graph.name(*k)).collect();
            keys.join(",")
        })
        .collect();
    let mut constraints: Vec<&ConstraintDef> = schema
        .constraints
        .iter()
        .filter(|c| c.entity == Entity::Node && c.token == label)
        .collect();
    constraints.sort_by_key(|c| c.id);
    let constraints = constraints
        .into_iter()
        .map(|c| {
            let kind = match c.rule {
                Rule::Unique => "UNIQUENESS",
                Rule::Key => "NODE KEY",
                Rule::Exists => "NODE PROPERTY EXISTENCE",
                Rule::Type(_) => "NODE PROPERTY TYPE",
            };
            let keys: Vec<String> = c.keys.iter().map(|k| token(graph.name(*k))).collect();
            let mut text = format!(
                "Constraint( id={}, name='{}', type='{kind}', schema=(:{} {{{}}})",
                c.id,
                c.name,
                token(graph.name(c.token)),
                keys.join(", ")
            );
            if let Some(owned) = schema
                .indexes
                .iter()
                .find(|i| i.owner.as_deref() == Some(&*c.name))
            {
                text.push_str(&format!(", ownedIndex={}", owned.id));
            }
            if let Rule::Type(types) = c.rule {
                // One type by its name, several as `ANY<A | B>`.
                let names = types.to_string();
                if names.contains(" | ") {
                    text.push_str(&format!(", propertyType=ANY<{names}>"));
                } else {
                    text.push_str(&format!(", propertyType={names}"));
                }
            }
            text.push_str(" )");
            text
        })
        .collect();
    (indexes, constraints)
}

/// The options of a range index, as `SHOW` gives them.
fn range_options() -> Value {
    Value::Map(
        [
            ("indexProvider".to_string(), Value::str("range-1.0")),
            ("indexConfig".to_string(), Value::Map(Default::default())),
        ]
        .into_iter()
        .collect(),
    )
}

/// A name as Neo4j 5 prints it in a `createStatement`: always in backticks.
fn backticked(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// ``n.`a`, n.`b` ``: the properties of a `createStatement`, in order.
fn properties_text(var: &str, keys: &[&str]) -> String {
    let keys: Vec<String> = keys
        .iter()
        .map(|k| format!("{var}.{}", backticked(k)))
        .collect();
    keys.join(", ")
}

/// What a `createStatement` declares its index or constraint for, and the variable it names.
fn create_target(entity: Entity, token: &str) -> (String, &'static str) {
    match entity {
        Entity::Node => (format!("(n:{})", backticked(token)), "n"),
        Entity::Rel => (format!("()-[r:{}]-()", backticked(token)), "r"),
    }
}
