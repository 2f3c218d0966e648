//! Graph algorithms of the `algo.*` procedures, over any graph that has petgraph's visit traits:
//! the store itself (`graph::visit`) seen through petgraph's `NodeFiltered` and `EdgeFiltered`
//! adaptors for the part of it a call chooses.
//!
//! Components come straight from petgraph on the view (`tarjan_scc`, `UnionFind`). The
//! iterative ones (PageRank, betweenness, triangles, Louvain) first walk the view once into a
//! `Projection` — dense node numbers and compressed rows of 4-byte neighbours — since they read
//! every edge many times; petgraph's own `page_rank` compares every pair of nodes on each
//! iteration (quadratic in the nodes) and counts parallel edges once, where NetworkX and
//! Neo4j's graph data science library count each relationship.
//!
//! Results agree with NetworkX on the same graphs (`tests/algorithms.rs`). Each algorithm takes
//! `stop`, asked every few thousand steps, and returns None once it says so.

mod leiden;
pub(crate) mod louvain;

use petgraph::unionfind::UnionFind;
use petgraph::visit::{EdgeRef, IntoEdgeReferences, IntoNeighbors, IntoNodeIdentifiers};
use petgraph::visit::{NodeIndexable, Visitable};
use rayon::prelude::*;

/// How an algorithm reads a relationship: from its start to its end (`Natural`), the other way
/// (`Reverse`), or both ways (`Undirected`), as Neo4j's graph data science library names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Orientation {
    Natural,
    Reverse,
    Undirected,
}

impl Orientation {
    pub(crate) fn parse(s: &str) -> Option<Orientation> {
        match s.to_ascii_uppercase().as_str() {
            "NATURAL" => Some(Orientation::Natural),
            "REVERSE" => Some(Orientation::Reverse),
            "UNDIRECTED" => Some(Orientation::Undirected),
            _ => None,
        }
    }
}

/// An edge's weight, read by the caller.
pub(crate) type Weight<'w, E> = &'w dyn Fn(&E) -> f64;

/// How often `stop` is asked, in steps.
const STEPS: usize = 4096;

/// A graph's nodes numbered densely in the order the graph lists them (`nodes[i]` is node
/// `i`), and its edges as compressed rows in the orientation asked for: node `i`'s neighbours
/// are `targets[offsets[i]..offsets[i + 1]]`, one entry per edge (parallel edges repeated, a
/// self loop once), in the order the graph lists its edges; with weights, `weights[k]` is the
/// weight of entry `targets[k]` (else every entry weighs 1).
pub(crate) struct Projection<N> {
    pub(crate) nodes: Vec<N>,
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Option<Vec<f64>>,
}

impl<N: Copy> Projection<N> {
    /// The view's nodes and edges, each edge weighed by `weight` when there is one; an edge
    /// leaving the nodes the view lists is left out.
    pub(crate) fn of<G>(
        g: G,
        orientation: Orientation,
        weight: Option<Weight<'_, G::EdgeRef>>,
        stop: &dyn Fn() -> bool,
    ) -> Option<Self>
    where
        G: IntoNodeIdentifiers<NodeId = N> + IntoEdgeReferences + NodeIndexable,
    {
        let mut index = vec![u32::MAX; g.node_bound()];
        let mut nodes = Vec::new();
        for n in g.node_identifiers() {
            if nodes.len() % STEPS == 0 && stop() {
                return None;
            }
            index[g.to_index(n)] = nodes.len() as u32;
            nodes.push(n);
        }
        // The entries, and their weights apart (none without weights: the pairs stay small).
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut entry_weights: Vec<f64> = Vec::new();
        for (i, e) in g.edge_references().enumerate() {
            if i % STEPS == 0 && stop() {
                return None;
            }
            let (a, b) = (index[g.to_index(e.source())], index[g.to_index(e.target())]);
            if a == u32::MAX || b == u32::MAX {
                continue;
            }
            let before = pairs.len();
            match orientation {
                Orientation::Natural => pairs.push((a, b)),
                Orientation::Reverse => pairs.push((b, a)),
                Orientation::Undirected => {
                    pairs.push((a, b));
                    if a != b {
                        pairs.push((b, a));
                    }
                }
            }
            if let Some(f) = weight {
                let w = f(&e);
                entry_weights.extend(std::iter::repeat_n(w, pairs.len() - before));
            }
        }
        // A counting sort by the row's node keeps each row in the order of the edges.
        let mut offsets = vec![0usize; nodes.len() + 1];
        for &(a, _) in &pairs {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..nodes.len() {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut targets = vec![0u32; pairs.len()];
        let mut weights = weight.map(|_| vec![0.0; pairs.len()]);
        for (k, (a, b)) in pairs.into_iter().enumerate() {
            let at = next[a as usize];
            targets[at] = b;
            if let Some(weights) = &mut weights {
                weights[at] = entry_weights[k];
            }
            next[a as usize] += 1;
        }
        Some(Projection {
            nodes,
            offsets,
            targets,
            weights,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    fn row(&self, i: usize) -> &[u32] {
        &self.targets[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Row `i`'s entries with their weights.
    fn weighted(&self, i: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        let range = self.offsets[i]..self.offsets[i + 1];
        let weights = self.weights.as_ref().map(|w| &w[range.clone()]);
        self.targets[range]
            .iter()
            .enumerate()
            .map(move |(k, &t)| (t, weights.map_or(1.0, |w| w[k])))
    }

    /// Each node's degree in the projection's orientation: the weight of its entries (their
    /// number without weights), a self loop counted twice with `loops_twice` (an undirected
    /// degree, as NetworkX counts it).
    pub(crate) fn degrees(&self, loops_twice: bool) -> Vec<f64> {
        (0..self.len())
            .map(|i| {
                self.weighted(i)
                    .map(|(t, w)| {
                        if loops_twice && t as usize == i {
                            2.0 * w
                        } else {
                            w
                        }
                    })
                    .sum()
            })
            .collect()
    }

    /// Each row's distinct neighbours (a self loop too) in ascending order, each with the
    /// least weight of its entries: what a weighted shortest path goes by.
    fn lightest(&self, stop: &dyn Fn() -> bool) -> Option<Projection<()>> {
        let mut offsets = Vec::with_capacity(self.len() + 1);
        offsets.push(0);
        let mut targets = Vec::with_capacity(self.targets.len());
        let mut weights = Vec::with_capacity(self.targets.len());
        let mut row: Vec<(u32, f64)> = Vec::new();
        for i in 0..self.len() {
            if i % STEPS == 0 && stop() {
                return None;
            }
            row.clear();
            row.extend(self.weighted(i));
            row.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            for (k, &(t, w)) in row.iter().enumerate() {
                if k == 0 || row[k - 1].0 != t {
                    targets.push(t);
                    weights.push(w);
                }
            }
            offsets.push(targets.len());
        }
        Some(Projection {
            nodes: vec![(); self.len()],
            offsets,
            targets,
            weights: Some(weights),
        })
    }

    /// Each row's distinct neighbours other than the node itself, in ascending order.
    fn simple(&self, stop: &dyn Fn() -> bool) -> Option<Projection<()>> {
        let mut offsets = Vec::with_capacity(self.len() + 1);
        offsets.push(0);
        let mut targets = Vec::with_capacity(self.targets.len());
        for i in 0..self.len() {
            if i % STEPS == 0 && stop() {
                return None;
            }
            let start = targets.len();
            targets.extend(self.row(i).iter().filter(|&&t| t as usize != i));
            targets[start..].sort_unstable();
            let mut keep = start;
            for j in start..targets.len() {
                if j == start || targets[j] != targets[keep - 1] {
                    targets[keep] = targets[j];
                    keep += 1;
                }
            }
            targets.truncate(keep);
            offsets.push(targets.len());
        }
        Some(Projection {
            nodes: vec![(); self.len()],
            offsets,
            targets,
            weights: None,
        })
    }
}

/// PageRank by power iteration, as NetworkX's `pagerank` computes it: each edge carries a share
/// of its start's rank by its weight among the start's edges (parallel edges each their own),
/// the rank of nodes without edges (or whose edges weigh 0) is spread over every node, `1 - damping` of it jumps uniformly; it stops when the
/// ranks change by less than `tolerance` times the number of nodes in total (L1), or after
/// `max_iterations`. The ranks sum to 1.
pub(crate) fn page_rank<N: Copy>(
    p: &Projection<N>,
    damping: f64,
    max_iterations: usize,
    tolerance: f64,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<f64>> {
    let n = p.len();
    if n == 0 {
        return Some(Vec::new());
    }
    let degree = p.degrees(false);
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    for _ in 0..max_iterations {
        if stop() {
            return None;
        }
        let dangling: f64 = (0..n).filter(|&i| degree[i] == 0.0).map(|i| x[i]).sum();
        let base = (damping * dangling + (1.0 - damping)) * uniform;
        let mut next = vec![base; n];
        for (i, &xi) in x.iter().enumerate() {
            if i % STEPS == 0 && i > 0 && stop() {
                return None;
            }
            if degree[i] == 0.0 {
                continue;
            }
            let share = damping * xi / degree[i];
            for (t, w) in p.weighted(i) {
                next[t as usize] += share * w;
            }
        }
        let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if change < n as f64 * tolerance {
            break;
        }
    }
    Some(x)
}

/// Betweenness centrality by Brandes's algorithm (unnormalised, as NetworkX's
/// `betweenness_centrality(normalized=False)`): for each node, the shortest paths between other
/// nodes that pass through it, each pair's paths sharing one; parallel edges and self loops do
/// not add paths. On an undirected projection each pair is counted once (halved, as NetworkX
/// does). The sources run on rayon's threads.
pub(crate) fn betweenness<N: Copy + Sync>(
    p: &Projection<N>,
    undirected: bool,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<f64>> {
    let g = p.simple(stop)?;
    let n = g.len();
    from_every_source(n, undirected, |sources| {
        let mut total = vec![0.0; n];
        let mut sigma = vec![0.0f64; n];
        let mut dist = vec![u32::MAX; n];
        let mut delta = vec![0.0f64; n];
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut queue = std::collections::VecDeque::new();
        let mut steps = 0usize;
        for &s in sources {
            order.clear();
            sigma[s] = 1.0;
            dist[s] = 0;
            queue.push_back(s as u32);
            while let Some(v) = queue.pop_front() {
                order.push(v);
                let v = v as usize;
                steps += g.row(v).len() + 1;
                if steps >= STEPS {
                    steps = 0;
                    if stop() {
                        return None;
                    }
                }
                for &w in g.row(v) {
                    let w = w as usize;
                    if dist[w] == u32::MAX {
                        dist[w] = dist[v] + 1;
                        queue.push_back(w as u32);
                    }
                    if dist[w] == dist[v] + 1 {
                        sigma[w] += sigma[v];
                    }
                }
            }
            // Back from the farthest: each node's dependency on the nodes it precedes.
            for &w in order.iter().rev() {
                let w = w as usize;
                for &v in g.row(w) {
                    let v = v as usize;
                    if dist[v] != u32::MAX && dist[v] == dist[w] + 1 {
                        delta[w] += sigma[w] / sigma[v] * (1.0 + delta[v]);
                    }
                }
                if w != s {
                    total[w] += delta[w];
                }
            }
            for &w in &order {
                let w = w as usize;
                sigma[w] = 0.0;
                dist[w] = u32::MAX;
                delta[w] = 0.0;
            }
        }
        Some(total)
    })
}

/// Betweenness summed over every source: the sources shared out among rayon's threads in
/// chunks, each chunk's dependencies (`run`, None when stopped) added up, halved on an
/// undirected projection, where each pair is counted from both ends.
fn from_every_source(
    n: usize,
    undirected: bool,
    run: impl Fn(&[usize]) -> Option<Vec<f64>> + Sync + Send,
) -> Option<Vec<f64>> {
    let chunk = n.div_ceil(rayon::current_num_threads().max(1) * 8).max(1);
    let partials: Option<Vec<Vec<f64>>> = (0..n)
        .collect::<Vec<_>>()
        .par_chunks(chunk)
        .map(run)
        .collect();
    let mut total = vec![0.0; n];
    for part in partials? {
        for (t, x) in total.iter_mut().zip(part) {
            *t += x;
        }
    }
    if undirected {
        total.iter_mut().for_each(|t| *t /= 2.0);
    }
    Some(total)
}

/// Betweenness centrality with weighted relationships (NetworkX's
/// `betweenness_centrality(weight=..., normalized=False)`): the shortest paths are the
/// lightest, found by Dijkstra's algorithm from each source, and between two nodes joined by
/// parallel edges the lightest counts. Ties go as NetworkX's search takes them: a heap of
/// (distance, order pushed), a node's paths counted from each neighbour that reaches it at
/// its distance. On an undirected projection each pair is counted once.
pub(crate) fn weighted_betweenness<N: Copy + Sync>(
    p: &Projection<N>,
    undirected: bool,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<f64>> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    /// A heap entry: distance, then the order it was pushed in; the search pops the least.
    #[derive(PartialEq)]
    struct Entry(f64, u64, u32, u32);
    impl Eq for Entry {}
    impl PartialOrd for Entry {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Entry {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
        }
    }
    let g = p.lightest(stop)?;
    let n = g.len();
    from_every_source(n, undirected, |sources| {
        let mut total = vec![0.0; n];
        let mut sigma = vec![0.0f64; n];
        let mut delta = vec![0.0f64; n];
        // The distance a node was last reached at (seen), and whether it is settled.
        let mut seen = vec![f64::INFINITY; n];
        let mut done = vec![false; n];
        let mut preds: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut heap = BinaryHeap::new();
        let mut steps = 0usize;
        for &s in sources {
            order.clear();
            sigma[s] = 1.0;
            seen[s] = 0.0;
            let mut pushed = 0u64;
            heap.push(Reverse(Entry(0.0, pushed, s as u32, s as u32)));
            while let Some(Reverse(Entry(dist, _, pred, v))) = heap.pop() {
                let v = v as usize;
                if done[v] {
                    continue;
                }
                sigma[v] += sigma[pred as usize];
                order.push(v as u32);
                done[v] = true;
                steps += g.row(v).len() + 1;
                if steps >= STEPS {
                    steps = 0;
                    if stop() {
                        return None;
                    }
                }
                for (w, weight) in g.weighted(v) {
                    let w = w as usize;
                    let d = dist + weight;
                    if !done[w] && d < seen[w] {
                        seen[w] = d;
                        pushed += 1;
                        heap.push(Reverse(Entry(d, pushed, v as u32, w as u32)));
                        sigma[w] = 0.0;
                        preds[w].clear();
                        preds[w].push(v as u32);
                    } else if d == seen[w] {
                        sigma[w] += sigma[v];
                        preds[w].push(v as u32);
                    }
                }
            }
            // Back from the farthest: each node's dependency on the nodes it precedes.
            for &w in order.iter().rev() {
                let w = w as usize;
                let coefficient = (1.0 + delta[w]) / sigma[w];
                for &v in &preds[w] {
                    delta[v as usize] += sigma[v as usize] * coefficient;
                }
                if w != s {
                    total[w] += delta[w];
                }
            }
            for &w in &order {
                let w = w as usize;
                sigma[w] = 0.0;
                delta[w] = 0.0;
                seen[w] = f64::INFINITY;
                done[w] = false;
                preds[w].clear();
            }
            // Reached but never settled: none (every node pushed is popped).
        }
        Some(total)
    })
}

/// Each node's triangles in the graph read undirected, without parallel edges or self loops
/// (NetworkX's `triangles`): for each edge, the neighbours its two ends share, counted at the
/// lowest of the three nodes' order and added to all three.
pub(crate) fn triangles<N: Copy>(p: &Projection<N>, stop: &dyn Fn() -> bool) -> Option<Vec<u64>> {
    let g = p.simple(stop)?;
    let n = g.len();
    let mut count = vec![0u64; n];
    let mut mark = vec![u32::MAX; n];
    for u in 0..n {
        if u % STEPS == 0 && stop() {
            return None;
        }
        // The neighbours above u, marked; then for each such v, those above v marked too.
        let higher = |x: usize| g.row(x).iter().map(|&t| t as usize).filter(move |&t| t > x);
        for w in higher(u) {
            mark[w] = u as u32;
        }
        for v in higher(u) {
            for w in higher(v) {
                if mark[w] == u as u32 {
                    count[u] += 1;
                    count[v] += 1;
                    count[w] += 1;
                }
            }
        }
    }
    Some(count)
}

/// A method of finding communities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Communities {
    Louvain,
    Leiden,
}

/// Communities by the Louvain or the Leiden method on the graph read undirected, each
/// relationship an edge of its weight (1 without weights; parallel ones adding up), with
/// `resolution` as in NetworkX's `louvain_communities`; a community's number is dense, in order
/// of its first node.
pub(crate) fn communities<N: Copy>(
    p: &Projection<N>,
    method: Communities,
    resolution: f64,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<u32>> {
    // Each relationship once: the projection is undirected, so an edge is the entry from its
    // lower end (a self loop has one entry).
    let mut edges = Vec::new();
    for a in 0..p.len() {
        for (b, w) in p.weighted(a) {
            // An edge of weight 0 adds nothing to modularity (Louvain takes positive weights).
            if a as u32 <= b && w > 0.0 {
                edges.push((a as u32, b, w));
            }
        }
    }
    match method {
        Communities::Louvain => louvain::louvain(p.len(), &edges, resolution, stop),
        Communities::Leiden => leiden::leiden(p.len(), &edges, resolution, stop),
    }
}

/// The weakly connected components of a view (petgraph's `UnionFind` over its edges): each
/// node's component, named by the lowest node index (`NodeIndexable::to_index`) in it.
pub(crate) fn weak_components<G>(g: G, stop: &dyn Fn() -> bool) -> Option<Vec<(G::NodeId, usize)>>
where
    G: IntoNodeIdentifiers + IntoEdgeReferences + NodeIndexable,
{
    let mut sets = UnionFind::<usize>::new(g.node_bound());
    for (i, e) in g.edge_references().enumerate() {
        if i % STEPS == 0 && stop() {
            return None;
        }
        sets.union(g.to_index(e.source()), g.to_index(e.target()));
    }
    named_by_lowest(g, |i| sets.find_mut(i), stop)
}

/// The strongly connected components of a view (petgraph's `tarjan_scc`): each node's
/// component, named by the lowest node index in it.
pub(crate) fn strong_components<G>(g: G, stop: &dyn Fn() -> bool) -> Option<Vec<(G::NodeId, usize)>>
where
    G: IntoNodeIdentifiers + IntoNeighbors + NodeIndexable + Visitable,
{
    if stop() {
        return None;
    }
    let mut of = vec![usize::MAX; g.node_bound()];
    for (c, component) in petgraph::algo::tarjan_scc(g).into_iter().enumerate() {
        for n in component {
            of[g.to_index(n)] = c;
        }
    }
    named_by_lowest(g, |i| of[i], stop)
}

/// Each node of `g` with the lowest node index of its set (`set_of` by index).
fn named_by_lowest<G>(
    g: G,
    mut set_of: impl FnMut(usize) -> usize,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<(G::NodeId, usize)>>
where
    G: IntoNodeIdentifiers + NodeIndexable,
{
    let mut lowest: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (k, n) in g.node_identifiers().enumerate() {
        if k % STEPS == 0 && stop() {
            return None;
        }
        let i = g.to_index(n);
        let set = set_of(i);
        let name = *lowest
            .entry(set)
            .and_modify(|l| *l = (*l).min(i))
            .or_insert(i);
        out.push((n, name));
    }
    // A set's lowest index may come after some of its nodes when the view lists nodes out of
    // index order: name every node again by its set's final lowest.
    for (k, (n, name)) in out.iter_mut().enumerate() {
        if k % STEPS == 0 && stop() {
            return None;
        }
        *name = lowest[&set_of(g.to_index(*n))];
    }
    Some(out)
}
