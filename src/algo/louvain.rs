//! Communities by the Louvain method (Blondel et al. 2008), as NetworkX's `louvain_communities`
//! finds them but visiting nodes in order instead of shuffled, so that a graph always gets the
//! same communities: single nodes move to the neighbouring community that raises modularity
//! most, then communities become the nodes of the next level, until a level gains no more than
//! `THRESHOLD`.

/// A level stops the algorithm when it raises modularity by no more than this (NetworkX's default).
const THRESHOLD: f64 = 1e-7;

/// `stop` is polled at least once per this many node visits (and once per level).
const STOP_INTERVAL: usize = 1024;

/// Upper bound on local-moving passes in one level. Every accepted move has a strictly positive
/// computed gain, so this only guards against rounding noise making moves cycle forever.
const MAX_PASSES: usize = 10_000;

/// Largest community (in row entries) whose neighbourhood is marked for revisiting when it
/// loses a node; beyond it the next pass visits every node instead.
const WALK_LIMIT: usize = 4096;

/// Undirected weighted graph in compressed-row form. Each non-loop edge is stored in both
/// endpoint rows with parallel edges merged; self loops are kept apart in `loops` (weight counted
/// once), and `degree` counts a self loop twice, as NetworkX does.
pub(super) struct Graph {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    loops: Vec<f64>,
    pub(super) degree: Vec<f64>,
}

impl Graph {
    pub(super) fn len(&self) -> usize {
        self.loops.len()
    }

    pub(super) fn row(&self, u: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.offsets[u]..self.offsets[u + 1];
        self.targets[range.clone()]
            .iter()
            .zip(&self.weights[range])
            .map(|(&v, &w)| (v as usize, w))
    }

    /// Builds the rows with a counting sort on the source node, then merges parallel edges in
    /// place using a per-target slot array (no sorting, no hashing).
    pub(super) fn from_edges(nodes: usize, edges: &[(u32, u32, f64)]) -> Graph {
        let mut offsets = vec![0usize; nodes + 1];
        let mut loops = vec![0.0; nodes];
        for &(a, b, w) in edges {
            if a == b {
                loops[a as usize] += w;
            } else {
                offsets[a as usize + 1] += 1;
                offsets[b as usize + 1] += 1;
            }
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let entries = offsets[nodes];
        let mut targets = vec![0u32; entries];
        let mut weights = vec![0.0; entries];
        let mut fill = offsets.clone();
        for &(a, b, w) in edges {
            if a != b {
                let (a, b) = (a as usize, b as usize);
                targets[fill[a]] = b as u32;
                weights[fill[a]] = w;
                fill[a] += 1;
                targets[fill[b]] = a as u32;
                weights[fill[b]] = w;
                fill[b] += 1;
            }
        }
        drop(fill);

        // slot[v] is where target v was written for the current row; slots of earlier rows lie
        // below the row's start, so the array never needs resetting.
        let mut slot = vec![usize::MAX; nodes];
        let mut write = 0;
        let mut start = 0;
        for u in 0..nodes {
            let (begin, end) = (start, offsets[u + 1]);
            start = end;
            let row_start = write;
            for i in begin..end {
                let v = targets[i] as usize;
                let w = weights[i];
                let s = slot[v];
                if s != usize::MAX && s >= row_start {
                    weights[s] += w;
                } else {
                    slot[v] = write;
                    targets[write] = v as u32;
                    weights[write] = w;
                    write += 1;
                }
            }
            offsets[u + 1] = write;
        }
        targets.truncate(write);
        weights.truncate(write);
        Graph::with_degrees(offsets, targets, weights, loops)
    }

    fn with_degrees(
        offsets: Vec<usize>,
        targets: Vec<u32>,
        weights: Vec<f64>,
        loops: Vec<f64>,
    ) -> Graph {
        let degree = (0..loops.len())
            .map(|u| weights[offsets[u]..offsets[u + 1]].iter().sum::<f64>() + 2.0 * loops[u])
            .collect();
        Graph {
            offsets,
            targets,
            weights,
            loops,
            degree,
        }
    }

    /// Collapses each community (ids dense in `0..count`) into one node: weights between
    /// communities are summed, weights inside a community become its self loop.
    pub(super) fn aggregate(
        &self,
        community: &[u32],
        count: usize,
        scratch: &mut Scratch,
    ) -> Graph {
        let Scratch { acc, touched } = scratch;
        let mut first = vec![0usize; count + 1];
        for &c in community {
            first[c as usize + 1] += 1;
        }
        for c in 0..count {
            first[c + 1] += first[c];
        }
        let mut members = vec![0u32; community.len()];
        let mut fill = first.clone();
        for (u, &c) in community.iter().enumerate() {
            members[fill[c as usize]] = u as u32;
            fill[c as usize] += 1;
        }
        drop(fill);

        let mut offsets = Vec::with_capacity(count + 1);
        offsets.push(0);
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut loops = vec![0.0; count];
        for c in 0..count {
            for &u in &members[first[c]..first[c + 1]] {
                let u = u as usize;
                loops[c] += self.loops[u];
                for (v, w) in self.row(u) {
                    let d = community[v];
                    if d as usize == c {
                        // Each internal edge appears in both rows; count it once.
                        if u < v {
                            loops[c] += w;
                        }
                    } else {
                        if acc[d as usize] == 0.0 {
                            touched.push(d);
                        }
                        acc[d as usize] += w;
                    }
                }
            }
            for &d in touched.iter() {
                targets.push(d);
                weights.push(acc[d as usize]);
                acc[d as usize] = 0.0;
            }
            touched.clear();
            offsets.push(targets.len());
        }
        Graph::with_degrees(offsets, targets, weights, loops)
    }

    /// Modularity of a partition of this graph (ids dense in `0..count`), `m` the total weight.
    fn modularity(&self, community: &[u32], count: usize, m: f64, resolution: f64) -> f64 {
        let mut internal = vec![0.0; count];
        let mut total = vec![0.0; count];
        for u in 0..self.len() {
            let c = community[u] as usize;
            total[c] += self.degree[u];
            internal[c] += self.loops[u];
            for (v, w) in self.row(u) {
                if u < v && community[v] as usize == c {
                    internal[c] += w;
                }
            }
        }
        community_sum(&internal, &total, m, resolution)
    }
}

/// Per-community weight accumulator (all zeros between uses, at least as long as the number of
/// nodes) and the list of its entries touched, reused across nodes and levels.
pub(super) struct Scratch {
    pub(super) acc: Vec<f64>,
    pub(super) touched: Vec<u32>,
}

/// `sum_c L_c / m - resolution * (D_c / 2m)^2`, summed in community order as NetworkX does.
fn community_sum(internal: &[f64], total: &[f64], m: f64, resolution: f64) -> f64 {
    let norm = 1.0 / ((2.0 * m) * (2.0 * m));
    internal
        .iter()
        .zip(total)
        .map(|(&l, &d)| l / m - resolution * d * d * norm)
        .sum()
}

/// Renumbers ids in place densely in order of first appearance; all ids must be `< bound`.
/// Returns the number of distinct ids.
pub(super) fn renumber(ids: &mut [u32], bound: usize) -> usize {
    let mut map = vec![u32::MAX; bound];
    let mut next = 0u32;
    for id in ids.iter_mut() {
        let slot = &mut map[*id as usize];
        if *slot == u32::MAX {
            *slot = next;
            next += 1;
        }
        *id = *slot;
    }
    next as usize
}

/// The community node `u` does best in, the communities being `community` with total degrees
/// `stot`: its weight to each neighbouring community summed (in `scratch`), `u` taken out of
/// its own, then the neighbouring community with the best strictly positive gain (ties to the
/// lowest id), or its own. `stot` counts u's degree in the community chosen; `scratch` is left
/// cleared.
pub(super) fn best_community(
    graph: &Graph,
    u: usize,
    community: &[u32],
    stot: &mut [f64],
    m: f64,
    resolution: f64,
    scratch: &mut Scratch,
) -> u32 {
    let Scratch { acc, touched } = scratch;
    for (v, w) in graph.row(u) {
        let c = community[v] as usize;
        if acc[c] == 0.0 {
            touched.push(c as u32);
        }
        acc[c] += w;
    }
    let own = community[u];
    let degree = graph.degree[u];
    stot[own as usize] -= degree;
    let own_weight = acc[own as usize];
    let own_total = stot[own as usize];
    // NetworkX's gain of moving u from its community (u removed) to community c is
    //   (w_c - w_own) / m - resolution * degree * (Stot_c - Stot_own) / (2 m^2);
    // the positive factor 1/m is dropped, and differences are formed first so that
    // equivalent communities tie exactly.
    let scale = resolution * degree / (2.0 * m);
    let mut best = own;
    let mut best_gain = 0.0;
    for &c in touched.iter() {
        if c == own {
            continue;
        }
        let gain = (acc[c as usize] - own_weight) - scale * (stot[c as usize] - own_total);
        if gain > best_gain || (gain == best_gain && best != own && c < best) {
            best_gain = gain;
            best = c;
        }
    }
    stot[best as usize] += degree;
    for &c in touched.iter() {
        acc[c as usize] = 0.0;
    }
    touched.clear();
    best
}

/// Phase 1 on one level: visits nodes in index order, moving each to the neighbouring community
/// with the largest positive modularity gain, until a pass over all nodes moves nothing.
///
/// After the first pass, a pass skips the nodes whose best move cannot have changed since their
/// last visit. For a non-negative resolution only these can change: neighbours of a moved node,
/// members of a community that grew, and nodes adjacent to a community that shrank. Skipped
/// visits would not have moved anything, so the moves are those of plain full passes; when a
/// shrunk community is too large to walk, or once a pass moves nothing, the next pass visits
/// every node, and the level ends only with a full pass that moves nothing.
/// Returns the community of every node (ids are node ids of this level) and whether any node
/// moved, or `None` if `stop` fired. With `skip_unchanged == false` every pass is full.
fn one_level(
    graph: &Graph,
    m: f64,
    resolution: f64,
    scratch: &mut Scratch,
    countdown: &mut usize,
    stop: &dyn Fn() -> bool,
    skip_unchanged: bool,
) -> Option<(Vec<u32>, bool)> {
    const NONE: u32 = u32::MAX;
    let n = graph.len();
    let mut node2com: Vec<u32> = (0..n as u32).collect();
    let mut stot = graph.degree.clone();
    // Members of each community as doubly linked lists, and their total number of row entries.
    let mut head: Vec<u32> = (0..n as u32).collect();
    let mut next = vec![NONE; n];
    let mut prev = vec![NONE; n];
    let mut entries: Vec<usize> = (0..n)
        .map(|u| graph.offsets[u + 1] - graph.offsets[u])
        .collect();
    // Revisit marks: `dirty` nodes, and members of communities that grew after their last visit.
    let mut dirty = vec![false; n];
    let mut grown = vec![0usize; n];
    let mut seen = vec![0usize; n];
    let mut clock = 0usize;
    let track = skip_unchanged && resolution >= 0.0;
    let walk_limit = WALK_LIMIT.max(graph.targets.len() / n.max(1) * 16);
    let mut full = true;
    let mut moved = false;
    for _ in 0..MAX_PASSES {
        let mut moves = 0usize;
        let mut need_full = !track;
        for u in 0..n {
            if !full && !dirty[u] && grown[node2com[u] as usize] <= seen[u] {
                continue;
            }
            dirty[u] = false;
            *countdown -= 1;
            if *countdown == 0 {
                *countdown = STOP_INTERVAL;
                if stop() {
                    return None;
                }
            }
            let own = node2com[u];
            let best = best_community(graph, u, &node2com, &mut stot, m, resolution, scratch);
            if best != own {
                moves += 1;
                clock += 1;
                node2com[u] = best;
                let (a, b) = (own as usize, best as usize);
                // Unlink u from a, push it onto b.
                let (p, q) = (prev[u], next[u]);
                if p == NONE {
                    head[a] = q;
                } else {
                    next[p as usize] = q;
                }
                if q != NONE {
                    prev[q as usize] = p;
                }
                prev[u] = NONE;
                next[u] = head[b];
                if head[b] != NONE {
                    prev[head[b] as usize] = u as u32;
                }
                head[b] = u as u32;
                let row = graph.offsets[u + 1] - graph.offsets[u];
                entries[a] -= row;
                entries[b] += row;
                grown[b] = clock;
                for (v, _) in graph.row(u) {
                    dirty[v] = true;
                }
                if track && entries[a] <= walk_limit {
                    let mut y = head[a];
                    while y != NONE {
                        for (v, _) in graph.row(y as usize) {
                            if node2com[v] != own {
                                dirty[v] = true;
                            }
                        }
                        y = next[y as usize];
                    }
                } else {
                    need_full = true;
                }
            }
            seen[u] = clock;
        }
        if moves > 0 {
            moved = true;
            full = need_full;
        } else if full {
            break;
        } else {
            full = true;
        }
    }
    Some((node2com, moved))
}

/// Communities of an undirected weighted graph by the Louvain method (Blondel et al. 2008),
/// following NetworkX's `louvain_communities` without its random shuffle.
///
/// `edges` are `(a, b, weight)` with `a, b < nodes` and positive finite weights; parallel edges
/// add up and a self loop counts `2w` toward its node's degree and `w` toward the total weight.
/// Phase 1 visits nodes in index order and moves each to the neighbouring community with the
/// best strictly positive gain (ties go to the lowest community id), repeating passes until
/// nothing moves; phase 2 collapses communities into weighted super-nodes. Levels repeat until
/// one raises modularity by no more than 1e-7; the partition of the best level is returned.
///
/// The result holds one id per node, numbered densely in order of each community's lowest node
/// (node 0 is in community 0). Isolated nodes are singletons. `stop` is polled once per level
/// and every 1024 node visits; `None` is returned as soon as it yields `true`.
pub(crate) fn louvain(
    nodes: usize,
    edges: &[(u32, u32, f64)],
    resolution: f64,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<u32>> {
    run_louvain(nodes, edges, resolution, stop, true)
}

/// [`louvain`], optionally with every local-moving pass visiting all nodes.
fn run_louvain(
    nodes: usize,
    edges: &[(u32, u32, f64)],
    resolution: f64,
    stop: &dyn Fn() -> bool,
    skip_unchanged: bool,
) -> Option<Vec<u32>> {
    let mut graph = Graph::from_edges(nodes, edges);
    let m: f64 = graph.degree.iter().sum::<f64>() / 2.0;
    let mut assignment: Vec<u32> = (0..nodes as u32).collect();
    if m.is_nan() || m <= 0.0 {
        return if stop() { None } else { Some(assignment) };
    }

    let mut scratch = Scratch {
        acc: vec![0.0; nodes],
        touched: Vec::new(),
    };
    let mut countdown = STOP_INTERVAL;
    let mut previous = graph.modularity(&assignment, nodes, m, resolution);
    let mut best = assignment.clone();
    let mut best_modularity = f64::NEG_INFINITY;
    loop {
        if stop() {
            return None;
        }
        let (mut community, moved) = one_level(
            &graph,
            m,
            resolution,
            &mut scratch,
            &mut countdown,
            stop,
            skip_unchanged,
        )?;
        let count = renumber(&mut community, graph.len());
        for c in assignment.iter_mut() {
            *c = community[*c as usize];
        }
        let current = graph.modularity(&community, count, m, resolution);
        if current >= best_modularity {
            best_modularity = current;
            best.copy_from_slice(&assignment);
        }
        if !moved || current - previous <= THRESHOLD {
            break;
        }
        previous = current;
        graph = graph.aggregate(&community, count, &mut scratch);
    }
    renumber(&mut best, nodes);
    Some(best)
}

/// Newman's modularity of a partition (with the resolution parameter gamma), as NetworkX's
/// `networkx.algorithms.community.modularity(G, communities, weight='weight', resolution=gamma)`
/// computes it on an undirected graph: `sum_c L_c / m - gamma * (D_c / 2m)^2`, where `L_c` is
/// the weight inside community `c` (self loops once), `D_c` its total degree (self loops twice)
/// and `m` the total edge weight.
///
/// `community` holds one arbitrary id per node (`community.len() == nodes`). Parallel edges add
/// up. A graph without edge weight (where NetworkX divides by zero) gives 0.0.
#[cfg(test)]
pub(crate) fn modularity(
    nodes: usize,
    edges: &[(u32, u32, f64)],
    community: &[u32],
    resolution: f64,
) -> f64 {
    use std::collections::HashMap;
    assert_eq!(community.len(), nodes, "one community id per node");
    let mut index = HashMap::new();
    let dense: Vec<usize> = community
        .iter()
        .map(|&c| {
            let next = index.len();
            *index.entry(c).or_insert(next)
        })
        .collect();
    let count = index.len();
    let mut degree = vec![0.0; nodes];
    let mut internal = vec![0.0; count];
    for &(a, b, w) in edges {
        let (a, b) = (a as usize, b as usize);
        degree[a] += w;
        degree[b] += w;
        if dense[a] == dense[b] {
            internal[dense[a]] += w;
        }
    }
    let m = degree.iter().sum::<f64>() / 2.0;
    if m.is_nan() || m <= 0.0 {
        return 0.0;
    }
    let mut total = vec![0.0; count];
    for (u, &c) in dense.iter().enumerate() {
        total[c] += degree[u];
    }
    community_sum(&internal, &total, m, resolution)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never() -> bool {
        false
    }

    fn run(nodes: usize, edges: &[(u32, u32, f64)]) -> Vec<u32> {
        louvain(nodes, edges, 1.0, &never).expect("not stopped")
    }

    fn clique(nodes: std::ops::Range<u32>, edges: &mut Vec<(u32, u32, f64)>) {
        for a in nodes.clone() {
            for b in a + 1..nodes.end {
                edges.push((a, b, 1.0));
            }
        }
    }

    /// Tiny deterministic linear congruential generator.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u32 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as u32
        }

        fn below(&mut self, n: u32) -> u32 {
            self.next() % n
        }
    }

    /// Random graph with `groups` planted groups of `size` nodes; `internal` in [0, 1] is the
    /// share of edges drawn inside a group. May contain parallel edges and self loops.
    fn planted(
        seed: u64,
        groups: u32,
        size: u32,
        edges: usize,
        internal: f64,
    ) -> Vec<(u32, u32, f64)> {
        let mut rng = Lcg(seed);
        let n = groups * size;
        (0..edges)
            .map(|_| {
                let a = rng.below(n);
                let inside = (rng.below(1000) as f64) < internal * 1000.0;
                let b = if inside {
                    a / size * size + rng.below(size)
                } else {
                    rng.below(n)
                };
                let w = 1.0 + rng.below(4) as f64 * 0.5;
                (a, b, w)
            })
            .collect()
    }

    fn is_dense_ordered(ids: &[u32]) -> bool {
        let mut next = 0;
        ids.iter().all(|&c| {
            if c == next {
                next += 1;
                true
            } else {
                c < next
            }
        })
    }

    #[test]
    fn two_cliques_joined_by_one_edge() {
        let mut edges = Vec::new();
        clique(0..5, &mut edges);
        clique(5..10, &mut edges);
        edges.push((4, 5, 1.0));
        let result = run(10, &edges);
        assert_eq!(result, vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn ring_of_six_cliques() {
        let mut edges = Vec::new();
        for k in 0..6u32 {
            clique(4 * k..4 * k + 4, &mut edges);
            edges.push((4 * k + 3, (4 * k + 4) % 24, 1.0));
        }
        let result = run(24, &edges);
        let expected: Vec<u32> = (0..24).map(|u| u / 4).collect();
        assert_eq!(result, expected);
    }

    #[test]
    fn isolated_nodes_are_singletons_with_dense_ordered_ids() {
        let edges = [(1, 2, 1.0), (2, 3, 1.0), (1, 3, 1.0), (5, 6, 2.0)];
        assert_eq!(run(8, &edges), vec![0, 1, 1, 1, 2, 3, 3, 4]);
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(run(0, &[]), Vec::<u32>::new());
        assert_eq!(run(4, &[]), vec![0, 1, 2, 3]);
        let loops = [(0, 0, 1.0), (1, 1, 2.0), (2, 2, 0.5), (1, 1, 1.0)];
        assert_eq!(run(3, &loops), vec![0, 1, 2]);
        assert_eq!(run(2, &[(0, 1, 1.0)]), vec![0, 0]);
        assert_eq!(modularity(0, &[], &[], 1.0), 0.0);
        assert_eq!(modularity(3, &[], &[0, 1, 2], 1.0), 0.0);
    }

    #[test]
    fn parallel_edges_act_as_their_summed_weight() {
        let mut merged = Vec::new();
        clique(0..4, &mut merged);
        clique(4..8, &mut merged);
        merged.push((3, 4, 3.0));
        merged.push((0, 7, 1.0));
        merged.push((2, 2, 2.0));
        let mut split = Vec::new();
        for &(a, b, w) in &merged {
            split.push((b, a, w / 4.0));
            split.push((a, b, w / 2.0));
            split.push((a, b, w / 4.0));
        }
        let expected = run(8, &merged);
        assert_eq!(run(8, &split), expected);
        for gamma in [0.5, 1.0, 2.0] {
            let q_merged = modularity(8, &merged, &expected, gamma);
            let q_split = modularity(8, &split, &expected, gamma);
            assert!((q_merged - q_split).abs() < 1e-12);
        }
        // Heavy parallel edges between the cliques pull them together.
        let mut heavy = merged.clone();
        for _ in 0..20 {
            heavy.push((3, 4, 1.0));
        }
        let heavy_result = run(8, &heavy);
        assert_eq!(heavy_result[3], heavy_result[4]);
    }

    #[test]
    fn modularity_of_hand_computed_cases() {
        let mut triangles = Vec::new();
        clique(0..3, &mut triangles);
        clique(3..6, &mut triangles);
        let split = [0, 0, 0, 1, 1, 1];
        let together = [0; 6];
        let singletons = [0, 1, 2, 3, 4, 5];
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        // m = 6; each triangle: L = 3, D = 6.
        assert!(close(modularity(6, &triangles, &split, 1.0), 0.5));
        assert!(close(modularity(6, &triangles, &together, 1.0), 0.0));
        assert!(close(
            modularity(6, &triangles, &singletons, 1.0),
            -1.0 / 6.0
        ));
        assert!(close(modularity(6, &triangles, &split, 0.5), 0.75));
        assert!(close(modularity(6, &triangles, &together, 0.5), 0.5));
        assert!(close(modularity(6, &triangles, &split, 2.0), 0.0));
        // Community ids need not be dense.
        assert!(close(
            modularity(6, &triangles, &[42, 42, 42, 7, 7, 7], 1.0),
            0.5
        ));
        // Self loop: degree of node 0 is 2 * 1 + 1 = 3, m = 2.
        let looped = [(0, 0, 1.0), (0, 1, 1.0)];
        assert!(close(modularity(2, &looped, &[0, 1], 1.0), -0.125));
        assert!(close(modularity(2, &looped, &[0, 0], 1.0), 0.0));
        assert!(close(
            modularity(2, &looped, &[0, 1], 0.5),
            0.5 - 0.5 * (9.0 + 1.0) / 16.0
        ));
    }

    #[test]
    fn resolution_changes_the_partition() {
        let mut edges = Vec::new();
        clique(0..5, &mut edges);
        clique(5..10, &mut edges);
        edges.push((4, 5, 1.0));
        assert_eq!(louvain(10, &edges, 0.01, &never).unwrap(), vec![0; 10]);
        let fine = louvain(10, &edges, 20.0, &never).unwrap();
        assert!(fine.iter().max().unwrap() + 1 > 2);
        assert!(is_dense_ordered(&fine));
    }

    #[test]
    fn never_worse_than_trivial_partitions_on_random_graphs() {
        let cases = [
            (1u64, 10u32, 20u32, 600usize, 0.8),
            (2, 5, 40, 800, 0.5),
            (3, 50, 4, 300, 0.9),
            (4, 1, 150, 500, 0.0),
            (5, 20, 25, 3000, 0.7),
        ];
        for (seed, groups, size, edge_count, internal) in cases {
            let edges = planted(seed, groups, size, edge_count, internal);
            let n = (groups * size) as usize;
            for gamma in [0.5, 1.0, 1.5] {
                let result = louvain(n, &edges, gamma, &never).unwrap();
                assert_eq!(result.len(), n);
                assert!(is_dense_ordered(&result));
                let q = modularity(n, &edges, &result, gamma);
                let singletons: Vec<u32> = (0..n as u32).collect();
                let q_singletons = modularity(n, &edges, &singletons, gamma);
                let q_one = modularity(n, &edges, &vec![0; n], gamma);
                assert!(
                    q >= q_singletons - 1e-12,
                    "seed {seed}: {q} < {q_singletons}"
                );
                assert!(q >= q_one - 1e-12, "seed {seed}: {q} < {q_one}");
            }
            let strong = louvain(n, &edges, 1.0, &never).unwrap();
            if internal >= 0.8 {
                assert!(modularity(n, &edges, &strong, 1.0) > 0.5);
            }
        }
    }

    #[test]
    fn skipping_unchanged_nodes_does_not_change_the_result() {
        let cases = [
            (11u64, 10u32, 30u32, 2000usize, 0.6),
            (12, 1, 400, 3000, 0.0),
            (13, 40, 10, 1500, 0.9),
            (14, 4, 100, 4000, 0.3),
        ];
        for (seed, groups, size, edge_count, internal) in cases {
            let edges = planted(seed, groups, size, edge_count, internal);
            let n = (groups * size) as usize;
            for gamma in [0.0, 0.5, 1.0, 2.0] {
                let fast = run_louvain(n, &edges, gamma, &never, true);
                let plain = run_louvain(n, &edges, gamma, &never, false);
                assert_eq!(fast, plain, "seed {seed}, resolution {gamma}");
            }
        }
    }

    #[test]
    fn stop_yields_none() {
        let mut edges = Vec::new();
        clique(0..5, &mut edges);
        assert_eq!(louvain(5, &edges, 1.0, &|| true), None);
        assert_eq!(louvain(3, &[], 1.0, &|| true), None);
        // A stop that fires later, during the first local-moving pass of a larger graph.
        let edges = planted(9, 100, 50, 40_000, 0.8);
        let calls = std::cell::Cell::new(0usize);
        let stop = || {
            calls.set(calls.get() + 1);
            calls.get() > 2
        };
        assert_eq!(louvain(5000, &edges, 1.0, &stop), None);
        assert_eq!(calls.get(), 3);
    }

    #[test]
    #[ignore = "large; run in release mode"]
    fn large_planted_graph() {
        let (groups, size) = (1000, 100);
        let n = (groups * size) as usize;
        let edges = planted(7, groups, size, 1_000_000, 0.7);
        let result = louvain(n, &edges, 1.0, &never).unwrap();
        assert!(is_dense_ordered(&result));
        let q = modularity(n, &edges, &result, 1.0);
        assert!(q > 0.6, "modularity {q}");
    }
}
