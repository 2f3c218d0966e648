//! Bulk appends: many new nodes, or many new relationships, at once, their properties column
//! by column, for loaders. The result is what creating them one at a time in the same order
//! would give (the same ids, values, names interned in the same order), and the journal records
//! each run of new ids as one entry, so a rollback undoes a bulk append like any other
//! creation.

use super::{unique_labels, Graph, NodeId, Props, RelId, StoreError, Sym, Undo, Value};
use rayon::prelude::*;
use roaring::RoaringBitmap;

/// Strings back to back.
#[derive(Clone, Debug, Default)]
pub(crate) struct Strs {
    bytes: String,
    ends: Vec<usize>,
}

impl Strs {
    pub(crate) fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }
    fn truncate(&mut self, n: usize) {
        self.ends.truncate(n);
        self.bytes.truncate(self.ends.last().copied().unwrap_or(0));
    }
}

/// The values of one property key for a batch of new entities, all of one type.
#[derive(Clone, Debug)]
pub(crate) enum Cells {
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
    Str(Strs),
    /// Anything else (lists), one `Value` each.
    Any(Vec<Value>),
}

impl Cells {
    pub(crate) fn len(&self) -> usize {
        match self {
            Cells::Int(v) => v.len(),
            Cells::Float(v) => v.len(),
            Cells::Bool(v) => v.len(),
            Cells::Str(s) => s.len(),
            Cells::Any(v) => v.len(),
        }
    }
    /// The first `n` cells only.
    fn truncate(&mut self, n: usize) {
        match self {
            Cells::Int(v) => v.truncate(n),
            Cells::Float(v) => v.truncate(n),
            Cells::Bool(v) => v.truncate(n),
            Cells::Str(s) => s.truncate(n),
            Cells::Any(v) => v.truncate(n),
        }
    }
    /// No cells, the room they had kept.
    fn clear(&mut self) {
        match self {
            Cells::Int(v) => v.clear(),
            Cells::Float(v) => v.clear(),
            Cells::Bool(v) => v.clear(),
            Cells::Str(s) => s.clear(),
            Cells::Any(v) => v.clear(),
        }
    }
    /// Cell `i` as a value.
    pub(crate) fn value(&self, i: usize) -> Value {
        match self {
            Cells::Int(v) => Value::Int(v[i]),
            Cells::Float(v) => Value::Float(v[i]),
            Cells::Bool(v) => Value::Bool(v[i]),
            Cells::Str(s) => Value::str(s.get(i)),
            Cells::Any(v) => v[i].clone(),
        }
    }
}

/// One property key's values in a batch: `rows[j]` (the row in the batch, increasing) has
/// cell `j`; rows without a value are left out.
#[derive(Clone, Debug)]
pub(crate) struct BulkColumn {
    pub key: Sym,
    pub rows: Vec<u32>,
    pub cells: Cells,
}

impl BulkColumn {
    pub(crate) fn new(key: Sym, cells: Cells) -> BulkColumn {
        BulkColumn {
            key,
            rows: Vec::new(),
            cells,
        }
    }
    /// No rows, the room they had kept (for the next batch).
    pub(crate) fn clear(&mut self) {
        self.rows.clear();
        self.cells.clear();
    }
    /// The cells of the rows before `row` only.
    pub(crate) fn truncate_to_rows(&mut self, row: u32) {
        let n = self.rows.partition_point(|&r| r < row);
        self.rows.truncate(n);
        self.cells.truncate(n);
    }
}

/// The properties of row `row` of a batch, in the columns' order.
fn row_props(cols: &[BulkColumn], row: u32) -> Props {
    cols.iter()
        .filter_map(|c| {
            let j = c.rows.binary_search(&row).ok()?;
            Some((c.key, c.cells.value(j)))
        })
        .collect()
}

impl Graph {
    /// Create `n` nodes: node `r` of the batch gets the labels `sets[set_of[r]]` and the values
    /// the columns give it (a key twice: the later column wins). Returns their ids, consecutive
    /// unless the graph had free slots to reuse.
    pub(crate) fn append_nodes(
        &mut self,
        n: usize,
        sets: &[Vec<Sym>],
        set_of: &[u32],
        cols: &[BulkColumn],
    ) -> Result<Vec<NodeId>, StoreError> {
        debug_assert_eq!(set_of.len(), n);
        let base = self.node_set.len();
        if base + n >= u32::MAX as usize - 1 {
            return Err(StoreError::Full);
        }
        if !self.free_nodes.is_empty() || !self.by_prop.is_empty() {
            // Free slots to reuse or indexes to maintain: one node at a time.
            return (0..n as u32)
                .map(|r| {
                    let labels = sets[set_of[r as usize] as usize].clone();
                    self.create_node(labels, row_props(cols, r))
                })
                .collect();
        }
        // Each distinct label set once.
        let sets: Vec<(u32, Vec<Sym>)> = sets
            .iter()
            .map(|labels| {
                let labels = unique_labels(labels.clone());
                (self.labelset(labels.clone()), labels)
            })
            .collect();
        self.node_set.reserve(n);
        // The new ids of each label set, increasing; then each label's members take them in
        // runs (a push at a time costs a scan of the container once it is a bitmap).
        let mut ids_of_set: Vec<Vec<u32>> = vec![Vec::new(); sets.len()];
        for (r, &s) in set_of.iter().enumerate() {
            self.node_set.push(sets[s as usize].0);
            ids_of_set[s as usize].push((base + r) as u32);
        }
        for ((_, labels), ids) in sets.iter().zip(&ids_of_set) {
            for &l in labels {
                super::slot_for(&mut self.members, l, RoaringBitmap::new())
                    .extend(ids.iter().copied());
            }
        }
        let mut slots = Vec::new();
        for c in cols {
            slots.clear();
            slots.extend(c.rows.iter().map(|r| base as u32 + r));
            let fresh = self.node_col(c.key).put_many(&slots, &c.cells);
            self.count_key(c.key, fresh as isize);
        }
        self.nodes_alive += n;
        if n > 0 {
            self.record(Undo::CreatedNodes(NodeId(base as u32), n as u32));
        }
        Ok((base..base + n).map(|i| NodeId(i as u32)).collect())
    }

    /// Create the relationships of a batch, by type: group `g` holds the rows
    /// `offset + rows[j]` of the batch (increasing), of type `ty`, from `starts[j]` to
    /// `ends[j]`, with the values of `cols` (whose rows count within the group). A type may
    /// have several groups (batches parsed apart, added at once), in row order. The batch's
    /// `n` rows get consecutive ids in row order unless the graph had free slots to reuse.
    /// Only inside `bulk`.
    pub(crate) fn append_rels(
        &mut self,
        n: usize,
        groups: &[RelGroup<'_>],
    ) -> Result<(), StoreError> {
        let base = self.rel_ty.len();
        if base + n >= u32::MAX as usize - 1 {
            return Err(StoreError::Full);
        }
        let missing = |g: &RelGroup<'_>| {
            g.starts
                .iter()
                .chain(g.ends)
                .any(|n| !self.contains_node(*n))
        };
        if groups.par_iter().any(missing) {
            return Err(StoreError::Missing);
        }
        for g in groups {
            self.table_mut(g.ty);
        }
        if !self.free_rels.is_empty() || !self.deferred {
            // Free slots to reuse, or rows to keep up to date: one at a time, in row order.
            let mut order: Vec<(u32, usize, usize)> = groups
                .iter()
                .enumerate()
                .flat_map(|(g, group)| {
                    group
                        .rows
                        .iter()
                        .enumerate()
                        .map(move |(j, r)| (group.offset + *r, g, j))
                })
                .collect();
            order.sort_unstable();
            for (_, g, j) in order {
                let group = &groups[g];
                let props = row_props(group.cols, j as u32);
                self.create_rel(group.starts[j], group.ends[j], group.ty, props)?;
            }
            return Ok(());
        }
        // The built indexes of these types would miss the batch: dropped, to be built again
        // by their next lookup (one pass, cheaper than a relationship at a time).
        let mut types: Vec<Sym> = groups.iter().map(|g| g.ty).collect();
        types.sort_unstable();
        types.dedup();
        self.by_prop
            .retain_rels(|t, _| types.binary_search(&t).is_err());
        self.rel_ty.resize(base + n, super::DEAD);
        self.rel_start.resize(base + n, NodeId(0));
        self.rel_end.resize(base + n, NodeId(0));
        self.rel_pos.resize(base + n, 0);
        // The relationship columns, in row order; then each type's table (its ids and property
        // columns, from each of its groups in turn) on a thread of its own.
        let (rel_ty, rel_start) = (&mut self.rel_ty[base..], &mut self.rel_start[base..]);
        let (rel_end, rel_pos) = (&mut self.rel_end[base..], &mut self.rel_pos[base..]);
        let mut tables: Vec<Option<&mut super::RelTable>> =
            self.tables.iter_mut().map(Some).collect();
        // By table: its work's index, and the place of its next relationship.
        let mut work_of: Vec<(usize, u32)> = vec![(usize::MAX, 0); tables.len()];
        let mut work: Vec<(&mut super::RelTable, Vec<&RelGroup<'_>>)> = Vec::new();
        for group in groups {
            let t = self.table_of[group.ty.0 as usize] as usize;
            if work_of[t].0 == usize::MAX {
                let table = tables[t].take().expect("a table taken once");
                work_of[t] = (work.len(), table.ids.len() as u32);
                work.push((table, Vec::new()));
            }
            let (w, pos0) = work_of[t];
            work[w].1.push(group);
            for (j, &r) in group.rows.iter().enumerate() {
                let i = (group.offset + r) as usize;
                rel_ty[i] = group.ty;
                rel_start[i] = group.starts[j];
                rel_end[i] = group.ends[j];
                rel_pos[i] = pos0 + j as u32;
            }
            work_of[t].1 += group.rows.len() as u32;
        }
        let fresh_keys: Vec<(Sym, usize)> = work
            .into_par_iter()
            .flat_map_iter(|(table, groups)| {
                let mut slots = Vec::new();
                let mut fresh = Vec::new();
                for group in groups {
                    let pos0 = table.ids.len() as u32;
                    let first = base as u32 + group.offset;
                    table
                        .ids
                        .to_mut()
                        .extend(group.rows.iter().map(|&r| RelId(first + r)));
                    table.alive += group.rows.len();
                    for c in group.cols {
                        slots.clear();
                        slots.extend(c.rows.iter().map(|r| pos0 + r));
                        fresh.push((c.key, table.col_mut(c.key).put_many(&slots, &c.cells)));
                    }
                }
                fresh
            })
            .collect();
        for (key, fresh) in fresh_keys {
            self.count_key(key, fresh as isize);
        }
        self.rels_alive += n;
        if n > 0 {
            self.record(Undo::CreatedRels(RelId(base as u32), n as u32));
        }
        Ok(())
    }
}

/// The relationships of one type in a batch (see `Graph::append_rels`).
pub(crate) struct RelGroup<'a> {
    pub ty: Sym,
    /// Added to `rows`: the group's batch's first row in the rows added at once.
    pub offset: u32,
    pub rows: &'a [u32],
    pub starts: &'a [NodeId],
    pub ends: &'a [NodeId],
    pub cols: &'a [BulkColumn],
}
