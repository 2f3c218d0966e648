//! The rows of the graph algorithm procedures (`algo.*`): the map of settings read and checked,
//! the part of the graph it chooses seen through petgraph's filter adaptors over the store
//! (nothing copied), and the algorithm of `crate::algo` run on that view.
//!
//! The part of the graph: the nodes with any of `nodeLabels` (every node without it), or those
//! of the list `nodes`, or both; the relationships of any of `relationshipTypes`, or those of
//! the list `relationships`, or both, whose two ends are among the nodes. A list of
//! relationships is how a predicate chooses them: `MATCH ()-[r:ACCUSES]->() WHERE r.date >=
//! date('2020-01-01') WITH collect(r) AS rs CALL algo.pageRank({relationships: rs}) ...`.

use super::{budget, Ctx};
use crate::algo::{self, Orientation, Projection};
use crate::diagnostic::{suggest, Error, Result};
use crate::graph::{Graph, NodeId, RelRef, Sym, Value};
use crate::ir::procedure::{Procedure, CHOICE};
use fixedbitset::FixedBitSet;
use petgraph::visit::{EdgeFiltered, NodeFiltered};
use std::collections::BTreeMap;

/// The rows of algorithm `p` (node first, then its value), in the order of the nodes' ids.
///
/// What an algorithm builds while it runs grows with the graph, so it is held against the
/// statement's budget first, by the whole graph's size (what a part needs is known only once it
/// is read): per node slot, its number, bits and the algorithm's state; per relationship, its
/// entries in both directions with a weight.
pub(super) fn rows(p: Procedure, args: Vec<Value>, ctx: Ctx) -> Result<Vec<Vec<Value>>> {
    let settings = Settings::read(p, args)?;
    let graph = ctx.graph;
    let working = graph.node_bound() as u64 * 64 + graph.rel_count() as u64 * 40;
    budget::hold(working, &format!("{}()", p.name()), budget::Kind::Rows)?;
    let rows = run(p, &settings, ctx);
    budget::release(working);
    rows
}

fn run(p: Procedure, settings: &Settings, ctx: Ctx) -> Result<Vec<Vec<Value>>> {
    let graph = ctx.graph;
    let nodes = settings.node_choice(graph)?;
    let types = settings.type_choice(graph)?;
    let rels = settings.rel_choice()?;
    let edges = EdgeFiltered::from_fn(graph, |e: RelRef| {
        types.as_ref().is_none_or(|t| t.contains(&e.ty))
            && rels.as_ref().is_none_or(|r| r.contains(e.id.0 as usize))
    });
    let view = NodeFiltered::from_fn(&edges, |n: NodeId| nodes.contains(n.0 as usize));
    let cancel = ctx.cancel;
    let stop = move || cancel.check().is_err();
    let stopped = || match cancel.check() {
        Err(e) => e,
        // An algorithm stops only when told to; should the flag have cleared since, say so.
        Ok(()) => Error::resource(format!("{}() was stopped", p.name())),
    };
    let node = |n: NodeId| Value::Node(n);
    let rows: Vec<Vec<Value>> = match p {
        Procedure::WeakComponents | Procedure::StrongComponents => {
            let named = if p == Procedure::WeakComponents {
                algo::weak_components(&view, &stop)
            } else {
                algo::strong_components(&view, &stop)
            };
            named
                .ok_or_else(stopped)?
                .into_iter()
                .map(|(n, c)| vec![node(n), Value::Int(c as i64)])
                .collect()
        }
        _ => {
            let orientation = match p {
                Procedure::TriangleCount | Procedure::Louvain | Procedure::Leiden => {
                    Orientation::Undirected
                }
                _ => settings.orientation()?,
            };
            // A relationship's weight: its number under the key (NetworkX's 1 without one).
            let key = settings.weight_key(graph)?;
            let bad: std::cell::RefCell<Option<Error>> = std::cell::RefCell::new(None);
            let weigh = |e: &RelRef| -> f64 {
                let Some(key) = key else { return 1.0 };
                match graph.rel_prop(e.id, key) {
                    None | Some(Value::Null) => 1.0,
                    Some(Value::Int(i)) if i >= 0 => i as f64,
                    Some(Value::Float(x)) if x >= 0.0 && x.is_finite() => x,
                    Some(other) => {
                        bad.borrow_mut().get_or_insert_with(|| {
                            Error::argument(format!(
                                "a relationship's weight must be a number of at least 0 (and \
                                 finite), got {} in `{}` of relationship {}",
                                describe(&other),
                                graph.name(key),
                                e.id.0
                            ))
                        });
                        0.0
                    }
                }
            };
            let weight: Option<&dyn Fn(&RelRef) -> f64> = key.map(|_| &weigh as _);
            let projection =
                Projection::of(&view, orientation, weight, &stop).ok_or_else(stopped)?;
            if let Some(err) = bad.into_inner() {
                return Err(err);
            }
            let values: Vec<Value> = match p {
                Procedure::PageRank => {
                    let damping = settings.number("dampingFactor", 0.85, 0.0..1.0)?;
                    let tolerance = settings.number("tolerance", 1e-6, f64::MIN_POSITIVE..1.0)?;
                    let iterations = settings.count("maxIterations", 100)?;
                    algo::page_rank(&projection, damping, iterations, tolerance, &stop)
                        .ok_or_else(stopped)?
                        .into_iter()
                        .map(Value::Float)
                        .collect()
                }
                Procedure::Degree => projection
                    .degrees(orientation == Orientation::Undirected)
                    .into_iter()
                    .map(Value::Float)
                    .collect(),
                Procedure::Betweenness => {
                    let undirected = orientation == Orientation::Undirected;
                    match key {
                        None => algo::betweenness(&projection, undirected, &stop),
                        Some(_) => algo::weighted_betweenness(&projection, undirected, &stop),
                    }
                    .ok_or_else(stopped)?
                    .into_iter()
                    .map(Value::Float)
                    .collect()
                }
                Procedure::TriangleCount => algo::triangles(&projection, &stop)
                    .ok_or_else(stopped)?
                    .into_iter()
                    .map(|t| Value::Int(t as i64))
                    .collect(),
                Procedure::Louvain | Procedure::Leiden => {
                    let resolution = settings.number("resolution", 1.0, f64::MIN_POSITIVE..1e9)?;
                    let method = if p == Procedure::Leiden {
                        algo::Communities::Leiden
                    } else {
                        algo::Communities::Louvain
                    };
                    algo::communities(&projection, method, resolution, &stop)
                        .ok_or_else(stopped)?
                        .into_iter()
                        .map(|c| Value::Int(i64::from(c)))
                        .collect()
                }
                _ => Vec::new(),
            };
            projection
                .nodes
                .iter()
                .zip(values)
                .map(|(&n, v)| vec![node(n), v])
                .collect()
        }
    };
    Ok(rows)
}

/// An algorithm's map of settings, its keys checked against those it takes.
struct Settings {
    procedure: Procedure,
    map: BTreeMap<String, Value>,
}

impl Settings {
    fn read(procedure: Procedure, args: Vec<Value>) -> Result<Settings> {
        let name = procedure.name();
        let map = match args.into_iter().next() {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Map(map)) => map,
            Some(other) => {
                return Err(Error::argument(format!(
                    "{name}() takes a map of settings, got {}",
                    other.type_name()
                ))
                .with_help(format!(
                    "for example {name}({{relationshipTypes: ['ACCUSES']}})"
                )))
            }
        };
        let own = procedure.settings().unwrap_or(&[]);
        let known: Vec<&str> = CHOICE.iter().chain(own).copied().collect();
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                let err = Error::argument(format!("{name}() has no setting `{key}`"));
                return Err(match suggest(key, known.iter().copied()) {
                    Some(k) => err.with_help(format!("did you mean `{k}`?")),
                    None => err.with_help(format!("its settings are {}", known.join(", "))),
                });
            }
        }
        Ok(Settings { procedure, map })
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !matches!(v, Value::Null))
    }

    fn wrong(&self, key: &str, wanted: &str, got: &Value) -> Error {
        Error::argument(format!(
            "the setting `{key}` of {}() must be {wanted}, got {}",
            self.procedure.name(),
            describe(got)
        ))
    }

    /// `wrong` for a list holding `item`.
    fn wrong_item(&self, key: &str, wanted: &str, item: &Value) -> Error {
        Error::argument(format!(
            "the setting `{key}` of {}() must be {wanted}, got a list holding {}",
            self.procedure.name(),
            describe(item)
        ))
    }

    /// A string or a list of strings, each a name of `what` the graph has (`names`).
    fn names(
        &self,
        key: &str,
        what: &str,
        names: &[(&str, usize)],
        graph: &Graph,
    ) -> Result<Option<Vec<Sym>>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let items: Vec<&Value> = match v {
            Value::List(items) => items.iter().collect(),
            one @ Value::String(_) => vec![one],
            other => {
                return Err(self.wrong(key, &format!("a {what} name or a list of them"), other))
            }
        };
        let mut out = Vec::new();
        for item in items {
            let Value::String(s) = item else {
                return Err(self.wrong_item(key, &format!("a list of {what} names"), item));
            };
            let s: &str = s;
            match names.iter().find(|(n, _)| *n == s) {
                Some(_) => out.extend(graph.sym(s)),
                None => {
                    let err = Error::argument(format!("the graph has no {what} `{s}`"));
                    return Err(match suggest(s, names.iter().map(|(n, _)| *n)) {
                        Some(n) => err.with_help(format!("did you mean `{n}`?")),
                        None => err,
                    });
                }
            }
        }
        Ok(Some(out))
    }

    /// The nodes chosen, by slot.
    fn node_choice(&self, graph: &Graph) -> Result<FixedBitSet> {
        let labels = self.names("nodeLabels", "label", &graph.labels(), graph)?;
        let mut bits = FixedBitSet::with_capacity(graph.node_bound());
        match self.get("nodes") {
            Some(Value::List(items)) => {
                for item in items {
                    match item {
                        Value::Node(n) => bits.insert(n.0 as usize),
                        Value::Null => {}
                        Value::VirtualNode(v) => {
                            return Err(super::not_in_graph(
                                &format!("the setting `nodes` of {}()", self.procedure.name()),
                                "nodes of the graph",
                                &v.describe(),
                            ))
                        }
                        _ => return Err(self.wrong_item("nodes", "a list of nodes", item)),
                    }
                }
            }
            Some(other) => return Err(self.wrong("nodes", "a list of nodes", other)),
            None => graph.nodes().for_each(|n| bits.insert(n.0 as usize)),
        }
        if let Some(labels) = labels {
            let mut keep = FixedBitSet::with_capacity(graph.node_bound());
            for &label in &labels {
                for n in graph.nodes_with_label(label) {
                    keep.insert(n.0 as usize);
                }
            }
            bits.intersect_with(&keep);
        }
        Ok(bits)
    }

    /// The relationship types chosen (None: every type).
    fn type_choice(&self, graph: &Graph) -> Result<Option<Vec<Sym>>> {
        self.names(
            "relationshipTypes",
            "relationship type",
            &graph.rel_types(),
            graph,
        )
    }

    /// The relationships of the list `relationships`, by slot (None: no list).
    fn rel_choice(&self) -> Result<Option<FixedBitSet>> {
        let Some(v) = self.get("relationships") else {
            return Ok(None);
        };
        let Value::List(items) = v else {
            return Err(self.wrong("relationships", "a list of relationships", v));
        };
        let mut bits = FixedBitSet::new();
        for item in items {
            match item {
                Value::Rel(r) => bits.grow_and_insert(r.0 as usize),
                Value::Null => {}
                Value::VirtualRel(v) => {
                    return Err(super::not_in_graph(
                        &format!("the setting `relationships` of {}()", self.procedure.name()),
                        "relationships of the graph",
                        &v.describe(),
                    ))
                }
                _ => return Err(self.wrong_item("relationships", "a list of relationships", item)),
            }
        }
        Ok(Some(bits))
    }

    /// The property key `relationshipWeightProperty` names (None: no weights); one no
    /// entity carries is an error, with the nearest that some do.
    fn weight_key(&self, graph: &Graph) -> Result<Option<Sym>> {
        let key = "relationshipWeightProperty";
        let name: &str = match self.get(key) {
            None => return Ok(None),
            Some(Value::String(s)) => s,
            Some(other) => return Err(self.wrong(key, "a property key", other)),
        };
        let keys = graph.property_keys();
        if keys.iter().any(|(k, _)| *k == name) {
            return Ok(graph.sym(name));
        }
        let err = Error::argument(format!("the graph has no property key `{name}`"));
        Err(match suggest(name, keys.iter().map(|(k, _)| *k)) {
            Some(k) => err.with_help(format!("did you mean `{k}`?")),
            None => err,
        })
    }

    fn orientation(&self) -> Result<Orientation> {
        match self.get("orientation") {
            None => Ok(Orientation::Natural),
            Some(Value::String(s)) => Orientation::parse(s).ok_or_else(|| {
                self.wrong(
                    "orientation",
                    "'NATURAL', 'REVERSE' or 'UNDIRECTED'",
                    &Value::String(s.clone()),
                )
            }),
            Some(other) => {
                Err(self.wrong("orientation", "'NATURAL', 'REVERSE' or 'UNDIRECTED'", other))
            }
        }
    }

    /// A number in `range` (an integer too), or `default`.
    fn number(&self, key: &str, default: f64, range: std::ops::Range<f64>) -> Result<f64> {
        let (x, given) = match self.get(key) {
            None => return Ok(default),
            Some(v @ Value::Float(x)) => (*x, v),
            Some(v @ Value::Int(i)) => (*i as f64, v),
            Some(other) => return Err(self.wrong(key, "a number", other)),
        };
        if !range.contains(&x) {
            let wanted = if range.end >= 1e9 {
                "a number above 0".to_string()
            } else if range.start > 0.0 {
                format!("a number above 0 and below {}", range.end)
            } else {
                format!(
                    "a number from {} up to (not including) {}",
                    range.start, range.end
                )
            };
            return Err(self.wrong(key, &wanted, given));
        }
        Ok(x)
    }

    /// A positive integer of at most a million, or `default`.
    fn count(&self, key: &str, default: usize) -> Result<usize> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Int(i)) if (1..=1_000_000).contains(i) => Ok(*i as usize),
            Some(other) => Err(self.wrong(key, "an integer from 1 to 1000000", other)),
        }
    }
}

/// A value as an error message shows it: its type, and the value itself when short.
fn describe(v: &Value) -> String {
    match v {
        Value::Int(i) => format!("{i}"),
        Value::Float(x) => crate::graph::format_float(*x),
        Value::String(s) if s.chars().count() <= 40 => format!("'{s}'"),
        Value::Bool(b) => b.to_string(),
        other => format!("a {}", other.type_name()),
    }
}
