//! Communities by the Leiden method (Traag, Waltman and van Eck 2019), for modularity with a
//! resolution, without its randomness so that a graph always gets the same communities:
//!
//! 1. fast local moving: nodes are visited from a queue (at first every node in order) and each
//!    moves to the neighbouring community that raises modularity most; a node that moved puts
//!    its neighbours outside its new community back in the queue;
//! 2. refinement: inside each community, starting from single nodes, a node still alone and
//!    well connected to its community joins the well-connected sub-community of it that raises
//!    modularity most (the paper picks at random among the moves that do not lower it; relq
//!    takes the best, ties to the lowest id, which is the paper's choice as its randomness θ
//!    goes to 0);
//! 3. aggregation: the refined sub-communities become the nodes of the next level, each starting
//!    in the community of step 1 that holds it.
//!
//! Levels repeat until refinement merges nothing. As the paper proves, every community is then
//! connected; a last pass splits any community into its connected parts all the same (which
//! can only raise modularity), so that holds for any input.

use super::louvain::{best_community, renumber, Graph, Scratch};
use std::collections::VecDeque;

/// `stop` is polled at least once per this many node visits (and once per level).
const STOP_INTERVAL: usize = 1024;

/// Upper bound on levels; each level but the last has fewer nodes than the one before, so this
/// only guards against rounding noise.
const MAX_LEVELS: usize = 1000;

/// Communities of an undirected weighted graph by the Leiden method; the arguments and the
/// result are those of [`super::louvain::louvain`]: one id per node, numbered densely in order
/// of each community's lowest node, `None` as soon as `stop` yields `true`.
pub(crate) fn leiden(
    nodes: usize,
    edges: &[(u32, u32, f64)],
    resolution: f64,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<u32>> {
    run_leiden(nodes, edges, resolution, stop, true)
}

/// [`leiden`], with or without the last pass that splits disconnected communities.
fn run_leiden(
    nodes: usize,
    edges: &[(u32, u32, f64)],
    resolution: f64,
    stop: &dyn Fn() -> bool,
    split: bool,
) -> Option<Vec<u32>> {
    let original = Graph::from_edges(nodes, edges);
    // The graph of the current level: the original until the first aggregation.
    let mut aggregated: Option<Graph> = None;
    let m: f64 = original.degree.iter().sum::<f64>() / 2.0;
    if m.is_nan() || m <= 0.0 {
        return if stop() {
            None
        } else {
            Some((0..nodes as u32).collect())
        };
    }
    let mut scratch = Scratch {
        acc: vec![0.0; nodes],
        touched: Vec::new(),
    };
    let mut countdown = STOP_INTERVAL;
    // The node of the current level each original node is in, and each level node's community.
    let mut assignment: Vec<u32> = (0..nodes as u32).collect();
    let mut part: Vec<u32> = (0..nodes as u32).collect();
    for _ in 0..MAX_LEVELS {
        if stop() {
            return None;
        }
        let graph = aggregated.as_ref().unwrap_or(&original);
        move_nodes(
            graph,
            &mut part,
            m,
            resolution,
            &mut scratch,
            &mut countdown,
            stop,
        )?;
        let count = renumber(&mut part, graph.len());
        if count == graph.len() {
            break;
        }
        let mut refined = refine(graph, &part, count, m, resolution, &mut scratch);
        let refined_count = renumber(&mut refined, graph.len());
        if refined_count == graph.len() {
            break;
        }
        // Each refined sub-community starts the next level in the community that holds it.
        let mut next_part = vec![0u32; refined_count];
        for (u, &r) in refined.iter().enumerate() {
            next_part[r as usize] = part[u];
        }
        for a in assignment.iter_mut() {
            *a = refined[*a as usize];
        }
        aggregated = Some(graph.aggregate(&refined, refined_count, &mut scratch));
        part = next_part;
    }
    let mut community: Vec<u32> = assignment.iter().map(|&a| part[a as usize]).collect();
    if split {
        split_disconnected(&original, &mut community);
    }
    renumber(&mut community, nodes);
    Some(community)
}

/// Fast local moving: nodes taken from a queue, each moved to the neighbouring community with
/// the best strictly positive gain (ties to the lowest id); a moved node queues its neighbours
/// outside its new community that are not queued already. Ends when the queue is empty.
fn move_nodes(
    graph: &Graph,
    part: &mut [u32],
    m: f64,
    resolution: f64,
    scratch: &mut Scratch,
    countdown: &mut usize,
    stop: &dyn Fn() -> bool,
) -> Option<()> {
    let n = graph.len();
    let mut stot = vec![0.0; n];
    for u in 0..n {
        stot[part[u] as usize] += graph.degree[u];
    }
    let mut queue: VecDeque<u32> = (0..n as u32).collect();
    let mut queued = vec![true; n];
    while let Some(u) = queue.pop_front() {
        let u = u as usize;
        queued[u] = false;
        *countdown -= 1;
        if *countdown == 0 {
            *countdown = STOP_INTERVAL;
            if stop() {
                return None;
            }
        }
        let own = part[u];
        let best = best_community(graph, u, part, &mut stot, m, resolution, scratch);
        if best != own {
            part[u] = best;
            for (v, _) in graph.row(u) {
                if part[v] != best && !queued[v] {
                    queued[v] = true;
                    queue.push_back(v as u32);
                }
            }
        }
    }
    Some(())
}

/// The refinement of `part` (ids dense in `0..count`): every node starts alone; visited in
/// order, a node still alone and well connected to its community (its weight to the rest of
/// the community at least `resolution * k_v * (K_S - k_v) / 2m`) joins the sub-community of its
/// community that is well connected to the community in the same sense and raises modularity
/// most (strictly; ties to the lowest id). Returns each node's sub-community (ids are node ids).
fn refine(
    graph: &Graph,
    part: &[u32],
    count: usize,
    m: f64,
    resolution: f64,
    scratch: &mut Scratch,
) -> Vec<u32> {
    let Scratch { acc, touched } = scratch;
    let n = graph.len();
    let two_m = 2.0 * m;
    // Each community's total degree.
    let mut part_total = vec![0.0; count];
    for u in 0..n {
        part_total[part[u] as usize] += graph.degree[u];
    }
    let mut refined: Vec<u32> = (0..n as u32).collect();
    let mut size = vec![1u32; n];
    let mut total = graph.degree.clone();
    // Each sub-community's weight to the rest of its community.
    let mut external: Vec<f64> = (0..n)
        .map(|u| {
            graph
                .row(u)
                .filter(|&(v, _)| part[v] == part[u])
                .map(|(_, w)| w)
                .sum()
        })
        .collect();
    for u in 0..n {
        if size[refined[u] as usize] != 1 {
            continue;
        }
        let s = part[u] as usize;
        let k = graph.degree[u];
        if external[u] < resolution * k * (part_total[s] - k) / two_m {
            continue;
        }
        for (v, w) in graph.row(u) {
            if part[v] as usize != s {
                continue;
            }
            let r = refined[v] as usize;
            if acc[r] == 0.0 {
                touched.push(r as u32);
            }
            acc[r] += w;
        }
        let own = refined[u];
        let mut best = own;
        let mut best_gain = 0.0;
        for &r in touched.iter() {
            if r == own {
                continue;
            }
            let ri = r as usize;
            if external[ri] < resolution * total[ri] * (part_total[s] - total[ri]) / two_m {
                continue;
            }
            let gain = acc[ri] - resolution * k * total[ri] / two_m;
            if gain > best_gain || (gain == best_gain && best != own && r < best) {
                best_gain = gain;
                best = r;
            }
        }
        if best != own {
            let b = best as usize;
            let between = acc[b];
            refined[u] = best;
            size[b] += 1;
            size[own as usize] = 0;
            total[b] += k;
            external[b] += external[u] - 2.0 * between;
        }
        for &r in touched.iter() {
            acc[r as usize] = 0.0;
        }
        touched.clear();
    }
    refined
}

/// Splits each community into its connected parts (a breadth-first search inside it), each
/// part a community of its own; ids may come out sparse, below the number of nodes.
fn split_disconnected(graph: &Graph, community: &mut [u32]) {
    let n = graph.len();
    let mut done = vec![false; n];
    let mut split = vec![0u32; n];
    let mut queue = Vec::new();
    for start in 0..n {
        if done[start] {
            continue;
        }
        done[start] = true;
        queue.push(start);
        while let Some(u) = queue.pop() {
            split[u] = start as u32;
            for (v, _) in graph.row(u) {
                if !done[v] && community[v] == community[start] {
                    done[v] = true;
                    queue.push(v);
                }
            }
        }
    }
    community.copy_from_slice(&split);
}

/// Modularity of a partition, for tests and for comparing methods.
#[cfg(test)]
fn quality(nodes: usize, edges: &[(u32, u32, f64)], community: &[u32], resolution: f64) -> f64 {
    super::louvain::modularity(nodes, edges, community, resolution)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never() -> bool {
        false
    }

    fn run(nodes: usize, edges: &[(u32, u32, f64)]) -> Vec<u32> {
        leiden(nodes, edges, 1.0, &never).unwrap()
    }

    fn clique(nodes: std::ops::Range<u32>, edges: &mut Vec<(u32, u32, f64)>) {
        for a in nodes.clone() {
            for b in nodes.clone() {
                if a < b {
                    edges.push((a, b, 1.0));
                }
            }
        }
    }

    /// A small deterministic generator (xorshift), as the Louvain tests have.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 32) as u32
        }
        fn below(&mut self, n: u32) -> u32 {
            self.next() % n
        }
    }

    fn connected_within(nodes: usize, edges: &[(u32, u32, f64)], community: &[u32]) -> bool {
        let g = Graph::from_edges(nodes, edges);
        let mut copy = community.to_vec();
        split_disconnected(&g, &mut copy);
        // Splitting changes nothing: each community was one connected part.
        let a = {
            let mut c = community.to_vec();
            renumber(&mut c, nodes);
            c
        };
        renumber(&mut copy, nodes);
        a == copy
    }

    #[test]
    fn two_cliques_joined_by_one_edge() {
        let mut edges = Vec::new();
        clique(0..5, &mut edges);
        clique(5..10, &mut edges);
        edges.push((4, 5, 1.0));
        let c = run(10, &edges);
        assert_eq!(c, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn ring_of_cliques_and_isolated_nodes() {
        let mut edges = Vec::new();
        for k in 0..6u32 {
            clique(k * 4..k * 4 + 4, &mut edges);
            edges.push((k * 4 + 3, ((k + 1) % 6) * 4, 1.0));
        }
        let c = run(26, &edges);
        let expected: Vec<u32> = (0..24).map(|u| u / 4).chain([6, 7]).collect();
        assert_eq!(c, expected);
        assert_eq!(run(3, &[]), [0, 1, 2]);
        assert_eq!(run(0, &[]), Vec::<u32>::new());
    }

    #[test]
    fn communities_are_connected_and_as_good_as_louvains_on_random_graphs() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut leiden_total, mut louvain_total) = (0.0, 0.0);
        for round in 0..40 {
            let n = 20 + rng.below(80) as usize;
            let groups = 2 + rng.below(6);
            let mut edges = Vec::new();
            for _ in 0..n * 3 {
                let a = rng.below(n as u32);
                let b = rng.below(n as u32);
                // Mostly inside planted groups, some across.
                let same = a % groups == b % groups;
                if a != b && (same || rng.below(5) == 0) {
                    edges.push((a, b, 1.0 + rng.below(3) as f64));
                }
            }
            let c = run(n, &edges);
            assert_eq!(c.len(), n);
            // Connected by the method itself, before the last pass that would split them.
            let unsplit = run_leiden(n, &edges, 1.0, &never, false).unwrap();
            assert_eq!(unsplit, c, "round {round}");
            assert!(connected_within(n, &edges, &unsplit), "round {round}");
            let q = quality(n, &edges, &c, 1.0);
            let l = super::super::louvain::louvain(n, &edges, 1.0, &never).unwrap();
            let ql = quality(n, &edges, &l, 1.0);
            assert!(
                q >= quality(n, &edges, &vec![0; n], 1.0) - 1e-12,
                "round {round}"
            );
            leiden_total += q;
            louvain_total += ql;
        }
        // Over the rounds, Leiden is at least as good as Louvain, give or take a little.
        assert!(
            leiden_total >= louvain_total - 0.01 * louvain_total.abs(),
            "{leiden_total} < {louvain_total}"
        );
    }

    #[test]
    fn stop_yields_none() {
        let mut edges = Vec::new();
        clique(0..50, &mut edges);
        assert_eq!(leiden(50, &edges, 1.0, &|| true), None);
    }
}
