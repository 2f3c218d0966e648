//! The store as plain data: its arrays as they lie in memory, for a snapshot to write
//! (`Graph::to_parts`, borrowing them) and to give back (`Graph::from_parts`, which checks every
//! invariant the store relies on before it believes them). Nothing here knows a file format.
//!
//! What can be derived is not part of it and is rebuilt: the name lookup, the label-set lookup,
//! the members of each label, which column or table serves each key or type, the key counts,
//! and the (label, key, value) indexes (built on their first lookup, as always). Free slots are
//! given lowest reused first, and relationships deleted but still in the rows are free: the rows
//! are given merged (what `expand` lists, in its order).

use super::adjacency::{Csr, RelColumns};
use super::buf::Part;
use super::column::Column;
use super::{
    slot_for, Graph, Interner, NodeId, RelId, RelTable, Sym, Value, DEAD, DEAD_REL, NONE, VACANT,
};
use roaring::RoaringBitmap;
use std::borrow::Cow;
use std::sync::Arc;

/// The strings of a string column.
pub(crate) enum HeapParts<'a> {
    /// Distinct strings, by code.
    Dict(Cow<'a, [Arc<str>]>),
    /// `offsets[c]..offsets[c + 1]` are the bytes of code `c`.
    Plain {
        offsets: Part<'a, u64>,
        bytes: Part<'a, u8>,
    },
}

/// One property column. Bitmaps are 64-bit words, bit `i % 64` of word `i / 64` for slot `i`.
pub(crate) enum ColumnParts<'a> {
    /// (slot, value), by slot.
    Sparse(Vec<(u32, Value)>),
    Int {
        values: Part<'a, i64>,
        valid: Part<'a, u64>,
    },
    Float {
        values: Part<'a, f64>,
        valid: Part<'a, u64>,
    },
    Bool {
        values: Part<'a, u64>,
        valid: Part<'a, u64>,
    },
    Str {
        codes: Part<'a, u32>,
        valid: Part<'a, u64>,
        heap: HeapParts<'a>,
    },
    /// Days since 1970-01-01.
    Date {
        days: Part<'a, i32>,
        valid: Part<'a, u64>,
    },
    /// By slot, `Value::Null` where unset.
    Any(Cow<'a, [Value]>),
}

/// One direction's adjacency rows (see `adjacency`).
pub(crate) struct CsrParts<'a> {
    /// Per node and one past the last: its first group (empty when no rows were built).
    pub node_groups: Part<'a, u32>,
    pub group_ty: Part<'a, Sym>,
    /// Per group and one past the last: its first entry.
    pub group_start: Part<'a, u32>,
    /// (relationship, node at the other end).
    pub entries: Part<'a, (RelId, NodeId)>,
}

/// The relationships of one type.
pub(crate) struct TableParts<'a> {
    pub ty: Sym,
    /// By position: the relationship, or `DEAD_SLOT` once deleted.
    pub ids: Part<'a, RelId>,
    pub cols: Vec<(Sym, ColumnParts<'a>)>,
}

/// The marker of a free slot in `node_set`, `rel_ty` and a table's `ids`.
pub(crate) const DEAD_SLOT: u32 = u32::MAX;

/// The whole store.
pub(crate) struct StoreParts<'a> {
    /// Names by `Sym`.
    pub names: Vec<Cow<'a, str>>,
    /// By node slot: its label set, or `DEAD_SLOT`.
    pub node_set: Part<'a, u32>,
    pub labelsets: Cow<'a, [Vec<Sym>]>,
    /// In the order of each key's first use.
    pub node_cols: Vec<(Sym, ColumnParts<'a>)>,
    /// By relationship slot: type (`DEAD_SLOT` when free), ends, position in its type's table.
    pub rel_ty: Part<'a, Sym>,
    pub rel_start: Part<'a, NodeId>,
    pub rel_end: Part<'a, NodeId>,
    pub rel_pos: Part<'a, u32>,
    pub tables: Vec<TableParts<'a>>,
    /// Free slots, in decreasing order (the last is reused first).
    pub free_nodes: Part<'a, u32>,
    pub free_rels: Part<'a, u32>,
    pub out: CsrParts<'a>,
    pub inc: CsrParts<'a>,
}

/// Why parts do not make a store: a sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PartsError(pub String);

fn descending(mut v: Vec<u32>) -> Vec<u32> {
    v.sort_unstable_by(|a, b| b.cmp(a));
    v
}

/// A bitmap of `len` slots, set where `live` says.
fn live_words(len: usize, live: impl Fn(usize) -> bool) -> Vec<u64> {
    let mut words = vec![0u64; len.div_ceil(64)];
    for (w, word) in words.iter_mut().enumerate() {
        let mut bits = 0u64;
        for b in 0..64.min(len - w * 64) {
            bits |= (live(w * 64 + b) as u64) << b;
        }
        *word = bits;
    }
    words
}

impl Graph {
    /// The store as plain data, borrowing its arrays where they can be written as they are.
    pub(crate) fn to_parts(&self) -> StoreParts<'_> {
        let names = (0..self.names.len())
            .map(|i| Cow::Borrowed(self.name(Sym(i as u32))))
            .collect();
        let node_cols = self
            .node_cols
            .iter()
            .map(|(k, c)| (*k, c.to_parts()))
            .collect();
        // Only the tables a type reaches (a rolled-back load can leave empty ones behind).
        let tables = self
            .tables
            .iter()
            .enumerate()
            .filter(|(i, t)| self.table_of.get(t.ty.0 as usize) == Some(&(*i as u32)))
            .map(|(_, t)| TableParts {
                ty: t.ty,
                ids: Part::Borrowed(&t.ids),
                cols: t.cols.iter().map(|(k, c)| (*k, c.to_parts())).collect(),
            })
            .collect();
        let mut free_nodes = self.free_nodes.clone();
        free_nodes.extend_from_slice(&self.quarantined_nodes);
        let free_nodes = descending(free_nodes);
        let mut free_rels = self.free_rels.clone();
        free_rels.extend_from_slice(&self.held_rels);
        free_rels.extend_from_slice(&self.quarantined_rels);
        let free_rels = descending(free_rels);
        let nodes = self.node_set.len();
        let as_built = !self.deferred && self.held_rels.is_empty() && self.out.delta_len() == 0;
        let (out, inc) = if as_built {
            (self.out.to_parts(), self.inc.to_parts())
        } else {
            let (out, inc) = if self.deferred {
                let rels = RelColumns {
                    ty: &self.rel_ty,
                    start: &self.rel_start,
                    end: &self.rel_end,
                    dead: DEAD,
                };
                Csr::build_both(nodes, &rels)
            } else {
                let compacted = |csr: &Csr| csr.compacted(nodes, |r| self.rel_type(r));
                (compacted(&self.out), compacted(&self.inc))
            };
            (out.into_parts(), inc.into_parts())
        };
        StoreParts {
            names,
            node_set: Part::Borrowed(&self.node_set),
            labelsets: Cow::Borrowed(&self.labelsets),
            node_cols,
            rel_ty: Part::Borrowed(&self.rel_ty),
            rel_start: Part::Borrowed(&self.rel_start),
            rel_end: Part::Borrowed(&self.rel_end),
            rel_pos: Part::Borrowed(&self.rel_pos),
            tables,
            free_nodes: free_nodes.into(),
            free_rels: free_rels.into(),
            out,
            inc,
        }
    }

    /// A store from its parts, after checking every invariant the store relies on: names
    /// distinct, every id and offset within its array, label sets and types known, columns
    /// holding values only for live slots, tables and relationship columns agreeing both ways,
    /// relationships between live nodes, free lists naming exactly the free slots, rows listing
    /// every live relationship once where it belongs.
    pub(crate) fn from_parts(parts: StoreParts<'_>) -> Result<Graph, PartsError> {
        let err = |m: String| PartsError(m);
        let mut g = Graph::new();

        // Names.
        let names = Interner::default();
        for (i, name) in parts.names.iter().enumerate() {
            if names.intern(name).0 as usize != i {
                return Err(err(format!("the name `{name}` appears twice")));
            }
        }
        let name_count = names.len();
        g.names = names;
        let known = |s: Sym| (s.0 as usize) < name_count;

        // Nodes and their label sets.
        let node_set = parts.node_set.into_buf();
        let labelsets = parts.labelsets.into_owned();
        if node_set.len() >= u32::MAX as usize - 1 {
            return Err(err("too many node slots".to_string()));
        }
        let mut set_nodes = vec![0usize; labelsets.len()];
        let mut alive = 0;
        for (i, &s) in node_set.iter().enumerate() {
            if s == VACANT {
                continue;
            }
            match set_nodes.get_mut(s as usize) {
                Some(n) => *n += 1,
                None => {
                    return Err(err(format!(
                        "node {i} has label set {s}, which does not exist"
                    )))
                }
            }
            alive += 1;
        }
        for (s, labels) in labelsets.iter().enumerate() {
            if set_nodes[s] == 0 {
                continue;
            }
            if let Some(l) = labels.iter().find(|l| !known(**l)) {
                return Err(err(format!(
                    "label set {s} names label {}, which does not exist",
                    l.0
                )));
            }
            let mut sorted = labels.clone();
            sorted.sort_unstable();
            if sorted.windows(2).any(|w| w[0] == w[1]) {
                return Err(err(format!("label set {s} has a label twice")));
            }
        }
        // Members per label, in node order; label sets by their labels (sets that name
        // forgotten labels are left out; of two equal sets the later is found).
        let mut members: Vec<Vec<u32>> = Vec::new();
        for (i, &s) in node_set.iter().enumerate() {
            if s != VACANT {
                for l in &labelsets[s as usize] {
                    slot_for(&mut members, *l, Vec::new()).push(i as u32);
                }
            }
        }
        g.members = members
            .into_iter()
            .map(|m| RoaringBitmap::from_sorted_iter(m).expect("node ids ascend"))
            .collect();
        g.labelset_ids = labelsets
            .iter()
            .enumerate()
            .filter(|(_, labels)| labels.iter().all(|l| known(*l)))
            .map(|(i, labels)| (labels.clone(), i as u32))
            .collect();
        let node_live = live_words(node_set.len(), |i| node_set[i] != VACANT);
        g.nodes_alive = alive;

        // Node columns.
        for (key, col) in parts.node_cols {
            if !known(key) {
                return Err(err(format!(
                    "a node column has key {}, which does not exist",
                    key.0
                )));
            }
            let slot = slot_for(&mut g.node_col_of, key, NONE);
            if *slot != NONE {
                return Err(err(format!(
                    "two node columns of key `{}`",
                    g.names.resolve(key)
                )));
            }
            *slot = g.node_cols.len() as u32;
            let col = Column::from_parts(col, &node_live)
                .map_err(|m| err(format!("node column `{}`: {m}", g.names.resolve(key))))?;
            *slot_for(&mut g.key_counts, key, 0) += col.len();
            g.node_cols.push((key, col));
        }

        // Relationship columns.
        let rel_ty = parts.rel_ty.into_buf();
        let rel_start = parts.rel_start.into_buf();
        let rel_end = parts.rel_end.into_buf();
        let rel_pos = parts.rel_pos.into_buf();
        let rels = rel_ty.len();
        if rel_start.len() != rels || rel_end.len() != rels || rel_pos.len() != rels {
            return Err(err("the relationship columns differ in length".to_string()));
        }
        if rels >= u32::MAX as usize - 1 {
            return Err(err("too many relationship slots".to_string()));
        }

        // The adjacency rows are checked (each direction reading every relationship) while the
        // tables, the relationships and the free lists are.
        let live_rels = rel_ty.iter().filter(|t| **t != DEAD).count();
        let columns = RelColumns {
            ty: &rel_ty,
            start: &rel_start,
            end: &rel_end,
            dead: DEAD,
        };
        let nodes = node_set.len();
        let (out, inc) = (parts.out, parts.inc);
        let (tables, free_nodes, free_rels) = (parts.tables, parts.free_nodes, parts.free_rels);
        let rest = || -> Result<(), PartsError> {
            // Tables.
            for t in tables {
                if !known(t.ty) {
                    return Err(err(format!(
                        "a table has type {}, which does not exist",
                        t.ty.0
                    )));
                }
                let slot = slot_for(&mut g.table_of, t.ty, NONE);
                if *slot != NONE {
                    return Err(err(format!(
                        "two tables of type `{}`",
                        g.names.resolve(t.ty)
                    )));
                }
                *slot = g.tables.len() as u32;
                let ids = t.ids.into_buf();
                // That each entry names a live relationship of this type at this position follows
                // from the check of every relationship below and the counts agreeing.
                let table_alive = ids.iter().filter(|r| **r != DEAD_REL).count();
                let live = live_words(ids.len(), |p| ids[p] != DEAD_REL);
                let mut cols = Vec::with_capacity(t.cols.len());
                for (key, col) in t.cols {
                    if !known(key) || cols.iter().any(|(k, _)| *k == key) {
                        return Err(err(format!(
                            "a relationship column has key {}, which does not exist or is there twice",
                            key.0
                        )));
                    }
                    let col = Column::from_parts(col, &live).map_err(|m| {
                        err(format!(
                            "column `{}` of `{}`: {m}",
                            g.names.resolve(key),
                            g.names.resolve(t.ty)
                        ))
                    })?;
                    *slot_for(&mut g.key_counts, key, 0) += col.len();
                    cols.push((key, col));
                }
                g.tables.push(RelTable {
                    ty: t.ty,
                    ids,
                    alive: table_alive,
                    cols,
                });
            }
            let node_alive = |n: NodeId| node_set.get(n.0 as usize).is_some_and(|s| *s != VACANT);
            // Each live relationship is at its position in its type's table: an injection into the
            // live entries of the tables, which is all of them when the counts agree.
            let table_ids: Vec<&[RelId]> = g
                .table_of
                .iter()
                .map(|t| match *t {
                    NONE => &[][..],
                    t => &g.tables[t as usize].ids[..],
                })
                .collect();
            let mut rels_alive = 0;
            for i in 0..rels {
                let ty = rel_ty[i];
                if ty == DEAD {
                    continue;
                }
                let listed = table_ids
                    .get(ty.0 as usize)
                    .and_then(|ids| ids.get(rel_pos[i] as usize))
                    == Some(&RelId(i as u32));
                if !listed {
                    return Err(err(format!("relationship {i} is not in its type's table")));
                }
                if !node_alive(rel_start[i]) || !node_alive(rel_end[i]) {
                    return Err(err(format!(
                        "relationship {i} joins nodes {} and {}, which do not both exist",
                        rel_start[i].0, rel_end[i].0
                    )));
                }
                rels_alive += 1;
            }
            let listed: usize = g.tables.iter().map(|t| t.alive).sum();
            if listed != rels_alive {
                return Err(err(format!(
                    "the tables list relationships wrongly ({listed} entries for {rels_alive} relationships)"
                )));
            }
            g.rels_alive = rels_alive;

            // Free lists: every free slot once, lowest last.
            let free_nodes = free_nodes.into_buf();
            let free_rels = free_rels.into_buf();
            let strictly_down = |v: &[u32]| v.windows(2).all(|w| w[0] > w[1]);
            if !strictly_down(&free_nodes)
                || free_nodes.len() != node_set.len() - alive
                || free_nodes
                    .iter()
                    .any(|&n| !matches!(node_set.get(n as usize), Some(&VACANT)))
            {
                return Err(err(
                    "the free node list does not list the free node slots".to_string()
                ));
            }
            if !strictly_down(&free_rels)
                || free_rels.len() != rels - rels_alive
                || free_rels
                    .iter()
                    .any(|&r| rel_ty.get(r as usize) != Some(&DEAD))
            {
                return Err(err(
                    "the free relationship list does not list the free relationship slots"
                        .to_string(),
                ));
            }
            g.free_nodes = free_nodes.into_vec();
            g.free_rels = free_rels.into_vec();
            Ok(())
        };
        let ((out, inc), rest) = rayon::join(
            || {
                rayon::join(
                    || Csr::from_parts(out, nodes, name_count, &columns, live_rels, true),
                    || Csr::from_parts(inc, nodes, name_count, &columns, live_rels, false),
                )
            },
            rest,
        );
        rest?;
        g.out = out.map_err(err)?;
        g.inc = inc.map_err(err)?;

        g.node_set = node_set;
        g.labelsets = labelsets;
        g.rel_ty = rel_ty;
        g.rel_start = rel_start;
        g.rel_end = rel_end;
        g.rel_pos = rel_pos;
        Ok(g)
    }
}
