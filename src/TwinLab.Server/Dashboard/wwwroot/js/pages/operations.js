// Page 'operations': is the live sync healthy? Connections (state, lag, counters, latency, last error; pause/resume),
// dead letters (why; replay or delete), event routes with their endpoints' delivery state, and each twin's drift status.
// Reads /connections, /deadletters, /eventroutes, /endpoints and /drift (docs/server.md "Live sync"); refreshes every
// few seconds while the page is open.
import { api, listAll } from "../api.js";
import { el, clear, fmt, table, badge, errorView, loading, toast, href } from "../ui.js";

const REFRESH_MS = 5000;

const CONNECTION_STATES = {
  running: "ok", starting: "info", reconnecting: "warn", failing: "warn", paused: "info", failed: "bad", "not running": "bad",
  standby: "info", // this server does not hold the work lease; r.leaseHolder runs the connection
};
const DELIVERY_STATES = { "up to date": "ok", streaming: "ok", behind: "warn", retrying: "bad", "no routes": "info" };

const ms = v => v === null || v === undefined ? "–" : v < 1000 ? `${fmt.num(v, 1)} ms` : `${fmt.num(v / 1000, 2)} s`;
const when = t => t ? fmt.time(t) : "–";

export default {
  route: "operations",
  title: "Operations",
  async render(root, { signal }) {
    const ops = new OperationsPage(root, signal);
    await ops.refresh();
    ops.startTimer();
  },
};

class OperationsPage {
  constructor(root, signal) {
    this.signal = signal;
    this.letterSource = "";
    this.routeFilter = "";
    this.busy = false;
    this.auto = el("input", { type: "checkbox", id: "ops-auto", checked: true, onChange: () => this.startTimer() });
    this.updated = el("span", { class: "ops-updated", id: "ops-updated", "aria-live": "off" });
    root.append(el("h1", { text: "Operations" }),
      el("div", { class: "ops-toolbar" },
        el("label", {}, this.auto, ` Refresh every ${REFRESH_MS / 1000} s`),
        el("button", { type: "button", id: "ops-refresh", text: "Refresh now", onClick: () => this.refresh() }),
        this.updated));
    this.connections = this.section(root, "ops-conn", "Connections", "Live inputs (MQTT, watched folders, HTTP posts): state, lag, counters since the server started running each one, and the last error.");
    this.letters = this.section(root, "ops-dl", "Dead letters", "Messages that could not be applied and routed events that could not be delivered, newest first. Replay one after fixing its cause; applied, it is removed.");
    this.routes = this.section(root, "ops-routes", "Event routes and endpoints", "Where twin changes are delivered: each route's cursor into the event log, its backlog and last error.");
    this.drift = this.section(root, "ops-drift", "Drift", "Whether each twin still behaves as it predicts: the CUSUM statistic against its threshold.");
    this.confirmDialog = el("dialog", { id: "ops-confirm", "aria-labelledby": "ops-confirm-text" });
    root.append(this.confirmDialog);
    signal.addEventListener("abort", () => { clearInterval(this.timer); this.timer = null; }, { once: true });
  }

  section(root, id, title, hint) {
    const body = el("div", { id: id + "-body" }, loading());
    root.append(el("section", { class: "panel", id, "aria-labelledby": id + "-h" },
      el("h2", { id: id + "-h", text: title }), el("p", { class: "hint", text: hint }), body));
    return body;
  }

  startTimer() {
    clearInterval(this.timer);
    this.timer = null;
    if (this.auto.checked && !this.signal.aborted) this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  /** Reads everything and redraws; each part shows its own error. A refresh still running is not started twice. */
  async refresh() {
    if (this.busy || this.signal.aborted) return;
    this.busy = true;
    const signal = this.signal;
    try {
      const [conns, letters, routes, endpoints, drift] = await Promise.allSettled([
        listAll("/connections", { signal }),
        listAll("/deadletters", { signal, max: 500 }),
        listAll("/eventroutes", { signal }),
        listAll("/endpoints", { signal }),
        api("/drift", { signal }),
      ]);
      if (signal.aborted) return;
      // Not signed in (the sign-in was cancelled): stop asking every few seconds.
      if ([conns, letters, routes, endpoints, drift].some(r => r.status === "rejected" && (r.reason?.status === 401 || r.reason?.status === 403))) {
        this.auto.checked = false;
        this.startTimer();
      }
      this.draw(this.connections, conns, v => this.connectionTable(v), "Connections");
      this.draw(this.letters, letters, v => this.letterTable(v, conns.status === "fulfilled" ? conns.value : []), "Dead letters");
      const delivery = routes.status === "rejected" ? routes : endpoints.status === "rejected" ? endpoints
        : { status: "fulfilled", value: { routes: routes.value, endpoints: endpoints.value } };
      this.draw(this.routes, delivery, v => this.routeTables(v.routes, v.endpoints), "Event routes");
      this.draw(this.drift, drift, v => this.driftTable(v), "Drift");
      this.updated.textContent = "Updated " + fmt.time(new Date().toISOString());
    } finally {
      this.busy = false;
    }
  }

  draw(box, result, render, what) {
    // Keep a focused control (and its row) when nothing changed in the data: a redraw would move the keyboard focus.
    const json = result.status === "fulfilled" ? JSON.stringify(result.value) : "error:" + (result.reason?.message || "");
    if (box.dataset.drawn === json) return;
    const focused = box.contains(document.activeElement) ? document.activeElement.id : null;
    box.dataset.drawn = json;
    clear(box);
    if (result.status === "rejected") box.append(errorView(result.reason, what));
    else box.append(render(result.value));
    if (focused) document.getElementById(focused)?.focus();
  }

  // ---- connections
  connectionTable(list) {
    return table({
      caption: `${list.length} connection${list.length === 1 ? "" : "s"}`,
      empty: "No connection. Add one with 'twinlab connections add' or PUT /connections/{id}.",
      columns: [
        { key: "id", label: "Connection", format: v => el("span", { class: "ops-mono" }, v) },
        { key: "type", label: "Kind" },
        { key: "state", label: "State", format: (v, r) => el("span", { "data-conn": r.id, "data-state": v }, badge(v, CONNECTION_STATES[v] || "info"),
          v === "standby" ? ` lease held by ${r.leaseHolder || "nobody"}` : null) },
        { key: "lag", label: "Lag (queued, oldest)", num: true, format: (v, r) => r.status ? `${fmt.int(r.status.queued)}, ${ms(r.status.oldestQueuedMs)}` : "–" },
        { key: "received", label: "Received", num: true, format: (v, r) => fmt.int(r.status?.received) },
        { key: "applied", label: "Applied", num: true, format: (v, r) => fmt.int(r.status?.applied) },
        { key: "duplicates", label: "Duplicates", num: true, format: (v, r) => fmt.int(r.status?.duplicates) },
        { key: "deadLetters", label: "Dead letters", num: true, format: v => fmt.int(v) },
        { key: "latency", label: "Latency p50 / p99", num: true, format: (v, r) => r.status ? `${ms(r.status.latencyP50Ms)} / ${ms(r.status.latencyP99Ms)}` : "–" },
        { key: "lastError", label: "Last error", format: (v, r) => r.status?.lastError
          ? el("span", { class: "ops-error" }, r.status.lastError, el("br"), el("small", { class: "muted", text: when(r.status.lastErrorTime) })) : "none" },
        { key: "actions", label: "Actions", format: (v, r) => el("span", { class: "ops-actions" }, r.paused
          ? el("button", { type: "button", id: `ops-resume-${r.id}`, text: "Resume", "aria-label": `Resume connection ${r.id}`, onClick: () => this.setPaused(r.id, false) })
          : el("button", { type: "button", id: `ops-pause-${r.id}`, text: "Pause", "aria-label": `Pause connection ${r.id}`, onClick: () => this.setPaused(r.id, true) })) },
      ],
      rows: list,
    });
  }

  async setPaused(id, paused) {
    try {
      await api(`/connections/${encodeURIComponent(id)}/${paused ? "pause" : "resume"}`, { method: "POST", signal: this.signal });
      toast(`Connection ${id} ${paused ? "paused" : "resumed"}.`);
    } catch (e) {
      if (!this.signal.aborted) toast(`Could not ${paused ? "pause" : "resume"} ${id}: ${e.message}`, "bad");
    }
    await this.refresh();
    document.getElementById(`ops-${paused ? "resume" : "pause"}-${id}`)?.focus();
  }

  // ---- dead letters
  letterTable(letters, connections) {
    const sources = [...new Set([...letters.map(l => l.source), ...connections.map(c => c.id)])].sort();
    const picker = el("select", { id: "ops-dl-source", onChange: () => { this.letterSource = picker.value; delete this.letters.dataset.drawn; this.refresh(); } },
      el("option", { value: "", text: "all sources" }), sources.map(s => el("option", { value: s, selected: s === this.letterSource, text: s })));
    const shown = this.letterSource ? letters.filter(l => l.source === this.letterSource) : letters;
    return el("div", {},
      el("p", { class: "row" }, el("label", { for: "ops-dl-source", text: "Source" }), picker),
      table({
        caption: `${shown.length} dead letter${shown.length === 1 ? "" : "s"}${letters.length >= 500 ? " (the newest 500)" : ""}`,
        empty: "No dead letters.",
        columns: [
          { key: "time", label: "Time", format: v => when(v) },
          { key: "source", label: "Source", format: v => el("span", { class: "ops-mono" }, v) },
          { key: "kind", label: "Kind" },
          { key: "reason", label: "Reason", format: (v, r) => el("span", { class: "ops-error", "data-letter": r.id }, v) },
          { key: "position", label: "Where", format: v => el("span", { class: "ops-mono" }, v || "–") },
          { key: "attempts", label: "Attempts", num: true },
          { key: "payload", label: "Payload", format: (v, r) => el("details", {}, el("summary", { text: "show" }),
            el("pre", { class: "ops-mono", text: r.payloadIsBase64 ? `(base64) ${v}` : v })) },
          { key: "actions", label: "Actions", format: (v, r) => el("span", { class: "ops-actions" },
            el("button", { type: "button", text: "Replay", "aria-label": `Replay dead letter ${r.id}`, onClick: () => this.replay(r) }),
            el("button", { type: "button", text: "Delete", "aria-label": `Delete dead letter ${r.id}`, onClick: () => this.deleteLetter(r) })) },
        ],
        rows: shown,
      }));
  }

  async replay(letter) {
    if (!(await this.confirm(`Replay the dead letter from ${letter.source} through its connection's mapping?`, "Replay"))) return;
    try {
      const r = await api(`/deadletters/${encodeURIComponent(letter.id)}/replay`, { method: "POST", signal: this.signal });
      toast(r.deleted ? `Replayed: ${r.status}; the dead letter is removed.` : `Still failing: ${r.reason}`, r.deleted ? "" : "bad");
    } catch (e) {
      if (!this.signal.aborted) toast(`Replay failed: ${e.message}`, "bad");
    }
    await this.refresh();
  }

  async deleteLetter(letter) {
    if (!(await this.confirm(`Delete the dead letter from ${letter.source} (${letter.reason})? Its message is lost.`, "Delete"))) return;
    try {
      await api(`/deadletters/${encodeURIComponent(letter.id)}`, { method: "DELETE", signal: this.signal });
      toast("Dead letter deleted.");
    } catch (e) {
      if (!this.signal.aborted) toast(`Delete failed: ${e.message}`, "bad");
    }
    await this.refresh();
  }

  /** A modal yes/no question (a <dialog>, keyboard-usable: Escape cancels). */
  confirm(question, action) {
    const d = this.confirmDialog;
    const opener = document.activeElement;
    return new Promise(resolve => {
      const done = ok => { d.close(); resolve(ok); if (opener && opener.isConnected) opener.focus(); };
      clear(d).append(el("p", { id: "ops-confirm-text", text: question }),
        el("div", { class: "actions" },
          el("button", { type: "button", class: "primary", id: "ops-confirm-ok", text: action, onClick: () => done(true) }),
          el("button", { type: "button", id: "ops-confirm-cancel", text: "Cancel", onClick: () => done(false) })));
      d.addEventListener("cancel", e => { e.preventDefault(); done(false); }, { once: true });
      d.showModal();
      document.getElementById("ops-confirm-cancel").focus();
    });
  }

  // ---- routes and endpoints
  routeTables(routes, endpoints) {
    const byName = new Map(endpoints.map(e => [e.name, e]));
    const input = el("input", { type: "search", id: "ops-route-filter", value: this.routeFilter, placeholder: "route, endpoint or filter text",
      onInput: () => { this.routeFilter = input.value; apply(); } });
    const routeBox = el("div");
    const apply = () => {
      const q = this.routeFilter.trim().toLowerCase();
      const rows = routes.map(r => {
        const e = byName.get(r.endpointName);
        const d = e?.delivery?.routes?.find(x => x.id === r.id);
        const state = !e ? "missing endpoint" : !e.delivery ? "–" : e.delivery.state === "streaming" ? "streaming"
          : d?.retrying ? "retrying" : d && (d.backlog > 0 || d.outboxBacklog > 0 || d.cursor === null) ? "behind" : d ? "up to date" : e.delivery.state;
        return { ...r, type: e?.type || "–", state, cursor: d?.cursor ?? null, backlog: d ? d.backlog + (d.outboxBacklog || 0) : null,
          delivered: d?.delivered ?? null, deadLettered: d?.deadLettered ?? null, lastError: d?.lastError || null, lastErrorTime: d?.lastErrorTime || null,
          nextAttempt: d?.nextAttempt || null };
      }).filter(r => !q || [r.id, r.endpointName, r.filter || ""].some(x => String(x).toLowerCase().includes(q)));
      clear(routeBox).append(table({
        caption: `${rows.length} of ${routes.length} route${routes.length === 1 ? "" : "s"}`,
        empty: routes.length ? "No route matches the filter." : "No event route. Add one with PUT /eventroutes/{id}.",
        columns: [
          { key: "id", label: "Route", format: v => el("span", { class: "ops-mono" }, v) },
          { key: "endpointName", label: "Endpoint", format: (v, r) => `${v} (${r.type})` },
          { key: "filter", label: "Filter", format: v => el("span", { class: "ops-mono" }, v || "(all)") },
          { key: "state", label: "Delivery", format: (v, r) => el("span", { "data-route": r.id, "data-state": v }, badge(v, DELIVERY_STATES[v] || "warn")) },
          { key: "cursor", label: "Cursor", num: true, format: v => v === null ? "–" : fmt.int(v) },
          { key: "backlog", label: "Cursor lag (events)", num: true, format: v => v === null ? "–" : fmt.int(v) },
          { key: "delivered", label: "Delivered", num: true, format: v => v === null ? "–" : fmt.int(v) },
          { key: "deadLettered", label: "Dead-lettered", num: true, format: v => v === null ? "–" : fmt.int(v) },
          { key: "lastError", label: "Last error", format: (v, r) => v
            ? el("span", { class: "ops-error" }, v, el("br"), el("small", { class: "muted", text: `${when(r.lastErrorTime)}${r.nextAttempt ? `; next attempt ${when(r.nextAttempt)}` : ""}` })) : "none" },
        ],
        rows,
      }));
    };
    apply();
    return el("div", {},
      el("p", { class: "row" }, el("label", { for: "ops-route-filter", text: "Filter routes" }), input),
      routeBox,
      el("h3", { text: "Endpoints" }),
      table({
        caption: `${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"}`,
        empty: "No endpoint. Add one with PUT /endpoints/{name}.",
        columns: [
          { key: "name", label: "Endpoint", format: v => el("span", { class: "ops-mono" }, v) },
          { key: "type", label: "Type" },
          { key: "target", label: "Target", format: (v, r) => el("span", { class: "ops-mono" }, r.url || r.topic || (r.type === "sse" ? `/events?endpoint=${r.name}` : "–")) },
          { key: "state", label: "Delivery", format: (v, r) => el("span", { "data-endpoint": r.name, "data-state": r.delivery?.state || "" }, r.delivery ? badge(r.delivery.state, DELIVERY_STATES[r.delivery.state] || "warn") : "–") },
          { key: "routes", label: "Routes", num: true, format: (v, r) => fmt.int(r.delivery?.routes?.length ?? 0) },
          { key: "backlog", label: "Backlog", num: true, format: (v, r) => fmt.int(r.delivery?.backlog) },
          { key: "delivered", label: "Delivered", num: true, format: (v, r) => fmt.int(r.delivery?.delivered) },
          { key: "lastError", label: "Last error", format: (v, r) => r.delivery?.lastError ? el("span", { class: "ops-error" }, r.delivery.lastError) : "none" },
        ],
        rows: endpoints,
      }));
  }

  // ---- drift
  driftTable(drift) {
    const series = drift.value || [];
    return el("div", {},
      drift.monitorError ? errorView({ message: drift.monitorError }, "Drift monitor") : null,
      table({
        caption: `${series.length} judged telemetr${series.length === 1 ? "y" : "ies"}`,
        empty: "No twin is watched for drift yet (it starts with a twin's first judged reading).",
        columns: [
          { key: "twinId", label: "Twin", format: v => el("a", { href: href("twin", v), text: v }) },
          { key: "telemetry", label: "Telemetry", format: (v, r) => r.component ? `${r.component}.${v}` : v },
          { key: "state", label: "Status", format: (v, r) => el("span", { "data-drift": r.twinId, "data-state": v },
            badge(v === "drifting" ? `drifting${r.direction ? " " + r.direction : ""}` : "in fit", v === "drifting" ? "bad" : "ok")) },
          { key: "statistic", label: "Statistic / threshold", num: true, format: (v, r) => (r.totalReadings ?? r.readings) ? `${fmt.fixed(v, 2)} / ${fmt.fixed(r.threshold, 2)}` : "no readings yet" },
          { key: "shareInside", label: "Inside band", num: true, format: v => v === null || v === undefined ? "–" : fmt.pct(v) },
          { key: "readings", label: "Readings", num: true, format: (v, r) => fmt.int(r.totalReadings ?? v) },
          { key: "last", label: "Last check", format: v => v ? when(v.time) : "–" },
          { key: "predictor", label: "Predictor" },
          { key: "lastError", label: "Last error", format: v => v ? el("span", { class: "ops-error" }, v) : "none" },
        ],
        rows: series,
      }));
  }
}
