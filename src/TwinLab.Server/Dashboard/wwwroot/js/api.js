// The dashboard's only way to the server: every call carries ?api-version= and, when the user signed in, their token in
// the Authorization header (never in a URL). A 401 opens the sign-in dialog and retries the call once signed in.
export const API_VERSION = "2023-10-31";
const TOKEN_KEY = "twinlab.token";
const BRANCH_KEY = "twinlab.branch";

/** An error answer from the API: ADT's {"error": {"code", "message"}} body, or the HTTP status when there is none. */
export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

export function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }
export function setToken(value) { value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY); }

/** The branch the header's picker selects ("main" by default); pages pass it as ?branch= where the API takes one. */
export function currentBranch() { return sessionStorage.getItem(BRANCH_KEY) || "main"; }
export function setCurrentBranch(name) { sessionStorage.setItem(BRANCH_KEY, name); }

let signIn = null; // set by app.js: async (reason) => boolean (true once a token was entered)
export function onSignInNeeded(handler) { signIn = handler; }

/** The URL of an API path with api-version and the given query parameters (undefined/null/"" are left out; arrays repeat). */
export function apiUrl(path, query = {}) {
  const url = new URL(path, location.origin);
  url.searchParams.set("api-version", API_VERSION);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach(v => url.searchParams.append(key, String(v)));
    else url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

function headersFor(extra, contentType) {
  const h = new Headers(extra || {});
  const t = token();
  if (t) h.set("Authorization", "Bearer " + t);
  if (contentType) h.set("Content-Type", contentType);
  return h;
}

async function errorOf(response) {
  let body = null, code = "", message = "";
  const text = await response.text().catch(() => "");
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (body && body.error) { code = body.error.code || ""; message = body.error.message || ""; }
  return new ApiError(response.status, code || String(response.status), message || text || response.statusText, body);
}

/**
 * Calls the API. `body` is sent as JSON unless it is a string/Blob/FormData (then with `contentType`).
 * Returns the parsed JSON (null for an empty body), the text when `as: "text"`, a Blob when `as: "blob"`, or the
 * Response itself when `as: "response"`. Throws ApiError for any non-2xx answer; a 401 first opens the sign-in dialog.
 */
export async function api(path, { method = "GET", query = {}, body, contentType, headers, signal, as = "json" } = {}) {
  for (;;) {
    let payload = body, type = contentType;
    if (body !== undefined && typeof body !== "string" && !(body instanceof Blob) && !(body instanceof FormData)) {
      payload = JSON.stringify(body);
      type = type || "application/json";
    }
    const response = await fetch(apiUrl(path, query), { method, headers: headersFor(headers, type), body: payload, signal });
    if (response.status === 401 && signIn) { // asks again (with the server's reason) until a token works or the user cancels
      const err = await errorOf(response);
      if (await signIn(err.message)) continue;
      throw err;
    }
    if (!response.ok) throw await errorOf(response);
    if (as === "response") return response;
    if (as === "text") return response.text();
    if (as === "blob") return response.blob();
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
}

/** Every item of an ADT query, following continuation tokens (stops after `max` items). */
export async function queryAll(sql, { signal, max = 100000, branch } = {}) {
  const items = [];
  let continuationToken = null;
  do {
    const page = await api("/query", { method: "POST", query: { branch }, body: continuationToken ? { query: sql, continuationToken } : { query: sql }, signal });
    items.push(...(page.value || []));
    continuationToken = page.continuationToken || null;
  } while (continuationToken && items.length < max);
  return items;
}

/** Every item of a paged ADT list ({value, nextLink}). */
export async function listAll(path, { query = {}, signal, max = 100000 } = {}) {
  const items = [];
  let page = await api(path, { query, signal });
  items.push(...(page.value || []));
  while (page.nextLink && items.length < max) {
    const next = new URL(page.nextLink, location.origin);
    page = await api(next.pathname, { query: Object.fromEntries(next.searchParams), signal });
    items.push(...(page.value || []));
  }
  return items;
}

/**
 * Subscribes to /events (Server-Sent Events) with fetch, so the Authorization header goes with it (EventSource cannot
 * send one). `query` holds the filters (twin, model, type, branch, filter…). Reconnects after a drop with Last-Event-ID,
 * so no graph event is missed. onEvent(cloudEvent, {type, id}) gets each parsed event. Returns {close()}.
 */
export function eventStream(query, { onEvent, onOpen, onError, lastEventId, signal } = {}) {
  const controller = new AbortController();
  if (signal) signal.addEventListener("abort", () => controller.abort(), { once: true });
  let last = lastEventId ?? null;
  let closed = false;
  (async () => {
    let delay = 500;
    while (!closed && !controller.signal.aborted) {
      try {
        const h = headersFor({ Accept: "text/event-stream" });
        if (last !== null) h.set("Last-Event-ID", String(last));
        const response = await fetch(apiUrl("/events", query), { headers: h, signal: controller.signal });
        if (response.status === 401 && signIn) {
          const err = await errorOf(response);
          if (!(await signIn(err.message))) throw err;
          continue;
        }
        if (!response.ok) throw await errorOf(response);
        onOpen && onOpen();
        delay = 500;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, "");
            let type = "message", id = null;
            const data = [];
            for (const line of block.split(/\r?\n/)) {
              if (line.startsWith(":")) continue;
              const colon = line.indexOf(":");
              const field = colon < 0 ? line : line.slice(0, colon);
              const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (field === "event") type = val; else if (field === "id") id = val; else if (field === "data") data.push(val);
            }
            if (id !== null) last = id;
            if (!data.length) continue;
            let parsed;
            try { parsed = JSON.parse(data.join("\n")); } catch { parsed = data.join("\n"); }
            if (type === "error") { onError && onError(new ApiError(0, parsed?.error?.code || "StreamError", parsed?.error?.message || "stream error", parsed)); continue; }
            onEvent && onEvent(parsed, { type, id });
          }
        }
      } catch (e) {
        if (closed || controller.signal.aborted) return;
        onError && onError(e);
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) return; // a refused request will not get better by retrying
      }
      if (closed || controller.signal.aborted) return;
      await new Promise(r => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10000);
    }
  })();
  return { close() { closed = true; controller.abort(); } };
}
