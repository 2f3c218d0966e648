//! SVG picture of a subgraph, drawn in-process: a force-directed layout (see `layout`), nodes
//! as rounded boxes coloured by their most specific label with the display name inside,
//! relationships as arrows coloured by type with the type written along them, parallel
//! relationships bent apart, self-loops as small loops, tooltips (`<title>`) with labels and
//! properties, a legend and a caption with counts.
//!
//! The output is a standalone, well-formed UTF-8 SVG document. The same graph always gives
//! byte-for-byte the same picture.

use super::layout::{self, Item, Link};
use super::Subgraph;
use crate::graph::{Graph, NodeId, RelId, Sym, Value};
use crate::output::literal::cypher_literal;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io;
use unicode_width::UnicodeWidthChar;

/// Node names longer than this (in terminal columns) are shortened with an ellipsis.
const NAME_COLUMNS: usize = 24;
/// Relationship types longer than this are shortened.
const TYPE_COLUMNS: usize = 22;
const NODE_FONT: f64 = 13.0;
const EDGE_FONT: f64 = 10.5;
const NODE_HEIGHT: f64 = 28.0;
const NODE_PAD_X: f64 = 12.0;
/// Distance between the middles of neighbouring parallel relationships.
const PARALLEL_SPACING: f64 = 24.0;
const MARGIN: f64 = 24.0;
const CAPTION_HEIGHT: f64 = 34.0;
const LEGEND_MAX_ENTRIES: usize = 20;
/// Average advance of one column of text, as a fraction of the font size. Generous, so that
/// text fits its box in the wider sans-serif fonts.
const COLUMN_EM: f64 = 0.62;

/// Colours of well-known labels.
const NODE_FIXED: [(&str, &str); 4] = [
    ("Country", "#4e79a7"),
    ("Organization", "#f28e2b"),
    ("Person", "#59a14f"),
    ("Group", "#b07aa1"),
];
/// Colours for other labels, picked by a hash of the label.
const NODE_PALETTE: [&str; 8] = [
    "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#e15759", "#86bcb6", "#d4a6c8", "#a0cbe8",
];
const NO_LABEL_COLOUR: &str = "#bab0ac";

/// Colours of well-known relationship types.
const EDGE_FIXED: [(&str, &str); 3] = [
    ("ACCUSES", "#d62728"),
    ("DENIES", "#7b3294"),
    ("PROPOSES", "#1a9850"),
];
/// Colours for other types, picked by a hash of the type.
const EDGE_PALETTE: [&str; 8] = [
    "#1f78b4", "#8c510a", "#01665e", "#e08214", "#525252", "#c51b7d", "#35978f", "#b8860b",
];

/// Write the subgraph as an SVG picture. Nodes and relationships the graph no longer holds are
/// left out; end nodes of the relationships drawn are always drawn.
pub fn write_svg(sub: &Subgraph, graph: &Graph, out: &mut dyn io::Write) -> io::Result<()> {
    out.write_all(render(sub, graph).as_bytes())
}

/// The SVG document as a string.
pub fn render(sub: &Subgraph, graph: &Graph) -> String {
    let scene = Scene::build(sub, graph);
    let mut s = String::new();
    scene.write(&mut s);
    s
}

// ---------------------------------------------------------------- the scene

struct NodeView {
    id: NodeId,
    /// The name shown, already shortened.
    text: String,
    tooltip: String,
    /// The label that picks the colour, if any.
    colour_label: Option<String>,
    colour: &'static str,
    w: f64,
    h: f64,
    /// Room above the box for self-loops.
    loop_room: f64,
    x: f64,
    y: f64,
}

struct EdgeView {
    ty: String,
    text: String,
    tooltip: String,
    colour: &'static str,
    start: usize,
    end: usize,
}

/// A legend entry: name, colour and how many nodes or relationships have it.
type LegendEntry = (String, &'static str, usize);

#[derive(Default)]
struct Scene {
    nodes: Vec<NodeView>,
    edges: Vec<EdgeView>,
    /// Legend entries, in legend order.
    label_legend: Vec<LegendEntry>,
    type_legend: Vec<LegendEntry>,
}

impl Scene {
    fn build(sub: &Subgraph, graph: &Graph) -> Scene {
        // Nodes: the subgraph's, plus any end node it forgot, in id order.
        let mut ids: Vec<NodeId> = sub
            .nodes
            .iter()
            .copied()
            .filter(|n| graph.contains_node(*n))
            .collect();
        let mut rels: Vec<(RelId, NodeId, NodeId)> = Vec::new();
        for &r in &sub.rels {
            if let (Some(_), Some((a, b))) = (graph.rel(r), graph.endpoints(r)) {
                rels.push((r, a, b));
                ids.push(a);
                ids.push(b);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        rels.sort_unstable();
        rels.dedup();
        let index: HashMap<NodeId, usize> = ids.iter().enumerate().map(|(i, n)| (*n, i)).collect();

        let name_key = graph.sym("name");
        let mut label_colours = Colours::new(&NODE_FIXED, &NODE_PALETTE);
        let mut nodes: Vec<NodeView> = ids
            .iter()
            .map(|&id| node_view(graph, id, name_key, &mut label_colours))
            .collect();

        let mut type_colours = Colours::new(&EDGE_FIXED, &EDGE_PALETTE);
        // Assign type colours in name order so probing does not depend on relationship order.
        let mut type_names: Vec<&str> = rels
            .iter()
            .filter_map(|(r, _, _)| graph.rel(*r).map(|d| graph.name(d.ty)))
            .collect();
        type_names.sort_unstable();
        type_names.dedup();
        for t in &type_names {
            type_colours.get(t);
        }
        let edges: Vec<EdgeView> = rels
            .iter()
            .filter_map(|&(r, a, b)| {
                let data = graph.rel(r)?;
                let ty = graph.name(data.ty).to_string();
                let (start, end) = (index[&a], index[&b]);
                let mut tooltip = format!("{} -[{}]-> {}", nodes[start].full_name(), ty, {
                    nodes[end].full_name()
                });
                write_props(&mut tooltip, graph, &data.props);
                Some(EdgeView {
                    text: shorten(&one_line(&ty), TYPE_COLUMNS),
                    colour: type_colours.get(&ty),
                    ty,
                    tooltip,
                    start,
                    end,
                })
            })
            .collect();

        // Room for self-loops above their node.
        let mut loops = vec![0usize; nodes.len()];
        for e in &edges {
            if e.start == e.end {
                loops[e.start] += 1;
            }
        }
        for (n, &count) in nodes.iter_mut().zip(&loops) {
            if count > 0 {
                n.loop_room = loop_size(count - 1) * 1.2 + EDGE_FONT + 6.0;
            }
        }

        // Place the nodes. The layout keeps boxes symmetric about the centre, so the room
        // for loops is asked for above and below.
        let items: Vec<Item> = nodes
            .iter()
            .map(|n| Item {
                w: n.w,
                h: n.h + 2.0 * n.loop_room,
                seed: n.id.0 as u64,
            })
            .collect();
        let links: Vec<Link> = edges
            .iter()
            .map(|e| Link {
                a: e.start,
                b: e.end,
                gap: text_width(&e.text, EDGE_FONT) + 36.0,
            })
            .collect();
        let positions = layout::layout(&items, &links);
        for (n, p) in nodes.iter_mut().zip(positions) {
            n.x = p.0;
            n.y = p.1;
        }

        let mut label_legend: BTreeMap<(Option<String>, &'static str), usize> = BTreeMap::new();
        for n in &nodes {
            *label_legend
                .entry((n.colour_label.clone(), n.colour))
                .or_default() += 1;
        }
        let mut label_legend: Vec<LegendEntry> = label_legend
            .into_iter()
            .map(|((l, c), count)| (l.unwrap_or_else(|| "(no label)".to_string()), c, count))
            .collect();
        label_legend.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));

        let mut type_legend: BTreeMap<&str, (&'static str, usize)> = BTreeMap::new();
        for e in &edges {
            type_legend.entry(&e.ty).or_insert((e.colour, 0)).1 += 1;
        }
        let mut type_legend: Vec<LegendEntry> = type_legend
            .into_iter()
            .map(|(t, (c, count))| (t.to_string(), c, count))
            .collect();
        type_legend.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));

        Scene {
            nodes,
            edges,
            label_legend,
            type_legend,
        }
    }

    fn write(&self, s: &mut String) {
        if self.nodes.is_empty() {
            write_empty(s);
            return;
        }
        let geometry = self.edge_geometry();

        // Extent of the drawing in layout coordinates.
        let mut ext = Extent::default();
        for n in &self.nodes {
            ext.add(n.x - n.w / 2.0, n.y - n.h / 2.0 - n.loop_room);
            ext.add(n.x + n.w / 2.0, n.y + n.h / 2.0);
        }
        for g in &geometry {
            for &(x, y) in &g.points {
                ext.add(x, y);
            }
        }
        let (draw_w, draw_h) = (ext.max_x - ext.min_x, ext.max_y - ext.min_y);

        // Legend, to the right of the drawing.
        let legend_w = self.legend_width();
        let legend_h = self.legend_height();
        let caption = self.caption();
        let caption_w = text_width(&caption, 14.0);
        let width =
            (MARGIN + draw_w + MARGIN * 1.5 + legend_w + MARGIN).max(caption_w + 2.0 * MARGIN);
        let height = MARGIN + CAPTION_HEIGHT + draw_h.max(legend_h) + MARGIN;
        let (tx, ty) = (MARGIN - ext.min_x, MARGIN + CAPTION_HEIGHT - ext.min_y);

        let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
            w = num(width.ceil()),
            h = num(height.ceil()),
        );
        let _ = writeln!(s, "<title>{}</title>", esc(&caption));
        s.push_str(STYLE);
        self.write_markers(s);
        let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
        let _ = writeln!(
            s,
            r#"<text class="caption" x="{}" y="{}">{}</text>"#,
            num(MARGIN),
            num(MARGIN + 14.0),
            esc(&caption)
        );

        let _ = writeln!(s, r#"<g transform="translate({},{})">"#, num(tx), num(ty));
        // Relationships under nodes; their labels over relationships but under nodes.
        s.push_str("<g class=\"edges\">\n");
        for (e, g) in self.edges.iter().zip(&geometry) {
            let _ = writeln!(
                s,
                r#"<g class="e"><title>{t}</title><path class="hit" d="{d}"/><path d="{d}" stroke="{c}" marker-end="url(#{m})"/></g>"#,
                t = esc_multiline(&e.tooltip),
                d = g.path,
                c = e.colour,
                m = marker_id(e.colour),
            );
        }
        s.push_str("</g>\n<g class=\"edge-labels\">\n");
        for (e, g) in self.edges.iter().zip(&geometry) {
            let (x, y) = g.label_at;
            let rotate = if g.angle.abs() > 0.05 {
                format!(
                    r#" transform="rotate({},{},{})""#,
                    num(g.angle),
                    num(x),
                    num(y)
                )
            } else {
                String::new()
            };
            // A white copy under the text keeps it readable where it crosses lines.
            let _ = writeln!(
                s,
                r#"<g class="el"{rotate}><title>{t}</title><text class="halo" x="{x}" y="{y}">{l}</text><text x="{x}" y="{y}" fill="{c}">{l}</text></g>"#,
                x = num(x),
                y = num(y + EDGE_FONT * 0.35),
                c = e.colour,
                t = esc_multiline(&e.tooltip),
                l = esc(&g.text),
            );
        }
        s.push_str("</g>\n<g class=\"nodes\">\n");
        for n in &self.nodes {
            let _ = writeln!(
                s,
                r#"<g class="n"><title>{t}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{fill}" stroke="{c}"/><text x="{cx}" y="{ty}">{l}</text></g>"#,
                t = esc_multiline(&n.tooltip),
                x = num(n.x - n.w / 2.0),
                y = num(n.y - n.h / 2.0),
                w = num(n.w),
                h = num(n.h),
                r = num(n.h / 2.0),
                fill = tint(n.colour, 0.3),
                c = n.colour,
                cx = num(n.x),
                ty = num(n.y + NODE_FONT * 0.35),
                l = esc(&n.text),
            );
        }
        s.push_str("</g>\n</g>\n");
        self.write_legend(s, MARGIN + draw_w + MARGIN * 1.5, MARGIN + CAPTION_HEIGHT);
        s.push_str("</svg>\n");
    }

    fn caption(&self) -> String {
        format!(
            "{} node{}, {} relationship{}",
            self.nodes.len(),
            if self.nodes.len() == 1 { "" } else { "s" },
            self.edges.len(),
            if self.edges.len() == 1 { "" } else { "s" },
        )
    }

    fn write_markers(&self, s: &mut String) {
        let mut colours: Vec<&str> = self.edges.iter().map(|e| e.colour).collect();
        colours.extend(self.type_legend.iter().map(|t| t.1));
        colours.sort_unstable();
        colours.dedup();
        s.push_str("<defs>\n");
        for c in colours {
            let _ = writeln!(
                s,
                r#"<marker id="{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0.5 L10,5 L0,9.5 z" fill="{c}"/></marker>"#,
                id = marker_id(c),
            );
        }
        s.push_str("</defs>\n");
    }

    /// The legend entries shown, and how many of each kind are left out.
    fn legend_rows(&self) -> (&[LegendEntry], usize, &[LegendEntry], usize) {
        let labels = &self.label_legend[..self.label_legend.len().min(LEGEND_MAX_ENTRIES)];
        let types = &self.type_legend[..self.type_legend.len().min(LEGEND_MAX_ENTRIES)];
        (
            labels,
            self.label_legend.len() - labels.len(),
            types,
            self.type_legend.len() - types.len(),
        )
    }

    fn legend_width(&self) -> f64 {
        let (labels, _, types, _) = self.legend_rows();
        let widest = labels
            .iter()
            .chain(types.iter())
            .map(|(name, _, count)| text_width(&legend_text(name, *count), 12.0))
            .fold(text_width("Relationships", 12.0), f64::max);
        34.0 + widest
    }

    fn legend_height(&self) -> f64 {
        let (labels, more_labels, types, more_types) = self.legend_rows();
        let mut rows = 1 + labels.len() + usize::from(more_labels > 0);
        if !types.is_empty() {
            rows += 2 + types.len() + usize::from(more_types > 0);
        }
        rows as f64 * LEGEND_ROW
    }

    fn write_legend(&self, s: &mut String, x: f64, y: f64) {
        let (labels, more_labels, types, more_types) = self.legend_rows();
        s.push_str("<g class=\"legend\">\n");
        let mut row_y = y + 12.0;
        let _ = writeln!(
            s,
            r#"<text class="lh" x="{}" y="{}">Labels</text>"#,
            num(x),
            num(row_y)
        );
        for (name, colour, count) in labels {
            row_y += LEGEND_ROW;
            let _ = writeln!(
                s,
                r#"<rect x="{}" y="{}" width="24" height="14" rx="7" fill="{}" stroke="{}"/><text x="{}" y="{}">{}</text>"#,
                num(x),
                num(row_y - 11.0),
                tint(colour, 0.3),
                colour,
                num(x + 32.0),
                num(row_y),
                esc(&legend_text(name, *count)),
            );
        }
        if more_labels > 0 {
            row_y += LEGEND_ROW;
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}">… {} more</text>"#,
                num(x + 32.0),
                num(row_y),
                more_labels
            );
        }
        if !types.is_empty() {
            row_y += LEGEND_ROW * 2.0;
            let _ = writeln!(
                s,
                r#"<text class="lh" x="{}" y="{}">Relationships</text>"#,
                num(x),
                num(row_y)
            );
            for (name, colour, count) in types {
                row_y += LEGEND_ROW;
                let _ = writeln!(
                    s,
                    r#"<path d="M{},{} H{}" stroke="{c}" marker-end="url(#{m})"/><text x="{}" y="{}">{}</text>"#,
                    num(x),
                    num(row_y - 4.0),
                    num(x + 24.0),
                    num(x + 32.0),
                    num(row_y),
                    esc(&legend_text(name, *count)),
                    c = colour,
                    m = marker_id(colour),
                );
            }
            if more_types > 0 {
                row_y += LEGEND_ROW;
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{}">… {} more</text>"#,
                    num(x + 32.0),
                    num(row_y),
                    more_types
                );
            }
        }
        s.push_str("</g>\n");
    }

    /// Path, label position and label angle of every relationship, in `edges` order.
    fn edge_geometry(&self) -> Vec<EdgeGeometry> {
        // Relationships between the same two nodes, either way round, bend apart.
        let mut groups: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        let mut loop_rank = vec![0usize; self.edges.len()];
        let mut loops_seen = vec![0usize; self.nodes.len()];
        for (i, e) in self.edges.iter().enumerate() {
            if e.start == e.end {
                loop_rank[i] = loops_seen[e.start];
                loops_seen[e.start] += 1;
            } else {
                groups
                    .entry((e.start.min(e.end), e.start.max(e.end)))
                    .or_default()
                    .push(i);
            }
        }
        let mut bend = vec![0.0f64; self.edges.len()];
        for members in groups.values() {
            let k = members.len() as f64;
            for (j, &i) in members.iter().enumerate() {
                bend[i] = (j as f64 - (k - 1.0) / 2.0) * PARALLEL_SPACING;
            }
        }
        let mut geometry: Vec<EdgeGeometry> = self
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| {
                if e.start == e.end {
                    self_loop(&self.nodes[e.start], loop_rank[i])
                } else {
                    curve(&self.nodes[e.start], &self.nodes[e.end], bend[i])
                }
            })
            .collect();
        for (e, g) in self.edges.iter().zip(geometry.iter_mut()) {
            g.text = match g.slide {
                Some((s, c, end)) => {
                    // About the length of the curve: between chord and control polygon.
                    let length = (dist(s, c) + dist(c, end) + dist(s, end)) / 2.0;
                    let columns = ((length - 14.0) / (EDGE_FONT * COLUMN_EM)).floor();
                    shorten(&e.text, columns.max(4.0) as usize)
                }
                None => e.text.clone(),
            };
        }
        if self.edges.len() <= LABEL_PLACEMENT_LIMIT {
            self.place_labels(&mut geometry);
        }
        geometry
    }

    /// Slide relationship labels along their curves, away from nodes and labels placed
    /// before them, trying the middle first. Greedy, in relationship order.
    fn place_labels(&self, geometry: &mut [EdgeGeometry]) {
        let mut taken: Vec<Rect> = self
            .nodes
            .iter()
            .map(|n| Rect::new((n.x, n.y), n.w / 2.0 + 2.0, n.h / 2.0 + 2.0, 0.0))
            .collect();
        for g in geometry.iter_mut() {
            let half_w = text_width(&g.text, EDGE_FONT) / 2.0 + 2.0;
            let half_h = EDGE_FONT * 0.6;
            let Some((s, c, end)) = g.slide else {
                taken.push(Rect::new(g.label_at, half_w, half_h, 0.0));
                continue;
            };
            let mut best: Option<(usize, P, f64)> = None;
            for t in [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78] {
                let at = quad(s, c, end, t);
                let angle = readable_angle(quad_deriv(s, c, end, t));
                let rect = Rect::new(at, half_w, half_h, angle);
                let hits = taken.iter().filter(|r| r.overlaps(&rect)).count();
                if best.is_none_or(|(h, _, _)| hits < h) {
                    best = Some((hits, at, angle));
                }
                if hits == 0 {
                    break;
                }
            }
            if let Some((_, at, angle)) = best {
                g.label_at = at;
                g.angle = angle;
                g.points.push(at);
                taken.push(Rect::new(at, half_w, half_h, angle));
            }
        }
    }
}

const LEGEND_ROW: f64 = 20.0;

const STYLE: &str = r#"<style>
svg { font-family: "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif; }
.caption { font-size: 14px; font-weight: bold; fill: #333333; }
.edges path { fill: none; stroke-width: 1.6; }
.edges path.hit { stroke: #000000; stroke-opacity: 0; stroke-width: 10; }
.e:hover path { stroke-width: 3; }
.el text { font-size: 10.5px; text-anchor: middle; }
.el text.halo { fill: #ffffff; stroke: #ffffff; stroke-width: 5px; stroke-linejoin: round; }
.n rect { stroke-width: 1.6; }
.n text { font-size: 13px; text-anchor: middle; fill: #1a1a1a; }
.n:hover rect { stroke-width: 3; }
.legend text { font-size: 12px; fill: #333333; }
.legend text.lh { font-weight: bold; }
.legend path { fill: none; stroke-width: 1.6; }
</style>
"#;

fn write_empty(s: &mut String) {
    s.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"80\" viewBox=\"0 0 240 80\">\n",
        "<title>empty subgraph</title>\n",
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
        "<text x=\"120\" y=\"45\" text-anchor=\"middle\" font-family=\"Helvetica, Arial, sans-serif\" ",
        "font-size=\"14\" fill=\"#666666\">empty subgraph</text>\n",
        "</svg>\n",
    ));
}

fn legend_text(name: &str, count: usize) -> String {
    format!("{} ({count})", shorten(&one_line(name), TYPE_COLUMNS))
}

fn marker_id(colour: &str) -> String {
    format!("arrow-{}", colour.trim_start_matches('#'))
}

// ---------------------------------------------------------------- nodes

impl NodeView {
    /// The first line of the tooltip: the whole name.
    fn full_name(&self) -> &str {
        self.tooltip.lines().next().unwrap_or("")
    }
}

fn node_view(graph: &Graph, id: NodeId, name_key: Option<Sym>, colours: &mut Colours) -> NodeView {
    let data = graph.node(id).unwrap_or_default();
    let name = name_key
        .and_then(|k| graph.node_prop(id, k))
        .map(|v| match v {
            Value::String(s) => s.to_string(),
            other => cypher_literal(&other, graph),
        })
        .map(|s| one_line(&s).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| match data.labels.first() {
            Some(l) => format!("{} {}", graph.name(*l), id.0),
            None => format!("node {}", id.0),
        });

    // The most specific label: the one fewest nodes of the graph carry (the later on a tie).
    let mut best: Option<(usize, Sym)> = None;
    for &l in &data.labels {
        let count = graph.label_count(l);
        if best.is_none_or(|(c, _)| count <= c) {
            best = Some((count, l));
        }
    }
    let colour_label = best.map(|(_, l)| graph.name(l).to_string());
    let colour = match &colour_label {
        Some(l) => colours.get(l),
        None => NO_LABEL_COLOUR,
    };

    let mut tooltip = name.clone();
    if !data.labels.is_empty() {
        let labels: Vec<&str> = data.labels.iter().map(|l| graph.name(*l)).collect();
        let _ = write!(tooltip, "\n:{}", labels.join(":"));
    }
    write_props(&mut tooltip, graph, &data.props);

    let text = shorten(&name, NAME_COLUMNS);
    let w = (text_width(&text, NODE_FONT) + 2.0 * NODE_PAD_X).max(NODE_HEIGHT * 1.5);
    NodeView {
        id,
        text,
        tooltip,
        colour_label,
        colour,
        w,
        h: NODE_HEIGHT,
        loop_room: 0.0,
        x: 0.0,
        y: 0.0,
    }
}

/// Append one `key: value` line per property; strings are shown as they are.
fn write_props(out: &mut String, graph: &Graph, props: &[(Sym, Value)]) {
    for (k, v) in props {
        let value = match v {
            Value::String(s) => s.to_string(),
            other => cypher_literal(other, graph),
        };
        let _ = write!(out, "\n{}: {}", graph.name(*k), one_line(&value));
    }
}

// ---------------------------------------------------------------- colours

/// Names to palette colours: fixed ones first, others by hash, probing past colours another
/// name of the same picture already took while free ones remain.
struct Colours {
    fixed: &'static [(&'static str, &'static str)],
    palette: &'static [&'static str],
    given: BTreeMap<String, &'static str>,
    used: Vec<bool>,
}

impl Colours {
    fn new(
        fixed: &'static [(&'static str, &'static str)],
        palette: &'static [&'static str],
    ) -> Colours {
        Colours {
            fixed,
            palette,
            given: BTreeMap::new(),
            used: vec![false; palette.len()],
        }
    }

    fn get(&mut self, name: &str) -> &'static str {
        if let Some((_, c)) = self.fixed.iter().find(|(n, _)| *n == name) {
            return c;
        }
        if let Some(c) = self.given.get(name) {
            return c;
        }
        let n = self.palette.len();
        let start = (fnv1a(name) % n as u64) as usize;
        let slot = (0..n)
            .map(|i| (start + i) % n)
            .find(|&i| !self.used[i])
            .unwrap_or(start);
        self.used[slot] = true;
        let c = self.palette[slot];
        self.given.insert(name.to_string(), c);
        c
    }
}

fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A colour mixed with white: `amount` of the colour, the rest white.
fn tint(hex: &str, amount: f64) -> String {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0x888888);
    let mix = |c: u32| {
        let c = c as f64;
        (255.0 - (255.0 - c) * amount).round().clamp(0.0, 255.0) as u8
    };
    format!(
        "#{:02x}{:02x}{:02x}",
        mix((v >> 16) & 0xff),
        mix((v >> 8) & 0xff),
        mix(v & 0xff)
    )
}

// ---------------------------------------------------------------- geometry

struct EdgeGeometry {
    /// SVG path data.
    path: String,
    label_at: (f64, f64),
    /// Rotation of the label in degrees, never upside down.
    angle: f64,
    /// Points the drawing must include (ends, control points, label corners).
    points: Vec<(f64, f64)>,
    /// The drawn curve (start, control, end) when the label may slide along it.
    slide: Option<(P, P, P)>,
    /// The label, shortened further where the curve is short.
    text: String,
}

type P = (f64, f64);

fn dist(a: P, b: P) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

fn quad(p0: P, c: P, p1: P, t: f64) -> P {
    let u = 1.0 - t;
    (
        u * u * p0.0 + 2.0 * u * t * c.0 + t * t * p1.0,
        u * u * p0.1 + 2.0 * u * t * c.1 + t * t * p1.1,
    )
}

fn quad_deriv(p0: P, c: P, p1: P, t: f64) -> P {
    let u = 1.0 - t;
    (
        2.0 * u * (c.0 - p0.0) + 2.0 * t * (p1.0 - c.0),
        2.0 * u * (c.1 - p0.1) + 2.0 * t * (p1.1 - c.1),
    )
}

/// Whether a point lies inside a node's box grown by `pad`.
fn inside(n: &NodeView, p: P, pad: f64) -> bool {
    (p.0 - n.x).abs() <= n.w / 2.0 + pad && (p.1 - n.y).abs() <= n.h / 2.0 + pad
}

/// A quadratic curve from `a` to `b` whose middle is `bend` off the straight line (to the
/// left going from the lower-indexed node to the other), cut where it leaves and enters the
/// boxes.
fn curve(a: &NodeView, b: &NodeView, bend: f64) -> EdgeGeometry {
    let p0 = (a.x, a.y);
    let p1 = (b.x, b.y);
    let (dx, dy) = (p1.0 - p0.0, p1.1 - p0.1);
    let len = (dx * dx + dy * dy).sqrt();
    let (nx, ny) = if len > 1e-9 {
        (-dy / len, dx / len)
    } else {
        (0.0, -1.0)
    };
    // Same side for both directions: measure the normal from the lower index.
    let sign = if a.id <= b.id { 1.0 } else { -1.0 };
    let mid = ((p0.0 + p1.0) / 2.0, (p0.1 + p1.1) / 2.0);
    let c = (
        mid.0 + nx * sign * bend * 2.0,
        mid.1 + ny * sign * bend * 2.0,
    );

    // Where the curve leaves the start box and enters the end box (bisection).
    let (t0, t1) = if inside(a, quad(p0, c, p1, 0.5), 2.0) || inside(b, quad(p0, c, p1, 0.5), 2.0) {
        (0.0, 1.0)
    } else {
        let leave = bisect(|t| inside(a, quad(p0, c, p1, t), 2.0), 0.0, 0.5);
        let enter = bisect(|t| !inside(b, quad(p0, c, p1, t), 3.0), 0.5, 1.0);
        (leave, enter)
    };
    // The part of the curve between t0 and t1 is again a quadratic curve.
    let s = quad(p0, c, p1, t0);
    let e = quad(p0, c, p1, t1);
    let d0 = quad_deriv(p0, c, p1, t0);
    let sc = (s.0 + d0.0 * (t1 - t0) / 2.0, s.1 + d0.1 * (t1 - t0) / 2.0);
    let label_at = quad(s, sc, e, 0.5);
    let tangent = quad_deriv(s, sc, e, 0.5);
    let angle = readable_angle(tangent);
    let path = if bend == 0.0 {
        format!("M{},{} L{},{}", num(s.0), num(s.1), num(e.0), num(e.1))
    } else {
        format!(
            "M{},{} Q{},{} {},{}",
            num(s.0),
            num(s.1),
            num(sc.0),
            num(sc.1),
            num(e.0),
            num(e.1)
        )
    };
    EdgeGeometry {
        path,
        label_at,
        angle,
        points: vec![s, e, label_at],
        slide: Some((s, sc, e)),
        text: String::new(),
    }
}

/// The last t in [lo, hi] where `pred` still holds, assuming it holds at lo and turns false
/// once.
fn bisect(pred: impl Fn(f64) -> bool, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..30 {
        let mid = (lo + hi) / 2.0;
        if pred(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The angle of a direction in degrees, turned by half a turn if the text would read upside
/// down.
fn readable_angle(d: P) -> f64 {
    if !(d.0.is_finite() && d.1.is_finite()) || (d.0 == 0.0 && d.1 == 0.0) {
        return 0.0;
    }
    let mut a = d.1.atan2(d.0).to_degrees();
    if a > 90.0 {
        a -= 180.0;
    } else if a < -90.0 {
        a += 180.0;
    }
    a
}

/// The height scale of the `rank`-th self-loop of a node: later loops are larger, around the
/// earlier ones.
fn loop_size(rank: usize) -> f64 {
    22.0 + 18.0 * rank as f64
}

/// A teardrop loop over the top of the node's box.
fn self_loop(n: &NodeView, rank: usize) -> EdgeGeometry {
    let l = loop_size(rank);
    let top = n.y - n.h / 2.0;
    let spread = (n.w / 3.0).min(16.0) + 4.0 * rank as f64;
    let s = (n.x - spread, top);
    let e = (n.x + spread, top - 2.0);
    let c1 = (s.0 - l * 1.4, top - l * 1.6);
    let c2 = (e.0 + l * 1.4, top - l * 1.6);
    let apex = (n.x, top - l * 1.2);
    // On the loop's top, like other labels sit on their lines.
    let label_at = apex;
    let path = format!(
        "M{},{} C{},{} {},{} {},{}",
        num(s.0),
        num(s.1),
        num(c1.0),
        num(c1.1),
        num(c2.0),
        num(c2.1),
        num(e.0),
        num(e.1)
    );
    EdgeGeometry {
        path,
        label_at,
        angle: 0.0,
        points: vec![
            (s.0 - l * 0.9, apex.1),
            (e.0 + l * 0.9, apex.1),
            (label_at.0, label_at.1 - EDGE_FONT),
        ],
        slide: None,
        text: String::new(),
    }
}

/// Above this many relationships, labels stay in the middle of their curves.
const LABEL_PLACEMENT_LIMIT: usize = 3000;

/// A rectangle turned about its centre by `angle` degrees.
struct Rect {
    centre: P,
    half: P,
    /// Unit vectors along the rectangle's width and height.
    axes: [P; 2],
    /// Half extents of the axis-aligned box around it.
    reach: P,
}

impl Rect {
    fn new(centre: P, half_w: f64, half_h: f64, angle: f64) -> Rect {
        let (sin, cos) = angle.to_radians().sin_cos();
        Rect {
            centre,
            half: (half_w, half_h),
            axes: [(cos, sin), (-sin, cos)],
            reach: (
                cos.abs() * half_w + sin.abs() * half_h,
                sin.abs() * half_w + cos.abs() * half_h,
            ),
        }
    }

    /// Separating-axis test.
    fn overlaps(&self, other: &Rect) -> bool {
        let d = (
            other.centre.0 - self.centre.0,
            other.centre.1 - self.centre.1,
        );
        if d.0.abs() > self.reach.0 + other.reach.0 || d.1.abs() > self.reach.1 + other.reach.1 {
            return false;
        }
        let radius = |r: &Rect, axis: P| {
            let a = r.axes[0].0 * axis.0 + r.axes[0].1 * axis.1;
            let b = r.axes[1].0 * axis.0 + r.axes[1].1 * axis.1;
            a.abs() * r.half.0 + b.abs() * r.half.1
        };
        self.axes.iter().chain(other.axes.iter()).all(|&axis| {
            let dist = (d.0 * axis.0 + d.1 * axis.1).abs();
            dist <= radius(self, axis) + radius(other, axis)
        })
    }
}

#[derive(Clone, Copy)]
struct Extent {
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
}

impl Default for Extent {
    fn default() -> Extent {
        Extent {
            min_x: f64::INFINITY,
            min_y: f64::INFINITY,
            max_x: f64::NEG_INFINITY,
            max_y: f64::NEG_INFINITY,
        }
    }
}

impl Extent {
    fn add(&mut self, x: f64, y: f64) {
        if x.is_finite() && y.is_finite() {
            self.min_x = self.min_x.min(x);
            self.min_y = self.min_y.min(y);
            self.max_x = self.max_x.max(x);
            self.max_y = self.max_y.max(y);
        }
    }
}

// ---------------------------------------------------------------- text

/// A coordinate with one decimal; non-finite values (which the layout never produces) as 0.
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".to_string()
    } else if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Estimated width of text in pixels at a font size.
fn text_width(text: &str, font: f64) -> f64 {
    let columns: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    columns as f64 * font * COLUMN_EM
}

/// Whitespace (line breaks, tabs) as single spaces.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text cut to at most `max` columns, an ellipsis marking the cut.
fn shorten(text: &str, max: usize) -> String {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max.saturating_sub(1) {
            break;
        }
        used += w;
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

/// Text for XML content or attribute values: markup characters escaped, characters XML does
/// not allow (and other control characters) dropped, line breaks as spaces.
fn esc(text: &str) -> String {
    escape(text, false)
}

/// As `esc`, keeping line breaks (tooltips show them).
fn esc_multiline(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' | '\t' | '\r' => out.push(' '),
            c if c.is_control() => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(esc("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(esc("x\u{0}y\u{7}z\u{1b}\u{FFFF}"), "xyz");
        assert_eq!(esc("a\nb\tc"), "a b c");
        assert_eq!(esc_multiline("a\nb"), "a\nb");
    }

    #[test]
    fn shortening() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("abcdefghijkl", 6), "abcde…");
        assert_eq!(shorten("ab   cdefgh", 6), "ab…");
        // Wide characters count two columns.
        assert_eq!(shorten("日本語テキスト", 6), "日本…");
    }

    #[test]
    fn numbers() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(2.25), "2.3");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn colours() {
        let mut c = Colours::new(&EDGE_FIXED, &EDGE_PALETTE);
        assert_eq!(c.get("ACCUSES"), "#d62728");
        let a = c.get("LEADS");
        let b = c.get("MEMBER_OF");
        assert_ne!(a, b);
        assert_eq!(c.get("LEADS"), a);
        assert_eq!(tint("#000000", 0.5), "#808080");
    }

    #[test]
    fn angles_read_left_to_right() {
        assert_eq!(readable_angle((1.0, 0.0)), 0.0);
        assert_eq!(readable_angle((-1.0, 0.0)), 0.0);
        assert!((readable_angle((0.0, 1.0)) - 90.0).abs() < 1e-9);
        assert!((readable_angle((-1.0, -1.0)) - 45.0).abs() < 1e-9);
        assert_eq!(readable_angle((f64::NAN, 1.0)), 0.0);
    }
}
