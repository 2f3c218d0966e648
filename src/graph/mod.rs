//! The property graph store: nodes with labels and properties, relationships with one type,
//! a direction and properties, held in a petgraph `StableGraph` (deleting never renumbers what
//! remains) with the indexes a planner needs: nodes by label, relationships by type, nodes by
//! (label, key, value), and adjacency per relationship type and direction.
//!
//! This module knows nothing of Cypher: no parsing, no expressions, no output formats (only
//! `format_float`, the one text form of a float that `toString()` and the printers share).

mod intern;
mod value;

pub use intern::{Interner, Sym};
pub use value::{format_float, NodeId, Path, RelId, Value};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::Directed;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Properties in the order they were first set.
pub type Props = Vec<(Sym, Value)>;

#[derive(Clone, Debug, Default)]
pub struct NodeData {
    pub labels: Vec<Sym>,
    pub props: Props,
}

#[derive(Clone, Debug)]
pub struct RelData {
    pub ty: Sym,
    pub props: Props,
}

/// Which relationships to walk from a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Out,
    In,
    Both,
}

impl Dir {
    /// The direction walked from the other end of the same relationships.
    pub fn reversed(self) -> Dir {
        match self {
            Dir::Out => Dir::In,
            Dir::In => Dir::Out,
            Dir::Both => Dir::Both,
        }
    }
}

/// A value as an index key: equal keys for values Cypher calls equal (`1 = 1.0`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IndexKey {
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Arc<str>),
}

impl IndexKey {
    /// The key of a value, or None for values that are never indexed (null, NaN, lists, maps).
    pub fn of(value: &Value) -> Option<IndexKey> {
        match value {
            Value::Bool(b) => Some(IndexKey::Bool(*b)),
            Value::Int(i) => Some(IndexKey::Int(*i)),
            Value::Float(f) => {
                if f.is_nan() {
                    None
                } else if f.fract() == 0.0
                    && *f >= -9.223_372_036_854_776e18
                    && *f < 9.223_372_036_854_776e18
                {
                    Some(IndexKey::Int(*f as i64))
                } else {
                    Some(IndexKey::Float(f.to_bits()))
                }
            }
            Value::String(s) => Some(IndexKey::Str(s.clone())),
            _ => None,
        }
    }
}

/// Relationships of one type leaving or entering a node, as (relationship, other node).
#[derive(Clone, Debug, Default)]
struct TypedAdj {
    ty: Sym,
    edges: Vec<(RelId, NodeId)>,
}

#[derive(Clone, Debug, Default)]
struct NodeAdj {
    out: Vec<TypedAdj>,
    inc: Vec<TypedAdj>,
}

fn adj_push(lists: &mut Vec<TypedAdj>, ty: Sym, rel: RelId, other: NodeId) {
    match lists.iter_mut().find(|l| l.ty == ty) {
        Some(list) => list.edges.push((rel, other)),
        None => lists.push(TypedAdj {
            ty,
            edges: vec![(rel, other)],
        }),
    }
}

/// Properties without nulls, each key once (the last value given wins). The vector is kept as
/// it is when it already is so: bulk loads then allocate nothing more.
fn clean_props(props: Props) -> Props {
    let clean = props
        .iter()
        .enumerate()
        .all(|(i, (k, v))| !v.is_null() && !props[..i].iter().any(|(pk, _)| pk == k));
    if clean {
        return props;
    }
    let mut out: Props = Vec::with_capacity(props.len());
    for (k, v) in props {
        if v.is_null() {
            continue;
        }
        match out.iter_mut().find(|(ck, _)| *ck == k) {
            Some(slot) => slot.1 = v,
            None => out.push((k, v)),
        }
    }
    out
}

fn adj_remove(lists: &mut [TypedAdj], ty: Sym, rel: RelId) {
    if let Some(list) = lists.iter_mut().find(|l| l.ty == ty) {
        // From the back: a rollback removes the newest relationship first, so undoing a bulk
        // load stays linear even at a node with a million relationships.
        if let Some(pos) = list.edges.iter().rposition(|(r, _)| *r == rel) {
            list.edges.remove(pos);
        }
    }
}

/// The graph. All names (labels, types, property keys) are interned as `Sym`s.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    g: StableGraph<NodeData, RelData, Directed, u32>,
    names: Interner,
    adj: Vec<NodeAdj>,
    by_label: HashMap<Sym, BTreeSet<NodeId>>,
    /// Per node, a bit for each of the first 64 labels used: label checks read this dense
    /// array instead of each node's record.
    label_bits: LabelBits,
    /// Per type, its relationships with their (start, end) nodes: a scan of a type reads the
    /// ends here, in id order, instead of visiting each relationship's record.
    by_type: HashMap<Sym, BTreeMap<RelId, (NodeId, NodeId)>>,
    by_prop: HashMap<(Sym, Sym), HashMap<IndexKey, Vec<NodeId>>>,
    /// While a statement runs: how to undo each change it made, in order.
    journal: Option<Vec<Undo>>,
    /// Journal lengths at each open `begin`, innermost last.
    savepoints: Vec<usize>,
    /// Per property key (by `Sym`): how many nodes and relationships carry it.
    key_counts: Vec<usize>,
}

/// A bit per (node, label) for up to 64 labels, in a dense array by node id. A label that got
/// no bit (the 65th and later) is checked on the node's record instead.
#[derive(Clone, Debug, Default)]
struct LabelBits {
    /// By `Sym`: the label's bit, or `NO_BIT`.
    bit_of: Vec<u8>,
    next: u8,
    /// By node id.
    bits: Vec<u64>,
}

const NO_BIT: u8 = u8::MAX;

impl LabelBits {
    fn bit(&self, label: Sym) -> Option<u8> {
        self.bit_of
            .get(label.0 as usize)
            .copied()
            .filter(|b| *b != NO_BIT)
    }
    fn set(&mut self, node: NodeId, label: Sym) {
        let bit = match self.bit(label) {
            Some(b) => b,
            None if self.next < 64 => {
                let i = label.0 as usize;
                if self.bit_of.len() <= i {
                    self.bit_of.resize(i + 1, NO_BIT);
                }
                self.bit_of[i] = self.next;
                self.next += 1;
                self.next - 1
            }
            None => return,
        };
        let n = node.0 as usize;
        if self.bits.len() <= n {
            self.bits.resize(n + 1, 0);
        }
        self.bits[n] |= 1 << bit;
    }
    fn clear(&mut self, node: NodeId, label: Sym) {
        if let (Some(b), Some(word)) = (self.bit(label), self.bits.get_mut(node.0 as usize)) {
            *word &= !(1 << b);
        }
    }
    fn clear_node(&mut self, node: NodeId) {
        if let Some(word) = self.bits.get_mut(node.0 as usize) {
            *word = 0;
        }
    }
    /// None when the label has no bit.
    fn test(&self, node: NodeId, label: Sym) -> Option<bool> {
        let b = self.bit(label)?;
        Some(
            self.bits
                .get(node.0 as usize)
                .is_some_and(|w| w & (1 << b) != 0),
        )
    }
}

/// The inverse of one change, for rolling a failed statement back.
#[derive(Clone, Debug)]
enum Undo {
    CreatedNode(NodeId),
    CreatedRel(RelId),
    NodeProp(NodeId, Sym, Option<Value>),
    RelProp(RelId, Sym, Option<Value>),
    AddedLabel(NodeId, Sym),
    RemovedLabel(NodeId, Sym),
    DeletedRel(RelId, NodeId, NodeId, RelData),
    DeletedNode(NodeId, NodeData),
}

fn nix(id: NodeId) -> NodeIndex<u32> {
    NodeIndex::new(id.0 as usize)
}
fn eix(id: RelId) -> EdgeIndex<u32> {
    EdgeIndex::new(id.0 as usize)
}

/// An error from a store operation; the caller words it for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The node or relationship does not exist (any more).
    Missing,
    /// DELETE of a node that still has relationships: how many.
    StillConnected(usize),
    /// Ids are 32 bits: the graph is full.
    Full,
}

impl Graph {
    pub fn new() -> Graph {
        Graph::default()
    }

    // ---- transactions ----

    /// Start recording changes so that `rollback` can undo them. Transactions nest: an inner
    /// `commit` keeps its changes for the outer one to commit or roll back.
    pub fn begin(&mut self) {
        let journal = self.journal.get_or_insert_with(Vec::new);
        self.savepoints.push(journal.len());
    }

    /// Keep the changes made since the matching `begin`.
    pub fn commit(&mut self) {
        self.savepoints.pop();
        if self.savepoints.is_empty() {
            self.journal = None;
        }
    }

    /// Undo every change made since the matching `begin`. Ids are restored too: petgraph
    /// reuses the most recently freed slot first, and changes are undone newest first.
    pub fn rollback(&mut self) {
        let Some(mut journal) = self.journal.take() else {
            return;
        };
        let savepoint = self.savepoints.pop().unwrap_or(0).min(journal.len());
        let undone = journal.split_off(savepoint);
        // The journal stays detached while undoing, so that the undo steps are not recorded.
        for undo in undone.into_iter().rev() {
            // Undoing cannot fail: each step restores the state the next older step expects.
            let _ = match undo {
                Undo::CreatedNode(id) => self.delete_node(id),
                Undo::CreatedRel(id) => self.delete_rel(id),
                Undo::NodeProp(id, k, old) => self.set_node_prop(id, k, old.unwrap_or(Value::Null)),
                Undo::RelProp(id, k, old) => self.set_rel_prop(id, k, old.unwrap_or(Value::Null)),
                Undo::AddedLabel(id, l) => self.remove_label(id, l),
                Undo::RemovedLabel(id, l) => self.add_label(id, l),
                Undo::DeletedRel(id, start, end, data) => self
                    .create_rel(start, end, data.ty, data.props)
                    .map(|new| debug_assert_eq!(new, id)),
                Undo::DeletedNode(id, data) => self
                    .create_node(data.labels, data.props)
                    .map(|new| debug_assert_eq!(new, id)),
            };
        }
        if !self.savepoints.is_empty() {
            self.journal = Some(journal);
        }
    }

    fn record(&mut self, undo: Undo) {
        if let Some(j) = &mut self.journal {
            j.push(undo);
        }
    }

    // ---- names ----

    /// The symbol of a name, interning it.
    pub fn intern(&mut self, name: &str) -> Sym {
        self.names.intern(name)
    }
    /// The symbol of a name if any label, type or key of the graph ever used it.
    pub fn sym(&self, name: &str) -> Option<Sym> {
        self.names.get(name)
    }
    pub fn name(&self, sym: Sym) -> &str {
        self.names.resolve(sym)
    }
    pub fn name_arc(&self, sym: Sym) -> Arc<str> {
        self.names.resolve_arc(sym)
    }
    /// How many names were ever interned: `Sym(0)` to `Sym(name_count() - 1)`.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }
    /// Forget the names interned after the first `len`, so that a failed bulk load leaves no
    /// trace. Only after a rollback that removed every use of those names.
    pub(crate) fn truncate_names(&mut self, len: usize) {
        let keep = |s: &Sym| (s.0 as usize) < len;
        self.names.truncate(len);
        self.key_counts.truncate(len);
        self.by_label.retain(|l, _| keep(l));
        self.by_type.retain(|t, _| keep(t));
        self.by_prop.retain(|(l, k), _| keep(l) && keep(k));
    }

    // ---- counts and catalogue ----

    pub fn node_count(&self) -> usize {
        self.g.node_count()
    }
    pub fn rel_count(&self) -> usize {
        self.g.edge_count()
    }
    /// Labels in use with their node counts, by name.
    pub fn labels(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<_> = self
            .by_label
            .iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(l, s)| (self.name(*l), s.len()))
            .collect();
        v.sort();
        v
    }
    /// Relationship types in use with their counts, by name.
    pub fn rel_types(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<_> = self
            .by_type
            .iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(t, s)| (self.name(*t), s.len()))
            .collect();
        v.sort();
        v
    }
    /// Property keys in use on nodes and relationships, with how many entities carry each.
    pub fn property_keys(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<_> = self
            .key_counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(k, c)| (self.name(Sym(k as u32)), *c))
            .collect();
        v.sort();
        v
    }
    /// How many nodes and relationships carry a property key.
    pub fn key_count(&self, key: Sym) -> usize {
        self.key_counts.get(key.0 as usize).copied().unwrap_or(0)
    }
    fn count_key(&mut self, key: Sym, delta: isize) {
        let i = key.0 as usize;
        if self.key_counts.len() <= i {
            self.key_counts.resize(i + 1, 0);
        }
        self.key_counts[i] = self.key_counts[i].saturating_add_signed(delta);
    }
    pub fn label_count(&self, label: Sym) -> usize {
        self.by_label.get(&label).map_or(0, |s| s.len())
    }
    pub fn type_count(&self, ty: Sym) -> usize {
        self.by_type.get(&ty).map_or(0, |s| s.len())
    }

    // ---- reading ----

    pub fn contains_node(&self, id: NodeId) -> bool {
        self.g.contains_node(nix(id))
    }
    pub fn contains_rel(&self, id: RelId) -> bool {
        self.g.edge_weight(eix(id)).is_some()
    }
    pub fn node(&self, id: NodeId) -> Option<&NodeData> {
        self.g.node_weight(nix(id))
    }
    pub fn rel(&self, id: RelId) -> Option<&RelData> {
        self.g.edge_weight(eix(id))
    }
    /// Start and end node of a relationship.
    pub fn endpoints(&self, id: RelId) -> Option<(NodeId, NodeId)> {
        self.g
            .edge_endpoints(eix(id))
            .map(|(a, b)| (NodeId(a.index() as u32), NodeId(b.index() as u32)))
    }
    pub fn node_prop(&self, id: NodeId, key: Sym) -> Option<&Value> {
        self.node(id)?
            .props
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }
    pub fn rel_prop(&self, id: RelId, key: Sym) -> Option<&Value> {
        self.rel(id)?
            .props
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }
    pub fn has_label(&self, id: NodeId, label: Sym) -> bool {
        match self.label_bits.test(id, label) {
            Some(b) => b,
            None => self.node(id).is_some_and(|n| n.labels.contains(&label)),
        }
    }

    /// Every node, by id.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.g.node_indices().map(|i| NodeId(i.index() as u32))
    }
    /// Every relationship, by id.
    pub fn rels(&self) -> impl Iterator<Item = RelId> + '_ {
        self.g.edge_indices().map(|i| RelId(i.index() as u32))
    }
    /// Nodes carrying a label, by id.
    pub fn nodes_with_label(&self, label: Sym) -> impl Iterator<Item = NodeId> + '_ {
        self.by_label
            .get(&label)
            .into_iter()
            .flat_map(|s| s.iter().copied())
    }
    /// Relationships of a type, by id.
    pub fn rels_of_type(&self, ty: Sym) -> impl Iterator<Item = RelId> + '_ {
        self.by_type
            .get(&ty)
            .into_iter()
            .flat_map(|s| s.keys().copied())
    }
    /// Every relationship with its start and end nodes: type by type (in `Sym` order), by id.
    pub fn rels_with_ends(&self) -> impl Iterator<Item = (RelId, NodeId, NodeId)> + '_ {
        let mut types: Vec<Sym> = self.by_type.keys().copied().collect();
        types.sort();
        types
            .into_iter()
            .flat_map(move |t| self.rels_of_type_with_ends(t))
    }
    /// Relationships of a type with their start and end nodes, by id.
    pub fn rels_of_type_with_ends(
        &self,
        ty: Sym,
    ) -> impl Iterator<Item = (RelId, NodeId, NodeId)> + '_ {
        self.by_type
            .get(&ty)
            .into_iter()
            .flat_map(|s| s.iter().map(|(r, (a, b))| (*r, *a, *b)))
    }
    /// Nodes with `label` whose property `key` equals `value` (Cypher equality), by id.
    /// None when the value cannot be looked up in the index (null, NaN, lists): scan instead.
    pub fn lookup(&self, label: Sym, key: Sym, value: &Value) -> Option<&[NodeId]> {
        let k = IndexKey::of(value)?;
        Some(
            self.by_prop
                .get(&(label, key))
                .and_then(|m| m.get(&k))
                .map_or(&[][..], |v| v.as_slice()),
        )
    }

    /// How many distinct values the (label, key) index holds: with the label's count, an
    /// estimate of how many nodes a lookup of an unknown value finds.
    pub fn index_distinct(&self, label: Sym, key: Sym) -> usize {
        self.by_prop.get(&(label, key)).map_or(0, |m| m.len())
    }

    /// Relationships at a node in a direction, restricted to `types` unless it is empty, as
    /// (relationship, node at the other end). A self-loop is reported once per direction walked
    /// (so twice for `Dir::Both`); callers that need it once filter.
    pub fn expand<'a>(
        &'a self,
        node: NodeId,
        dir: Dir,
        types: &'a [Sym],
    ) -> impl Iterator<Item = (RelId, NodeId)> + 'a {
        let adj = self.adj.get(node.0 as usize);
        let pick = move |lists: &'a [TypedAdj]| {
            lists
                .iter()
                .filter(move |l| types.is_empty() || types.contains(&l.ty))
                .flat_map(|l| l.edges.iter().copied())
        };
        let out = adj
            .filter(|_| dir != Dir::In)
            .into_iter()
            .flat_map(move |a| pick(&a.out));
        let inc = adj
            .filter(|_| dir != Dir::Out)
            .into_iter()
            .flat_map(move |a| pick(&a.inc));
        out.chain(inc)
    }

    /// Number of relationships at a node in a direction and of the given types (all if empty).
    pub fn degree(&self, node: NodeId, dir: Dir, types: &[Sym]) -> usize {
        let Some(adj) = self.adj.get(node.0 as usize) else {
            return 0;
        };
        let count = |lists: &[TypedAdj]| {
            lists
                .iter()
                .filter(|l| types.is_empty() || types.contains(&l.ty))
                .map(|l| l.edges.len())
                .sum::<usize>()
        };
        let mut n = 0;
        if dir != Dir::In {
            n += count(&adj.out);
        }
        if dir != Dir::Out {
            n += count(&adj.inc);
        }
        n
    }

    // ---- writing ----

    /// Create a node. Null property values are skipped.
    pub fn create_node(&mut self, labels: Vec<Sym>, props: Props) -> Result<NodeId, StoreError> {
        if self.g.node_count() >= u32::MAX as usize - 1 {
            return Err(StoreError::Full);
        }
        let unique = if labels
            .iter()
            .enumerate()
            .all(|(i, l)| !labels[..i].contains(l))
        {
            labels
        } else {
            let mut unique = Vec::with_capacity(labels.len());
            for l in labels {
                if !unique.contains(&l) {
                    unique.push(l);
                }
            }
            unique
        };
        let clean = clean_props(props);
        for (k, _) in &clean {
            self.count_key(*k, 1);
        }
        let idx = self.g.add_node(NodeData {
            labels: unique,
            props: clean,
        });
        let id = NodeId(idx.index() as u32);
        if self.adj.len() <= idx.index() {
            self.adj.resize_with(idx.index() + 1, NodeAdj::default);
        }
        self.adj[idx.index()] = NodeAdj::default();
        let data = &self.g[idx];
        self.label_bits.clear_node(id);
        for &l in &data.labels {
            self.label_bits.set(id, l);
            self.by_label.entry(l).or_default().insert(id);
            for (k, v) in &data.props {
                index_insert(&mut self.by_prop, l, *k, v, id);
            }
        }
        self.record(Undo::CreatedNode(id));
        Ok(id)
    }

    /// Create a relationship from `start` to `end`. Null property values are skipped.
    pub fn create_rel(
        &mut self,
        start: NodeId,
        end: NodeId,
        ty: Sym,
        props: Props,
    ) -> Result<RelId, StoreError> {
        if !self.contains_node(start) || !self.contains_node(end) {
            return Err(StoreError::Missing);
        }
        if self.g.edge_count() >= u32::MAX as usize - 1 {
            return Err(StoreError::Full);
        }
        let clean = clean_props(props);
        for (k, _) in &clean {
            self.count_key(*k, 1);
        }
        let e = self
            .g
            .add_edge(nix(start), nix(end), RelData { ty, props: clean });
        let id = RelId(e.index() as u32);
        adj_push(&mut self.adj[start.0 as usize].out, ty, id, end);
        adj_push(&mut self.adj[end.0 as usize].inc, ty, id, start);
        self.by_type.entry(ty).or_default().insert(id, (start, end));
        self.record(Undo::CreatedRel(id));
        Ok(id)
    }

    /// Set (or with `Value::Null`, remove) a node property.
    pub fn set_node_prop(&mut self, id: NodeId, key: Sym, value: Value) -> Result<(), StoreError> {
        let node = self.g.node_weight_mut(nix(id)).ok_or(StoreError::Missing)?;
        let old = node.props.iter().position(|(k, _)| *k == key);
        let labels = node.labels.clone();
        let previous = match old {
            Some(pos) if value.is_null() => Some(node.props.remove(pos).1),
            Some(pos) => Some(std::mem::replace(&mut node.props[pos].1, value.clone())),
            None if value.is_null() => None,
            None => {
                node.props.push((key, value.clone()));
                None
            }
        };
        for l in labels {
            if let Some(prev) = &previous {
                index_remove(&mut self.by_prop, l, key, prev, id);
            }
            if !value.is_null() {
                index_insert(&mut self.by_prop, l, key, &value, id);
            }
        }
        match (&previous, value.is_null()) {
            (None, false) => self.count_key(key, 1),
            (Some(_), true) => self.count_key(key, -1),
            _ => {}
        }
        if previous.is_some() || !value.is_null() {
            self.record(Undo::NodeProp(id, key, previous));
        }
        Ok(())
    }

    /// Set (or with `Value::Null`, remove) a relationship property.
    pub fn set_rel_prop(&mut self, id: RelId, key: Sym, value: Value) -> Result<(), StoreError> {
        let rel = self.g.edge_weight_mut(eix(id)).ok_or(StoreError::Missing)?;
        let old = rel.props.iter().position(|(k, _)| *k == key);
        let rel_value_null = value.is_null();
        let previous = match old {
            Some(pos) if value.is_null() => Some(rel.props.remove(pos).1),
            Some(pos) => Some(std::mem::replace(&mut rel.props[pos].1, value)),
            None if value.is_null() => return Ok(()),
            None => {
                rel.props.push((key, value));
                None
            }
        };
        match (&previous, rel_value_null) {
            (None, false) => self.count_key(key, 1),
            (Some(_), true) => self.count_key(key, -1),
            _ => {}
        }
        self.record(Undo::RelProp(id, key, previous));
        Ok(())
    }

    pub fn add_label(&mut self, id: NodeId, label: Sym) -> Result<(), StoreError> {
        let node = self.g.node_weight_mut(nix(id)).ok_or(StoreError::Missing)?;
        if node.labels.contains(&label) {
            return Ok(());
        }
        node.labels.push(label);
        let props = node.props.clone();
        self.by_label.entry(label).or_default().insert(id);
        self.label_bits.set(id, label);
        for (k, v) in &props {
            index_insert(&mut self.by_prop, label, *k, v, id);
        }
        self.record(Undo::AddedLabel(id, label));
        Ok(())
    }

    pub fn remove_label(&mut self, id: NodeId, label: Sym) -> Result<(), StoreError> {
        let node = self.g.node_weight_mut(nix(id)).ok_or(StoreError::Missing)?;
        let Some(pos) = node.labels.iter().position(|l| *l == label) else {
            return Ok(());
        };
        node.labels.remove(pos);
        let props = node.props.clone();
        if let Some(set) = self.by_label.get_mut(&label) {
            set.remove(&id);
        }
        self.label_bits.clear(id, label);
        for (k, v) in &props {
            index_remove(&mut self.by_prop, label, *k, v, id);
        }
        self.record(Undo::RemovedLabel(id, label));
        Ok(())
    }

    pub fn delete_rel(&mut self, id: RelId) -> Result<(), StoreError> {
        let (start, end) = self.endpoints(id).ok_or(StoreError::Missing)?;
        let data = self.g.remove_edge(eix(id)).ok_or(StoreError::Missing)?;
        adj_remove(&mut self.adj[start.0 as usize].out, data.ty, id);
        adj_remove(&mut self.adj[end.0 as usize].inc, data.ty, id);
        if let Some(set) = self.by_type.get_mut(&data.ty) {
            set.remove(&id);
        }
        for (k, _) in &data.props {
            self.count_key(*k, -1);
        }
        self.record(Undo::DeletedRel(id, start, end, data));
        Ok(())
    }

    /// Delete a node that has no relationships.
    pub fn delete_node(&mut self, id: NodeId) -> Result<(), StoreError> {
        if !self.contains_node(id) {
            return Err(StoreError::Missing);
        }
        let degree = self.degree(id, Dir::Both, &[]);
        if degree > 0 {
            return Err(StoreError::StillConnected(degree));
        }
        let data = self.g.remove_node(nix(id)).ok_or(StoreError::Missing)?;
        self.label_bits.clear_node(id);
        for l in &data.labels {
            if let Some(set) = self.by_label.get_mut(l) {
                set.remove(&id);
            }
            for (k, v) in &data.props {
                index_remove(&mut self.by_prop, *l, *k, v, id);
            }
        }
        self.adj[id.0 as usize] = NodeAdj::default();
        for (k, _) in &data.props {
            self.count_key(*k, -1);
        }
        self.record(Undo::DeletedNode(id, data));
        Ok(())
    }

    /// Delete a node and every relationship at it.
    pub fn detach_delete_node(&mut self, id: NodeId) -> Result<(), StoreError> {
        if !self.contains_node(id) {
            return Err(StoreError::Missing);
        }
        let rels: Vec<RelId> = self.expand(id, Dir::Both, &[]).map(|(r, _)| r).collect();
        for r in rels {
            if self.contains_rel(r) {
                self.delete_rel(r)?;
            }
        }
        self.delete_node(id)
    }
}

/// Rebuilds a graph with given ids, for reading a snapshot. Nodes and then relationships are
/// given in increasing id order through the public `create_node` / `create_rel`; the ids
/// skipped between them (deleted before the snapshot was saved) are filled with bare
/// placeholder slots that `finish` frees again, so that every entity keeps its id and a later
/// CREATE reuses the lowest free id first.
pub(crate) struct Restorer {
    graph: Graph,
    /// The id the next node (or placeholder) gets: the graph has no free slot while building.
    next_node: u32,
    next_rel: u32,
    vacant_nodes: Vec<NodeIndex<u32>>,
    vacant_rels: Vec<EdgeIndex<u32>>,
    /// A bare node past every real one that carries the placeholder relationships as
    /// self-loops, so that freeing each of them is O(1) and touches no real node.
    pad_node: Option<NodeIndex<u32>>,
    /// The relationships given, in id order, whose adjacency and type index `finish` builds
    /// in bulk (growing a million small lists one push at a time is most of the cost).
    rels: Vec<(RelId, NodeId, NodeId, Sym)>,
}

impl Restorer {
    pub(crate) fn new(nodes: usize, rels: usize) -> Restorer {
        let mut graph = Graph::new();
        graph.g = StableGraph::with_capacity(nodes, rels);
        graph.adj = Vec::with_capacity(nodes);
        Restorer {
            graph,
            next_node: 0,
            next_rel: 0,
            vacant_nodes: Vec::new(),
            vacant_rels: Vec::new(),
            pad_node: None,
            rels: Vec::with_capacity(rels),
        }
    }

    pub(crate) fn graph(&mut self) -> &mut Graph {
        &mut self.graph
    }

    /// Create the node with id `id`, which must be above every node id given so far (and no
    /// relationship may have been given yet).
    pub(crate) fn node(
        &mut self,
        id: NodeId,
        labels: Vec<Sym>,
        props: Props,
    ) -> Result<(), StoreError> {
        if self.pad_node.is_some() || id.0 < self.next_node || id.0 >= u32::MAX - 1 {
            return Err(StoreError::Missing);
        }
        while self.next_node < id.0 {
            let slot = self.graph.g.add_node(NodeData::default());
            self.vacant_nodes.push(slot);
            self.next_node += 1;
        }
        let made = self.graph.create_node(labels, props)?;
        debug_assert_eq!(made, id);
        self.next_node += 1;
        Ok(())
    }

    /// Create the relationship with id `id`, which must be above every relationship id given
    /// so far, between nodes given before.
    pub(crate) fn rel(
        &mut self,
        id: RelId,
        start: NodeId,
        end: NodeId,
        ty: Sym,
        props: Props,
    ) -> Result<(), StoreError> {
        let placeholder =
            |n: NodeId| n.0 >= self.next_node || self.vacant_nodes.binary_search(&nix(n)).is_ok();
        if id.0 < self.next_rel || id.0 >= u32::MAX - 1 || placeholder(start) || placeholder(end) {
            return Err(StoreError::Missing);
        }
        while self.next_rel < id.0 {
            let g = &mut self.graph.g;
            let pad = *self
                .pad_node
                .get_or_insert_with(|| g.add_node(NodeData::default()));
            let slot = g.add_edge(
                pad,
                pad,
                RelData {
                    ty,
                    props: Vec::new(),
                },
            );
            self.vacant_rels.push(slot);
            self.next_rel += 1;
        }
        // What `create_rel` does, but the indexes are left to `finish`.
        let props = clean_props(props);
        for (k, _) in &props {
            self.graph.count_key(*k, 1);
        }
        let e = self
            .graph
            .g
            .add_edge(nix(start), nix(end), RelData { ty, props });
        debug_assert_eq!(e.index(), id.0 as usize);
        self.rels.push((id, start, end, ty));
        self.next_rel += 1;
        Ok(())
    }

    /// Build the adjacency lists and the type index, free the placeholder slots and hand over
    /// the graph.
    pub(crate) fn finish(mut self) -> Graph {
        self.build_indexes();
        let g = &mut self.graph.g;
        // Newest first: each placeholder relationship is then the head of the pad node's
        // lists, and the lowest free id ends up first in petgraph's free list.
        for e in self.vacant_rels.into_iter().rev() {
            g.remove_edge(e);
        }
        if let Some(pad) = self.pad_node {
            g.remove_node(pad);
        }
        for n in self.vacant_nodes.into_iter().rev() {
            g.remove_node(n);
        }
        self.graph
    }

    /// The same lists `create_rel` would have built, one relationship at a time in id order:
    /// per node and direction, one list per type (in the order of each type's first
    /// relationship there), relationships in id order; each list allocated once.
    fn build_indexes(&mut self) {
        type Ends = (NodeId, NodeId);
        let mut by_type: HashMap<Sym, Vec<(RelId, Ends)>> = HashMap::new();
        for (id, start, end, ty) in &self.rels {
            by_type.entry(*ty).or_default().push((*id, (*start, *end)));
        }
        for (ty, ids) in by_type {
            // Ids are sorted: the set is built in bulk.
            self.graph.by_type.insert(ty, ids.into_iter().collect());
        }
        for out in [true, false] {
            // (node, type, relationship, other end), sorted: each node's lists are runs.
            let mut entries: Vec<(u32, u32, u32, u32)> = self
                .rels
                .iter()
                .map(|(id, s, e, ty)| {
                    let (at, other) = if out { (s, e) } else { (e, s) };
                    (at.0, ty.0, id.0, other.0)
                })
                .collect();
            entries.sort_unstable();
            let mut i = 0;
            while i < entries.len() {
                let node = entries[i].0;
                let mut lists: Vec<TypedAdj> = Vec::new();
                while i < entries.len() && entries[i].0 == node {
                    let ty = entries[i].1;
                    let run = entries[i..]
                        .iter()
                        .take_while(|e| e.0 == node && e.1 == ty)
                        .count();
                    lists.push(TypedAdj {
                        ty: Sym(ty),
                        edges: entries[i..i + run]
                            .iter()
                            .map(|e| (RelId(e.2), NodeId(e.3)))
                            .collect(),
                    });
                    i += run;
                }
                lists.sort_by_key(|l| l.edges[0].0);
                let adj = &mut self.graph.adj[node as usize];
                if out {
                    adj.out = lists;
                } else {
                    adj.inc = lists;
                }
            }
        }
    }
}

fn index_insert(
    index: &mut HashMap<(Sym, Sym), HashMap<IndexKey, Vec<NodeId>>>,
    label: Sym,
    key: Sym,
    value: &Value,
    id: NodeId,
) {
    if let Some(k) = IndexKey::of(value) {
        let bucket = index.entry((label, key)).or_default().entry(k).or_default();
        if let Err(pos) = bucket.binary_search(&id) {
            bucket.insert(pos, id);
        }
    }
}

fn index_remove(
    index: &mut HashMap<(Sym, Sym), HashMap<IndexKey, Vec<NodeId>>>,
    label: Sym,
    key: Sym,
    value: &Value,
    id: NodeId,
) {
    if let Some(k) = IndexKey::of(value) {
        if let Some(map) = index.get_mut(&(label, key)) {
            if let Some(bucket) = map.get_mut(&k) {
                if let Ok(pos) = bucket.binary_search(&id) {
                    bucket.remove(pos);
                }
                if bucket.is_empty() {
                    map.remove(&k);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_survive_deletes_and_indexes_follow() {
        let mut g = Graph::new();
        let actor = g.intern("Actor");
        let name = g.intern("name");
        let accuses = g.intern("ACCUSES");
        let a = g
            .create_node(vec![actor], vec![(name, Value::str("FBI"))])
            .unwrap();
        let b = g
            .create_node(vec![actor], vec![(name, Value::str("Russia"))])
            .unwrap();
        let c = g
            .create_node(vec![actor], vec![(name, Value::str("Germany"))])
            .unwrap();
        let r = g.create_rel(a, b, accuses, vec![]).unwrap();
        assert_eq!(g.delete_node(b), Err(StoreError::StillConnected(1)));
        g.detach_delete_node(b).unwrap();
        assert!(!g.contains_rel(r));
        assert!(g.contains_node(c));
        assert_eq!(
            g.lookup(actor, name, &Value::str("Germany")),
            Some(&[c][..])
        );
        assert_eq!(g.lookup(actor, name, &Value::str("Russia")), Some(&[][..]));
        assert_eq!(g.nodes_with_label(actor).collect::<Vec<_>>(), vec![a, c]);
        assert_eq!(g.degree(a, Dir::Out, &[]), 0);
    }

    #[test]
    fn rollback_restores_ids_and_indexes() {
        let mut g = Graph::new();
        let l = g.intern("L");
        let k = g.intern("k");
        let t = g.intern("T");
        let a = g.create_node(vec![l], vec![(k, Value::Int(1))]).unwrap();
        let b = g.create_node(vec![l], vec![(k, Value::Int(2))]).unwrap();
        let r = g.create_rel(a, b, t, vec![(k, Value::str("x"))]).unwrap();
        g.begin();
        g.set_node_prop(a, k, Value::Int(5)).unwrap();
        g.detach_delete_node(b).unwrap();
        let c = g.create_node(vec![], vec![]).unwrap();
        g.create_rel(a, c, t, vec![]).unwrap();
        g.remove_label(a, l).unwrap();
        g.rollback();
        assert_eq!(g.node_count(), 2);
        assert_eq!(g.rel_count(), 1);
        assert_eq!(g.endpoints(r), Some((a, b)));
        assert_eq!(g.rel_prop(r, k), Some(&Value::str("x")));
        assert_eq!(g.lookup(l, k, &Value::Int(1)), Some(&[a][..]));
        assert_eq!(g.lookup(l, k, &Value::Int(2)), Some(&[b][..]));
        assert_eq!(g.expand(a, Dir::Out, &[]).collect::<Vec<_>>(), vec![(r, b)]);
    }

    #[test]
    fn transactions_nest() {
        let mut g = Graph::new();
        let l = g.intern("L");
        g.begin();
        let a = g.create_node(vec![l], vec![]).unwrap();
        g.begin();
        g.create_node(vec![l], vec![]).unwrap();
        g.rollback();
        assert_eq!(g.node_count(), 1);
        g.begin();
        g.create_node(vec![l], vec![]).unwrap();
        g.commit();
        assert_eq!(g.node_count(), 2);
        g.rollback();
        assert_eq!(g.node_count(), 0);
        assert!(!g.contains_node(a));
        // Nothing is recorded outside a transaction.
        g.create_node(vec![l], vec![]).unwrap();
        g.rollback();
        assert_eq!(g.node_count(), 1);
    }

    #[test]
    fn integral_floats_find_integers() {
        let mut g = Graph::new();
        let l = g.intern("L");
        let k = g.intern("k");
        let n = g.create_node(vec![l], vec![(k, Value::Int(1))]).unwrap();
        assert_eq!(g.lookup(l, k, &Value::Float(1.0)), Some(&[n][..]));
    }
}
