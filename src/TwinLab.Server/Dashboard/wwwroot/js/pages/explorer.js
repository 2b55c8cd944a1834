// Page 'explorer' (#/explorer?model=…&text=…&query=…): find twins by model, id/name and property conditions. The form
// builds an ADT query that the user sees and may edit before running it; the results are a table and an interactive
// graph of the matching twins with their neighbours (or of the whole graph), coloured by model.
import { api, listAll, queryAll } from "../api.js";
import { el, clear, table, fmt, href, loading, errorView, badge } from "../ui.js";
import { loadGraph, modelLabel, twinSummary, propertyNames } from "./twin-data.js";

const OPERATORS = [
  ["=", "="], ["!=", "≠"], [">", ">"], [">=", "≥"], ["<", "<"], ["<=", "≤"],
  ["contains", "contains"], ["startswith", "starts with"], ["defined", "is defined"],
];
const PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const RESULT_CAP = 5000;

/** An ADT query string literal: single-quoted, with \ and ' escaped. */
export function literal(text) { return "'" + String(text).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'"; }

/** A condition's value as a query literal: numbers and true/false as such, anything else as a string. */
function valueLiteral(text) {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return t;
  if (t === "true" || t === "false" || t === "null") return t;
  return literal(t);
}

/**
 * The ADT query of a filter: {model, text, conditions: [{property, op, value}]}. Throws an Error naming the field when
 * a condition is not usable (the message is shown next to the form).
 */
export function buildQuery({ model, text, conditions }) {
  const where = [];
  if (model) where.push(`IS_OF_MODEL(T, ${literal(model)})`);
  if (text && text.trim()) {
    const s = literal(text.trim());
    where.push(`(CONTAINS(T.$dtId, ${s}) OR CONTAINS(T.name, ${s}) OR CONTAINS(T.displayName, ${s}))`);
  }
  conditions.forEach((c, i) => {
    const property = c.property.trim();
    if (!property && !c.value.trim()) return;
    if (!PATH.test(property)) throw new Error(`Condition ${i + 1}: the property '${property}' is not a property name or path such as temperature or thermostat.setpoint.`);
    const path = "T." + property;
    if (c.op === "defined") { where.push(`IS_DEFINED(${path})`); return; }
    if (!c.value.trim()) throw new Error(`Condition ${i + 1}: give a value for ${property}.`);
    if (c.op === "contains") where.push(`CONTAINS(${path}, ${literal(c.value.trim())})`);
    else if (c.op === "startswith") where.push(`STARTSWITH(${path}, ${literal(c.value.trim())})`);
    else where.push(`${path} ${c.op} ${valueLiteral(c.value)}`);
  });
  return "SELECT * FROM DIGITALTWINS T" + (where.length ? " WHERE " + where.join(" AND ") : "");
}

export default {
  route: "explorer",
  title: "Twins",
  async render(root, { query, signal, branch, navigate }) {
    root.append(el("h1", { text: "Twins" }));
    // The page is ready when the form and the results are: the graph's data and its drawing code (graph.js and the
    // chart palette, about 100 KB) load beside them and the graph is drawn when both have arrived; the model
    // definitions (only the property suggestions need them) load after the first results.
    const graphReady = Promise.all([loadGraph(branch, signal), import("../graph.js")]);
    graphReady.catch(() => {}); // reported in the graph's panel (drawGraph)
    // The first query starts now too: it depends only on the address, not on the form built below.
    const first = firstQuery(query);
    const firstItems = first ? queryAll(first, { signal, branch, max: RESULT_CAP }) : null;
    firstItems?.catch(() => {}); // run() reports it
    const models = await listAll("/models", { query: { branch }, signal });

    // The filter form.
    const modelSelect = el("select", { id: "ex-model" }, el("option", { value: "", text: "Any model" }),
      [...models].sort((a, b) => modelLabel(a).localeCompare(modelLabel(b))).map(m => el("option", { value: m.id, text: `${modelLabel(m)} (${m.id})` })));
    modelSelect.value = query.get("model") || "";
    const textInput = el("input", { id: "ex-text", type: "search", value: query.get("text") || "", placeholder: "e.g. room-1 or Office", autocomplete: "off" });
    const propertyList = el("datalist", { id: "ex-properties" });
    const conditionsBox = el("div", { class: "ex-conditions" });
    const queryText = el("textarea", { id: "ex-query", class: "ex-query", rows: 3, spellcheck: "false" });
    const formError = el("p", { class: "ex-form-error", role: "alert" });
    const runButton = el("button", { type: "submit", class: "primary", text: "Run query" });
    let edited = false; // the user typed in the query box: keep their text until the form changes again

    function addCondition(c = { property: "", op: "=", value: "" }) {
      const n = conditionsBox.children.length + 1;
      const property = el("input", { type: "text", value: c.property, list: "ex-properties", "aria-label": `Condition ${n} property`, placeholder: "property", class: "ex-prop", autocomplete: "off" });
      const op = el("select", { "aria-label": `Condition ${n} operator`, class: "ex-op" }, OPERATORS.map(([v, label]) => el("option", { value: v, text: label })));
      op.value = c.op;
      const value = el("input", { type: "text", value: c.value, "aria-label": `Condition ${n} value`, placeholder: "value", class: "ex-value", autocomplete: "off" });
      const row = el("div", { class: "ex-condition", role: "group", "aria-label": `Condition ${n}` }, property, op, value,
        el("button", { type: "button", class: "ex-remove", "aria-label": `Remove condition ${n}`, text: "Remove", onClick: () => { row.remove(); regenerate(); } }));
      for (const input of [property, op, value]) input.addEventListener("input", regenerate);
      op.addEventListener("change", () => { value.disabled = op.value === "defined"; regenerate(); });
      value.disabled = op.value === "defined";
      conditionsBox.append(row);
    }
    function conditions() {
      return [...conditionsBox.querySelectorAll(".ex-condition")].map(row => ({
        property: row.querySelector(".ex-prop").value, op: row.querySelector(".ex-op").value, value: row.querySelector(".ex-value").value,
      }));
    }
    function regenerate() {
      edited = false;
      formError.textContent = "";
      try { queryText.value = buildQuery({ model: modelSelect.value, text: textInput.value, conditions: conditions() }); }
      catch (e) { formError.textContent = e.message; }
    }
    let definitions = null; // the models with their DTDL, fetched once the results are shown
    function refreshProperties() {
      clear(propertyList);
      if (!definitions) return;
      for (const name of propertyNames(definitions, modelSelect.value)) propertyList.append(el("option", { value: name }));
    }
    for (const c of parseConditions(query.get("where"))) addCondition(c);
    if (!conditionsBox.children.length) addCondition();
    modelSelect.addEventListener("change", () => { refreshProperties(); regenerate(); });
    textInput.addEventListener("input", regenerate);
    queryText.addEventListener("input", () => { edited = true; });
    refreshProperties();
    regenerate();
    if (query.get("query")) { queryText.value = query.get("query"); edited = true; }

    const form = el("form", { class: "panel ex-form", "aria-labelledby": "ex-filter-title" },
      el("h2", { id: "ex-filter-title", text: "Find twins" }),
      el("div", { class: "ex-fields" },
        el("div", { class: "ex-field" }, el("label", { for: "ex-model", text: "Model (derived models included)" }), modelSelect),
        el("div", { class: "ex-field" }, el("label", { for: "ex-text", text: "Id or name contains" }), textInput)),
      el("fieldset", { class: "ex-fieldset" }, el("legend", { text: "Property conditions (all must hold)" }), conditionsBox,
        el("button", { type: "button", text: "Add condition", onClick: () => { addCondition(); conditionsBox.lastElementChild.querySelector("input").focus(); } }), propertyList),
      formError,
      el("label", { for: "ex-query", text: "ADT query (edit it, then run)" }), queryText,
      el("div", { class: "row" }, runButton, el("button", { type: "button", text: "Reset", onClick: () => navigate("#/explorer") }),
        el("span", { class: "hint", text: "Conditions compare the twin's own properties; a path such as thermostat.setpoint reads a component." })));
    form.addEventListener("submit", e => { e.preventDefault(); run(); });

    // Results, graph and the side summary.
    const count = el("p", { class: "ex-count", role: "status", "aria-live": "polite" });
    const resultsBox = el("div", { class: "ex-results" });
    const scope = el("select", { id: "ex-scope" }, el("option", { value: "results", text: "Results and their neighbours" }), el("option", { value: "all", text: "Whole graph" }));
    const graphBox = el("div", { class: "ex-graph", id: "ex-graph" });
    const counts = el("p", { class: "ex-model-counts hint" });
    const truncatedHint = el("p", { class: "hint", hidden: true });
    const side = el("aside", { class: "ex-side panel", "aria-labelledby": "ex-side-title" },
      el("h3", { id: "ex-side-title", text: "Selected twin" }), el("p", { class: "muted", text: "Select a node (click, or focus the graph and use the arrow keys) to see its summary; double-click or Enter opens it." }));
    root.append(form,
      el("section", { class: "panel", "aria-labelledby": "ex-results-title" }, el("h2", { id: "ex-results-title", text: "Results" }), count, resultsBox),
      el("section", { class: "panel", "aria-labelledby": "ex-graph-title" },
        el("div", { class: "row ex-graph-head" }, el("h2", { id: "ex-graph-title", text: "Graph" }),
          el("label", { for: "ex-scope", text: "Show" }), scope),
        truncatedHint,
        el("div", { class: "ex-graph-layout" }, el("div", { class: "ex-graph-main" }, graphBox, counts), side)));

    let view = null;
    let lastIds = null;
    let graph = null, graphs = null; // set when graphReady settles
    signal.addEventListener("abort", () => view?.destroy?.());
    scope.addEventListener("change", () => drawGraph(lastIds));
    graphBox.append(loading("Loading the graph…"));
    graphReady.then(([g, module]) => {
      if (signal.aborted) return;
      graph = g; graphs = module;
      if (graph.truncated) { truncatedHint.textContent = `The graph has ${fmt.int(graph.total)} twins; the first ${fmt.int(graph.twins.length)} are shown.`; truncatedHint.hidden = false; }
      if (resultsShown) drawGraph(lastIds);
    }, e => {
      if (signal.aborted) return;
      clear(graphBox);
      graphBox.append(errorView(e, "Graph"));
    });
    let resultsShown = false;

    function drawGraph(ids) {
      if (!graph) return; // drawn when the graph arrives
      view?.destroy?.();
      view = null;
      clear(graphBox);
      const sub = scope.value === "all" || !ids ? graph : graph.around(ids);
      // Matching twins are outlined ("on the path" style) when their neighbours are drawn beside them.
      const mark = ids && scope.value !== "all" && sub.twins.length > ids.size;
      const nodes = sub.twins.map(t => ({ id: t.id, label: t.name || t.id, group: shortModel(t.model), highlight: mark && ids.has(t.id) ? "path" : null }));
      const edges = sub.relationships.map(r => ({ source: r.source, target: r.target, label: r.name }));
      graphBox.dataset.nodes = String(nodes.length);
      graphBox.dataset.edges = String(edges.length);
      const perModel = new Map();
      for (const n of nodes) perModel.set(n.group, (perModel.get(n.group) || 0) + 1);
      counts.textContent = `${fmt.int(nodes.length)} twins and ${fmt.int(edges.length)} relationships` + (mark ? `; the ${fmt.int(ids.size)} matching twins are outlined, the others are their neighbours` : "") +
        ". By model: " + [...perModel.entries()].sort((a, b) => b[1] - a[1]).map(([m, c]) => `${m} ${fmt.int(c)}`).join(", ") + ".";
      if (!nodes.length) { graphBox.append(el("p", { class: "muted", text: "No twins to draw." })); return; }
      if (typeof graphs.graphView !== "function") {
        graphBox.append(el("p", { class: "muted", text: `${nodes.length} twins and ${edges.length} relationships (the graph view is not available).` }));
        return;
      }
      view = graphs.graphView(graphBox, {
        nodes, edges, height: 560, directed: true,
        onSelect: id => showSide(id),
        onOpen: id => navigate(href("twin", id)),
      });
    }

    async function showSide(id) {
      const box = side;
      clear(box);
      box.append(el("h3", { id: "ex-side-title", text: "Selected twin" }), loading());
      try {
        const twin = await api("/digitaltwins/" + encodeURIComponent(id), { query: { branch }, signal });
        clear(box);
        const s = twinSummary(twin);
        box.append(el("h3", { id: "ex-side-title", text: s.name ? `${s.name}` : id }),
          el("p", {}, el("code", { text: id }), " ", badge(shortModel(twin.$metadata.$model), "info")),
          el("dl", { class: "ex-props" }, s.properties.slice(0, 8).flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })])),
          el("a", { class: "button primary", href: href("twin", id), text: "Open twin" }));
      } catch (e) {
        if (signal.aborted) return;
        clear(box);
        box.append(el("h3", { id: "ex-side-title", text: "Selected twin" }), errorView(e, id));
      }
    }

    async function run(prefetched = null) {
      const sql = queryText.value.trim();
      if (!sql) { formError.textContent = "Write a query or choose a filter."; return; }
      formError.textContent = "";
      runButton.disabled = true;
      clear(resultsBox);
      resultsBox.append(loading("Running the query…"));
      count.textContent = "";
      try {
        const items = await (prefetched && prefetched.sql === sql ? prefetched.items : queryAll(sql, { signal, branch, max: RESULT_CAP }));
        const twins = items.filter(x => x && x.$dtId);
        clear(resultsBox);
        count.textContent = items.length >= RESULT_CAP ? `${fmt.int(items.length)}+ results (the first ${fmt.int(RESULT_CAP)})` : `${fmt.int(items.length)} ${items.length === 1 ? "result" : "results"}`;
        count.dataset.count = String(items.length);
        resultsBox.append(twins.length || !items.length ? resultsTable(twins) : rawResults(items));
        const noFilter = !modelSelect.value && !textInput.value.trim() && !conditions().some(c => c.property.trim()) && !edited;
        lastIds = noFilter ? null : new Set(twins.map(t => t.$dtId));
        resultsShown = true;
        drawGraph(lastIds);
        if (!signal.aborted) history.replaceState(null, "", stateHash());
      } catch (e) {
        if (signal.aborted) return;
        clear(resultsBox);
        resultsBox.append(errorView(e, "Query"));
      } finally {
        runButton.disabled = false;
      }
    }

    function stateHash() {
      const p = new URLSearchParams();
      if (modelSelect.value) p.set("model", modelSelect.value);
      if (textInput.value.trim()) p.set("text", textInput.value.trim());
      const conds = conditions().filter(c => c.property.trim());
      if (conds.length) p.set("where", JSON.stringify(conds));
      if (edited) p.set("query", queryText.value);
      const s = p.toString();
      return "#/explorer" + (s ? "?" + s : "");
    }

    function resultsTable(twins) {
      const extra = commonProperties(twins, 3);
      return table({
        caption: "Matching twins",
        columns: [
          { key: "$dtId", label: "Twin", sort: true, format: v => el("a", { href: href("twin", v), text: v }) },
          { key: "name", label: "Name", sort: true, format: (_, t) => twinSummary(t).name || "" },
          { key: "model", label: "Model", sort: true, format: (_, t) => shortModel(t.$metadata.$model) },
          ...extra.map(p => ({ key: p, label: p, format: v => display(v) })),
        ],
        rows: twins.map(t => ({ ...t, model: t.$metadata.$model })),
        empty: "No twin matches.",
      });
    }

    await run(first ? { sql: first.trim(), items: firstItems } : null);
    listAll("/models", { query: { branch, includeModelDefinition: true }, signal })
      .then(list => { definitions = list; refreshProperties(); }, () => {}); // without them the property box only lacks suggestions
  },
};

function rawResults(items) {
  return el("pre", { class: "ex-raw", text: fmt.json(items.slice(0, 200)) });
}

/** The query the page runs first, from its address alone (what the form will show); null when the form would refuse it. */
function firstQuery(query) {
  if (query.get("query")) return query.get("query");
  try { return buildQuery({ model: query.get("model") || "", text: query.get("text") || "", conditions: parseConditions(query.get("where")) }); }
  catch { return null; }
}

function parseConditions(text) {
  if (!text) return [];
  try { const list = JSON.parse(text); return Array.isArray(list) ? list.filter(c => c && typeof c.property === "string").map(c => ({ property: c.property, op: OPERATORS.some(o => o[0] === c.op) ? c.op : "=", value: String(c.value ?? "") })) : []; }
  catch { return []; }
}

/** The most common scalar properties of the twins (besides name), for a few extra table columns. */
function commonProperties(twins, n) {
  const counts = new Map();
  for (const t of twins.slice(0, 500)) for (const [k, v] of Object.entries(t)) {
    if (k.startsWith("$") || k === "name" || k === "displayName" || (v !== null && typeof v === "object")) continue;
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(e => e[0]);
}

function display(v) { return v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : typeof v === "number" ? fmt.num(v, 3) : String(v); }

/** "dtmi:twinlab:example:Room;1" → "Room;1" (the full id is in the legend's title and the select). */
export function shortModel(id) { const m = /([^:]+)$/.exec(id || ""); return m ? m[1] : String(id); }
