//! Node placement for the SVG picture: a deterministic force-directed layout.
//!
//! Each connected component is laid out on its own with Fruchterman–Reingold (exact pairwise
//! repulsion for small components, a grid of cells with a cut-off above that, so a thousand
//! nodes take well under a second), then boxes that still overlap are pushed apart, and the
//! components are packed side by side in rows, largest first.
//!
//! Nothing here is random: starting positions come from a hash of each node's seed (its id),
//! and every sum runs in index order, so the same input always gives the same positions.
//! Every coordinate returned is finite.

/// One node to place: the size of its box (width, height), which the layout keeps clear of
/// other boxes, and a seed for its starting position.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Item {
    pub w: f64,
    pub h: f64,
    pub seed: u64,
}

/// Above this many nodes, repulsion only acts between nearby nodes (grid cells).
const EXACT_LIMIT: usize = 400;
/// Up to this many nodes, a component's layout is refined by stress majorization, which needs
/// a distance matrix of this size squared.
const STRESS_LIMIT: usize = 1500;
/// Space left between packed components.
const COMPONENT_GAP: f64 = 60.0;
/// The visible length aimed at for an edge between two boxes.
const EDGE_GAP: f64 = 90.0;
/// Space kept between boxes by the overlap removal.
const BOX_GAP: f64 = 14.0;

/// An edge between two items (by index), and the visible length it would like between their
/// boxes (room for its label).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Link {
    pub a: usize,
    pub b: usize,
    pub gap: f64,
}

/// A neighbour in the undirected adjacency: how many links join it, and the longest gap wanted.
#[derive(Clone, Copy, Debug)]
struct Neighbour {
    node: usize,
    count: usize,
    gap: f64,
}

/// Centre of each item's box, with the drawing's top-left corner at about (0, 0). Self-loops
/// and out-of-range indices among `links` are ignored; repeated links ask for more room.
pub(crate) fn layout(items: &[Item], links: &[Link]) -> Vec<(f64, f64)> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    let items: Vec<Item> = items
        .iter()
        .map(|it| Item {
            w: finite_or(it.w, 10.0).clamp(1.0, 10_000.0),
            h: finite_or(it.h, 10.0).clamp(1.0, 10_000.0),
            seed: it.seed,
        })
        .collect();

    // Undirected adjacency, sorted, with how many edges join each pair.
    let mut adj: Vec<Vec<Neighbour>> = vec![Vec::new(); n];
    for l in links {
        let (a, b) = (l.a, l.b);
        if a != b && a < n && b < n {
            let gap = finite_or(l.gap, EDGE_GAP).clamp(EDGE_GAP, 400.0);
            adj[a].push(Neighbour {
                node: b,
                count: 1,
                gap,
            });
            adj[b].push(Neighbour {
                node: a,
                count: 1,
                gap,
            });
        }
    }
    for list in &mut adj {
        list.sort_by(|x, y| x.node.cmp(&y.node).then(x.gap.total_cmp(&y.gap)));
        list.dedup_by(|later, kept| {
            if later.node == kept.node {
                kept.count += 1;
                kept.gap = kept.gap.max(later.gap);
                true
            } else {
                false
            }
        });
    }

    let components = components(&adj);
    let mut placed: Vec<Placed> = components
        .into_iter()
        .map(|members| {
            let pos = layout_component(&items, &adj, &members);
            let bounds = Bounds::of(&items, &members, &pos);
            (members, pos, bounds)
        })
        .collect();
    // Largest first; ties by smallest member, which keeps the order stable.
    placed.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0[0].cmp(&b.0[0])));

    // Shelf packing: rows no wider than about the square root of the total area (a little
    // wider than tall suits screens), and never narrower than the widest component.
    let area: f64 = placed
        .iter()
        .map(|(_, _, b)| (b.width() + COMPONENT_GAP) * (b.height() + COMPONENT_GAP))
        .sum();
    let widest = placed.iter().map(|(_, _, b)| b.width()).fold(0.0, f64::max);
    let row_width = (area.sqrt() * 1.4).max(widest);

    let mut out = vec![(0.0, 0.0); n];
    let (mut x, mut y, mut row_height) = (0.0f64, 0.0f64, 0.0f64);
    for (members, pos, b) in &placed {
        if x > 0.0 && x + b.width() > row_width {
            x = 0.0;
            y += row_height + COMPONENT_GAP;
            row_height = 0.0;
        }
        for (k, &i) in members.iter().enumerate() {
            out[i] = (pos[k].0 - b.min_x + x, pos[k].1 - b.min_y + y);
        }
        x += b.width() + COMPONENT_GAP;
        row_height = row_height.max(b.height());
    }
    for p in &mut out {
        p.0 = finite_or(p.0, 0.0);
        p.1 = finite_or(p.1, 0.0);
    }
    out
}

/// An edge inside a component: local indices, how much longer than usual it should be, and
/// the visible gap it wants.
type LocalEdge = (usize, usize, f64, f64);

/// A laid out component: its members, their positions and the bounds of their boxes.
type Placed = (Vec<usize>, Vec<(f64, f64)>, Bounds);

fn finite_or(v: f64, fallback: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        fallback
    }
}

/// Connected components, each sorted, in order of their smallest member.
fn components(adj: &[Vec<Neighbour>]) -> Vec<Vec<usize>> {
    let mut seen = vec![false; adj.len()];
    let mut out = Vec::new();
    for start in 0..adj.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut members = vec![start];
        let mut stack = vec![start];
        while let Some(v) = stack.pop() {
            for &Neighbour { node: w, .. } in &adj[v] {
                if !seen[w] {
                    seen[w] = true;
                    members.push(w);
                    stack.push(w);
                }
            }
        }
        members.sort_unstable();
        out.push(members);
    }
    out
}

#[derive(Clone, Copy, Debug)]
struct Bounds {
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
}

impl Bounds {
    fn of(items: &[Item], members: &[usize], pos: &[(f64, f64)]) -> Bounds {
        let mut b = Bounds {
            min_x: f64::INFINITY,
            min_y: f64::INFINITY,
            max_x: f64::NEG_INFINITY,
            max_y: f64::NEG_INFINITY,
        };
        for (k, &i) in members.iter().enumerate() {
            let (x, y) = pos[k];
            b.min_x = b.min_x.min(x - items[i].w / 2.0);
            b.max_x = b.max_x.max(x + items[i].w / 2.0);
            b.min_y = b.min_y.min(y - items[i].h / 2.0);
            b.max_y = b.max_y.max(y + items[i].h / 2.0);
        }
        b
    }
    fn width(&self) -> f64 {
        self.max_x - self.min_x
    }
    fn height(&self) -> f64 {
        self.max_y - self.min_y
    }
}

/// SplitMix64: a well-mixed number from a seed.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A number in [0, 1) from a seed.
fn unit(seed: u64) -> f64 {
    (mix(seed) >> 11) as f64 / (1u64 << 53) as f64
}

/// Positions of one component's members (in the order of `members`).
fn layout_component(items: &[Item], adj: &[Vec<Neighbour>], members: &[usize]) -> Vec<(f64, f64)> {
    let m = members.len();
    if m == 1 {
        return vec![(0.0, 0.0)];
    }
    // Local indices and edges.
    let mut local = std::collections::HashMap::with_capacity(m);
    for (k, &i) in members.iter().enumerate() {
        local.insert(i, k);
    }
    // (a, b, how much longer than usual the edge should be): pairs joined by several edges
    // need room for the labels of all of them.
    let mut edges = Vec::new();
    for (k, &i) in members.iter().enumerate() {
        for nb in &adj[i] {
            let l = local[&nb.node];
            if k < l {
                let stretch = 1.0 + 0.1 * (nb.count.min(8) - 1) as f64;
                edges.push((k, l, stretch, nb.gap));
            }
        }
    }
    let sizes: Vec<(f64, f64)> = members.iter().map(|&i| (items[i].w, items[i].h)).collect();

    // The ideal distance: room for two average boxes and an edge label between them.
    let avg_w = sizes.iter().map(|s| s.0).sum::<f64>() / m as f64;
    let avg_h = sizes.iter().map(|s| s.1).sum::<f64>() / m as f64;
    let k = (avg_w * 0.5 + avg_h + 50.0).max(60.0);
    let k2 = k * k;

    // Start on a disc of about the final size, at hashed positions.
    let radius = k * (m as f64).sqrt() * 0.6;
    let mut pos: Vec<(f64, f64)> = members
        .iter()
        .map(|&i| {
            let s = items[i].seed;
            let r = radius * unit(s ^ 0x5EED).sqrt();
            let a = std::f64::consts::TAU * unit(s.wrapping_mul(31) ^ 0xA11CE);
            (r * a.cos(), r * a.sin())
        })
        .collect();

    // With the stress refinement afterwards, FR only has to untangle roughly.
    let refine = m <= STRESS_LIMIT;
    let iterations = if refine {
        120
    } else if m <= EXACT_LIMIT {
        250
    } else {
        150
    };
    let t_start = k * (m as f64).sqrt() * 0.25;
    let t_end = k * 0.01;
    let mut disp = vec![(0.0f64, 0.0f64); m];
    let mut grid = Grid::default();
    for it in 0..iterations {
        disp.fill((0.0, 0.0));
        // Repulsion.
        if m <= EXACT_LIMIT {
            for a in 0..m {
                for b in a + 1..m {
                    repel(&pos, &mut disp, a, b, k2, f64::INFINITY);
                }
            }
        } else {
            let cutoff = 2.5 * k;
            grid.build(&pos, cutoff);
            for a in 0..m {
                let (cx, cy) = grid.cell_of(pos[a]);
                for gy in cy.saturating_sub(1)..=(cy + 1).min(grid.rows - 1) {
                    for gx in cx.saturating_sub(1)..=(cx + 1).min(grid.cols - 1) {
                        for &b in grid.cell(gx, gy) {
                            if b > a {
                                repel(&pos, &mut disp, a, b, k2, cutoff);
                            }
                        }
                    }
                }
            }
        }
        // Attraction along edges.
        for &(a, b, stretch, _) in &edges {
            let dx = pos[a].0 - pos[b].0;
            let dy = pos[a].1 - pos[b].1;
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d / (k * stretch);
            let (fx, fy) = (dx * f, dy * f);
            disp[a].0 -= fx;
            disp[a].1 -= fy;
            disp[b].0 += fx;
            disp[b].1 += fy;
        }
        // A weak pull to the centre keeps loosely tied parts together.
        let (mut cx, mut cy) = (0.0, 0.0);
        for p in &pos {
            cx += p.0;
            cy += p.1;
        }
        cx /= m as f64;
        cy /= m as f64;
        for (p, d) in pos.iter().zip(disp.iter_mut()) {
            d.0 -= (p.0 - cx) * 0.02;
            d.1 -= (p.1 - cy) * 0.02;
        }
        // Move, limited by the temperature, which cools linearly.
        let frac = it as f64 / iterations as f64;
        let t = t_start * (1.0 - frac) + t_end * frac;
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d.0 * d.0 + d.1 * d.1).sqrt();
            if len > 0.0 && len.is_finite() {
                let step = len.min(t) / len;
                p.0 += d.0 * step;
                p.1 += d.1 * step;
            }
        }
    }
    if refine {
        stress(&mut pos, &edges, &sizes, k);
    }
    // Labels are wider than tall: stretch a little horizontally before removing overlaps.
    for p in &mut pos {
        p.0 *= 1.15;
        if !p.0.is_finite() || !p.1.is_finite() {
            *p = (0.0, 0.0);
        }
    }
    remove_overlaps(&mut pos, &sizes);
    pos
}

/// Refine positions by stress majorization: every pair of nodes is pulled towards a distance
/// proportional to the length of the shortest path between them (edge lengths `k` times the
/// edge's stretch), nearby pairs weighted most. Updates one node at a time, each to the
/// weighted mean of where every other node would place it.
fn stress(pos: &mut [(f64, f64)], edges: &[LocalEdge], sizes: &[(f64, f64)], k: f64) {
    let m = pos.len();
    // An edge's length leaves about the same visible gap (room for its label) whatever the
    // size of its two boxes.
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); m];
    for &(a, b, stretch, gap) in edges {
        let len = (gap + reach(sizes[a]) + reach(sizes[b])).max(k * 0.5) * stretch;
        adj[a].push((b, len));
        adj[b].push((a, len));
    }
    // All-pairs shortest paths, one Dijkstra per node.
    let mut dist = vec![f32::INFINITY; m * m];
    let mut heap = std::collections::BinaryHeap::new();
    let mut row = vec![f64::INFINITY; m];
    for src in 0..m {
        row.fill(f64::INFINITY);
        row[src] = 0.0;
        heap.push(HeapEntry(0.0, src));
        while let Some(HeapEntry(d, v)) = heap.pop() {
            if d > row[v] {
                continue;
            }
            for &(w, len) in &adj[v] {
                let nd = d + len;
                if nd < row[w] {
                    row[w] = nd;
                    heap.push(HeapEntry(nd, w));
                }
            }
        }
        for (out, &d) in dist[src * m..(src + 1) * m].iter_mut().zip(&row) {
            *out = d as f32;
        }
    }
    // Enough sweeps for small graphs, fewer as the quadratic cost grows.
    let sweeps = (40_000_000 / (m * m).max(1)).clamp(30, 300);
    for sweep in 0..sweeps {
        let mut moved = 0.0f64;
        for i in 0..m {
            let (mut sx, mut sy, mut sw) = (0.0f64, 0.0f64, 0.0f64);
            let (xi, yi) = pos[i];
            let row = &dist[i * m..(i + 1) * m];
            for (j, &d) in row.iter().enumerate() {
                let d = d as f64;
                if j == i || !d.is_finite() || d <= 0.0 {
                    continue;
                }
                let w = 1.0 / (d * d);
                let (dx, dy) = (xi - pos[j].0, yi - pos[j].1);
                let l = (dx * dx + dy * dy).sqrt();
                let (ux, uy) = if l > 1e-9 {
                    (dx / l, dy / l)
                } else {
                    // Same spot: a direction from the indices and the sweep.
                    let a = (i * 7 + j * 13 + sweep) as f64;
                    (a.cos(), a.sin())
                };
                sx += w * (pos[j].0 + d * ux);
                sy += w * (pos[j].1 + d * uy);
                sw += w;
            }
            if sw > 0.0 {
                let (nx, ny) = (sx / sw, sy / sw);
                if nx.is_finite() && ny.is_finite() {
                    moved += (nx - xi).abs() + (ny - yi).abs();
                    pos[i] = (nx, ny);
                }
            }
        }
        // Stop once an average node moves less than a tenth of a pixel.
        if moved / (m as f64) < 0.1 {
            break;
        }
    }
}

/// About how far a box reaches from its centre towards a neighbour: most of the half width,
/// as neighbours left and right are where wide boxes get in the way.
fn reach(size: (f64, f64)) -> f64 {
    size.0 * 0.35 + size.1 * 0.15
}

/// A Dijkstra queue entry ordered by smallest distance first.
struct HeapEntry(f64, usize);

impl PartialEq for HeapEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for HeapEntry {}
impl PartialOrd for HeapEntry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for HeapEntry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

/// Fruchterman–Reingold repulsion k²/d between two nodes closer than `cutoff`. Nodes on the
/// same spot are split apart along a direction taken from their indices.
fn repel(pos: &[(f64, f64)], disp: &mut [(f64, f64)], a: usize, b: usize, k2: f64, cutoff: f64) {
    let mut dx = pos[a].0 - pos[b].0;
    let mut dy = pos[a].1 - pos[b].1;
    let mut d2 = dx * dx + dy * dy;
    if d2 < 1e-6 {
        let angle = (a * 7 + b * 13) as f64;
        dx = angle.cos() * 0.1;
        dy = angle.sin() * 0.1;
        d2 = 0.01;
    }
    if d2 > cutoff * cutoff {
        return;
    }
    // (dx, dy) / d * k² / d
    let f = k2 / d2;
    disp[a].0 += dx * f;
    disp[a].1 += dy * f;
    disp[b].0 -= dx * f;
    disp[b].1 -= dy * f;
}

/// Nodes bucketed by square cells, for nearby-only repulsion.
#[derive(Default)]
struct Grid {
    min: (f64, f64),
    size: f64,
    cols: usize,
    rows: usize,
    start: Vec<usize>,
    items: Vec<usize>,
}

impl Grid {
    fn build(&mut self, pos: &[(f64, f64)], size: f64) {
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for p in pos {
            min_x = min_x.min(p.0);
            min_y = min_y.min(p.1);
            max_x = max_x.max(p.0);
            max_y = max_y.max(p.1);
        }
        // Never more cells than a few per node, however spread out the nodes are.
        let limit = (4 * pos.len()).max(16) as f64;
        let mut size = size.max(1.0);
        while ((max_x - min_x) / size + 1.0) * ((max_y - min_y) / size + 1.0) > limit {
            size *= 1.5;
        }
        self.min = (min_x, min_y);
        self.size = size;
        self.cols = ((max_x - min_x) / size) as usize + 1;
        self.rows = ((max_y - min_y) / size) as usize + 1;
        let cells = self.cols * self.rows;
        self.start.clear();
        self.start.resize(cells + 1, 0);
        for &p in pos {
            let (cx, cy) = self.cell_of(p);
            self.start[cy * self.cols + cx + 1] += 1;
        }
        for c in 0..cells {
            self.start[c + 1] += self.start[c];
        }
        let mut fill = self.start.clone();
        self.items.clear();
        self.items.resize(pos.len(), 0);
        for (i, &p) in pos.iter().enumerate() {
            let (cx, cy) = self.cell_of(p);
            let c = cy * self.cols + cx;
            self.items[fill[c]] = i;
            fill[c] += 1;
        }
    }

    fn cell_of(&self, p: (f64, f64)) -> (usize, usize) {
        let cx = ((p.0 - self.min.0) / self.size).max(0.0) as usize;
        let cy = ((p.1 - self.min.1) / self.size).max(0.0) as usize;
        (cx.min(self.cols - 1), cy.min(self.rows - 1))
    }

    fn cell(&self, cx: usize, cy: usize) -> &[usize] {
        let c = cy * self.cols + cx;
        &self.items[self.start[c]..self.start[c + 1]]
    }
}

/// Push apart boxes that overlap (with a gap), along the axis where they overlap least.
/// A sweep over the nodes sorted by x finds the candidate pairs.
fn remove_overlaps(pos: &mut [(f64, f64)], sizes: &[(f64, f64)]) {
    let m = pos.len();
    let max_w = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
    let mut order: Vec<usize> = (0..m).collect();
    for _pass in 0..60 {
        order.sort_by(|&a, &b| pos[a].0.total_cmp(&pos[b].0).then(a.cmp(&b)));
        let mut moved = false;
        for oi in 0..m {
            let a = order[oi];
            for &b in &order[oi + 1..] {
                let dx = pos[b].0 - pos[a].0;
                if dx > (sizes[a].0 + max_w) / 2.0 + BOX_GAP {
                    break;
                }
                let dy = pos[b].1 - pos[a].1;
                let over_x = (sizes[a].0 + sizes[b].0) / 2.0 + BOX_GAP - dx.abs();
                let over_y = (sizes[a].1 + sizes[b].1) / 2.0 + BOX_GAP - dy.abs();
                if over_x <= 0.0 || over_y <= 0.0 {
                    continue;
                }
                moved = true;
                // Moving vertically is cheaper for wide boxes: weigh x overlap up.
                if over_y <= over_x * 1.5 {
                    let s = if dy > 0.0 || (dy == 0.0 && a < b) {
                        1.0
                    } else {
                        -1.0
                    };
                    let push = over_y / 2.0 + 0.01;
                    pos[a].1 -= s * push;
                    pos[b].1 += s * push;
                } else {
                    let s = if dx > 0.0 || (dx == 0.0 && a < b) {
                        1.0
                    } else {
                        -1.0
                    };
                    let push = over_x / 2.0 + 0.01;
                    pos[a].0 -= s * push;
                    pos[b].0 += s * push;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| Item {
                w: 80.0,
                h: 24.0,
                seed: i as u64,
            })
            .collect()
    }

    fn links(pairs: &[(usize, usize)]) -> Vec<Link> {
        pairs
            .iter()
            .map(|&(a, b)| Link { a, b, gap: 90.0 })
            .collect()
    }

    fn overlaps(items: &[Item], pos: &[(f64, f64)]) -> usize {
        let mut count = 0;
        for a in 0..pos.len() {
            for b in a + 1..pos.len() {
                let ox = (items[a].w + items[b].w) / 2.0 - (pos[a].0 - pos[b].0).abs();
                let oy = (items[a].h + items[b].h) / 2.0 - (pos[a].1 - pos[b].1).abs();
                if ox > 1.0 && oy > 1.0 {
                    count += 1;
                }
            }
        }
        count
    }

    #[test]
    fn empty_and_single() {
        assert!(layout(&[], &[]).is_empty());
        let p = layout(&items(1), &links(&[(0, 0), (0, 5)]));
        assert_eq!(p.len(), 1);
        assert!(p[0].0.is_finite() && p[0].1.is_finite());
    }

    #[test]
    fn deterministic_finite_and_apart() {
        let it = items(40);
        let edges: Vec<(usize, usize)> = (1..40).map(|i| (i, (i * 7) % i)).collect();
        let a = layout(&it, &links(&edges));
        let b = layout(&it, &links(&edges));
        assert_eq!(a, b);
        assert!(a.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
        assert_eq!(overlaps(&it, &a), 0);
    }

    #[test]
    fn odd_sizes_do_not_break_it() {
        let mut it = items(5);
        it[0].w = f64::NAN;
        it[1].h = f64::INFINITY;
        it[2].w = -3.0;
        let mut l = links(&[(0, 1), (1, 2), (2, 3), (3, 3), (9, 1), (3, 4)]);
        l[0].gap = f64::NAN;
        l[1].gap = f64::INFINITY;
        l[5].gap = -1.0;
        let p = layout(&it, &l);
        assert!(p.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }

    #[test]
    fn large_graph_uses_the_grid_and_stays_finite() {
        let n = 600;
        let it = items(n);
        let edges: Vec<(usize, usize)> = (1..n)
            .map(|i| (i, (mix(i as u64) % i as u64) as usize))
            .collect();
        let p = layout(&it, &links(&edges));
        assert_eq!(p.len(), n);
        assert!(p.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }
}
