//! Expression evaluation over a row.

use super::{budget, functions, ops, pipeline, Ctx};
use crate::diagnostic::{Error, ErrorKind, Result};
use crate::graph::{NodeId, Path, Value};
use crate::ir::{Ex, MapItem};
use crate::syntax::ast::{BinaryOp, Quantifier};
use std::collections::BTreeMap;

/// Evaluate an expression. `locals` holds the variables of enclosing list comprehensions.
pub fn eval(ex: &Ex, row: &[Value], ctx: Ctx, locals: &mut Vec<Value>) -> Result<Value> {
    Ok(match ex {
        Ex::Const(v) => v.clone(),
        Ex::Slot(i) => row.get(*i).cloned().unwrap_or(Value::Null),
        Ex::Local(i) => locals.get(*i).cloned().unwrap_or(Value::Null),
        // A property of a variable reads the value in place (a map is not copied for one key).
        Ex::Prop(base, key) => match &**base {
            Ex::Slot(i) => property(row.get(*i).unwrap_or(&Value::Null), *key, ctx)?,
            Ex::Local(i) => property(locals.get(*i).unwrap_or(&Value::Null), *key, ctx)?,
            _ => {
                let base = eval(base, row, ctx, locals)?;
                property(&base, *key, ctx)?
            }
        },
        Ex::Index(base, index) => {
            // An item of a list in a slot, at a constant place, is read in place (a procedure's
            // row, for each column yielded).
            let in_place = match (&**base, &**index) {
                (Ex::Slot(i), Ex::Const(Value::Int(at))) => match row.get(*i) {
                    Some(Value::List(items)) => {
                        usize::try_from(*at).ok().and_then(|a| items.get(a))
                    }
                    _ => None,
                },
                _ => None,
            };
            match in_place {
                Some(item) => item.clone(),
                None => {
                    let base = eval(base, row, ctx, locals)?;
                    let index = eval(index, row, ctx, locals)?;
                    subscript(base, index, ctx)?
                }
            }
        }
        Ex::Slice(base, from, to) => {
            let base = eval(base, row, ctx, locals)?;
            let from = match from {
                Some(f) => Some(eval(f, row, ctx, locals)?),
                None => None,
            };
            let to = match to {
                Some(t) => Some(eval(t, row, ctx, locals)?),
                None => None,
            };
            slice(base, from, to)?
        }
        Ex::And(a, b) => {
            let a = eval(a, row, ctx, locals)?;
            if a == Value::Bool(false) {
                return Ok(a);
            }
            let b = eval(b, row, ctx, locals)?;
            ops::binary(BinaryOp::And, a, b)?
        }
        Ex::Or(a, b) => {
            let a = eval(a, row, ctx, locals)?;
            if a == Value::Bool(true) {
                return Ok(a);
            }
            let b = eval(b, row, ctx, locals)?;
            ops::binary(BinaryOp::Or, a, b)?
        }
        Ex::Binary(op, a, b) => {
            let a = eval(a, row, ctx, locals)?;
            let b = eval(b, row, ctx, locals)?;
            if *op == BinaryOp::Add {
                charge_concatenation(&a, &b)?;
            }
            ops::binary(*op, a, b)?
        }
        Ex::Unary(op, a) => ops::unary(*op, eval(a, row, ctx, locals)?)?,
        Ex::IsNull(e, negated) => Value::Bool(eval(e, row, ctx, locals)?.is_null() != *negated),
        Ex::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut bytes = 0;
            for i in items {
                let v = eval(i, row, ctx, locals)?;
                bytes += budget::value_bytes(&v);
                budget::check(bytes, "a list", budget::Kind::Value)?;
                out.push(v);
            }
            Value::List(out)
        }
        Ex::Map(items) => {
            let mut out = BTreeMap::new();
            let mut bytes = 0;
            for (k, e) in items {
                let v = eval(e, row, ctx, locals)?;
                bytes += budget::value_bytes(&v);
                budget::check(bytes, "a map", budget::Kind::Value)?;
                out.insert(k.clone(), v);
            }
            Value::Map(out)
        }
        Ex::Call(f, args) => {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(eval(a, row, ctx, locals)?);
            }
            functions::call(*f, values, ctx)?
        }
        Ex::Case {
            subject,
            whens,
            else_,
        } => {
            let subject = match subject {
                Some(s) => Some(eval(s, row, ctx, locals)?),
                None => None,
            };
            for (w, t) in whens {
                let w = eval(w, row, ctx, locals)?;
                let hit = match &subject {
                    Some(s) => ops::equals(s, &w) == Some(true),
                    None => w == Value::Bool(true),
                };
                if hit {
                    return eval(t, row, ctx, locals);
                }
            }
            match else_ {
                Some(e) => eval(e, row, ctx, locals)?,
                None => Value::Null,
            }
        }
        Ex::ListComp {
            local,
            list,
            where_,
            map,
        } => {
            let items = match eval(list, row, ctx, locals)? {
                Value::Null => return Ok(Value::Null),
                Value::List(items) => items,
                other => {
                    return Err(Error::type_error(format!(
                        "a list comprehension needs a list, got {}",
                        other.type_name()
                    )))
                }
            };
            let mut out = Vec::new();
            // What the new list holds, checked against the statement's budget as it grows.
            let mut bytes = 0;
            locals.truncate(*local);
            for item in items {
                ctx.tick()?;
                locals.push(item);
                let keep = match where_ {
                    Some(w) => eval(w, row, ctx, locals)? == Value::Bool(true),
                    None => true,
                };
                if keep {
                    let v = match map {
                        Some(m) => eval(m, row, ctx, locals)?,
                        None => locals[*local].clone(),
                    };
                    bytes += budget::value_bytes(&v);
                    budget::check(bytes, "a list comprehension", budget::Kind::Value)?;
                    out.push(v);
                }
                locals.pop();
            }
            Value::List(out)
        }
        Ex::Reduce {
            local,
            init,
            list,
            expr,
        } => {
            let acc = eval(init, row, ctx, locals)?;
            let items = match eval(list, row, ctx, locals)? {
                Value::Null => return Ok(Value::Null),
                Value::List(items) => items,
                other => {
                    return Err(Error::type_error(format!(
                        "reduce() needs a list, got {}",
                        other.type_name()
                    )))
                }
            };
            locals.truncate(*local);
            locals.push(acc);
            for item in items {
                ctx.tick()?;
                locals.truncate(*local + 1);
                locals.push(item);
                let next = eval(expr, row, ctx, locals)?;
                locals[*local] = next;
            }
            locals.truncate(*local + 1);
            locals.pop().unwrap_or(Value::Null)
        }
        Ex::Quantified {
            quantifier,
            local,
            list,
            pred,
        } => {
            let items = match eval(list, row, ctx, locals)? {
                Value::Null => return Ok(Value::Null),
                Value::List(items) => items,
                other => {
                    return Err(Error::type_error(format!(
                        "a quantifier needs a list, got {}",
                        other.type_name()
                    )))
                }
            };
            let (mut trues, mut falses, mut nulls) = (0usize, 0usize, 0usize);
            locals.truncate(*local);
            for item in items {
                ctx.tick()?;
                locals.push(item);
                let v = eval(pred, row, ctx, locals)?;
                locals.pop();
                match v {
                    Value::Bool(true) => trues += 1,
                    Value::Bool(false) => falses += 1,
                    Value::Null => nulls += 1,
                    other => {
                        return Err(Error::type_error(format!(
                            "a quantifier's predicate must be a Boolean, got {}",
                            other.type_name()
                        )))
                    }
                }
            }
            let b = |b: bool| Value::Bool(b);
            match quantifier {
                Quantifier::All if falses > 0 => b(false),
                Quantifier::All if nulls > 0 => Value::Null,
                Quantifier::All => b(true),
                Quantifier::Any if trues > 0 => b(true),
                Quantifier::Any if nulls > 0 => Value::Null,
                Quantifier::Any => b(false),
                Quantifier::None if trues > 0 => b(false),
                Quantifier::None if nulls > 0 => Value::Null,
                Quantifier::None => b(true),
                Quantifier::Single if trues > 1 => b(false),
                Quantifier::Single if nulls > 0 => Value::Null,
                Quantifier::Single => b(trues == 1),
            }
        }
        Ex::HasLabels(e, labels) => match eval(e, row, ctx, locals)? {
            Value::Null => Value::Null,
            Value::Node(n) => Value::Bool(labels.iter().all(|l| ctx.graph.has_label(n, *l))),
            Value::Rel(r) => {
                let ty = ctx.graph.rel_type(r);
                Value::Bool(labels.iter().all(|l| ty == Some(*l)))
            }
            Value::VirtualNode(n) => Value::Bool(labels.iter().all(|l| {
                let name = ctx.graph.name(*l);
                n.labels.iter().any(|x| **x == *name)
            })),
            Value::VirtualRel(r) => {
                Value::Bool(labels.iter().all(|l| *r.rel_type == *ctx.graph.name(*l)))
            }
            other => return Err(label_operand(&other)),
        },
        Ex::Labels(e, expr) => match eval(e, row, ctx, locals)? {
            Value::Null => Value::Null,
            Value::Node(n) => Value::Bool(expr.holds(ctx.graph.node_labels(n).unwrap_or(&[]))),
            Value::Rel(r) => {
                let ty = ctx.graph.rel_type(r);
                Value::Bool(expr.holds(ty.as_slice()))
            }
            // A name the graph never had is in no label expression.
            Value::VirtualNode(n) => {
                let labels: Vec<_> = n.labels.iter().filter_map(|l| ctx.graph.sym(l)).collect();
                Value::Bool(expr.holds(&labels))
            }
            Value::VirtualRel(r) => {
                let ty: Vec<_> = ctx.graph.sym(&r.rel_type).into_iter().collect();
                Value::Bool(expr.holds(&ty))
            }
            other => return Err(label_operand(&other)),
        },
        Ex::IsType(e, ty, negated) => {
            let v = eval(e, row, ctx, locals)?;
            Value::Bool(ops::is_type(&v, ty, &mut || ctx.tick())? != *negated)
        }
        Ex::CountRows(op) => {
            let arg = row.to_vec();
            let mut n = 0i64;
            for r in pipeline::run(op, ctx, Box::new(std::iter::once(Ok(arg)))) {
                r?;
                n += 1;
            }
            Value::Int(n)
        }
        Ex::Procedure(p, args) => {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(eval(a, row, ctx, locals)?);
            }
            super::procedures::rows(*p, values, ctx)?
        }
        Ex::CollectRows(op, map) => {
            let arg = row.to_vec();
            let mut items = Vec::new();
            let mut inner_locals = locals.clone();
            for r in pipeline::run(op, ctx, Box::new(std::iter::once(Ok(arg)))) {
                let r = r?;
                let value = eval(map, &r, ctx, &mut inner_locals)?;
                // What the list holds is held to the statement's end (it goes on in a row).
                budget::hold(
                    budget::value_bytes(&value),
                    "a pattern comprehension",
                    budget::Kind::Value,
                )?;
                items.push(value);
            }
            Value::List(items)
        }
        Ex::Exists(op) => {
            let arg = row.to_vec();
            let mut rows = pipeline::run(op, ctx, Box::new(std::iter::once(Ok(arg))));
            match rows.next() {
                Some(Ok(_)) => Value::Bool(true),
                Some(Err(e)) => return Err(e),
                None => Value::Bool(false),
            }
        }
        Ex::MapProjection { base, items } => {
            let base = eval(base, row, ctx, locals)?;
            if base.is_null() {
                return Ok(Value::Null);
            }
            let mut out = BTreeMap::new();
            for item in items {
                match item {
                    MapItem::Property(name, key) => {
                        out.insert(name.clone(), property(&base, *key, ctx)?);
                    }
                    MapItem::Value(name, e) => {
                        out.insert(name.clone(), eval(e, row, ctx, locals)?);
                    }
                    MapItem::AllProperties => {
                        for (k, v) in all_properties(&base, ctx)? {
                            out.insert(k, v);
                        }
                    }
                }
            }
            Value::Map(out)
        }
        Ex::BuildPath { start, rels } => {
            let start = match row.get(*start) {
                Some(Value::Node(start)) => start,
                Some(Value::VirtualNode(n)) => {
                    return Err(super::not_in_graph(
                        "a path",
                        "nodes of the graph",
                        &n.describe(),
                    ))
                }
                _ => return Ok(Value::Null),
            };
            let mut path = Path {
                nodes: vec![*start],
                rels: vec![],
            };
            for slot in rels {
                match row.get(*slot) {
                    Some(Value::Rel(r)) => step(&mut path, *r, ctx)?,
                    Some(Value::VirtualRel(r)) => {
                        return Err(super::not_in_graph(
                            "a path",
                            "relationships of the graph",
                            &r.describe(),
                        ))
                    }
                    Some(Value::List(list)) => {
                        for v in list {
                            ctx.tick()?;
                            match v {
                                Value::Rel(r) => step(&mut path, *r, ctx)?,
                                _ => return Ok(Value::Null),
                            }
                        }
                    }
                    _ => return Ok(Value::Null),
                }
            }
            Value::Path(Box::new(path))
        }
        Ex::Spanned(e, span) => return eval(e, row, ctx, locals).map_err(|err| err.or_span(*span)),
    })
}

/// Charge what `a + b` builds, before it is built: a list or a string as long as both, while
/// both are still held (a concatenation of scalars builds nothing).
fn charge_concatenation(a: &Value, b: &Value) -> Result<()> {
    let what = match (a, b) {
        (Value::List(_), _) | (_, Value::List(_)) => "list concatenation",
        (Value::String(_), _) | (_, Value::String(_)) => "string concatenation",
        _ => return Ok(()),
    };
    let bytes = budget::value_bytes(a) + budget::value_bytes(b);
    budget::check(2 * bytes, what, budget::Kind::Value)
}

fn step(path: &mut Path, rel: crate::graph::RelId, ctx: Ctx) -> Result<()> {
    let (a, b) = ctx.graph.endpoints(rel).ok_or_else(deleted)?;
    let current: NodeId = *path.nodes.last().expect("a path has a start node");
    let next = if a == current { b } else { a };
    path.rels.push(rel);
    path.nodes.push(next);
    Ok(())
}

fn deleted() -> Error {
    Error::new(
        ErrorKind::EntityNotFound,
        "the entity was deleted earlier in this statement",
    )
}

/// `base.key`.
pub(crate) fn property(base: &Value, key: crate::graph::Sym, ctx: Ctx) -> Result<Value> {
    Ok(match base {
        Value::Null => Value::Null,
        // One column read: the entity's other properties are not materialised.
        Value::Node(n) if ctx.graph.contains_node(*n) => {
            ctx.graph.node_prop(*n, key).unwrap_or(Value::Null)
        }
        Value::Rel(r) if ctx.graph.contains_rel(*r) => {
            ctx.graph.rel_prop(*r, key).unwrap_or(Value::Null)
        }
        Value::Node(_) | Value::Rel(_) => return Err(deleted()),
        Value::Map(m) => m.get(ctx.graph.name(key)).cloned().unwrap_or(Value::Null),
        Value::VirtualNode(n) => n
            .props
            .get(ctx.graph.name(key))
            .cloned()
            .unwrap_or(Value::Null),
        Value::VirtualRel(r) => r
            .props
            .get(ctx.graph.name(key))
            .cloned()
            .unwrap_or(Value::Null),
        Value::Point(p) => {
            use crate::spatial::Component;
            let name = ctx.graph.name(key);
            return match p.component(name) {
                Ok(Component::Float(f)) => Ok(Value::Float(f)),
                Ok(Component::Int(i)) => Ok(Value::Int(i)),
                Ok(Component::Text(t)) => Ok(Value::str(t)),
                Err(why) => Err(Error::argument(why)
                    .with_help(format!("its components are {}", p.component_names()))),
            };
        }
        Value::Temporal(t) => {
            let name = ctx.graph.name(key);
            return crate::temporal::component(t, name).ok_or_else(|| {
                Error::argument(format!("a {} has no component `{name}`", t.kind().name()))
                    .with_help(format!(
                        "its components are {}",
                        crate::temporal::component_names(t.kind())
                    ))
            });
        }
        other => {
            let t = other.type_name();
            let article = if t.starts_with(['A', 'E', 'I', 'O', 'U']) {
                "an"
            } else {
                "a"
            };
            return Err(Error::type_error(format!(
                "cannot read property `{}` of {article} {t}",
                ctx.graph.name(key)
            )));
        }
    })
}

fn all_properties(base: &Value, ctx: Ctx) -> Result<Vec<(String, Value)>> {
    let props = match base {
        Value::Node(n) => &ctx.graph.node(*n).ok_or_else(deleted)?.props,
        Value::Rel(r) => &ctx.graph.rel(*r).ok_or_else(deleted)?.props,
        Value::Map(m) => return Ok(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        Value::VirtualNode(n) => {
            return Ok(n
                .props
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect())
        }
        Value::VirtualRel(r) => {
            return Ok(r
                .props
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect())
        }
        other => {
            return Err(Error::type_error(format!(
                "cannot project the properties of a {}",
                other.type_name()
            )))
        }
    };
    Ok(props
        .iter()
        .map(|(k, v)| (ctx.graph.name(*k).to_string(), v.clone()))
        .collect())
}

fn subscript(base: Value, index: Value, ctx: Ctx) -> Result<Value> {
    Ok(match (base, index) {
        (Value::Null, _) | (_, Value::Null) => Value::Null,
        (Value::List(items), Value::Int(i)) => {
            let len = items.len() as i64;
            let i = if i < 0 { len + i } else { i };
            if i < 0 || i >= len {
                Value::Null
            } else {
                items.into_iter().nth(i as usize).unwrap_or(Value::Null)
            }
        }
        (Value::Map(m), Value::String(k)) => m.get(&*k).cloned().unwrap_or(Value::Null),
        (Value::VirtualNode(n), Value::String(k)) => {
            n.props.get(&*k).cloned().unwrap_or(Value::Null)
        }
        (Value::VirtualRel(r), Value::String(k)) => {
            r.props.get(&*k).cloned().unwrap_or(Value::Null)
        }
        (base @ (Value::Node(_) | Value::Rel(_)), Value::String(k)) => match ctx.graph.sym(&k) {
            Some(sym) => property(&base, sym, ctx)?,
            None => Value::Null,
        },
        (Value::List(_), other) => {
            return Err(Error::type_error(format!(
                "a list index must be an Integer, got {}",
                other.type_name()
            )))
        }
        (base, index) => {
            return Err(Error::type_error(format!(
                "cannot index a {} with a {}",
                base.type_name(),
                index.type_name()
            )))
        }
    })
}

fn slice(base: Value, from: Option<Value>, to: Option<Value>) -> Result<Value> {
    let items = match base {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => {
            return Err(Error::type_error(format!(
                "only lists can be sliced, got {}",
                other.type_name()
            )))
        }
    };
    let len = items.len() as i64;
    let bound = |v: Option<Value>, default: i64| -> Result<Option<i64>> {
        match v {
            None => Ok(Some(default)),
            Some(Value::Null) => Ok(None),
            Some(Value::Int(i)) => Ok(Some(if i < 0 { (len + i).max(0) } else { i.min(len) })),
            Some(other) => Err(Error::type_error(format!(
                "a slice bound must be an Integer, got {}",
                other.type_name()
            ))),
        }
    };
    let (Some(from), Some(to)) = (bound(from, 0)?, bound(to, len)?) else {
        return Ok(Value::Null);
    };
    if from >= to {
        return Ok(Value::List(vec![]));
    }
    Ok(Value::List(
        items
            .into_iter()
            .skip(from as usize)
            .take((to - from) as usize)
            .collect(),
    ))
}

/// A label predicate on a value that is neither a node nor a relationship.
fn label_operand(v: &Value) -> Error {
    Error::type_error(format!(
        "a label predicate needs a node or a relationship, got {}",
        v.type_name()
    ))
}
