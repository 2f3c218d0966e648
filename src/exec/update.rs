//! The updating clauses: CREATE, MERGE, SET, REMOVE, DELETE, applied to each row in turn.

use super::{eval, pipeline, set, Cancel, Ctx, Profile, Row};
use crate::diagnostic::{Error, ErrorKind, Result, Span};
use crate::graph::{Graph, NodeId, RelId, StoreError, Sym, Value};
use crate::ir::{CreatePart, Ex, SetOp, Update};
use std::collections::BTreeSet;

/// Counts of what a statement changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub nodes_created: usize,
    pub nodes_deleted: usize,
    pub rels_created: usize,
    pub rels_deleted: usize,
    pub props_set: usize,
    pub labels_added: usize,
    pub labels_removed: usize,
    pub indexes_added: usize,
    pub indexes_removed: usize,
    pub constraints_added: usize,
    pub constraints_removed: usize,
}

impl Stats {
    pub fn is_empty(&self) -> bool {
        *self == Stats::default()
    }

    /// Add another statement part's counts.
    pub fn add(&mut self, other: &Stats) {
        self.nodes_created += other.nodes_created;
        self.nodes_deleted += other.nodes_deleted;
        self.rels_created += other.rels_created;
        self.rels_deleted += other.rels_deleted;
        self.props_set += other.props_set;
        self.labels_added += other.labels_added;
        self.labels_removed += other.labels_removed;
        self.indexes_added += other.indexes_added;
        self.indexes_removed += other.indexes_removed;
        self.constraints_added += other.constraints_added;
        self.constraints_removed += other.constraints_removed;
    }

    /// Whether the schema changed (and nothing else did not matter).
    pub fn schema_changed(&self) -> bool {
        self.indexes_added
            + self.indexes_removed
            + self.constraints_added
            + self.constraints_removed
            > 0
    }
}

impl std::fmt::Display for Stats {
    /// `created 2 nodes, set 3 properties`: the non-zero counts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts = [
            (self.nodes_created, "created", "node"),
            (self.rels_created, "created", "relationship"),
            (self.nodes_deleted, "deleted", "node"),
            (self.rels_deleted, "deleted", "relationship"),
            (self.props_set, "set", "property"),
            (self.labels_added, "added", "label"),
            (self.labels_removed, "removed", "label"),
            (self.indexes_added, "added", "index"),
            (self.indexes_removed, "removed", "index"),
            (self.constraints_added, "added", "constraint"),
            (self.constraints_removed, "removed", "constraint"),
        ];
        let mut first = true;
        for (n, verb, noun) in parts {
            if n == 0 {
                continue;
            }
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            let plural = match (n, noun) {
                (1, _) => noun.to_string(),
                (_, "property") => "properties".to_string(),
                (_, "index") => "indexes".to_string(),
                _ => format!("{noun}s"),
            };
            write!(f, "{verb} {n} {plural}")?;
        }
        if first {
            f.write_str("no changes")?;
        }
        Ok(())
    }
}

/// `apply`, and under PROFILE the rows it passed on and the time it took, recorded.
pub fn apply_measured(
    update: &Update,
    rows: Vec<Row>,
    graph: &mut Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
    stats: &mut Stats,
) -> Result<Vec<Row>> {
    let started = profile.map(|_| std::time::Instant::now());
    let rows = apply(update, rows, graph, cancel, profile, stats)?;
    if let (Some(profile), Some(started)) = (profile, started) {
        profile.record_update(update, rows.len(), started.elapsed());
    }
    Ok(rows)
}

/// Apply an update to every row; returns the rows for the clauses after it. Stops when
/// `cancel` fires (the statement's transaction then undoes what was done). Under PROFILE
/// (`profile`), the sub-plans it runs (MERGE's matcher, pattern predicates) are measured.
pub fn apply(
    update: &Update,
    rows: Vec<Row>,
    graph: &mut Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
    stats: &mut Stats,
) -> Result<Vec<Row>> {
    match update {
        Update::Create(parts) => {
            let mut out = Vec::with_capacity(rows.len());
            for mut row in rows {
                cancel.tick()?;
                for part in parts {
                    create_part(part, &mut row, graph, cancel, profile, stats, false)?;
                }
                out.push(row);
            }
            Ok(out)
        }
        Update::Merge(merge) => {
            let crate::ir::MergeUpdate {
                part,
                matcher,
                on_create,
                on_match,
            } = &**merge;
            let mut out = Vec::new();
            for row in rows {
                cancel.tick()?;
                let matched: Vec<Row> = {
                    let ctx = Ctx {
                        graph,
                        cancel,
                        profile,
                    };
                    pipeline::run(matcher, ctx, Box::new(std::iter::once(Ok(row.clone()))))
                        .collect::<Result<_>>()?
                };
                if matched.is_empty() {
                    let mut row = row;
                    create_part(part, &mut row, graph, cancel, profile, stats, true)?;
                    for op in on_create {
                        set_op(op, &row, graph, cancel, profile, stats)?;
                    }
                    out.push(row);
                } else {
                    for row in matched {
                        for op in on_match {
                            set_op(op, &row, graph, cancel, profile, stats)?;
                        }
                        out.push(row);
                    }
                }
            }
            Ok(out)
        }
        Update::Foreach {
            slot,
            list,
            body,
            span,
            ..
        } => {
            for row in &rows {
                cancel.tick()?;
                let ctx = Ctx {
                    graph,
                    cancel,
                    profile,
                };
                let items =
                    match eval(list, row, ctx, &mut Vec::new()).map_err(|e| e.or_span(*span))? {
                        Value::Null => Vec::new(),
                        Value::List(items) => items,
                        other => {
                            return Err(Error::type_error(format!(
                                "FOREACH expects a list, got {}",
                                other.type_name()
                            ))
                            .or_span(*span))
                        }
                    };
                for item in items {
                    cancel.tick()?;
                    let mut r = super::widened(row, &[*slot]);
                    super::set(&mut r, *slot, item);
                    let mut inner = vec![r];
                    for update in body {
                        inner = apply_measured(update, inner, graph, cancel, profile, stats)?;
                    }
                }
            }
            Ok(rows)
        }
        Update::Set(ops) => {
            for row in &rows {
                cancel.tick()?;
                for op in ops {
                    set_op(op, row, graph, cancel, profile, stats)?;
                }
            }
            Ok(rows)
        }
        Update::Delete { detach, exprs } => {
            let mut nodes: BTreeSet<NodeId> = BTreeSet::new();
            let mut rels: BTreeSet<RelId> = BTreeSet::new();
            for row in &rows {
                cancel.tick()?;
                for (e, span) in exprs {
                    let v = eval(
                        e,
                        row,
                        Ctx {
                            graph,
                            cancel,
                            profile,
                        },
                        &mut Vec::new(),
                    )
                    .map_err(|err| err.or_span(*span))?;
                    match v {
                        Value::Null => {}
                        Value::Node(n) => {
                            nodes.insert(n);
                        }
                        Value::Rel(r) => {
                            rels.insert(r);
                        }
                        Value::Path(p) => {
                            nodes.extend(p.nodes.iter().copied());
                            rels.extend(p.rels.iter().copied());
                        }
                        Value::VirtualNode(_) | Value::VirtualRel(_) => {
                            return Err(virtual_target(&v, "DELETE").or_span(*span))
                        }
                        other => {
                            return Err(Error::type_error(format!(
                                "DELETE expects a node, a relationship or a path, got {}",
                                other.type_name()
                            ))
                            .or_span(*span))
                        }
                    }
                }
            }
            for r in rels {
                cancel.tick()?;
                if graph.contains_rel(r) {
                    graph.delete_rel(r).map_err(store_error)?;
                    stats.rels_deleted += 1;
                }
            }
            for n in nodes {
                cancel.tick()?;
                if !graph.contains_node(n) {
                    continue;
                }
                if *detach {
                    let before = graph.rel_count();
                    graph.detach_delete_node(n).map_err(store_error)?;
                    stats.rels_deleted += before - graph.rel_count();
                } else {
                    graph.delete_node(n).map_err(|e| match e {
                        StoreError::StillConnected(k) => Error::new(
                            ErrorKind::Constraint,
                            format!("cannot delete node {} because it still has {k} relationship{}", n.0, if k == 1 { "" } else { "s" }),
                        )
                        .with_help("use DETACH DELETE to delete a node together with its relationships"),
                        other => store_error(other),
                    })
                    .map_err(|e| match exprs.first() {
                        Some((_, span)) => e.or_span(*span),
                        None => e,
                    })?;
                }
                stats.nodes_deleted += 1;
            }
            Ok(rows)
        }
    }
}

fn store_error(e: StoreError) -> Error {
    match e {
        StoreError::Missing => Error::new(
            ErrorKind::EntityNotFound,
            "the entity was deleted earlier in this statement",
        ),
        StoreError::StillConnected(k) => Error::new(
            ErrorKind::Constraint,
            format!("the node still has {k} relationships"),
        ),
        StoreError::Full => Error::resource("the graph is full (2^32 nodes or relationships)"),
    }
}

/// Properties of a pattern element: a map whose values can be stored.
fn props_of(
    ex: &Option<Ex>,
    row: &Row,
    graph: &mut Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
    merge: bool,
) -> Result<Vec<(Sym, Value)>> {
    let Some(ex) = ex else { return Ok(vec![]) };
    let v = eval(
        ex,
        row,
        Ctx {
            graph,
            cancel,
            profile,
        },
        &mut Vec::new(),
    )?;
    let map = match v {
        Value::Map(m) => m,
        Value::Null => return Ok(vec![]),
        other => {
            return Err(Error::type_error(format!(
                "properties must be a map, got {}",
                other.type_name()
            )))
        }
    };
    let mut out = Vec::with_capacity(map.len());
    for (k, v) in map {
        if v.is_null() {
            if merge {
                return Err(Error::semantic(
                    Span::default(),
                    format!("cannot merge using a null value for property `{k}`"),
                ));
            }
            continue;
        }
        check_storable(&k, &v)?;
        out.push((graph.intern(&k), v));
    }
    Ok(out)
}

/// The error of an update given a virtual node or relationship to change.
fn virtual_target(v: &Value, clause: &str) -> Error {
    let needs = match v {
        Value::VirtualRel(_) => "a relationship of the graph",
        _ => "a node of the graph",
    };
    super::not_in_graph(clause, needs, &v.virtual_entity().unwrap_or_default())
}

fn check_storable(key: &str, v: &Value) -> Result<()> {
    if v.is_null() || v.is_storable() {
        return Ok(());
    }
    Err(Error::type_error(format!(
        "property `{key}` cannot hold a {}: properties hold booleans, numbers, strings and lists of them",
        v.type_name()
    )))
}

fn create_part(
    part: &CreatePart,
    row: &mut Row,
    graph: &mut Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
    stats: &mut Stats,
    merge: bool,
) -> Result<()> {
    for n in &part.nodes {
        if n.bound {
            match row.get(n.slot) {
                Some(Value::Node(_)) => continue,
                Some(Value::Null) | None => {
                    return Err(Error::new(ErrorKind::Semantic, "cannot create a relationship to or from a null node (from an OPTIONAL MATCH that found nothing)"))
                }
                Some(v @ Value::VirtualNode(_)) => {
                    return Err(pipeline::placed(virtual_target(v, if merge { "MERGE" } else { "CREATE" }), n.span))
                }
                Some(other) => return Err(pipeline::placed(Error::type_error(format!("expected a node, got {}", other.type_name())), n.span)),
            }
        }
        let props = props_of(&n.props, row, graph, cancel, profile, merge)?;
        stats.props_set += props.len();
        stats.labels_added += n.labels.len();
        let id = graph
            .create_node(n.labels.clone(), props)
            .map_err(store_error)?;
        stats.nodes_created += 1;
        set(row, n.slot, Value::Node(id));
    }
    for r in &part.rels {
        let node = |slot: usize| match row.get(slot) {
            Some(Value::Node(n)) => Ok(*n),
            _ => Err(Error::new(
                ErrorKind::Semantic,
                "cannot create a relationship to or from a null node",
            )),
        };
        let (start, end) = (node(r.start)?, node(r.end)?);
        let props = props_of(&r.props, row, graph, cancel, profile, merge)?;
        stats.props_set += props.len();
        let id = graph
            .create_rel(start, end, r.ty, props)
            .map_err(store_error)?;
        stats.rels_created += 1;
        set(row, r.slot, Value::Rel(id));
    }
    if let Some((slot, start, rels)) = &part.path {
        let ctx = Ctx {
            graph,
            cancel,
            profile,
        };
        let p = eval(
            &Ex::BuildPath {
                start: *start,
                rels: rels.clone(),
            },
            row,
            ctx,
            &mut Vec::new(),
        )?;
        set(row, *slot, p);
    }
    Ok(())
}

fn set_op(
    op: &SetOp,
    row: &Row,
    graph: &mut Graph,
    cancel: Cancel,
    profile: Option<&Profile>,
    stats: &mut Stats,
) -> Result<()> {
    let ev = |graph: &Graph, e: &Ex| {
        eval(
            e,
            row,
            Ctx {
                graph,
                cancel,
                profile,
            },
            &mut Vec::new(),
        )
    };
    match op {
        SetOp::Prop {
            target,
            key,
            value,
            span,
        } => {
            let t = ev(graph, target).map_err(|e| e.or_span(*span))?;
            let v = ev(graph, value).map_err(|e| e.or_span(*span))?;
            check_storable(graph.name(*key), &v).map_err(|e| e.or_span(*span))?;
            set_prop(graph, &t, *key, v, stats).map_err(|e| e.or_span(*span))
        }
        SetOp::RemoveProp { target, key, span } => {
            let t = ev(graph, target).map_err(|e| e.or_span(*span))?;
            set_prop(graph, &t, *key, Value::Null, stats).map_err(|e| e.or_span(*span))
        }
        SetOp::Replace { slot, value, span } | SetOp::Merge { slot, value, span } => {
            let replace = matches!(op, SetOp::Replace { .. });
            let target = row.get(*slot).cloned().unwrap_or(Value::Null);
            if target.is_null() {
                return Ok(());
            }
            let v = ev(graph, value).map_err(|e| e.or_span(*span))?;
            let new_props: Vec<(Sym, Value)> = match v {
                Value::Map(m) => {
                    let mut out = Vec::new();
                    for (k, v) in m {
                        check_storable(&k, &v).map_err(|e| e.or_span(*span))?;
                        out.push((graph.intern(&k), v));
                    }
                    out
                }
                Value::Node(n) => graph.node(n).map(|d| d.props.clone()).unwrap_or_default(),
                Value::Rel(r) => graph.rel(r).map(|d| d.props.clone()).unwrap_or_default(),
                // A virtual node's or relationship's properties, as a map's.
                Value::VirtualNode(_) | Value::VirtualRel(_) => {
                    let props = match &v {
                        Value::VirtualNode(n) => &n.props,
                        Value::VirtualRel(r) => &r.props,
                        _ => unreachable!("matched above"),
                    };
                    let mut out = Vec::new();
                    for (k, v) in props {
                        check_storable(k, v).map_err(|e| e.or_span(*span))?;
                        out.push((graph.intern(k), v.clone()));
                    }
                    out
                }
                Value::Null if replace => vec![],
                other => {
                    return Err(Error::type_error(format!(
                        "SET needs a map, got {}",
                        other.type_name()
                    ))
                    .or_span(*span))
                }
            };
            if replace {
                let old: Vec<Sym> = match &target {
                    Value::Node(n) => graph
                        .node(*n)
                        .map(|d| d.props.iter().map(|(k, _)| *k).collect())
                        .unwrap_or_default(),
                    Value::Rel(r) => graph
                        .rel(*r)
                        .map(|d| d.props.iter().map(|(k, _)| *k).collect())
                        .unwrap_or_default(),
                    _ => vec![],
                };
                for k in old {
                    if !new_props.iter().any(|(nk, _)| *nk == k) {
                        set_prop(graph, &target, k, Value::Null, stats)
                            .map_err(|e| e.or_span(*span))?;
                    }
                }
            }
            for (k, v) in new_props {
                set_prop(graph, &target, k, v, stats).map_err(|e| e.or_span(*span))?;
            }
            Ok(())
        }
        SetOp::Labels { slot, labels, span } | SetOp::RemoveLabels { slot, labels, span } => {
            let add = matches!(op, SetOp::Labels { .. });
            match row.get(*slot) {
                Some(Value::Node(n)) => {
                    for l in labels {
                        let had = graph.has_label(*n, *l);
                        if add {
                            graph.add_label(*n, *l).map_err(store_error)?;
                            stats.labels_added += usize::from(!had);
                        } else {
                            graph.remove_label(*n, *l).map_err(store_error)?;
                            stats.labels_removed += usize::from(had);
                        }
                    }
                    Ok(())
                }
                None | Some(Value::Null) => Ok(()),
                Some(v @ Value::VirtualNode(_)) => {
                    Err(virtual_target(v, if add { "SET" } else { "REMOVE" }).or_span(*span))
                }
                Some(other) => Err(Error::type_error(format!(
                    "labels can only be set on nodes, got {}",
                    other.type_name()
                ))
                .or_span(*span)),
            }
        }
    }
}

fn set_prop(
    graph: &mut Graph,
    target: &Value,
    key: Sym,
    value: Value,
    stats: &mut Stats,
) -> Result<()> {
    match target {
        Value::Null => Ok(()),
        Value::Node(n) => {
            graph.set_node_prop(*n, key, value).map_err(store_error)?;
            stats.props_set += 1;
            Ok(())
        }
        Value::Rel(r) => {
            graph.set_rel_prop(*r, key, value).map_err(store_error)?;
            stats.props_set += 1;
            Ok(())
        }
        Value::VirtualNode(_) | Value::VirtualRel(_) => {
            Err(virtual_target(target, "SET or REMOVE"))
        }
        other => Err(Error::type_error(format!(
            "properties can only be set on nodes and relationships, got {}",
            other.type_name()
        ))),
    }
}
