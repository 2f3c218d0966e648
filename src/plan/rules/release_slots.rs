//! An UNWIND copies its input row once per item; a value in that row that nothing above reads
//! (`WITH collect(n) AS ns UNWIND ns AS m RETURN count(*)`: the list itself, copied 50,000
//! times) would make that quadratic. Each UNWIND of a query's last stage is told which slots the
//! operators above it read (`Op::Unwind::live`), and empties the others before copying.
//!
//! The operators above are followed from the stage's top while each is one whose reads are
//! known (projections, filters, bindings, UNWIND, aggregation, sorting, DISTINCT, SKIP, LIMIT);
//! below any other (an expansion, OPTIONAL MATCH, LOAD CSV, ...) or an expression that runs a
//! sub-plan (which sees the whole row), nothing is emptied.

use crate::ir::{DistinctKey, Ex, MapItem, Op};
use std::collections::BTreeSet;

/// The slots read above `op`: None for every slot.
type Live = Option<BTreeSet<usize>>;

pub(super) fn apply(root: &mut Op) {
    let mut op = root;
    let mut live: Live = None;
    loop {
        let below = match op {
            Op::Project {
                exprs, keep: false, ..
            } => reads_all(exprs.iter()),
            Op::Project {
                exprs, keep: true, ..
            } => union(live, reads_all(exprs.iter())),
            Op::Filter { pred, .. } => union(live, reads(pred)),
            Op::Bind { slot, expr, .. } => union(without(live, *slot), reads(expr)),
            Op::Unwind {
                expr,
                slot,
                live: told,
                ..
            } => {
                *told = live.as_ref().map(|l| l.iter().copied().collect());
                union(without(live, *slot), reads(expr))
            }
            Op::Aggregate {
                keys, aggs, top, ..
            } => {
                let args = aggs.iter().flat_map(|a| a.arg.iter().chain(a.extra.iter()));
                let limit = top.iter().map(|t| &t.limit);
                reads_all(keys.iter().chain(args).chain(limit))
            }
            Op::Sort { keys, limit, .. } => union(
                live,
                reads_all(keys.iter().map(|k| &k.0).chain(limit.iter())),
            ),
            Op::Skip { count, .. } | Op::Limit { count, .. } => union(live, reads(count)),
            Op::Distinct { width, .. } => union(live, Some((0..*width).collect())),
            Op::Truncate { width, .. } => match live {
                Some(l) => Some(l.into_iter().filter(|s| s < width).collect()),
                None => Some((0..*width).collect()),
            },
            Op::DistinctOn { key, .. } => union(
                live,
                Some(
                    key.iter()
                        .map(|k| match k {
                            DistinctKey::Slot(s) | DistinctKey::LoopRel(s) => *s,
                        })
                        .collect(),
                ),
            ),
            _ => return,
        };
        live = below;
        match op.input_mut() {
            Some(input) => op = input,
            None => return,
        }
    }
}

fn union(a: Live, b: Live) -> Live {
    let (mut a, b) = (a?, b?);
    a.extend(b);
    Some(a)
}

fn without(live: Live, slot: usize) -> Live {
    let mut l = live?;
    l.remove(&slot);
    Some(l)
}

fn reads_all<'e>(exprs: impl Iterator<Item = &'e Ex>) -> Live {
    let mut out = BTreeSet::new();
    for e in exprs {
        collect(e, &mut out)?;
    }
    Some(out)
}

fn reads(e: &Ex) -> Live {
    reads_all(std::iter::once(e))
}

/// The slots `e` reads into `out`; None when it runs a sub-plan (which may read any).
fn collect(e: &Ex, out: &mut BTreeSet<usize>) -> Option<()> {
    match e {
        Ex::Slot(s) => {
            out.insert(*s);
        }
        Ex::Const(_) | Ex::Local(_) => {}
        Ex::BuildPath { start, rels } => {
            out.insert(*start);
            out.extend(rels.iter().copied());
        }
        Ex::Exists(_) | Ex::CountRows(_) | Ex::CollectRows(..) => return None,
        Ex::Prop(a, _)
        | Ex::Unary(_, a)
        | Ex::IsNull(a, _)
        | Ex::HasLabels(a, _)
        | Ex::Labels(a, _)
        | Ex::IsType(a, ..)
        | Ex::Spanned(a, _) => collect(a, out)?,
        Ex::Index(a, b) | Ex::And(a, b) | Ex::Or(a, b) | Ex::Binary(_, a, b) => {
            collect(a, out)?;
            collect(b, out)?;
        }
        Ex::Slice(a, b, c) => {
            collect(a, out)?;
            for x in [b, c].into_iter().flatten() {
                collect(x, out)?;
            }
        }
        Ex::List(items) | Ex::Call(_, items) | Ex::Procedure(_, items) => {
            for x in items {
                collect(x, out)?;
            }
        }
        Ex::Map(items) => {
            for (_, x) in items {
                collect(x, out)?;
            }
        }
        Ex::Case {
            subject,
            whens,
            else_,
        } => {
            for x in subject.iter().chain(else_.iter()) {
                collect(x, out)?;
            }
            for (a, b) in whens {
                collect(a, out)?;
                collect(b, out)?;
            }
        }
        Ex::ListComp {
            list, where_, map, ..
        } => {
            collect(list, out)?;
            for x in where_.iter().chain(map.iter()) {
                collect(x, out)?;
            }
        }
        Ex::Reduce {
            init, list, expr, ..
        } => {
            collect(init, out)?;
            collect(list, out)?;
            collect(expr, out)?;
        }
        Ex::Quantified { list, pred, .. } => {
            collect(list, out)?;
            collect(pred, out)?;
        }
        Ex::MapProjection { base, items } => {
            collect(base, out)?;
            for item in items {
                if let MapItem::Value(_, x) = item {
                    collect(x, out)?;
                }
            }
        }
    }
    Some(())
}
