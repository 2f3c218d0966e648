//! The store's big arrays: each either owned (a `Vec`) or lying in a mapped snapshot file,
//! read in place. A mapped array is copied into an owned one the first time it changes (copy
//! on write), so opening a snapshot maps its arrays without reading them and a graph that is
//! only queried never copies them; the pages stay the operating system's page cache.
//!
//! Only types of plain numbers can be mapped (`Plain`): every bit pattern is a value, there is
//! no padding, and the snapshot writes them little-endian, as they lie in memory on the
//! machines that map them (on a big-endian machine arrays are always copied and converted).

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use super::{NodeId, RelId, Sym};

/// Bytes that stay put while anything borrows them: a memory-mapped file, or a buffer.
pub(crate) type Backing = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A type whose values are any bit pattern of its size, with no padding, alignment at most 8,
/// and which a snapshot stores little-endian as the machine does.
///
/// # Safety
/// Implement only for such types: `Buf::mapped` reads them straight from file bytes.
pub(crate) unsafe trait Plain: Copy + Send + Sync + 'static {
    /// The value from its little-endian representation read as native (a no-op on
    /// little-endian machines).
    fn to_native(self) -> Self;
}

macro_rules! plain_int {
    ($($t:ty),*) => {$(
        // SAFETY: a primitive integer: every bit pattern is a value, no padding.
        unsafe impl Plain for $t {
            fn to_native(self) -> Self {
                <$t>::from_le(self)
            }
        }
    )*};
}
plain_int!(u8, u32, u64, i32, i64);

// SAFETY: every bit pattern of a `u64` is some `f64` (NaN payloads included).
unsafe impl Plain for f64 {
    fn to_native(self) -> Self {
        f64::from_bits(u64::from_le(self.to_bits()))
    }
}

macro_rules! plain_id {
    ($($t:ident),*) => {$(
        // SAFETY: `#[repr(transparent)]` over a `u32`.
        unsafe impl Plain for $t {
            fn to_native(self) -> Self {
                $t(u32::from_le(self.0))
            }
        }
    )*};
}
plain_id!(Sym, NodeId, RelId);

// The layout of an adjacency entry, checked when compiling: two `u32`s, the relationship
// first, no padding, as the snapshot writes it.
const _: () = {
    assert!(std::mem::size_of::<(RelId, NodeId)>() == 8);
    assert!(std::mem::align_of::<(RelId, NodeId)>() == 4);
    assert!(std::mem::offset_of!((RelId, NodeId), 0) == 0);
    assert!(std::mem::offset_of!((RelId, NodeId), 1) == 4);
};

// SAFETY: two `Plain` `u32` newtypes at offsets 0 and 4 and size 8 (checked above): no padding.
unsafe impl Plain for (RelId, NodeId) {
    fn to_native(self) -> Self {
        (self.0.to_native(), self.1.to_native())
    }
}

/// Bytes a part of the store takes: on the heap, and read in place from a mapped snapshot (the
/// file's pages, in the operating system's cache).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Footprint {
    pub heap: usize,
    pub mapped: usize,
}

impl Footprint {
    pub(crate) fn heap(bytes: usize) -> Footprint {
        Footprint {
            heap: bytes,
            mapped: 0,
        }
    }
}

impl std::ops::Add for Footprint {
    type Output = Footprint;
    fn add(self, other: Footprint) -> Footprint {
        Footprint {
            heap: self.heap + other.heap,
            mapped: self.mapped + other.mapped,
        }
    }
}

impl std::iter::Sum for Footprint {
    fn sum<I: Iterator<Item = Footprint>>(iter: I) -> Footprint {
        iter.fold(Footprint::default(), |a, b| a + b)
    }
}

enum Repr<T: Plain> {
    Owned(Vec<T>),
    /// `len` values at `ptr`, inside the bytes of `backing`, which keeps them alive.
    Mapped {
        backing: Backing,
        ptr: *const T,
        len: usize,
    },
}

/// An array of plain values, owned or mapped (see the module documentation). It reads as a
/// slice; anything that changes it makes it owned first.
pub(crate) struct Buf<T: Plain> {
    repr: Repr<T>,
}

// SAFETY: a mapped `Buf` only reads immutable bytes kept alive by a `Send + Sync` backing.
unsafe impl<T: Plain> Send for Buf<T> {}
// SAFETY: as above; `&Buf` gives only shared reads.
unsafe impl<T: Plain> Sync for Buf<T> {}

impl<T: Plain> Buf<T> {
    pub(crate) const fn new() -> Buf<T> {
        Buf {
            repr: Repr::Owned(Vec::new()),
        }
    }

    /// The values in `bytes`, which must lie inside `backing`, read in place when they are
    /// aligned for `T` (else copied). `None` when the bytes are not a whole number of values
    /// or do not lie in `backing`.
    pub(crate) fn mapped(backing: &Backing, bytes: &[u8]) -> Option<Buf<T>> {
        let size = std::mem::size_of::<T>();
        if !bytes.len().is_multiple_of(size) {
            return None;
        }
        let whole = (**backing).as_ref();
        let (start, end) = (
            whole.as_ptr() as usize,
            whole.as_ptr() as usize + whole.len(),
        );
        let at = bytes.as_ptr() as usize;
        if at < start || at + bytes.len() > end {
            return None;
        }
        if cfg!(target_endian = "big") || !at.is_multiple_of(std::mem::align_of::<T>()) {
            return Some(Buf::copied(bytes));
        }
        Some(Buf {
            repr: Repr::Mapped {
                backing: backing.clone(),
                ptr: bytes.as_ptr().cast::<T>(),
                len: bytes.len() / size,
            },
        })
    }

    /// The values of little-endian `bytes` (a whole number of values), copied.
    pub(crate) fn copied(bytes: &[u8]) -> Buf<T> {
        let size = std::mem::size_of::<T>();
        let len = bytes.len() / size;
        let mut v: Vec<T> = Vec::with_capacity(len);
        // SAFETY: `T: Plain`, so any bytes are values; `len * size` bytes are copied into the
        // new vector's capacity before its length is set.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), v.as_mut_ptr().cast::<u8>(), len * size);
            v.set_len(len);
        }
        if cfg!(target_endian = "big") {
            for x in &mut v {
                *x = x.to_native();
            }
        }
        v.into()
    }

    /// Whether the values lie in a mapped file.
    #[cfg(test)]
    pub(crate) fn is_mapped(&self) -> bool {
        matches!(self.repr, Repr::Mapped { .. })
    }

    /// The values as an owned vector, copied out of the mapping the first time.
    pub(crate) fn to_mut(&mut self) -> &mut Vec<T> {
        if let Repr::Mapped { .. } = self.repr {
            let owned = self.as_slice().to_vec();
            self.repr = Repr::Owned(owned);
        }
        match &mut self.repr {
            Repr::Owned(v) => v,
            Repr::Mapped { .. } => unreachable!("made owned above"),
        }
    }

    pub(crate) fn into_vec(self) -> Vec<T> {
        match self.repr {
            Repr::Owned(v) => v,
            Repr::Mapped { .. } => self.as_slice().to_vec(),
        }
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        match &self.repr {
            Repr::Owned(v) => v,
            // SAFETY: `mapped` checked that `len` values at `ptr` lie inside the backing's
            // bytes and are aligned; the backing is immutable and kept alive by `self`.
            Repr::Mapped { ptr, len, .. } => unsafe { std::slice::from_raw_parts(*ptr, *len) },
        }
    }

    /// The bytes this array takes: on the heap when owned, in the mapping when mapped.
    pub(crate) fn footprint(&self) -> Footprint {
        match &self.repr {
            Repr::Owned(v) => Footprint::heap(v.capacity() * std::mem::size_of::<T>()),
            Repr::Mapped { len, .. } => Footprint {
                heap: 0,
                mapped: len * std::mem::size_of::<T>(),
            },
        }
    }

    pub(crate) fn push(&mut self, x: T) {
        self.to_mut().push(x)
    }
    pub(crate) fn pop(&mut self) -> Option<T> {
        self.to_mut().pop()
    }
    pub(crate) fn resize(&mut self, n: usize, x: T) {
        if n != self.len() {
            self.to_mut().resize(n, x)
        }
    }
    pub(crate) fn reserve(&mut self, n: usize) {
        self.to_mut().reserve(n)
    }
    pub(crate) fn extend_from_slice(&mut self, xs: &[T]) {
        self.to_mut().extend_from_slice(xs)
    }
    pub(crate) fn shrink_to_fit(&mut self) {
        if let Repr::Owned(v) = &mut self.repr {
            v.shrink_to_fit()
        }
    }
}

impl<T: Plain> Deref for Buf<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

/// Writing through a mapped array copies it first.
impl<T: Plain> DerefMut for Buf<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.to_mut()
    }
}

impl<T: Plain> From<Vec<T>> for Buf<T> {
    fn from(v: Vec<T>) -> Buf<T> {
        Buf {
            repr: Repr::Owned(v),
        }
    }
}

impl<T: Plain> Default for Buf<T> {
    fn default() -> Buf<T> {
        Buf::new()
    }
}

impl<T: Plain> Clone for Buf<T> {
    fn clone(&self) -> Buf<T> {
        match &self.repr {
            Repr::Owned(v) => v.clone().into(),
            Repr::Mapped { backing, ptr, len } => Buf {
                repr: Repr::Mapped {
                    backing: backing.clone(),
                    ptr: *ptr,
                    len: *len,
                },
            },
        }
    }
}

impl<T: Plain + fmt::Debug> fmt::Debug for Buf<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl<T: Plain + PartialEq> PartialEq for Buf<T> {
    fn eq(&self, other: &Buf<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Plain> FromIterator<T> for Buf<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Buf<T> {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<T: Plain> Extend<T> for Buf<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.to_mut().extend(iter)
    }
}

impl<'a, T: Plain> IntoIterator for &'a Buf<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

/// An array handed over as plain data (see `parts`): borrowed from a store being saved, or a
/// `Buf` (owned or mapped) for a store being built.
pub(crate) enum Part<'a, T: Plain> {
    Borrowed(&'a [T]),
    Buf(Buf<T>),
}

impl<T: Plain> Part<'_, T> {
    pub(crate) fn into_buf(self) -> Buf<T> {
        match self {
            Part::Borrowed(s) => s.to_vec().into(),
            Part::Buf(b) => b,
        }
    }
}

impl<T: Plain> Deref for Part<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Part::Borrowed(s) => s,
            Part::Buf(b) => b,
        }
    }
}

impl<T: Plain> From<Vec<T>> for Part<'_, T> {
    fn from(v: Vec<T>) -> Self {
        Part::Buf(v.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backing(words: &[u64]) -> Backing {
        // A `Vec<u64>` as bytes: 8-aligned.
        struct Words(Vec<u64>);
        impl AsRef<[u8]> for Words {
            fn as_ref(&self) -> &[u8] {
                // SAFETY: u64s viewed as their bytes.
                unsafe { std::slice::from_raw_parts(self.0.as_ptr().cast(), self.0.len() * 8) }
            }
        }
        Arc::new(Words(words.to_vec()))
    }

    #[test]
    fn mapped_values_read_in_place_and_copy_on_write() {
        let b = backing(&[1 | (2 << 32), 3 | (4 << 32)]);
        let bytes = (*b).as_ref();
        let mut buf: Buf<u32> = Buf::mapped(&b, &bytes[4..16]).expect("inside");
        assert!(buf.is_mapped());
        assert_eq!(&*buf, &[2, 3, 4]);
        let copy = buf.clone();
        buf.push(5);
        assert!(!buf.is_mapped());
        assert_eq!(&*buf, &[2, 3, 4, 5]);
        assert_eq!(&*copy, &[2, 3, 4], "the mapping is not changed");
        buf[0] = 9;
        assert_eq!(buf.into_vec(), vec![9, 3, 4, 5]);
    }

    #[test]
    fn misplaced_or_partial_bytes_are_refused_or_copied() {
        let b = backing(&[7, 8]);
        let bytes = (*b).as_ref();
        assert!(
            Buf::<u64>::mapped(&b, &bytes[0..12]).is_none(),
            "not whole values"
        );
        let other = [0u8; 8];
        assert!(
            Buf::<u64>::mapped(&b, &other).is_none(),
            "outside the backing"
        );
        let unaligned = Buf::<u32>::mapped(&b, &bytes[2..6]).expect("inside");
        assert!(!unaligned.is_mapped(), "unaligned values are copied");
        let pairs: Buf<(RelId, NodeId)> = Buf::mapped(&b, bytes).expect("inside");
        assert_eq!(pairs[0], (RelId(7), NodeId(0)));
        assert_eq!(pairs[1], (RelId(8), NodeId(0)));
    }
}
