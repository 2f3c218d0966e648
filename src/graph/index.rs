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

use super::{Graph, IndexKey, NodeId, Sym, Value};
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::{Arc, RwLock};

/// The nodes of one value, in id order: one inline, more in a vector.
#[derive(Clone, Debug)]
pub(crate) enum Bucket {
    One(NodeId),
    Many(Vec<NodeId>),
}

impl Bucket {
    fn ids(&self) -> &[NodeId] {
        match self {
            Bucket::One(n) => std::slice::from_ref(n),
            Bucket::Many(v) => v,
        }
    }
}

/// One (label, key)'s index, in key order.
pub(crate) type PropIndex = BTreeMap<IndexKey, Bucket>;

fn bucket_insert(index: &mut PropIndex, key: IndexKey, id: NodeId) {
    let Some(bucket) = index.get_mut(&key) else {
        index.insert(key, Bucket::One(id));
        return;
    };
    match bucket {
        Bucket::One(n) if *n == id => {}
        Bucket::One(n) => {
            let n = *n;
            *bucket = Bucket::Many(if n < id { vec![n, id] } else { vec![id, n] });
        }
        Bucket::Many(v) => {
            if let Err(pos) = v.binary_search(&id) {
                v.insert(pos, id);
            }
        }
    }
}

fn bucket_remove(index: &mut PropIndex, key: &IndexKey, id: NodeId) {
    // What the bucket becomes: None to drop it.
    let change = match index.get_mut(key) {
        Some(Bucket::One(n)) if *n == id => Some(None),
        Some(Bucket::Many(v)) => {
            if let Ok(pos) = v.binary_search(&id) {
                v.remove(pos);
            }
            (v.len() == 1).then(|| Some(Bucket::One(v[0])))
        }
        _ => None,
    };
    match change {
        Some(None) => {
            index.remove(key);
        }
        Some(Some(b)) => {
            index.insert(key.clone(), b);
        }
        None => {}
    }
}

/// Every built index.
#[derive(Debug, Default)]
pub(crate) struct PropIndexes {
    built: RwLock<HashMap<(Sym, Sym), PropIndex>>,
    names: RwLock<NameIndexes>,
}

impl Clone for PropIndexes {
    fn clone(&self) -> PropIndexes {
        PropIndexes {
            built: RwLock::new(self.read().clone()),
            names: RwLock::new(self.read_names().clone()),
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
            bucket_insert(index, value, id);
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
            bucket_remove(index, &value, id);
        }
        if let Some(index) = self.name_index(label, key) {
            for text in name_texts(value) {
                name_remove(index, text, id);
            }
        }
    }
    /// Whether no index is built (so changes need not be recorded in any).
    pub(crate) fn is_empty(&mut self) -> bool {
        self.built_mut().is_empty() && self.names_mut().by_label.is_empty()
    }
    /// Drop the indexes whose label or key fails `keep`.
    pub(crate) fn retain(&mut self, keep: impl Fn(Sym) -> bool) {
        self.built_mut().retain(|(l, k), _| keep(*l) && keep(*k));
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
        let mut index = PropIndex::new();
        for (value, id) in entries() {
            bucket_insert(&mut index, value, id);
        }
        let mut built = self.built.write().unwrap_or_else(|e| e.into_inner());
        let index = built.entry((label, key)).or_insert(index);
        read(index)
    }

    /// The nodes of one value in an index.
    pub(crate) fn ids(index: &PropIndex, value: &IndexKey) -> Vec<NodeId> {
        index.get(value).map_or(Vec::new(), |b| b.ids().to_vec())
    }

    /// The nodes of the values between two bounds in an index that are of the bounds' kind
    /// (none when the two are of different kinds; every node of the index without bounds), in
    /// id order.
    pub(crate) fn range_ids<'a>(
        index: &PropIndex,
        lower: Bound<&'a IndexKey>,
        upper: Bound<&'a IndexKey>,
    ) -> Vec<NodeId> {
        let key = |b: Bound<&'a IndexKey>| match b {
            Bound::Included(k) | Bound::Excluded(k) => Some(k),
            Bound::Unbounded => None,
        };
        let below_upper = |k: &IndexKey| match upper {
            Bound::Included(u) => k <= u,
            Bound::Excluded(u) => k < u,
            Bound::Unbounded => true,
        };
        let mut ids = Vec::new();
        // Walked from one end until the other end or the end of the bound's kind: one side of
        // the map's range is open, so a range whose lower end is above its upper end is empty,
        // not an error.
        match (key(lower), key(upper)) {
            (Some(l), Some(u)) if !l.same_kind(u) => {}
            (Some(l), _) => {
                for (k, b) in index.range((lower, Bound::Unbounded)) {
                    if !k.same_kind(l) || !below_upper(k) {
                        break;
                    }
                    ids.extend_from_slice(b.ids());
                }
            }
            (None, Some(u)) => {
                for (k, b) in index.range((Bound::Unbounded, upper)).rev() {
                    if !k.same_kind(u) {
                        break;
                    }
                    ids.extend_from_slice(b.ids());
                }
            }
            (None, None) => {
                for b in index.values() {
                    ids.extend_from_slice(b.ids());
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The nodes of the strings in an index that start with `prefix`, in id order.
    pub(crate) fn prefix_ids(index: &PropIndex, prefix: &str) -> Vec<NodeId> {
        let from = IndexKey::Str(Arc::from(prefix));
        let mut ids = Vec::new();
        for (k, b) in index.range((Bound::Included(&from), Bound::Unbounded)) {
            match k {
                IndexKey::Str(s) if s.starts_with(prefix) => ids.extend_from_slice(b.ids()),
                _ => break,
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
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
            for value in index.keys().take(limit) {
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
        let range = |lo, hi| g.lookup_range(l, x, lo, hi).unwrap();
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
            assert_eq!(g.lookup_range(l, x, Included(&v), Unbounded), None);
            assert_eq!(g.lookup_range(l, x, Included(&one), Excluded(&v)), None);
        }
        assert_eq!(g.lookup_prefix(l, x, "Ru"), at(&[7, 8, 9]));
        assert_eq!(g.lookup_prefix(l, x, "Russ"), at(&[7]));
        assert_eq!(g.lookup_prefix(l, x, "r"), at(&[10]));
        assert_eq!(g.lookup_prefix(l, x, "").len(), 5);
        assert_eq!(g.lookup_prefix(l, x, "T"), vec![]);
    }

    #[test]
    fn ranges_follow_changes() {
        use std::ops::Bound::{Included, Unbounded};
        let mut g = Graph::new();
        let (l, x) = (g.intern("L"), g.intern("x"));
        let ten = Value::Int(10);
        let a = g.create_node(vec![l], vec![(x, Value::Int(5))]).unwrap();
        let b = g.create_node(vec![l], vec![(x, Value::Int(15))]).unwrap();
        let at_least_ten = |g: &Graph| g.lookup_range(l, x, Included(&ten), Unbounded).unwrap();
        assert_eq!(at_least_ten(&g), vec![b]);
        g.set_node_prop(a, x, Value::Float(10.0)).unwrap();
        assert_eq!(at_least_ten(&g), vec![a, b]);
        let c = g.create_node(vec![l], vec![(x, Value::Int(99))]).unwrap();
        assert_eq!(at_least_ten(&g), vec![a, b, c]);
        g.begin();
        g.set_node_prop(b, x, Value::str("15")).unwrap();
        g.delete_node(c).unwrap();
        assert_eq!(at_least_ten(&g), vec![a]);
        assert_eq!(g.lookup_prefix(l, x, "1"), vec![b]);
        g.rollback();
        assert_eq!(at_least_ten(&g), vec![a, b, c]);
        assert_eq!(g.lookup_prefix(l, x, "1"), vec![]);
        g.remove_label(a, l).unwrap();
        assert_eq!(at_least_ten(&g), vec![b, c]);
    }
}
