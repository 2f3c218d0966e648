//! The property graph store, in columns: nodes and relationships are dense id slots (deleting
//! never renumbers what remains; a freed slot is reused), labels are interned label sets with a
//! compressed bitmap of members per label, properties sit in typed columns (one per key for
//! nodes, one per key and relationship type for relationships, see `column`), and adjacency is
//! kept in compressed sparse rows per direction with a small delta for recent changes (see
//! `adjacency`). Beside them, the indexes a planner needs: relationships by type and nodes by
//! (label, key, value).
//!
//! This module knows nothing of Cypher: no parsing, no expressions, no output formats (only
//! `format_float`, the one text form of a float that `toString()` and the printers share).

mod adjacency;
mod buf;
mod bulk;
mod column;
mod index;
mod intern;
mod parts;
mod schema;
mod value;
mod visit;

pub(crate) use bulk::{BulkColumn, Cells, RelGroup, Strs};
#[cfg(test)]
pub(crate) use column::date_value as column_date_value;
pub use column::{date_days, Coded, Number, Numbers, PropRef};
pub use index::fold_name;
pub use intern::{Interner, Sym};
pub(crate) use parts::{ColumnParts, CsrParts, HeapParts, StoreParts, TableParts, DEAD_SLOT};
pub use schema::{ConstraintDef, Entity, IdSpaceDef, IndexDef, PropTypes, Rule, Schema, SCALARS};
pub use value::{format_float, NodeId, Path, RelId, Value, VirtualNode, VirtualRel};
pub use visit::RelRef;

use adjacency::{Csr, RelColumns};
pub(crate) use buf::{Backing, Buf, Footprint, Part, Plain};
use column::Column;
use index::PropIndexes;
use roaring::RoaringBitmap;
use std::collections::HashMap;
use std::sync::Arc;

/// Properties of one entity, as (key, value) pairs.
pub type Props = Vec<(Sym, Value)>;

/// A node's labels and properties, read out of the store.
#[derive(Clone, Debug, Default)]
pub struct NodeData {
    pub labels: Vec<Sym>,
    pub props: Props,
}

/// A relationship's type and properties, read out of the store.
#[derive(Clone, Debug)]
pub struct RelData {
    pub ty: Sym,
    pub props: Props,
}

/// What one group of entities carries (`Graph::node_census`, `Graph::rel_census`): the group
/// (a label set, a relationship type), how many entities it has, and each key some of them
/// carry.
#[derive(Clone, Debug)]
pub struct Census<G> {
    pub group: G,
    pub count: usize,
    pub keys: Vec<KeyCensus>,
}

/// One key of a `Census`: how many of the group's entities carry it, and the kinds of their
/// values, as the bits the census's `kind` gave them, or'ed together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyCensus {
    pub key: Sym,
    pub count: usize,
    pub kinds: u64,
}

/// How many slots or values a census reads between two calls of its `tick`.
const CENSUS_TICK: usize = 1024;

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
///
/// Keys are ordered (see `Ord`) by kind first: booleans, numbers, strings, temporal values
/// of each type (in the order `Kind` lists them), points; within a kind as Cypher's `<`
/// orders them (integers and floats interleaved by value, strings by code point, zoned times
/// and datetimes by instant, then by what tells equal instants apart), and points by CRS and
/// coordinates. So the values one comparison can be true for sit together, in order: what a
/// range seek reads.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IndexKey {
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Arc<str>),
    /// A temporal value: found by Cypher equality (the same type and value).
    Temporal(Arc<crate::temporal::Temporal>),
    /// A point: its CRS and its coordinates' bits (-0.0 is 0.0 in a point).
    Point(crate::spatial::Crs, [u64; 3]),
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
            Value::Temporal(t) => Some(IndexKey::Temporal(t.clone())),
            Value::Point(p) => {
                let mut bits = [0; 3];
                for (b, c) in bits.iter_mut().zip(p.coords()) {
                    *b = c.to_bits();
                }
                Some(IndexKey::Point(p.crs, bits))
            }
            _ => None,
        }
    }

    /// How many kinds `kind_rank` tells apart.
    const KINDS: usize = 10;

    /// The kind of the key, as a rank in the order of kinds: keys of different kinds never
    /// compare in Cypher (`1 < 'a'` is null).
    fn kind_rank(&self) -> u8 {
        match self {
            IndexKey::Bool(_) => 0,
            IndexKey::Int(_) | IndexKey::Float(_) => 1,
            IndexKey::Str(_) => 2,
            IndexKey::Temporal(t) => 3 + t.kind() as u8,
            IndexKey::Point(..) => 9,
        }
    }

    /// Whether two keys are of one kind (see `kind_rank`).
    pub fn same_kind(&self, other: &IndexKey) -> bool {
        self.kind_rank() == other.kind_rank()
    }
}

/// An integer against a float, exactly. The float of a key is never integral within the i64
/// range (`IndexKey::of` makes those `Int`), so the two are never equal: were they (a key made
/// by hand), the integer comes first, keeping the order consistent with `Eq`. NaN, which no
/// key holds either, comes after every number.
fn cmp_int_float(i: i64, f: f64) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    // 2^63: every float at or above it exceeds every i64, every float below -2^63 is below.
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() || f >= TWO_63 {
        return Ordering::Less;
    }
    if f < -TWO_63 {
        return Ordering::Greater;
    }
    // Now f lies in [-2^63, 2^63): its integer part fits an i64 exactly.
    let t = f.trunc();
    i.cmp(&(t as i64)).then(if f - t < 0.0 {
        Ordering::Greater
    } else {
        Ordering::Less
    })
}

impl Ord for IndexKey {
    fn cmp(&self, other: &IndexKey) -> std::cmp::Ordering {
        let float = |bits: &u64| f64::from_bits(*bits);
        match (self, other) {
            (IndexKey::Bool(a), IndexKey::Bool(b)) => a.cmp(b),
            (IndexKey::Int(a), IndexKey::Int(b)) => a.cmp(b),
            (IndexKey::Float(a), IndexKey::Float(b)) => float(a).total_cmp(&float(b)),
            (IndexKey::Int(a), IndexKey::Float(b)) => cmp_int_float(*a, float(b)),
            (IndexKey::Float(a), IndexKey::Int(b)) => cmp_int_float(*b, float(a)).reverse(),
            (IndexKey::Str(a), IndexKey::Str(b)) => a.cmp(b),
            // By type, then as `<` orders the type (ties of zoned values broken by their local
            // value and zone): equal only when Cypher equality holds.
            (IndexKey::Temporal(a), IndexKey::Temporal(b)) => a.order(b),
            (IndexKey::Point(ca, a), IndexKey::Point(cb, b)) => ca.cmp(cb).then_with(|| {
                a.iter()
                    .zip(b)
                    .map(|(x, y)| float(x).total_cmp(&float(y)))
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            }),
            _ => self.kind_rank().cmp(&other.kind_rank()),
        }
    }
}

impl PartialOrd for IndexKey {
    fn partial_cmp(&self, other: &IndexKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Properties without nulls, each key once (the last value given wins).
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

/// Labels without repeats, in the order given.
fn unique_labels(labels: Vec<Sym>) -> Vec<Sym> {
    if labels
        .iter()
        .enumerate()
        .all(|(i, l)| !labels[..i].contains(l))
    {
        return labels;
    }
    let mut unique = Vec::with_capacity(labels.len());
    for l in labels {
        if !unique.contains(&l) {
            unique.push(l);
        }
    }
    unique
}

/// The label set of a free node slot.
const VACANT: u32 = u32::MAX;
/// The type of a free relationship slot.
const DEAD: Sym = Sym(u32::MAX);
/// "No column or table" in the by-`Sym` maps.
const NONE: u32 = u32::MAX;

/// The relationships of one type: their ids by position, and their property columns by
/// position.
#[derive(Clone, Debug)]
struct RelTable {
    ty: Sym,
    /// By position: the relationship, or `DEAD_REL` once deleted.
    ids: Buf<RelId>,
    alive: usize,
    cols: Vec<(Sym, Column)>,
}

const DEAD_REL: RelId = RelId(u32::MAX);

/// One property's column, read in place by slot (`Graph::rel_column`, `Graph::node_column`):
/// a dictionary-encoded string column gives codes, so that a predicate over its values can be
/// decided once per distinct string.
#[derive(Clone, Copy)]
pub struct ColumnRef<'a>(&'a Column);

impl<'a> ColumnRef<'a> {
    /// The value in a slot.
    pub fn get(self, slot: u32) -> Option<PropRef<'a>> {
        self.0.get_ref(slot)
    }
    /// How many distinct strings a dictionary-encoded column holds (0 for any other).
    pub fn dict_len(self) -> usize {
        self.0.dict_len()
    }
    /// Names the column's dictionary among all the process made, while it lasts (0: none);
    /// its codes are only ever added to, so a decision about a code's string stays true.
    pub fn dict_id(self) -> u64 {
        self.0.dict_id()
    }
    /// A slot as its dictionary code, or its value when the column has no dictionary.
    pub fn coded(self, slot: u32) -> Coded<'a> {
        self.0.coded(slot)
    }
    /// The string of a dictionary code.
    pub fn dict_str(self, code: u32) -> &'a str {
        self.0.dict_str(code)
    }
    /// Ask for a slot's value early (see `Graph::prefetch_ends`).
    #[inline]
    pub fn prefetch(self, slot: u32) {
        self.0.prefetch(slot)
    }
    /// Ask early for one link of reading a string slot (see `Column::prefetch_str`).
    #[inline]
    pub fn prefetch_str(self, slot: u32, step: u8) {
        self.0.prefetch_str(slot, step)
    }
    /// The column's numbers in place, when it holds only integers or only floats.
    pub fn numbers(self) -> Option<Numbers<'a>> {
        self.0.numbers()
    }
}

impl RelTable {
    fn col(&self, key: Sym) -> Option<&Column> {
        self.cols.iter().find(|(k, _)| *k == key).map(|(_, c)| c)
    }
    fn col_mut(&mut self, key: Sym) -> &mut Column {
        let i = match self.cols.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.cols.push((key, Column::new()));
                self.cols.len() - 1
            }
        };
        &mut self.cols[i].1
    }
}

/// Grow a by-`Sym` vector so that `sym` indexes it.
fn slot_for<T: Clone>(v: &mut Vec<T>, sym: Sym, fill: T) -> &mut T {
    let i = sym.0 as usize;
    if v.len() <= i {
        v.resize(i + 1, fill);
    }
    &mut v[i]
}

/// The graph. All names (labels, types, property keys) are interned as `Sym`s.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    names: Interner,

    /// By node slot: its label set, or `VACANT`.
    node_set: Buf<u32>,
    /// Label sets in use, each with its labels in the order they were given.
    labelsets: Vec<Vec<Sym>>,
    labelset_ids: HashMap<Vec<Sym>, u32>,
    /// By label `Sym`: the nodes carrying it.
    members: Vec<RoaringBitmap>,
    /// Node property columns, in the order of each key's first use, and their index by key.
    node_cols: Vec<(Sym, Column)>,
    node_col_of: Vec<u32>,
    /// Free node slots; the last is reused first.
    free_nodes: Vec<u32>,
    nodes_alive: usize,

    /// By relationship slot: type (`DEAD` when free), ends, position in its type's table.
    rel_ty: Buf<Sym>,
    rel_start: Buf<NodeId>,
    rel_end: Buf<NodeId>,
    rel_pos: Buf<u32>,
    tables: Vec<RelTable>,
    table_of: Vec<u32>,
    /// Free relationship slots; the last is reused first.
    free_rels: Vec<u32>,
    /// Deleted relationships still listed in the adjacency rows: freed at the next build, so
    /// that a row never names a relationship that was reused for another.
    held_rels: Vec<u32>,
    /// Node and relationship slots freed inside a transaction: reused only once it commits,
    /// so that a variable still bound to a deleted entity never sees a new one in its slot.
    quarantined_nodes: Vec<u32>,
    quarantined_rels: Vec<u32>,
    rels_alive: usize,

    out: Csr,
    inc: Csr,
    /// While set, created relationships are not added to the adjacency (a bulk load, which
    /// builds the rows once at its end).
    deferred: bool,

    /// Nodes by (label, key, value), for the pairs that lookups asked for.
    by_prop: PropIndexes,
    /// While a statement runs: how to undo each change it made, in order.
    journal: Option<Vec<Undo>>,
    /// Journal lengths at each open `begin`, innermost last.
    savepoints: Vec<usize>,
    /// Per property key (by `Sym`): how many nodes and relationships carry it.
    key_counts: Vec<usize>,
    /// The declared indexes and constraints.
    schema: Schema,
    /// The id spaces of CSV loads, with their members.
    id_spaces: Vec<IdSpaceDef>,
}

/// The inverse of one change, for rolling a failed statement back.
#[derive(Clone, Debug)]
enum Undo {
    /// Nodes created with consecutive new ids, from the first: bulk loads record one entry.
    CreatedNodes(NodeId, u32),
    CreatedRels(RelId, u32),
    NodeProp(NodeId, Sym, Option<Value>),
    RelProp(RelId, Sym, Option<Value>),
    AddedLabel(NodeId, Sym),
    RemovedLabel(NodeId, Sym),
    DeletedRel(Box<(RelId, NodeId, NodeId, RelData)>),
    DeletedNode(Box<(NodeId, NodeData)>),
    /// The declarations before a schema command.
    Schema(Box<Schema>),
    /// The id spaces before a load.
    IdSpaces(Vec<IdSpaceDef>),
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

/// The adjacency is rebuilt when its delta and held deletions pass this share of the rows
/// (and `MERGE_MIN`).
const MERGE_SHARE: usize = 4;
const MERGE_MIN: usize = 4096;

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
            self.release_quarantine();
        }
    }

    /// The slots freed in the transaction that ended become free for reuse.
    fn release_quarantine(&mut self) {
        let nodes = std::mem::take(&mut self.quarantined_nodes);
        self.free_nodes.extend(nodes);
        let rels = std::mem::take(&mut self.quarantined_rels);
        self.free_rels.extend(rels);
    }

    /// Undo every change made since the matching `begin`, newest first. Ids are restored too:
    /// each entity comes back in the slot it had.
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
                Undo::CreatedNodes(first, n) => (0..n).rev().try_for_each(|i| {
                    let id = NodeId(first.0 + i);
                    self.delete_node(id)?;
                    self.release_new_node(id);
                    Ok(())
                }),
                Undo::CreatedRels(first, n) => (0..n).rev().try_for_each(|i| {
                    let id = RelId(first.0 + i);
                    self.delete_rel(id)?;
                    self.release_new_rel(id);
                    Ok(())
                }),
                Undo::NodeProp(id, k, old) => self.set_node_prop(id, k, old.unwrap_or(Value::Null)),
                Undo::RelProp(id, k, old) => self.set_rel_prop(id, k, old.unwrap_or(Value::Null)),
                Undo::AddedLabel(id, l) => self.remove_label(id, l),
                Undo::RemovedLabel(id, l) => self.add_label(id, l),
                Undo::DeletedRel(d) => {
                    let (id, start, end, data) = *d;
                    self.create_rel_at(id, start, end, data.ty, data.props)
                }
                Undo::DeletedNode(d) => {
                    let (id, data) = *d;
                    self.create_node_at(id, data.labels, data.props)
                }
                Undo::Schema(old) => {
                    self.schema = *old;
                    Ok(())
                }
                Undo::IdSpaces(old) => {
                    self.id_spaces = old;
                    Ok(())
                }
            };
        }
        if !self.savepoints.is_empty() {
            self.journal = Some(journal);
        } else {
            self.release_quarantine();
        }
        self.maybe_merge();
    }

    fn record(&mut self, undo: Undo) {
        let Some(j) = &mut self.journal else {
            return;
        };
        // Consecutive creations of new ids extend one entry, within one savepoint.
        let mergeable = j.len() > self.savepoints.last().copied().unwrap_or(0);
        match (j.last_mut().filter(|_| mergeable), &undo) {
            (Some(Undo::CreatedNodes(first, n)), Undo::CreatedNodes(id, k))
                if first.0 + *n == id.0 =>
            {
                *n += k
            }
            (Some(Undo::CreatedRels(first, n)), Undo::CreatedRels(id, k))
                if first.0 + *n == id.0 =>
            {
                *n += k
            }
            _ => j.push(undo),
        }
    }

    /// A node slot freed by undoing its creation goes back to where it came from: past the
    /// end, or the free list (where `delete_node` just put it).
    fn release_new_node(&mut self, id: NodeId) {
        if id.0 as usize + 1 == self.node_set.len() && self.free_nodes.last() == Some(&id.0) {
            self.free_nodes.pop();
            self.node_set.pop();
        }
    }
    fn release_new_rel(&mut self, id: RelId) {
        let i = id.0 as usize;
        if i + 1 == self.rel_ty.len() && self.free_rels.last() == Some(&id.0) {
            self.free_rels.pop();
            self.rel_ty.pop();
            self.rel_start.pop();
            self.rel_end.pop();
            self.rel_pos.pop();
        }
    }

    // ---- names ----

    /// The symbol of a name, interning it.
    pub fn intern(&self, name: &str) -> Sym {
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
        self.members.truncate(len);
        self.by_prop.retain(|s| keep(&s));
        self.schema
            .indexes
            .retain(|i| keep(&i.label) && i.keys.iter().all(&keep));
        self.schema
            .constraints
            .retain(|c| keep(&c.token) && c.keys.iter().all(&keep));
        for space in &mut self.id_spaces {
            space.key = space.key.filter(keep);
        }
        if self.node_cols.iter().any(|(k, _)| !keep(k)) {
            self.node_cols.retain(|(k, _)| keep(k));
            self.node_col_of.clear();
            for (i, (k, _)) in self.node_cols.iter().enumerate() {
                *slot_for(&mut self.node_col_of, *k, NONE) = i as u32;
            }
        }
        self.node_col_of.truncate(len);
        for t in &mut self.tables {
            t.cols.retain(|(k, _)| keep(k));
        }
        // Tables of forgotten types are empty; they stay, unreachable, and are cheap.
        self.table_of.truncate(len);
        let sets = std::mem::take(&mut self.labelset_ids);
        self.labelset_ids = sets
            .into_iter()
            .filter(|(labels, _)| labels.iter().all(keep))
            .collect();
    }

    // ---- counts and catalogue ----

    pub fn node_count(&self) -> usize {
        self.nodes_alive
    }
    pub fn rel_count(&self) -> usize {
        self.rels_alive
    }
    /// Labels in use with their node counts, by name.
    pub fn labels(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<_> = self
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.is_empty())
            .map(|(l, m)| (self.name(Sym(l as u32)), m.len() as usize))
            .collect();
        v.sort();
        v
    }
    /// Relationship types in use with their counts, by name.
    pub fn rel_types(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<_> = self
            .tables
            .iter()
            .filter(|t| t.alive > 0)
            .map(|t| (self.name(t.ty), t.alive))
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
    /// What the nodes of each label set carry: one `Census` per label set some node has (its
    /// labels in the order they were given, so the same labels in another order are another
    /// set), with its keys in the order of their first use. One pass over the node slots and one
    /// over each key's column; `kind` names a value's type as a bit, read once per column whose
    /// layout fixes the type and once per value otherwise. `tick` is called every
    /// `CENSUS_TICK` slots or values and stops the census at its first error.
    pub fn node_census<E>(
        &self,
        kind: impl Fn(PropRef<'_>) -> u64,
        mut tick: impl FnMut() -> Result<(), E>,
    ) -> Result<Vec<Census<&[Sym]>>, E> {
        let sets = self.labelsets.len();
        let mut members = vec![0usize; sets];
        for (i, &set) in self.node_set.iter().enumerate() {
            if i.is_multiple_of(CENSUS_TICK) {
                tick()?;
            }
            if set != VACANT {
                members[set as usize] += 1;
            }
        }
        let mut keys: Vec<Vec<KeyCensus>> = vec![Vec::new(); sets];
        // By label set: how many of its nodes carry the key, and the kinds of their values.
        let mut carried = vec![(0usize, 0u64); sets];
        for (key, col) in &self.node_cols {
            if col.len() == 0 {
                continue;
            }
            carried.fill((0, 0));
            let mut seen = 0usize;
            let mut step = |slot: u32, kinds: u64| {
                seen += 1;
                if seen.is_multiple_of(CENSUS_TICK) {
                    tick()?;
                }
                let set = self.node_set.get(slot as usize).copied().unwrap_or(VACANT);
                if let Some(c) = carried.get_mut(set as usize) {
                    c.0 += 1;
                    c.1 |= kinds;
                }
                Ok(())
            };
            if col.is_uniform() {
                let kinds = col.any_value().map_or(0, &kind);
                col.try_each_slot(|slot| step(slot, kinds))?;
            } else {
                col.try_each(|slot, value| step(slot, kind(value)))?;
            }
            for (set, &(count, kinds)) in carried.iter().enumerate() {
                if count > 0 {
                    keys[set].push(KeyCensus {
                        key: *key,
                        count,
                        kinds,
                    });
                }
            }
        }
        Ok(keys
            .into_iter()
            .enumerate()
            .filter(|(set, _)| members[*set] > 0)
            .map(|(set, keys)| Census {
                group: self.labelsets[set].as_slice(),
                count: members[set],
                keys,
            })
            .collect())
    }

    /// What the relationships of each type carry: one `Census` per type some relationship has,
    /// as `node_census` (whose `kind` and `tick` these are) with the type for the label set.
    /// How many carry a key is the count its column keeps, so a column whose layout fixes the
    /// type is not read at all.
    pub fn rel_census<E>(
        &self,
        kind: impl Fn(PropRef<'_>) -> u64,
        mut tick: impl FnMut() -> Result<(), E>,
    ) -> Result<Vec<Census<Sym>>, E> {
        let mut out = Vec::new();
        for t in self.tables.iter().filter(|t| t.alive > 0) {
            tick()?;
            let mut keys = Vec::new();
            for (key, col) in t.cols.iter().filter(|(_, c)| c.len() > 0) {
                let kinds = if col.is_uniform() {
                    col.any_value().map_or(0, &kind)
                } else {
                    let mut kinds = 0;
                    let mut seen = 0usize;
                    col.try_each(|_, value| {
                        seen += 1;
                        if seen.is_multiple_of(CENSUS_TICK) {
                            tick()?;
                        }
                        kinds |= kind(value);
                        Ok(())
                    })?;
                    kinds
                };
                keys.push(KeyCensus {
                    key: *key,
                    count: col.len(),
                    kinds,
                });
            }
            out.push(Census {
                group: t.ty,
                count: t.alive,
                keys,
            });
        }
        Ok(out)
    }

    /// How many nodes and relationships carry a property key.
    pub fn key_count(&self, key: Sym) -> usize {
        self.key_counts.get(key.0 as usize).copied().unwrap_or(0)
    }
    fn count_key(&mut self, key: Sym, delta: isize) {
        let c = slot_for(&mut self.key_counts, key, 0);
        *c = c.saturating_add_signed(delta);
    }
    pub fn label_count(&self, label: Sym) -> usize {
        self.members
            .get(label.0 as usize)
            .map_or(0, |m| m.len() as usize)
    }
    pub fn type_count(&self, ty: Sym) -> usize {
        self.table(ty).map_or(0, |t| t.alive)
    }
    fn table(&self, ty: Sym) -> Option<&RelTable> {
        let t = *self.table_of.get(ty.0 as usize)?;
        (t != NONE).then(|| &self.tables[t as usize])
    }

    /// The bytes the store takes in its columns, rows and label members, roughly (names and
    /// the (label, key, value) index excluded): on the heap, and read in place from a mapped
    /// snapshot (see `buf`).
    fn footprint(&self) -> Footprint {
        let cols: Footprint = self
            .node_cols
            .iter()
            .map(|(_, c)| c.footprint())
            .chain(
                self.tables
                    .iter()
                    .flat_map(|t| t.cols.iter().map(|(_, c)| c.footprint()))
                    .chain(self.tables.iter().map(|t| t.ids.footprint())),
            )
            .sum();
        let members: usize = self.members.iter().map(|m| m.serialized_size()).sum();
        cols + Footprint::heap(members)
            + self.node_set.footprint()
            + self.rel_ty.footprint()
            + self.rel_start.footprint()
            + self.rel_end.footprint()
            + self.rel_pos.footprint()
            + self.out.footprint()
            + self.inc.footprint()
    }

    /// Bytes the store holds on the heap (arrays read in place from a mapped snapshot are the
    /// file's pages, not counted).
    pub fn store_bytes(&self) -> usize {
        self.footprint().heap
    }

    /// Bytes of the store read in place from a mapped snapshot file: they stay the file's pages
    /// in the operating system's cache until a change copies an array.
    pub fn mapped_bytes(&self) -> usize {
        self.footprint().mapped
    }

    // ---- reading ----

    pub fn contains_node(&self, id: NodeId) -> bool {
        self.node_set
            .get(id.0 as usize)
            .is_some_and(|s| *s != VACANT)
    }
    pub fn contains_rel(&self, id: RelId) -> bool {
        self.rel_ty.get(id.0 as usize).is_some_and(|t| *t != DEAD)
    }
    /// A node's labels, in the order they were given.
    pub fn node_labels(&self, id: NodeId) -> Option<&[Sym]> {
        let set = *self.node_set.get(id.0 as usize)?;
        (set != VACANT).then(|| self.labelsets[set as usize].as_slice())
    }
    /// A node's labels and properties.
    pub fn node(&self, id: NodeId) -> Option<NodeData> {
        let labels = self.node_labels(id)?.to_vec();
        let props = self
            .node_cols
            .iter()
            .filter_map(|(k, c)| Some((*k, c.get(id.0)?)))
            .collect();
        Some(NodeData { labels, props })
    }
    /// A relationship's type and properties.
    pub fn rel(&self, id: RelId) -> Option<RelData> {
        let ty = self.rel_type(id)?;
        let pos = self.rel_pos[id.0 as usize];
        let props = self
            .table(ty)
            .expect("a live relationship's type has a table")
            .cols
            .iter()
            .filter_map(|(k, c)| Some((*k, c.get(pos)?)))
            .collect();
        Some(RelData { ty, props })
    }
    pub fn rel_type(&self, id: RelId) -> Option<Sym> {
        self.rel_ty
            .get(id.0 as usize)
            .copied()
            .filter(|t| *t != DEAD)
    }
    /// Start and end node of a relationship.
    pub fn endpoints(&self, id: RelId) -> Option<(NodeId, NodeId)> {
        self.contains_rel(id)
            .then(|| (self.rel_start[id.0 as usize], self.rel_end[id.0 as usize]))
    }
    pub fn node_prop(&self, id: NodeId, key: Sym) -> Option<Value> {
        let c = *self.node_col_of.get(key.0 as usize)?;
        if c == NONE || !self.contains_node(id) {
            return None;
        }
        self.node_cols[c as usize].1.get(id.0)
    }
    /// `node_prop`, read in place (see `PropRef`).
    pub fn node_prop_ref(&self, id: NodeId, key: Sym) -> Option<PropRef<'_>> {
        let c = *self.node_col_of.get(key.0 as usize)?;
        if c == NONE || !self.contains_node(id) {
            return None;
        }
        self.node_cols[c as usize].1.get_ref(id.0)
    }
    /// The column of a relationship type's property `key`, read by a relationship's place in
    /// its type (`rel_place`).
    pub fn rel_column(&self, ty: Sym, key: Sym) -> Option<ColumnRef<'_>> {
        self.table(ty)?.col(key).map(ColumnRef)
    }
    /// A live relationship's type and its place among that type's (the slot of its values
    /// in the type's columns).
    #[inline]
    pub fn rel_place(&self, id: RelId) -> Option<(Sym, u32)> {
        let ty = self.rel_type(id)?;
        Some((ty, self.rel_pos[id.0 as usize]))
    }
    /// The column of the nodes' property `key`, read by node id (for a live node only).
    pub fn node_column(&self, key: Sym) -> Option<ColumnRef<'_>> {
        let c = *self.node_col_of.get(key.0 as usize)?;
        (c != NONE).then(|| ColumnRef(&self.node_cols[c as usize].1))
    }
    /// `rel_prop`, read in place (see `PropRef`).
    pub fn rel_prop_ref(&self, id: RelId, key: Sym) -> Option<PropRef<'_>> {
        let ty = self.rel_type(id)?;
        self.table(ty)?
            .col(key)?
            .get_ref(self.rel_pos[id.0 as usize])
    }
    pub fn rel_prop(&self, id: RelId, key: Sym) -> Option<Value> {
        let ty = self.rel_type(id)?;
        self.table(ty)?.col(key)?.get(self.rel_pos[id.0 as usize])
    }
    /// The keys a node carries, in the order the graph first used them.
    pub fn node_keys(&self, id: NodeId) -> Vec<Sym> {
        if !self.contains_node(id) {
            return Vec::new();
        }
        self.node_cols
            .iter()
            .filter(|(_, c)| c.has(id.0))
            .map(|(k, _)| *k)
            .collect()
    }
    pub fn has_label(&self, id: NodeId, label: Sym) -> bool {
        self.node_labels(id).is_some_and(|l| l.contains(&label))
    }

    /// Every node, by id.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.node_set
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != VACANT)
            .map(|(i, _)| NodeId(i as u32))
    }
    /// The live nodes whose ids are in `from..to`, in id order: a part of `nodes`.
    pub fn nodes_in(&self, from: usize, to: usize) -> impl Iterator<Item = NodeId> + '_ {
        let to = to.min(self.node_set.len());
        let from = from.min(to);
        self.node_set[from..to]
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != VACANT)
            .map(move |(i, _)| NodeId((from + i) as u32))
    }
    /// One past the highest node slot: node ids are below it.
    pub fn node_bound(&self) -> usize {
        self.node_set.len()
    }
    /// One past the highest relationship slot.
    pub fn rel_bound(&self) -> usize {
        self.rel_ty.len()
    }
    /// Every relationship, by id.
    pub fn rels(&self) -> impl Iterator<Item = RelId> + '_ {
        self.rel_ty
            .iter()
            .enumerate()
            .filter(|(_, t)| **t != DEAD)
            .map(|(i, _)| RelId(i as u32))
    }
    /// Nodes carrying a label, by id.
    pub fn nodes_with_label(&self, label: Sym) -> impl Iterator<Item = NodeId> + '_ {
        self.members
            .get(label.0 as usize)
            .into_iter()
            .flat_map(|m| m.iter().map(NodeId))
    }
    /// The nodes with `label` whose ids are in `from..to`, in id order: a part of
    /// `nodes_with_label`.
    pub fn nodes_with_label_in(
        &self,
        label: Sym,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = NodeId> + '_ {
        let from = u32::try_from(from).unwrap_or(u32::MAX);
        let to = u32::try_from(to).unwrap_or(u32::MAX);
        self.members
            .get(label.0 as usize)
            .into_iter()
            .flat_map(move |m| m.range(from..to).map(NodeId))
    }
    /// The nodes with any of the labels whose ids are in `from..to`, each once, in id order:
    /// the members of each label merged.
    pub fn nodes_with_any_label_in(
        &self,
        labels: &[Sym],
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = NodeId> + '_ {
        let from = u32::try_from(from).unwrap_or(u32::MAX);
        let to = u32::try_from(to).unwrap_or(u32::MAX);
        let mut heads: Vec<std::iter::Peekable<roaring::bitmap::Iter<'_>>> = labels
            .iter()
            .filter_map(|l| self.members.get(l.0 as usize))
            .map(|m| m.range(from..to).peekable())
            .collect();
        std::iter::from_fn(move || {
            let next = heads.iter_mut().filter_map(|h| h.peek().copied()).min()?;
            for h in &mut heads {
                if h.peek() == Some(&next) {
                    h.next();
                }
            }
            Some(NodeId(next))
        })
    }
    /// Relationships of a type, in the order they were created.
    pub fn rels_of_type(&self, ty: Sym) -> impl Iterator<Item = RelId> + '_ {
        self.table(ty)
            .into_iter()
            .flat_map(|t| t.ids.iter().copied().filter(|r| *r != DEAD_REL))
    }
    /// Every relationship with its start and end nodes: type by type (in `Sym` order), each
    /// type's in the order they were created.
    pub fn rels_with_ends(&self) -> impl Iterator<Item = (RelId, NodeId, NodeId)> + '_ {
        self.rel_types_in_use()
            .into_iter()
            .flat_map(move |t| self.rels_of_type_with_ends(t))
    }
    /// The types some relationship has, in `Sym` order (the order of `rels_with_ends`).
    pub fn rel_types_in_use(&self) -> Vec<Sym> {
        let mut types: Vec<Sym> = self
            .tables
            .iter()
            .filter(|t| t.alive > 0)
            .map(|t| t.ty)
            .collect();
        types.sort();
        types
    }
    /// The relationships of a type in the order `rels_of_type` gives them, as the table holds
    /// them: a deleted one's place holds an id that `is_rel_place_empty` tells.
    pub fn rel_places(&self, ty: Sym) -> &[RelId] {
        self.table(ty).map_or(&[], |t| &t.ids[..])
    }
    /// Whether an entry of `rel_places` is the place of a deleted relationship.
    #[inline]
    pub fn is_rel_place_empty(r: RelId) -> bool {
        r == DEAD_REL
    }
    /// The type of a relationship deleted in the transaction under way (the most recent
    /// deletion of that id); None outside a transaction or for any other id.
    pub fn deleted_rel_type(&self, id: RelId) -> Option<Sym> {
        self.journal.as_ref()?.iter().rev().find_map(|u| match u {
            Undo::DeletedRel(d) if d.0 == id => Some(d.3.ty),
            _ => None,
        })
    }
    /// A live relationship's start and end nodes, without checking that it is live.
    #[inline]
    pub fn ends_of_live(&self, r: RelId) -> (NodeId, NodeId) {
        (self.rel_start[r.0 as usize], self.rel_end[r.0 as usize])
    }
    /// A live relationship's start node, without checking that it is live.
    #[inline]
    pub fn start_of_live(&self, r: RelId) -> NodeId {
        self.rel_start[r.0 as usize]
    }
    /// A live relationship's end node, without checking that it is live.
    #[inline]
    pub fn end_of_live(&self, r: RelId) -> NodeId {
        self.rel_end[r.0 as usize]
    }
    /// Ask for a relationship's start (`start`) and end (`end`) nodes to be brought into the
    /// caches, ahead of reading them: a scan of one type's relationships reads them in an order
    /// the hardware cannot guess, one wait on memory each unless asked for early.
    #[inline]
    pub fn prefetch_ends(&self, r: RelId, start: bool, end: bool) {
        let i = r.0 as usize;
        if start {
            if let Some(n) = self.rel_start.get(i) {
                prefetch(n);
            }
        }
        if end {
            if let Some(n) = self.rel_end.get(i) {
                prefetch(n);
            }
        }
    }
    /// Ask for whether a node is live (`contains_node`) early, as `prefetch_ends` does.
    #[inline]
    pub fn prefetch_node(&self, n: NodeId) {
        if let Some(s) = self.node_set.get(n.0 as usize) {
            prefetch(s);
        }
    }
    /// Ask for a relationship's place (`rel_place`) early, as `prefetch_ends` its ends.
    #[inline]
    pub fn prefetch_place(&self, r: RelId) {
        let i = r.0 as usize;
        if let (Some(ty), Some(pos)) = (self.rel_ty.get(i), self.rel_pos.get(i)) {
            prefetch(ty);
            prefetch(pos);
        }
    }
    /// Relationships of a type with their start and end nodes.
    pub fn rels_of_type_with_ends(
        &self,
        ty: Sym,
    ) -> impl Iterator<Item = (RelId, NodeId, NodeId)> + '_ {
        self.rels_of_type(ty)
            .map(|r| (r, self.rel_start[r.0 as usize], self.rel_end[r.0 as usize]))
    }
    /// Nodes with `label` whose property `key` equals `value` (Cypher equality), by id.
    /// None when the value cannot be looked up in the index (null, NaN, lists): scan instead.
    /// The first lookup of a (label, key) builds its index.
    pub fn lookup(&self, label: Sym, key: Sym, value: &Value) -> Option<Vec<NodeId>> {
        let k = IndexKey::of(value)?;
        Some(self.with_index(label, key, |ix| PropIndexes::ids(ix, &k)))
    }

    /// Nodes with `label` whose property `key` lies between `lower` and `upper` (each
    /// included, excluded or absent) and is of the bounds' kind (see `IndexKey`: a number for a
    /// number, a string for a string, a date for a date; nothing when the two bounds are of
    /// different kinds), by id. Values of a kind Cypher does not order (durations, points) are
    /// ranged in the index's order. None when a bound's value cannot be looked up in the index
    /// (null, NaN, lists), or when the nodes are more than `most` (a caller that would rather
    /// scan the label then). The first lookup of a (label, key) builds its index.
    pub fn lookup_range(
        &self,
        label: Sym,
        key: Sym,
        lower: std::ops::Bound<&Value>,
        upper: std::ops::Bound<&Value>,
        most: usize,
    ) -> Option<Vec<NodeId>> {
        let (lower, upper) = (index_bound(lower)?, index_bound(upper)?);
        self.with_index(label, key, |ix| {
            PropIndexes::range_ids(ix, lower.as_ref(), upper.as_ref(), most)
        })
    }

    /// Nodes with `label` whose property `key` is a string that starts with `prefix`, by id;
    /// None when they are more than `most`. The first lookup of a (label, key) builds its
    /// index.
    pub fn lookup_prefix(
        &self,
        label: Sym,
        key: Sym,
        prefix: &str,
        most: usize,
    ) -> Option<Vec<NodeId>> {
        self.with_index(label, key, |ix| PropIndexes::prefix_ids(ix, prefix, most))
    }

    /// How many distinct values the (label, key) index holds: with the label's count, an
    /// estimate of how many nodes a lookup of an unknown value finds.
    pub fn index_distinct(&self, label: Sym, key: Sym) -> usize {
        self.with_index(label, key, |ix| ix.distinct())
    }

    fn with_index<R>(&self, label: Sym, key: Sym, read: impl FnOnce(&index::PropIndex) -> R) -> R {
        let entries = || {
            self.nodes_with_label(label)
                .filter_map(|n| Some((IndexKey::of(&self.node_prop(n, key)?)?, n)))
                .collect()
        };
        self.by_prop.with(label, key, entries, read)
    }

    /// Whether an index on the relationships of type `ty` by `key` is declared (`CREATE INDEX
    /// FOR ()-[r:TYPE]-() ON (r.key)`, or a composite index on it among others, which keeps the
    /// index of each of its properties): only then are they looked up by value.
    pub fn declared_rel_index(&self, ty: Sym, key: Sym) -> bool {
        self.schema
            .indexes
            .iter()
            .any(|i| (i.entity, i.label) == (Entity::Rel, ty) && i.keys.contains(&key))
    }

    /// Relationships of type `ty` whose property `key` equals `value` (Cypher equality), by
    /// id; None when the value cannot be looked up (null, NaN, lists). The first lookup of a
    /// (type, key) builds its index, which every change after keeps up to date.
    pub fn lookup_rels(&self, ty: Sym, key: Sym, value: &Value) -> Option<Vec<RelId>> {
        let k = IndexKey::of(value)?;
        Some(self.with_rel_index(ty, key, |ix| PropIndexes::ids(ix, &k)))
    }

    /// `lookup_range` for the relationships of type `ty`: those whose property `key` lies
    /// between the bounds and is of their kind, by id; None when a bound cannot be looked up
    /// or they are more than `most`.
    pub fn lookup_rel_range(
        &self,
        ty: Sym,
        key: Sym,
        lower: std::ops::Bound<&Value>,
        upper: std::ops::Bound<&Value>,
        most: usize,
    ) -> Option<Vec<RelId>> {
        let (lower, upper) = (index_bound(lower)?, index_bound(upper)?);
        self.with_rel_index(ty, key, |ix| {
            PropIndexes::range_ids(ix, lower.as_ref(), upper.as_ref(), most)
        })
    }

    /// `lookup_prefix` for the relationships of type `ty`.
    pub fn lookup_rel_prefix(
        &self,
        ty: Sym,
        key: Sym,
        prefix: &str,
        most: usize,
    ) -> Option<Vec<RelId>> {
        self.with_rel_index(ty, key, |ix| PropIndexes::prefix_ids(ix, prefix, most))
    }

    /// How many relationships the (type, key) relationship index holds (those of the type
    /// with an indexable value of the key), and how many distinct values: the relationships
    /// an equality seek of an unknown value finds are estimated from them.
    pub fn rel_index_counts(&self, ty: Sym, key: Sym) -> (usize, usize) {
        self.with_rel_index(ty, key, |ix| (ix.len(), ix.distinct()))
    }

    /// How many distinct values the (type, key) relationship index holds.
    pub fn rel_index_distinct(&self, ty: Sym, key: Sym) -> usize {
        self.with_rel_index(ty, key, |ix| ix.distinct())
    }

    fn with_rel_index<R>(
        &self,
        ty: Sym,
        key: Sym,
        read: impl FnOnce(&index::PropIndex<RelId>) -> R,
    ) -> R {
        let entries = || {
            let Some(col) = self.table(ty).and_then(|t| t.col(key)) else {
                return Vec::new();
            };
            self.rels_of_type(ty)
                .filter_map(|r| {
                    let v = col.get(self.rel_pos[r.0 as usize])?;
                    Some((IndexKey::of(&v)?, r))
                })
                .collect()
        };
        self.by_prop.with_rels(ty, key, entries, read)
    }

    /// Relationships at a node in a direction, restricted to `types` unless it is empty, as
    /// (relationship, node at the other end). A self-loop is reported once per direction walked
    /// (so twice for `Dir::Both`); callers that need it once filter. Per direction, types come
    /// in the order of their first relationship at the node; each type's relationships by the
    /// node at their other end, then by id, followed by those created since the adjacency was
    /// last built, in the order they were created.
    pub fn expand<'a>(
        &'a self,
        node: NodeId,
        dir: Dir,
        types: &'a [Sym],
    ) -> impl Iterator<Item = (RelId, NodeId)> + 'a {
        let all_live = self.held_rels.is_empty();
        let out = (dir != Dir::In)
            .then(|| self.out.neighbours(node, types))
            .into_iter()
            .flatten();
        let inc = (dir != Dir::Out)
            .then(|| self.inc.neighbours(node, types))
            .into_iter()
            .flatten();
        out.chain(inc)
            .filter(move |(r, _)| all_live || self.rel_ty[r.0 as usize] != DEAD)
    }

    /// The relationships joining `node` to `other` in a direction, of `types` (all if empty),
    /// in the order `expand` lists them; found by binary search in each type's relationships
    /// at the node, not by walking them.
    pub fn between<'a>(
        &'a self,
        node: NodeId,
        other: NodeId,
        dir: Dir,
        types: &'a [Sym],
    ) -> impl Iterator<Item = RelId> + 'a {
        let all_live = self.held_rels.is_empty();
        let out = (dir != Dir::In)
            .then(|| self.out.between(node, other, types))
            .into_iter()
            .flatten();
        // Walked both ways, a self-loop is met once (as `expand`'s callers see it).
        let inc = (dir == Dir::In || (dir == Dir::Both && node != other))
            .then(|| self.inc.between(node, other, types))
            .into_iter()
            .flatten();
        out.chain(inc)
            .filter(move |r| all_live || self.rel_ty[r.0 as usize] != DEAD)
    }

    /// `expand`'s entries as slices of the adjacency rows, each with whether its entries
    /// whose other end is `node` itself are to be skipped (a self-loop walked both ways is met
    /// once): pushed onto `out` in `expand`'s order. False, with `out` left as it was, when
    /// they do not all lie in the rows (relationships added or deleted since the last build):
    /// then `expand` is the way.
    pub fn expand_slices<'a>(
        &'a self,
        node: NodeId,
        dir: Dir,
        types: &[Sym],
        out: &mut Vec<(&'a [(RelId, NodeId)], bool)>,
    ) -> bool {
        self.slices_of(dir, out, |csr, mark, v| csr.slices(node, types, mark, v))
    }

    /// `between`'s relationships as slices of the adjacency rows (see `expand_slices`).
    pub fn between_slices<'a>(
        &'a self,
        node: NodeId,
        other: NodeId,
        dir: Dir,
        types: &[Sym],
        out: &mut Vec<(&'a [(RelId, NodeId)], bool)>,
    ) -> bool {
        let dir = if dir == Dir::Both && node == other {
            Dir::Out
        } else {
            dir
        };
        self.slices_of(dir, out, |csr, mark, v| {
            csr.between_slices(node, other, types, mark, v)
        })
    }

    fn slices_of<'a>(
        &'a self,
        dir: Dir,
        out: &mut Vec<(&'a [(RelId, NodeId)], bool)>,
        mut of: impl FnMut(&'a Csr, bool, &mut Vec<(&'a [(RelId, NodeId)], bool)>) -> bool,
    ) -> bool {
        if !self.held_rels.is_empty() {
            return false;
        }
        let start = out.len();
        let found = (dir == Dir::In || of(&self.out, false, out))
            && (dir == Dir::Out || of(&self.inc, dir == Dir::Both, out));
        if !found {
            out.truncate(start);
        }
        found
    }

    /// Number of relationships at a node in a direction and of the given types (all if empty).
    pub fn degree(&self, node: NodeId, dir: Dir, types: &[Sym]) -> usize {
        if !self.held_rels.is_empty() {
            return self.expand(node, dir, types).count();
        }
        let mut n = 0;
        if dir != Dir::In {
            n += self.out.count(node, types);
        }
        if dir != Dir::Out {
            n += self.inc.count(node, types);
        }
        n
    }

    // ---- writing ----

    /// Create a node. Null property values are skipped.
    pub fn create_node(&mut self, labels: Vec<Sym>, props: Props) -> Result<NodeId, StoreError> {
        let id = match self.free_nodes.last() {
            Some(&free) => {
                // The slot's earlier node is gone for good: it leaves its id spaces.
                for space in &mut self.id_spaces {
                    space.members.remove(free);
                }
                NodeId(free)
            }
            None if self.node_set.len() >= u32::MAX as usize - 1 => return Err(StoreError::Full),
            None => NodeId(self.node_set.len() as u32),
        };
        self.create_node_at(id, labels, props)?;
        Ok(id)
    }

    /// Create a node in a given free slot (a free one, or the next past the end).
    fn create_node_at(
        &mut self,
        id: NodeId,
        labels: Vec<Sym>,
        props: Props,
    ) -> Result<(), StoreError> {
        let i = id.0 as usize;
        if i < self.node_set.len() {
            if let Some(pos) = self.free_nodes.iter().rposition(|f| *f == id.0) {
                self.free_nodes.remove(pos);
            } else {
                // A node deleted in this transaction, back on rollback.
                let pos = self
                    .quarantined_nodes
                    .iter()
                    .rposition(|f| *f == id.0)
                    .ok_or(StoreError::Missing)?;
                self.quarantined_nodes.remove(pos);
            }
        } else if i == self.node_set.len() {
            self.node_set.push(VACANT);
        } else {
            return Err(StoreError::Missing);
        }
        let labels = unique_labels(labels);
        let props = clean_props(props);
        for &l in &labels {
            slot_for(&mut self.members, l, RoaringBitmap::new()).insert(id.0);
        }
        for (k, v) in props {
            self.count_key(k, 1);
            for &l in &labels {
                self.by_prop.insert(l, k, &v, id);
            }
            self.node_col(k).set(id.0, v);
        }
        self.node_set[i] = self.labelset(labels);
        self.nodes_alive += 1;
        self.record(Undo::CreatedNodes(id, 1));
        Ok(())
    }

    fn labelset(&mut self, labels: Vec<Sym>) -> u32 {
        if let Some(&id) = self.labelset_ids.get(&labels) {
            return id;
        }
        let id = self.labelsets.len() as u32;
        self.labelsets.push(labels.clone());
        self.labelset_ids.insert(labels, id);
        id
    }

    fn node_col(&mut self, key: Sym) -> &mut Column {
        let c = *slot_for(&mut self.node_col_of, key, NONE);
        let c = if c == NONE {
            self.node_cols.push((key, Column::new()));
            let c = self.node_cols.len() as u32 - 1;
            self.node_col_of[key.0 as usize] = c;
            c
        } else {
            c
        };
        &mut self.node_cols[c as usize].1
    }

    fn table_mut(&mut self, ty: Sym) -> &mut RelTable {
        let t = *slot_for(&mut self.table_of, ty, NONE);
        let t = if t == NONE {
            self.tables.push(RelTable {
                ty,
                ids: Buf::new(),
                alive: 0,
                cols: Vec::new(),
            });
            let t = self.tables.len() as u32 - 1;
            self.table_of[ty.0 as usize] = t;
            t
        } else {
            t
        };
        &mut self.tables[t as usize]
    }

    /// Create a relationship from `start` to `end`. Null property values are skipped.
    pub fn create_rel(
        &mut self,
        start: NodeId,
        end: NodeId,
        ty: Sym,
        props: Props,
    ) -> Result<RelId, StoreError> {
        let id = match self.free_rels.last() {
            Some(&free) => RelId(free),
            None if self.rel_ty.len() >= u32::MAX as usize - 1 => return Err(StoreError::Full),
            None => RelId(self.rel_ty.len() as u32),
        };
        self.create_rel_at(id, start, end, ty, props)?;
        Ok(id)
    }

    /// Create a relationship in a given slot: a free one, the next past the end, or a held
    /// one (deleted in this statement and still in the adjacency rows, which it rejoins).
    fn create_rel_at(
        &mut self,
        id: RelId,
        start: NodeId,
        end: NodeId,
        ty: Sym,
        props: Props,
    ) -> Result<(), StoreError> {
        if !self.contains_node(start) || !self.contains_node(end) {
            return Err(StoreError::Missing);
        }
        let i = id.0 as usize;
        let mut in_rows = false;
        if i < self.rel_ty.len() {
            if let Some(pos) = self.free_rels.iter().rposition(|f| *f == id.0) {
                self.free_rels.remove(pos);
            } else if let Some(pos) = self.quarantined_rels.iter().rposition(|f| *f == id.0) {
                self.quarantined_rels.remove(pos);
            } else if let Some(pos) = self.held_rels.iter().rposition(|f| *f == id.0) {
                // Only the same relationship comes back to a held slot (a rollback).
                if self.rel_start[i] != start || self.rel_end[i] != end {
                    return Err(StoreError::Missing);
                }
                self.held_rels.remove(pos);
                in_rows = true;
            } else {
                return Err(StoreError::Missing);
            }
        } else if i == self.rel_ty.len() {
            self.rel_ty.push(DEAD);
            self.rel_start.push(start);
            self.rel_end.push(end);
            self.rel_pos.push(0);
        } else {
            return Err(StoreError::Missing);
        }
        let props = clean_props(props);
        for (k, v) in &props {
            self.count_key(*k, 1);
            self.by_prop.insert_rel(ty, *k, v, id);
        }
        let table = self.table_mut(ty);
        let pos = table.ids.len() as u32;
        table.ids.push(id);
        table.alive += 1;
        for (k, v) in props {
            table.col_mut(k).set(pos, v);
        }
        self.rel_ty[i] = ty;
        self.rel_start[i] = start;
        self.rel_end[i] = end;
        self.rel_pos[i] = pos;
        self.rels_alive += 1;
        if !in_rows && !self.deferred {
            self.out.add(start, ty, id, end);
            self.inc.add(end, ty, id, start);
        }
        self.record(Undo::CreatedRels(id, 1));
        self.maybe_merge();
        Ok(())
    }

    /// Set (or with `Value::Null`, remove) a node property.
    pub fn set_node_prop(&mut self, id: NodeId, key: Sym, value: Value) -> Result<(), StoreError> {
        let labels = self.node_labels(id).ok_or(StoreError::Missing)?.to_vec();
        let col = self.node_col(key);
        let previous = if value.is_null() {
            col.remove(id.0)
        } else {
            col.set(id.0, value.clone())
        };
        for l in labels {
            if let Some(prev) = &previous {
                self.by_prop.remove(l, key, prev, id);
            }
            if !value.is_null() {
                self.by_prop.insert(l, key, &value, id);
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
        let ty = self.rel_type(id).ok_or(StoreError::Missing)?;
        let pos = self.rel_pos[id.0 as usize];
        let is_null = value.is_null();
        // The value the (type, key) index holds from now on, when one is built.
        let indexed = (!is_null && self.by_prop.has_rel_index(ty)).then(|| value.clone());
        let table = self.table_mut(ty);
        let previous = if is_null {
            match table.cols.iter_mut().find(|(k, _)| *k == key) {
                Some((_, c)) => c.remove(pos),
                None => None,
            }
        } else {
            table.col_mut(key).set(pos, value)
        };
        if let Some(prev) = &previous {
            self.by_prop.remove_rel(ty, key, prev, id);
        }
        if let Some(now) = &indexed {
            self.by_prop.insert_rel(ty, key, now, id);
        }
        match (&previous, is_null) {
            (None, false) => self.count_key(key, 1),
            (Some(_), true) => self.count_key(key, -1),
            (None, true) => return Ok(()),
            _ => {}
        }
        self.record(Undo::RelProp(id, key, previous));
        Ok(())
    }

    pub fn add_label(&mut self, id: NodeId, label: Sym) -> Result<(), StoreError> {
        let labels = self.node_labels(id).ok_or(StoreError::Missing)?;
        if labels.contains(&label) {
            return Ok(());
        }
        let mut labels = labels.to_vec();
        labels.push(label);
        self.node_set[id.0 as usize] = self.labelset(labels);
        slot_for(&mut self.members, label, RoaringBitmap::new()).insert(id.0);
        for (k, v) in self.node(id).map(|n| n.props).unwrap_or_default() {
            self.by_prop.insert(label, k, &v, id);
        }
        self.record(Undo::AddedLabel(id, label));
        Ok(())
    }

    pub fn remove_label(&mut self, id: NodeId, label: Sym) -> Result<(), StoreError> {
        let labels = self.node_labels(id).ok_or(StoreError::Missing)?;
        if !labels.contains(&label) {
            return Ok(());
        }
        let labels: Vec<Sym> = labels.iter().copied().filter(|l| *l != label).collect();
        self.node_set[id.0 as usize] = self.labelset(labels);
        if let Some(m) = self.members.get_mut(label.0 as usize) {
            m.remove(id.0);
        }
        for (k, v) in self.node(id).map(|n| n.props).unwrap_or_default() {
            self.by_prop.remove(label, k, &v, id);
        }
        self.record(Undo::RemovedLabel(id, label));
        Ok(())
    }

    pub fn delete_rel(&mut self, id: RelId) -> Result<(), StoreError> {
        let data = self.rel(id).ok_or(StoreError::Missing)?;
        let i = id.0 as usize;
        let (start, end, pos) = (self.rel_start[i], self.rel_end[i], self.rel_pos[i]);
        let table = self.table_mut(data.ty);
        table.ids[pos as usize] = DEAD_REL;
        table.alive -= 1;
        for (_, c) in &mut table.cols {
            c.remove(pos);
        }
        for (k, v) in &data.props {
            self.count_key(*k, -1);
            self.by_prop.remove_rel(data.ty, *k, v, id);
        }
        self.rel_ty[i] = DEAD;
        self.rels_alive -= 1;
        let in_delta = self.out.remove_added(start, id);
        self.inc.remove_added(end, id);
        if (in_delta || self.deferred) && self.journal.is_some() {
            self.quarantined_rels.push(id.0);
        } else if in_delta || self.deferred {
            self.free_rels.push(id.0);
        } else {
            self.held_rels.push(id.0);
        }
        self.record(Undo::DeletedRel(Box::new((id, start, end, data))));
        self.maybe_merge();
        Ok(())
    }

    /// Delete a node that has no relationships.
    pub fn delete_node(&mut self, id: NodeId) -> Result<(), StoreError> {
        let data = self.node(id).ok_or(StoreError::Missing)?;
        let degree = self.degree(id, Dir::Both, &[]);
        if degree > 0 {
            return Err(StoreError::StillConnected(degree));
        }
        for l in &data.labels {
            if let Some(m) = self.members.get_mut(l.0 as usize) {
                m.remove(id.0);
            }
            for (k, v) in &data.props {
                self.by_prop.remove(*l, *k, v, id);
            }
        }
        for (k, _) in &data.props {
            let c = self.node_col_of[k.0 as usize];
            self.node_cols[c as usize].1.remove(id.0);
            self.count_key(*k, -1);
        }
        self.node_set[id.0 as usize] = VACANT;
        if self.journal.is_some() {
            self.quarantined_nodes.push(id.0);
        } else {
            self.free_nodes.push(id.0);
        }
        self.nodes_alive -= 1;
        self.record(Undo::DeletedNode(Box::new((id, data))));
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

    // ---- bulk loading and the adjacency rows ----

    /// Run a bulk load: relationships created inside are added to the adjacency once, at the
    /// end, instead of one at a time. `load` must not read the adjacency.
    pub(crate) fn bulk<R>(&mut self, load: impl FnOnce(&mut Graph) -> R) -> R {
        let was = std::mem::replace(&mut self.deferred, true);
        let result = load(self);
        self.deferred = was;
        if !was {
            // What the load reserved and did not fill goes first, then the rows are built.
            self.shrink();
            self.build_rows();
        }
        result
    }

    /// Rebuild the adjacency when its delta has grown past a share of the rows.
    fn maybe_merge(&mut self) {
        if self.deferred {
            return;
        }
        let pending = self.out.delta_len() + self.held_rels.len();
        if pending > MERGE_MIN.max(self.out.base_len() / MERGE_SHARE) {
            self.build_rows();
        }
    }

    /// Build the adjacency rows from the relationship columns; held slots become free.
    fn build_rows(&mut self) {
        let rels = RelColumns {
            ty: &self.rel_ty,
            start: &self.rel_start,
            end: &self.rel_end,
            dead: DEAD,
        };
        let nodes = self.node_set.len();
        // The old rows go first: only one set is held at a time. The two directions are
        // built at once, on two of rayon's threads.
        self.out = Csr::default();
        self.inc = Csr::default();
        (self.out, self.inc) = Csr::build_both(nodes, &rels);
        let mut held = std::mem::take(&mut self.held_rels);
        // Lowest reused first; inside a transaction, once it commits.
        held.sort_unstable_by(|a, b| b.cmp(a));
        if self.journal.is_some() {
            self.quarantined_rels.extend(held);
        } else {
            self.free_rels.extend(held);
        }
    }

    /// Give back memory reserved past what the store holds, and the dictionaries' lookup
    /// tables (rebuilt by the next string added), at the end of a bulk load.
    pub(crate) fn shrink(&mut self) {
        for (_, c) in &mut self.node_cols {
            c.shrink();
        }
        for t in &mut self.tables {
            t.ids.shrink_to_fit();
            for (_, c) in &mut t.cols {
                c.shrink();
            }
        }
        self.rel_ty.shrink_to_fit();
        self.rel_start.shrink_to_fit();
        self.rel_end.shrink_to_fit();
        self.rel_pos.shrink_to_fit();
        self.node_set.shrink_to_fit();
    }
}

/// A bound of a range as an index key's; None when its value cannot be looked up.
fn index_bound(b: std::ops::Bound<&Value>) -> Option<std::ops::Bound<IndexKey>> {
    use std::ops::Bound;
    Some(match b {
        Bound::Included(v) => Bound::Included(IndexKey::of(v)?),
        Bound::Excluded(v) => Bound::Excluded(IndexKey::of(v)?),
        Bound::Unbounded => Bound::Unbounded,
    })
}

/// Rebuilds a graph with given ids, for reading a snapshot. Nodes and then relationships are
/// given in increasing id order; the ids skipped between them (deleted before the snapshot was
/// saved) become free slots, the lowest reused first.
pub(crate) struct Restorer {
    graph: Graph,
    vacant_nodes: Vec<u32>,
    vacant_rels: Vec<u32>,
}

impl Restorer {
    pub(crate) fn new(nodes: usize, rels: usize) -> Restorer {
        let mut graph = Graph::new();
        graph.node_set.reserve(nodes);
        graph.rel_ty.reserve(rels);
        graph.rel_start.reserve(rels);
        graph.rel_end.reserve(rels);
        graph.rel_pos.reserve(rels);
        graph.deferred = true;
        Restorer {
            graph,
            vacant_nodes: Vec::new(),
            vacant_rels: Vec::new(),
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
        let g = &mut self.graph;
        if !g.rel_ty.is_empty() || (id.0 as usize) < g.node_set.len() || id.0 >= u32::MAX - 1 {
            return Err(StoreError::Missing);
        }
        while g.node_set.len() < id.0 as usize {
            self.vacant_nodes.push(g.node_set.len() as u32);
            g.node_set.push(VACANT);
        }
        g.create_node_at(id, labels, props)
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
        let g = &mut self.graph;
        if (id.0 as usize) < g.rel_ty.len() || id.0 >= u32::MAX - 1 {
            return Err(StoreError::Missing);
        }
        if !g.contains_node(start) || !g.contains_node(end) {
            return Err(StoreError::Missing);
        }
        while g.rel_ty.len() < id.0 as usize {
            self.vacant_rels.push(g.rel_ty.len() as u32);
            g.rel_ty.push(DEAD);
            g.rel_start.push(NodeId(0));
            g.rel_end.push(NodeId(0));
            g.rel_pos.push(0);
        }
        g.create_rel_at(id, start, end, ty, props)
    }

    /// Build the adjacency, free the skipped slots and hand over the graph.
    pub(crate) fn finish(mut self) -> Graph {
        let g = &mut self.graph;
        g.deferred = false;
        g.shrink();
        g.build_rows();
        // The lowest free id is reused first.
        g.free_nodes = self.vacant_nodes.into_iter().rev().collect();
        g.free_rels = self.vacant_rels.into_iter().rev().collect();
        self.graph
    }
}

/// A hint that `value` will be read soon (nothing on machines without one).
#[inline]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE is part of every x86_64 target, and a prefetch reads nothing: it only moves
    // the line holding a valid reference's target toward the core.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (value as *const T).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
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
        assert_eq!(g.lookup(actor, name, &Value::str("Germany")), Some(vec![c]));
        assert_eq!(g.lookup(actor, name, &Value::str("Russia")), Some(vec![]));
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
        assert_eq!(g.rel_prop(r, k), Some(Value::str("x")));
        assert_eq!(g.lookup(l, k, &Value::Int(1)), Some(vec![a]));
        assert_eq!(g.lookup(l, k, &Value::Int(2)), Some(vec![b]));
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
    fn census_counts_live_entities_by_label_set_and_type() {
        let mut g = Graph::new();
        let (a, b, k, j, t) = (
            g.intern("A"),
            g.intern("B"),
            g.intern("k"),
            g.intern("j"),
            g.intern("T"),
        );
        let kind = |v: PropRef<'_>| match v {
            PropRef::Int(_) => 1,
            _ => 2,
        };
        let n1 = g.create_node(vec![a, b], vec![(k, Value::Int(1))]).unwrap();
        let n2 = g
            .create_node(vec![b, a], vec![(k, Value::str("x")), (j, Value::Int(2))])
            .unwrap();
        let gone = g.create_node(vec![a, b], vec![(j, Value::Int(3))]).unwrap();
        g.create_node(vec![], vec![]).unwrap();
        g.create_rel(n1, n2, t, vec![(k, Value::Int(1))]).unwrap();
        g.create_rel(n2, n1, t, vec![]).unwrap();
        g.delete_node(gone).unwrap();
        let census = g.node_census(kind, || Ok::<(), ()>(())).unwrap();
        let sets: Vec<(&[Sym], usize, Vec<KeyCensus>)> = census
            .into_iter()
            .map(|c| (c.group, c.count, c.keys))
            .collect();
        let key = |key, count, kinds| KeyCensus { key, count, kinds };
        assert_eq!(
            sets,
            vec![
                (&[a, b][..], 1, vec![key(k, 1, 1)]),
                (&[b, a][..], 1, vec![key(k, 1, 2), key(j, 1, 1)]),
                (&[][..], 1, vec![]),
            ]
        );
        let rels = g.rel_census(kind, || Ok::<(), ()>(())).unwrap();
        assert_eq!(rels.len(), 1);
        assert_eq!((rels[0].group, rels[0].count), (t, 2));
        assert_eq!(rels[0].keys, vec![key(k, 1, 1)]);
    }

    #[test]
    fn integral_floats_find_integers() {
        let mut g = Graph::new();
        let l = g.intern("L");
        let k = g.intern("k");
        let n = g.create_node(vec![l], vec![(k, Value::Int(1))]).unwrap();
        assert_eq!(g.lookup(l, k, &Value::Float(1.0)), Some(vec![n]));
    }

    fn key(v: impl Into<Value>) -> IndexKey {
        IndexKey::of(&v.into()).expect("an indexable value")
    }

    fn temporal(kind: crate::temporal::Kind, text: &str) -> IndexKey {
        key(crate::temporal::parse_temporal(kind, text).unwrap())
    }

    /// Every pair of `keys` is ordered as the list is, and equal exactly when `Eq` says so.
    fn assert_ascending(keys: &[IndexKey]) {
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate() {
                assert_eq!(a.cmp(b), i.cmp(&j), "{a:?} against {b:?}");
                assert_eq!(a == b, i == j, "{a:?} against {b:?}");
            }
        }
    }

    #[test]
    fn index_keys_interleave_integers_and_floats() {
        let two_63 = 9_223_372_036_854_775_808.0_f64;
        assert_ascending(&[
            key(f64::NEG_INFINITY),
            key(-1e300),
            key(-9.3e18),
            key(i64::MIN),
            key(i64::MIN + 1),
            key(-2.5),
            key(-2),
            key(-1.5),
            key(0),
            key(0.5),
            key(1),
            key(1.000_000_000_000_000_2),
            key(2),
            key(9_007_199_254_740_993_i64),
            key(i64::MAX - 1),
            key(i64::MAX),
            key(two_63),
            key(9.3e18),
            key(1e300),
            key(f64::INFINITY),
        ]);
        // Values Cypher calls equal are one key: integral floats are integers, -0.0 is 0.
        assert_eq!(key(-0.0), key(0));
        assert_eq!(key(-two_63), key(i64::MIN));
        assert_eq!(key(4.0).cmp(&key(4)), std::cmp::Ordering::Equal);
        // i64::MAX as a float is 2^63, above every integer.
        assert!(key(i64::MAX as f64) > key(i64::MAX));
        // Keys made by hand, not by `of`: still a total order, consistent with `Eq`.
        let (float, int) = (IndexKey::Float(3.0f64.to_bits()), IndexKey::Int(3));
        assert_eq!(int.cmp(&float), std::cmp::Ordering::Less);
        assert_eq!(float.cmp(&int), std::cmp::Ordering::Greater);
        let nan = IndexKey::Float(f64::NAN.to_bits());
        assert!(key(f64::INFINITY) < nan && key(i64::MAX) < nan);
    }

    #[test]
    fn index_keys_order_by_kind_then_value() {
        use crate::temporal::Kind;
        let point = |x: f64, y: f64| {
            let p = crate::spatial::Point::new(crate::spatial::Crs::Cartesian, &[x, y]).unwrap();
            key(p)
        };
        assert_ascending(&[
            key(false),
            key(true),
            key(-1.5),
            key(7),
            key(""),
            key("A"),
            key("B"),
            key("a"),
            key("ab"),
            key("abc"),
            key("é"),
            key("中"),
            key("😀"),
            // Zoned datetimes by instant: 10:00+02:00 is 08:00Z; equal instants in different
            // zones are different keys, ordered by their local value.
            temporal(Kind::DateTime, "2020-11-01T08:00:00+02:00"),
            temporal(Kind::DateTime, "2020-11-01T07:00:00Z"),
            temporal(Kind::DateTime, "2020-11-01T08:00:00Z"),
            temporal(Kind::DateTime, "2020-11-01T10:00:00+02:00"),
            temporal(Kind::LocalDateTime, "2019-01-01T00:00:00"),
            temporal(Kind::LocalDateTime, "2020-11-01T10:00:00"),
            temporal(Kind::Date, "1999-12-31"),
            temporal(Kind::Date, "2020-11-01"),
            temporal(Kind::Date, "2020-12-01"),
            temporal(Kind::Time, "12:00:00+05:00"),
            temporal(Kind::Time, "08:00:00Z"),
            temporal(Kind::LocalTime, "00:00:00"),
            temporal(Kind::LocalTime, "23:59:59.999999999"),
            temporal(Kind::Duration, "PT1S"),
            temporal(Kind::Duration, "P1D"),
            point(-1.0, 5.0),
            point(0.0, 0.0),
            point(0.0, 1.0),
        ]);
        assert!(key("x").same_kind(&key("y")));
        assert!(key(1).same_kind(&key(0.5)));
        assert!(!key(1).same_kind(&key("1")));
        assert!(!temporal(Kind::Date, "2020-11-01")
            .same_kind(&temporal(Kind::LocalDateTime, "2020-11-01T00:00:00")));
    }
}
