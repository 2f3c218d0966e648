//! Interned names: labels, relationship types and property keys share one table.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// An interned name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Sym(pub u32);

/// The table of names. Interning takes `&self`, so that statements planned side by side on a
/// shared graph (the server's concurrent reads) can each name a label or key the graph has not
/// seen: the names sit in an append-only vector whose entries never move (`boxcar`), so that
/// `resolve` hands out plain `&str`s while another thread appends, and the map from name to
/// symbol is behind a lock taken for writing only when a name is new.
#[derive(Debug, Default)]
pub struct Interner {
    names: boxcar::Vec<Arc<str>>,
    ids: RwLock<HashMap<Arc<str>, Sym>>,
}

impl Clone for Interner {
    fn clone(&self) -> Interner {
        Interner {
            names: self.names.clone(),
            ids: RwLock::new(self.read_ids().clone()),
        }
    }
}

impl Interner {
    fn read_ids(&self) -> std::sync::RwLockReadGuard<'_, HashMap<Arc<str>, Sym>> {
        self.ids.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn intern(&self, name: &str) -> Sym {
        if let Some(&sym) = self.read_ids().get(name) {
            return sym;
        }
        let mut ids = self.ids.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&sym) = ids.get(name) {
            return sym;
        }
        // Appended while the map is held for writing: symbols are handed out in order.
        let arc: Arc<str> = Arc::from(name);
        let sym = Sym(self.names.push(arc.clone()) as u32);
        ids.insert(arc, sym);
        sym
    }
    /// How many names were interned.
    pub fn len(&self) -> usize {
        self.names.count()
    }
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    /// Forget the names interned after the first `len`.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.names.count() {
            return;
        }
        let ids = self.ids.get_mut().unwrap_or_else(|e| e.into_inner());
        for (_, name) in self.names.iter().skip(len) {
            ids.remove(name);
        }
        self.names = self
            .names
            .iter()
            .take(len)
            .map(|(_, n)| n.clone())
            .collect();
    }
    pub fn get(&self, name: &str) -> Option<Sym> {
        self.read_ids().get(name).copied()
    }
    pub fn resolve(&self, sym: Sym) -> &str {
        &self.names[sym.0 as usize]
    }
    pub fn resolve_arc(&self, sym: Sym) -> Arc<str> {
        self.names[sym.0 as usize].clone()
    }
}
