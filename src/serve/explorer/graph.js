// The graph view: the nodes and relationships of a result drawn in SVG, placed by a small
// force-directed layout (repulsion between nodes, springs along relationships, a pull to the
// centre), with drag, zoom and pan, selection, expansion and a filter by date.

const SVG_NS = "http://www.w3.org/2000/svg";
const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
const RADIUS = 18;
const LINK_LENGTH = 130;
const DAY_MS = 86400000;
/** Nodes farther apart than this do not push each other. */
const CUTOFF = 500;

function svg(tag, attrs = {}, parent = null) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

/** A node's caption: its name, title or first text property, else its label and id. */
export function caption(node) {
  const p = node.properties || {};
  for (const key of ["name", "title", "label"]) if (typeof p[key] === "string") return p[key];
  for (const v of Object.values(p)) if (typeof v === "string") return v;
  return `${(node.labels || [])[0] || "node"} ${node.id}`;
}

/**
 * A relationship's date as days since 1970-01-01 (UTC), or null: its `date` property (a
 * temporal value, which the API writes as ISO 8601 text: `2020-05-01`, or a date-time that
 * starts with one), else its `year` (an integer: 1 January of that year).
 */
export function relDay(rel) {
  const p = rel.properties || {};
  if (typeof p.date === "string") {
    const m = /^([+-]?\d{4,})-(\d{2})-(\d{2})/.exec(p.date);
    if (m) return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
  }
  if (Number.isInteger(p.year)) return Math.floor(Date.UTC(p.year, 0, 1) / DAY_MS);
  return null;
}

export function dayText(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export class GraphView {
  /**
   * svg: the <svg> element; onSelect(kind, item) when a node or relationship is clicked;
   * onExpand(node) when a node is double-clicked.
   */
  constructor(svgEl, { onSelect, onExpand, onChange }) {
    this.svg = svgEl;
    this.onSelect = onSelect;
    this.onExpand = onExpand;
    this.onChange = onChange || (() => {});
    this.nodes = new Map();
    this.rels = new Map();
    this.colors = new Map();
    this.labelRank = new Map();
    this.view = { x: 0, y: 0, k: 1 };
    this.userMoved = false;
    this.alpha = 0;
    this.running = false;
    this.upTo = null;
    this.showUndated = true;
    this.selected = null;

    const defs = svg("defs", {}, svgEl);
    const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
    svg("path", { d: "M0,0 L10,5 L0,10 z" }, marker);
    this.viewport = svg("g", { class: "viewport" }, svgEl);
    this.relLayer = svg("g", { class: "rels" }, this.viewport);
    this.nodeLayer = svg("g", { class: "nodes" }, this.viewport);
    this.bindPointer();
  }

  /** Colours by label: each node takes the colour of its rarest label in the schema. */
  setSchema(schema) {
    const labels = (schema.labels || []).slice().sort((a, b) => a.name.localeCompare(b.name));
    labels.forEach((l, i) => {
      this.colors.set(l.name, PALETTE[i % PALETTE.length]);
      this.labelRank.set(l.name, l.count);
    });
  }

  colorLabel(node) {
    const labels = node.labels || [];
    if (labels.length === 0) return "(no label)";
    return labels.slice().sort((a, b) => (this.labelRank.get(a) ?? 0) - (this.labelRank.get(b) ?? 0) || a.localeCompare(b))[0];
  }

  color(label) {
    if (!this.colors.has(label)) this.colors.set(label, PALETTE[this.colors.size % PALETTE.length]);
    return this.colors.get(label);
  }

  /** Replace what is drawn with a result's graph. */
  setData(graph) {
    this.nodes.clear();
    this.rels.clear();
    this.relLayer.replaceChildren();
    this.nodeLayer.replaceChildren();
    this.userMoved = false;
    this.selected = null;
    this.merge(graph, null);
  }

  /** Add a graph's nodes and relationships; new nodes start around `near` (a drawn node). */
  merge(graph, near) {
    const added = { nodes: 0, rels: 0 };
    const nodes = (graph && graph.nodes) || [];
    const rels = (graph && graph.relationships) || [];
    nodes.forEach((n, i) => {
      if (this.nodes.has(n.id)) return;
      const angle = (2 * Math.PI * i) / Math.max(1, nodes.length) + 0.5;
      const spread = near ? LINK_LENGTH : 40 + 25 * Math.sqrt(nodes.length);
      const cx = near ? near.x : 0;
      const cy = near ? near.y : 0;
      const node = { ...n, x: cx + spread * Math.cos(angle), y: cy + spread * Math.sin(angle), vx: 0, vy: 0, fixed: false };
      node.el = this.drawNode(node);
      this.nodes.set(n.id, node);
      added.nodes++;
    });
    for (const r of rels) {
      if (this.rels.has(r.id) || !this.nodes.has(r.start) || !this.nodes.has(r.end)) continue;
      const rel = { ...r, day: relDay(r) };
      rel.el = this.drawRel(rel);
      this.rels.set(r.id, rel);
      added.rels++;
    }
    this.assignCurves();
    this.applyFilter();
    this.restart(near ? 0.5 : 1);
    this.onChange();
    return added;
  }

  drawNode(node) {
    const label = this.colorLabel(node);
    const g = svg("g", { class: "node", "data-id": String(node.id), "data-label": label });
    svg("circle", { r: String(RADIUS), fill: this.color(label) }, g);
    const text = svg("text", { dy: String(RADIUS + 13) }, g);
    text.textContent = caption(node);
    const title = svg("title", {}, g);
    title.textContent = `${caption(node)} :${(node.labels || []).join(":")}`;
    g.addEventListener("click", (e) => {
      if (this.dragMoved) return;
      e.stopPropagation();
      this.select("node", node);
    });
    g.addEventListener("dblclick", (e) => {
      e.stopPropagation();
      this.onExpand(node);
    });
    g.addEventListener("pointerdown", (e) => this.startDrag(e, node));
    this.nodeLayer.appendChild(g);
    return g;
  }

  drawRel(rel) {
    const g = svg("g", { class: "rel", "data-id": String(rel.id), "data-type": rel.type });
    if (rel.day !== null) g.setAttribute("data-date", dayText(rel.day));
    rel.line = svg("path", { class: "rel-line", "marker-end": "url(#arrow)" }, g);
    rel.hit = svg("path", { class: "rel-hit" }, g);
    rel.label = svg("text", { class: "rel-label" }, g);
    rel.label.textContent = rel.type;
    g.addEventListener("click", (e) => {
      e.stopPropagation();
      this.select("rel", rel);
    });
    this.relLayer.appendChild(g);
    return g;
  }

  /** Relationships between the same two nodes get curves of different bends. */
  assignCurves() {
    const groups = new Map();
    for (const rel of this.rels.values()) {
      const key = rel.start < rel.end ? `${rel.start}-${rel.end}` : `${rel.end}-${rel.start}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(rel);
    }
    for (const list of groups.values()) {
      list.forEach((rel, i) => {
        const bend = (i - (list.length - 1) / 2) * 34;
        // Bends are measured from the lower id's side, so opposite directions do not cancel.
        rel.bend = rel.start < rel.end ? bend : -bend;
      });
    }
  }

  select(kind, item) {
    for (const el of this.svg.querySelectorAll(".selected")) el.classList.remove("selected");
    if (item && item.el) item.el.classList.add("selected");
    this.selected = item;
    this.onSelect(kind, item);
  }

  /** Show only relationships dated up to `upTo` (a day), and undated ones when asked. */
  setFilter(upTo, showUndated) {
    this.upTo = upTo;
    this.showUndated = showUndated;
    this.applyFilter();
  }

  applyFilter() {
    for (const rel of this.rels.values()) {
      const shown = rel.day === null ? this.showUndated : this.upTo === null || rel.day <= this.upTo;
      rel.el.classList.toggle("filtered", !shown);
    }
  }

  /** The first and last day of the drawn relationships that have a date, or null. */
  dateRange() {
    let lo = null;
    let hi = null;
    for (const rel of this.rels.values()) {
      if (rel.day === null) continue;
      lo = lo === null ? rel.day : Math.min(lo, rel.day);
      hi = hi === null ? rel.day : Math.max(hi, rel.day);
    }
    return lo === null ? null : [lo, hi];
  }

  labelsDrawn() {
    const seen = new Map();
    for (const n of this.nodes.values()) {
      const l = n.el.getAttribute("data-label");
      seen.set(l, this.color(l));
    }
    return seen;
  }

  // ---------------------------------------------------------------- layout

  restart(alpha) {
    this.alpha = Math.max(this.alpha, alpha);
    this.svg.setAttribute("data-settled", "false");
    if (!this.running) {
      this.running = true;
      requestAnimationFrame(() => this.frame());
    }
  }

  frame() {
    for (let i = 0; i < 3 && this.alpha > 0.004; i++) this.tick();
    this.draw();
    if (this.alpha > 0.004 || this.dragging) {
      requestAnimationFrame(() => this.frame());
    } else {
      this.running = false;
      if (!this.userMoved) this.fit();
      this.svg.setAttribute("data-settled", "true");
    }
  }

  tick() {
    const nodes = [...this.nodes.values()];
    const a = this.alpha;
    // Repulsion between nodes closer than CUTOFF: nodes are put in square cells of that size,
    // and each is compared with those of its own cell and the eight around it, so a large
    // result costs about n times the nodes near each, not n squared.
    const cells = new Map();
    for (const n of nodes) {
      const key = `${Math.floor(n.x / CUTOFF)},${Math.floor(n.y / CUTOFF)}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(n);
    }
    nodes.forEach((p, i) => (p.index = i));
    for (const p of nodes) {
      const cx = Math.floor(p.x / CUTOFF);
      const cy = Math.floor(p.y / CUTOFF);
      for (let gx = cx - 1; gx <= cx + 1; gx++) {
        for (let gy = cy - 1; gy <= cy + 1; gy++) {
          for (const q of cells.get(`${gx},${gy}`) || []) {
            if (q.index <= p.index) continue;
            let dx = q.x - p.x;
            let dy = q.y - p.y;
            let d2 = dx * dx + dy * dy;
            if (d2 < 1) {
              dx = (p.index - q.index) * 0.5 + 0.3;
              dy = 0.7;
              d2 = dx * dx + dy * dy;
            }
            if (d2 > CUTOFF * CUTOFF) continue;
            const f = (3500 * a) / d2;
            p.vx -= dx * f * 0.5;
            p.vy -= dy * f * 0.5;
            q.vx += dx * f * 0.5;
            q.vy += dy * f * 0.5;
          }
        }
      }
    }
    // Springs along relationships.
    for (const rel of this.rels.values()) {
      const s = this.nodes.get(rel.start);
      const t = this.nodes.get(rel.end);
      if (s === t) continue;
      const dx = t.x - s.x;
      const dy = t.y - s.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = ((d - LINK_LENGTH) / d) * 0.08 * a;
      s.vx += dx * f;
      s.vy += dy * f;
      t.vx -= dx * f;
      t.vy -= dy * f;
    }
    for (const n of nodes) {
      n.vx -= n.x * 0.015 * a;
      n.vy -= n.y * 0.015 * a;
      if (n.fixed) {
        n.vx = 0;
        n.vy = 0;
        continue;
      }
      n.vx *= 0.6;
      n.vy *= 0.6;
      n.x += Math.max(-40, Math.min(40, n.vx));
      n.y += Math.max(-40, Math.min(40, n.vy));
    }
    this.alpha *= 0.975;
  }

  draw() {
    for (const n of this.nodes.values()) n.el.setAttribute("transform", `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
    for (const rel of this.rels.values()) {
      const s = this.nodes.get(rel.start);
      const t = this.nodes.get(rel.end);
      let d;
      let lx;
      let ly;
      if (s === t) {
        const r = RADIUS;
        const off = 1 + Math.abs(rel.bend) / 34;
        d = `M${s.x - r * 0.6},${s.y - r * 0.8} C${s.x - 50 * off},${s.y - 70 * off} ${s.x + 50 * off},${s.y - 70 * off} ${s.x + r * 0.6},${s.y - r * 0.8}`;
        lx = s.x;
        ly = s.y - 52 * off;
      } else {
        const dx = t.x - s.x;
        const dy = t.y - s.y;
        const len = Math.sqrt(dx * dx + dy * dy) || 1;
        // The control point, `bend` from the middle at a right angle.
        const cx = (s.x + t.x) / 2 - (dy / len) * rel.bend * 2;
        const cy = (s.y + t.y) / 2 + (dx / len) * rel.bend * 2;
        const trim = (from, to, by) => {
          const ex = to.x - from.x;
          const ey = to.y - from.y;
          const el = Math.sqrt(ex * ex + ey * ey) || 1;
          return [from.x + (ex / el) * by, from.y + (ey / el) * by];
        };
        const [sx, sy] = trim(s, { x: cx, y: cy }, RADIUS);
        const [tx, ty] = trim(t, { x: cx, y: cy }, RADIUS + 2);
        d = `M${sx.toFixed(1)},${sy.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${tx.toFixed(1)},${ty.toFixed(1)}`;
        lx = 0.25 * s.x + 0.5 * cx + 0.25 * t.x;
        ly = 0.25 * s.y + 0.5 * cy + 0.25 * t.y;
      }
      rel.line.setAttribute("d", d);
      rel.hit.setAttribute("d", d);
      rel.label.setAttribute("x", lx.toFixed(1));
      rel.label.setAttribute("y", (ly - 3).toFixed(1));
    }
    this.viewport.setAttribute("transform", `translate(${this.view.x.toFixed(1)},${this.view.y.toFixed(1)}) scale(${this.view.k.toFixed(4)})`);
  }

  /** Zoom and pan so that every node is in view. */
  fit() {
    const box = this.svg.getBoundingClientRect();
    if (this.nodes.size === 0 || box.width === 0 || box.height === 0) {
      this.view = { x: box.width / 2, y: box.height / 2, k: 1 };
      this.draw();
      return;
    }
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const n of this.nodes.values()) {
      x0 = Math.min(x0, n.x);
      y0 = Math.min(y0, n.y);
      x1 = Math.max(x1, n.x);
      y1 = Math.max(y1, n.y);
    }
    const pad = 60;
    const k = Math.min(1.6, (box.width - 2 * pad) / Math.max(1, x1 - x0), (box.height - 2 * pad) / Math.max(1, y1 - y0));
    this.view = { k, x: box.width / 2 - k * (x0 + x1) / 2, y: box.height / 2 - k * (y0 + y1) / 2 };
    this.draw();
  }

  // ---------------------------------------------------------------- pointer: drag, pan, zoom

  /** A pointer event's position in graph coordinates. */
  toGraph(e) {
    const box = this.svg.getBoundingClientRect();
    return { x: (e.clientX - box.left - this.view.x) / this.view.k, y: (e.clientY - box.top - this.view.y) / this.view.k };
  }

  /**
   * Drag a node: from the first move of 3 px on, it sits under the pointer, and once dropped it
   * stays there, pinned (the layout moves the others around it), until the next result.
   */
  startDrag(e, node) {
    if (e.button !== 0) return;
    e.stopPropagation();
    const start = { x: e.clientX, y: e.clientY };
    this.dragMoved = false;
    this.dragging = node;
    const follow = (ev) => {
      const p = this.toGraph(ev);
      node.x = p.x;
      node.y = p.y;
      node.fixed = true;
      this.restart(0.2);
    };
    const move = (ev) => {
      if (!this.dragMoved && Math.hypot(ev.clientX - start.x, ev.clientY - start.y) < 3) return;
      this.dragMoved = true;
      this.userMoved = true;
      follow(ev);
    };
    const up = (ev) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      // Where the button is released is where the node stays, even if no move came after the
      // last one the browser delivered.
      if (this.dragMoved) follow(ev);
      this.dragging = null;
      // The click that follows a drag is not a selection.
      setTimeout(() => (this.dragMoved = false), 0);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  }

  bindPointer() {
    this.svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      const start = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y };
      this.svg.classList.add("panning");
      const move = (ev) => {
        this.userMoved = true;
        this.view.x = start.vx + ev.clientX - start.x;
        this.view.y = start.vy + ev.clientY - start.y;
        this.draw();
      };
      const up = () => {
        this.svg.classList.remove("panning");
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
    });
    this.svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const box = this.svg.getBoundingClientRect();
      const mx = e.clientX - box.left;
      const my = e.clientY - box.top;
      const k = Math.min(8, Math.max(0.1, this.view.k * Math.exp(-e.deltaY * 0.0015)));
      this.view.x = mx - ((mx - this.view.x) * k) / this.view.k;
      this.view.y = my - ((my - this.view.y) * k) / this.view.k;
      this.view.k = k;
      this.userMoved = true;
      this.draw();
    }, { passive: false });
  }
}
