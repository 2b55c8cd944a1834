// Page 'contact': the contact-centre twin (GET /domains/contact/…). #/contact shows the stored centre (#/contact/ID a
// named one): the intraday load against the calibrated rates and the forecast, the staffing the goal requires against
// the roster with the shortfall marked, and the KPIs of the current roster, the recommended plan and a +volume what-if.
import { api } from "../api.js";
import { el, clear, fmt, table, kpi, errorView, loading, href } from "../ui.js";
import { lineChart, barChart, heatStrip, palette } from "../charts.js";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const pct = (v, d = 1) => (v === null || v === undefined ? "–" : fmt.pct(v, d));

function section(root, title, id) {
  const s = el("section", { class: "panel", "aria-labelledby": id });
  s.append(el("h2", { id, text: title }));
  root.append(s);
  return s;
}

function chartBox(parent, cls = "") {
  const box = el("div", { class: "hc-chart " + cls });
  parent.append(box);
  return box;
}

/** "Mon 08:30" for interval i of the week. */
function intervalLabel(i, minutes) {
  const perDay = 1440 / minutes;
  const m = (i % perDay) * minutes;
  return `${DAYS[Math.floor(i / perDay)].slice(0, 3)} ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** The intervals shown: one day (0–6) or the whole week (-1); x in hours (of the day, or from Monday 00:00). */
function span(perDay, minutes, dayIndex) {
  const from = dayIndex < 0 ? 0 : dayIndex * perDay, to = dayIndex < 0 ? 7 * perDay : from + perDay;
  const idx = Array.from({ length: to - from }, (_, k) => from + k);
  return { idx, x: idx.map(i => ((i - from) * minutes) / 60), xLabel: dayIndex < 0 ? "hours from Monday 00:00" : `hour of ${DAYS[dayIndex]}` };
}

const pickSeries = (values, idx) => idx.map(i => (values[i] === null || values[i] === undefined ? NaN : values[i]));

function pickers(state, skills, onQueue, onDay) {
  const queue = el("select", { id: "cc-queue", onChange: e => { state.queue = e.target.value; onQueue(); } },
    el("option", { value: "all", text: "All queues", selected: state.queue === "all" }),
    skills.map(s => el("option", { value: s, text: s, selected: state.queue === s })));
  const dayPick = el("select", { id: "cc-day", onChange: e => { state.day = Number(e.target.value); onDay(); } },
    el("option", { value: "-1", text: "Whole week", selected: state.day < 0 }),
    DAYS.map((d, i) => el("option", { value: String(i), text: d, selected: state.day === i })));
  return el("div", { class: "row hc-pickers" }, el("label", { for: "cc-queue", text: "Queue" }), queue, el("label", { for: "cc-day", text: "Day" }), dayPick);
}

/** Destroys the charts drawn in a box before it is redrawn. */
function reset(box) {
  for (const c of box.charts || []) c.destroy();
  box.charts = [];
  return clear(box);
}

function renderLoad(box, load, dayIndex) {
  reset(box);
  const w = span(load.intervalsPerDay, load.intervalMinutes, dayIndex);
  const s = load.series;
  const series = [
    { name: "Offered, mean of the log (95% interval)", x: w.x, y: pickSeries(s.observedMean, w.idx), color: palette[0], band: { lo: pickSeries(s.observedLow95, w.idx), hi: pickSeries(s.observedHigh95, w.idx), label: "95%" } },
    { name: "Offered, last week of the log", x: w.x, y: pickSeries(s.lastWeek, w.idx), color: palette[4], dashed: true },
    { name: "Calibrated model (fresh contacts and expected repeats)", x: w.x, y: pickSeries(s.calibrated, w.idx), color: palette[1], step: true },
  ];
  if (s.forecast) series.push({ name: `Forecast, next week (${load.forecast.method})`, x: w.x, y: pickSeries(s.forecast, w.idx), color: palette[5], dashed: true });
  box.charts.push(lineChart(chartBox(box, "cc-load-chart"), {
    title: `Intraday load: ${load.scope === "all" ? "all queues" : load.scope}, contacts per ${load.intervalMinutes}-minute interval`,
    xType: "number", xLabel: w.xLabel, yLabel: "contacts", height: 300, yMin: 0, series,
  }));
  const t = load.totals;
  box.append(el("div", { class: "kpis" },
    kpi("Offered a week (log mean)", fmt.num(t.observedMeanPerWeek, 0), load.window ? `${load.window.firstDay} to ${load.window.lastDay}` : "no log"),
    kpi("Calibrated a week", fmt.num(t.calibratedPerWeek, 0), `${fmt.num(t.calibratedFreshPerWeek, 0)} fresh, the rest repeats`),
    kpi("Forecast next week", t.forecastPerWeek === null ? "–" : fmt.num(t.forecastPerWeek, 0), load.forecast ? load.forecast.method : "log too short")));
}

function renderStaffing(box, st, dayIndex) {
  reset(box);
  const w = span(st.intervalsPerDay, st.intervalMinutes, dayIndex);
  const s = st.series;
  box.charts.push(lineChart(chartBox(box, "cc-staffing-chart"), {
    title: `Agents on duty: required for ${st.goal.text} vs rostered`, xType: "number", xLabel: w.xLabel, yLabel: "agents", height: 300, yMin: 0,
    series: [
      { name: "Required on duty (after shrinkage)", x: w.x, y: pickSeries(s.requiredOnDuty, w.idx), color: palette[0], step: true },
      { name: "Required on contacts (Erlang)", x: w.x, y: pickSeries(s.required, w.idx), color: palette[4], step: true, dashed: true },
      { name: "Rostered on duty", x: w.x, y: pickSeries(s.rostered, w.idx), color: palette[2], step: true },
      { name: "Shortfall (agents missing)", x: w.x, y: pickSeries(s.shortfall, w.idx), color: palette[5], step: true },
    ],
  }));
  box.append(el("p", { class: "muted", text: st.method + " Queues are staffed apart (no pooling credit), so the requirement errs on the safe side: the simulated KPIs below show what a roster really delivers." }));
  const t = st.totals;
  box.append(el("div", { class: "kpis" },
    kpi("Required on duty", `${fmt.num(t.requiredOnDutyAgentHours, 0)} h`, `${fmt.num(t.requiredAgentHours, 0)} h on contacts; peak ${t.peakRequiredOnDuty}`),
    kpi("Rostered on duty", `${fmt.num(t.rosteredAgentHours, 0)} h`, "shifts less breaks"),
    kpi("Shortfall", `${fmt.int(t.shortfallIntervals)} intervals`, `${fmt.num(t.shortfallAgentHours, 1)} agent-hours missing`),
    kpi("Cost of the requirement", fmt.num(t.costPerWeek, 0), "a week")));
  // The shortfall marked per day and interval (a heat strip), and listed.
  const perDay = st.intervalsPerDay;
  const strip = chartBox(box, "cc-shortfall-strip");
  box.charts.push(heatStrip(strip, {
    title: "Shortfall: agents missing per interval (0 = covered)",
    rows: DAYS.map((d, k) => ({ label: d, values: s.shortfall.slice(k * perDay, (k + 1) * perDay).map(v => v ?? 0) })),
    xLabels: Array.from({ length: perDay }, (_, i) => intervalLabel(i, st.intervalMinutes).slice(4)),
    format: v => fmt.num(v, 1),
  }));
  const missing = s.shortfall.map((v, i) => ({ i, v })).filter(x => x.v > 1e-9);
  const details = el("details", { class: "cc-shortfall-list" }, el("summary", { text: `Intervals short of agents (${missing.length})` }));
  details.append(table({
    caption: "Intervals where the roster has fewer agents on duty than required",
    empty: "None: the roster covers the requirement in every interval.",
    columns: [
      { key: "label", label: "Interval" },
      { key: "need", label: "Required on duty", num: true },
      { key: "have", label: "Rostered", num: true, format: v => fmt.num(v, 1) },
      { key: "gap", label: "Missing", num: true, format: v => fmt.num(v, 1) },
    ],
    rows: missing.map(x => ({ label: intervalLabel(x.i, st.intervalMinutes), need: s.requiredOnDuty[x.i], have: s.rostered[x.i], gap: x.v })),
  }));
  box.append(details);
}

const KPIS = [
  { key: "serviceLevel", label: "Service level", format: v => pct(v), chart: true },
  { key: "asaSeconds", label: "ASA (s)", format: v => fmt.num(v, 1), chart: true },
  { key: "abandonment", label: "Abandoned", format: v => pct(v), chart: true },
  { key: "occupancy", label: "Occupancy", format: v => pct(v), chart: true },
  { key: "handleSeconds", label: "Handle time (s)", format: v => fmt.num(v, 0) },
  { key: "satisfaction", label: "Satisfaction", format: v => fmt.num(v, 2) },
  { key: "cost", label: "Cost", format: v => fmt.num(v, 0) },
];

function renderScenarios(box, sc) {
  reset(box);
  box.append(el("p", { class: "muted", text: `${sc.replications} replications of ${fmt.num(sc.days, 1)} days each, seed ${sc.seed}, common random numbers; goal ${sc.goal.text}. Mean (95% confidence interval of the mean).` }));
  const kpis = KPIS.filter(k => k.key !== "satisfaction" || sc.satisfactionModelled);
  const cell = (v, f) => (v && v.mean !== null ? `${f(v.mean)}${v.low95 !== null ? ` (${f(v.low95)}–${f(v.high95)})` : ""}` : "–");
  box.append(el("div", { id: "cc-kpi-table" }, table({
    caption: "KPIs per scenario",
    columns: [
      { key: "name", label: "Scenario" },
      { key: "paid", label: "Paid agent-hours", num: true, format: (_, row) => cell(row.kpis.paidAgentHours, v => fmt.num(v, 0)) },
      ...kpis.map(k => ({ key: k.key, label: k.label, num: true, format: (_, row) => cell(row.kpis[k.key], k.format) })),
    ],
    rows: sc.scenarios,
  })));
  box.append(el("ul", { class: "muted" }, sc.scenarios.map(s => el("li", {}, el("strong", { text: s.name + ": " }), s.description))));
  const charts = el("div", { class: "grid cc-kpi-charts" });
  box.append(charts);
  for (const k of kpis.filter(k => k.chart)) {
    const items = sc.scenarios.filter(s => s.kpis[k.key].mean !== null).map((s, i) => {
      const v = s.kpis[k.key];
      return { label: s.name, value: v.mean, ...(v.low95 !== null ? { lo: v.low95, hi: v.high95 } : {}), color: palette[i % palette.length] };
    });
    box.charts.push(barChart(chartBox(charts), { title: `${k.label} by scenario (95% CI)`, xLabel: k.label, items, format: k.format }));
  }
}

function scenarioForm(query, onRun) {
  const field = (name, label, value, attrs) => el("label", { class: "hc-field" }, label, " ", el("input", { name, value, ...attrs }));
  const form = el("form", { class: "row hc-form", "aria-label": "Scenario settings" },
    field("replications", "Replications", query.get("replications") || "3", { type: "number", min: 2, max: 50 }),
    field("days", "Days", query.get("days") || "7", { type: "number", min: 1, max: 28 }),
    field("volume", "Extra contacts", query.get("volume") || "10%", { type: "text", size: 5 }),
    field("seed", "Seed", query.get("seed") || "20250301", { type: "number", min: 0 }),
    el("button", { type: "submit", class: "primary", text: "Simulate" }));
  form.addEventListener("submit", e => { e.preventDefault(); onRun(Object.fromEntries(new FormData(form))); });
  return form;
}

function goalForm(state, onChange) {
  const field = (name, label, attrs) => el("label", { class: "hc-field" }, label, " ", el("input", { name, value: state[name], type: "text", size: 6, ...attrs }));
  const form = el("form", { class: "row hc-form", "aria-label": "Staffing goal" },
    field("target", "Service level (%/s)"), field("maxAbandon", "Max abandoned"), field("occupancy", "Max occupancy"),
    el("button", { type: "submit", class: "primary", text: "Update staffing" }));
  form.addEventListener("submit", e => { e.preventDefault(); Object.assign(state, Object.fromEntries(new FormData(form))); onChange(); });
  return form;
}

async function renderCentre(root, id, { signal, branch, query }) {
  const base = `/domains/contact/centres/${encodeURIComponent(id)}`;
  const centre = await api(base, { query: { branch }, signal });
  root.append(el("h1", { text: "Contact centre" }));
  root.append(el("p", { class: "muted", text: `${centre.title} — calibrated ${fmt.time(centre.saved)}; ${centre.intervalMinutes}-minute intervals.` }));
  root.append(el("div", { class: "kpis" },
    kpi("Queues", String(centre.queueCount), centre.skills.join(", ")),
    kpi("Agents", String(centre.roster.agents), `shrinkage ${pct(centre.roster.shrinkage, 0)}`),
    kpi("Contacts a week", fmt.num(centre.queues.reduce((t, q) => t + q.arrivalsPerWeek, 0), 0), "calibrated, fresh contacts"),
    kpi("Satisfaction model", centre.satisfactionModelled ? "yes" : "no")));
  root.append(table({
    caption: "Queues as calibrated",
    columns: [
      { key: "queue", label: "Queue" }, { key: "channel", label: "Channel" },
      { key: "arrivalsPerWeek", label: "Contacts a week", num: true, format: v => fmt.num(v, 0) },
      { key: "handleSeconds", label: "Handle time (s)", num: true, format: v => fmt.num(v, 0) },
      { key: "patienceSeconds", label: "Patience (s)", num: true, format: v => (v === null ? "–" : fmt.num(v, 0)) },
      { key: "firstContactResolution", label: "Resolved first time", num: true, format: v => pct(v, 0) },
    ],
    rows: centre.queues,
  }));

  const state = { queue: query.get("queue") || "all", day: query.has("day") ? Number(query.get("day")) : 0, target: query.get("target") || "80/20", maxAbandon: query.get("maxAbandon") || "5%", occupancy: query.get("occupancy") || "85%" };
  let load = null, staffing = null;
  const loadSection = section(root, "Intraday load", "cc-load");
  const staffSection = section(root, "Staffing against requirement", "cc-staffing");
  const scenSection = section(root, "KPIs per scenario", "cc-scenarios");
  const loadBox = el("div", {}, loading());
  const staffBox = el("div", {}, loading());
  const scenBox = el("div", {}, loading("Simulating the scenarios…"));
  loadSection.append(pickers(state, centre.skills, () => refresh(), () => { if (load) renderLoad(loadBox, load, state.day); if (staffing) renderStaffing(staffBox, staffing, state.day); }), loadBox);
  staffSection.append(goalForm(state, () => refresh()), staffBox);

  async function refresh() {
    const q = { branch, queue: state.queue };
    try {
      [load, staffing] = await Promise.all([
        api(base + "/load", { query: q, signal }),
        api(base + "/staffing", { query: { ...q, target: state.target, maxAbandon: state.maxAbandon, occupancy: state.occupancy }, signal }),
      ]);
      renderLoad(loadBox, load, state.day);
      renderStaffing(staffBox, staffing, state.day);
    } catch (e) {
      if (signal.aborted) throw e;
      clear(loadBox).append(errorView(e, "Load"));
      clear(staffBox).append(errorView(e, "Staffing"));
    }
  }
  async function simulate(params) {
    reset(scenBox).append(loading("Simulating the scenarios…"));
    try {
      const sc = await api(base + "/scenarios", { query: { branch, target: state.target, maxAbandon: state.maxAbandon, occupancy: state.occupancy, ...params }, signal });
      renderScenarios(scenBox, sc);
    } catch (e) {
      if (signal.aborted) throw e;
      clear(scenBox).append(errorView(e, "Scenarios"));
    }
  }
  const initial = { replications: query.get("replications") || "3", days: query.get("days") || "7", volume: query.get("volume") || "10%", seed: query.get("seed") || "20250301" };
  scenSection.append(el("p", { class: "muted", text: "The current roster; the recommended plan (a shift schedule covering the Erlang requirement of the goal); the current roster with more contacts." }),
    scenarioForm(query, simulate), scenBox);
  await Promise.all([refresh(), simulate(initial)]);
}

export default {
  route: "contact",
  title: "Contact centre",
  async render(root, ctx) {
    if (ctx.params.length) { await renderCentre(root, ctx.params[0], ctx); return; }
    const list = await api("/domains/contact/centres", { query: { branch: ctx.branch }, signal: ctx.signal });
    if (list.value.length === 1) { await renderCentre(root, list.value[0].id, ctx); return; }
    root.append(el("h1", { text: "Contact centre" }));
    if (!list.value.length) {
      root.append(el("p", { class: "muted", text: "No calibrated contact centre is stored: import a log and roster with 'twinlab contact import LOG.csv --roster FILE' and run 'twinlab contact calibrate' (or 'twinlab demo')." }));
      return;
    }
    root.append(table({
      caption: "Contact centres", columns: [{ key: "id", label: "Centre" }, { key: "title", label: "Calibrated from" }, { key: "agentCount", label: "Agents", num: true }],
      rows: list.value, onRow: row => { location.hash = href("contact", row.id); },
    }));
  },
};
