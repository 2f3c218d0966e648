//! Property indexes: nodes by (label, key, value). An index is built the first time a lookup
//! asks for its (label, key) and kept up to date by every change after that, so a graph pays
//! memory only for the indexes its queries use (an index on every key of every label would
//! cost more than the properties themselves).
//!
//! Lookups take `&self`: the built indexes sit behind a lock that readers share; building one
//! takes it for writing once. Changes come through `&mut self` and need no locking.

use super::{IndexKey, NodeId, Sym};
use std::collections::HashMap;
use std::sync::RwLock;

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

/// One (label, key)'s index.
pub(crate) type PropIndex = HashMap<IndexKey, Bucket>;

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
}

impl Clone for PropIndexes {
    fn clone(&self) -> PropIndexes {
        PropIndexes {
            built: RwLock::new(self.read().clone()),
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

    /// Record that the node now has `value` for `key` under `label`, if that index is built.
    pub(crate) fn insert(&mut self, label: Sym, key: Sym, value: Option<IndexKey>, id: NodeId) {
        if let (Some(index), Some(value)) = (self.built_mut().get_mut(&(label, key)), value) {
            bucket_insert(index, value, id);
        }
    }
    /// Record that the node no longer has `value` for `key` under `label`.
    pub(crate) fn remove(&mut self, label: Sym, key: Sym, value: Option<IndexKey>, id: NodeId) {
        if let (Some(index), Some(value)) = (self.built_mut().get_mut(&(label, key)), value) {
            bucket_remove(index, &value, id);
        }
    }
    /// Whether no index is built (so changes need not be recorded in any).
    pub(crate) fn is_empty(&mut self) -> bool {
        self.built_mut().is_empty()
    }
    /// Drop the indexes whose label or key fails `keep`.
    pub(crate) fn retain(&mut self, keep: impl Fn(Sym) -> bool) {
        self.built_mut().retain(|(l, k), _| keep(*l) && keep(*k));
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
}
