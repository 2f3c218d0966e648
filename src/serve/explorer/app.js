// relq explorer: the page's wiring. Sections: examples, state and status, running a
// statement, the table, the plan, the evidence panel, the date filter, exports, start-up.

import * as api from "./api.js";
import { Editor, History } from "./editor.js";
import { GraphView, caption, dayText } from "./graph.js";

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- examples

const EXAMPLES = [
  ["Who accuses Russia, and of what?",
    "MATCH (a:Actor)-[r:ACCUSES]->(:Actor {name: 'Russia'})\nRETURN a.name AS accuser, r.allegation AS allegation, r\nORDER BY accuser"],
  ["What did Russia propose, to whom?",
    "MATCH (:Actor {name: 'Russia'})-[p:PROPOSES]->(b)\nRETURN b.name AS to_whom, p.topic AS proposal, p\nORDER BY proposal"],
  ["How are the FBI and Germany connected?",
    "MATCH p = shortestPath((a:Actor {name: 'FBI'})-[*]-(b:Actor {name: 'Germany'}))\nRETURN p"],
  ["Who is accused most?",
    "MATCH (a:Actor)<-[r:ACCUSES]-()\nRETURN a.name AS actor, count(r) AS accusations\nORDER BY accusations DESC"],
  ["The whole graph",
    "MATCH (a)-[r]->(b)\nRETURN a, r, b"],
];

const EXPORT_FORMATS = [
  ["graphml", "GraphML", "relq.graphml"],
  ["gexf", "GEXF", "relq.gexf"],
  ["dot", "DOT", "relq.dot"],
  ["svg", "SVG", "relq.svg"],
  ["json", "JSON", "relq.json"],
  ["cypher", "Cypher", "relq.cypher"],
  ["csv", "CSV", null],
];

// ---------------------------------------------------------------- state and status

const state = {
  statement: null, // the statement whose result is shown (what the exports export)
  parameters: {},
  running: false,
};

function status(text) {
  $("status").textContent = text;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function showError(err) {
  const box = $("error");
  if (!err) {
    box.hidden = true;
    return;
  }
  $("error-class").textContent = err.errorClass || "Error";
  $("error-message").textContent = err.message;
  $("error-rendered").textContent = err.rendered || "";
  $("error-rendered").hidden = !err.rendered;
  box.hidden = false;
  if (err.status === 401) $("token-form").hidden = false;
}

// ---------------------------------------------------------------- running a statement

const history = new History();
const editor = new Editor({
  textarea: $("editor"),
  pre: $("highlight"),
  list: $("completions"),
  history,
  onRun: () => run(),
});

const graph = new GraphView($("graph"), {
  onSelect: (kind, item) => showEvidence(kind, item),
  onExpand: (node) => expand(node),
  onChange: () => {
    updateDateSlider();
    updateLegend();
  },
});

async function run() {
  const statement = editor.value.trim();
  editor.closeCompletion();
  if (!statement || state.running) return;
  state.running = true;
  $("run").disabled = true;
  status("running…");
  showError(null);
  history.add(statement);
  fillHistory();
  try {
    const result = await api.query(statement, {});
    state.statement = statement;
    state.parameters = {};
    showResult(result);
  } catch (err) {
    showError(err);
    status(`failed: ${err.errorClass}`);
    if (err.line && err.column) editor.placeCaret(err.line, err.column);
  } finally {
    state.running = false;
    $("run").disabled = false;
  }
}

function showResult(result) {
  const g = result.graph || { nodes: [], relationships: [] };
  renderTable(result.columns || [], result.rows || []);
  renderPlan(result.plan);
  graph.setData(g);
  showEvidence(null, null);
  const rows = (result.rows || []).length;
  const more = result.has_more ? " (first page; more rows on the server)" : "";
  const warnings = (result.warnings || []).map((w) => `warning: ${w.message}`).join("; ");
  status(`${plural(rows, "row")}${more}, ${plural(g.nodes.length, "node")}, ${plural(g.relationships.length, "relationship")} in ${result.elapsed_ms} ms${warnings ? " — " + warnings : ""}`);
  if (result.plan) selectTab("plan-view");
  else if (g.nodes.length > 0) selectTab("graph-view");
  else selectTab("table-view");
}

/** Double-click on a node: its relationships and neighbours join the drawing. */
async function expand(node) {
  status(`expanding ${caption(node)}…`);
  try {
    const result = await api.query("MATCH (n)-[r]-() WHERE id(n) = $id RETURN r LIMIT 500", { id: node.id });
    const added = graph.merge(result.graph, node);
    status(`${caption(node)}: ${plural(added.nodes, "node")} and ${plural(added.rels, "relationship")} added`);
  } catch (err) {
    showError(err);
  }
}

// ---------------------------------------------------------------- the table

/** A cell's text and, for a node or relationship, the entity to show on click. */
function cellText(value) {
  if (value === null) return "null";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return "[" + value.map((v) => (typeof v === "string" ? JSON.stringify(v) : cellText(v))).join(", ") + "]";
  if ("labels" in value && "properties" in value && "id" in value) return `(${value.labels.map((l) => ":" + l).join("")} ${caption(value)})`;
  if ("type" in value && "start" in value && "end" in value) return `[:${value.type}]`;
  if ("nodes" in value && "relationships" in value && Array.isArray(value.nodes)) {
    return value.nodes.map((n) => `(${caption(n)})`).join("-");
  }
  return JSON.stringify(value);
}

function entityOf(value) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    if ("labels" in value && "id" in value) return ["node", value];
    if ("type" in value && "start" in value) return ["rel", value];
  }
  return null;
}

function renderTable(columns, rows) {
  const table = $("results");
  const head = document.createElement("thead");
  const tr = document.createElement("tr");
  for (const c of columns) {
    const th = document.createElement("th");
    th.textContent = c;
    tr.appendChild(th);
  }
  head.appendChild(tr);
  const body = document.createElement("tbody");
  for (const row of rows) {
    const r = document.createElement("tr");
    for (const value of row) {
      const td = document.createElement("td");
      td.textContent = cellText(value);
      if (value === null) td.className = "value-null";
      const entity = entityOf(value);
      if (entity) {
        td.className = "entity";
        td.addEventListener("click", () => {
          const drawn = entity[0] === "node" ? graph.nodes.get(value.id) : graph.rels.get(value.id);
          showEvidence(entity[0], drawn || value);
        });
      }
      r.appendChild(td);
    }
    body.appendChild(r);
  }
  table.replaceChildren(head, body);
}

// ---------------------------------------------------------------- the plan

function renderPlan(plan) {
  const pre = $("plan");
  if (!plan) {
    pre.textContent = "No plan: start a statement with EXPLAIN or PROFILE.";
    return;
  }
  const lines = [];
  const walk = (op, depth) => {
    const measures = ["estimatedRows", "rows", "dbHits", "time"].filter((k) => op[k] !== undefined).map((k) => `${k} ${op[k]}`);
    lines.push(`${"  ".repeat(depth)}${op.operator}${op.details ? "  " + op.details : ""}${measures.length ? "   (" + measures.join(", ") + ")" : ""}`);
    for (const child of op.children || []) walk(child, depth + 1);
  };
  walk(plan.root, 0);
  pre.textContent = (plan.profiled ? "PROFILE\n" : "EXPLAIN\n") + lines.join("\n");
}

function selectTab(view) {
  for (const b of document.querySelectorAll(".tabs button")) b.setAttribute("aria-selected", String(b.dataset.view === view));
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== view;
  if (view === "graph-view" && !graph.userMoved) graph.fit();
}

// ---------------------------------------------------------------- the evidence panel

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function valueText(v) {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** A source as a link when it is a web address, else as text. */
function sourceItem(value) {
  const text = valueText(value);
  if (typeof value === "string" && /^https?:\/\/\S+$/i.test(value)) {
    const a = el("a", text);
    a.href = value;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  return document.createTextNode(text);
}

function showEvidence(kind, item) {
  const panel = $("evidence");
  if (!item) {
    panel.replaceChildren(el("p", "Click a relationship or a node to see its evidence.", "muted"));
    return;
  }
  const props = item.properties || {};
  const parts = [];
  const dl = el("dl");
  const row = (name, content) => {
    dl.appendChild(el("dt", name));
    const dd = el("dd");
    dd.append(content);
    dl.appendChild(dd);
  };
  if (kind === "rel") {
    const from = graph.nodes.get(item.start);
    const to = graph.nodes.get(item.end);
    parts.push(el("h2", item.type));
    parts.push(el("p", `${from ? caption(from) : "node " + item.start} → ${to ? caption(to) : "node " + item.end}`, "ends"));
    if (props.quote !== undefined) parts.push(el("blockquote", valueText(props.quote), "quote"));
    if (props.context !== undefined) row("context", valueText(props.context));
    for (const key of ["allegation", "topic", "via", "read_by"]) if (props[key] !== undefined) row(key, valueText(props[key]));
    if (props.date !== undefined) row("date", valueText(props.date));
    else if (props.year !== undefined) row("year", valueText(props.year));
    else row("date", "not given");
    const sources = ["source_url", "url", "source"].filter((k) => props[k] !== undefined);
    if (sources.length === 0) row("source", "not given");
    for (const key of sources) row(key, sourceItem(props[key]));
  } else {
    parts.push(el("h2", caption(item)));
    parts.push(el("p", (item.labels || []).map((l) => ":" + l).join(" "), "labels"));
    row("id", String(item.id));
  }
  parts.push(dl);
  parts.push(el("h3", "All properties"));
  const all = el("dl", undefined, "properties");
  for (const [k, v] of Object.entries(props)) {
    all.appendChild(el("dt", k));
    const dd = el("dd");
    dd.append(k === "source" || k === "url" || k === "source_url" ? sourceItem(v) : valueText(v));
    all.appendChild(dd);
  }
  parts.push(all);
  panel.replaceChildren(...parts);
}

// ---------------------------------------------------------------- the date filter

function updateDateSlider() {
  const slider = $("date-slider");
  const range = graph.dateRange();
  if (!range) {
    slider.disabled = true;
    slider.min = "0";
    slider.max = "0";
    slider.value = "0";
    $("date-value").textContent = "no dated relationships";
    graph.setFilter(null, $("show-undated").checked);
    return;
  }
  const wasAtEnd = slider.disabled || Number(slider.value) >= Number(slider.max);
  slider.disabled = false;
  slider.min = String(range[0]);
  slider.max = String(range[1]);
  if (wasAtEnd) slider.value = String(range[1]);
  applyDateFilter();
}

function applyDateFilter() {
  const slider = $("date-slider");
  const upTo = slider.disabled ? null : Number(slider.value);
  $("date-value").textContent = upTo === null ? "no dated relationships" : dayText(upTo);
  graph.setFilter(upTo, $("show-undated").checked);
}

function updateLegend() {
  const items = [...graph.labelsDrawn()].map(([label, color]) => {
    const span = el("span", label, "legend-item");
    span.style.setProperty("--c", color);
    return span;
  });
  $("legend").replaceChildren(...items);
}

// ---------------------------------------------------------------- exports

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function exportAs(format, filename) {
  if (!state.statement) {
    status("run a statement first: an export holds the subgraph of the result shown");
    return;
  }
  try {
    const blob = await api.exportResult(format, state.statement, state.parameters);
    if (format === "csv") {
      const files = JSON.parse(await blob.text());
      for (const [name, text] of Object.entries(files)) download(new Blob([text], { type: "text/csv" }), name);
      status(`exported ${Object.keys(files).join(" and ")}`);
    } else {
      download(blob, filename);
      status(`exported ${filename} (${plural(blob.size, "byte")})`);
    }
  } catch (err) {
    showError(err);
  }
}

// ---------------------------------------------------------------- start-up

function fillHistory() {
  const select = $("history");
  const options = [el("option", "(Ctrl+Up / Ctrl+Down)")];
  options[0].value = "";
  history.items.forEach((s, i) => {
    const o = el("option", s.replace(/\s+/g, " ").slice(0, 80));
    o.value = String(i);
    options.push(o);
  });
  select.replaceChildren(...options);
}

async function loadSchema() {
  try {
    const schema = await api.schema();
    editor.setSchema(schema);
    graph.setSchema(schema);
    $("schema-summary").textContent = `${plural(schema.nodes, "node")} · ${plural(schema.relationships, "relationship")}${schema.read_only ? " · read-only" : ""}`;
    $("token-form").hidden = true;
    showError(null);
    return true;
  } catch (err) {
    showError(err);
    return false;
  }
}

function start() {
  api.takeTokenFromUrl();
  const examples = $("examples");
  EXAMPLES.forEach(([title], i) => {
    const o = el("option", title);
    o.value = String(i);
    examples.appendChild(o);
  });
  examples.addEventListener("change", () => {
    editor.value = EXAMPLES[Number(examples.value)][1];
    $("editor").focus();
  });
  editor.value = EXAMPLES[0][1];
  fillHistory();
  $("history").addEventListener("change", (e) => {
    const i = e.target.value;
    if (i !== "") editor.value = history.items[Number(i)];
    e.target.value = "";
    $("editor").focus();
  });
  $("run").addEventListener("click", () => run());
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => selectTab(b.dataset.view));
  $("date-slider").addEventListener("input", applyDateFilter);
  $("show-undated").addEventListener("change", applyDateFilter);
  $("fit").addEventListener("click", () => {
    graph.userMoved = false;
    graph.fit();
  });
  for (const [format, label, filename] of EXPORT_FORMATS) {
    const b = el("button", label);
    b.type = "button";
    b.dataset.format = format;
    b.title = `the result's subgraph as ${label}`;
    b.addEventListener("click", () => exportAs(format, filename));
    $("exports").appendChild(b);
  }
  $("token-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    api.setToken($("token").value);
    $("token").value = "";
    await loadSchema();
  });
  window.addEventListener("resize", () => {
    if (!graph.userMoved) graph.fit();
  });
  graph.fit();
  loadSchema();
}

start();
