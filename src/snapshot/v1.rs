//! Format version 1, still read: each entity encoded through the graph's public API with
//! bincode 2 and rebuilt through `Restorer` (see the module documentation of `snapshot`).
//! Saves write version 2; the encoder stays for the tests of this decoder.

const TAG_BOOL: u8 = 0;
use crate::graph::{Graph, NodeId, Props, RelId, Restorer, Sym, Value};
use bincode::config::Config;
use bincode::de::read::{BorrowReader, Reader};
use bincode::de::{Decoder, DecoderImpl};
use bincode::error::DecodeError;
use bincode::{BorrowDecode, Decode};
use std::sync::Arc;

const TAG_INT: u8 = 1;
const TAG_FLOAT: u8 = 2;
const TAG_STRING: u8 = 3;
const TAG_LIST: u8 = 4;

/// Bincode's byte limit is a constant of its configuration type, so the limit for a payload
/// is picked from a ladder of powers of 8: the smallest at or above 32 bytes per payload byte
/// (what decoding can claim per byte, see `decode`) plus one MiB.
pub(super) fn decode_with_limit(payload: &[u8]) -> std::result::Result<Graph, String> {
    let need = (payload.len() as u64)
        .saturating_mul(32)
        .saturating_add(1 << 20);
    macro_rules! ladder {
        ($($bits:literal)*) => {
            $(
                if need <= 1u64 << $bits {
                    return decode(
                        payload,
                        bincode::config::standard().with_limit::<{ 1usize << $bits }>(),
                    );
                }
            )*
        };
    }
    ladder!(21 24 27 30 33 36 39 42 45 48);
    Err("it is too large to read".to_string())
}

/// The payload as bincode input: a slice that knows how much is left.
struct Input<'a> {
    rest: &'a [u8],
}

impl Reader for Input<'_> {
    fn read(&mut self, bytes: &mut [u8]) -> std::result::Result<(), DecodeError> {
        let n = bytes.len();
        if n > self.rest.len() {
            return Err(DecodeError::UnexpectedEnd {
                additional: n - self.rest.len(),
            });
        }
        bytes.copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Ok(())
    }
    fn peek_read(&mut self, n: usize) -> Option<&[u8]> {
        self.rest.get(..n)
    }
    fn consume(&mut self, n: usize) {
        self.rest = &self.rest[n.min(self.rest.len())..];
    }
}

impl<'a> BorrowReader<'a> for Input<'a> {
    fn take_bytes(&mut self, n: usize) -> std::result::Result<&'a [u8], DecodeError> {
        if n > self.rest.len() {
            return Err(DecodeError::UnexpectedEnd {
                additional: n - self.rest.len(),
            });
        }
        let (taken, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(taken)
    }
}

type Dec<'a, C> = DecoderImpl<Input<'a>, C, ()>;

fn fail<T>(message: impl Into<String>) -> std::result::Result<T, DecodeError> {
    Err(DecodeError::OtherString(message.into()))
}

/// A count of items that each take at least `min_bytes` of the payload: more than the bytes
/// left can hold is an error before anything is allocated for them.
fn count<C: Config>(
    d: &mut Dec<'_, C>,
    min_bytes: usize,
    what: &str,
) -> std::result::Result<usize, DecodeError> {
    let n = u64::decode(d)?;
    let left = d.reader().rest.len() as u64;
    if n > left / min_bytes as u64 {
        return fail(format!("it announces {n} {what} in {left} bytes"));
    }
    Ok(n as usize)
}

fn sym<C: Config>(d: &mut Dec<'_, C>, names: u32) -> std::result::Result<Sym, DecodeError> {
    let s = u32::decode(d)?;
    if s >= names {
        return fail(format!("name {s} does not exist (there are {names})"));
    }
    Ok(Sym(s))
}

/// A bitmap of `bound` bits: the ids in use, in increasing order.
fn bitmap<C: Config>(d: &mut Dec<'_, C>, what: &str) -> std::result::Result<Vec<u32>, DecodeError> {
    let bound = u32::decode(d)?;
    if bound >= u32::MAX - 1 {
        return fail(format!("{what} id bound {bound} is out of range"));
    }
    let bits = <&[u8]>::borrow_decode(d)?;
    if bits.len() != (bound as usize).div_ceil(8) {
        return fail(format!(
            "the {what} bitmap has {} bytes for {bound} ids",
            bits.len()
        ));
    }
    if bound % 8 != 0 && bits.last().is_some_and(|b| b >> (bound % 8) != 0) {
        return fail(format!("the {what} bitmap marks ids past its bound"));
    }
    let live: usize = bits.iter().map(|b| b.count_ones() as usize).sum();
    let mut ids = Vec::with_capacity(live);
    for (i, b) in bits.iter().enumerate() {
        let mut b = *b;
        while b != 0 {
            ids.push(i as u32 * 8 + b.trailing_zeros());
            b &= b - 1;
        }
    }
    Ok(ids)
}

fn value<C: Config>(d: &mut Dec<'_, C>, in_list: bool) -> std::result::Result<Value, DecodeError> {
    Ok(match u8::decode(d)? {
        TAG_BOOL => Value::Bool(bool::decode(d)?),
        TAG_INT => Value::Int(i64::decode(d)?),
        TAG_FLOAT => Value::Float(f64::decode(d)?),
        TAG_STRING => Value::String(Arc::from(<&str>::borrow_decode(d)?)),
        TAG_LIST if !in_list => {
            let n = count(d, 2, "list items")?;
            d.claim_container_read::<Value>(n)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                d.unclaim_bytes_read(std::mem::size_of::<Value>());
                items.push(value(d, true)?);
            }
            Value::List(items)
        }
        TAG_LIST => return fail("a list inside a list"),
        tag => return fail(format!("unknown value tag {tag}")),
    })
}

fn props<C: Config>(d: &mut Dec<'_, C>, names: u32) -> std::result::Result<Props, DecodeError> {
    // A property takes at least 3 bytes: key, tag, value.
    let n = count(d, 3, "properties")?;
    d.claim_container_read::<(Sym, Value)>(n)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        d.unclaim_bytes_read(std::mem::size_of::<(Sym, Value)>());
        let k = sym(d, names)?;
        out.push((k, value(d, false)?));
    }
    Ok(out)
}

fn decode<C: Config>(payload: &[u8], config: C) -> std::result::Result<Graph, String> {
    let mut d: Dec<'_, C> = DecoderImpl::new(Input { rest: payload }, config, ());
    let graph = decode_graph(&mut d).map_err(|e| match e {
        DecodeError::OtherString(s) => s,
        DecodeError::LimitExceeded => "it announces more data than its size allows".to_string(),
        DecodeError::UnexpectedEnd { .. } => "its data ends early".to_string(),
        other => other.to_string(),
    })?;
    if !d.reader().rest.is_empty() {
        return Err(format!(
            "{} unexpected bytes after its data",
            d.reader().rest.len()
        ));
    }
    Ok(graph)
}

fn decode_graph<C: Config>(d: &mut Dec<'_, C>) -> std::result::Result<Graph, DecodeError> {
    // A name takes at least 1 byte (its length).
    let name_count = count(d, 1, "names")?;
    let mut names: Vec<&str> = Vec::with_capacity(name_count);
    for _ in 0..name_count {
        names.push(<&str>::borrow_decode(d)?);
    }
    let node_ids = bitmap(d, "node")?;
    let rel_ids = bitmap(d, "relationship")?;
    // A node takes at least 2 bytes (two counts), a relationship 4 (three ids and a count).
    let left = d.reader().rest.len();
    if node_ids.len() > left / 2 || rel_ids.len() > left / 4 {
        return fail(format!(
            "it announces {} nodes and {} relationships in {left} bytes",
            node_ids.len(),
            rel_ids.len()
        ));
    }
    let mut r = Restorer::new(node_ids.len(), rel_ids.len());
    for (i, name) in names.iter().enumerate() {
        if r.graph().intern(name).0 as usize != i {
            return fail(format!("the name `{name}` appears twice"));
        }
    }
    let names = name_count as u32;
    for id in node_ids {
        let n = count(d, 1, "labels")?;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(sym(d, names)?);
        }
        let props = props(d, names)?;
        if r.node(NodeId(id), labels, props).is_err() {
            return fail(format!("node {id} cannot be restored"));
        }
    }
    for id in rel_ids {
        let start = u32::decode(d)?;
        let end = u32::decode(d)?;
        let ty = sym(d, names)?;
        let props = props(d, names)?;
        if r.rel(RelId(id), NodeId(start), NodeId(end), ty, props)
            .is_err()
        {
            return fail(format!(
                "relationship {id} joins nodes {start} and {end}, which do not both exist"
            ));
        }
    }
    Ok(r.finish())
}

/// The version 1 encoder, for the tests of the decoder.
#[cfg(test)]
pub(super) mod encoder {
    use super::*;
    use crate::diagnostic::{Error, ErrorKind, Result};
    use crate::snapshot::unsavable;
    use bincode::enc::write::Writer;
    use bincode::enc::EncoderImpl;
    use bincode::error::EncodeError;
    use bincode::Encode;

    /// Bincode output into a byte vector.
    struct Out(Vec<u8>);

    impl Writer for Out {
        fn write(&mut self, bytes: &[u8]) -> std::result::Result<(), EncodeError> {
            self.0.extend_from_slice(bytes);
            Ok(())
        }
    }

    pub(crate) fn encode(graph: &Graph) -> Result<Vec<u8>> {
        let estimate = 64 + graph.node_count() * 24 + graph.rel_count() * 40;
        let mut enc = EncoderImpl::new(
            Out(Vec::with_capacity(estimate)),
            bincode::config::standard(),
        );
        let internal =
            |e: EncodeError| Error::new(ErrorKind::Save, format!("cannot encode the graph: {e}"));

        let names = graph.name_count();
        (names as u64).encode(&mut enc).map_err(internal)?;
        for i in 0..names {
            graph
                .name(Sym(i as u32))
                .encode(&mut enc)
                .map_err(internal)?;
        }
        let node_bound = graph.nodes().map(|n| n.0 + 1).max().unwrap_or(0);
        let rel_bound = graph.rels().map(|r| r.0 + 1).max().unwrap_or(0);
        for (bound, live) in [
            (node_bound, graph.nodes().map(|n| n.0).collect::<Vec<_>>()),
            (rel_bound, graph.rels().map(|r| r.0).collect::<Vec<_>>()),
        ] {
            let mut bitmap = vec![0u8; (bound as usize).div_ceil(8)];
            for i in live {
                bitmap[i as usize / 8] |= 1 << (i % 8);
            }
            bound.encode(&mut enc).map_err(internal)?;
            bitmap.as_slice().encode(&mut enc).map_err(internal)?;
        }
        for id in graph.nodes() {
            let data = graph.node(id).expect("listed nodes exist");
            (data.labels.len() as u64)
                .encode(&mut enc)
                .map_err(internal)?;
            for l in &data.labels {
                l.0.encode(&mut enc).map_err(internal)?;
            }
            encode_props(&mut enc, graph, &data.props, || format!("node {}", id.0))
                .map_err(|e| e.or_internal(internal))?;
        }
        for id in graph.rels() {
            let data = graph.rel(id).expect("listed relationships exist");
            let (start, end) = graph.endpoints(id).expect("listed relationships exist");
            start.0.encode(&mut enc).map_err(internal)?;
            end.0.encode(&mut enc).map_err(internal)?;
            data.ty.0.encode(&mut enc).map_err(internal)?;
            encode_props(&mut enc, graph, &data.props, || {
                format!("relationship {}", id.0)
            })
            .map_err(|e| e.or_internal(internal))?;
        }
        Ok(enc.into_writer().0)
    }

    /// A property that cannot be saved, or an encoding failure.
    enum PropError {
        Unsavable(Error),
        Encode(EncodeError),
    }

    impl From<EncodeError> for PropError {
        fn from(e: EncodeError) -> PropError {
            PropError::Encode(e)
        }
    }

    impl PropError {
        fn or_internal(self, internal: impl Fn(EncodeError) -> Error) -> Error {
            match self {
                PropError::Unsavable(e) => e,
                PropError::Encode(e) => internal(e),
            }
        }
    }

    type Enc = EncoderImpl<Out, bincode::config::Configuration>;

    fn encode_props(
        enc: &mut Enc,
        graph: &Graph,
        props: &Props,
        owner: impl Fn() -> String,
    ) -> std::result::Result<(), PropError> {
        (props.len() as u64).encode(enc)?;
        for (k, v) in props {
            k.0.encode(enc)?;
            let what = || format!("property `{}` of {}", graph.name(*k), owner());
            match v {
                Value::List(items) => {
                    TAG_LIST.encode(enc)?;
                    (items.len() as u64).encode(enc)?;
                    for item in items {
                        encode_scalar(enc, item).map_err(|e| match e {
                            PropError::Unsavable(_) => {
                                PropError::Unsavable(unsavable(what(), v.type_name()))
                            }
                            other => other,
                        })?;
                    }
                }
                _ => encode_scalar(enc, v).map_err(|e| match e {
                    PropError::Unsavable(_) => {
                        PropError::Unsavable(unsavable(what(), v.type_name()))
                    }
                    other => other,
                })?,
            }
        }
        Ok(())
    }

    fn encode_scalar(enc: &mut Enc, v: &Value) -> std::result::Result<(), PropError> {
        match v {
            Value::Bool(b) => {
                TAG_BOOL.encode(enc)?;
                b.encode(enc)?;
            }
            Value::Int(i) => {
                TAG_INT.encode(enc)?;
                i.encode(enc)?;
            }
            Value::Float(f) => {
                TAG_FLOAT.encode(enc)?;
                f.encode(enc)?;
            }
            Value::String(s) => {
                TAG_STRING.encode(enc)?;
                (**s).encode(enc)?;
            }
            _ => return Err(PropError::Unsavable(Error::new(ErrorKind::Save, ""))),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::encoder::encode;
    use super::*;
    use crate::diagnostic::ErrorKind;
    use crate::snapshot::{header, read};
    use proptest::prelude::*;

    /// A payload behind a valid header: what a crafted file with correct checksums looks like.
    fn framed(payload: &[u8]) -> Vec<u8> {
        [&header(1, &[payload])[..], payload].concat()
    }

    fn small_graph() -> Graph {
        let mut g = Graph::new();
        let l = g.intern("L");
        let k = g.intern("k");
        let t = g.intern("T");
        let a = g
            .create_node(
                vec![l],
                vec![(k, Value::List(vec![Value::Int(1), Value::str("x")]))],
            )
            .unwrap();
        let b = g.create_node(vec![], vec![(k, Value::Float(0.5))]).unwrap();
        let c = g.create_node(vec![l], vec![]).unwrap();
        g.create_rel(a, b, t, vec![(k, Value::Bool(true))]).unwrap();
        g.create_rel(b, c, t, vec![]).unwrap();
        g.delete_node(a).unwrap_err();
        g
    }

    fn damage(payload: &[u8]) -> String {
        read(&framed(payload)).unwrap_err().message
    }

    #[test]
    fn hostile_counts_are_refused_before_allocating() {
        // 2^64 - 1 names.
        let mut p = vec![253];
        p.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(damage(&p).contains("announces 18446744073709551615 names"));
        // A node id bound of 4 billion with a bitmap too short for it.
        let p = [0, 252, 0, 0, 0, 0xee, 0];
        assert!(damage(&p).contains("bitmap"), "{}", damage(&p));
        // One node with 2^32 labels.
        let p = [0, 1, 1, 1, 0, 0, 252, 0, 0, 0, 1];
        assert!(damage(&p).contains("labels"), "{}", damage(&p));
        // A relationship to a node that does not exist.
        let p = [1, 1, b'T', 1, 1, 1, 1, 1, 1, 0, 0, 0, 5, 0, 0];
        assert!(damage(&p).contains("do not both exist"), "{}", damage(&p));
        // A name used twice.
        let p = [2, 1, b'a', 1, b'a', 0, 0, 0, 0];
        assert!(damage(&p).contains("appears twice"), "{}", damage(&p));
        // A reference to a name that does not exist.
        let p = [0, 1, 1, 1, 0, 0, 1, 7, 0];
        assert!(
            damage(&p).contains("name 7 does not exist"),
            "{}",
            damage(&p)
        );
        // Trailing data inside the payload.
        let p = [0, 0, 0, 0, 0, 9];
        assert!(damage(&p).contains("unexpected bytes"), "{}", damage(&p));
        // The empty graph, for contrast.
        assert_eq!(read(&framed(&[0, 0, 0, 0, 0])).unwrap().node_count(), 0);
    }

    #[test]
    fn version_1_files_still_open() {
        let g = small_graph();
        let back = read(&framed(&encode(&g).unwrap())).unwrap();
        let describe = |g: &Graph| {
            let nodes: Vec<_> = g.nodes().map(|n| (n, g.node(n))).collect();
            let rels: Vec<_> = g.rels().map(|r| (r, g.rel(r), g.endpoints(r))).collect();
            format!("{nodes:?} {rels:?}")
        };
        assert_eq!(describe(&back), describe(&g));
    }

    #[test]
    fn unknown_flags_are_refused() {
        let mut b = framed(&encode(&small_graph()).unwrap());
        b[12] = 1;
        let check = crc32fast::hash(&b[0..28]);
        b[28..32].copy_from_slice(&check.to_le_bytes());
        assert!(read(&b).unwrap_err().message.contains("flags 0x1"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Damage past the checksum: mutate a real payload and frame it with fresh checksums,
        /// so that the decoder itself sees the damage.
        #[test]
        fn mutated_payloads_with_valid_checksums_never_panic(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut p = encode(&small_graph()).unwrap();
            for (at, byte) in edits {
                let i = at.index(p.len());
                p[i] = byte;
            }
            let keep = cut.index(p.len() + 1).max(p.len() * 3 / 4);
            p.truncate(keep);
            if let Err(e) = read(&framed(&p)) {
                prop_assert_eq!(e.kind, ErrorKind::Load);
            }
        }

        #[test]
        fn random_payloads_with_valid_checksums_never_panic(
            p in prop::collection::vec(any::<u8>(), 0..128),
        ) {
            let _ = read(&framed(&p));
        }
    }
}
