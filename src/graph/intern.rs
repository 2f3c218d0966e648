//! Interned names: labels, relationship types and property keys share one table.

use std::collections::HashMap;
use std::sync::Arc;

/// An interned name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Sym(pub u32);

#[derive(Clone, Debug, Default)]
pub struct Interner {
    names: Vec<Arc<str>>,
    ids: HashMap<Arc<str>, Sym>,
}

impl Interner {
    pub fn intern(&mut self, name: &str) -> Sym {
        if let Some(&sym) = self.ids.get(name) {
            return sym;
        }
        let sym = Sym(self.names.len() as u32);
        let arc: Arc<str> = Arc::from(name);
        self.names.push(arc.clone());
        self.ids.insert(arc, sym);
        sym
    }
    /// How many names were interned.
    pub fn len(&self) -> usize {
        self.names.len()
    }
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    /// Forget the names interned after the first `len`.
    pub(crate) fn truncate(&mut self, len: usize) {
        for name in self.names.drain(len.min(self.names.len())..) {
            self.ids.remove(&name);
        }
    }
    pub fn get(&self, name: &str) -> Option<Sym> {
        self.ids.get(name).copied()
    }
    pub fn resolve(&self, sym: Sym) -> &str {
        &self.names[sym.0 as usize]
    }
    pub fn resolve_arc(&self, sym: Sym) -> Arc<str> {
        self.names[sym.0 as usize].clone()
    }
}
