//! Adjacency in compressed sparse rows, one per direction: for each node its relationships
//! grouped by type (types in the order of their first relationship at the node; within a type,
//! by the node at the other end, then by id), each entry the relationship and the node at its
//! other end. Ordered so, the relationships between two nodes are found by binary search
//! (`between`), and a node's neighbours come out in id order, as a sorted-adjacency
//! intersection wants them.
//!
//! The rows are built in bulk from the relationship columns; relationships created afterwards go
//! to a small per-node delta, and deleted ones stay in the rows until the next build (readers
//! skip them by asking the store whether they are alive). The store rebuilds when the delta
//! grows past a fraction of the rows, so writes stay cheap and reads stay mostly sequential.

use super::buf::{Buf, Footprint, Part};
use super::parts::CsrParts;
use super::{NodeId, RelId, Sym};
use either::Either;
use foldhash::HashMap;

/// One direction's rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct Csr {
    /// Per node (and one past the last): index of its first group.
    node_groups: Buf<u32>,
    /// Per group: its type and (with the next group's) its range of entries.
    group_ty: Buf<Sym>,
    group_start: Buf<u32>,
    /// (relationship, other end), grouped as above.
    entries: Buf<(RelId, NodeId)>,
    /// Relationships added since the build, per node, in creation order: (type, rel, other).
    delta: HashMap<u32, Vec<(Sym, RelId, NodeId)>>,
    delta_len: usize,
}

/// The relationship columns the rows are built from, by relationship slot; a slot whose type
/// is `dead` is skipped.
pub(crate) struct RelColumns<'a> {
    pub ty: &'a [Sym],
    pub start: &'a [NodeId],
    pub end: &'a [NodeId],
    pub dead: Sym,
}

/// Rows written node by node, each node's entries already in their final order: a new group
/// starts wherever the type changes.
struct RowsBuilder {
    node_groups: Vec<u32>,
    group_ty: Vec<Sym>,
    group_start: Vec<u32>,
    entries: Vec<(RelId, NodeId)>,
}

impl RowsBuilder {
    fn new(nodes: usize, entries: usize) -> RowsBuilder {
        RowsBuilder {
            node_groups: Vec::with_capacity(nodes + 1),
            group_ty: Vec::new(),
            group_start: Vec::new(),
            entries: Vec::with_capacity(entries),
        }
    }
    fn start_node(&mut self) {
        self.node_groups.push(self.group_ty.len() as u32);
    }
    fn push(&mut self, ty: Sym, rel: RelId, other: NodeId) {
        let node_first = self.node_groups.last().copied().unwrap_or(0) as usize;
        if self.group_ty.len() == node_first || self.group_ty.last() != Some(&ty) {
            self.group_ty.push(ty);
            self.group_start.push(self.entries.len() as u32);
        }
        self.entries.push((rel, other));
    }
    fn finish(mut self) -> Csr {
        self.node_groups.push(self.group_ty.len() as u32);
        self.group_start.push(self.entries.len() as u32);
        sort_groups(&self.group_start, &mut self.entries);
        Csr {
            node_groups: self.node_groups.into(),
            group_ty: self.group_ty.into(),
            group_start: self.group_start.into(),
            entries: self.entries.into(),
            delta: HashMap::default(),
            delta_len: 0,
        }
    }
}

/// Two runs of entries, each ordered by other end and then id, as one run in that order.
fn merge(
    a: impl Iterator<Item = (RelId, NodeId)>,
    b: impl Iterator<Item = (RelId, NodeId)>,
) -> impl Iterator<Item = (RelId, NodeId)> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if (y.1, y.0) < (x.1, x.0) => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// The key of the multiset hash that checks rows read from a snapshot: drawn once per process
/// from the standard library's random hasher seed.
fn multiset_key() -> [u64; 2] {
    use std::hash::BuildHasher;
    static KEY: std::sync::OnceLock<[u64; 2]> = std::sync::OnceLock::new();
    *KEY.get_or_init(|| {
        let state = std::collections::hash_map::RandomState::new();
        [state.hash_one(0x5eed_u64), state.hash_one(0xfeed_u64)]
    })
}

/// One adjacency entry's term in the multiset hash: the four ids as two keyed words, their
/// full 128-bit product folded to 64 bits, then folded again with a keyed constant (two
/// multiplications, where three multiply-xorshift mixes took six in a longer chain).
#[inline]
fn entry_hash(key: [u64; 2], rel: u32, node: u32, ty: u32, other: u32) -> u64 {
    fn fold(a: u64, b: u64) -> u64 {
        let p = u128::from(a) * u128::from(b);
        (p as u64) ^ ((p >> 64) as u64)
    }
    let a = (u64::from(rel) | (u64::from(node) << 32)) ^ key[0];
    let b = (u64::from(ty) | (u64::from(other) << 32)) ^ key[1];
    fold(fold(a, b) ^ key[0].rotate_left(29), 0x9e37_79b9_7f4a_7c15)
}

/// Each group's entries by other end, then by relationship id. Only a group out of that
/// order is written to (so rows read in place from a snapshot, already in order, are not
/// copied).
fn sort_groups<E>(group_start: &[u32], entries: &mut E)
where
    E: std::ops::DerefMut<Target = [(RelId, NodeId)]>,
{
    for w in group_start.windows(2) {
        let range = w[0] as usize..w[1] as usize;
        if range.len() > 1 && !entries[range.clone()].is_sorted_by_key(|(r, o)| (*o, *r)) {
            entries[range].sort_unstable_by_key(|(r, o)| (*o, *r));
        }
    }
}

/// A few entries sorted by other end, stably (cheaper than a library sort's call for the
/// handful of relationships most groups hold).
#[inline]
fn insertion_sort_by_other(entries: &mut [(RelId, NodeId)]) {
    for i in 1..entries.len() {
        let e = entries[i];
        let mut j = i;
        while j > 0 && entries[j - 1].1 > e.1 {
            entries[j] = entries[j - 1];
            j -= 1;
        }
        entries[j] = e;
    }
}

/// A relationship of a row and its other end.
type Entry = (RelId, NodeId);

/// Entries sorted by other end, stably, a byte of the other ends' `bits` low bits at a time
/// (a counting sort per byte; a byte all entries share is skipped).
fn radix_sort_by_other(
    entries: &mut [(RelId, NodeId)],
    scratch: &mut Vec<(RelId, NodeId)>,
    bits: u32,
) {
    let n = entries.len();
    scratch.clear();
    scratch.resize(n, (RelId(0), NodeId(0)));
    // Whether the entries, as sorted so far, lie in `scratch`.
    let mut in_scratch = false;
    for shift in (0..bits).step_by(8) {
        let (src, dst): (&[Entry], &mut [Entry]) = if in_scratch {
            (scratch, entries)
        } else {
            (entries, scratch)
        };
        let byte = |e: &(RelId, NodeId)| ((e.1 .0 >> shift) & 0xff) as usize;
        let mut place = [0usize; 256];
        for e in src.iter() {
            place[byte(e)] += 1;
        }
        if place.contains(&n) {
            continue;
        }
        let mut sum = 0;
        for p in &mut place {
            (*p, sum) = (sum, sum + *p);
        }
        for e in src.iter() {
            let b = byte(e);
            dst[place[b]] = *e;
            place[b] += 1;
        }
        in_scratch = !in_scratch;
    }
    if in_scratch {
        entries.copy_from_slice(scratch);
    }
}

/// A type's index among the types of the relationships, in as few bytes as their number
/// allows.
trait TypeIndex: Copy {
    fn from_index(i: u32) -> Self;
    fn index(self) -> usize;
}

impl TypeIndex for u8 {
    fn from_index(i: u32) -> u8 {
        i as u8
    }
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl TypeIndex for u16 {
    fn from_index(i: u32) -> u16 {
        i as u16
    }
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl TypeIndex for u32 {
    fn from_index(i: u32) -> u32 {
        i
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// The types of the relationship columns as indices of type `T` (`index_of`: by `Sym`, the
/// index plus one), by slot.
fn type_indices<T: TypeIndex>(rels: &RelColumns, index_of: &[u32]) -> Vec<T> {
    rels.ty
        .iter()
        .map(|&t| {
            T::from_index(if t == rels.dead {
                0
            } else {
                index_of[t.0 as usize] - 1
            })
        })
        .collect()
}

/// One direction of `Csr::build_both` with the types as indices of type `T` (`tix`: by slot, see `type_indices`;
/// `syms`: by index, the type).
fn build_rows<T: TypeIndex>(
    nodes: usize,
    rels: &RelColumns,
    outgoing: bool,
    tix: &[T],
    syms: &[Sym],
) -> Csr {
    let (at, other) = if outgoing {
        (rels.start, rels.end)
    } else {
        (rels.end, rels.start)
    };
    let live = |i: usize| rels.ty[i] != rels.dead;
    // Counting sort by node: stable, so each node's relationships stay in id order. Each
    // relationship is put in its row with its other end, and its type index beside it, read
    // in one pass over the columns in order, so that grouping a row by type reads only the
    // row.
    let mut start = vec![0u32; nodes + 1];
    for i in (0..rels.ty.len()).filter(|i| live(*i)) {
        start[at[i].0 as usize + 1] += 1;
    }
    for n in 0..nodes {
        start[n + 1] += start[n];
    }
    let total = start[nodes] as usize;
    let mut entries: Vec<(RelId, NodeId)> = vec![(RelId(0), NodeId(0)); total];
    let mut entry_ty: Vec<T> = vec![T::from_index(0); total];
    {
        let mut fill = start.clone();
        for i in (0..rels.ty.len()).filter(|i| live(*i)) {
            let n = at[i].0 as usize;
            let f = fill[n] as usize;
            entries[f] = (RelId(i as u32), other[i]);
            entry_ty[f] = tix[i];
            fill[n] += 1;
        }
    }
    let mut node_groups: Vec<u32> = Vec::with_capacity(nodes + 1);
    // At most a group per relationship: reserved, not touched (no copies while they grow).
    let mut group_ty: Vec<Sym> = Vec::with_capacity(total);
    let mut group_start: Vec<u32> = Vec::with_capacity(total + 1);
    // By type index: the node it was last seen at (plus one), its count there, and the next
    // place of its group.
    let mut seen = vec![0u32; syms.len()];
    let mut count = vec![0u32; syms.len()];
    let mut place = vec![0u32; syms.len()];
    let mut types: Vec<usize> = Vec::new();
    let mut row: Vec<(RelId, NodeId)> = Vec::new();
    for n in 0..nodes {
        node_groups.push(group_ty.len() as u32);
        let (lo, hi) = (start[n] as usize, start[n + 1] as usize);
        if lo == hi {
            continue;
        }
        let row_ty = &entry_ty[lo..hi];
        // Within a node, group by type in the order of each type's first relationship.
        types.clear();
        let stamp = n as u32 + 1;
        for &t in row_ty {
            let t = t.index();
            if seen[t] != stamp {
                seen[t] = stamp;
                count[t] = 0;
                types.push(t);
            }
            count[t] += 1;
        }
        let mut p = lo as u32;
        for &t in &types {
            group_ty.push(syms[t]);
            group_start.push(p);
            place[t] = p;
            p += count[t];
        }
        if types.len() > 1 {
            row.clear();
            row.extend_from_slice(&entries[lo..hi]);
            for (&e, &t) in row.iter().zip(row_ty) {
                let t = t.index();
                entries[place[t] as usize] = e;
                place[t] += 1;
            }
        }
    }
    node_groups.push(group_ty.len() as u32);
    group_start.push(total as u32);
    // Each group is in id order: sorted stably by other end alone, it is in order of other
    // end, then of id. Most groups hold a handful of relationships; a hub's hold thousands,
    // sorted a byte of the node ids at a time.
    let bits = u32::BITS - (nodes.max(1) as u32).leading_zeros();
    let mut scratch = Vec::new();
    for w in group_start.windows(2) {
        let range = w[0] as usize..w[1] as usize;
        match range.len() {
            0 | 1 => {}
            2..=16 => insertion_sort_by_other(&mut entries[range]),
            17..=255 => entries[range].sort_by_key(|(_, o)| *o),
            _ => radix_sort_by_other(&mut entries[range], &mut scratch, bits),
        }
    }
    Csr {
        node_groups: node_groups.into(),
        group_ty: group_ty.into(),
        group_start: group_start.into(),
        entries: entries.into(),
        delta: HashMap::default(),
        delta_len: 0,
    }
}

/// The relationships' types in order of first use, and by `Sym`: its index there plus one
/// (0: not used).
fn type_order(rels: &RelColumns) -> (Vec<u32>, Vec<Sym>) {
    let mut index_of: Vec<u32> = Vec::new();
    let mut syms: Vec<Sym> = Vec::new();
    for &t in rels.ty {
        if t != rels.dead {
            let s = t.0 as usize;
            if index_of.len() <= s {
                index_of.resize(s + 1, 0);
            }
            if index_of[s] == 0 {
                syms.push(t);
                index_of[s] = syms.len() as u32;
            }
        }
    }
    (index_of, syms)
}

impl Csr {
    /// The rows of both directions (outgoing, incoming) for `nodes` node slots: a row holds
    /// the relationships of the node at their start (outgoing) or at their end (incoming).
    ///
    /// A counting sort by node puts each node's relationships in id order, with their other
    /// ends, and their types beside them as small indices (a byte each while there are at
    /// most 256 types), all read from the columns in one pass in order; each row is then
    /// split by type (types in the order of their first relationship there), reading only the
    /// row, and each group ordered by other end. The two directions are built at once on two
    /// of rayon's threads, from one copy of the type indices.
    pub(crate) fn build_both(nodes: usize, rels: &RelColumns) -> (Csr, Csr) {
        let (index_of, syms) = type_order(rels);
        fn both<T: TypeIndex + Sync>(
            nodes: usize,
            rels: &RelColumns,
            index_of: &[u32],
            syms: &[Sym],
        ) -> (Csr, Csr) {
            let tix = type_indices::<T>(rels, index_of);
            rayon::join(
                || build_rows(nodes, rels, true, &tix, syms),
                || build_rows(nodes, rels, false, &tix, syms),
            )
        }
        if syms.len() <= 1 << 8 {
            both::<u8>(nodes, rels, &index_of, &syms)
        } else if syms.len() <= 1 << 16 {
            both::<u16>(nodes, rels, &index_of, &syms)
        } else {
            both::<u32>(nodes, rels, &index_of, &syms)
        }
    }

    /// Relationships in the bulk-built rows.
    pub(crate) fn base_len(&self) -> usize {
        self.entries.len()
    }
    pub(crate) fn delta_len(&self) -> usize {
        self.delta_len
    }

    pub(crate) fn add(&mut self, node: NodeId, ty: Sym, rel: RelId, other: NodeId) {
        // Kept in the rows' order (by other end, then id), so that reads merge the two.
        let list = self.delta.entry(node.0).or_default();
        let at = list.partition_point(|(_, r, o)| (*o, *r) < (other, rel));
        list.insert(at, (ty, rel, other));
        self.delta_len += 1;
    }

    /// Remove a relationship from the delta; false when it is not there (it is in the rows).
    pub(crate) fn remove_added(&mut self, node: NodeId, rel: RelId) -> bool {
        let Some(list) = self.delta.get_mut(&node.0) else {
            return false;
        };
        // From the back: a rollback removes the newest relationship first.
        let Some(pos) = list.iter().rposition(|(_, r, _)| *r == rel) else {
            return false;
        };
        list.remove(pos);
        if list.is_empty() {
            self.delta.remove(&node.0);
        }
        self.delta_len -= 1;
        true
    }

    /// The node's relationships of `types` (all when empty) as slices of the rows, pushed onto
    /// `out` (each with `mark`) in `neighbours`' order; false (and nothing pushed) when some of them lie in the
    /// delta, where `neighbours` must merge. Deleted relationships of the rows are included.
    pub(crate) fn slices<'a>(
        &'a self,
        node: NodeId,
        types: &[Sym],
        mark: bool,
        out: &mut Vec<(&'a [(RelId, NodeId)], bool)>,
    ) -> bool {
        if !self.delta.is_empty() && self.delta.contains_key(&node.0) {
            return false;
        }
        for (t, slice) in self.groups(node) {
            if !slice.is_empty() && (types.is_empty() || types.contains(&t)) {
                out.push((slice, mark));
            }
        }
        true
    }

    /// `between` as slices of the rows (see `slices`).
    pub(crate) fn between_slices<'a>(
        &'a self,
        node: NodeId,
        other: NodeId,
        types: &[Sym],
        mark: bool,
        out: &mut Vec<(&'a [(RelId, NodeId)], bool)>,
    ) -> bool {
        if !self.delta.is_empty() && self.delta.contains_key(&node.0) {
            return false;
        }
        for g in self.group_range(node) {
            if !(types.is_empty() || types.contains(&self.group_ty[g])) {
                continue;
            }
            let group =
                &self.entries[self.group_start[g] as usize..self.group_start[g + 1] as usize];
            let lo = group.partition_point(|(_, o)| *o < other);
            let hi = lo + group[lo..].partition_point(|(_, o)| *o == other);
            if hi > lo {
                out.push((&group[lo..hi], mark));
            }
        }
        true
    }

    /// The node's groups in the rows: (type, entries).
    fn groups(&self, node: NodeId) -> impl Iterator<Item = (Sym, &[(RelId, NodeId)])> + '_ {
        let n = node.0 as usize;
        let (lo, hi) = if n + 1 < self.node_groups.len() {
            (
                self.node_groups[n] as usize,
                self.node_groups[n + 1] as usize,
            )
        } else {
            (0, 0)
        };
        (lo..hi).map(move |g| {
            let range = self.group_start[g] as usize..self.group_start[g + 1] as usize;
            (self.group_ty[g], &self.entries[range])
        })
    }

    /// The node's relationships of `types` (all when empty), as (relationship, other end), in
    /// the order described in the module's documentation. Deleted relationships of the rows are
    /// included: the caller filters them.
    pub(crate) fn neighbours<'a>(
        &'a self,
        node: NodeId,
        types: &'a [Sym],
    ) -> impl Iterator<Item = (RelId, NodeId)> + 'a {
        let wanted = move |t: Sym| types.is_empty() || types.contains(&t);
        let added: &'a [(Sym, RelId, NodeId)] =
            self.delta.get(&node.0).map_or(&[], |v| v.as_slice());
        let base =
            self.groups(node)
                .filter(move |(t, _)| wanted(*t))
                .flat_map(move |(t, slice)| {
                    if added.iter().all(|(at, _, _)| *at != t) {
                        Either::Left(slice.iter().copied())
                    } else {
                        Either::Right(merge(
                            slice.iter().copied(),
                            added
                                .iter()
                                .filter(move |(at, _, _)| *at == t)
                                .map(|(_, r, o)| (*r, *o)),
                        ))
                    }
                });
        base.chain(self.added_of_new_types(node, added, wanted))
    }

    /// Added relationships of types the rows do not have at the node, type by type in the
    /// order of their first one (in the delta's order).
    fn added_of_new_types<'a>(
        &'a self,
        node: NodeId,
        added: &'a [(Sym, RelId, NodeId)],
        wanted: impl Fn(Sym) -> bool + 'a,
    ) -> impl Iterator<Item = (RelId, NodeId)> + 'a {
        added
            .iter()
            .enumerate()
            .filter(move |(i, (t, _, _))| {
                wanted(*t)
                    && !added[..*i].iter().any(|(p, _, _)| p == t)
                    && !self.groups(node).any(|(g, _)| g == *t)
            })
            .flat_map(move |(_, (t, _, _))| {
                added
                    .iter()
                    .filter(move |(at, _, _)| at == t)
                    .map(|(_, r, o)| (*r, *o))
            })
    }

    /// The relationships of `types` (all when empty) from the node to `other`, in the order
    /// `neighbours` lists them. Deleted relationships of the rows are included: the caller
    /// filters them.
    pub(crate) fn between<'a>(
        &'a self,
        node: NodeId,
        other: NodeId,
        types: &'a [Sym],
    ) -> impl Iterator<Item = RelId> + 'a {
        let wanted = move |t: Sym| types.is_empty() || types.contains(&t);
        let added: &'a [(Sym, RelId, NodeId)] =
            self.delta.get(&node.0).map_or(&[], |v| v.as_slice());
        let entries = &self.entries;
        let base = self
            .group_range(node)
            .filter(move |g| wanted(self.group_ty[*g]))
            .flat_map(move |g| {
                let t = self.group_ty[g];
                let lo = self.group_start[g] as usize;
                let hi = self.group_start[g + 1] as usize;
                let group = &entries[lo..hi];
                let first = group.partition_point(|(_, o)| *o < other);
                merge(
                    group[first..]
                        .iter()
                        .copied()
                        .take_while(move |(_, o)| *o == other),
                    added
                        .iter()
                        .filter(move |(at, _, o)| *at == t && *o == other)
                        .map(|(_, r, o)| (*r, *o)),
                )
                .map(|(r, _)| r)
            });
        let new_types = self
            .added_of_new_types(node, added, wanted)
            .filter(move |(_, o)| *o == other)
            .map(|(r, _)| r);
        base.chain(new_types)
    }

    /// The node's groups, by index.
    fn group_range(&self, node: NodeId) -> std::ops::Range<usize> {
        let n = node.0 as usize;
        if n + 1 < self.node_groups.len() {
            self.node_groups[n] as usize..self.node_groups[n + 1] as usize
        } else {
            0..0
        }
    }

    /// How many entries of `types` (all when empty) the node has, deleted ones of the rows
    /// included.
    pub(crate) fn count(&self, node: NodeId, types: &[Sym]) -> usize {
        let wanted = |t: Sym| types.is_empty() || types.contains(&t);
        let base: usize = self
            .groups(node)
            .filter(|(t, _)| wanted(*t))
            .map(|(_, s)| s.len())
            .sum();
        let added = self
            .delta
            .get(&node.0)
            .map_or(0, |v| v.iter().filter(|(t, _, _)| wanted(*t)).count());
        base + added
    }

    /// The bytes the rows take (the delta on the heap).
    pub(crate) fn footprint(&self) -> Footprint {
        self.node_groups.footprint()
            + self.group_ty.footprint()
            + self.group_start.footprint()
            + self.entries.footprint()
            + Footprint::heap(self.delta_len * 12)
    }
}

// ---- plain data, for snapshots (see `parts`) ----

impl Csr {
    /// The bulk-built rows as plain data (the delta is not part of them: see `compacted`).
    pub(crate) fn to_parts(&self) -> CsrParts<'_> {
        CsrParts {
            node_groups: Part::Borrowed(&self.node_groups),
            group_ty: Part::Borrowed(&self.group_ty),
            group_start: Part::Borrowed(&self.group_start),
            entries: Part::Borrowed(&self.entries),
        }
    }

    /// The bulk-built rows as owned plain data.
    pub(crate) fn into_parts(self) -> CsrParts<'static> {
        CsrParts {
            node_groups: Part::Buf(self.node_groups),
            group_ty: Part::Buf(self.group_ty),
            group_start: Part::Buf(self.group_start),
            entries: Part::Buf(self.entries),
        }
    }

    /// Rows holding exactly what `neighbours` lists now for each of `nodes` nodes, in the same
    /// order, without the relationships `live` rejects: the delta merged in place.
    pub(crate) fn compacted(&self, nodes: usize, ty_of: impl Fn(RelId) -> Option<Sym>) -> Csr {
        let mut rows = RowsBuilder::new(nodes, self.entries.len() + self.delta_len);
        for n in 0..nodes {
            rows.start_node();
            for (r, other) in self.neighbours(NodeId(n as u32), &[]) {
                if let Some(ty) = ty_of(r) {
                    rows.push(ty, r, other);
                }
            }
        }
        rows.finish()
    }

    /// Rows from their parts, checked against the relationship columns: offsets in order and
    /// within their arrays, no type twice at a node, and every live relationship listed exactly
    /// once, at its own node (the start when `outgoing`, else the end), under its type and with
    /// its other end. `nodes` is the number of node slots, `names` of names.
    pub(crate) fn from_parts(
        parts: CsrParts<'_>,
        nodes: usize,
        names: usize,
        rels: &RelColumns,
        live_rels: usize,
        outgoing: bool,
    ) -> Result<Csr, String> {
        let node_groups = parts.node_groups.into_buf();
        let group_ty = parts.group_ty.into_buf();
        let group_start = parts.group_start.into_buf();
        let mut entries = parts.entries.into_buf();
        let bad = |what: &str| Err(format!("the adjacency rows are damaged: {what}"));
        if node_groups.is_empty() {
            if !group_ty.is_empty() || !group_start.is_empty() || !entries.is_empty() {
                return bad("entries without rows");
            }
        } else {
            if node_groups.len() > nodes + 1 {
                return bad("more rows than nodes");
            }
            if node_groups[0] != 0
                || node_groups.windows(2).any(|w| w[0] > w[1])
                || *node_groups.last().expect("not empty") as usize != group_ty.len()
            {
                return bad("row offsets out of order");
            }
            if group_start.len() != group_ty.len() + 1
                || group_start[0] != 0
                || group_start.windows(2).any(|w| w[0] > w[1])
                || *group_start.last().expect("not empty") as usize != entries.len()
            {
                return bad("group offsets out of order");
            }
        }
        if entries.len() != live_rels {
            return bad(&format!(
                "{} entries for {live_rels} relationships",
                entries.len()
            ));
        }
        let (at, other) = if outgoing {
            (rels.start, rels.end)
        } else {
            (rels.end, rels.start)
        };
        // Exactly: every entry's relationship and other end are ids in range, and no node has
        // two groups of one type. That the entries are exactly the live relationships, each
        // once, at its own node, under its type and with its other end is checked by
        // comparing a multiset hash of (relationship, node, type, other end) over the entries
        // with the same over the relationship columns: two sequential passes instead of a
        // random access per entry. The hash is keyed by a number drawn when the process
        // starts, so a file cannot be made to collide; a damaged file is refused unless a
        // 64-bit sum collides by chance.
        let key = multiset_key();
        let rel_count = rels.ty.len();
        let mut listed = 0u64;
        // Per type (by `Sym`, below `names`): the last node that had a group of it, plus one.
        let mut last_node = vec![0u32; names];
        for n in 0..node_groups.len().saturating_sub(1) {
            for g in node_groups[n] as usize..node_groups[n + 1] as usize {
                let ty = group_ty[g];
                let Some(last) = last_node.get_mut(ty.0 as usize) else {
                    return bad(&format!("node {n} has a group of type {}", ty.0));
                };
                if std::mem::replace(last, n as u32 + 1) == n as u32 + 1 {
                    return bad(&format!("node {n} has two groups of one type"));
                }
                let group = &entries[group_start[g] as usize..group_start[g + 1] as usize];
                if group
                    .iter()
                    .any(|&(r, o)| r.0 as usize >= rel_count || o.0 as usize >= nodes)
                {
                    return bad(&format!(
                        "node {n} lists a relationship or node out of range"
                    ));
                }
                for &(r, o) in group {
                    listed = listed.wrapping_add(entry_hash(key, r.0, n as u32, ty.0, o.0));
                }
            }
        }
        let mut expected = 0u64;
        for i in 0..rel_count {
            let ty = rels.ty[i];
            if ty != rels.dead {
                expected =
                    expected.wrapping_add(entry_hash(key, i as u32, at[i].0, ty.0, other[i].0));
            }
        }
        if listed != expected {
            return bad("the rows do not list exactly the live relationships at their ends");
        }
        // Rows written before groups were kept in this order are put in it.
        sort_groups(&group_start, &mut entries);
        Ok(Csr {
            node_groups,
            group_ty,
            group_start,
            entries,
            delta: HashMap::default(),
            delta_len: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds both directions from (start, end, type) by id.
    fn rows(nodes: usize, rels: &[(u32, u32, u32)]) -> (Csr, Csr) {
        let ty: Vec<Sym> = rels.iter().map(|r| Sym(r.2)).collect();
        let start: Vec<NodeId> = rels.iter().map(|r| NodeId(r.0)).collect();
        let end: Vec<NodeId> = rels.iter().map(|r| NodeId(r.1)).collect();
        let cols = RelColumns {
            ty: &ty,
            start: &start,
            end: &end,
            dead: Sym(u32::MAX),
        };
        Csr::build_both(nodes, &cols)
    }

    #[test]
    fn rows_group_types_in_first_seen_order() {
        let (out, inc) = rows(
            4,
            &[(0, 1, 7), (0, 2, 3), (0, 3, 7), (2, 0, 3), (1, 1, u32::MAX)],
        );
        let all: Vec<_> = out.neighbours(NodeId(0), &[]).collect();
        assert_eq!(
            all,
            vec![
                (RelId(0), NodeId(1)),
                (RelId(2), NodeId(3)),
                (RelId(1), NodeId(2))
            ]
        );
        assert_eq!(out.count(NodeId(0), &[Sym(3)]), 1);
        assert_eq!(
            inc.neighbours(NodeId(0), &[]).collect::<Vec<_>>(),
            vec![(RelId(3), NodeId(2))]
        );
    }

    #[test]
    fn added_relationships_join_their_type_group() {
        let (mut out, _) = rows(3, &[(0, 1, 7), (0, 2, 3)]);
        out.add(NodeId(0), Sym(9), RelId(2), NodeId(1));
        out.add(NodeId(0), Sym(7), RelId(3), NodeId(2));
        let all: Vec<_> = out.neighbours(NodeId(0), &[]).map(|(r, _)| r.0).collect();
        assert_eq!(all, vec![0, 3, 1, 2]);
        assert_eq!(out.count(NodeId(0), &[Sym(7)]), 2);
        assert!(out.remove_added(NodeId(0), RelId(3)));
        assert!(!out.remove_added(NodeId(0), RelId(0)));
        let all: Vec<_> = out.neighbours(NodeId(0), &[Sym(9)]).collect();
        assert_eq!(all, vec![(RelId(2), NodeId(1))]);
        // A node added after the build.
        out.add(NodeId(5), Sym(9), RelId(4), NodeId(0));
        assert_eq!(out.count(NodeId(5), &[]), 1);
    }

    proptest::proptest! {
        /// Each node's rows hold its relationships grouped by type, types in the order of
        /// their first relationship there, each group by other end then id: what sorting the
        /// relationships that way gives. Hubs (most relationships at one node, groups of
        /// hundreds) and node ids past a byte or two exercise every way groups are sorted.
        #[test]
        fn rows_are_the_relationships_sorted(
            nodes in 1usize..70_000,
            hub_share in 0u32..4,
            rels in proptest::collection::vec((0u32..1 << 20, 0u32..1 << 20, 0u32..4), 0..3000),
        ) {
            let n = nodes as u32;
            let rels: Vec<(u32, u32, u32)> = rels
                .into_iter()
                .map(|(s, e, t)| {
                    let s = if s % 4 < hub_share { 0 } else { s % n };
                    (s, e % n, if t == 3 { u32::MAX } else { t })
                })
                .collect();
            let (out, inc) = rows(nodes, &rels);
            for (csr, outgoing) in [(&out, true), (&inc, false)] {
                let mut by_node: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); nodes];
                for (id, &(s, e, t)) in rels.iter().enumerate() {
                    if t != u32::MAX {
                        let (at, other) = if outgoing { (s, e) } else { (e, s) };
                        by_node[at as usize].push((t, other, id as u32));
                    }
                }
                for (node, list) in by_node.iter_mut().enumerate() {
                    let mut order: Vec<u32> = Vec::new();
                    for &(t, _, _) in list.iter() {
                        if !order.contains(&t) {
                            order.push(t);
                        }
                    }
                    list.sort_by_key(|&(t, o, id)| {
                        (order.iter().position(|&x| x == t), o, id)
                    });
                    let want: Vec<(RelId, NodeId)> =
                        list.iter().map(|&(_, o, id)| (RelId(id), NodeId(o))).collect();
                    let got: Vec<(RelId, NodeId)> =
                        csr.neighbours(NodeId(node as u32), &[]).collect();
                    proptest::prop_assert_eq!(got, want);
                }
            }
        }
    }
}
