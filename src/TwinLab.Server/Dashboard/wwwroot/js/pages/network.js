// Page 'network': the network security twin — the attack graph with entry points and crown jewels, the likeliest attack
// paths, the risk per crown jewel, what-ifs (changes tried on a copy, before and after side by side) and the cheapest
// recommended defences. Data: /domains/network (see docs/server.md "Network security").
import { api } from "../api.js";
import { el, clear, fmt, table, kpi, badge, errorView, loading, toast } from "../ui.js";
import { graphView } from "../graph.js";
import { barChart, palette } from "../charts.js";

const KIND_LABELS = {
  "patch": "Patch a vulnerability",
  "close-port": "Close a port",
  "block-flow": "Block a firewall flow",
  "remove-trust": "Remove a trust",
  "remove-credential": "Purge a stored credential",
  "isolate-host": "Isolate a host",
  "move-host": "Move a host",
};

const GROUP_LABELS = {
  entry: "attacker start", vulnerability: "vulnerability", service: "open service", privilege: "code execution",
  credential: "credential", group: "host group", asset: "asset compromised",
};

const prob = p => fmt.fixed(p, 3);
const money = v => fmt.num(v, 0);

export default {
  route: "network",
  title: "Network security",
  async render(root, { params, signal, branch, navigate }) {
    root.append(el("h1", { text: "Network security" }));
    const status = loading("Reading the networks…");
    root.append(status);
    let list;
    try {
      list = (await api("/domains/network", { query: { branch }, signal })).value || [];
    } catch (e) {
      status.replaceWith(errorView(e, "Networks"));
      return;
    }
    if (!list.length) {
      status.replaceWith(el("div", { class: "panel" },
        el("p", { text: `No network is stored on branch '${branch}'.` }),
        el("p", { class: "muted" }, "Import one with ", el("code", { text: "twinlab network import --scan scan.xml --topology topology.yaml" }),
          " (or run ", el("code", { text: "twinlab demo" }), ").")));
      return;
    }
    const chosen = list.find(n => n.id === params[0]) || list.find(n => n.analysable) || list[0];
    if (list.length > 1) {
      const picker = el("select", { id: "net-picker", onChange: () => navigate("network/" + encodeURIComponent(picker.value)) },
        list.map(n => el("option", { value: n.id, selected: n.id === chosen.id, text: `${n.name} (${n.id})` })));
      root.insertBefore(el("p", { class: "row" }, el("label", { for: "net-picker", text: "Network" }), picker), status);
    }
    if (!chosen.analysable) {
      status.replaceWith(el("div", { class: "panel" }, el("p", { text: chosen.reason || "This network cannot be analysed." })));
      return;
    }
    status.textContent = "Building the attack graph and estimating the risk…";
    let view;
    try {
      view = await api("/domains/network/" + encodeURIComponent(chosen.id), { query: { branch }, signal });
    } catch (e) {
      status.replaceWith(errorView(e, "Attack graph"));
      return;
    }
    status.remove();
    const page = new NetworkPage(root, view, branch, signal);
    await page.loadRecommendations();
  },
};

class NetworkPage {
  constructor(root, view, branch, signal) {
    this.view = view;
    this.branch = branch;
    this.signal = signal;
    this.selection = [];
    this.url = "/domains/network/" + encodeURIComponent(view.id);
    this.jewels = view.crownJewels;
    this.baseHighlight = new Map(view.graph.nodes.filter(n => n.highlight).map(n => [n.id, n.highlight]));

    root.append(el("p", { class: "muted" },
      `${view.name} on branch '${view.branch}': ${fmt.int(view.hosts)} hosts in ${fmt.int(view.zones)} zones; the attacker starts at ${view.attackerStarts.join(", ")}. ` +
      `Probabilities are the Monte Carlo attacker's (${fmt.int(view.risk.replications)} runs, seed ${view.risk.seed}) with 95% intervals; costs: ${view.costs === "default" ? "default hours per kind of change" : view.costs.split(/[\\/]/).pop() + " beside the topology"}.`));
    const cj = view.risk.assets.filter(a => a.crownJewel);
    root.append(el("div", { class: "kpis" },
      kpi("Hosts", fmt.int(view.hosts), `${fmt.int(view.zones)} zones`),
      kpi("Vulnerabilities", fmt.int(view.vulnerabilities), `${fmt.int(view.knownExploited)} known exploited (KEV)`),
      kpi("Crown jewels", fmt.int(this.jewels.length), `${cj.filter(a => a.compromiseProbability > 0).length} reachable`),
      kpi("Expected loss, crown jewels", money(view.risk.crownJewelExpectedLoss), `all assets ${money(view.risk.totalExpectedLoss)}`)));

    this.renderGraph(root);
    this.renderRisk(root);
    this.renderPaths(root);
    this.renderWhatIf(root);
    this.recBox = el("section", { class: "panel", "aria-labelledby": "net-rec-h" },
      el("h2", { id: "net-rec-h", text: "Recommended measures" }), loading("Finding the cheapest defences…"));
    root.append(this.recBox);
    if (view.notes.length)
      root.append(el("details", { class: "panel" }, el("summary", { text: `Analysis notes (${view.notes.length})` }),
        el("ul", {}, view.notes.map(n => el("li", { text: n })))));
  }

  // ---- attack graph
  renderGraph(root) {
    const view = this.view;
    const box = el("div", { id: "net-graph" });
    const pathPicker = el("select", { id: "net-path-target", onChange: () => this.showLikeliest(pathPicker.value) },
      el("option", { value: "", text: "none" }),
      this.jewels.map(j => el("option", { value: j, text: j })));
    this.pathPicker = pathPicker;
    this.pathNote = el("p", { class: "hint", id: "net-path-note", "aria-live": "polite" });
    root.append(el("section", { class: "panel", "aria-labelledby": "net-graph-h" },
      el("h2", { id: "net-graph-h", text: "Attack graph" }),
      el("p", { class: "hint", text: "What the attacker can gain, step by step: open services, vulnerabilities, code execution, credentials and compromised assets. " +
        "Edges are exploits (solid), network reachability and logical steps; crown jewels and attacker starts are marked by shape and colour." }),
      el("p", { class: "row" }, el("label", { for: "net-path-target", text: "Highlight the likeliest path to" }), pathPicker),
      this.pathNote, box));
    this.graph = graphView(box, {
      nodes: view.graph.nodes.map(n => ({ id: n.id, label: n.label, group: GROUP_LABELS[n.group] || n.group, highlight: n.highlight || null,
        size: n.group === "asset" || n.group === "entry" ? 3 : n.group === "privilege" ? 1.6 : 1 })),
      edges: view.graph.edges.map(e => ({ source: e.source, target: e.target, kind: e.kind, label: e.technique ? `${e.rule} (${e.technique})` : e.rule })),
      height: 520, directed: true,
    });
    this.signal.addEventListener("abort", () => this.graph.destroy(), { once: true });
    const first = this.jewels.find(j => view.paths.find(p => p.host === j)?.mostLikely);
    if (first) { pathPicker.value = first; this.showLikeliest(first); }
  }

  /** Highlights a path on the graph (nodes marked "path", crown jewels and entries keep their marks). */
  highlightPath(path, note) {
    const map = new Map(this.baseHighlight);
    for (const id of path ? path.nodes : []) if (!map.has(id)) map.set(id, "path");
    this.graph.setHighlight(map);
    this.graph.setEdgeHighlight(new Set(path ? path.edges : []));
    this.pathNote.textContent = note || "";
  }

  showLikeliest(host, paths = this.view.paths) {
    const target = paths.find(p => p.host === host);
    if (!host) { this.highlightPath(null, ""); return; }
    if (!target || !target.mostLikely) { this.highlightPath(null, `${host} cannot be compromised.`); return; }
    const p = target.mostLikely;
    this.highlightPath(p, `Likeliest path to ${host}: p = ${prob(p.probability)}, ${p.actionCount} attacker action${p.actionCount === 1 ? "" : "s"} (${p.techniques.join(" → ")}).`);
  }

  // ---- risk
  renderRisk(root) {
    const risk = this.view.risk;
    const chartBox = el("div", { id: "net-risk-chart" });
    const jewels = risk.assets.filter(a => a.crownJewel);
    root.append(el("section", { class: "panel", "aria-labelledby": "net-risk-h" },
      el("h2", { id: "net-risk-h", text: "Risk per crown jewel" }), chartBox,
      el("h3", { text: "Every asset" }),
      table({
        caption: "Compromise probability (95% interval) and expected loss (value × probability)",
        columns: [
          { key: "host", label: "Asset", format: (v, r) => el("span", {}, v, " ", r.crownJewel ? badge("crown jewel", "bad") : null) },
          { key: "value", label: "Value", num: true, sort: true, format: money },
          { key: "compromiseProbability", label: "P(compromise)", num: true, sort: true, format: (v, r) => el("span", { "data-host": r.host, "data-p": String(v) }, prob(v)) },
          { key: "probabilityLow", label: "95% interval", num: true, format: (v, r) => `${prob(v)} – ${prob(r.probabilityHigh)}` },
          { key: "expectedLoss", label: "Expected loss", num: true, sort: true, format: money },
          { key: "shortestActions", label: "Fewest actions", num: true, format: v => v ?? "unreachable" },
        ],
        rows: risk.assets,
      })));
    this.riskChart = barChart(chartBox, {
      title: "P(compromise) per crown jewel, with 95% intervals", xLabel: "probability of compromise", format: prob,
      items: jewels.map(a => ({ label: a.host, value: a.compromiseProbability, lo: a.probabilityLow, hi: a.probabilityHigh, color: palette[5] })),
    });
    this.signal.addEventListener("abort", () => this.riskChart.destroy(), { once: true });
  }

  // ---- paths
  renderPaths(root) {
    const target = el("select", { id: "net-paths-target", onChange: () => draw() }, this.jewels.map(j => el("option", { value: j, text: j })));
    const box = el("div");
    root.append(el("section", { class: "panel", "aria-labelledby": "net-paths-h" },
      el("h2", { id: "net-paths-h", text: "Attack paths" }),
      el("p", { class: "row" }, el("label", { for: "net-paths-target", text: "Paths to" }), target), box));
    const draw = () => {
      clear(box);
      const t = this.view.paths.find(p => p.host === target.value);
      if (!t || !t.reachable) { box.append(el("p", { text: `${target.value} cannot be compromised from the attacker's starts.` })); return; }
      box.append(this.pathTable(t.paths, t, `Minimal attack paths to ${t.host}${t.truncated ? " (more exist)" : ""}`));
    };
    draw();
  }

  pathTable(paths, target, caption, status = {}) {
    return table({
      caption,
      columns: [
        { key: "rank", label: "#", num: true },
        { key: "probability", label: "Probability", num: true, sort: true, format: prob },
        { key: "actionCount", label: "Actions", num: true, sort: true },
        { key: "steps", label: "Steps", format: (steps, r) => el("span", {},
          status[r.key] ? badge(status[r.key], status[r.key] === "removed" ? "ok" : "bad") : null, status[r.key] ? " " : null,
          el("span", { class: status[r.key] === "removed" ? "net-removed" : null },
            steps.map(s => `${s.conclusion}${s.technique ? ` [${s.technique}]` : ""}`).join(" → "))) },
        { key: "key", label: "Graph", format: (k, r) => el("button", { type: "button", class: "link", text: "show",
          "aria-label": `Show path ${r.rank} to ${target.host} on the graph`,
          onClick: () => { this.highlightPath(r, `Path ${r.rank} to ${target.host}: p = ${prob(r.probability)}.`); document.getElementById("net-graph")?.focus(); } }) },
      ],
      rows: paths.map((p, i) => ({ ...p, rank: i + 1 })),
      empty: "No path.",
    });
  }

  // ---- what-if
  renderWhatIf(root) {
    const kinds = [...new Set(this.view.changes.map(c => c.kind))];
    const kind = el("select", { id: "net-wi-kind", onChange: () => fill() }, kinds.map(k => el("option", { value: k, text: KIND_LABELS[k] || k })));
    const change = el("select", { id: "net-wi-change" });
    const fill = () => {
      clear(change);
      for (const c of this.view.changes.filter(x => x.kind === kind.value))
        change.append(el("option", { value: c.id, text: `${c.description || c.id} — ${fmt.num(c.hours, 1)} h${c.urgent ? " (urgent: KEV)" : ""}${c.excluded ? " (business says no)" : ""}` }));
    };
    fill();
    this.chosenList = el("ul", { class: "net-chosen", id: "net-wi-chosen", "aria-live": "polite" });
    this.applyButton = el("button", { type: "button", class: "primary", id: "net-wi-apply", text: "Apply what-if", disabled: true, onClick: () => this.applyWhatIf() });
    this.whatIfResult = el("div", { id: "net-wi-result", "aria-live": "polite" });
    root.append(el("section", { class: "panel", "aria-labelledby": "net-wi-h" },
      el("h2", { id: "net-wi-h", text: "What-if" }),
      el("p", { class: "hint", text: "Pick changes, then apply: the attack graph, paths and risk are recomputed on a copy (the twin is not changed), with the same random seed before and after." }),
      el("div", { class: "row" },
        el("label", { for: "net-wi-kind", text: "Kind" }), kind,
        el("label", { for: "net-wi-change", text: "Change" }), change,
        el("button", { type: "button", id: "net-wi-add", text: "Add", onClick: () => this.addChange(change.value) })),
      el("h3", { text: "Changes to try" }), this.chosenList,
      el("div", { class: "row" }, this.applyButton,
        el("button", { type: "button", text: "Clear", onClick: () => { this.selection = []; this.renderChosen(); clear(this.whatIfResult); this.showLikeliest(this.pathPicker.value); } })),
      this.whatIfResult));
    this.renderChosen();
  }

  addChange(id) {
    if (!id || this.selection.includes(id)) return;
    this.selection.push(id);
    this.renderChosen();
  }

  renderChosen() {
    clear(this.chosenList);
    if (!this.selection.length) this.chosenList.append(el("li", { class: "muted", text: "None yet." }));
    for (const id of this.selection) {
      const c = this.view.changes.find(x => x.id === id);
      this.chosenList.append(el("li", {}, el("code", { text: id }), c?.description ? ` — ${c.description}` : "", " ",
        el("button", { type: "button", class: "link", text: "remove", "aria-label": `Remove ${id}`,
          onClick: () => { this.selection = this.selection.filter(x => x !== id); this.renderChosen(); } })));
    }
    this.applyButton.disabled = this.selection.length === 0;
  }

  async applyWhatIf() {
    const changes = [...this.selection];
    clear(this.whatIfResult).append(loading("Recomputing paths and risk…"));
    this.applyButton.disabled = true;
    try {
      const r = await api(this.url + "/whatif", { method: "POST", query: { branch: this.branch }, body: { changes }, signal: this.signal });
      this.renderWhatIfResult(r);
    } catch (e) {
      if (this.signal.aborted) return;
      clear(this.whatIfResult).append(errorView(e, "What-if"));
    } finally {
      this.applyButton.disabled = this.selection.length === 0;
    }
  }

  renderWhatIfResult(r) {
    const box = clear(this.whatIfResult);
    box.dataset.changes = r.changes.map(c => c.change.id).join(",");
    const b = r.before.risk, a = r.after.risk;
    box.append(el("h3", { text: "Before and after" }),
      el("div", { class: "kpis" },
        kpi("Expected loss, crown jewels", `${money(b.crownJewelExpectedLoss)} → ${money(a.crownJewelExpectedLoss)}`, `reduced by ${money(r.crownJewelRiskReduction)}`),
        kpi("Expected loss, all assets", `${money(b.totalExpectedLoss)} → ${money(a.totalExpectedLoss)}`, `reduced by ${money(r.riskReduction)}`),
        kpi("Hosts the attacker can take", `${r.before.compromisableHosts} → ${r.after.compromisableHosts}`),
        kpi("Cost", `${fmt.num(r.hours, 1)} h`, `${r.changes.length} change${r.changes.length === 1 ? "" : "s"}`)));
    if (r.protected.length) box.append(el("p", {}, badge("protected", "ok"), " ", r.protected.join(", ")));
    if (r.exposed.length) box.append(el("p", {}, badge("newly exposed", "bad"), " ", r.exposed.join(", ")));
    const afterBy = new Map(a.assets.map(x => [x.host, x]));
    const rows = b.assets.map(x => ({ host: x.host, crownJewel: x.crownJewel, before: x.compromiseProbability, after: afterBy.get(x.host)?.compromiseProbability ?? 0,
      beforeLo: x.probabilityLow, beforeHi: x.probabilityHigh, lo: afterBy.get(x.host)?.probabilityLow ?? 0, hi: afterBy.get(x.host)?.probabilityHigh ?? 0 }));
    box.append(table({
      caption: "P(compromise) before and after",
      columns: [
        { key: "host", label: "Asset", format: (v, row) => el("span", {}, v, " ", row.crownJewel ? badge("crown jewel", "bad") : null) },
        { key: "before", label: "Before", num: true, format: (v, row) => el("span", { "data-host": row.host, "data-before": String(v) }, prob(v)) },
        { key: "after", label: "After", num: true, format: (v, row) => el("span", { "data-host": row.host, "data-after": String(v) }, prob(v)) },
        { key: "delta", label: "Change", num: true, format: (v, row) => {
          const d = row.after - row.before;
          if (d === 0) return "none";
          // Overlapping 95% intervals: the difference may be sampling noise of the Monte Carlo attacker, not the change.
          const noise = row.lo <= row.beforeHi && row.beforeLo <= row.hi;
          return `${d < 0 ? "▼ " : "▲ "}${prob(Math.abs(d))}${noise ? " (within sampling error)" : ""}`;
        } },
      ],
      rows,
    }));
    const chartBox = el("div", { id: "net-wi-chart" });
    box.append(chartBox);
    const items = [];
    for (const row of rows.filter(x => x.crownJewel)) {
      const before = b.assets.find(x => x.host === row.host);
      items.push({ label: `${row.host} before`, value: row.before, lo: before.probabilityLow, hi: before.probabilityHigh, color: palette[5] });
      items.push({ label: `${row.host} after`, value: row.after, lo: row.lo, hi: row.hi, color: palette[0] });
    }
    const chart = barChart(chartBox, { title: "Crown jewels: P(compromise) before and after", xLabel: "probability of compromise", format: prob, items });
    this.signal.addEventListener("abort", () => chart.destroy(), { once: true });

    box.append(el("h3", { text: "Paths to the crown jewels" }));
    for (const change of r.pathChanges) {
      const before = r.before.paths.find(p => p.host === change.host);
      const after = r.after.paths.find(p => p.host === change.host);
      const status = {};
      for (const k of change.removed) status[k] = "removed";
      for (const k of change.added) status[k] = "new";
      const removed = (before?.paths || []).filter(p => status[p.key] === "removed");
      const shown = [...(after?.paths || []), ...removed];
      const listed = n => `${n}${after?.truncated ? "+" : ""}`;
      const summary = after?.reachable
        ? `${change.host}: ${change.removed.length} path${change.removed.length === 1 ? "" : "s"} removed, ${change.added.length} new; ${listed(after.paths.length)} path${after.paths.length === 1 ? "" : "s"} left (likeliest p = ${prob(after.mostLikely?.probability ?? 0)})`
        : `${change.host}: no path left (${change.removed.length} removed)`;
      box.append(el("details", { class: "net-path-change", open: change.removed.length + change.added.length > 0, "data-host": change.host },
        el("summary", { text: summary }),
        this.pathTable(shown, { host: change.host }, `Paths to ${change.host} after the changes (removed ones struck through)`, status)));
    }
    // On the graph: the likeliest path after the changes to the chosen crown jewel.
    const host = this.pathPicker.value || this.jewels[0];
    if (host) this.showLikeliest(host, r.after.paths);
    if (host && !r.after.paths.find(p => p.host === host)?.mostLikely) this.highlightPath(null, `After the changes ${host} cannot be compromised.`);
  }

  // ---- recommendations
  async loadRecommendations() {
    let rec;
    try {
      rec = await api(this.url + "/recommendations", { query: { branch: this.branch }, signal: this.signal });
    } catch (e) {
      if (this.signal.aborted) return;
      clear(this.recBox).append(el("h2", { id: "net-rec-h", text: "Recommended measures" }), errorView(e, "Recommendations"));
      return;
    }
    const box = clear(this.recBox);
    box.append(el("h2", { id: "net-rec-h", text: "Recommended measures" }));
    if (!rec.measures.length) {
      box.append(el("p", { text: rec.status === "NothingToCut" ? "No crown jewel can be reached: nothing to cut." : "No measure found." }));
      return;
    }
    const how = { Optimal: "proved cheapest", Feasible: "best found within the search limit", Greedy: "greedy (network too large for the exact search)" }[rec.status] || rec.status;
    box.append(el("p", {},
      `The cheapest set of changes that cuts every attack path to ${rec.goals.join(", ")} (${how}): ${rec.measures.length} change${rec.measures.length === 1 ? "" : "s"}, ` +
      `${fmt.num(rec.hours, 1)} h of work; expected loss ${money(rec.riskBefore)} → ${money(rec.riskAfter)}.`),
      ...(rec.uncuttable.length ? [el("p", { class: "hint", text: `No candidate change protects: ${rec.uncuttable.join(", ")}.` })] : []));
    box.append(table({
      caption: "Recommended measures, each with the attack paths it breaks",
      columns: [
        { key: "id", label: "Change", format: (v, r) => el("span", {}, el("code", { text: v }), r.change.urgent ? el("span", {}, " ", badge("urgent: KEV", "bad")) : null) },
        { key: "description", label: "What", format: (v, r) => r.change.description || "" },
        { key: "hours", label: "Hours", num: true, sort: true, format: v => fmt.num(v, 1) },
        { key: "riskReduction", label: "Risk reduction alone (graph estimate)", num: true, sort: true, format: v => fmt.num(v, 1) },
        { key: "pathsRemoved", label: "Paths broken", num: true, sort: true, format: (v, r) => `${v}${r.pathsTruncated ? "+" : ""}` },
        { key: "evidence", label: "Evidence", format: (ev, r) => el("details", {}, el("summary", { text: `${ev.length} path${ev.length === 1 ? "" : "s"}` }),
          el("ul", { class: "net-evidence" }, ev.map(p => el("li", { text: `${p.goal}: ${p.key} (p = ${prob(p.probability)})` })))) },
        { key: "try", label: "Try", format: (v, r) => el("button", { type: "button", text: "Try as what-if", "aria-label": `Try as what-if: ${r.id}`,
          onClick: () => this.tryChanges([r.id]) }) },
      ],
      rows: rec.measures.map(m => ({ ...m, id: m.change.id, hours: m.change.hours })),
    }));
    box.append(el("p", {}, el("button", { type: "button", id: "net-rec-try-all", class: "primary", text: "Try all as a what-if",
      onClick: () => this.tryChanges(rec.measures.map(m => m.change.id)) })));
  }

  tryChanges(ids) {
    this.selection = [...ids];
    this.renderChosen();
    document.getElementById("net-wi-h")?.scrollIntoView({ block: "start" });
    toast(`Trying ${ids.length} change${ids.length === 1 ? "" : "s"} as a what-if.`);
    return this.applyWhatIf();
  }
}
