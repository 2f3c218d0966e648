//! Property columns: the values of one property key over the slots of one table (the node
//! table, or one relationship type's table), typed where the values allow it.
//!
//! A column starts sparse (a hash map from slot to value) and becomes dense once enough slots
//! carry the key: then integers, floats and booleans sit in plain vectors, strings as codes into
//! one string heap (deduplicated while that pays), with a validity bitmap beside them. A value
//! of another type than the column's turns the column into a generic one of `Value`s, so every
//! value keeps its exact type. Nulls are never stored: a missing value is an unset bit.

use super::buf::{Buf, Footprint, Part, Plain};
use super::bulk::Cells;
use super::parts::{ColumnParts, HeapParts};
use super::Value;
use foldhash::fast::FixedState;
use hashbrown::hash_table::{Entry, HashTable};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

/// A growable bitmap.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bits {
    words: Buf<u64>,
}

impl Bits {
    pub(crate) fn get(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    pub(crate) fn set(&mut self, i: usize) {
        let w = i / 64;
        if self.words.len() <= w {
            self.words.resize(w + 1, 0);
        }
        self.words[w] |= 1 << (i % 64);
    }
    pub(crate) fn clear(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }
    pub(crate) fn put(&mut self, i: usize, on: bool) {
        if on {
            self.set(i)
        } else {
            self.clear(i)
        }
    }
    fn footprint(&self) -> Footprint {
        self.words.footprint()
    }
    /// Make room for bits below `len` at once.
    fn reserve_to(&mut self, len: usize) {
        let words = len.div_ceil(64);
        if self.words.len() < words {
            self.words.resize(words, 0);
        }
    }
}

/// The strings of a string column, addressed by code: a dictionary while values repeat (each
/// distinct string once, shared, so a read clones a pointer), plain bytes back to back once
/// they turn out mostly distinct (names of single events, addresses), where a dictionary's
/// table would cost more than the repeats it saves.
pub(crate) enum StrHeap {
    Dict {
        strs: Vec<Arc<str>>,
        /// Codes by their string's hash: every code, or none while nothing is added (the end
        /// of a bulk load drops it, see `shrink`; the next string added rebuilds it).
        lookup: HashTable<Slot>,
        /// Names this dictionary among every one the process made (`dict_id`): codes are only
        /// ever added to a dictionary, so what was decided about a code's string stays true.
        id: u64,
    },
    Plain {
        /// `offsets[c]..offsets[c + 1]` are the bytes of code `c`.
        offsets: Buf<u64>,
        bytes: Buf<u8>,
    },
}

/// A dictionary table's entry: a code and, for a string of at most 15 bytes, the string
/// itself (`short_key`), so that looking a short string up compares 16 bytes in place instead
/// of following each candidate's shared string.
#[derive(Clone, Copy)]
pub(crate) struct Slot {
    code: u32,
    short: [u8; 16],
}

/// A string's inline form: its bytes, then zeros, and its length plus one in the last byte;
/// all zeros for a string longer than 15 bytes (compared through the shared string).
fn short_key(s: &str) -> [u8; 16] {
    let mut key = [0u8; 16];
    let b = s.as_bytes();
    if b.len() < 16 {
        key[..b.len()].copy_from_slice(b);
        key[15] = b.len() as u8 + 1;
    }
    key
}

/// Whether `slot` holds `s`, whose inline form is `key`.
fn holds(slot: &Slot, key: &[u8; 16], s: &str, strs: &[Arc<str>]) -> bool {
    slot.short == *key && (key[15] != 0 || *strs[slot.code as usize] == *s)
}

/// The table of a dictionary's strings (`StrHeap::Dict::lookup`), and the code of the first
/// string already in it if one is there twice (kept out of the table: a dictionary's strings
/// are distinct, which `StrHeap::from_parts` checks with this).
fn table_of(strs: &[Arc<str>]) -> (HashTable<Slot>, Option<usize>) {
    let mut lookup = HashTable::with_capacity(strs.len());
    let mut twice = None;
    for (code, s) in strs.iter().enumerate() {
        let key = short_key(s);
        match lookup.entry(
            hash_str(s),
            |slot: &Slot| holds(slot, &key, s, strs),
            |slot| hash_str(&strs[slot.code as usize]),
        ) {
            Entry::Occupied(_) => {
                twice.get_or_insert(code);
            }
            Entry::Vacant(e) => {
                e.insert(Slot {
                    code: code as u32,
                    short: key,
                });
            }
        }
    }
    (lookup, twice)
}

/// The next dictionary's `id`.
static NEXT_DICT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn dict_id() -> u64 {
    NEXT_DICT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Clone for StrHeap {
    /// A copy is a dictionary of its own (its codes may go another way from here).
    fn clone(&self) -> StrHeap {
        match self {
            StrHeap::Dict { strs, lookup, .. } => StrHeap::Dict {
                strs: strs.clone(),
                lookup: lookup.clone(),
                id: dict_id(),
            },
            StrHeap::Plain { offsets, bytes } => StrHeap::Plain {
                offsets: offsets.clone(),
                bytes: bytes.clone(),
            },
        }
    }
}

impl std::fmt::Debug for StrHeap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StrHeap({} strings)", self.len())
    }
}

/// Past this many strings, a dictionary whose strings are mostly distinct becomes plain. Low,
/// because a table's column is one per relationship type: a type with a few thousand events
/// whose addresses are all distinct is better plain (read in place from a snapshot, 8 bytes
/// a string) than a dictionary (a shared allocation and a table entry per string, rebuilt on
/// every open).
const DEDUP_PROBATION: usize = 1 << 10;

pub(crate) fn hash_str(s: &str) -> u64 {
    FixedState::with_seed(0x5eed).hash_one(s)
}

impl StrHeap {
    pub(crate) fn new() -> StrHeap {
        StrHeap::Dict {
            strs: Vec::new(),
            lookup: HashTable::new(),
            id: dict_id(),
        }
    }
    pub(crate) fn len(&self) -> usize {
        match self {
            StrHeap::Dict { strs, .. } => strs.len(),
            StrHeap::Plain { offsets, .. } => offsets.len().saturating_sub(1),
        }
    }
    pub(crate) fn get(&self, code: u32) -> &str {
        let c = code as usize;
        match self {
            StrHeap::Dict { strs, .. } => &strs[c],
            StrHeap::Plain { offsets, bytes } => {
                let bytes = &bytes[offsets[c] as usize..offsets[c + 1] as usize];
                // SAFETY: a plain heap only ever receives whole `&str`s (see `intern` and
                // `make_plain`), so every range between two offsets is valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
        }
    }
    /// The string of a code as a value: shared from a dictionary, copied from plain bytes.
    pub(crate) fn value(&self, code: u32) -> Value {
        match self {
            StrHeap::Dict { strs, .. } => Value::String(strs[code as usize].clone()),
            StrHeap::Plain { .. } => Value::String(Arc::from(self.get(code))),
        }
    }
    /// The code of `s`, adding it when it is new (always, once plain). `uses` is how many
    /// slots the column fills, to judge whether the dictionary pays.
    pub(crate) fn intern(&mut self, s: &Arc<str>, uses: usize) -> u32 {
        self.intern_with(s, hash_str(s), uses, || s.clone())
    }
    /// `intern` of a borrowed string: hashed only for a dictionary, and shared only when it is
    /// new to one.
    pub(crate) fn intern_str(&mut self, s: &str, uses: usize) -> u32 {
        let hash = match self {
            StrHeap::Plain { .. } => 0,
            StrHeap::Dict { .. } => hash_str(s),
        };
        self.intern_with(s, hash, uses, || Arc::from(s))
    }
    /// `intern` with the string's hash (`hash_str`) computed already (a plain heap ignores
    /// it) and the shared string made only when it is new to a dictionary.
    fn intern_with(
        &mut self,
        s: &str,
        hash: u64,
        uses: usize,
        make: impl FnOnce() -> Arc<str>,
    ) -> u32 {
        match self {
            StrHeap::Plain { offsets, bytes } => {
                let code = offsets.len() as u32 - 1;
                bytes.extend_from_slice(s.as_bytes());
                offsets.push(bytes.len() as u64);
                code
            }
            StrHeap::Dict { strs, lookup, .. } => {
                if lookup.len() < strs.len() {
                    *lookup = table_of(strs).0;
                }
                let key = short_key(s);
                let code = match lookup.entry(
                    hash,
                    |slot| holds(slot, &key, s, strs),
                    |slot| hash_str(&strs[slot.code as usize]),
                ) {
                    Entry::Occupied(e) => return e.get().code,
                    Entry::Vacant(e) => {
                        let code = strs.len() as u32;
                        e.insert(Slot { code, short: key });
                        strs.push(make());
                        code
                    }
                };
                if strs.len() >= DEDUP_PROBATION && strs.len() * 4 > uses.max(1) * 3 {
                    self.make_plain();
                }
                code
            }
        }
    }
    fn make_plain(&mut self) {
        let StrHeap::Dict { strs, .. } = self else {
            return;
        };
        let mut offsets = Vec::with_capacity(strs.len() * 2);
        let mut bytes = Vec::new();
        offsets.push(0);
        for s in strs.iter() {
            bytes.extend_from_slice(s.as_bytes());
            offsets.push(bytes.len() as u64);
        }
        *self = StrHeap::Plain {
            offsets: offsets.into(),
            bytes: bytes.into(),
        };
    }
    fn footprint(&self) -> Footprint {
        match self {
            StrHeap::Dict { strs, lookup, .. } => Footprint::heap(
                strs.capacity() * 16
                    + strs.iter().map(|s| 16 + s.len()).sum::<usize>()
                    + lookup.capacity() * (std::mem::size_of::<Slot>() + 1),
            ),
            StrHeap::Plain { offsets, bytes } => offsets.footprint() + bytes.footprint(),
        }
    }
    fn shrink(&mut self) {
        match self {
            StrHeap::Dict { strs, lookup, .. } => {
                strs.shrink_to_fit();
                *lookup = HashTable::new();
            }
            StrHeap::Plain { offsets, bytes } => {
                offsets.shrink_to_fit();
                bytes.shrink_to_fit();
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Data {
    /// Few slots set: by slot.
    Sparse(HashMap<u32, Value, FixedState>),
    Int(Buf<i64>, Bits),
    Float(Buf<f64>, Bits),
    /// Values, then validity.
    Bool(Bits, Bits),
    Str(Buf<u32>, Bits, StrHeap),
    /// Dates, as days since 1970-01-01, then validity.
    Date(Buf<i32>, Bits),
    /// Mixed types or lists; `Value::Null` where unset.
    Any(Vec<Value>),
}

/// A date as a date column holds it: days since 1970-01-01 (None for any other value).
pub fn date_days(value: &Value) -> Option<i32> {
    match value {
        Value::Temporal(t) => t
            .date()
            .filter(|_| t.kind() == crate::temporal::Kind::Date)
            .map(|d| {
                i32::try_from(crate::temporal::epoch_days(d)).expect("a date's days fit 32 bits")
            }),
        _ => None,
    }
}

/// The date of days since 1970-01-01, as a value.
pub(crate) fn date_value(days: i32) -> Value {
    let date = crate::temporal::date_from_epoch_days(i64::from(days))
        .expect("a date column holds dates of the calendar");
    Value::Temporal(Arc::new(crate::temporal::Temporal::Date(date)))
}

/// A property value as it lies in its column: strings borrowed, scalars copied, anything else
/// the stored value itself.
#[derive(Clone, Copy, Debug)]
pub enum PropRef<'a> {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(&'a str),
    /// A date: days since 1970-01-01.
    Date(i32),
    Other(&'a Value),
}

impl<'a> PropRef<'a> {
    fn of(v: &'a Value) -> PropRef<'a> {
        match v {
            Value::Int(i) => PropRef::Int(*i),
            Value::Float(f) => PropRef::Float(*f),
            Value::Bool(b) => PropRef::Bool(*b),
            Value::String(s) => PropRef::Str(s),
            other => match date_days(other) {
                Some(days) => PropRef::Date(days),
                None => PropRef::Other(other),
            },
        }
    }

    /// The value, owned.
    pub fn to_value(self) -> Value {
        match self {
            PropRef::Int(i) => Value::Int(i),
            PropRef::Float(f) => Value::Float(f),
            PropRef::Bool(b) => Value::Bool(b),
            PropRef::Str(s) => Value::String(Arc::from(s)),
            PropRef::Date(days) => date_value(days),
            PropRef::Other(v) => v.clone(),
        }
    }
}

/// A slot of a column as `Column::coded` reads it.
#[derive(Clone, Copy, Debug)]
pub enum Coded<'a> {
    /// The code of the slot's string in its column's dictionary.
    Code(u32),
    /// The slot's value, read in place (None: no value).
    Cell(Option<PropRef<'a>>),
}

/// A number as a column holds it.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// A column of integers or floats read in place (`Column::numbers`): the values by slot and
/// their validity bits, so that a comparison runs on the numbers themselves.
#[derive(Clone, Copy)]
pub enum Numbers<'a> {
    Int(&'a [i64], &'a [u64]),
    Float(&'a [f64], &'a [u64]),
}

impl Numbers<'_> {
    /// The number in a slot (None: no value).
    #[inline(always)]
    pub fn get(self, slot: u32) -> Option<Number> {
        let i = slot as usize;
        let valid = |w: &[u64]| w.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0);
        match self {
            Numbers::Int(v, w) => v.get(i).filter(|_| valid(w)).map(|&x| Number::Int(x)),
            Numbers::Float(v, w) => v.get(i).filter(|_| valid(w)).map(|&x| Number::Float(x)),
        }
    }
}

/// One property key's values over a table's slots.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    data: Data,
    /// How many slots hold a value.
    count: usize,
    /// One past the highest slot ever set while sparse: whether to turn dense is decided
    /// without scanning the map.
    sparse_bound: usize,
}

/// A sparse column becomes dense when at least this many slots are set and they are at least a
/// quarter of the slots up to the highest set one.
const DENSE_MIN: usize = 32;

impl Default for Column {
    fn default() -> Column {
        Column::new()
    }
}

impl Column {
    pub(crate) fn new() -> Column {
        Column {
            data: Data::Sparse(HashMap::with_hasher(FixedState::default())),
            count: 0,
            sparse_bound: 0,
        }
    }

    /// How many slots hold a value.
    #[cfg(test)]
    fn count(&self) -> usize {
        self.count
    }

    pub(crate) fn get(&self, slot: u32) -> Option<Value> {
        let i = slot as usize;
        match &self.data {
            Data::Sparse(map) => map.get(&slot).cloned(),
            Data::Int(v, valid) => valid.get(i).then(|| Value::Int(v[i])),
            Data::Float(v, valid) => valid.get(i).then(|| Value::Float(v[i])),
            Data::Bool(v, valid) => valid.get(i).then(|| Value::Bool(v.get(i))),
            Data::Str(codes, valid, heap) => valid.get(i).then(|| heap.value(codes[i])),
            Data::Date(v, valid) => valid.get(i).then(|| date_value(v[i])),
            Data::Any(v) => v.get(i).filter(|v| !v.is_null()).cloned(),
        }
    }

    /// The value of a slot read in place: a string is borrowed from the column, not copied.
    pub(crate) fn get_ref(&self, slot: u32) -> Option<PropRef<'_>> {
        let i = slot as usize;
        match &self.data {
            Data::Sparse(map) => map.get(&slot).map(PropRef::of),
            Data::Int(v, valid) => valid.get(i).then(|| PropRef::Int(v[i])),
            Data::Float(v, valid) => valid.get(i).then(|| PropRef::Float(v[i])),
            Data::Bool(v, valid) => valid.get(i).then(|| PropRef::Bool(v.get(i))),
            Data::Str(codes, valid, heap) => valid.get(i).then(|| PropRef::Str(heap.get(codes[i]))),
            Data::Date(v, valid) => valid.get(i).then(|| PropRef::Date(v[i])),
            Data::Any(v) => v.get(i).filter(|v| !v.is_null()).map(PropRef::of),
        }
    }

    /// How many strings a dictionary-encoded column holds, whose slots `coded` reads as codes
    /// (one per distinct string); 0 for any other column.
    pub(crate) fn dict_len(&self) -> usize {
        match &self.data {
            Data::Str(_, _, heap @ StrHeap::Dict { .. }) => heap.len(),
            _ => 0,
        }
    }

    /// The `id` of a dictionary-encoded column's dictionary (0 for any other column).
    pub(crate) fn dict_id(&self) -> u64 {
        match &self.data {
            Data::Str(_, _, StrHeap::Dict { id, .. }) => *id,
            _ => 0,
        }
    }

    /// A slot of a dictionary-encoded column as its code; of any other, its value in place.
    pub(crate) fn coded(&self, slot: u32) -> Coded<'_> {
        match &self.data {
            Data::Str(codes, valid, StrHeap::Dict { .. }) => {
                let i = slot as usize;
                if valid.get(i) {
                    Coded::Code(codes[i])
                } else {
                    Coded::Cell(None)
                }
            }
            _ => Coded::Cell(self.get_ref(slot)),
        }
    }

    /// Ask for a slot's value early (its code, for a string column).
    #[inline]
    pub(crate) fn prefetch(&self, slot: u32) {
        let i = slot as usize;
        match &self.data {
            Data::Str(codes, ..) => codes.get(i).map(super::prefetch),
            Data::Int(v, _) => v.get(i).map(super::prefetch),
            Data::Float(v, _) => v.get(i).map(super::prefetch),
            Data::Date(v, _) => v.get(i).map(super::prefetch),
            _ => None,
        };
    }

    /// Ask early for one link of the chain that reading a string slot follows (the slot's
    /// code, then where the code's bytes lie, then the bytes): `step` 0, 1 or 2. A step reads
    /// what the step before asked for, so a caller walking many slots asks each slot's steps
    /// in order, some slots apart (step 0 furthest ahead). Nothing for other columns.
    #[inline]
    pub(crate) fn prefetch_str(&self, slot: u32, step: u8) {
        let i = slot as usize;
        let Data::Str(codes, valid, heap) = &self.data else {
            return;
        };
        match step {
            0 => {
                codes.get(i).map(super::prefetch);
                valid.words.get(i / 64).map(super::prefetch);
            }
            _ => {
                let Some(&code) = codes.get(i) else {
                    return;
                };
                let c = code as usize;
                match (heap, step) {
                    (StrHeap::Dict { strs, .. }, 1) => strs.get(c).map(super::prefetch),
                    (StrHeap::Dict { strs, .. }, _) => strs
                        .get(c)
                        .and_then(|s| s.as_bytes().first())
                        .map(super::prefetch),
                    (StrHeap::Plain { offsets, .. }, 1) => offsets.get(c).map(super::prefetch),
                    (StrHeap::Plain { offsets, bytes }, _) => offsets
                        .get(c)
                        .and_then(|&o| bytes.get(o as usize))
                        .map(super::prefetch),
                };
            }
        }
    }

    /// The column's numbers, when it is a dense column of integers or of floats.
    pub(crate) fn numbers(&self) -> Option<Numbers<'_>> {
        match &self.data {
            Data::Int(v, valid) => Some(Numbers::Int(v, &valid.words)),
            Data::Float(v, valid) => Some(Numbers::Float(v, &valid.words)),
            _ => None,
        }
    }

    /// The string of a code `coded` gave.
    pub(crate) fn dict_str(&self, code: u32) -> &str {
        match &self.data {
            Data::Str(_, _, heap) => heap.get(code),
            _ => "",
        }
    }

    /// Whether the layout fixes one scalar type for every value (a dense column of integers,
    /// floats, booleans, strings or dates): then any one value tells the type of all.
    pub(crate) fn is_uniform(&self) -> bool {
        matches!(
            self.data,
            Data::Int(..) | Data::Float(..) | Data::Bool(..) | Data::Str(..) | Data::Date(..)
        )
    }

    /// Each slot holding a value: in increasing order, but in no particular order while the
    /// column is sparse. Stops at the first error `f` returns.
    pub(crate) fn try_each_slot<E>(
        &self,
        mut f: impl FnMut(u32) -> Result<(), E>,
    ) -> Result<(), E> {
        match &self.data {
            Data::Sparse(map) => map.keys().try_for_each(|&slot| f(slot)),
            Data::Int(_, valid)
            | Data::Float(_, valid)
            | Data::Bool(_, valid)
            | Data::Str(_, valid, _)
            | Data::Date(_, valid) => each_bit(&valid.words, |i| f(i as u32)),
            Data::Any(v) => v
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_null())
                .try_for_each(|(i, _)| f(i as u32)),
        }
    }

    /// Each slot holding a value with the value read in place, in the order of
    /// `try_each_slot`. Stops at the first error `f` returns.
    pub(crate) fn try_each<'a, E>(
        &'a self,
        mut f: impl FnMut(u32, PropRef<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        match &self.data {
            Data::Sparse(map) => map
                .iter()
                .try_for_each(|(&slot, v)| f(slot, PropRef::of(v))),
            Data::Int(v, valid) => each_bit(&valid.words, |i| f(i as u32, PropRef::Int(v[i]))),
            Data::Float(v, valid) => each_bit(&valid.words, |i| f(i as u32, PropRef::Float(v[i]))),
            Data::Bool(v, valid) => {
                each_bit(&valid.words, |i| f(i as u32, PropRef::Bool(v.get(i))))
            }
            Data::Str(codes, valid, heap) => each_bit(&valid.words, |i| {
                f(i as u32, PropRef::Str(heap.get(codes[i])))
            }),
            Data::Date(v, valid) => each_bit(&valid.words, |i| f(i as u32, PropRef::Date(v[i]))),
            Data::Any(v) => v
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_null())
                .try_for_each(|(i, v)| f(i as u32, PropRef::of(v))),
        }
    }

    /// Some value of the column (None when it holds none).
    pub(crate) fn any_value(&self) -> Option<PropRef<'_>> {
        let mut found = None;
        let _ = self.try_each(|_, v| {
            found = Some(v);
            Err(())
        });
        found
    }

    pub(crate) fn has(&self, slot: u32) -> bool {
        let i = slot as usize;
        match &self.data {
            Data::Sparse(map) => map.contains_key(&slot),
            Data::Int(_, valid)
            | Data::Float(_, valid)
            | Data::Bool(_, valid)
            | Data::Str(_, valid, _)
            | Data::Date(_, valid) => valid.get(i),
            Data::Any(v) => v.get(i).is_some_and(|v| !v.is_null()),
        }
    }

    /// Remove the value of a slot, returning it.
    pub(crate) fn remove(&mut self, slot: u32) -> Option<Value> {
        let old = self.get(slot)?;
        let i = slot as usize;
        match &mut self.data {
            Data::Sparse(map) => {
                map.remove(&slot);
            }
            Data::Int(_, valid)
            | Data::Float(_, valid)
            | Data::Bool(_, valid)
            | Data::Str(_, valid, _)
            | Data::Date(_, valid) => valid.clear(i),
            Data::Any(v) => v[i] = Value::Null,
        }
        self.count -= 1;
        Some(old)
    }

    /// Set the value of a slot (never null), returning the previous one.
    pub(crate) fn set(&mut self, slot: u32, value: Value) -> Option<Value> {
        debug_assert!(!value.is_null());
        let old = self.remove(slot);
        self.count += 1;
        let i = slot as usize;
        if !self.put_typed(i, &value) {
            if let Data::Sparse(map) = &mut self.data {
                map.insert(slot, value);
                self.sparse_bound = self.sparse_bound.max(i + 1);
                if self.count >= DENSE_MIN && self.count * 4 >= self.sparse_bound {
                    self.densify();
                }
            } else {
                self.make_any();
                let Data::Any(v) = &mut self.data else {
                    unreachable!("made generic above")
                };
                if v.len() <= i {
                    v.resize(i + 1, Value::Null);
                }
                v[i] = value;
            }
        }
        old
    }

    /// Set the values of many slots, given in increasing order: cell `j` goes to `slots[j]`.
    /// The same as `set` for each in turn, but once the column is dense and of the cells' type,
    /// without making a `Value` per cell. Returns how many of the slots had no value before.
    pub(crate) fn put_many(&mut self, slots: &[u32], cells: &Cells) -> usize {
        debug_assert_eq!(slots.len(), cells.len());
        let n = slots.len();
        let mut fresh = 0;
        let mut j = 0;
        // While sparse or of another type: one value at a time, as `set` does.
        while j < n && !self.takes(cells) {
            if self.set(slots[j], cells.value(j)).is_none() {
                fresh += 1;
            }
            j += 1;
        }
        if j == n {
            return fresh;
        }
        fn grow<T: Plain>(v: &mut Buf<T>, len: usize, fill: T) {
            if v.len() < len {
                v.resize(len, fill);
            }
        }
        let bound = slots[n - 1] as usize + 1;
        let mut count = self.count;
        // Marks slot `i` valid, counting it when it was not.
        fn mark(valid: &mut Bits, i: usize, count: &mut usize, fresh: &mut usize) {
            if !valid.get(i) {
                valid.set(i);
                *count += 1;
                *fresh += 1;
            }
        }
        match (&mut self.data, cells) {
            (Data::Int(v, valid), Cells::Int(xs)) => {
                grow(v, bound, 0);
                valid.reserve_to(bound);
                for (&slot, &x) in slots[j..].iter().zip(&xs[j..]) {
                    v[slot as usize] = x;
                    mark(valid, slot as usize, &mut count, &mut fresh);
                }
            }
            (Data::Float(v, valid), Cells::Float(xs)) => {
                grow(v, bound, 0.0);
                valid.reserve_to(bound);
                for (&slot, &x) in slots[j..].iter().zip(&xs[j..]) {
                    v[slot as usize] = x;
                    mark(valid, slot as usize, &mut count, &mut fresh);
                }
            }
            (Data::Bool(v, valid), Cells::Bool(xs)) => {
                v.reserve_to(bound);
                valid.reserve_to(bound);
                for (&slot, &x) in slots[j..].iter().zip(&xs[j..]) {
                    v.put(slot as usize, x);
                    mark(valid, slot as usize, &mut count, &mut fresh);
                }
            }
            (Data::Str(codes, valid, heap), Cells::Str(strs)) => {
                grow(codes, bound, 0);
                valid.reserve_to(bound);
                for (k, &slot) in slots.iter().enumerate().skip(j) {
                    let i = slot as usize;
                    mark(valid, i, &mut count, &mut fresh);
                    let s = strs.get(k);
                    codes[i] = heap.intern_str(s, count);
                }
            }
            _ => unreachable!("takes() checked the column's type"),
        }
        self.count = count;
        fresh
    }

    /// Whether the column is dense and of the cells' type.
    fn takes(&self, cells: &Cells) -> bool {
        matches!(
            (&self.data, cells),
            (Data::Int(..), Cells::Int(_))
                | (Data::Float(..), Cells::Float(_))
                | (Data::Bool(..), Cells::Bool(_))
                | (Data::Str(..), Cells::Str(_))
        )
    }

    /// Store a value in a dense typed column of its own type; false when the column is sparse
    /// or of another type (nothing is stored then).
    fn put_typed(&mut self, i: usize, value: &Value) -> bool {
        fn grow<T: Plain>(v: &mut Buf<T>, i: usize, fill: T) {
            if v.len() <= i {
                v.resize(i + 1, fill);
            }
        }
        let uses = self.count;
        match (&mut self.data, value) {
            (Data::Int(v, valid), Value::Int(x)) => {
                grow(v, i, 0);
                v[i] = *x;
                valid.set(i);
            }
            (Data::Float(v, valid), Value::Float(x)) => {
                grow(v, i, 0.0);
                v[i] = *x;
                valid.set(i);
            }
            (Data::Bool(v, valid), Value::Bool(x)) => {
                v.put(i, *x);
                valid.set(i);
            }
            (Data::Str(codes, valid, heap), Value::String(s)) => {
                grow(codes, i, 0);
                codes[i] = heap.intern(s, uses);
                valid.set(i);
            }
            (Data::Date(v, valid), value) => {
                let Some(days) = date_days(value) else {
                    return false;
                };
                grow(v, i, 0);
                v[i] = days;
                valid.set(i);
            }
            _ => return false,
        }
        true
    }

    /// Turn a sparse column into a dense one of its values' type (generic when they differ).
    fn densify(&mut self) {
        let Data::Sparse(map) = std::mem::replace(&mut self.data, Data::Any(Vec::new())) else {
            return;
        };
        let mut entries: Vec<(u32, Value)> = map.into_iter().collect();
        entries.sort_unstable_by_key(|(k, _)| *k);
        let kind = std::mem::discriminant(&entries[0].1);
        let uniform = entries
            .iter()
            .all(|(_, v)| std::mem::discriminant(v) == kind);
        let dates = entries.iter().all(|(_, v)| date_days(v).is_some());
        self.data = match &entries[0].1 {
            _ if dates => Data::Date(Buf::new(), Bits::default()),
            _ if !uniform => Data::Any(Vec::new()),
            Value::Int(_) => Data::Int(Buf::new(), Bits::default()),
            Value::Float(_) => Data::Float(Buf::new(), Bits::default()),
            Value::Bool(_) => Data::Bool(Bits::default(), Bits::default()),
            Value::String(_) => Data::Str(Buf::new(), Bits::default(), StrHeap::new()),
            _ => Data::Any(Vec::new()),
        };
        self.count = 0;
        for (slot, value) in entries {
            self.set(slot, value);
        }
    }

    /// Turn a dense typed column into a generic one.
    fn make_any(&mut self) {
        if matches!(self.data, Data::Any(_)) {
            return;
        }
        let bound = match &self.data {
            Data::Int(v, _) => v.len(),
            Data::Float(v, _) => v.len(),
            Data::Bool(_, valid) => valid.words.len() * 64,
            Data::Str(codes, _, _) => codes.len(),
            Data::Date(v, _) => v.len(),
            Data::Sparse(map) => map.keys().map(|k| *k as usize + 1).max().unwrap_or(0),
            Data::Any(v) => v.len(),
        };
        let values: Vec<Value> = (0..bound as u32)
            .map(|i| self.get(i).unwrap_or(Value::Null))
            .collect();
        self.data = Data::Any(values);
    }

    /// The bytes the column takes, roughly: for statistics and tests of the layout.
    pub(crate) fn footprint(&self) -> Footprint {
        match &self.data {
            Data::Sparse(map) => Footprint::heap(map.capacity() * 48),
            Data::Int(v, valid) => v.footprint() + valid.footprint(),
            Data::Float(v, valid) => v.footprint() + valid.footprint(),
            Data::Bool(v, valid) => v.footprint() + valid.footprint(),
            Data::Str(codes, valid, heap) => {
                codes.footprint() + valid.footprint() + heap.footprint()
            }
            Data::Date(v, valid) => v.footprint() + valid.footprint(),
            Data::Any(v) => Footprint::heap(v.capacity() * std::mem::size_of::<Value>()),
        }
    }

    /// The column's layout in a word: sparse, int, float, bool, string, any.
    #[cfg(test)]
    fn kind(&self) -> &'static str {
        match &self.data {
            Data::Sparse(_) => "sparse",
            Data::Int(..) => "int",
            Data::Float(..) => "float",
            Data::Bool(..) => "bool",
            Data::Str(..) => "string",
            Data::Date(..) => "date",
            Data::Any(_) => "any",
        }
    }

    /// Give back memory reserved past what the column holds (after a bulk load).
    pub(crate) fn shrink(&mut self) {
        match &mut self.data {
            Data::Sparse(map) => map.shrink_to_fit(),
            Data::Int(v, valid) => {
                v.shrink_to_fit();
                valid.words.shrink_to_fit();
            }
            Data::Float(v, valid) => {
                v.shrink_to_fit();
                valid.words.shrink_to_fit();
            }
            Data::Bool(v, valid) => {
                v.words.shrink_to_fit();
                valid.words.shrink_to_fit();
            }
            Data::Str(codes, valid, heap) => {
                codes.shrink_to_fit();
                valid.words.shrink_to_fit();
                heap.shrink();
            }
            Data::Date(v, valid) => {
                v.shrink_to_fit();
                valid.words.shrink_to_fit();
            }
            Data::Any(v) => v.shrink_to_fit(),
        }
    }
}

// ---- plain data, for snapshots (see `parts`) ----

/// Whether every bit set in `valid` is also set in `live` and below `len`.
fn bits_within(valid: &[u64], live: &[u64], len: usize) -> bool {
    valid.iter().enumerate().all(|(w, &bits)| {
        let allowed = live.get(w).copied().unwrap_or(0);
        let below = if (w + 1) * 64 <= len {
            !0
        } else if w * 64 >= len {
            0
        } else {
            (1u64 << (len - w * 64)) - 1
        };
        bits & !(allowed & below) == 0
    })
}

/// `f` of each bit set in `words`, lowest first; stops at the first error.
fn each_bit<E>(words: &[u64], mut f: impl FnMut(usize) -> Result<(), E>) -> Result<(), E> {
    for (w, &bits) in words.iter().enumerate() {
        let mut bits = bits;
        while bits != 0 {
            f(w * 64 + bits.trailing_zeros() as usize)?;
            bits &= bits - 1;
        }
    }
    Ok(())
}

fn ones(words: &[u64]) -> usize {
    words.iter().map(|w| w.count_ones() as usize).sum()
}

impl StrHeap {
    fn to_parts(&self) -> HeapParts<'_> {
        match self {
            StrHeap::Dict { strs, .. } => HeapParts::Dict(Cow::Borrowed(strs)),
            StrHeap::Plain { offsets, bytes } => HeapParts::Plain {
                offsets: Part::Borrowed(offsets),
                bytes: Part::Borrowed(bytes),
            },
        }
    }

    /// A heap from its parts: a dictionary's strings must be distinct; plain offsets must start
    /// at 0, never decrease, end at the length of the bytes and fall on character boundaries of
    /// valid UTF-8.
    fn from_parts(parts: HeapParts<'_>) -> Result<StrHeap, String> {
        match parts {
            HeapParts::Dict(strs) => {
                let strs = strs.into_owned();
                let (lookup, twice) = table_of(&strs);
                if let Some(code) = twice {
                    let s = &strs[code];
                    return Err(format!("the string {s:?} is twice in a dictionary"));
                }
                Ok(StrHeap::Dict {
                    strs,
                    lookup,
                    id: dict_id(),
                })
            }
            HeapParts::Plain { offsets, bytes } => {
                let offsets = offsets.into_buf();
                let bytes = bytes.into_buf();
                let text = std::str::from_utf8(&bytes)
                    .map_err(|_| "a string column holds bytes that are not UTF-8".to_string())?;
                if offsets.first() != Some(&0) || offsets.last() != Some(&(bytes.len() as u64)) {
                    return Err("a string column's offsets do not span its bytes".to_string());
                }
                let ok = offsets.windows(2).all(|w| w[0] <= w[1])
                    && offsets.iter().all(|&o| text.is_char_boundary(o as usize));
                if !ok {
                    return Err(
                        "a string column's offsets are out of order or split a character"
                            .to_string(),
                    );
                }
                if offsets.len() - 1 > u32::MAX as usize {
                    return Err("a string column holds too many strings".to_string());
                }
                Ok(StrHeap::Plain { offsets, bytes })
            }
        }
    }
}

impl Column {
    /// The column as plain data, borrowing its arrays (a sparse column's entries by slot).
    pub(crate) fn to_parts(&self) -> ColumnParts<'_> {
        match &self.data {
            Data::Sparse(map) => {
                let mut entries: Vec<(u32, Value)> =
                    map.iter().map(|(k, v)| (*k, v.clone())).collect();
                entries.sort_unstable_by_key(|(k, _)| *k);
                ColumnParts::Sparse(entries)
            }
            Data::Int(v, valid) => ColumnParts::Int {
                values: Part::Borrowed(v),
                valid: Part::Borrowed(&valid.words),
            },
            Data::Float(v, valid) => ColumnParts::Float {
                values: Part::Borrowed(v),
                valid: Part::Borrowed(&valid.words),
            },
            Data::Bool(v, valid) => ColumnParts::Bool {
                values: Part::Borrowed(&v.words),
                valid: Part::Borrowed(&valid.words),
            },
            Data::Str(codes, valid, heap) => ColumnParts::Str {
                codes: Part::Borrowed(codes),
                valid: Part::Borrowed(&valid.words),
                heap: heap.to_parts(),
            },
            Data::Date(v, valid) => ColumnParts::Date {
                days: Part::Borrowed(v),
                valid: Part::Borrowed(&valid.words),
            },
            Data::Any(v) => ColumnParts::Any(Cow::Borrowed(v)),
        }
    }

    /// A column from its parts, checked: values only in the slots set in `live` (a bitmap of
    /// the table's live slots), no nulls, validity bits only where there is a value, string
    /// codes within their heap.
    pub(crate) fn from_parts(parts: ColumnParts<'_>, live: &[u64]) -> Result<Column, String> {
        let is_live = |slot: u32| {
            live.get(slot as usize / 64)
                .is_some_and(|w| w & (1 << (slot % 64)) != 0)
        };
        let outside = || "a column holds values outside the live slots".to_string();
        let (data, count) = match parts {
            ColumnParts::Sparse(entries) => {
                let mut map =
                    HashMap::with_capacity_and_hasher(entries.len(), FixedState::default());
                for (slot, value) in entries {
                    if value.is_null() || !is_live(slot) {
                        return Err(outside());
                    }
                    if map.insert(slot, value).is_some() {
                        return Err(format!("a column holds slot {slot} twice"));
                    }
                }
                let count = map.len();
                (Data::Sparse(map), count)
            }
            ColumnParts::Int { values, valid } => {
                if !bits_within(&valid, live, values.len()) {
                    return Err(outside());
                }
                let count = ones(&valid);
                let valid = Bits {
                    words: valid.into_buf(),
                };
                (Data::Int(values.into_buf(), valid), count)
            }
            ColumnParts::Float { values, valid } => {
                if !bits_within(&valid, live, values.len()) {
                    return Err(outside());
                }
                let count = ones(&valid);
                let valid = Bits {
                    words: valid.into_buf(),
                };
                (Data::Float(values.into_buf(), valid), count)
            }
            ColumnParts::Date { days, valid } => {
                if !bits_within(&valid, live, days.len()) {
                    return Err(outside());
                }
                // Days of unset slots are never read; those of set ones must be dates of the
                // calendar (the years -9999 to 9999).
                let mut bad = None;
                let _ = each_bit(&valid, |i| {
                    if crate::temporal::date_from_epoch_days(i64::from(days[i])).is_err() {
                        bad = Some(days[i]);
                        return Err(());
                    }
                    Ok(())
                });
                if let Some(d) = bad {
                    return Err(format!("a date column holds {d} days, past the calendar"));
                }
                let count = ones(&valid);
                let valid = Bits {
                    words: valid.into_buf(),
                };
                (Data::Date(days.into_buf(), valid), count)
            }
            ColumnParts::Bool { values, valid } => {
                if !bits_within(&valid, live, usize::MAX) {
                    return Err(outside());
                }
                let count = ones(&valid);
                let values = Bits {
                    words: values.into_buf(),
                };
                let valid = Bits {
                    words: valid.into_buf(),
                };
                (Data::Bool(values, valid), count)
            }
            ColumnParts::Str { codes, valid, heap } => {
                if !bits_within(&valid, live, codes.len()) {
                    return Err(outside());
                }
                let heap = StrHeap::from_parts(heap)?;
                let len = heap.len();
                // Codes of unset slots are never read; only those of set ones must be in range.
                if codes.iter().any(|&c| c as usize >= len) {
                    let bad = valid.iter().enumerate().any(|(w, &bits)| {
                        let mut bits = bits;
                        while bits != 0 {
                            let i = w * 64 + bits.trailing_zeros() as usize;
                            if codes[i] as usize >= len {
                                return true;
                            }
                            bits &= bits - 1;
                        }
                        false
                    });
                    if bad {
                        return Err(format!("a string code is past its {len} strings"));
                    }
                }
                let count = ones(&valid);
                let valid = Bits {
                    words: valid.into_buf(),
                };
                (Data::Str(codes.into_buf(), valid, heap), count)
            }
            ColumnParts::Any(values) => {
                let mut count = 0;
                for (i, v) in values.iter().enumerate() {
                    if !v.is_null() {
                        if i > u32::MAX as usize || !is_live(i as u32) {
                            return Err(outside());
                        }
                        count += 1;
                    }
                }
                (Data::Any(values.into_owned()), count)
            }
        };
        let sparse_bound = match &data {
            Data::Sparse(map) => map.keys().map(|k| *k as usize + 1).max().unwrap_or(0),
            _ => 0,
        };
        Ok(Column {
            data,
            count,
            sparse_bound,
        })
    }

    /// How many slots hold a value.
    pub(crate) fn len(&self) -> usize {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[(u32, Value)], kind: &str) {
        let mut c = Column::new();
        for (slot, v) in values {
            c.set(*slot, v.clone());
        }
        assert_eq!(c.kind(), kind);
        let mut expected: std::collections::BTreeMap<u32, Value> = Default::default();
        for (slot, v) in values {
            expected.insert(*slot, v.clone());
        }
        assert_eq!(c.count(), expected.len());
        let bound = values.iter().map(|(s, _)| s + 2).max().unwrap_or(2);
        for slot in 0..bound {
            assert_eq!(c.get(slot), expected.get(&slot).cloned(), "slot {slot}");
        }
        // The walks over the set slots see each value once, and a uniform layout holds one type.
        let mut walked = std::collections::BTreeMap::new();
        c.try_each(|slot, v| {
            assert!(
                walked.insert(slot, v.to_value()).is_none(),
                "slot {slot} twice"
            );
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(walked, expected);
        let mut slots = Vec::new();
        c.try_each_slot(|slot| {
            slots.push(slot);
            Ok::<(), ()>(())
        })
        .unwrap();
        slots.sort_unstable();
        assert_eq!(slots, expected.keys().copied().collect::<Vec<_>>());
        if c.is_uniform() {
            let first = std::mem::discriminant(&c.any_value().unwrap().to_value());
            assert!(expected
                .values()
                .all(|v| std::mem::discriminant(v) == first));
        }
    }

    #[test]
    fn columns_keep_every_value_and_type() {
        check(&[(3, Value::Int(1)), (9, Value::str("x"))], "sparse");
        let ints: Vec<_> = (0..100).map(|i| (i, Value::Int(i as i64 * 3))).collect();
        check(&ints, "int");
        let floats: Vec<_> = (0..100)
            .map(|i| (i, Value::Float(i as f64 / 2.0)))
            .collect();
        check(&floats, "float");
        let bools: Vec<_> = (0..100).map(|i| (i * 2, Value::Bool(i % 3 == 0))).collect();
        check(&bools, "bool");
        let strs: Vec<_> = (0..100)
            .map(|i| (i, Value::str(&format!("s{}", i % 7))))
            .collect();
        check(&strs, "string");
        let date = |days: i32| date_value(days);
        let dates: Vec<_> = (0..100)
            .map(|i| (i, date(i as i32 * 37 - 900_000)))
            .collect();
        check(&dates, "date");
        assert_eq!(date_days(&date(-3_652_424)), Some(-3_652_424));
        // A datetime, or a string, among dates: the column turns generic.
        let mut not_dates = dates.clone();
        not_dates.push((100, Value::str("2020-01-01")));
        check(&not_dates, "any");
        let mut datetimes = dates.clone();
        let dt =
            crate::temporal::parse_temporal(crate::temporal::Kind::DateTime, "2020-01-01T00:00Z")
                .unwrap();
        datetimes.push((7, Value::Temporal(Arc::new(dt))));
        check(&datetimes, "any");
        // An integer among floats keeps its type: the column turns generic.
        let mut mixed = floats.clone();
        mixed.push((50, Value::Int(7)));
        mixed.push((200, Value::List(vec![Value::Int(1)])));
        check(&mixed, "any");
    }

    #[test]
    fn removing_and_overwriting() {
        let mut c = Column::new();
        for i in 0..64 {
            c.set(i, Value::str(&format!("v{i}")));
        }
        assert_eq!(c.set(5, Value::str("new")), Some(Value::str("v5")));
        assert_eq!(c.remove(6), Some(Value::str("v6")));
        assert_eq!(c.remove(6), None);
        assert_eq!(c.get(5), Some(Value::str("new")));
        assert_eq!(c.count(), 63);
        assert!(!c.has(6) && c.has(7));
    }

    #[test]
    fn heap_deduplicates_repeats_and_gives_up_on_distinct_strings() {
        let mut h = StrHeap::new();
        let a = h.intern(&Arc::from("a"), 1);
        assert_eq!(h.intern(&Arc::from("a"), 2), a);
        assert_eq!(h.len(), 1);
        for i in 0..DEDUP_PROBATION + 10 {
            h.intern(&Arc::from(format!("u{i}")), i + 3);
        }
        assert!(matches!(h, StrHeap::Plain { .. }));
        assert_eq!(h.get(a), "a");
        assert_eq!(h.value(a), Value::str("a"));
    }

    #[test]
    fn a_dictionary_tells_short_strings_apart_in_place_and_rebuilds_its_table() {
        // Around the 15 bytes kept in the table's entries, trailing zero bytes, and strings
        // whose first 15 bytes agree.
        let strings = [
            "",
            "a",
            "a\0",
            "a\0\0",
            "\0",
            "abcdefghijklmn",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "abcdefghijklmnopq",
            "2019-01-21",
            "ünïcödé",
        ];
        let mut h = StrHeap::new();
        let codes: Vec<u32> = strings.iter().map(|s| h.intern_str(s, 100)).collect();
        let distinct: std::collections::HashSet<u32> = codes.iter().copied().collect();
        assert_eq!(distinct.len(), strings.len());
        for (s, &code) in strings.iter().zip(&codes) {
            assert_eq!(h.get(code), *s);
            assert_eq!(h.intern_str(s, 100), code);
        }
        // After a bulk load the table is dropped; the next string added brings it back whole.
        h.shrink();
        assert!(matches!(&h, StrHeap::Dict { lookup, .. } if lookup.is_empty()));
        for (s, &code) in strings.iter().zip(&codes).rev() {
            assert_eq!(h.intern_str(s, 100), code);
        }
        assert_eq!(h.intern_str("new", 100), strings.len() as u32);
        assert_eq!(h.len(), strings.len() + 1);
    }
}
