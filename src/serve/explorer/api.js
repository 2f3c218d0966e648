// The server's JSON API, as the explorer uses it: /schema, /query, /export.
// The token (when the server wants one) comes once in the page's URL fragment (#token=...),
// which the browser never sends to the server, or from the token field; it is kept in this
// tab's sessionStorage and sent as `Authorization: Bearer` with every request.

const TOKEN_KEY = "relq.explorer.token";

/** An error answer of the API: the class, message and the shell's caret text. */
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.errorClass = e.class || "RequestError";
    this.line = e.line;
    this.column = e.column;
    this.help = e.help;
    this.rendered = e.rendered;
  }
}

/** Take a token from the URL fragment, then remove it from the address bar. */
export function takeTokenFromUrl() {
  const hash = window.location.hash.replace(/^#/, "");
  const params = new URLSearchParams(hash);
  const token = params.get("token");
  if (token) {
    setToken(token);
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", window.location.pathname + (rest ? "#" + rest : ""));
  }
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers() {
  const h = { "Content-Type": "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) h.Authorization = "Bearer " + token;
  return h;
}

async function request(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (e) {
    throw new ApiError(0, { error: { class: "ConnectionError", message: `cannot reach the server: ${e.message}` } });
  }
  return response;
}

async function json(response) {
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch (_) {
    body = { error: { class: "ResponseError", message: `expected JSON from the server, found: ${text.slice(0, 200)}` } };
  }
  if (!response.ok || (body && body.error)) throw new ApiError(response.status, body);
  return body;
}

/** GET /schema. */
export async function schema() {
  return json(await request("GET", "/schema"));
}

/** POST /query. */
export async function query(statement, parameters = {}, limit = 1000) {
  return json(await request("POST", "/query", { statement, parameters, limit }));
}

/** POST /export?format=F: the answer's content type and bytes as a Blob. */
export async function exportResult(format, statement, parameters = {}) {
  const response = await request("POST", `/export?format=${encodeURIComponent(format)}`, { statement, parameters });
  if (!response.ok) return json(response);
  return response.blob();
}
