// Page 'twin' (#/twin/ID): a twin's model, properties (with their last update times), components, outgoing and incoming
// relationships, and its telemetry as charts — the stored points first (the last day, or the last day of data), then
// live from /events. The header's branch is honoured throughout.
import { api, listAll, eventStream } from "../api.js";
import { el, clear, table, fmt, href, badge } from "../ui.js";
import * as charts from "../charts.js";
import { valueText, twinSummary } from "./twin-data.js";
import { shortModel } from "./explorer.js";

const DAY = 24 * 3600 * 1000;
const MAX_CHARTS = 12;

export default {
  route: "twin",
  title: "Twin",
  async render(root, { params, signal, branch }) {
    const id = params[0];
    if (!id) {
      root.append(el("h1", { text: "Twin" }), el("p", {}, "Choose a twin in the ", el("a", { href: "#/explorer", text: "explorer" }), "."));
      return;
    }
    const path = "/digitaltwins/" + encodeURIComponent(id);
    const q = { branch };
    const [twin, outgoing, incoming, names] = await Promise.all([
      api(path, { query: q, signal }),
      listAll(path + "/relationships", { query: q, signal }),
      listAll(path + "/incomingrelationships", { query: q, signal }),
      api(path + "/telemetry", { query: q, signal }),
    ]);
    const summary = twinSummary(twin);
    const model = twin.$metadata.$model;
    document.title = `${summary.name || id} · TwinLab`;

    const propsBox = el("div");
    const componentsBox = el("div");
    root.append(
      el("div", { class: "tw-head" },
        el("h1", {}, summary.name ? `${summary.name} ` : "", el("code", { class: "tw-id", text: id })),
        el("p", { class: "row" }, "Model ", el("a", { href: "#/explorer?model=" + encodeURIComponent(model), title: "Twins of this model", text: model }),
          branch !== "main" ? badge("branch " + branch, "warn") : null,
          el("span", { class: "muted", text: `ETag ${twin.$etag} · last updated ${fmt.time(twin.$metadata.$lastUpdateTime)}` }),
          el("a", { class: "button", href: href("history", id), text: "History of this twin" }))),
      el("div", { class: "grid tw-grid" },
        el("section", { class: "panel", "aria-labelledby": "tw-props" }, el("h2", { id: "tw-props", text: "Properties" }), propsBox),
        el("section", { class: "panel", "aria-labelledby": "tw-rels" }, el("h2", { id: "tw-rels", text: "Relationships" }),
          el("h3", { text: `Outgoing (${outgoing.length})` }), relationshipsTable(outgoing, "out"),
          el("h3", { text: `Incoming (${incoming.length})` }), relationshipsTable(incoming, "in"))),
      el("section", { class: "panel", "aria-labelledby": "tw-components" }, el("h2", { id: "tw-components", text: "Components" }), componentsBox));
    showProperties(twin);

    function showProperties(t) {
      clear(propsBox);
      clear(componentsBox);
      const meta = t.$metadata || {};
      const props = Object.entries(t).filter(([k, v]) => !k.startsWith("$") && !isComponent(v));
      propsBox.append(table({
        caption: "Property values and when each was last set",
        columns: [{ key: "name", label: "Property", sort: true }, { key: "value", label: "Value" }, { key: "updated", label: "Last updated (UTC)", sort: true }],
        rows: props.map(([k, v]) => ({ name: k, value: valueText(v), updated: fmt.time(meta[k]?.lastUpdateTime) })),
        empty: "No properties set.",
      }));
      const comps = Object.entries(t).filter(([k, v]) => !k.startsWith("$") && isComponent(v));
      if (!comps.length) componentsBox.append(el("p", { class: "muted", text: "This twin has no components." }));
      for (const [name, c] of comps) {
        const cm = c.$metadata || {};
        componentsBox.append(el("h3", { text: name }), table({
          columns: [{ key: "name", label: "Property" }, { key: "value", label: "Value" }, { key: "updated", label: "Last updated (UTC)" }],
          rows: Object.entries(c).filter(([k]) => k !== "$metadata").map(([k, v]) => ({ name: k, value: valueText(v), updated: fmt.time(cm[k]?.lastUpdateTime) })),
          empty: "No properties set.",
        }));
      }
    }

    // Telemetry: one chart per numeric series, stored points first, then live.
    const status = el("p", { class: "tw-live", role: "status", "data-state": "connecting" }, badge("connecting", "info"), " Opening the live stream…");
    const chartsBox = el("div", { class: "tw-charts" });
    root.append(el("section", { class: "panel", "aria-labelledby": "tw-telemetry" },
      el("h2", { id: "tw-telemetry", text: "Telemetry" }), status, chartsBox));
    const series = new Map(); // "component|name" → {x, y, handle, note}
    const now = Date.now();
    const numeric = names.names.filter(n => n.numeric).slice(0, MAX_CHARTS);
    if (!names.names.length) chartsBox.append(el("p", { class: "muted tw-no-telemetry", text: "No telemetry stored yet; new points appear here as they arrive." }));
    for (const n of names.names.filter(n => !n.numeric)) chartsBox.append(el("p", { class: "muted", text: `${label(n.component, n.name)}: ${fmt.int(n.count)} non-numeric values, last at ${fmt.time(n.last)}.` }));
    await Promise.all(numeric.map(async n => {
      const last = Date.parse(n.last);
      const to = Math.max(now, last + 1);
      const from = last < now - DAY ? last - DAY : now - DAY;
      const s = await api(path + "/telemetry", { query: { branch, name: n.name, component: n.component, from: new Date(from).toISOString(), to: new Date(to).toISOString() }, signal });
      addSeries(n.component, n.name, s.points.map(p => p[0]), s.points.map(p => p[1]), s.truncated ? s.total : null);
    }));

    function addSeries(component, name, xs, ys, total) {
      const key = (component || "") + "|" + name;
      const box = el("div", { class: "tw-chart", "data-series": label(component, name) });
      const note = el("p", { class: "tw-series-status" });
      chartsBox.querySelector(".tw-no-telemetry")?.remove();
      chartsBox.append(box);
      const entry = { x: xs.slice(), y: ys.slice(), handle: null, note, box, component, name };
      const holder = el("div");
      box.append(holder, note);
      if (typeof charts.lineChart === "function") {
        entry.handle = charts.lineChart(holder, {
          title: label(component, name), xLabel: "Time", yLabel: name, xType: "time", height: 240,
          series: [{ name, x: entry.x.slice(), y: entry.y.slice() }],
        });
      } else holder.append(el("h3", { class: "chart-title", text: label(component, name) }));
      series.set(key, entry);
      describe(entry, total);
      return entry;
    }

    function describe(entry, total) {
      const n = entry.x.length;
      entry.note.dataset.count = String(n);
      entry.note.textContent = n
        ? `${fmt.int(n)} points${total ? ` (of ${fmt.int(total)})` : ""} · latest ${fmt.num(entry.y[n - 1], 4)} at ${fmt.time(new Date(entry.x[n - 1]).toISOString())}`
        : "No points in this range yet.";
      entry.note.dataset.latest = n ? String(entry.y[n - 1]) : "";
    }

    const seen = new Set(); // "component|name|t|value" of live points, against a replayed duplicate
    function onTelemetry(ev) {
      const data = ev.data && typeof ev.data === "object" ? ev.data : null;
      if (!data) return;
      const component = ev.subject && ev.subject !== id ? ev.subject : null;
      const t = Date.parse(ev.time) || Date.now();
      for (const [name, v] of Object.entries(data)) {
        if (typeof v !== "number") continue;
        const key = (component || "") + "|" + name;
        if (seen.has(key + "|" + t + "|" + v)) continue;
        seen.add(key + "|" + t + "|" + v);
        let entry = series.get(key);
        if (!entry) {
          if (series.size >= MAX_CHARTS) continue;
          entry = addSeries(component, name, [], [], null);
        }
        entry.x.push(t);
        entry.y.push(v);
        if (entry.handle) entry.handle.append(0, [t], [v]);
        describe(entry, null);
      }
    }

    // Resume from the log position the telemetry was read at, so nothing committed since is missed.
    eventStream({ twin: id, type: "telemetry,twin", branch }, {
      signal,
      lastEventId: names.sequence,
      onOpen() { status.dataset.state = "live"; clear(status).append(badge("live", "ok"), " Live: new telemetry and changes to this twin appear as they happen."); },
      onError(e) { status.dataset.state = "reconnecting"; clear(status).append(badge("reconnecting", "warn"), ` The live stream dropped (${e.message}); reconnecting…`); },
      onEvent(ev, { type }) {
        if (type === "microsoft.iot.telemetry") onTelemetry(ev);
        else if (type.startsWith("Microsoft.DigitalTwins.Twin.") && type.endsWith("Update"))
          api(path, { query: q, signal }).then(showProperties).catch(() => {});
      },
    });
    signal.addEventListener("abort", () => { for (const s of series.values()) s.handle?.destroy?.(); });
  },
};

function isComponent(v) { return v && typeof v === "object" && !Array.isArray(v) && "$metadata" in v; }

function label(component, name) { return component ? `${component} / ${name}` : name; }

function relationshipsTable(rels, direction) {
  const other = direction === "out" ? "$targetId" : "$sourceId";
  return table({
    columns: [
      { key: "$relationshipName", label: "Name", sort: true },
      { key: other, label: direction === "out" ? "Target" : "Source", sort: true, format: v => el("a", { href: href("twin", v), text: v }) },
      { key: "$relationshipId", label: "Id" },
      ...(direction === "out" ? [{ key: "props", label: "Properties", format: (_, r) => Object.entries(r).filter(([k]) => !k.startsWith("$")).map(([k, v]) => `${k}: ${valueText(v)}`).join(", ") }] : []),
    ],
    rows: rels,
    empty: direction === "out" ? "No outgoing relationships." : "No incoming relationships.",
  });
}

