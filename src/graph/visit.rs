//! petgraph's visit traits over the store, so that petgraph's algorithms (traversals, shortest
//! paths, strongly connected components, ...) run on the graph directly, without a copy.
//!
//! The graph is directed; an edge's weight is its relationship type. Node ids are not compact
//! (deleted slots leave holes), so algorithms that need `NodeCompactIndexable` do not apply;
//! those that take `NodeIndexable` size their maps by `node_bound`.

use super::{Graph, NodeId, RelId, Sym};
use fixedbitset::FixedBitSet;
use petgraph::visit::{
    Data, EdgeRef, GraphBase, GraphProp, IntoEdgeReferences, IntoEdges, IntoEdgesDirected,
    IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers, NodeCount, NodeIndexable, VisitMap,
    Visitable,
};
use petgraph::{Directed, Direction};

impl GraphBase for Graph {
    type NodeId = NodeId;
    type EdgeId = RelId;
}

impl Data for Graph {
    type NodeWeight = ();
    type EdgeWeight = Sym;
}

impl GraphProp for Graph {
    type EdgeType = Directed;
}

impl NodeCount for &Graph {
    fn node_count(&self) -> usize {
        Graph::node_count(self)
    }
}

impl NodeIndexable for &Graph {
    fn node_bound(&self) -> usize {
        Graph::node_bound(self)
    }
    fn to_index(&self, a: NodeId) -> usize {
        a.0 as usize
    }
    fn from_index(&self, i: usize) -> NodeId {
        NodeId(i as u32)
    }
}

/// A relationship as petgraph sees it: ends, id and type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelRef {
    pub id: RelId,
    pub source: NodeId,
    pub target: NodeId,
    pub ty: Sym,
}

impl EdgeRef for RelRef {
    type NodeId = NodeId;
    type EdgeId = RelId;
    type Weight = Sym;
    fn source(&self) -> NodeId {
        self.source
    }
    fn target(&self) -> NodeId {
        self.target
    }
    fn weight(&self) -> &Sym {
        &self.ty
    }
    fn id(&self) -> RelId {
        self.id
    }
}

type Iter<'a, T> = Box<dyn Iterator<Item = T> + 'a>;

impl<'a> IntoNodeIdentifiers for &'a Graph {
    type NodeIdentifiers = Iter<'a, NodeId>;
    fn node_identifiers(self) -> Self::NodeIdentifiers {
        Box::new(self.nodes())
    }
}

impl<'a> IntoNeighbors for &'a Graph {
    type Neighbors = Iter<'a, NodeId>;
    fn neighbors(self, a: NodeId) -> Self::Neighbors {
        Box::new(self.expand(a, super::Dir::Out, &[]).map(|(_, n)| n))
    }
}

impl<'a> IntoNeighborsDirected for &'a Graph {
    type NeighborsDirected = Iter<'a, NodeId>;
    fn neighbors_directed(self, n: NodeId, d: Direction) -> Self::NeighborsDirected {
        let dir = match d {
            Direction::Outgoing => super::Dir::Out,
            Direction::Incoming => super::Dir::In,
        };
        Box::new(self.expand(n, dir, &[]).map(|(_, m)| m))
    }
}

impl<'a> IntoEdgeReferences for &'a Graph {
    type EdgeRef = RelRef;
    type EdgeReferences = Iter<'a, RelRef>;
    fn edge_references(self) -> Self::EdgeReferences {
        Box::new(self.rels().map(move |id| {
            let (source, target) = self.endpoints(id).expect("listed relationships exist");
            let ty = self.rel_type(id).expect("listed relationships exist");
            RelRef {
                id,
                source,
                target,
                ty,
            }
        }))
    }
}

impl<'a> IntoEdges for &'a Graph {
    type Edges = Iter<'a, RelRef>;
    fn edges(self, a: NodeId) -> Self::Edges {
        self.edges_directed(a, Direction::Outgoing)
    }
}

impl<'a> IntoEdgesDirected for &'a Graph {
    type EdgesDirected = Iter<'a, RelRef>;
    /// As petgraph's own graphs do: outgoing edges have `a` as source, incoming ones as target.
    fn edges_directed(self, a: NodeId, dir: Direction) -> Self::EdgesDirected {
        let d = match dir {
            Direction::Outgoing => super::Dir::Out,
            Direction::Incoming => super::Dir::In,
        };
        Box::new(self.expand(a, d, &[]).map(move |(id, other)| {
            let ty = self.rel_type(id).expect("expanded relationships exist");
            let (source, target) = match dir {
                Direction::Outgoing => (a, other),
                Direction::Incoming => (other, a),
            };
            RelRef {
                id,
                source,
                target,
                ty,
            }
        }))
    }
}

/// Visited nodes, a bit per node slot.
#[derive(Clone, Debug, Default)]
pub struct NodeBits(FixedBitSet);

impl VisitMap<NodeId> for NodeBits {
    fn visit(&mut self, a: NodeId) -> bool {
        let i = a.0 as usize;
        if i >= self.0.len() {
            self.0.grow(i + 1);
        }
        !self.0.put(i)
    }
    fn is_visited(&self, a: &NodeId) -> bool {
        self.0.contains(a.0 as usize)
    }
    fn unvisit(&mut self, a: NodeId) -> bool {
        let i = a.0 as usize;
        let was = self.0.contains(i);
        if i < self.0.len() {
            self.0.set(i, false);
        }
        was
    }
}

impl Visitable for &Graph {
    type Map = NodeBits;
    fn visit_map(&self) -> NodeBits {
        NodeBits(FixedBitSet::with_capacity(self.node_bound()))
    }
    fn reset_map(&self, map: &mut NodeBits) {
        map.0.clear();
        map.0.grow(self.node_bound());
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Graph, NodeId, Value};
    use petgraph::visit::{Bfs, EdgeRef, IntoEdgesDirected};
    use petgraph::Direction;
    use std::collections::{BTreeMap, BTreeSet};

    /// A graph with holes (deleted nodes and relationships) and a petgraph copy of it.
    fn pair() -> (Graph, petgraph::Graph<NodeId, ()>) {
        let mut g = Graph::new();
        let l = g.intern("L");
        let t = g.intern("T");
        let u = g.intern("U");
        let k = g.intern("k");
        let nodes: Vec<NodeId> = (0..12)
            .map(|i| g.create_node(vec![l], vec![(k, Value::Int(i))]).unwrap())
            .collect();
        for i in 0..12usize {
            for j in [(i * 5 + 1) % 12, (i * 7 + 3) % 12] {
                let ty = if (i + j) % 2 == 0 { t } else { u };
                g.create_rel(nodes[i], nodes[j], ty, vec![]).unwrap();
            }
        }
        g.detach_delete_node(nodes[4]).unwrap();
        let first = g.rels().next().unwrap();
        g.delete_rel(first).unwrap();
        let mut copy = petgraph::Graph::new();
        let mut at = BTreeMap::new();
        for n in g.nodes() {
            at.insert(n, copy.add_node(n));
        }
        for r in g.rels() {
            let (a, b) = g.endpoints(r).unwrap();
            copy.add_edge(at[&a], at[&b], ());
        }
        (g, copy)
    }

    #[test]
    fn petgraph_algorithms_run_on_the_store() {
        let (g, copy) = pair();
        let start = g.nodes().next().unwrap();
        // Breadth-first reach.
        let mut bfs = Bfs::new(&g, start);
        let mut reached = BTreeSet::new();
        while let Some(n) = bfs.next(&g) {
            reached.insert(n);
        }
        let copy_start = copy.node_indices().find(|i| copy[*i] == start).unwrap();
        let mut bfs = Bfs::new(&copy, copy_start);
        let mut expected = BTreeSet::new();
        while let Some(n) = bfs.next(&copy) {
            expected.insert(copy[n]);
        }
        assert_eq!(reached, expected);
        // Strongly connected components, as sets of sets.
        let comps = |c: Vec<Vec<NodeId>>| -> BTreeSet<BTreeSet<NodeId>> {
            c.into_iter().map(|v| v.into_iter().collect()).collect()
        };
        let ours = comps(petgraph::algo::kosaraju_scc(&g));
        let theirs = comps(
            petgraph::algo::kosaraju_scc(&copy)
                .into_iter()
                .map(|c| c.into_iter().map(|i| copy[i]).collect())
                .collect(),
        );
        assert_eq!(ours, theirs);
        assert_eq!(comps(petgraph::algo::tarjan_scc(&g)), ours);
        // Hop distances.
        let ours = petgraph::algo::dijkstra(&g, start, None, |_| 1u32);
        let theirs = petgraph::algo::dijkstra(&copy, copy_start, None, |_| 1u32);
        let theirs: BTreeMap<NodeId, u32> = theirs.into_iter().map(|(i, d)| (copy[i], d)).collect();
        assert_eq!(ours.into_iter().collect::<BTreeMap<_, _>>(), theirs);
        // Edges point the way petgraph expects in both directions.
        for n in g.nodes() {
            for e in (&g).edges_directed(n, Direction::Incoming) {
                assert_eq!(e.target(), n);
                assert_eq!(g.endpoints(e.id()), Some((e.source(), e.target())));
            }
        }
    }
}
