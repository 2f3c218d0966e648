// The query editor: a textarea over a highlighted copy of its text, completion of keywords,
// functions, labels, relationship types and property keys (from /schema), and a history of
// statements kept in the browser's localStorage.

export const KEYWORDS = [
  "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "ORDER", "BY", "SKIP", "LIMIT", "ASC",
  "ASCENDING", "DESC", "DESCENDING", "DISTINCT", "AS", "AND", "OR", "XOR", "NOT", "IN", "IS", "NULL",
  "TRUE", "FALSE", "STARTS", "ENDS", "CONTAINS", "CASE", "WHEN", "THEN", "ELSE", "END", "CREATE",
  "MERGE", "ON", "SET", "REMOVE", "DELETE", "DETACH", "UNION", "ALL", "CALL", "YIELD", "EXISTS",
  "EXPLAIN", "PROFILE", "COUNT",
];

const FUNCTIONS = [
  "count", "collect", "sum", "avg", "min", "max", "size", "length", "type", "labels", "id",
  "elementId", "keys", "properties", "nodes", "relationships", "startNode", "endNode", "head",
  "last", "tail", "range", "reverse", "coalesce", "toString", "toInteger", "toFloat", "toBoolean",
  "toLower", "toUpper", "trim", "split", "substring", "replace", "left", "right", "abs", "round",
  "floor", "ceil", "sqrt", "date", "datetime", "localdatetime", "duration", "shortestPath",
  "allShortestPaths", "exists", "any", "all", "none", "single", "reduce",
];

const KEYWORD_SET = new Set(KEYWORDS);

/** Split Cypher text into tokens {kind, text}; every character is in one token. */
export function tokenize(text) {
  const rules = [
    ["comment", /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/y],
    ["string", /'(?:[^'\\]|\\[\s\S])*(?:'|$)|"(?:[^"\\]|\\[\s\S])*(?:"|$)/y],
    ["name", /`[^`]*(?:`|$)/y],
    ["number", /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y],
    ["param", /\$[A-Za-z_][A-Za-z0-9_]*/y],
    ["word", /[A-Za-z_][A-Za-z0-9_]*/y],
    ["space", /\s+/y],
    ["punct", /[\s\S]/y],
  ];
  const tokens = [];
  let pos = 0;
  let lastSignificant = null;
  while (pos < text.length) {
    for (const [kind, re] of rules) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m || m[0].length === 0) continue;
      let k = kind;
      const word = m[0];
      if (kind === "word") {
        // A word right before '(' is a function call (`count(`), even when it is also a
        // keyword; `MATCH (` is not.
        const after = text[pos + word.length] === "(";
        if (lastSignificant && lastSignificant.text === ":") k = "label";
        else if (lastSignificant && lastSignificant.text === ".") k = "name";
        else if (KEYWORD_SET.has(word.toUpperCase()) && !after) k = "keyword";
        else if (after) k = "function";
        else k = "variable";
      }
      const token = { kind: k, text: word };
      tokens.push(token);
      if (k !== "space" && k !== "comment") lastSignificant = token;
      pos += word.length;
      break;
    }
  }
  return tokens;
}

/** Fill `pre` with highlighted spans of `text` (built as DOM nodes: no HTML from the text). */
function highlight(pre, text) {
  const frag = document.createDocumentFragment();
  for (const t of tokenize(text)) {
    if (t.kind === "space" || t.kind === "punct" || t.kind === "variable") {
      frag.appendChild(document.createTextNode(t.text));
    } else {
      const span = document.createElement("span");
      span.className = "tok-" + t.kind;
      span.textContent = t.text;
      frag.appendChild(span);
    }
  }
  // A trailing newline needs a character after it to take up a line in a <pre>.
  frag.appendChild(document.createTextNode("\n"));
  pre.replaceChildren(frag);
}

const HISTORY_KEY = "relq.explorer.history";
const HISTORY_MAX = 100;

/** The statements run, most recent first, in localStorage. */
export class History {
  constructor() {
    this.items = [];
    try {
      const saved = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
      if (Array.isArray(saved)) this.items = saved.filter((s) => typeof s === "string").slice(0, HISTORY_MAX);
    } catch (_) {
      this.items = [];
    }
  }

  add(statement) {
    const s = statement.trim();
    if (!s) return;
    this.items = [s, ...this.items.filter((x) => x !== s)].slice(0, HISTORY_MAX);
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(this.items));
    } catch (_) {
      // Storage full or refused: the history lasts as long as the page.
    }
  }
}

/** The editor: wires the textarea, the highlighted copy, completion and history keys. */
export class Editor {
  constructor({ textarea, pre, list, history, onRun }) {
    this.textarea = textarea;
    this.pre = pre;
    this.list = list;
    this.history = history;
    this.onRun = onRun;
    this.schema = { labels: [], types: [], keys: [] };
    this.historyPos = -1;
    this.draft = "";
    this.choices = [];
    this.selected = 0;
    textarea.addEventListener("input", () => {
      this.historyPos = -1;
      this.refresh();
      this.complete(false);
    });
    textarea.addEventListener("scroll", () => this.syncScroll());
    textarea.addEventListener("keydown", (e) => this.onKey(e));
    // Closed when the editor loses focus (a click on the list comes first: it keeps focus).
    textarea.addEventListener("blur", () => setTimeout(() => {
      if (document.activeElement !== textarea) this.closeCompletion();
    }, 150));
    list.addEventListener("mousedown", (e) => {
      const li = e.target.closest("li");
      if (!li) return;
      e.preventDefault();
      this.accept(Number(li.dataset.index));
    });
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.refresh();
  }

  setSchema(schema) {
    const names = (list) => (list || []).map((x) => x.name);
    this.schema = {
      labels: names(schema.labels),
      types: names(schema.relationship_types),
      keys: names(schema.property_keys),
    };
  }

  refresh() {
    highlight(this.pre, this.textarea.value);
    this.syncScroll();
  }

  syncScroll() {
    this.pre.scrollTop = this.textarea.scrollTop;
    this.pre.scrollLeft = this.textarea.scrollLeft;
  }

  /** Put the caret at a 1-based line and column (of an error). */
  placeCaret(line, column) {
    const lines = this.textarea.value.split("\n");
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, column - 1);
    this.textarea.focus();
    this.textarea.setSelectionRange(offset, offset);
  }

  onKey(e) {
    const open = !this.list.hidden;
    if (open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      const n = this.choices.length;
      this.selected = (this.selected + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      this.drawCompletion();
      return;
    }
    if (open && (e.key === "Tab" || (e.key === "Enter" && !e.ctrlKey && !e.metaKey))) {
      e.preventDefault();
      this.accept(this.selected);
      return;
    }
    if (open && e.key === "Escape") {
      e.preventDefault();
      this.closeCompletion();
      return;
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.closeCompletion();
      this.onRun();
      return;
    }
    if (e.key === " " && e.ctrlKey) {
      e.preventDefault();
      this.complete(true);
      return;
    }
    if ((e.key === "ArrowUp" || e.key === "ArrowDown") && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.stepHistory(e.key === "ArrowUp" ? 1 : -1);
    }
  }

  /** Move through the history: 1 to older statements, -1 to newer ones (then the draft). */
  stepHistory(step) {
    const items = this.history.items;
    if (this.historyPos === -1) this.draft = this.textarea.value;
    const next = Math.min(items.length - 1, Math.max(-1, this.historyPos + step));
    if (next === this.historyPos) return;
    this.historyPos = next;
    this.value = next === -1 ? this.draft : items[next];
  }

  /** The word before the caret and what it completes: labels/types after ':', keys after '.'. */
  context() {
    const text = this.textarea.value;
    const end = this.textarea.selectionStart;
    let start = end;
    while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
    const prefix = text.slice(start, end);
    const mark = text[start - 1];
    const inString = tokenize(text.slice(0, end)).some((t, i, all) => i === all.length - 1 && (t.kind === "string" || t.kind === "comment"));
    return { start, end, prefix, mark, inString };
  }

  complete(force) {
    const { prefix, mark, inString } = this.context();
    if (inString || (!force && prefix.length === 0)) {
      this.closeCompletion();
      return;
    }
    let pool;
    if (mark === ":") {
      pool = [...this.schema.labels.map((n) => [n, "label"]), ...this.schema.types.map((n) => [n, "type"])];
    } else if (mark === ".") {
      pool = this.schema.keys.map((n) => [n, "key"]);
    } else if (mark === "$") {
      pool = [];
    } else {
      pool = [...KEYWORDS.map((n) => [n, "keyword"]), ...FUNCTIONS.map((n) => [n, "function"])];
    }
    const p = prefix.toLowerCase();
    const seen = new Set();
    this.choices = pool.filter(([name, kind]) => {
      const key = name + kind;
      if (seen.has(key) || !name.toLowerCase().startsWith(p) || name === prefix) return false;
      seen.add(key);
      return true;
    }).slice(0, 50);
    if (this.choices.length === 0) {
      this.closeCompletion();
      return;
    }
    this.selected = 0;
    this.drawCompletion();
  }

  drawCompletion() {
    const items = this.choices.map(([name, kind], i) => {
      const li = document.createElement("li");
      li.dataset.index = String(i);
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === this.selected));
      const word = document.createElement("span");
      word.textContent = name;
      const small = document.createElement("small");
      small.textContent = kind;
      li.append(word, small);
      return li;
    });
    this.list.replaceChildren(...items);
    this.list.hidden = false;
    this.placeList();
    const sel = this.list.children[this.selected];
    if (sel) sel.scrollIntoView({ block: "nearest" });
  }

  /** Put the list under the caret: the caret's line and column in the monospace text. */
  placeList() {
    const text = this.textarea.value.slice(0, this.textarea.selectionStart);
    const lines = text.split("\n");
    const style = getComputedStyle(this.textarea);
    const lineHeight = parseFloat(style.lineHeight) || 19;
    const probe = document.createElement("span");
    probe.textContent = "M".repeat(10);
    probe.style.font = style.font;
    probe.style.position = "absolute";
    probe.style.visibility = "hidden";
    document.body.appendChild(probe);
    const charWidth = probe.getBoundingClientRect().width / 10 || 8;
    probe.remove();
    const left = parseFloat(style.paddingLeft) + charWidth * lines[lines.length - 1].length - this.textarea.scrollLeft;
    const top = parseFloat(style.paddingTop) + lineHeight * lines.length - this.textarea.scrollTop;
    this.list.style.left = Math.min(left, this.textarea.clientWidth - 160) + "px";
    this.list.style.top = top + "px";
  }

  accept(index) {
    const choice = this.choices[index];
    if (!choice) return;
    const { start, end } = this.context();
    const text = this.textarea.value;
    const word = choice[0];
    this.textarea.value = text.slice(0, start) + word + text.slice(end);
    const caret = start + word.length;
    this.textarea.setSelectionRange(caret, caret);
    this.closeCompletion();
    this.refresh();
  }

  closeCompletion() {
    this.list.hidden = true;
    this.choices = [];
  }
}
