//! The read operators: each pulls rows from its input lazily, so LIMIT stops the work above it
//! early. Sort, Aggregate and Distinct's memory are the only places rows accumulate. Each
//! operator counts its work (rows, candidates, steps, comparisons) with `Ctx::tick`, so any of
//! them stops soon after the statement is interrupted or runs out of time.

use super::aggregate::Accumulator;
use super::batch;
use super::ops::{self, GroupKey};
use super::{budget, eval, set, widened, Ctx, Row};
use crate::diagnostic::{Error, Result, Span};
use crate::graph::{Dir, NodeId, Path, RelId, Value};
use crate::ir::{DistinctKey, Ex, ExpandSpec, Op, PathSelect, ScanSource};
use crate::syntax::ast::PathMode;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::collections::VecDeque;

pub type Rows<'a> = Box<dyn Iterator<Item = Result<Row>> + 'a>;

/// Run an operator tree; `Op::Input` yields `input`. Under PROFILE every operator's rows are
/// counted and timed.
pub fn run<'a>(op: &'a Op, ctx: Ctx<'a>, input: Rows<'a>) -> Rows<'a> {
    match ctx.profile {
        Some(profile) => profile.measure(op, || run_op(op, ctx, input)),
        None => run_op(op, ctx, input),
    }
}

fn run_op<'a>(op: &'a Op, ctx: Ctx<'a>, input: Rows<'a>) -> Rows<'a> {
    if batch::capable(op) && batch::worth(op) {
        return batch::rows(op, ctx, input);
    }
    match op {
        Op::Input => input,
        Op::Scan {
            input: child,
            slot,
            source,
        } => {
            let rows = run(child, ctx, input);
            let slot = *slot;
            per_row(rows, move |row| {
                type Candidates<'c> = Box<dyn Iterator<Item = NodeId> + 'c>;
                // The candidates, and the property value they must have when not looked up.
                let (candidates, compare): (Candidates<'a>, _) = match source {
                    ScanSource::All => (Box::new(ctx.graph.nodes()), None),
                    ScanSource::Label(l) => (Box::new(ctx.graph.nodes_with_label(*l)), None),
                    ScanSource::Labels(ls) => (
                        Box::new(ctx.graph.nodes_with_any_label_in(ls, 0, usize::MAX)),
                        None,
                    ),
                    ScanSource::Index { label, key, value } => {
                        let v = eval(value, &row, ctx, &mut Vec::new())?;
                        match ctx.graph.lookup(*label, *key, &v) {
                            Some(found) => (Box::new(found.into_iter()), None),
                            // Not indexable (a list, say): scan the label and compare.
                            None => (
                                Box::new(ctx.graph.nodes_with_label(*label)),
                                Some((*key, v)),
                            ),
                        }
                    }
                    ScanSource::Named { label, text } => {
                        let v = eval(text, &row, ctx, &mut Vec::new())?;
                        match super::names::seek(ctx.graph, *label, &v) {
                            Some(found) => (Box::new(found.into_iter()), None),
                            None => (Box::new(ctx.graph.nodes_with_label(*label)), None),
                        }
                    }
                    ScanSource::Range { label, .. }
                    | ScanSource::Prefix { label, .. }
                    | ScanSource::AnyOf { label, .. }
                    | ScanSource::Composite { label, .. } => {
                        let eval = |e: &Ex| eval(e, &row, ctx, &mut Vec::new());
                        match super::seek::candidates(ctx.graph, source, eval) {
                            Some(found) => (Box::new(found.into_iter()), None),
                            None => (Box::new(ctx.graph.nodes_with_label(*label)), None),
                        }
                    }
                };
                Ok(Box::new(candidates.filter_map(move |n| {
                    if let Err(e) = ctx.tick() {
                        return Some(Err(e));
                    }
                    if let Some((key, v)) = &compare {
                        let equal = ctx
                            .graph
                            .node_prop(n, *key)
                            .is_some_and(|p| ops::equals(&p, v) == Some(true));
                        if !equal {
                            return None;
                        }
                    }
                    let mut r = widened(&row, &[slot]);
                    set(&mut r, slot, Value::Node(n));
                    Some(Ok(r))
                })))
            })
        }
        Op::Expand { input: child, spec } => {
            let rows = run(child, ctx, input);
            per_row(rows, move |row| {
                let Some((from, target)) = expand_ends(&row, spec)? else {
                    return Ok(Box::new(std::iter::empty()));
                };
                let used = used_rels(&row, spec);
                // Between two bound nodes, a binary search in the first one's relationships.
                type Walk<'w> = Box<dyn Iterator<Item = (RelId, NodeId)> + 'w>;
                let walk: Walk<'a> = match target {
                    Some(to) => Box::new(
                        ctx.graph
                            .between(from, to, spec.dir, &spec.types)
                            .map(move |rel| (rel, to)),
                    ),
                    None => neighbours(ctx, from, spec.dir, &spec.types),
                };
                Ok(Box::new(walk.filter_map(move |step| {
                    if let Err(e) = ctx.tick() {
                        return Some(Err(e));
                    }
                    let (rel, other) = step;
                    if used.contains(&rel) {
                        return None;
                    }
                    let mut r = widened(&row, &[spec.rel, spec.to]);
                    set(&mut r, spec.rel, Value::Rel(rel));
                    set(&mut r, spec.to, Value::Node(other));
                    Some(Ok(r))
                })))
            })
        }
        Op::RelScan {
            input: child,
            spec,
            seek,
        } => {
            let rows = run(child, ctx, input);
            per_row(rows, move |row| {
                let used = used_rels(&row, spec);
                type Rels<'r> = Box<dyn Iterator<Item = (RelId, NodeId, NodeId)> + 'r>;
                let sought = seek.as_ref().and_then(|source| {
                    let eval = |e: &Ex| eval(e, &row, ctx, &mut Vec::new());
                    super::seek::candidates::<RelId>(ctx.graph, source, eval)
                });
                let rels: Rels<'a> = if let Some(found) = sought {
                    let graph = ctx.graph;
                    Box::new(
                        found
                            .into_iter()
                            .filter_map(move |r| graph.endpoints(r).map(|(s, e)| (r, s, e))),
                    )
                } else if spec.types.is_empty() {
                    Box::new(ctx.graph.rels_with_ends())
                } else {
                    Box::new(
                        spec.types
                            .iter()
                            .flat_map(move |t| ctx.graph.rels_of_type_with_ends(*t)),
                    )
                };
                Ok(Box::new(rels.flat_map(move |(rel, start, end)| {
                    let mut out: [Option<Result<Row>>; 2] = [None, None];
                    if let Err(e) = ctx.tick() {
                        out[0] = Some(Err(e));
                        return out.into_iter().flatten();
                    }
                    if used.contains(&rel) {
                        return out.into_iter().flatten();
                    }
                    let make = |left: NodeId, right: NodeId| {
                        let mut r = widened(&row, &[spec.from, spec.rel, spec.to]);
                        set(&mut r, spec.from, Value::Node(left));
                        set(&mut r, spec.rel, Value::Rel(rel));
                        set(&mut r, spec.to, Value::Node(right));
                        Ok(r)
                    };
                    match spec.dir {
                        Dir::Out => out[0] = Some(make(start, end)),
                        Dir::In => out[0] = Some(make(end, start)),
                        Dir::Both => {
                            out[0] = Some(make(start, end));
                            if start != end {
                                out[1] = Some(make(end, start));
                            }
                        }
                    }
                    out.into_iter().flatten()
                })))
            })
        }
        Op::VarExpand {
            input: child,
            spec,
            min,
            max,
            rel_filter,
        } => {
            let rows = run(child, ctx, input);
            per_row(rows, move |row| {
                let Some((from, target)) = expand_ends(&row, spec)? else {
                    return Ok(Box::new(std::iter::empty()));
                };
                let walk = VarWalk::new(
                    ctx,
                    spec,
                    from,
                    *min,
                    *max,
                    rel_filter.as_deref().map(|f| (f, &row[..])),
                    used_rels(&row, spec),
                );
                Ok(Box::new(walk.filter_map(move |step| match step {
                    Err(e) => Some(Err(e)),
                    Ok((rels, end)) => {
                        if spec.into && Some(end) != target {
                            return None;
                        }
                        let mut list: Vec<Value> = rels.into_iter().map(Value::Rel).collect();
                        if spec.reversed {
                            list.reverse();
                        }
                        let mut r = widened(&row, &[spec.rel, spec.to]);
                        set(&mut r, spec.rel, Value::List(list));
                        set(&mut r, spec.to, Value::Node(end));
                        Some(Ok(r))
                    }
                })))
            })
        }
        Op::Repeat {
            input: child,
            spec,
            min,
            max,
            repeat,
        } => {
            let rows = run(child, ctx, input);
            per_row(rows, move |row| {
                let Some((from, target)) = expand_ends(&row, spec)? else {
                    return Ok(Box::new(std::iter::empty()));
                };
                let used = used_rels(&row, spec);
                let walk =
                    RepeatWalk::new(ctx, spec, repeat, (*min, *max), from, target, used, row);
                Ok(Box::new(walk))
            })
        }
        Op::ShortestPath {
            input: child,
            spec,
            min,
            max,
            select,
            path,
            rel_filter,
            repeat,
            sequence,
            cycles,
        } => {
            let rows = run(child, ctx, input);
            per_row(rows, move |row| {
                let (Some(from), Some(to)) = (end_at(&row, spec, 0)?, end_at(&row, spec, 1)?)
                else {
                    return Ok(Box::new(std::iter::empty()));
                };
                if let Some(seq) = sequence {
                    let (k, groups) = match *select {
                        PathSelect::One => (1, false),
                        PathSelect::All => (1, true),
                        PathSelect::Counted { k, groups } => (k, groups),
                    };
                    let used = used_rels(&row, spec);
                    let paths = sequence_shortest_paths(
                        ctx,
                        spec,
                        seq,
                        (from, to),
                        (k, groups),
                        &row,
                        &used,
                    )?;
                    let path_slot = *path;
                    return Ok(Box::new(paths.into_iter().map(move |Binding(p, parts)| {
                        let bindings = sequence_bindings(seq, &p, &parts);
                        let mut slots = vec![spec.rel];
                        slots.extend(path_slot);
                        slots.extend(bindings.iter().map(|(slot, _)| *slot));
                        let mut r = widened(&row, &slots);
                        for (slot, value) in bindings {
                            set(&mut r, slot, value);
                        }
                        set(
                            &mut r,
                            spec.rel,
                            Value::List(p.rels.iter().map(|x| Value::Rel(*x)).collect()),
                        );
                        if let Some(ps) = path_slot {
                            set(&mut r, ps, Value::Path(Box::new(p)));
                        }
                        Ok(r)
                    })));
                }
                if let Some(repeat) = repeat {
                    let (k, groups) = match *select {
                        PathSelect::One => (1, false),
                        PathSelect::All => (1, true),
                        PathSelect::Counted { k, groups } => (k, groups),
                    };
                    let paths = repeat_shortest_paths(
                        ctx,
                        spec,
                        repeat,
                        (from, to),
                        (*min, *max),
                        (k, groups),
                        &row,
                    )?;
                    let path_slot = *path;
                    return Ok(Box::new(paths.into_iter().map(move |p| {
                        let mut slots = vec![spec.rel];
                        slots.extend(path_slot);
                        slots.extend(repeat.lists.iter().map(|&(_, slot)| slot));
                        let mut r = widened(&row, &slots);
                        for (slot, mut list) in repetition_lists(repeat, &p.nodes, &p.rels) {
                            if let (true, Value::List(items)) = (spec.reversed, &mut list) {
                                items.reverse();
                            }
                            set(&mut r, slot, list);
                        }
                        let p = if spec.reversed {
                            Path {
                                nodes: p.nodes.into_iter().rev().collect(),
                                rels: p.rels.into_iter().rev().collect(),
                            }
                        } else {
                            p
                        };
                        set(
                            &mut r,
                            spec.rel,
                            Value::List(p.rels.iter().map(|x| Value::Rel(*x)).collect()),
                        );
                        if let Some(ps) = path_slot {
                            set(&mut r, ps, Value::Path(Box::new(p)));
                        }
                        Ok(r)
                    })));
                }
                let filter = rel_filter.as_deref().map(|f| (f, &row[..]));
                // A selector's paths from a node back to itself: the level-by-level search
                // finds them, the breadth-first search of `shortestPath()` does not.
                let select = match *select {
                    PathSelect::One if *cycles && from == to => PathSelect::Counted {
                        k: 1,
                        groups: false,
                    },
                    PathSelect::All if *cycles && from == to => {
                        PathSelect::Counted { k: 1, groups: true }
                    }
                    select => select,
                };
                let paths = match select {
                    PathSelect::One => {
                        shortest_paths(ctx, spec, from, to, *min, *max, false, filter)?
                    }
                    PathSelect::All => {
                        shortest_paths(ctx, spec, from, to, *min, *max, true, filter)?
                    }
                    PathSelect::Counted { k, groups } => counted_shortest_paths(
                        ctx,
                        spec,
                        (from, to),
                        (*min, *max),
                        (k, groups),
                        filter,
                    )?,
                };
                let path_slot = *path;
                Ok(Box::new(paths.into_iter().map(move |p| {
                    let mut r = widened(&row, &[spec.rel, path_slot.unwrap_or(0)]);
                    set(
                        &mut r,
                        spec.rel,
                        Value::List(p.rels.iter().map(|x| Value::Rel(*x)).collect()),
                    );
                    if let Some(ps) = path_slot {
                        set(&mut r, ps, Value::Path(Box::new(p)));
                    }
                    Ok(r)
                })))
            })
        }
        Op::Filter { input: child, pred } => {
            let rows = run(child, ctx, input);
            Box::new(rows.filter_map(move |row| match row {
                Err(e) => Some(Err(e)),
                Ok(row) => {
                    let kept = ctx
                        .tick()
                        .and_then(|()| eval(pred, &row, ctx, &mut Vec::new()))
                        .and_then(|v| ops::truthy(&v));
                    match kept {
                        Ok(Some(true)) => Some(Ok(row)),
                        Ok(_) => None,
                        Err(e) => Some(Err(e)),
                    }
                }
            }))
        }
        Op::Bind {
            input: child,
            slot,
            expr,
        } => {
            let rows = run(child, ctx, input);
            let slot = *slot;
            Box::new(rows.map(move |row| {
                let mut row = row?;
                ctx.tick()?;
                let v = eval(expr, &row, ctx, &mut Vec::new())?;
                set(&mut row, slot, v);
                Ok(row)
            }))
        }
        Op::Optional {
            input: child,
            inner,
            nulls,
        } => {
            let rows = run(child, ctx, input);
            per_row(rows, move |row| {
                ctx.tick()?;
                let mut matched = run(inner, ctx, Box::new(std::iter::once(Ok(row.clone()))));
                match matched.next() {
                    Some(first) => Ok(Box::new(std::iter::once(first).chain(matched))),
                    None => {
                        let mut r = row;
                        for &s in nulls {
                            set(&mut r, s, Value::Null);
                        }
                        Ok(Box::new(std::iter::once(Ok(r))))
                    }
                }
            })
        }
        Op::Apply {
            input: child,
            inner,
            out,
            optional,
        } => {
            let rows = run(child, ctx, input);
            per_row(rows, move |row| {
                ctx.tick()?;
                let mut found = run(inner, ctx, Box::new(std::iter::once(Ok(row.clone()))));
                let first = match found.next() {
                    Some(first) => first?,
                    None if *optional => {
                        let mut r = widened(&row, out);
                        for &s in out {
                            set(&mut r, s, Value::Null);
                        }
                        return Ok(Box::new(std::iter::once(Ok(r))));
                    }
                    None => return Ok(Box::new(std::iter::empty())),
                };
                let joined = move |columns: Row| {
                    let mut r = widened(&row, out);
                    let mut columns = columns.into_iter();
                    for &s in out {
                        set(&mut r, s, columns.next().unwrap_or(Value::Null));
                    }
                    r
                };
                Ok(Box::new(
                    std::iter::once(Ok(first))
                        .chain(found)
                        .map(move |r| r.map(&joined)),
                ))
            })
        }
        Op::Union {
            input: child,
            branches,
            distinct,
            width,
        } => {
            let rows = run(child, ctx, input);
            let (distinct, width) = (*distinct, *width);
            per_row(rows, move |row| {
                ctx.tick()?;
                let all = branches
                    .iter()
                    .flat_map(move |b| run(b, ctx, Box::new(std::iter::once(Ok(row.clone())))));
                if !distinct {
                    return Ok(Box::new(all));
                }
                // The rows this input row gave so far, held until it is done.
                let mut seen: HashSet<Vec<GroupKey>> = HashSet::new();
                let mut held = Held(0);
                Ok(Box::new(all.filter_map(move |row| {
                    let row = match row {
                        Ok(row) => row,
                        Err(e) => return Some(Err(e)),
                    };
                    let key: Vec<GroupKey> = row.iter().take(width).map(GroupKey::new).collect();
                    if seen.contains(&key) {
                        return None;
                    }
                    let bytes = budget::row_bytes(&row[..width.min(row.len())]) + 16;
                    if let Err(e) = budget::hold(bytes, "UNION", budget::Kind::Rows) {
                        return Some(Err(e));
                    }
                    let held: &mut Held = &mut held;
                    held.0 += bytes;
                    seen.insert(key);
                    Some(Ok(row))
                })))
            })
        }
        Op::Unwind {
            input: child,
            expr,
            slot,
            live,
        } => {
            let rows = run(child, ctx, input);
            let slot = *slot;
            per_row(rows, move |mut row| {
                let items = match eval(expr, &row, ctx, &mut Vec::new())? {
                    Value::Null => vec![],
                    Value::List(items) => items,
                    other => vec![other],
                };
                // What nothing above reads is not copied with each item.
                if let Some(live) = live {
                    for (i, v) in row.iter_mut().enumerate() {
                        if live.binary_search(&i).is_err() {
                            *v = Value::Null;
                        }
                    }
                }
                Ok(Box::new(items.into_iter().map(move |v| {
                    ctx.tick()?;
                    let mut r = widened(&row, &[slot]);
                    set(&mut r, slot, v);
                    Ok(r)
                })))
            })
        }
        Op::LoadCsv { input: child, .. } => super::load_csv::rows(op, run(child, ctx, input), ctx),
        Op::Project {
            input: child,
            exprs,
            keep,
        } => {
            let rows = run(child, ctx, input);
            let keep = *keep;
            // Every expression a slot of its own: the values are moved, not evaluated, and
            // where they stay in place the row itself goes on.
            if let Some(moves) = (!keep).then(|| distinct_slots(exprs)).flatten() {
                let identity = moves.iter().enumerate().all(|(i, s)| i == *s);
                return Box::new(rows.map(move |row| {
                    let mut row = row?;
                    ctx.tick()?;
                    if identity && row.len() == moves.len() {
                        return Ok(row);
                    }
                    Ok(moves
                        .iter()
                        .map(|&s| {
                            row.get_mut(s)
                                .map_or(Value::Null, |v| std::mem::replace(v, Value::Null))
                        })
                        .collect())
                }));
            }
            Box::new(rows.map(move |row| {
                let row = row?;
                ctx.tick()?;
                let mut out = Vec::with_capacity(exprs.len() + if keep { row.len() } else { 0 });
                let mut locals = Vec::new();
                for e in exprs {
                    out.push(eval(e, &row, ctx, &mut locals)?);
                }
                if keep {
                    out.extend(row);
                }
                Ok(out)
            }))
        }
        Op::Aggregate {
            input: child,
            keys,
            aggs,
            top,
        } => {
            let out = if batch::capable(child) && batch::worth(child) {
                batch::aggregate(child, ctx, input, keys, aggs, top.as_ref())
            } else {
                aggregate(run(child, ctx, input), ctx, keys, aggs)
            };
            // Paths that could not rank their groups before making rows rank the rows.
            let out = match (out, top) {
                (Ok(rows), Some(top)) => first_rows(rows, top, ctx),
                (out, _) => out,
            };
            match out {
                Ok(out) => Box::new(out.into_iter().map(Ok)),
                Err(e) => Box::new(std::iter::once(Err(e))),
            }
        }
        Op::Distinct {
            input: child,
            width,
        } => {
            let rows = run(child, ctx, input);
            let width = *width;
            let mut seen: HashSet<Vec<GroupKey>> = HashSet::new();
            Box::new(rows.filter_map(move |row| match row {
                Err(e) => Some(Err(e)),
                Ok(row) => {
                    if let Err(e) = ctx.tick() {
                        return Some(Err(e));
                    }
                    let key: Vec<GroupKey> = row.iter().take(width).map(GroupKey::new).collect();
                    if seen.contains(&key) {
                        return None;
                    }
                    // A new key is held to the statement's end.
                    let bytes = budget::row_bytes(&row[..width.min(row.len())]) + 16;
                    if let Err(e) = budget::hold(bytes, "DISTINCT", budget::Kind::Rows) {
                        return Some(Err(e));
                    }
                    if seen.insert(key) {
                        Some(Ok(row))
                    } else {
                        None
                    }
                }
            }))
        }
        Op::RelTypeCounts {
            types,
            by_type,
            aggs,
        } => {
            let graph = ctx.graph;
            let counts: Vec<(String, usize)> = if types.is_empty() {
                graph
                    .rel_types()
                    .into_iter()
                    .map(|(t, n)| (t.to_string(), n))
                    .collect()
            } else {
                let mut seen = Vec::new();
                for t in types {
                    if !seen.contains(t) {
                        seen.push(*t);
                    }
                }
                seen.iter()
                    .map(|t| (graph.name(*t).to_string(), graph.type_count(*t)))
                    .filter(|(_, n)| *n > 0)
                    .collect()
            };
            // Like Aggregate: every input row meets every relationship once.
            let mut inputs = 0usize;
            for r in input {
                if let Err(e) = r.and_then(|_| ctx.tick()) {
                    return Box::new(std::iter::once(Err(e)));
                }
                inputs += 1;
            }
            let row = |key: Option<Value>, n: usize| -> Row {
                let mut row: Row = key.into_iter().collect();
                let total = (n as i64).saturating_mul(inputs as i64);
                row.extend(std::iter::repeat_n(Value::Int(total), *aggs));
                row
            };
            let rows: Vec<Row> = if !*by_type {
                vec![row(None, counts.iter().map(|(_, n)| n).sum())]
            } else if inputs == 0 {
                vec![]
            } else {
                counts
                    .into_iter()
                    .map(|(t, n)| row(Some(Value::from(t)), n))
                    .collect()
            };
            Box::new(rows.into_iter().map(Ok))
        }
        Op::DistinctOn {
            input: child,
            key,
            loop_cap,
        } => {
            let rows = run(child, ctx, input);
            let mut dedupe = Dedupe::new(key, *loop_cap);
            Box::new(rows.filter_map(move |row| match row {
                Err(e) => Some(Err(e)),
                Ok(row) => match ctx.tick() {
                    Ok(()) => dedupe.keep(&row, ctx).then_some(Ok(row)),
                    Err(e) => Some(Err(e)),
                },
            }))
        }
        Op::Sort {
            input: child,
            keys,
            limit,
        } => {
            let rows = run(child, ctx, input);
            match sort(rows, ctx, keys, limit.as_ref()) {
                Ok(out) => Box::new(out.into_iter().map(Ok)),
                Err(e) => Box::new(std::iter::once(Err(e))),
            }
        }
        Op::Skip {
            input: child,
            count,
        } => {
            let rows = run(child, ctx, input);
            match constant_count(count, ctx) {
                Ok(n) => {
                    let mut skipped = 0usize;
                    Box::new(rows.filter_map(move |row| {
                        if skipped == n {
                            return Some(row);
                        }
                        match row.and_then(|_| ctx.tick()) {
                            Ok(()) => {
                                skipped += 1;
                                None
                            }
                            Err(e) => Some(Err(e)),
                        }
                    }))
                }
                Err(e) => Box::new(std::iter::once(Err(e))),
            }
        }
        Op::Limit {
            input: child,
            count,
        } => match constant_count(count, ctx) {
            Ok(0) => Box::new(std::iter::empty()),
            Ok(n) => {
                let rows = run(child, ctx, input);
                Box::new(rows.take(n))
            }
            Err(e) => Box::new(std::iter::once(Err(e))),
        },
        Op::Truncate {
            input: child,
            width,
        } => {
            let rows = run(child, ctx, input);
            let width = *width;
            Box::new(rows.map(move |row| {
                let mut row = row?;
                row.truncate(width);
                Ok(row)
            }))
        }
    }
}

/// The state of `Op::DistinctOn`. Rows are grouped by the key's slots. With exactly one
/// `LoopRel` part, a group needs at most `loop_cap` rows whose relationship is a distinct
/// self-loop, and no more once a row with another relationship came: the later hops exclude
/// only the relationship of their own row, so those rows together reach every result the
/// whole group reaches (see `plan::pattern::dedupe_rows`). With several `LoopRel` parts each
/// distinct combination of self-loops is kept.
pub(super) struct Dedupe<'a> {
    key: &'a [DistinctKey],
    loop_cap: usize,
    /// Per group: whether it is covered, and the self-loops of the rows kept.
    groups: HashMap<Vec<GroupKey>, (bool, Vec<RelId>)>,
}

impl<'a> Dedupe<'a> {
    pub(super) fn new(key: &'a [DistinctKey], loop_cap: usize) -> Self {
        Dedupe {
            key,
            loop_cap,
            groups: HashMap::new(),
        }
    }

    pub(super) fn keep(&mut self, row: &[Value], ctx: Ctx) -> bool {
        let self_loop = |slot: usize| match row.get(slot) {
            Some(Value::Rel(r)) if ctx.graph.endpoints(*r).is_some_and(|(a, b)| a == b) => Some(*r),
            _ => None,
        };
        let loop_parts: Vec<usize> = self
            .key
            .iter()
            .filter_map(|k| match k {
                DistinctKey::LoopRel(s) => Some(*s),
                DistinctKey::Slot(_) => None,
            })
            .collect();
        let capped = loop_parts.len() == 1;
        let group: Vec<GroupKey> = self
            .key
            .iter()
            .filter_map(|k| match k {
                DistinctKey::Slot(s) => Some(GroupKey::new(row.get(*s).unwrap_or(&Value::Null))),
                DistinctKey::LoopRel(s) if !capped => Some(GroupKey::new(
                    &self_loop(*s).map_or(Value::Null, Value::Rel),
                )),
                DistinctKey::LoopRel(_) => None,
            })
            .collect();
        if !capped {
            return match self.groups.entry(group) {
                std::collections::hash_map::Entry::Occupied(_) => false,
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert((true, Vec::new()));
                    true
                }
            };
        }
        let this_loop = self_loop(loop_parts[0]);
        let (covered, loops) = self.groups.entry(group).or_insert((false, Vec::new()));
        if *covered {
            return false;
        }
        match this_loop {
            None => *covered = true,
            Some(r) if loops.contains(&r) => return false,
            Some(r) => {
                loops.push(r);
                *covered = loops.len() >= self.loop_cap;
            }
        }
        true
    }
}

/// For each input row, the rows `f` makes of it; errors pass through.
/// Bytes held against the statement's budget, given back when dropped.
struct Held(u64);

impl Drop for Held {
    fn drop(&mut self) {
        budget::release(self.0);
    }
}

fn per_row<'a, F>(rows: Rows<'a>, mut f: F) -> Rows<'a>
where
    F: FnMut(Row) -> Result<Rows<'a>> + 'a,
{
    Box::new(rows.flat_map(move |row| -> Rows<'a> {
        match row.and_then(&mut f) {
            Ok(it) => it,
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }))
}

fn constant_count(count: &Ex, ctx: Ctx) -> Result<usize> {
    match eval(count, &[], ctx, &mut Vec::new())? {
        Value::Int(i) => Ok(usize::try_from(i).unwrap_or(usize::MAX)),
        other => Err(Error::type_error(format!(
            "expected an Integer, got {}",
            other.type_name()
        ))),
    }
}

/// The node in a slot: None for null (an unmatched OPTIONAL MATCH), an error for other values.
pub(super) fn node_at(row: &[Value], slot: usize) -> Result<Option<NodeId>> {
    match row.get(slot) {
        Some(Value::Node(n)) => Ok(Some(*n)),
        None | Some(Value::Null) => Ok(None),
        Some(Value::VirtualNode(n)) => Err(super::not_in_graph(
            "a pattern",
            "a node of the graph",
            &n.describe(),
        )),
        Some(other) => Err(Error::type_error(format!(
            "expected a node, got {}",
            other.type_name()
        ))),
    }
}

/// Where an expansion starts, and the node it must reach when its far end is bound; None when
/// there is nothing to expand (a null from an OPTIONAL MATCH).
fn expand_ends(row: &[Value], spec: &ExpandSpec) -> Result<Option<(NodeId, Option<NodeId>)>> {
    let Some(from) = end_at(row, spec, 0)? else {
        return Ok(None);
    };
    if !spec.into {
        return Ok(Some((from, None)));
    }
    Ok(end_at(row, spec, 1)?.map(|to| (from, Some(to))))
}

/// The node at an expansion's start (`end` 0) or far end (1), as `node_at`, an error pointing
/// at the variable the query named it by.
pub(super) fn end_at(row: &[Value], spec: &ExpandSpec, end: usize) -> Result<Option<NodeId>> {
    let slot = if end == 0 { spec.from } else { spec.to };
    node_at(row, slot).map_err(|e| placed(e, spec.spans[end]))
}

/// `e`, placed at `span` when it has no place yet and `span` is known.
pub(super) fn placed(e: Error, span: Option<Span>) -> Error {
    match span {
        Some(span) => e.or_span(span),
        None => e,
    }
}

/// Relationships already used by the same MATCH: a pattern never matches one twice.
fn used_rels(row: &[Value], spec: &ExpandSpec) -> Vec<RelId> {
    let mut used = Vec::new();
    for &s in &spec.distinct_from {
        if let Some(Value::Rel(r)) = row.get(s) {
            used.push(*r);
        }
    }
    for &s in &spec.distinct_from_lists {
        if let Some(Value::List(items)) = row.get(s) {
            used.extend(items.iter().filter_map(|v| match v {
                Value::Rel(r) => Some(*r),
                _ => None,
            }));
        }
    }
    used
}

/// Relationships at a node as the spec walks them. An undirected walk meets a self-loop once.
pub(super) fn neighbours<'a>(
    ctx: Ctx<'a>,
    from: NodeId,
    dir: Dir,
    types: &'a [crate::graph::Sym],
) -> Box<dyn Iterator<Item = (RelId, NodeId)> + 'a> {
    match dir {
        Dir::Both => Box::new(
            ctx.graph.expand(from, Dir::Out, types).chain(
                ctx.graph
                    .expand(from, Dir::In, types)
                    .filter(move |(_, other)| *other != from),
            ),
        ),
        dir => Box::new(ctx.graph.expand(from, dir, types)),
    }
}

/// `rel_passes` for the shortest-path searches, whose filter comes with the row it reads.
fn step_passes(
    ctx: Ctx,
    filter: Option<(&Ex, &[Value])>,
    rel: RelId,
    ends: (NodeId, NodeId),
) -> Result<bool> {
    rel_passes(
        ctx,
        filter.map(|f| f.0),
        filter.map_or(&[], |f| f.1),
        rel,
        ends,
    )
}

/// Whether a step of a variable-length pattern passes its filter: the relationship, and the
/// nodes before and after it in the pattern's order, are locals 0, 1 and 2 (what a quantified
/// path pattern's predicate reads), over the row the pattern extends.
fn rel_passes(
    ctx: Ctx,
    filter: Option<&Ex>,
    row: &[Value],
    rel: RelId,
    (left, right): (NodeId, NodeId),
) -> Result<bool> {
    match filter {
        None => Ok(true),
        Some(f) => {
            let mut locals = vec![Value::Rel(rel), Value::Node(left), Value::Node(right)];
            Ok(eval(f, row, ctx, &mut locals)? == Value::Bool(true))
        }
    }
}

/// A step from `node` to `other` in the pattern's order: walked from its right end when
/// `reversed`.
fn in_order(node: NodeId, other: NodeId, reversed: bool) -> (NodeId, NodeId) {
    if reversed {
        (other, node)
    } else {
        (node, other)
    }
}

/// Depth-first enumeration of the relationship chains of a variable-length pattern, lazily.
struct VarWalk<'a> {
    ctx: Ctx<'a>,
    spec: &'a ExpandSpec,
    min: u64,
    max: u64,
    filter: Option<&'a Ex>,
    /// The row the pattern extends, which the filter may read (empty without a filter).
    row: Row,
    used: Vec<RelId>,
    /// Per depth: the candidate steps and the next one to try.
    stack: Frames,
    path: Vec<RelId>,
    nodes: Vec<NodeId>,
    emitted_start: bool,
}

impl<'a> VarWalk<'a> {
    fn new(
        ctx: Ctx<'a>,
        spec: &'a ExpandSpec,
        from: NodeId,
        min: u64,
        max: u64,
        filter: Option<(&'a Ex, &[Value])>,
        used: Vec<RelId>,
    ) -> Self {
        let mut walk = VarWalk {
            ctx,
            spec,
            min,
            max,
            filter: filter.map(|f| f.0),
            row: filter.map_or_else(Vec::new, |f| f.1.to_vec()),
            used,
            stack: vec![],
            path: vec![],
            nodes: vec![from],
            emitted_start: false,
        };
        if max > 0 {
            let first = walk.candidates(from);
            walk.stack.push((first, 0));
        }
        walk
    }

    fn candidates(&self, node: NodeId) -> Vec<(RelId, NodeId)> {
        neighbours(self.ctx, node, self.spec.dir, &self.spec.types).collect()
    }
}

impl Iterator for VarWalk<'_> {
    type Item = Result<(Vec<RelId>, NodeId)>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.emitted_start {
            self.emitted_start = true;
            if self.min == 0 {
                return Some(Ok((vec![], self.nodes[0])));
            }
        }
        loop {
            // Invariant: the top frame holds the steps out of the chain's last node.
            let (rel, other) = match next_step(
                self.ctx,
                &mut self.stack,
                &mut self.path,
                &mut self.nodes,
                &self.used,
                self.spec.mode,
            )? {
                Ok(step) => step,
                Err(e) => return Some(Err(e)),
            };
            let node = *self.nodes.last().expect("a walk has its start node");
            let ends = in_order(node, other, self.spec.reversed);
            match rel_passes(self.ctx, self.filter, &self.row, rel, ends) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => return Some(Err(e)),
            }
            // Descend: the new chain is path + rel.
            self.path.push(rel);
            self.nodes.push(other);
            let len = self.path.len() as u64;
            if len < self.max {
                let next = self.candidates(other);
                self.stack.push((next, 0));
            } else {
                // No deeper: the chain is complete here; undo after yielding.
                let rels = self.path.clone();
                self.path.pop();
                self.nodes.pop();
                if len >= self.min {
                    return Some(Ok((rels, other)));
                }
                continue;
            }
            if len >= self.min {
                return Some(Ok((self.path.clone(), other)));
            }
        }
    }
}

/// The walks of a quantified path pattern of several relationships from one row (see
/// `Op::Repeat`), depth first: one frame of candidate steps per relationship walked, so rows
/// come as they are found and LIMIT stops the search.
struct RepeatWalk<'a> {
    ctx: Ctx<'a>,
    spec: &'a ExpandSpec,
    repeat: &'a crate::ir::Repetition,
    min: u64,
    max: u64,
    target: Option<NodeId>,
    row: Row,
    used: Vec<RelId>,
    stack: Frames,
    path: Vec<RelId>,
    nodes: Vec<NodeId>,
    started: bool,
}

impl<'a> RepeatWalk<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        ctx: Ctx<'a>,
        spec: &'a ExpandSpec,
        repeat: &'a crate::ir::Repetition,
        (min, max): (u64, u64),
        from: NodeId,
        target: Option<NodeId>,
        used: Vec<RelId>,
        row: Row,
    ) -> Self {
        RepeatWalk {
            ctx,
            spec,
            repeat,
            min,
            max,
            target,
            row,
            used,
            stack: Vec::new(),
            path: Vec::new(),
            nodes: vec![from],
            started: false,
        }
    }

    /// Whether an element's test passes, with the element as its local.
    fn passes(&self, test: &Option<Ex>, local: usize, value: Value) -> Result<bool> {
        element_passes(self.ctx, &self.row, self.repeat, test, (local, value))
    }

    /// The locals of the repetition that ends at the walk's current depth.
    fn repetition_locals(&self) -> Vec<Value> {
        repetition_locals(self.repeat, &self.nodes, &self.path)
    }

    /// The frame of steps out of the walk's last node.
    fn open(&mut self) -> Result<()> {
        let k = self.repeat.steps.len();
        let node = *self.nodes.last().expect("a walk has its start node");
        let s = self.path.len() % k;
        let starts =
            s != 0 || self.passes(&self.repeat.first.1, self.repeat.first.0, Value::Node(node))?;
        let step = &self.repeat.steps[s];
        let cands = if starts {
            neighbours(self.ctx, node, step.dir, &step.types).collect()
        } else {
            Vec::new()
        };
        self.stack.push((cands, 0));
        Ok(())
    }

    /// The row for the walk as it stands: its relationships, its end and each named
    /// variable's list, in the pattern's order.
    fn emit(&self) -> Row {
        let mut slots = vec![self.spec.rel, self.spec.to];
        slots.extend(self.repeat.lists.iter().map(|&(_, slot)| slot));
        let mut r = widened(&self.row, &slots);
        let mut rels: Vec<Value> = self.path.iter().map(|x| Value::Rel(*x)).collect();
        if self.spec.reversed {
            rels.reverse();
        }
        set(&mut r, self.spec.rel, Value::List(rels));
        if !self.spec.into {
            let end = *self.nodes.last().expect("a walk has its start node");
            set(&mut r, self.spec.to, Value::Node(end));
        }
        for (slot, mut list) in repetition_lists(self.repeat, &self.nodes, &self.path) {
            if let (true, Value::List(items)) = (self.spec.reversed, &mut list) {
                items.reverse();
            }
            set(&mut r, slot, list);
        }
        r
    }

    fn ends_well(&self) -> bool {
        let reps = (self.path.len() / self.repeat.steps.len()) as u64;
        reps >= self.min && (!self.spec.into || self.nodes.last().copied() == self.target)
    }
}

impl Iterator for RepeatWalk<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Self::Item> {
        let k = self.repeat.steps.len();
        if !self.started {
            self.started = true;
            if self.max > 0 && k > 0 {
                if let Err(e) = self.open() {
                    return Some(Err(e));
                }
            }
            if self.ends_well() {
                return Some(Ok(self.emit()));
            }
        }
        loop {
            let (rel, other) = match next_step(
                self.ctx,
                &mut self.stack,
                &mut self.path,
                &mut self.nodes,
                &self.used,
                self.spec.mode,
            )? {
                Ok(step) => step,
                Err(e) => return Some(Err(e)),
            };
            let step = &self.repeat.steps[self.path.len() % k];
            let passes = self
                .passes(&step.rel.1, step.rel.0, Value::Rel(rel))
                .and_then(|ok| {
                    Ok(ok && self.passes(&step.node.1, step.node.0, Value::Node(other))?)
                });
            match passes {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => return Some(Err(e)),
            }
            self.path.push(rel);
            self.nodes.push(other);
            if !self.path.len().is_multiple_of(k) {
                if let Err(e) = self.open() {
                    return Some(Err(e));
                }
                continue;
            }
            // A repetition is complete: its WHERE decides whether the walk goes on.
            if let Some(filter) = &self.repeat.filter {
                let mut locals = self.repetition_locals();
                match eval(filter, &self.row, self.ctx, &mut locals) {
                    Ok(Value::Bool(true)) => {}
                    Ok(_) => {
                        self.path.pop();
                        self.nodes.pop();
                        continue;
                    }
                    Err(e) => return Some(Err(e)),
                }
            }
            let found = self.ends_well().then(|| self.emit());
            if ((self.path.len() / k) as u64) < self.max {
                if let Err(e) = self.open() {
                    return Some(Err(e));
                }
            } else {
                self.path.pop();
                self.nodes.pop();
            }
            if let Some(r) = found {
                return Some(Ok(r));
            }
        }
    }
}

/// Whether a test of one element of a repetition passes, with the element as its local
/// (`Op::Repeat`, and `Op::ShortestPath` over a repetition).
fn element_passes(
    ctx: Ctx,
    row: &[Value],
    repeat: &crate::ir::Repetition,
    test: &Option<Ex>,
    (local, value): (usize, Value),
) -> Result<bool> {
    let Some(test) = test else { return Ok(true) };
    let mut locals = vec![Value::Null; 2 * repeat.steps.len() + 1];
    locals[local] = value;
    Ok(eval(test, row, ctx, &mut locals)? == Value::Bool(true))
}

/// The locals of the repetition that ends a walk (`nodes` and `rels` as walked, the walk a
/// whole number of repetitions long).
fn repetition_locals(
    repeat: &crate::ir::Repetition,
    nodes: &[NodeId],
    rels: &[RelId],
) -> Vec<Value> {
    let k = repeat.steps.len();
    let d = rels.len() - k;
    let mut locals = vec![Value::Null; 2 * k + 1];
    locals[repeat.first.0] = Value::Node(nodes[d]);
    for (s, step) in repeat.steps.iter().enumerate() {
        locals[step.rel.0] = Value::Rel(rels[d + s]);
        locals[step.node.0] = Value::Node(nodes[d + s + 1]);
    }
    locals
}

/// Each named variable of a repetition over a walk of whole repetitions (`nodes` and `rels`
/// as walked): its slot and the list of its values, one per repetition, in the order walked.
fn repetition_lists<'r>(
    repeat: &'r crate::ir::Repetition,
    nodes: &'r [NodeId],
    rels: &'r [RelId],
) -> impl Iterator<Item = (usize, Value)> + 'r {
    let k = repeat.steps.len();
    let reps = rels.len().checked_div(k).unwrap_or(0);
    repeat.lists.iter().map(move |&(local, slot)| {
        let items: Vec<Value> = (0..reps)
            .map(|i| {
                let d = i * k;
                if local == repeat.first.0 {
                    return Value::Node(nodes[d]);
                }
                for (s, step) in repeat.steps.iter().enumerate() {
                    if step.rel.0 == local {
                        return Value::Rel(rels[d + s]);
                    }
                    if step.node.0 == local {
                        return Value::Node(nodes[d + s + 1]);
                    }
                }
                Value::Null
            })
            .collect();
        (slot, Value::List(items))
    })
}

/// The frames of a depth-first walk: per depth, the candidate steps and the next to try.
type Frames = Vec<(Vec<(RelId, NodeId)>, usize)>;

/// The next step a depth-first walk (`VarWalk`, `RepeatWalk`) may take out of its last node:
/// frames that are used up are dropped, backing the walk up a step each; a relationship the
/// walk or the row already has, or a node its path mode forbids, is passed over. None when
/// the walk is over; an error when the statement is stopped.
fn next_step(
    ctx: Ctx,
    stack: &mut Frames,
    path: &mut Vec<RelId>,
    nodes: &mut Vec<NodeId>,
    used: &[RelId],
    mode: PathMode,
) -> Option<Result<(RelId, NodeId)>> {
    loop {
        if let Err(e) = ctx.tick() {
            stack.clear();
            return Some(Err(e));
        }
        let (cands, pos) = stack.last_mut()?;
        if *pos >= cands.len() {
            stack.pop();
            if !path.is_empty() {
                path.pop();
                nodes.pop();
            }
            continue;
        }
        let (rel, other) = cands[*pos];
        *pos += 1;
        if path.contains(&rel) || used.contains(&rel) || !may_visit(mode, nodes, other) {
            continue;
        }
        return Some(Ok((rel, other)));
    }
}

/// Whether a walk through `nodes` may step on to `other` under its path mode: an `ACYCLIC`
/// walk never meets a node again; a `SIMPLE` one never meets one of its inner nodes again,
/// and once back where it started goes no further.
fn may_visit(mode: PathMode, nodes: &[NodeId], other: NodeId) -> bool {
    match mode {
        PathMode::Walk | PathMode::Trail => true,
        PathMode::Acyclic => !nodes.contains(&other),
        PathMode::Simple => {
            let closed = nodes.len() > 1 && nodes.first() == nodes.last();
            !closed && !nodes.get(1..).unwrap_or_default().contains(&other)
        }
    }
}

/// One shortest path from `from` to `to` (distinct nodes) of at most `max` relationships, by
/// breadth-first search from both ends at once, a whole level at a time. The first level at
/// which the searches meet gives the shortest length: a shorter path would have a node within
/// both searches' earlier depths, so they would have met before.
///
/// Each level costs what its side's frontier has to walk (the summed degrees of its nodes, not
/// their number: a frontier of one hub is dearer than one of a hundred small actors), so the
/// cheaper side walks. Before a level is walked, when the two frontiers are few enough, the
/// search asks first whether some relationship joins them, by binary search in the sorted
/// adjacency of each pair (`adjacent`): only such a step can meet at this level (a node both
/// searches reached would have met before), so when one is found the walk is not needed, and
/// two small actors whose neighbours are hubs are joined without walking a hub.
fn shortest_path_bidirectional(
    ctx: Ctx,
    spec: &ExpandSpec,
    from: NodeId,
    to: NodeId,
    max: u64,
    filter: Option<(&Ex, &[Value])>,
) -> Result<Vec<Path>> {
    /// What looking for a relationship between one pair of frontier nodes costs, in entries
    /// walked (a binary search in each of the node's type groups against a hash insert each).
    const PAIR_COST: u64 = 16;
    let dirs = [spec.dir, spec.dir.reversed()];
    // For each side: node -> (relationship, neighbour one step closer to that side's start),
    // with None at the start itself; and the frontier of the last level reached.
    let mut seen: [HashMap<NodeId, Option<(RelId, NodeId)>>; 2] = [HashMap::new(), HashMap::new()];
    seen[0].insert(from, None);
    seen[1].insert(to, None);
    let mut frontier: [Vec<NodeId>; 2] = [vec![from], vec![to]];
    let mut length = 0u64;
    // What walking each side's frontier costs: its nodes' summed degrees, found again only
    // for the side that walked.
    let cost_of = |s: usize, nodes: &[NodeId]| {
        nodes.iter().fold(0u64, |sum, &n| {
            sum.saturating_add(ctx.graph.degree(n, dirs[s], &spec.types) as u64)
        })
    };
    let mut cost = [cost_of(0, &frontier[0]), cost_of(1, &frontier[1])];
    // The searches meet at a node both reached, or at a relationship from a node of the
    // first's frontier to one of the second's: (end of the first's part, the relationship
    // between, start of the second's part).
    let (left, middle, right) = loop {
        if length >= max || frontier[0].is_empty() || frontier[1].is_empty() {
            return Ok(vec![]);
        }
        length += 1;
        let pairs = (frontier[0].len() as u64).saturating_mul(frontier[1].len() as u64);
        if pairs.saturating_mul(PAIR_COST) < cost[0].min(cost[1]) {
            if let Some((f, rel, b)) = adjacent(ctx, spec, &frontier, filter)? {
                break (f, Some(rel), b);
            }
        }
        let side = usize::from(cost[1] < cost[0]);
        let mut next = Vec::new();
        let mut meets: Option<NodeId> = None;
        'walk: for &node in &frontier[side] {
            for (rel, other) in neighbours(ctx, node, dirs[side], &spec.types) {
                ctx.tick()?;
                // Side 1 walks back from `to`: its steps run against the pattern's order.
                let ends = in_order(node, other, spec.reversed != (side == 1));
                if seen[side].contains_key(&other) || !step_passes(ctx, filter, rel, ends)? {
                    continue;
                }
                seen[side].insert(other, Some((rel, node)));
                if seen[1 - side].contains_key(&other) {
                    meets = Some(other);
                    break 'walk;
                }
                next.push(other);
            }
        }
        if let Some(m) = meets {
            break (m, None, m);
        }
        cost[side] = cost_of(side, &next);
        frontier[side] = next;
    };
    // from .. left, the relationship between (if any), then right .. to
    let mut nodes = vec![left];
    let mut rels = Vec::new();
    let mut at = left;
    while let Some(Some((rel, prev))) = seen[0].get(&at) {
        rels.push(*rel);
        nodes.push(*prev);
        at = *prev;
    }
    nodes.reverse();
    rels.reverse();
    if let Some(rel) = middle {
        rels.push(rel);
        nodes.push(right);
    }
    let mut at = right;
    while let Some(Some((rel, next))) = seen[1].get(&at) {
        rels.push(*rel);
        nodes.push(*next);
        at = *next;
    }
    Ok(vec![Path { nodes, rels }])
}

/// The first relationship (that passes the filter) from a node of the forward search's
/// frontier to one of the backward search's, in the pattern's direction: (its node on the
/// forward side, it, its node on the backward side). Found by binary search in the sorted
/// adjacency of each pair, in the frontiers' order.
fn adjacent(
    ctx: Ctx,
    spec: &ExpandSpec,
    frontier: &[Vec<NodeId>; 2],
    filter: Option<(&Ex, &[Value])>,
) -> Result<Option<(NodeId, RelId, NodeId)>> {
    for &f in &frontier[0] {
        for &b in &frontier[1] {
            ctx.tick()?;
            for rel in ctx.graph.between(f, b, spec.dir, &spec.types) {
                if step_passes(ctx, filter, rel, in_order(f, b, spec.reversed))? {
                    return Ok(Some((f, rel, b)));
                }
            }
        }
    }
    Ok(None)
}

/// Breadth-first search for the shortest path(s) from `from` to `to`.
#[allow(clippy::too_many_arguments)]
fn shortest_paths(
    ctx: Ctx,
    spec: &ExpandSpec,
    from: NodeId,
    to: NodeId,
    min: u64,
    max: u64,
    all: bool,
    filter: Option<(&Ex, &[Value])>,
) -> Result<Vec<Path>> {
    if from == to {
        return Ok(if min == 0 {
            vec![Path {
                nodes: vec![from],
                rels: vec![],
            }]
        } else {
            vec![]
        });
    }
    if !all {
        return shortest_path_bidirectional(ctx, spec, from, to, max, filter);
    }
    // parents[n] = the (relationship, previous node) pairs that reach n at its BFS depth.
    let mut parents: HashMap<NodeId, Vec<(RelId, NodeId)>> = HashMap::new();
    let mut depth_of: HashMap<NodeId, u64> = HashMap::new();
    depth_of.insert(from, 0);
    let mut frontier = vec![from];
    let mut depth = 0u64;
    let mut found = false;
    while !frontier.is_empty() && depth < max && !found {
        depth += 1;
        let mut next = Vec::new();
        for &node in &frontier {
            for (rel, other) in neighbours(ctx, node, spec.dir, &spec.types) {
                ctx.tick()?;
                let ends = in_order(node, other, spec.reversed);
                if !step_passes(ctx, filter, rel, ends)? {
                    continue;
                }
                match depth_of.get(&other) {
                    Some(&d) if d < depth => continue,
                    Some(_) => {
                        if all {
                            parents.entry(other).or_default().push((rel, node));
                        }
                    }
                    None => {
                        depth_of.insert(other, depth);
                        parents.entry(other).or_default().push((rel, node));
                        next.push(other);
                        if other == to {
                            found = true;
                        }
                    }
                }
            }
        }
        frontier = next;
    }
    if !found {
        return Ok(vec![]);
    }
    // Walk back from `to`, branching over all parents when every shortest path is wanted.
    let mut out = Vec::new();
    let mut partial: VecDeque<(NodeId, Vec<RelId>, Vec<NodeId>)> = VecDeque::new();
    partial.push_back((to, vec![], vec![to]));
    // The bytes of the partial paths and paths found, checked against the statement's budget.
    let size = |rels: &[RelId], nodes: &[NodeId]| {
        (64 + std::mem::size_of_val(rels) + std::mem::size_of_val(nodes)) as u64
    };
    let mut bytes = 0u64;
    while let Some((node, rels, nodes)) = partial.pop_front() {
        ctx.tick()?;
        bytes = bytes.saturating_sub(size(&rels, &nodes));
        if node == from {
            let mut rels = rels;
            let mut nodes = nodes;
            rels.reverse();
            nodes.reverse();
            bytes += size(&rels, &nodes);
            out.push(Path { nodes, rels });
            if !all {
                break;
            }
            continue;
        }
        let ps = parents.get(&node).map(|v| v.as_slice()).unwrap_or(&[]);
        for &(rel, prev) in if all { ps } else { &ps[..ps.len().min(1)] } {
            let mut r = rels.clone();
            r.push(rel);
            let mut n = nodes.clone();
            n.push(prev);
            bytes += size(&r, &n);
            budget::check(bytes, "allShortestPaths", budget::Kind::Rows)?;
            partial.push_back((prev, r, n));
        }
    }
    Ok(out)
}

/// `SHORTEST k` and `SHORTEST k GROUPS` from `from` to `to`: trails (no relationship twice) of
/// `min` to `max` relationships, found level by level in order of length, until `k` paths, or
/// every path of `k` lengths, are found. Every trail of a level is kept for the next, so the
/// work grows with the number of trails shorter than the last one returned: the partial paths
/// are charged to the statement's budget.
fn counted_shortest_paths(
    ctx: Ctx,
    spec: &ExpandSpec,
    (from, to): (NodeId, NodeId),
    (min, max): (u64, u64),
    (k, groups): (u64, bool),
    filter: Option<(&Ex, &[Value])>,
) -> Result<Vec<Path>> {
    let size = |p: &Path| (64 + std::mem::size_of_val(&p.rels[..]) * 2) as u64;
    let mut out: Vec<Path> = Vec::new();
    let mut found_lengths = 0u64;
    let mut level = vec![Path {
        nodes: vec![from],
        rels: vec![],
    }];
    // What the current level holds, given back when it is replaced and at the end.
    let mut held = budget::Release(0);
    let mut length = 0u64;
    // What the paths found hold, until they go on in rows.
    let mut found = budget::Release(0);
    loop {
        if length >= min
            && arrivals(
                ctx,
                &level,
                to,
                (k, groups),
                &mut out,
                &mut found_lengths,
                &mut found,
            )?
        {
            return Ok(out);
        }
        if length >= max || level.is_empty() {
            return Ok(out);
        }
        length += 1;
        let mut next = Vec::new();
        let mut bytes = 0u64;
        for p in &level {
            let Some(&node) = p.nodes.last() else {
                continue;
            };
            for (rel, other) in neighbours(ctx, node, spec.dir, &spec.types) {
                ctx.tick()?;
                if p.rels.contains(&rel) || !may_visit(spec.mode, &p.nodes, other) {
                    continue;
                }
                let ends = in_order(node, other, spec.reversed);
                if !step_passes(ctx, filter, rel, ends)? {
                    continue;
                }
                let mut longer = p.clone();
                longer.rels.push(rel);
                longer.nodes.push(other);
                let more = size(&longer);
                budget::hold(more, "SHORTEST", budget::Kind::Rows)?;
                bytes += more;
                next.push(longer);
            }
        }
        // The level before is gone: what it held is free.
        budget::release(held.0);
        held.0 = bytes;
        level = next;
    }
}

/// The trails of a level of `SHORTEST k` that end at `to`, added to `out` (each charged to
/// the statement's budget, the bytes added to `held`): true when the selector has what it
/// asks for, `k` paths, or with `groups` the paths of `k` lengths (`lengths` counts those
/// found so far).
fn arrivals<T: Clone + AsRef<Path>>(
    ctx: Ctx,
    level: &[T],
    to: NodeId,
    (k, groups): (u64, bool),
    out: &mut Vec<T>,
    lengths: &mut u64,
    held: &mut budget::Release,
) -> Result<bool> {
    let before = out.len();
    for p in level
        .iter()
        .filter(|p| p.as_ref().nodes.last() == Some(&to))
    {
        ctx.tick()?;
        let bytes = (64 + std::mem::size_of_val(&p.as_ref().rels[..]) * 2) as u64;
        budget::hold(bytes, "SHORTEST", budget::Kind::Rows)?;
        held.0 += bytes;
        out.push(p.clone());
        if !groups && out.len() as u64 == k {
            return Ok(true);
        }
    }
    if groups && out.len() > before {
        *lengths += 1;
        return Ok(*lengths == k);
    }
    Ok(false)
}

/// `Op::ShortestPath` over a quantified path pattern of several relationships: the `k`
/// shortest trails from `from` to `to` of `min` to `max` repetitions (with `groups`, every
/// trail of the `k` shortest lengths), as walked. Partial trails are extended level by level,
/// one relationship per level, so the first trails to reach `to` at the end of a repetition
/// are the shortest; a repetition's WHERE, which may read any of its elements, is checked on
/// the trail that completes it. A partial trail from whose state (its node and the step of
/// the repetition it is at) no walk over the elements' own tests reaches `to` within the
/// relationships left is dropped (`repeat_distances`), so that a search toward an end it
/// cannot reach stops at once. Each level's trails are charged to the statement's budget.
fn repeat_shortest_paths(
    ctx: Ctx,
    spec: &ExpandSpec,
    repeat: &crate::ir::Repetition,
    (from, to): (NodeId, NodeId),
    (min, max): (u64, u64),
    (k, groups): (u64, bool),
    row: &[Value],
) -> Result<Vec<Path>> {
    let steps = repeat.steps.len();
    if steps == 0 || k == 0 || min > max {
        return Ok(Vec::new());
    }
    let width = steps as u64;
    let (min_len, max_len) = (min.saturating_mul(width), max.saturating_mul(width));
    let mut held = budget::Release(0);
    let dist = repeat_distances(ctx, repeat, row, to, max_len, &mut held)?;
    // Whether `to` may still be reached from a state after `len` relationships.
    let reaches = |node: NodeId, step: usize, len: u64| {
        dist.get(&(node, step))
            .is_some_and(|&d| len.saturating_add(d) <= max_len)
    };
    let mut out: Vec<Path> = Vec::new();
    if !reaches(from, 0, 0) {
        return Ok(out);
    }
    let size = |p: &Path| (64 + std::mem::size_of_val(&p.rels[..]) * 2) as u64;
    let mut found_lengths = 0u64;
    let mut level = vec![Path {
        nodes: vec![from],
        rels: vec![],
    }];
    // What the current level holds, given back when it is replaced.
    let mut level_bytes = budget::Release(0);
    let mut length = 0u64;
    loop {
        if length.is_multiple_of(width)
            && length >= min_len
            && arrivals(
                ctx,
                &level,
                to,
                (k, groups),
                &mut out,
                &mut found_lengths,
                &mut held,
            )?
        {
            return Ok(out);
        }
        if length >= max_len || level.is_empty() {
            return Ok(out);
        }
        length += 1;
        let mut next = Vec::new();
        let mut bytes = 0u64;
        for p in &level {
            let Some(&node) = p.nodes.last() else {
                continue;
            };
            let at = p.rels.len() % steps;
            let first = &repeat.first;
            if at == 0 && !element_passes(ctx, row, repeat, &first.1, (first.0, Value::Node(node)))?
            {
                continue;
            }
            let step = &repeat.steps[at];
            let then = (at + 1) % steps;
            for (rel, other) in neighbours(ctx, node, step.dir, &step.types) {
                ctx.tick()?;
                if p.rels.contains(&rel)
                    || !may_visit(spec.mode, &p.nodes, other)
                    || !reaches(other, then, length)
                    || !element_passes(
                        ctx,
                        row,
                        repeat,
                        &step.rel.1,
                        (step.rel.0, Value::Rel(rel)),
                    )?
                    || !element_passes(
                        ctx,
                        row,
                        repeat,
                        &step.node.1,
                        (step.node.0, Value::Node(other)),
                    )?
                {
                    continue;
                }
                let mut longer = p.clone();
                longer.rels.push(rel);
                longer.nodes.push(other);
                // A repetition is complete: its WHERE decides whether the trail goes on.
                if then == 0 {
                    if let Some(filter) = &repeat.filter {
                        let mut locals = repetition_locals(repeat, &longer.nodes, &longer.rels);
                        if eval(filter, row, ctx, &mut locals)? != Value::Bool(true) {
                            continue;
                        }
                    }
                }
                let more = size(&longer);
                budget::hold(more, "SHORTEST", budget::Kind::Rows)?;
                bytes += more;
                next.push(longer);
            }
        }
        // The level before is gone: what it held is free.
        budget::release(level_bytes.0);
        level_bytes.0 = bytes;
        level = next;
    }
}

/// For `repeat_shortest_paths`: the fewest relationships from each state of a walk of the
/// repetition (a node, and the step of the repetition to take from it) to `to` at the end of
/// a repetition, up to `limit`, over the elements' own tests only (not the repetition's WHERE,
/// the trail or the path mode: a lower bound). Breadth first from `to`, against the steps'
/// directions; states that cannot reach `to` are absent. The map is charged to `held`.
fn repeat_distances(
    ctx: Ctx,
    repeat: &crate::ir::Repetition,
    row: &[Value],
    to: NodeId,
    limit: u64,
    held: &mut budget::Release,
) -> Result<HashMap<(NodeId, usize), u64>> {
    let steps = repeat.steps.len();
    let entry = (std::mem::size_of::<((NodeId, usize), u64)>() * 2) as u64;
    let mut dist: HashMap<(NodeId, usize), u64> = HashMap::new();
    dist.insert((to, 0), 0);
    let mut frontier = vec![(to, 0usize)];
    let mut d = 0u64;
    while !frontier.is_empty() && d < limit {
        d += 1;
        let mut next = Vec::new();
        for &(node, at) in &frontier {
            // The step that leads to this state, and the node it reaches.
            let before = (at + steps - 1) % steps;
            let step = &repeat.steps[before];
            if !element_passes(
                ctx,
                row,
                repeat,
                &step.node.1,
                (step.node.0, Value::Node(node)),
            )? {
                continue;
            }
            for (rel, other) in neighbours(ctx, node, step.dir.reversed(), &step.types) {
                ctx.tick()?;
                if dist.contains_key(&(other, before))
                    || !element_passes(
                        ctx,
                        row,
                        repeat,
                        &step.rel.1,
                        (step.rel.0, Value::Rel(rel)),
                    )?
                {
                    continue;
                }
                let first = &repeat.first;
                if before == 0
                    && !element_passes(ctx, row, repeat, &first.1, (first.0, Value::Node(other)))?
                {
                    continue;
                }
                budget::hold(entry, "SHORTEST", budget::Kind::Rows)?;
                held.0 += entry;
                dist.insert((other, before), d);
                next.push((other, before));
            }
        }
        frontier = next;
    }
    Ok(dist)
}

/// A place in a `PathSequence` walk: the segment, the repetitions of it done, and the step of
/// the repetition under way (0 between repetitions).
type SeqState = (usize, u64, usize);

/// Whether the node before segment `i` of a sequence meets its test.
fn entry_passes(
    ctx: Ctx,
    row: &[Value],
    seq: &crate::ir::PathSequence,
    i: usize,
    node: NodeId,
) -> Result<bool> {
    let Some(test) = &seq.segments[i].entry else {
        return Ok(true);
    };
    Ok(eval(test, row, ctx, &mut vec![Value::Node(node)])? == Value::Bool(true))
}

/// The places a walk of a sequence at `node` in `state` may take its next step from: the
/// repetition under way, or between repetitions another repetition of its segment (when it
/// may have more) and the first of each later segment it may go on to (its segment having
/// had repetitions enough, and the node meeting the next one's entry test). With `end`, true
/// when the walk may end here instead (every segment done).
fn sequence_places(
    ctx: Ctx,
    row: &[Value],
    seq: &crate::ir::PathSequence,
    state: SeqState,
    node: NodeId,
) -> Result<(Vec<SeqState>, bool)> {
    let segs = &seq.segments;
    if state.2 > 0 {
        return Ok((vec![state], false));
    }
    let mut places = Vec::new();
    let (mut i, mut r) = (state.0, state.1);
    loop {
        if r < segs[i].max {
            places.push((i, r, 0));
        }
        if r < segs[i].min {
            return Ok((places, false));
        }
        i += 1;
        r = 0;
        if i == segs.len() {
            return Ok((places, true));
        }
        if !entry_passes(ctx, row, seq, i, node)? {
            return Ok((places, false));
        }
    }
}

/// A trail a `PathSequence` matched, with the segment each of its relationships matched: how
/// it splits between the pattern's parts (one trail may split in several ways, each a binding
/// of its own).
#[derive(Clone)]
struct Binding(Path, Vec<u32>);

impl AsRef<Path> for Binding {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Path {
    fn as_ref(&self) -> &Path {
        self
    }
}

/// `Op::ShortestPath` over a whole path pattern of fixed hops and quantified parts
/// (`PathSequence`): the `k` shortest bindings from `from` to `to` that match it (with
/// `groups`, every binding of the `k` shortest lengths), walked from its left end. Partial
/// trails are extended one relationship at a time, each carrying its place in the pattern and
/// the segment of each relationship (a trail that may pass from one part to the next at
/// several points goes on as several), in the order of the least length they could complete
/// with (by `sequence_distances`, from their node and place), so that they complete in the
/// order of their lengths and a trail is never extended past the lengths asked for. A
/// repetition's WHERE is checked on the trail that completes it, the entry test of a part
/// where the trail enters it. A trail that cannot reach `to` within the relationships left is
/// dropped. No relationship is taken twice, nor one in `used`; the path mode holds over the
/// whole trail. The trails kept are charged to the statement's budget.
#[allow(clippy::too_many_arguments)]
fn sequence_shortest_paths(
    ctx: Ctx,
    spec: &ExpandSpec,
    seq: &crate::ir::PathSequence,
    (from, to): (NodeId, NodeId),
    (k, groups): (u64, bool),
    row: &[Value],
    used: &[RelId],
) -> Result<Vec<Binding>> {
    let segs = &seq.segments;
    if k == 0
        || segs.is_empty()
        || segs
            .iter()
            .any(|s| s.min > s.max || s.repeat.steps.is_empty())
    {
        return Ok(Vec::new());
    }
    let max_len = segs.iter().fold(0u64, |acc, s| {
        acc.saturating_add(s.max.saturating_mul(s.repeat.steps.len() as u64))
    });
    let mut held = budget::Release(0);
    let dist = sequence_distances(ctx, seq, row, to, max_len, &mut held)?;
    // The fewest relationships a trail at `node` and `place` after `len` of them can have
    // once complete: none when it cannot complete within `max_len`. A lower bound that never
    // falls as the trail grows (each step is one the backward search took the other way).
    let bound = |node: NodeId, (i, r, j): SeqState, len: u64| -> Option<u64> {
        dist.get(&(node, i, j, r.min(segs[i].min)))
            .map(|&d| len.saturating_add(d))
            .filter(|&f| f <= max_len)
    };
    let mut out: Vec<Binding> = Vec::new();
    let Some(first) = bound(from, (0, 0, 0), 0) else {
        return Ok(out);
    };
    let size = |p: &Path| (96 + std::mem::size_of_val(&p.rels[..]) * 2 + p.rels.len() * 4) as u64;
    let mut found_lengths = 0u64;
    // Each trail with the part of the pattern each of its relationships matched (how the
    // trail splits into the parts: one trail may split several ways, each its own binding),
    // its place in the pattern, and whether it was taken before (and its arrival noted).
    type Trail = (Path, Vec<u32>, SeqState, bool);
    // The trails to take, by bound, with what each bound's trails hold: taken lowest bound
    // first, so trails complete in the order of their lengths (every trail of length L is
    // complete once bound L is done). A trail taken at bound f is extended only by the steps
    // whose bound is f, and waits at the next bound its other steps have, to be extended by
    // those then: no step is made before its bound comes, and none past the lengths asked for.
    let mut waiting: std::collections::BTreeMap<u64, (Vec<Trail>, u64)> = Default::default();
    let start = Path {
        nodes: vec![from],
        rels: vec![],
    };
    waiting.insert(first, (vec![(start, Vec::new(), (0, 0, 0), false)], 0));
    // What the waiting trails hold, given back as each bound is done (or at the end).
    let mut holding = budget::Release(0);
    while let Some((f, (mut work, mut bytes))) = waiting.pop_first() {
        let mut arrived: Vec<Binding> = Vec::new();
        // Trails of this bound, those its trails lead to with the same bound included.
        let mut at = 0;
        while at < work.len() {
            ctx.tick()?;
            let empty = Path {
                nodes: Vec::new(),
                rels: Vec::new(),
            };
            let (p, parts, state, taken) =
                std::mem::replace(&mut work[at], (empty, Vec::new(), (0, 0, 0), true));
            at += 1;
            let node = *p.nodes.last().expect("a trail has a node");
            let (places, end) = sequence_places(ctx, row, seq, state, node)?;
            let length = p.rels.len() as u64 + 1;
            if !taken && end && node == to {
                let binding = Binding(p.clone(), parts.clone());
                if groups {
                    arrived.push(binding);
                } else if arrivals(
                    ctx,
                    &[binding],
                    to,
                    (k, groups),
                    &mut out,
                    &mut found_lengths,
                    &mut held,
                )? {
                    // The k-th: no need to finish this bound.
                    return Ok(out);
                }
                // Complete at its bound: every step it may take has a higher one. It waits
                // for the next, its steps unlooked at (a search that stops at this length,
                // at a node of many relationships, never looks at them).
                if !places.is_empty() && bound(node, state, length - 1) == Some(f) {
                    let more = size(&p);
                    wait_at(
                        &mut waiting,
                        &mut holding,
                        f + 1,
                        (p, parts, state, true),
                        more,
                    )?;
                    continue;
                }
            }
            // The least bound past this one of a step not made now.
            let mut later: Option<u64> = None;
            for (i, r, j) in places {
                let rep = &segs[i].repeat;
                if j == 0
                    && !element_passes(
                        ctx,
                        row,
                        rep,
                        &rep.first.1,
                        (rep.first.0, Value::Node(node)),
                    )?
                {
                    continue;
                }
                let step = &rep.steps[j];
                let then = if j + 1 == rep.steps.len() {
                    (i, r + 1, 0)
                } else {
                    (i, r, j + 1)
                };
                for (rel, other) in neighbours(ctx, node, step.dir, &step.types) {
                    ctx.tick()?;
                    let Some(next_bound) = bound(other, then, length) else {
                        continue;
                    };
                    // A bound never falls along a trail: a step of a lower one (none) was
                    // made when the trail was first taken, a higher one waits.
                    if next_bound > f {
                        later = Some(later.map_or(next_bound, |l| l.min(next_bound)));
                        continue;
                    }
                    if (taken && next_bound < f)
                        || p.rels.contains(&rel)
                        || used.contains(&rel)
                        || !may_visit(spec.mode, &p.nodes, other)
                        || !element_passes(
                            ctx,
                            row,
                            rep,
                            &step.rel.1,
                            (step.rel.0, Value::Rel(rel)),
                        )?
                        || !element_passes(
                            ctx,
                            row,
                            rep,
                            &step.node.1,
                            (step.node.0, Value::Node(other)),
                        )?
                    {
                        continue;
                    }
                    let mut longer = p.clone();
                    longer.rels.push(rel);
                    longer.nodes.push(other);
                    // A repetition is complete: its WHERE decides whether the trail goes on.
                    if then.2 == 0 {
                        if let Some(filter) = &rep.filter {
                            let mut locals = repetition_locals(rep, &longer.nodes, &longer.rels);
                            if eval(filter, row, ctx, &mut locals)? != Value::Bool(true) {
                                continue;
                            }
                        }
                    }
                    let more = size(&longer);
                    budget::hold(more, "SHORTEST", budget::Kind::Rows)?;
                    holding.0 += more;
                    bytes += more;
                    let mut parts = parts.clone();
                    parts.push(i as u32);
                    work.push((longer, parts, then, false));
                }
            }
            if let Some(later) = later {
                let more = size(&p);
                wait_at(
                    &mut waiting,
                    &mut holding,
                    later,
                    (p, parts, state, true),
                    more,
                )?;
            }
        }
        // This bound's trails are done with: what they held is free.
        budget::release(bytes);
        holding.0 -= bytes;
        drop(work);
        if arrivals(
            ctx,
            &arrived,
            to,
            (k, groups),
            &mut out,
            &mut found_lengths,
            &mut held,
        )? {
            return Ok(out);
        }
    }
    Ok(out)
}

/// For `sequence_shortest_paths`: `trail`, of `bytes`, waits at bound `at`, charged to the
/// statement's budget, to what the waiting trails hold and to that bound's trails.
fn wait_at<T>(
    waiting: &mut std::collections::BTreeMap<u64, (Vec<T>, u64)>,
    holding: &mut budget::Release,
    at: u64,
    trail: T,
    bytes: u64,
) -> Result<()> {
    budget::hold(bytes, "SHORTEST", budget::Kind::Rows)?;
    holding.0 += bytes;
    let wait = waiting.entry(at).or_default();
    wait.1 += bytes;
    wait.0.push(trail);
    Ok(())
}

/// For `sequence_shortest_paths`: the fewest relationships from each place of a walk of the
/// sequence (a node, its segment, the step of the repetition under way and the repetitions
/// done, counted up to the segment's minimum) to `to` with every segment done, up to `limit`,
/// over the elements' own tests and the entry tests only (not a repetition's WHERE, the trail
/// or the path mode, nor a maximum above the minimum: a lower bound). Breadth first from
/// `to`, against the steps' directions, a move to the next segment costing nothing; places
/// that cannot reach `to` are absent. The map is charged to `held`.
fn sequence_distances(
    ctx: Ctx,
    seq: &crate::ir::PathSequence,
    row: &[Value],
    to: NodeId,
    limit: u64,
    held: &mut budget::Release,
) -> Result<HashMap<(NodeId, usize, usize, u64), u64>> {
    type Place = (NodeId, usize, usize, u64);
    let segs = &seq.segments;
    let n = segs.len();
    let entry = (std::mem::size_of::<(Place, u64)>() * 2) as u64;
    let mut dist: HashMap<Place, u64> = HashMap::new();
    let mut queue: VecDeque<(Place, u64)> = VecDeque::new();
    let mut relax = |dist: &mut HashMap<Place, u64>,
                     queue: &mut VecDeque<(Place, u64)>,
                     place: Place,
                     d: u64,
                     free: bool|
     -> Result<()> {
        match dist.get(&place) {
            Some(&old) if old <= d => return Ok(()),
            Some(_) => {}
            None => {
                budget::hold(entry, "SHORTEST", budget::Kind::Rows)?;
                held.0 += entry;
            }
        }
        dist.insert(place, d);
        if free {
            queue.push_front((place, d));
        } else {
            queue.push_back((place, d));
        }
        Ok(())
    };
    relax(
        &mut dist,
        &mut queue,
        (to, n - 1, 0, segs[n - 1].min),
        0,
        true,
    )?;
    while let Some((place, d)) = queue.pop_front() {
        ctx.tick()?;
        if dist.get(&place) != Some(&d) {
            continue;
        }
        let (v, i, j, c) = place;
        // Entered here from the end of the segment before, which it had done.
        if j == 0 && c == 0 && i > 0 && entry_passes(ctx, row, seq, i, v)? {
            relax(
                &mut dist,
                &mut queue,
                (v, i - 1, 0, segs[i - 1].min),
                d,
                true,
            )?;
        }
        if d >= limit {
            continue;
        }
        let seg = &segs[i];
        let rep = &seg.repeat;
        // The step that leads here, and the repetitions counted before it.
        let (s, before): (usize, Vec<u64>) = if j > 0 {
            (j - 1, vec![c])
        } else if seg.min == 0 {
            (rep.steps.len() - 1, vec![0])
        } else if c == 0 {
            continue;
        } else if c < seg.min {
            (rep.steps.len() - 1, vec![c - 1])
        } else {
            (rep.steps.len() - 1, vec![seg.min - 1, seg.min])
        };
        let step = &rep.steps[s];
        if !element_passes(ctx, row, rep, &step.node.1, (step.node.0, Value::Node(v)))? {
            continue;
        }
        for (rel, u) in neighbours(ctx, v, step.dir.reversed(), &step.types) {
            ctx.tick()?;
            if !element_passes(ctx, row, rep, &step.rel.1, (step.rel.0, Value::Rel(rel)))? {
                continue;
            }
            if s == 0
                && !element_passes(ctx, row, rep, &rep.first.1, (rep.first.0, Value::Node(u)))?
            {
                continue;
            }
            for &cb in &before {
                // A repetition starts only while the segment may have another.
                if s == 0 && cb >= seg.min && seg.max <= seg.min {
                    continue;
                }
                relax(&mut dist, &mut queue, (u, i, s, cb), d + 1, false)?;
            }
        }
    }
    Ok(dist)
}

/// The values a binding of a `PathSequence` gives: each segment's named elements, single
/// values for a fixed hop and lists for a quantified part, over the relationships `parts`
/// says it matched (`parts[n]` is the segment of relationship n), and the nodes between two
/// quantified parts that the pattern names.
fn sequence_bindings(
    seq: &crate::ir::PathSequence,
    p: &Path,
    parts: &[u32],
) -> Vec<(usize, Value)> {
    let mut out = Vec::new();
    // Where segment i starts: the relationships of the segments before it.
    let start_of = |i: usize| parts.partition_point(|&s| (s as usize) < i);
    for (i, s) in seq.segments.iter().enumerate() {
        let (at, end) = (start_of(i), start_of(i + 1));
        let nodes = &p.nodes[at..=end];
        let rels = &p.rels[at..end];
        for (slot, list) in repetition_lists(&s.repeat, nodes, rels) {
            let value = match (s.single, list) {
                (true, Value::List(mut items)) if items.len() == 1 => items.pop().expect("one"),
                (_, list) => list,
            };
            out.push((slot, value));
        }
    }
    for &(i, slot) in &seq.joints {
        out.push((slot, Value::Node(p.nodes[start_of(i)])));
    }
    out
}

pub(super) fn aggregate(
    rows: Rows,
    ctx: Ctx,
    keys: &[Ex],
    aggs: &[crate::ir::AggSpec],
) -> Result<Vec<Row>> {
    match entity_keyed(keys, aggs) {
        Some(slot) => aggregate_by_entity(rows, ctx, slot, keys, aggs),
        None => group(rows, ctx, keys, aggs),
    }
}

/// The slot that every grouping key reads, when each key is that slot or a property of it and
/// at least one is a property, and every aggregate is merged per entity cheaply
/// (`Accumulator::by_entity_first`).
/// The keys are then a function of the slot's value: rows can be grouped by that value first
/// (a node or relationship id hashes far cheaper than the properties), and the keys read once
/// per entity.
pub(super) fn entity_keyed(keys: &[Ex], aggs: &[crate::ir::AggSpec]) -> Option<usize> {
    if !aggs
        .iter()
        .all(|a| Accumulator::by_entity_first(a.kind, a.distinct))
    {
        return None;
    }
    let mut slot = None;
    let mut any_prop = false;
    for k in keys {
        let (s, prop) = key_entity(k)?;
        if slot.is_some_and(|t| t != s) {
            return None;
        }
        slot = Some(s);
        any_prop |= prop;
    }
    slot.filter(|_| any_prop)
}

/// The slot a grouping key reads when it is that slot or a property of it, and whether it
/// is a property.
pub(super) fn key_entity(e: &Ex) -> Option<(usize, bool)> {
    match e {
        Ex::Slot(s) => Some((*s, false)),
        Ex::Prop(base, _) => match key_entity(base)? {
            (s, false) => Some((s, true)),
            _ => None,
        },
        Ex::Spanned(inner, _) => key_entity(inner),
        _ => None,
    }
}

/// What a group of `merge_entity_groups` was made by: the value of one slot, or of two.
pub(super) trait Entities {
    /// The value of the first slot.
    fn first(&self) -> &Value;
    /// Into their slots of a row.
    fn bind(self, slots: &[usize], row: &mut Row);
}

impl Entities for Value {
    fn first(&self) -> &Value {
        self
    }
    fn bind(self, slots: &[usize], row: &mut Row) {
        row[slots[0]] = self;
    }
}

impl Entities for (Value, Value) {
    fn first(&self) -> &Value {
        &self.0
    }
    fn bind(self, slots: &[usize], row: &mut Row) {
        row[slots[0]] = self.0;
        row[slots[1]] = self.1;
    }
}

/// Aggregate by the value of one slot, then evaluate the keys once per value and merge the
/// groups whose keys are equal. Groups come out in the order of their first row, as `group`
/// gives them: a key's first row is the first row of the first value that has that key.
fn aggregate_by_entity(
    rows: Rows,
    ctx: Ctx,
    slot: usize,
    keys: &[Ex],
    aggs: &[crate::ir::AggSpec],
) -> Result<Vec<Row>> {
    let by_value = group_raw(rows, ctx, &[Ex::Slot(slot)], aggs)?
        .into_iter()
        .map(|(mut value, accs)| (value.pop().unwrap_or(Value::Null), accs))
        .collect();
    merge_entity_groups(by_value, ctx, &[slot], keys, None)
}

/// Groups by the values of one slot or two (`slots`), merged into the groups of `keys`
/// (whose values are read from those slots alone), in the order of the first value of each.
pub(super) fn merge_entity_groups<A: GroupState, E: Entities>(
    by_value: Vec<(E, A)>,
    ctx: Ctx,
    slots: &[usize],
    keys: &[Ex],
    top: Option<&crate::ir::Top>,
) -> Result<Vec<Row>> {
    let slot = slots[0];
    let single = slots.len() == 1;
    if let ([key], true) = (keys, single) {
        if peel_slot(key) == Some(slot) {
            // The key is the value itself: its groups are the groups already.
            let groups = by_value
                .into_iter()
                .map(|(value, accs)| {
                    let mut key_values = Vec::with_capacity(1 + accs.width());
                    let mut row = vec![Value::Null; slot + 1];
                    value.bind(slots, &mut row);
                    key_values.extend(row.pop());
                    (key_values, accs)
                })
                .collect();
            return finish_groups(groups, ctx);
        }
    }
    let state = foldhash::fast::RandomState::default();
    let mut index: hashbrown::HashTable<usize> = hashbrown::HashTable::new();
    let mut hashes: Vec<u64> = Vec::new();
    let mut groups: Vec<(MergeKey, A)> = Vec::new();
    let mut locals = Vec::new();
    let width = slots.iter().max().map_or(0, |s| s + 1);
    let mut probe: Row = vec![Value::Null; width];
    // One key, a property of the one entity: string values are read in place and found in a
    // table of their own (a string is equal to no other kind of value), and stay the graph's
    // until a group's row is made; other values go through the general table below.
    let in_place = match keys {
        [key] if single => prop_of_slot(key, slot),
        _ => None,
    };
    let mut by_str: hashbrown::HashTable<usize> = hashbrown::HashTable::new();
    if in_place.is_some() {
        // As many groups as values at most: room for them all at once, no growing.
        by_str.reserve(by_value.len(), |_| 0);
        groups.reserve(by_value.len());
        hashes.reserve(by_value.len());
    }
    // The strings are read and hashed in the order of the entities' ids: the order their
    // columns and the string heap lie in, where reading in the groups' order would wait on
    // memory for nearly every group.
    let mut strings: Vec<Option<(&str, u64)>> = match in_place {
        Some(key) => {
            // By kind (nodes first), then id and place packed in one word: sorted as integers.
            let (mut nodes, mut rels): (Vec<u64>, Vec<u64>) = (Vec::new(), Vec::new());
            for (i, (value, _)) in by_value.iter().enumerate() {
                match value.first() {
                    Value::Node(n) => nodes.push((u64::from(n.0) << 32) | i as u64),
                    Value::Rel(r) => rels.push((u64::from(r.0) << 32) | i as u64),
                    _ => {}
                }
            }
            nodes.sort_unstable();
            rels.sort_unstable();
            let mut strings = vec![None; by_value.len()];
            // The chain each node's string is read by (liveness and code, where its bytes lie,
            // the bytes) asked for some nodes ahead, a link at a time, so that many nodes'
            // reads wait on memory at once rather than one after another.
            let column = ctx.graph.node_column(key);
            let ahead = |j: usize, step: u8| {
                if let (Some(col), Some(&k)) = (column, nodes.get(j)) {
                    let raw = (k >> 32) as u32;
                    if step == 0 {
                        ctx.graph.prefetch_node(NodeId(raw));
                    }
                    col.prefetch_str(raw, step);
                }
            };
            let keyed = nodes
                .iter()
                .map(|&k| (false, k))
                .chain(rels.iter().map(|&k| (true, k)));
            for (j, (is_rel, k)) in keyed.enumerate() {
                let (raw, i) = ((k >> 32) as u32, k as u32);
                ctx.tick()?;
                ahead(j + 24, 0);
                ahead(j + 12, 1);
                ahead(j + 6, 2);
                let found = if is_rel {
                    ctx.graph.rel_prop_ref(RelId(raw), key)
                } else {
                    ctx.graph.node_prop_ref(NodeId(raw), key)
                };
                if let Some(crate::graph::PropRef::Str(s)) = found {
                    let h = std::hash::BuildHasher::hash_one(&state, s);
                    strings[i as usize] = Some((s, h));
                }
            }
            strings
        }
        None => Vec::new(),
    };
    for (i, (value, accs)) in by_value.into_iter().enumerate() {
        ctx.tick()?;
        if in_place.is_some() {
            if let Some((s, h)) = strings[i].take() {
                let same = |&j: &usize| matches!(&groups[j].0, MergeKey::Str(t) if *t == s);
                match by_str.find(h, same) {
                    Some(&j) => groups[j].1.merge(accs),
                    None => add_group(
                        &mut by_str,
                        &mut groups,
                        &mut hashes,
                        h,
                        MergeKey::Str(s),
                        accs,
                    ),
                }
                continue;
            }
        }
        value.bind(slots, &mut probe);
        let mut key_values = Vec::with_capacity(keys.len() + accs.width());
        for k in keys {
            key_values.push(eval(k, &probe, ctx, &mut locals)?);
        }
        let h = ops::hash_group(&key_values, &state);
        let same = |&i: &usize| matches!(&groups[i].0, MergeKey::Values(v) if ops::same_group(v, &key_values));
        match index.find(h, same) {
            Some(&i) => groups[i].1.merge(accs),
            None => add_group(
                &mut index,
                &mut groups,
                &mut hashes,
                h,
                MergeKey::Values(key_values),
                accs,
            ),
        }
    }
    // Under an ORDER BY ... LIMIT that reads only these columns, the groups it drops make no
    // rows.
    let kept = top.and_then(|top| first_groups(&groups, keys.len(), top, ctx));
    let mut out = Vec::with_capacity(kept.as_ref().map_or(groups.len(), Vec::len));
    let mut kept = kept.map(|k| k.into_iter().peekable());
    for (i, (key, state)) in groups.into_iter().enumerate() {
        if let Some(kept) = &mut kept {
            if kept.next_if_eq(&i).is_none() {
                continue;
            }
        }
        ctx.tick()?;
        let mut row = match key {
            MergeKey::Str(s) => {
                let mut row = Vec::with_capacity(1 + state.width());
                row.push(Value::str(s));
                row
            }
            MergeKey::Values(values) => values,
        };
        state.finish_into(&mut row, ctx)?;
        out.push(row);
    }
    Ok(out)
}

/// The rows an aggregation's `Top` keeps, when there are more (by `top_k`, in the sort's
/// order); all of them when its LIMIT does not evaluate (the sort above reports that).
fn first_rows(rows: Vec<Row>, top: &crate::ir::Top, ctx: Ctx) -> Result<Vec<Row>> {
    let Ok(k) = constant_count(&top.limit, ctx) else {
        return Ok(rows);
    };
    if rows.len() <= k {
        return Ok(rows);
    }
    let keys: Vec<(Ex, bool)> = top
        .keys
        .iter()
        .map(|&(column, descending)| (Ex::Slot(column), descending))
        .collect();
    top_k(Box::new(rows.into_iter().map(Ok)), ctx, &keys, k)
}

/// A group's key in `merge_entity_groups`: a string of the graph's, or the keys' values.
enum MergeKey<'g> {
    Str(&'g str),
    Values(Vec<Value>),
}

/// The groups `top` keeps, by their places, increasing; None when it keeps them all or
/// cannot tell without finishing them (an aggregate other than a count, a LIMIT that is not a
/// count).
fn first_groups<A: GroupState>(
    groups: &[(MergeKey, A)],
    width: usize,
    top: &crate::ir::Top,
    ctx: Ctx,
) -> Option<Vec<usize>> {
    let k = constant_count(&top.limit, ctx).ok()?;
    if groups.len() <= k {
        return None;
    }
    // A group's value for a key of the sort, borrowed where it can be.
    enum Cell<'v> {
        Str(&'v str),
        Value(&'v Value),
        Owned(Value),
    }
    let cell = |g: usize, column: usize| -> Option<Cell> {
        let (key, state) = &groups[g];
        Some(match (key, column < width) {
            (MergeKey::Str(s), true) if column == 0 => Cell::Str(s),
            (MergeKey::Values(values), true) => Cell::Value(values.get(column)?),
            (_, false) => Cell::Owned(state.value(column - width)?),
            _ => return None,
        })
    };
    let as_value = |c: &Cell| match c {
        Cell::Str(s) => Value::str(s),
        Cell::Value(v) => (*v).clone(),
        Cell::Owned(v) => v.clone(),
    };
    // Whether group a comes before group b in the sort (ties: the earlier group first).
    let before = |a: usize, b: usize| -> Option<bool> {
        for &(column, descending) in &top.keys {
            let (x, y) = (cell(a, column)?, cell(b, column)?);
            let o = match (&x, &y) {
                (Cell::Str(x), Cell::Str(y)) => x.cmp(y),
                (Cell::Value(x), Cell::Value(y)) => ops::order(x, y),
                (Cell::Owned(x), Cell::Owned(y)) => ops::order(x, y),
                _ => ops::order(&as_value(&x), &as_value(&y)),
            };
            let o = if descending { o.reverse() } else { o };
            if o != std::cmp::Ordering::Equal {
                return Some(o == std::cmp::Ordering::Less);
            }
        }
        Some(a < b)
    };
    // The k first groups in a heap whose top is the last of them, as `top_k` keeps rows.
    let mut heap: Vec<usize> = Vec::with_capacity(k);
    for g in 0..groups.len() {
        if heap.len() < k {
            heap.push(g);
            let mut at = heap.len() - 1;
            while at > 0 {
                let parent = (at - 1) / 2;
                if !before(heap[parent], heap[at])? {
                    break;
                }
                heap.swap(at, parent);
                at = parent;
            }
        } else if k > 0 && before(g, heap[0])? {
            heap[0] = g;
            let mut at = 0;
            loop {
                let (l, r) = (2 * at + 1, 2 * at + 2);
                let mut last = at;
                if l < heap.len() && before(heap[last], heap[l])? {
                    last = l;
                }
                if r < heap.len() && before(heap[last], heap[r])? {
                    last = r;
                }
                if last == at {
                    break;
                }
                heap.swap(at, last);
                at = last;
            }
        }
    }
    heap.sort_unstable();
    Some(heap)
}

/// A new group with its key's hash `h`, found through `table` from now on.
fn add_group<K, A>(
    table: &mut hashbrown::HashTable<usize>,
    groups: &mut Vec<(K, A)>,
    hashes: &mut Vec<u64>,
    h: u64,
    key: K,
    state: A,
) {
    groups.push((key, state));
    hashes.push(h);
    table.insert_unique(h, groups.len() - 1, |&j| hashes[j]);
}

/// What a group holds while its rows are aggregated: its accumulators, or for aggregates that
/// are all `count(*)`, the count (`Counts`).
pub(super) trait GroupState {
    /// Takes in the rows of another group with the same key.
    fn merge(&mut self, other: Self);
    /// How many values `finish_into` adds.
    fn width(&self) -> usize;
    /// The aggregates' values, after the key's.
    fn finish_into(self, row: &mut Row, ctx: Ctx) -> Result<()>;
    /// Aggregate `i`'s value when it is known before finishing (a count), else None.
    fn value(&self, i: usize) -> Option<Value>;
}

impl GroupState for Vec<Accumulator> {
    fn merge(&mut self, other: Self) {
        for (into, from) in self.iter_mut().zip(other) {
            into.merge(from);
        }
    }
    fn width(&self) -> usize {
        self.len()
    }
    fn finish_into(self, row: &mut Row, ctx: Ctx) -> Result<()> {
        for acc in self {
            row.push(acc.finish(ctx.cancel)?);
        }
        Ok(())
    }
    fn value(&self, _: usize) -> Option<Value> {
        None
    }
}

/// The rows of a group, for aggregates that are `count(*)` each (`aggregates` of them).
pub(super) struct Counts {
    pub rows: u64,
    pub aggregates: usize,
}

impl GroupState for Counts {
    fn merge(&mut self, other: Self) {
        self.rows += other.rows;
    }
    fn width(&self) -> usize {
        self.aggregates
    }
    fn finish_into(self, row: &mut Row, _: Ctx) -> Result<()> {
        let n = Value::Int(i64::try_from(self.rows).unwrap_or(i64::MAX));
        row.extend(std::iter::repeat_n(n, self.aggregates));
        Ok(())
    }
    fn value(&self, i: usize) -> Option<Value> {
        (i < self.aggregates).then(|| Value::Int(i64::try_from(self.rows).unwrap_or(i64::MAX)))
    }
}

/// The slot an expression reads, through the spans it carries.
pub(super) fn peel_slot(e: &Ex) -> Option<usize> {
    match e {
        Ex::Slot(s) => Some(*s),
        Ex::Spanned(inner, _) => peel_slot(inner),
        _ => None,
    }
}

/// The slots of expressions that each read a slot no other reads, None otherwise.
fn distinct_slots(exprs: &[Ex]) -> Option<Vec<usize>> {
    let mut slots = Vec::with_capacity(exprs.len());
    let mut seen = fixedbitset::FixedBitSet::new();
    for e in exprs {
        match peel_slot(e) {
            Some(s) if !seen.contains(s) => {
                seen.grow(s + 1);
                seen.insert(s);
                slots.push(s);
            }
            _ => return None,
        }
    }
    Some(slots)
}

/// The property key of `key` when it reads a property of the value in `slot` (`n.name`).
fn prop_of_slot(key: &Ex, slot: usize) -> Option<crate::graph::Sym> {
    match key {
        Ex::Spanned(inner, _) => prop_of_slot(inner, slot),
        Ex::Prop(base, k) if peel_slot(base) == Some(slot) => Some(*k),
        _ => None,
    }
}

/// Group rows by the values of `keys` and aggregate each group.
fn group(rows: Rows, ctx: Ctx, keys: &[Ex], aggs: &[crate::ir::AggSpec]) -> Result<Vec<Row>> {
    let mut groups = group_raw(rows, ctx, keys, aggs)?;
    if groups.is_empty() && keys.is_empty() {
        let accs = aggs
            .iter()
            .map(|a| Accumulator::new(a.kind, a.distinct))
            .collect();
        groups.push((vec![], accs));
    }
    finish_groups(groups, ctx)
}

/// Each group's key values followed by its aggregates' values.
fn finish_groups<A: GroupState>(groups: Vec<(Vec<Value>, A)>, ctx: Ctx) -> Result<Vec<Row>> {
    let mut out = Vec::with_capacity(groups.len());
    for (mut key_values, state) in groups {
        ctx.tick()?;
        state.finish_into(&mut key_values, ctx)?;
        out.push(key_values);
    }
    Ok(out)
}

/// The groups of the rows by the values of `keys`, in the order of their first row, with their
/// running aggregates.
#[allow(clippy::type_complexity)]
fn group_raw(
    rows: Rows,
    ctx: Ctx,
    keys: &[Ex],
    aggs: &[crate::ir::AggSpec],
) -> Result<Vec<(Vec<Value>, Vec<Accumulator>)>> {
    let mut grouper = Grouper::new(foldhash::fast::RandomState::default());
    grouper.feed(rows, ctx, keys, aggs, 0)?;
    Ok(grouper.groups)
}

/// Rows grouped by the values of keys, in the order of their first row, each group with the
/// place of that row (see `merged`).
pub(super) struct Grouper {
    state: foldhash::fast::RandomState,
    index: hashbrown::HashTable<usize>,
    hashes: Vec<u64>,
    groups: Vec<(Vec<Value>, Vec<Accumulator>)>,
    first: Vec<u64>,
}

impl Grouper {
    /// Groupers whose groups are merged must share `state`.
    pub(super) fn new(state: foldhash::fast::RandomState) -> Grouper {
        Grouper {
            state,
            index: hashbrown::HashTable::new(),
            hashes: Vec::new(),
            groups: Vec::new(),
            first: Vec::new(),
        }
    }

    /// The rows into their groups; the first row's place is `place`, the next ones' follow.
    pub(super) fn feed(
        &mut self,
        rows: Rows,
        ctx: Ctx,
        keys: &[Ex],
        aggs: &[crate::ir::AggSpec],
        mut place: u64,
    ) -> Result<()> {
        // Groups are found by hashing the row's key values in place: no key is built per row.
        let mut locals = Vec::new();
        let mut key_values = Vec::with_capacity(keys.len());
        // The part the rows are of, for aggregates that keep their order (`Accumulator::at`).
        let part = place;
        for row in rows {
            let row = row?;
            ctx.tick()?;
            key_values.clear();
            for k in keys {
                key_values.push(eval(k, &row, ctx, &mut locals)?);
            }
            // Without grouping keys there is one group: after the first row, nothing to look up.
            let gi = if keys.is_empty() && !self.groups.is_empty() {
                0
            } else {
                let h = ops::hash_group(&key_values, &self.state);
                let groups = &self.groups;
                match self
                    .index
                    .find(h, |&i| ops::same_group(&groups[i].0, &key_values))
                {
                    Some(&i) => i,
                    None => {
                        let accs = aggs
                            .iter()
                            .map(|a| Accumulator::new(a.kind, a.distinct))
                            .collect();
                        let bytes =
                            budget::row_bytes(&key_values) + budget::VALUE * aggs.len() as u64;
                        budget::hold(bytes, "grouping", budget::Kind::Rows)?;
                        self.groups.push((std::mem::take(&mut key_values), accs));
                        self.hashes.push(h);
                        self.first.push(place);
                        let i = self.groups.len() - 1;
                        let hashes = &self.hashes;
                        self.index.insert_unique(h, i, |&j| hashes[j]);
                        key_values = Vec::with_capacity(keys.len());
                        i
                    }
                }
            };
            place += 1;
            for (spec, acc) in aggs.iter().zip(self.groups[gi].1.iter_mut()) {
                let v = match &spec.arg {
                    Some(a) => eval(a, &row, ctx, &mut locals)?,
                    None => Value::Null,
                };
                let extra = match &spec.extra {
                    Some(e) => Some(eval(e, &row, ctx, &mut locals)?),
                    None => None,
                };
                acc.at(part);
                acc.update(v, extra.as_ref())?;
            }
        }
        Ok(())
    }

    /// The groups of several groupers (of aggregates that merge: `Accumulator::merge`), as one
    /// grouper over all their rows makes them: equal keys merged, in the order of first rows.
    pub(super) fn merged(parts: Vec<Grouper>, ctx: Ctx) -> Result<Vec<Row>> {
        let mut parts = parts.into_iter();
        let Some(mut all) = parts.next() else {
            return Ok(Vec::new());
        };
        for part in parts {
            let rows = part.groups.into_iter().zip(part.hashes).zip(part.first);
            for (((key_values, accs), h), first) in rows {
                ctx.tick()?;
                let groups = &all.groups;
                match all
                    .index
                    .find(h, |&i| ops::same_group(&groups[i].0, &key_values))
                {
                    Some(&i) => {
                        for (into, from) in all.groups[i].1.iter_mut().zip(accs) {
                            into.merge(from);
                        }
                        all.first[i] = all.first[i].min(first);
                    }
                    None => {
                        all.groups.push((key_values, accs));
                        all.hashes.push(h);
                        all.first.push(first);
                        let hashes = &all.hashes;
                        all.index
                            .insert_unique(h, all.groups.len() - 1, |&j| hashes[j]);
                    }
                }
            }
        }
        let mut groups: Vec<_> = all.first.into_iter().zip(all.groups).collect();
        groups.sort_unstable_by_key(|(first, _)| *first);
        finish_groups(groups.into_iter().map(|(_, g)| g).collect(), ctx)
    }
}

/// A row being sorted: its sort keys' values, its place in the input, the row.
type Entry = (Vec<Value>, usize, Row);

/// The order of two rows being sorted: by their keys (descending where a key says so), ties
/// by their place in the input.
fn entry_order(keys: &[(Ex, bool)], a: &Entry, b: &Entry) -> std::cmp::Ordering {
    for (i, (_, desc)) in keys.iter().enumerate() {
        let o = ops::order(&a.0[i], &b.0[i]);
        let o = if *desc { o.reverse() } else { o };
        if o != std::cmp::Ordering::Equal {
            return o;
        }
    }
    a.1.cmp(&b.1)
}

/// ORDER BY ... LIMIT k with k up to this many keeps the k first rows in a heap as they come,
/// instead of holding every row.
const TOP_K: usize = 4096;

/// The `k` first rows in the order of `keys` (ties by arrival, as the full sort gives them),
/// kept in a heap whose top is the last of them: a row that does not come before it is
/// dropped at once.
fn top_k(rows: Rows, ctx: Ctx, keys: &[(Ex, bool)], k: usize) -> Result<Vec<Row>> {
    let cmp = |a: &Entry, b: &Entry| entry_order(keys, a, b);
    // A max-heap by `cmp`: each entry comes after neither of its children.
    let mut heap: Vec<Entry> = Vec::with_capacity(k.min(1024));
    let mut held = 0u64;
    let mut locals = Vec::new();
    // When the keys after the first are slots (which never fail to read), a row whose first
    // key already comes after the heap's top is dropped without reading the others.
    let rest_read_slots = keys.iter().skip(1).all(|(e, _)| peel_slot(e).is_some());
    let filled = (|| {
        for (i, row) in rows.enumerate() {
            let row = row?;
            ctx.tick()?;
            let mut first_key = None;
            if let (Some(top), Some((first, desc))) = (heap.first(), keys.first()) {
                let v = eval(first, &row, ctx, &mut locals)?;
                if heap.len() == k && rest_read_slots {
                    let o = ops::order(&v, &top.0[0]);
                    if (if *desc { o.reverse() } else { o }) == std::cmp::Ordering::Greater {
                        continue;
                    }
                }
                first_key = Some(v);
            }
            let mut key = Vec::with_capacity(keys.len());
            key.extend(first_key);
            for (e, _) in &keys[key.len()..] {
                key.push(eval(e, &row, ctx, &mut locals)?);
            }
            let entry = (key, i, row);
            if heap.len() < k {
                let bytes = budget::row_bytes(&entry.2) + budget::row_bytes(&entry.0) + 8;
                held += bytes;
                budget::hold(bytes, "ORDER BY", budget::Kind::Rows)?;
                heap.push(entry);
                let mut at = heap.len() - 1;
                while at > 0 {
                    let parent = (at - 1) / 2;
                    if cmp(&heap[at], &heap[parent]) != std::cmp::Ordering::Greater {
                        break;
                    }
                    heap.swap(at, parent);
                    at = parent;
                }
            } else if k > 0 && cmp(&entry, &heap[0]) == std::cmp::Ordering::Less {
                let size = |e: &Entry| budget::row_bytes(&e.2) + budget::row_bytes(&e.0) + 8;
                let (new, old) = (size(&entry), size(&heap[0]));
                budget::hold(new, "ORDER BY", budget::Kind::Rows)?;
                budget::release(old);
                held = held + new - old;
                heap[0] = entry;
                let mut at = 0;
                loop {
                    ctx.tick()?;
                    let (l, r) = (2 * at + 1, 2 * at + 2);
                    let mut top = at;
                    if l < heap.len() && cmp(&heap[l], &heap[top]) == std::cmp::Ordering::Greater {
                        top = l;
                    }
                    if r < heap.len() && cmp(&heap[r], &heap[top]) == std::cmp::Ordering::Greater {
                        top = r;
                    }
                    if top == at {
                        break;
                    }
                    heap.swap(at, top);
                    at = top;
                }
            }
        }
        Ok(())
    })();
    let _release = budget::Release(held);
    filled?;
    super::sort_cancellable(&mut heap, None, ctx.cancel, cmp)?;
    Ok(heap.into_iter().map(|(_, _, r)| r).collect())
}

fn sort(rows: Rows, ctx: Ctx, keys: &[(Ex, bool)], limit: Option<&Ex>) -> Result<Vec<Row>> {
    let limit = match limit {
        Some(l) => Some(constant_count(l, ctx)?),
        None => None,
    };
    if let Some(k) = limit.filter(|k| *k <= TOP_K) {
        return top_k(rows, ctx, keys, k);
    }
    let mut keyed: Vec<Entry> = Vec::new();
    let mut locals = Vec::new();
    // What the sort holds is charged to the statement's budget, and given back when its rows
    // go on (whatever holds them next charges them again).
    let mut held = 0u64;
    let filled = (|| {
        for (i, row) in rows.enumerate() {
            let row = row?;
            ctx.tick()?;
            let mut k = Vec::with_capacity(keys.len());
            for (e, _) in keys {
                k.push(eval(e, &row, ctx, &mut locals)?);
            }
            let bytes = budget::row_bytes(&row) + budget::row_bytes(&k) + 8;
            held += bytes;
            budget::hold(bytes, "ORDER BY", budget::Kind::Rows)?;
            keyed.push((k, i, row));
        }
        Ok(())
    })();
    let _release = budget::Release(held);
    filled?;
    let cmp = |a: &Entry, b: &Entry| entry_order(keys, a, b);
    super::sort_cancellable(&mut keyed, limit, ctx.cancel, cmp)?;
    if let Some(n) = limit {
        keyed.truncate(n);
    }
    Ok(keyed.into_iter().map(|(_, _, r)| r).collect())
}
