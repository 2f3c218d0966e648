//! Property indexes: nodes by (label, key, value). An index is built the first time a lookup
//! asks for its (label, key) and kept up to date by every change after that, so a graph pays
//! memory only for the indexes its queries use (an index on every key of every label would
//! cost more than the properties themselves). An index is ordered by its keys (`IndexKey`'s
//! order), so it answers a range of values (`Graph::lookup_range`) or a string prefix
//! (`Graph::lookup_prefix`) as well as one value.
//!
//! Beside them, the name index of a label (`Graph::lookup_named`): its nodes by their `name`
//! and each of their `aliases`, under Unicode case folding, built on the first lookup of the
//! label and kept up to date the same way.
//!
//! Lookups take `&self`: the built indexes sit behind a lock that readers share; building one
//! takes it for writing once. Changes come through `&mut self` and need no locking.

use super::{Graph, IndexKey, NodeId, RelId, Sym, Value};
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::{Arc, RwLock};

/// The entities (nodes, or relationships) of one value, in id order: one inline, more in a
/// vector.
#[derive(Clone, Debug)]
pub(crate) enum Bucket<I = NodeId> {
    One(I),
    Many(Vec<I>),
}

impl<I: Copy + Ord> Bucket<I> {
    fn ids(&self) -> &[I] {
        match self {
            Bucket::One(n) => std::slice::from_ref(n),
            Bucket::Many(v) => v,
        }
    }
}

/// One (label, key)'s index (or one (type, key)'s, of relationships: `I` is the id): its
/// values in key order, and how many entities hold a value of each kind (by
/// `IndexKey::kind_rank`).
#[derive(Clone, Debug)]
pub(crate) struct PropIndex<I = NodeId> {
    values: BTreeMap<IndexKey, Bucket<I>>,
    kinds: [usize; IndexKey::KINDS],
}

impl<I> Default for PropIndex<I> {
    fn default() -> Self {
        PropIndex {
            values: BTreeMap::new(),
            kinds: [0; IndexKey::KINDS],
        }
    }
}

impl<I: Copy + Ord> PropIndex<I> {
    /// The index of some entries, built at once: sorted, grouped by value, and the tree made
    /// from its sorted values in one pass (faster than inserting them one by one).
    fn build(mut entries: Vec<(IndexKey, I)>) -> PropIndex<I> {
        entries.sort_unstable();
        entries.dedup();
        let mut kinds = [0; IndexKey::KINDS];
        let mut values: Vec<(IndexKey, Bucket<I>)> = Vec::new();
        for (key, id) in entries {
            kinds[usize::from(key.kind_rank())] += 1;
            match values.last_mut() {
                Some((last, bucket)) if *last == key => match bucket {
                    Bucket::One(n) => *bucket = Bucket::Many(vec![*n, id]),
                    Bucket::Many(v) => v.push(id),
                },
                _ => values.push((key, Bucket::One(id))),
            }
        }
        PropIndex {
            values: values.into_iter().collect(),
            kinds,
        }
    }

    fn insert(&mut self, key: IndexKey, id: I) {
        let kind = usize::from(key.kind_rank());
        let Some(bucket) = self.values.get_mut(&key) else {
            self.values.insert(key, Bucket::One(id));
            self.kinds[kind] += 1;
            return;
        };
        match bucket {
            Bucket::One(n) if *n == id => return,
            Bucket::One(n) => {
                let n = *n;
                *bucket = Bucket::Many(if n < id { vec![n, id] } else { vec![id, n] });
            }
            Bucket::Many(v) => match v.binary_search(&id) {
                Ok(_) => return,
                Err(pos) => v.insert(pos, id),
            },
        }
        self.kinds[kind] += 1;
    }

    fn remove(&mut self, key: &IndexKey, id: I) {
        let Some(bucket) = self.values.get_mut(key) else {
            return;
        };
        let emptied = match bucket {
            Bucket::One(n) if *n == id => true,
            Bucket::One(_) => return,
            Bucket::Many(v) => {
                let Ok(pos) = v.binary_search(&id) else {
                    return;
                };
                v.remove(pos);
                if let [one] = v[..] {
                    *bucket = Bucket::One(one);
                }
                false
            }
        };
        if emptied {
            self.values.remove(key);
        }
        self.kinds[usize::from(key.kind_rank())] -= 1;
    }

    /// How many distinct values it holds.
    pub(crate) fn distinct(&self) -> usize {
        self.values.len()
    }

    /// How many entities it holds (each once per value).
    pub(crate) fn len(&self) -> usize {
        self.kinds.iter().sum()
    }
}

/// Every built index.
#[derive(Debug, Default)]
pub(crate) struct PropIndexes {
    built: RwLock<HashMap<(Sym, Sym), PropIndex>>,
    names: RwLock<NameIndexes>,
    /// Relationships by (type, key, value), for the pairs an index is declared on (built on
    /// the first lookup, as the nodes' are).
    rels: RwLock<HashMap<(Sym, Sym), PropIndex<RelId>>>,
}

impl Clone for PropIndexes {
    fn clone(&self) -> PropIndexes {
        PropIndexes {
            built: RwLock::new(self.read().clone()),
            names: RwLock::new(self.read_names().clone()),
            rels: RwLock::new(self.read_rels().clone()),
        }
    }
}

/// The text a name is looked up by: its Unicode case folding (`Straße`, `STRASSE` and
/// `strasse` are one name).
pub fn fold_name(text: &str) -> String {
    unicase::UniCase::new(text).to_folded_case()
}

/// One label's name index: folded name or alias → its nodes, in id order, a node once per
/// property value that folds to the text (so that removing one of them leaves the others).
type NameIndex = HashMap<Arc<str>, Vec<NodeId>>;

/// The built name indexes, by label, and the keys they read.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameIndexes {
    /// The `name` and `aliases` keys as the indexes were built with them (None: not interned
    /// then, so no node had the key).
    keys: (Option<Sym>, Option<Sym>),
    by_label: HashMap<Sym, NameIndex>,
}

/// The texts a `name` or `aliases` value gives a node: a string, or the strings of a list.
fn name_texts(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s],
        Value::List(items) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(&**s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn name_insert(index: &mut NameIndex, text: &str, id: NodeId) {
    let ids = index.entry(Arc::from(fold_name(text))).or_default();
    let pos = ids.partition_point(|n| *n < id);
    ids.insert(pos, id);
}

fn name_remove(index: &mut NameIndex, text: &str, id: NodeId) {
    let folded = fold_name(text);
    if let Some(ids) = index.get_mut(folded.as_str()) {
        if let Ok(pos) = ids.binary_search(&id) {
            ids.remove(pos);
        }
        if ids.is_empty() {
            index.remove(folded.as_str());
        }
    }
}

impl PropIndexes {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<(Sym, Sym), PropIndex>> {
        self.built.read().unwrap_or_else(|e| e.into_inner())
    }
    fn built_mut(&mut self) -> &mut HashMap<(Sym, Sym), PropIndex> {
        self.built.get_mut().unwrap_or_else(|e| e.into_inner())
    }
    fn read_rels(&self) -> std::sync::RwLockReadGuard<'_, HashMap<(Sym, Sym), PropIndex<RelId>>> {
        self.rels.read().unwrap_or_else(|e| e.into_inner())
    }
    fn rels_mut(&mut self) -> &mut HashMap<(Sym, Sym), PropIndex<RelId>> {
        self.rels.get_mut().unwrap_or_else(|e| e.into_inner())
    }
    fn read_names(&self) -> std::sync::RwLockReadGuard<'_, NameIndexes> {
        self.names.read().unwrap_or_else(|e| e.into_inner())
    }
    fn names_mut(&mut self) -> &mut NameIndexes {
        self.names.get_mut().unwrap_or_else(|e| e.into_inner())
    }
    /// The name index of `label` when `key` is one it reads and it is built.
    fn name_index(&mut self, label: Sym, key: Sym) -> Option<&mut NameIndex> {
        let names = self.names_mut();
        if names.keys.0 != Some(key) && names.keys.1 != Some(key) {
            return None;
        }
        names.by_label.get_mut(&label)
    }

    /// Record that the node now has `value` for `key` under `label`, in the indexes built.
    pub(crate) fn insert(&mut self, label: Sym, key: Sym, value: &Value, id: NodeId) {
        if let (Some(index), Some(value)) =
            (self.built_mut().get_mut(&(label, key)), IndexKey::of(value))
        {
            index.insert(value, id);
        }
        if let Some(index) = self.name_index(label, key) {
            for text in name_texts(value) {
                name_insert(index, text, id);
            }
        }
    }
    /// Record that the node no longer has `value` for `key` under `label`.
    pub(crate) fn remove(&mut self, label: Sym, key: Sym, value: &Value, id: NodeId) {
        if let (Some(index), Some(value)) =
            (self.built_mut().get_mut(&(label, key)), IndexKey::of(value))
        {
            index.remove(&value, id);
        }
        if let Some(index) = self.name_index(label, key) {
            for text in name_texts(value) {
                name_remove(index, text, id);
            }
        }
    }
    /// Record that the relationship now has `value` for `key`, in the (type, key) index if
    /// it is built.
    pub(crate) fn insert_rel(&mut self, ty: Sym, key: Sym, value: &Value, id: RelId) {
        if self.rels_mut().is_empty() {
            return;
        }
        if let (Some(index), Some(value)) =
            (self.rels_mut().get_mut(&(ty, key)), IndexKey::of(value))
        {
            index.insert(value, id);
        }
    }
    /// Record that the relationship no longer has `value` for `key`.
    pub(crate) fn remove_rel(&mut self, ty: Sym, key: Sym, value: &Value, id: RelId) {
        if self.rels_mut().is_empty() {
            return;
        }
        if let (Some(index), Some(value)) =
            (self.rels_mut().get_mut(&(ty, key)), IndexKey::of(value))
        {
            index.remove(&value, id);
        }
    }
    /// Whether an index of the type's relationships is built (so changes to them must be
    /// recorded in it).
    pub(crate) fn has_rel_index(&mut self, ty: Sym) -> bool {
        self.rels_mut().keys().any(|(t, _)| *t == ty)
    }
    /// Drop the built relationship indexes that `keep` refuses (an index no longer declared
    /// is not kept up to date for nothing).
    pub(crate) fn retain_rels(&mut self, keep: impl Fn(Sym, Sym) -> bool) {
        self.rels_mut().retain(|(t, k), _| keep(*t, *k));
    }

    /// Whether no index is built (so changes need not be recorded in any).
    pub(crate) fn is_empty(&mut self) -> bool {
        self.built_mut().is_empty() && self.names_mut().by_label.is_empty()
    }
    /// Drop the indexes whose label or key fails `keep`.
    pub(crate) fn retain(&mut self, keep: impl Fn(Sym) -> bool) {
        self.built_mut().retain(|(l, k), _| keep(*l) && keep(*k));
        self.rels_mut().retain(|(t, k), _| keep(*t) && keep(*k));
        let names = self.names_mut();
        if !names.keys.0.is_none_or(&keep) || !names.keys.1.is_none_or(&keep) {
            *names = NameIndexes::default();
        }
        names.by_label.retain(|l, _| keep(*l));
    }

    /// Run `read` on the (label, key) index, building it from `entries` first when it is not
    /// built yet.
    pub(crate) fn with<R>(
        &self,
        label: Sym,
        key: Sym,
        entries: impl FnOnce() -> Vec<(IndexKey, NodeId)>,
        read: impl FnOnce(&PropIndex) -> R,
    ) -> R {
        {
            let built = self.read();
            if let Some(index) = built.get(&(label, key)) {
                return read(index);
            }
        }
        let index = PropIndex::build(entries());
        let mut built = self.built.write().unwrap_or_else(|e| e.into_inner());
        let index = built.entry((label, key)).or_insert(index);
        read(index)
    }

    /// Run `read` on the (type, key) relationship index, building it from `entries` first
    /// when it is not built yet.
    pub(crate) fn with_rels<R>(
        &self,
        ty: Sym,
        key: Sym,
        entries: impl FnOnce() -> Vec<(IndexKey, RelId)>,
        read: impl FnOnce(&PropIndex<RelId>) -> R,
    ) -> R {
        {
            let built = self.read_rels();
            if let Some(index) = built.get(&(ty, key)) {
                return read(index);
            }
        }
        let index = PropIndex::build(entries());
        let mut built = self.rels.write().unwrap_or_else(|e| e.into_inner());
        let index = built.entry((ty, key)).or_insert(index);
        read(index)
    }

    /// The entities of one value in an index.
    pub(crate) fn ids<I: Copy + Ord>(index: &PropIndex<I>, value: &IndexKey) -> Vec<I> {
        index
            .values
            .get(value)
            .map_or(Vec::new(), |b| b.ids().to_vec())
    }

    /// The nodes of the values between two bounds in an index that are of the bounds' kind
    /// (none when the two are of different kinds; every node of the index without bounds), in
    /// id order; None when they are more than `most`.
    ///
    /// A range of more than `most` nodes is told from the nodes of the kind outside it too,
    /// walked a value for each value of the range: a range of nearly all the kind gives up
    /// after a few steps, not `most`.
    pub(crate) fn range_ids<'a, I: Copy + Ord>(
        index: &'a PropIndex<I>,
        lower: Bound<&'a IndexKey>,
        upper: Bound<&'a IndexKey>,
        most: usize,
    ) -> Option<Vec<I>> {
        let values = &index.values;
        let mut ids = Gathered::new(most);
        let key = |b: Bound<&'a IndexKey>| match b {
            Bound::Included(k) | Bound::Excluded(k) => Some(k),
            Bound::Unbounded => None,
        };
        let kind = match (key(lower), key(upper)) {
            (Some(l), Some(u)) if !l.same_kind(u) => return Some(Vec::new()),
            (Some(k), _) | (None, Some(k)) => k.kind_rank(),
            (None, None) => {
                for b in values.values() {
                    ids.add(b)?;
                }
                return Some(ids.in_order());
            }
        };
        let of_kind =
            move |(k, b): (&IndexKey, &'a Bucket<I>)| (k.kind_rank() == kind).then_some(b);
        let below_upper = move |(k, _): &(&IndexKey, &Bucket<I>)| match upper {
            Bound::Included(u) => *k <= u,
            Bound::Excluded(u) => *k < u,
            Bound::Unbounded => true,
        };
        // Walked from one end until the other end or the end of the kind: one side of the
        // map's range is open, so a range whose lower end is above its upper end is empty, not
        // an error.
        let inside: Box<dyn Iterator<Item = &Bucket<I>>> = match lower {
            Bound::Unbounded => Box::new(
                values
                    .range((Bound::Unbounded, upper))
                    .rev()
                    .map_while(of_kind),
            ),
            _ => Box::new(
                values
                    .range((lower, Bound::Unbounded))
                    .take_while(below_upper)
                    .map_while(of_kind),
            ),
        };
        // The kind's values below the range, then above it.
        let below = match lower {
            Bound::Included(l) => Some(Bound::Excluded(l)),
            Bound::Excluded(l) => Some(Bound::Included(l)),
            Bound::Unbounded => None,
        };
        let above = match upper {
            Bound::Included(u) => Some(Bound::Excluded(u)),
            Bound::Excluded(u) => Some(Bound::Included(u)),
            Bound::Unbounded => None,
        };
        let below = below.map(|b| values.range((Bound::Unbounded, b)).rev().map_while(of_kind));
        let above = above.map(|b| values.range((b, Bound::Unbounded)).map_while(of_kind));
        let mut outside = below
            .into_iter()
            .flatten()
            .chain(above.into_iter().flatten());
        let total = index.kinds[usize::from(kind)];
        let (mut seen_outside, mut counting) = (0, total > most);
        for bucket in inside {
            ids.add(bucket)?;
            if counting {
                match outside.next() {
                    Some(b) => seen_outside += b.ids().len(),
                    None => {
                        if total.saturating_sub(seen_outside) > most {
                            return None;
                        }
                        counting = false;
                    }
                }
            }
        }
        Some(ids.in_order())
    }

    /// The nodes of the strings in an index that start with `prefix`, in id order; None when
    /// they are more than `most`.
    pub(crate) fn prefix_ids<I: Copy + Ord>(
        index: &PropIndex<I>,
        prefix: &str,
        most: usize,
    ) -> Option<Vec<I>> {
        // They are the strings from the prefix up to the first string after all of them.
        let from = IndexKey::Str(Arc::from(prefix));
        let to = prefix_end(prefix).map(|s| IndexKey::Str(Arc::from(s)));
        let upper = to.as_ref().map_or(Bound::Unbounded, Bound::Excluded);
        PropIndexes::range_ids(index, Bound::Included(&from), upper, most)
    }
}

/// The least string above every string that starts with `prefix` (in code point order), if
/// any: the prefix with its last character that can be incremented incremented, those after
/// it dropped.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(c) = chars.pop() {
        let next = match c {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// The entities of the buckets a range walks, up to a number.
struct Gathered<I> {
    ids: Vec<I>,
    most: usize,
}

impl<I: Copy + Ord> Gathered<I> {
    fn new(most: usize) -> Gathered<I> {
        Gathered {
            ids: Vec::new(),
            most,
        }
    }
    /// Add a bucket's nodes: None once they are more than the most.
    fn add(&mut self, bucket: &Bucket<I>) -> Option<()> {
        self.ids.extend_from_slice(bucket.ids());
        (self.ids.len() <= self.most).then_some(())
    }
    /// The nodes by id, each once.
    fn in_order(mut self) -> Vec<I> {
        self.ids.sort_unstable();
        self.ids.dedup();
        self.ids
    }
}

impl Graph {
    /// The nodes with `label` whose `name`, or one of whose `aliases`, equals `text` under
    /// Unicode case folding, in id order. The first lookup of a label builds its name index,
    /// which every change after keeps up to date.
    pub fn lookup_named(&self, label: Sym, text: &str) -> Vec<NodeId> {
        let folded = fold_name(text);
        self.with_name_index(label, |index| {
            let mut ids = index.get(folded.as_str()).cloned().unwrap_or_default();
            ids.dedup();
            ids
        })
    }

    /// Call `visit` with each distinct folded name and alias of the nodes with `label` and the
    /// nodes that have it, at most `limit` of them (in no particular order), until it returns
    /// false: what a "did you mean" search compares a text with.
    pub fn visit_names(
        &self,
        label: Sym,
        limit: usize,
        mut visit: impl FnMut(&str, &[NodeId]) -> bool,
    ) {
        self.with_name_index(label, |index| {
            for (text, ids) in index.iter().take(limit) {
                if !visit(text, ids) {
                    break;
                }
            }
        })
    }

    /// Call `visit` with each distinct string value of `key` among the nodes with `label` (from
    /// the (label, key) index, built if need be), at most `limit` of them, until it returns
    /// false.
    pub fn visit_string_values(
        &self,
        label: Sym,
        key: Sym,
        limit: usize,
        mut visit: impl FnMut(&str) -> bool,
    ) {
        self.with_index(label, key, |index| {
            for value in index.values.keys().take(limit) {
                if let IndexKey::Str(s) = value {
                    if !visit(s) {
                        break;
                    }
                }
            }
        })
    }

    fn with_name_index<R>(&self, label: Sym, read: impl FnOnce(&NameIndex) -> R) -> R {
        let keys = (self.sym("name"), self.sym("aliases"));
        {
            let names = self.by_prop.read_names();
            if names.keys == keys {
                if let Some(index) = names.by_label.get(&label) {
                    return read(index);
                }
            }
        }
        let mut index = NameIndex::new();
        for id in self.nodes_with_label(label) {
            for key in [keys.0, keys.1].into_iter().flatten() {
                if let Some(value) = self.node_prop(id, key) {
                    for text in name_texts(&value) {
                        name_insert(&mut index, text, id);
                    }
                }
            }
        }
        let mut names = self
            .by_prop
            .names
            .write()
            .unwrap_or_else(|e| e.into_inner());
        if names.keys != keys {
            // A key interned since the indexes were built: they may miss its values.
            *names = NameIndexes {
                keys,
                by_label: HashMap::new(),
            };
        }
        read(names.by_label.entry(label).or_insert(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_fully() {
        assert_eq!(fold_name("Kremlin"), fold_name("KREMLIN"));
        assert_eq!(fold_name("Straße"), fold_name("STRASSE"));
        assert_eq!(fold_name("ΣΊΣΥΦΟΣ"), fold_name("σίσυφος"));
        assert_ne!(fold_name("Russia"), fold_name("Rusia"));
    }

    #[test]
    fn the_name_index_follows_changes() {
        let mut g = Graph::new();
        let (actor, name, aliases) = (g.intern("Actor"), g.intern("name"), g.intern("aliases"));
        let list = |items: &[&str]| Value::List(items.iter().map(|s| Value::str(s)).collect());
        let russia = g
            .create_node(
                vec![actor],
                vec![
                    (name, Value::str("Russia")),
                    (aliases, list(&["Kremlin", "russia"])),
                ],
            )
            .unwrap();
        assert_eq!(g.lookup_named(actor, "KREMLIN"), vec![russia]);
        assert_eq!(g.lookup_named(actor, "RUSSIA"), vec![russia]);
        // The alias that folds like the name goes; the name still finds the node.
        g.set_node_prop(russia, aliases, list(&["Kremlin"]))
            .unwrap();
        assert_eq!(g.lookup_named(actor, "russia"), vec![russia]);
        g.set_node_prop(russia, aliases, Value::Null).unwrap();
        assert!(g.lookup_named(actor, "kremlin").is_empty());
        // A node made after the index was built, then labelled.
        let other = g
            .create_node(vec![], vec![(name, Value::str("Kremlin"))])
            .unwrap();
        assert!(g.lookup_named(actor, "kremlin").is_empty());
        g.add_label(other, actor).unwrap();
        assert_eq!(g.lookup_named(actor, "kremlin"), vec![other]);
        g.begin();
        g.delete_node(other).unwrap();
        assert!(g.lookup_named(actor, "kremlin").is_empty());
        g.rollback();
        assert_eq!(g.lookup_named(actor, "kremlin"), vec![other]);
    }

    #[test]
    fn ranges_and_prefixes_keep_to_the_bounds_kind() {
        use std::ops::Bound::{Excluded, Included, Unbounded};
        let mut g = Graph::new();
        let (l, x) = (g.intern("L"), g.intern("x"));
        let date = |s: &str| {
            Value::from(crate::temporal::parse_temporal(crate::temporal::Kind::Date, s).unwrap())
        };
        let values = [
            Value::Int(1),
            Value::Float(1.5),
            Value::Int(2),
            Value::Float(2.0),
            Value::Float(-0.5),
            Value::Int(i64::MAX),
            Value::Float(9.3e18),
            Value::str("Russia"),
            Value::str("Rus"),
            Value::str("Ru"),
            Value::str("ru"),
            Value::str("S"),
            Value::Bool(true),
            date("2020-11-01"),
            date("2020-11-30"),
            date("2020-12-01"),
            Value::List(vec![Value::Int(1)]),
        ];
        let ids: Vec<NodeId> = values
            .iter()
            .map(|v| g.create_node(vec![l], vec![(x, v.clone())]).unwrap())
            .collect();
        let at = |is: &[usize]| is.iter().map(|&i| ids[i]).collect::<Vec<_>>();
        let range = |lo, hi| g.lookup_range(l, x, lo, hi, usize::MAX).unwrap();
        let (one, two, big) = (Value::Int(1), Value::Float(2.0), Value::Float(9.2e18));
        assert_eq!(range(Excluded(&one), Unbounded), at(&[1, 2, 3, 5, 6]));
        assert_eq!(range(Included(&one), Excluded(&two)), at(&[0, 1]));
        assert_eq!(range(Unbounded, Included(&two)), at(&[0, 1, 2, 3, 4]));
        assert_eq!(range(Included(&big), Unbounded), at(&[5, 6]));
        // Nothing between bounds of different kinds, nor between crossed bounds.
        let (ru, s) = (Value::str("Ru"), Value::str("S"));
        assert_eq!(range(Included(&one), Excluded(&s)), vec![]);
        assert_eq!(range(Excluded(&two), Excluded(&one)), vec![]);
        assert_eq!(range(Excluded(&one), Excluded(&one)), vec![]);
        assert_eq!(range(Included(&ru), Excluded(&s)), at(&[7, 8, 9]));
        assert_eq!(range(Excluded(&ru), Unbounded), at(&[7, 8, 10, 11]));
        let (nov, dec) = (date("2020-11-01"), date("2020-12-01"));
        assert_eq!(range(Included(&nov), Excluded(&dec)), at(&[13, 14]));
        assert_eq!(range(Unbounded, Included(&dec)), at(&[13, 14, 15]));
        assert_eq!(range(Excluded(&Value::Bool(false)), Unbounded), at(&[12]));
        assert_eq!(range(Unbounded, Unbounded).len(), values.len() - 1);
        // Bounds the index cannot look up.
        for v in [Value::Null, Value::Float(f64::NAN), Value::List(vec![])] {
            assert_eq!(g.lookup_range(l, x, Included(&v), Unbounded, 99), None);
            assert_eq!(g.lookup_range(l, x, Included(&one), Excluded(&v), 99), None);
        }
        let prefix = |p| g.lookup_prefix(l, x, p, usize::MAX).unwrap();
        assert_eq!(prefix("Ru"), at(&[7, 8, 9]));
        assert_eq!(prefix("Russ"), at(&[7]));
        assert_eq!(prefix("r"), at(&[10]));
        assert_eq!(prefix("").len(), 5);
        assert_eq!(prefix("T"), vec![]);
        // More nodes than asked for: none given.
        assert_eq!(
            g.lookup_range(l, x, Excluded(&one), Unbounded, 5),
            Some(at(&[1, 2, 3, 5, 6]))
        );
        assert_eq!(g.lookup_range(l, x, Excluded(&one), Unbounded, 4), None);
        assert_eq!(g.lookup_prefix(l, x, "Ru", 3), Some(at(&[7, 8, 9])));
        assert_eq!(g.lookup_prefix(l, x, "Ru", 2), None);
    }

    #[test]
    fn ranges_follow_changes() {
        use std::ops::Bound::{Included, Unbounded};
        let mut g = Graph::new();
        let (l, x) = (g.intern("L"), g.intern("x"));
        let ten = Value::Int(10);
        let a = g.create_node(vec![l], vec![(x, Value::Int(5))]).unwrap();
        let b = g.create_node(vec![l], vec![(x, Value::Int(15))]).unwrap();
        let at_least_ten = |g: &Graph| {
            g.lookup_range(l, x, Included(&ten), Unbounded, usize::MAX)
                .unwrap()
        };
        assert_eq!(at_least_ten(&g), vec![b]);
        g.set_node_prop(a, x, Value::Float(10.0)).unwrap();
        assert_eq!(at_least_ten(&g), vec![a, b]);
        let c = g.create_node(vec![l], vec![(x, Value::Int(99))]).unwrap();
        assert_eq!(at_least_ten(&g), vec![a, b, c]);
        g.begin();
        g.set_node_prop(b, x, Value::str("15")).unwrap();
        g.delete_node(c).unwrap();
        assert_eq!(at_least_ten(&g), vec![a]);
        assert_eq!(g.lookup_prefix(l, x, "1", 9), Some(vec![b]));
        g.rollback();
        assert_eq!(at_least_ten(&g), vec![a, b, c]);
        assert_eq!(g.lookup_prefix(l, x, "1", 9), Some(vec![]));
        g.remove_label(a, l).unwrap();
        assert_eq!(at_least_ten(&g), vec![b, c]);
    }

    /// Every (label, key) index's counts of kinds agree with its values.
    fn assert_kinds_counted(g: &Graph) {
        for index in g.by_prop.read().values() {
            let mut kinds = [0; IndexKey::KINDS];
            for (k, b) in &index.values {
                kinds[usize::from(k.kind_rank())] += b.ids().len();
            }
            assert_eq!(kinds, index.kinds);
        }
    }

    #[test]
    fn a_range_of_more_than_asked_for_is_given_up() {
        use std::ops::Bound::{self, Excluded, Included, Unbounded};
        let mut g = Graph::new();
        let (l, x) = (g.intern("L"), g.intern("x"));
        // Integers 0 to 19 (the even ones twice), strings among them.
        let mut nodes = Vec::new();
        for i in 0..30 {
            let v = match i {
                0..20 => Value::Int(i),
                20..25 => Value::Int((i - 20) * 2),
                _ => Value::str(&format!("s{i}")),
            };
            nodes.push(g.create_node(vec![l], vec![(x, v)]).unwrap());
        }
        let ints: Vec<Value> = (-1..=21).map(Value::Int).collect();
        let ends = |v| [Included(v), Excluded(v)];
        let check = |g: &Graph| {
            let mut bounds: Vec<(Bound<&Value>, Bound<&Value>)> = Vec::new();
            for a in &ints {
                bounds.extend(ends(a).map(|b| (b, Unbounded)));
                bounds.extend(ends(a).map(|b| (Unbounded, b)));
                for b in &ints {
                    for lo in ends(a) {
                        bounds.extend(ends(b).map(|hi| (lo, hi)));
                    }
                }
            }
            for (lo, hi) in bounds {
                let all = g.lookup_range(l, x, lo, hi, usize::MAX).unwrap();
                for most in [0, 1, 2, 3, 5, 8, 13, 21, 30] {
                    let capped = g.lookup_range(l, x, lo, hi, most);
                    let expected = (all.len() <= most).then(|| all.clone());
                    assert_eq!(capped, expected, "{lo:?} {hi:?} at most {most}");
                }
            }
        };
        check(&g);
        assert_kinds_counted(&g);
        // After changes: values moved, removed, nodes deleted and unlabelled.
        g.set_node_prop(nodes[3], x, Value::Float(3.5)).unwrap();
        g.set_node_prop(nodes[21], x, Value::Null).unwrap();
        g.set_node_prop(nodes[26], x, Value::Int(7)).unwrap();
        g.delete_node(nodes[7]).unwrap();
        g.remove_label(nodes[8], l).unwrap();
        check(&g);
        assert_kinds_counted(&g);
        assert_eq!(g.lookup_prefix(l, x, "s2", 99).map(|v| v.len()), Some(4));
        assert_eq!(g.lookup_prefix(l, x, "s", 3), None);
        assert_eq!(g.lookup_prefix(l, x, "s", 4).map(|v| v.len()), Some(4));
    }

    #[test]
    fn relationship_indexes_follow_changes_rollbacks_and_bulk_loads() {
        use super::super::bulk::{BulkColumn, Cells, RelGroup};
        use std::ops::Bound::{Included, Unbounded};
        let mut g = Graph::new();
        let (t, u, x) = (g.intern("T"), g.intern("U"), g.intern("x"));
        let a = g.create_node(vec![], vec![]).unwrap();
        let b = g.create_node(vec![], vec![]).unwrap();
        let r1 = g.create_rel(a, b, t, vec![(x, Value::Int(5))]).unwrap();
        let r2 = g.create_rel(b, a, t, vec![(x, Value::Float(5.0))]).unwrap();
        let r3 = g.create_rel(a, a, t, vec![(x, Value::str("5"))]).unwrap();
        // Another type's relationship with the same value is not in T's index.
        g.create_rel(a, b, u, vec![(x, Value::Int(5))]).unwrap();
        let five = Value::Int(5);
        let at_least_five = |g: &Graph| {
            g.lookup_rel_range(t, x, Included(&five), Unbounded, usize::MAX)
                .unwrap()
        };
        assert_eq!(g.lookup_rels(t, x, &five), Some(vec![r1, r2]));
        assert_eq!(g.lookup_rel_prefix(t, x, "5", 9), Some(vec![r3]));
        assert_eq!(g.lookup_rels(t, x, &Value::Null), None);
        // Built: kept up to date from here.
        g.set_rel_prop(r3, x, Value::Int(7)).unwrap();
        assert_eq!(at_least_five(&g), vec![r1, r2, r3]);
        g.begin();
        g.set_rel_prop(r1, x, Value::Null).unwrap();
        g.delete_rel(r2).unwrap();
        let r4 = g.create_rel(b, b, t, vec![(x, Value::Int(6))]).unwrap();
        assert_eq!(at_least_five(&g), vec![r3, r4]);
        g.rollback();
        assert_eq!(at_least_five(&g), vec![r1, r2, r3]);
        // Three relationships, two values (5 and 5.0 are one).
        assert_eq!(g.rel_index_counts(t, x), (3, 2));
        // A batch of a bulk load: the index built before it sees its relationships.
        let mut col = BulkColumn::new(x, Cells::Int(vec![8, 1]));
        col.rows = vec![0, 1];
        let cols = [col];
        let (rows, starts, ends) = ([0u32, 1], [a, b], [b, a]);
        let group = RelGroup {
            ty: t,
            offset: 0,
            rows: &rows,
            starts: &starts,
            ends: &ends,
            cols: &cols,
        };
        g.bulk(|g| g.append_rels(2, std::slice::from_ref(&group)))
            .unwrap();
        let found = at_least_five(&g);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found
            .iter()
            .any(|r| g.rel_prop(*r, x) == Some(Value::Int(8))));
    }

    #[test]
    fn prefixes_end_before_the_next_string() {
        assert_eq!(prefix_end("ab").as_deref(), Some("ac"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(prefix_end("\u{10FFFF}\u{10FFFF}"), None);
        assert_eq!(prefix_end(""), None);
        let mut g = Graph::new();
        let (l, x) = (g.intern("L"), g.intern("x"));
        let texts = [
            "a",
            "a\u{10FFFF}",
            "a\u{10FFFF}b",
            "b",
            "\u{D7FF}",
            "\u{D7FF}x",
            "\u{E000}",
        ];
        let ids: Vec<NodeId> = texts
            .iter()
            .map(|t| g.create_node(vec![l], vec![(x, Value::str(t))]).unwrap())
            .collect();
        let prefix = |p| g.lookup_prefix(l, x, p, usize::MAX).unwrap();
        assert_eq!(prefix("a\u{10FFFF}"), vec![ids[1], ids[2]]);
        assert_eq!(prefix("a"), vec![ids[0], ids[1], ids[2]]);
        assert_eq!(prefix("\u{D7FF}"), vec![ids[4], ids[5]]);
        assert_eq!(prefix(""), ids);
    }
}
