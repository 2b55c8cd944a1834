// An experiment's results.json (src/TwinLab.Simulation/Results/ExperimentRecord.cs) drawn by experiment type: KPI
// distributions, scenario comparisons with paired differences, sweeps and optimisation (KPI against parameters),
// sensitivity (tornado, Sobol), calibration, and time series with bands. Part of the Experiments page.
import { el, clear, fmt, badge } from "../ui.js";
import { lineChart, histogram, barChart, tornado } from "../charts.js";

/** A number from results.json, where NaN and infinities are written as strings. */
export function num(v) { return typeof v === "string" ? Number(v) : v; }

/** A KPI value for reading: 4 significant digits, grouped thousands, exponent for the very large or small. */
export function fmtValue(v) {
  const x = num(v);
  if (x === null || x === undefined) return "–";
  if (Number.isNaN(x)) return "undefined";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 1e7 || a < 1e-4) return x.toExponential(3);
  if (a >= 1000) return x.toLocaleString("en-GB", { maximumFractionDigits: 0 });
  return x.toLocaleString("en-GB", { maximumSignificantDigits: 4 });
}

const fmtCi = (lo, hi) => `${fmtValue(lo)} to ${fmtValue(hi)}`;
const finite = v => Number.isFinite(num(v));
const DIRECTION = { minimise: "lower is better", maximise: "higher is better" };

/** "mean_wait (h)" for a KPI name, with the record's unit. */
function kpiLabel(record, name) {
  const spec = (record.kpis || []).find(k => k.name === name);
  return spec && spec.unit ? `${name} (${spec.unit})` : name;
}

function kpiNames(record) {
  const names = (record.kpis || []).map(k => k.name);
  if (names.length) return names;
  return (record.scenarios?.[0]?.summaries || []).map(s => s.name);
}

/**
 * Renders `record` into `container`. Returns the chart handles (destroyed by the caller when the page goes away).
 */
export function renderResults(container, record) {
  const charts = [];
  const add = handle => { charts.push(handle); return handle; };
  container.append(overview(record));
  const body = el("div", { class: "exp-results-body" });
  container.append(body);
  switch (record.type) {
    case "compare": compareView(body, record, add); break;
    case "sweep": sweepView(body, record, add); break;
    case "optimise": optimiseView(body, record, add); break;
    case "sensitivity": sensitivityView(body, record, add); break;
    case "calibrate": calibrateView(body, record, add); break;
    default: monteCarloView(body, record, add); break;
  }
  seriesView(body, record, add);
  if ((record.notes || []).length) {
    body.append(el("h3", { text: "Notes" }), el("ul", { class: "exp-notes" }, record.notes.map(n => el("li", { text: n }))));
  }
  body.append(provenance(record));
  return charts;
}

function overview(record) {
  const scenarios = record.scenarios || [];
  const reps = scenarios.reduce((a, s) => a + (s.replications || 0), 0);
  return el("div", { class: "kpis exp-overview" },
    el("div", { class: "kpi" }, el("div", { class: "label", text: "Experiment" }), el("div", { class: "value", text: record.type })),
    el("div", { class: "kpi" }, el("div", { class: "label", text: "Scenarios" }), el("div", { class: "value", text: fmt.int(scenarios.length) })),
    el("div", { class: "kpi" }, el("div", { class: "label", text: "Replications run" }), el("div", { class: "value", text: fmt.int(reps) })),
    el("div", { class: "kpi" }, el("div", { class: "label", text: "Run time" }), el("div", { class: "value", text: fmt.num(record.elapsedSeconds, 1) + " s" })),
    record.cancelled ? el("div", { class: "kpi" }, el("div", { class: "label", text: "Stopped early" }), el("div", { class: "value", text: "cancelled" }),
      el("div", { class: "muted", text: "The finished replications are kept." })) : null);
}

function provenance(record) {
  const p = record.provenance || {};
  const rows = [
    ["Result id", record.id], ["Started", fmt.time(record.started)], ["Scenario file", p.scenarioFile], ["Scenario SHA-256", p.scenarioHash],
    ["Seed", p.seed], ["Threads", p.threads], ["Forked branch", p.branch], ["At sequence", p.sequence],
    ["Experiment branch", p.experimentBranch], ["Simulator", `${record.simulator} (${p.modelVersion || "?"})`], ["TwinLab", p.codeVersion],
  ];
  return el("details", { class: "exp-provenance" }, el("summary", { text: "Provenance: what reproduces this result" }),
    el("dl", { class: "exp-meta" }, rows.map(([k, v]) => [el("dt", { text: k }), el("dd", { class: "mono", text: v === undefined || v === null ? "–" : String(v) })])));
}

/** A data table; cells may carry data-* attributes (the tests read exact values from them). */
function dataTable(caption, headers, rows, numeric = () => true) {
  const t = el("table", { class: "data" }, el("caption", { text: caption }));
  t.append(el("thead", {}, el("tr", {}, headers.map((h, i) => el("th", { scope: "col", class: i && numeric(i) ? "num" : null, text: h })))));
  const tb = el("tbody");
  for (const r of rows) {
    tb.append(el("tr", {}, r.map((c, i) => {
      const cell = c && typeof c === "object" && !(c instanceof Node) ? c : { text: c };
      const attrs = { class: i && numeric(i) ? "num" : null, scope: i ? null : "row", ...(cell.attrs || {}) };
      const node = el(i ? "td" : "th", attrs);
      if (cell.node) node.append(cell.node); else node.textContent = cell.text === undefined || cell.text === null ? "" : String(cell.text);
      return node;
    })));
  }
  t.append(tb);
  return el("div", { class: "table-wrap" }, t);
}

/** The KPI summary table of one or more scenarios: mean, 95% CI, spread and percentiles. */
function summaryTable(record, scenarios, caption) {
  const multi = scenarios.length > 1;
  const headers = [...(multi ? ["Scenario"] : []), "KPI", "Mean", "95% CI of the mean", "± half-width", "Std dev", "P5", "P25", "Median", "P75", "P95", "n"];
  const rows = [];
  for (const s of scenarios) {
    for (const k of s.summaries || []) {
      const stat = (name, value) => ({ text: fmtValue(value), attrs: { "data-scenario": s.name, "data-kpi": k.name, "data-stat": name, "data-value": String(value) } });
      const conf = num(k.confidence);
      rows.push([...(multi ? [s.name] : []), kpiLabel(record, k.name), stat("mean", k.mean),
        { text: fmtCi(k.ciLow, k.ciHigh) + (finite(conf) && conf !== 0.95 ? ` (${fmt.pct(conf)})` : ""), attrs: { "data-kpi": k.name, "data-stat": "ci" } },
        stat("halfWidth", (num(k.ciHigh) - num(k.ciLow)) / 2), stat("stdDev", k.stdDev), stat("p5", k.p5), stat("p25", k.p25), stat("median", k.median),
        stat("p75", k.p75), stat("p95", k.p95), stat("count", k.count)]);
    }
  }
  const first = multi ? 2 : 1;
  return el("div", { class: "exp-summary" }, dataTable(caption, headers, rows, i => i >= first));
}

/** A select choosing which KPI the charts show; calls draw(name) now and on change. */
function kpiPicker(record, id, draw, names = kpiNames(record)) {
  const select = el("select", { id }, names.map(n => el("option", { value: n, text: kpiLabel(record, n) })));
  const spec = name => (record.kpis || []).find(k => k.name === name);
  const hint = el("span", { class: "muted" });
  const run = () => { const d = spec(select.value)?.direction; hint.textContent = DIRECTION[d] ? `(${DIRECTION[d]})` : ""; draw(select.value); };
  select.addEventListener("change", run);
  const node = el("div", { class: "row exp-picker" }, el("label", { for: id, text: "KPI shown in the charts" }), select, hint);
  return { node, run, select };
}

/** A chart host, replaced on each redraw (a fresh canvas per KPI). */
function chartSlot(add) {
  let handle = null;
  const node = el("div", { class: "exp-chart" });
  return {
    node,
    draw(make) { handle?.destroy(); clear(node); node.className = "exp-chart"; handle = make(node); add(handle); },
  };
}

function monteCarloView(body, record, add) {
  const scenarios = record.scenarios || [];
  body.append(el("h3", { text: "KPIs" }), summaryTable(record, scenarios, "KPI summaries: mean with its 95% Student-t confidence interval, spread and percentiles over the replications"));
  body.append(el("h3", { text: "Distributions across replications" }));
  const grid = el("div", { class: "grid exp-charts" });
  body.append(grid);
  for (const name of kpiNames(record)) {
    const host = el("div", { class: "exp-chart" });
    grid.append(host);
    add(histogram(host, {
      title: `${kpiLabel(record, name)}: values of ${fmt.int(scenarios[0]?.replications)} replications`, xLabel: kpiLabel(record, name),
      series: scenarios.map(s => ({ name: s.name, values: (s.values?.[name] || []).map(num) })), bins: 20,
    }));
  }
}

function summaryOf(scenario, kpi) { return (scenario.summaries || []).find(k => k.name === kpi); }

function compareView(body, record, add) {
  const scenarios = record.scenarios || [];
  const comparisons = record.comparisons || [];
  const alternatives = new Set(comparisons.map(c => c.alternative)).size;
  body.append(el("h3", { text: "Scenarios compared" }));
  const means = chartSlot(add), deltas = chartSlot(add), dists = chartSlot(add);
  const picker = kpiPicker(record, "exp-compare-kpi", name => {
    means.draw(host => barChart(host, {
      title: `${kpiLabel(record, name)}: mean per scenario with 95% CI`, xLabel: kpiLabel(record, name), format: fmtValue,
      items: scenarios.map(s => summaryOf(s, name)).map((k, i) => k && finite(k.mean) ? {
        label: scenarios[i].name, value: num(k.mean), ...(finite(k.ciLow) && finite(k.ciHigh) ? { lo: num(k.ciLow), hi: num(k.ciHigh) } : {}),
      } : null).filter(Boolean),
    }));
    deltas.draw(host => barChart(host, {
      title: `${name}: paired difference from ${scenarios[0]?.name || "the baseline"} with 95% CI`, xLabel: `difference in ${kpiLabel(record, name)}`, format: fmtValue,
      items: comparisons.filter(c => c.kpi === name && finite(c.difference)).map(c => ({
        label: c.alternative, value: num(c.difference),
        ...(finite(c.interval?.low) && finite(c.interval?.high) ? { lo: num(c.interval.low), hi: num(c.interval.high) } : {}),
      })),
    }));
    dists.draw(host => histogram(host, {
      title: `${kpiLabel(record, name)}: values per replication`, xLabel: kpiLabel(record, name), bins: 20,
      series: scenarios.map(s => ({ name: s.name, values: (s.values?.[name] || []).map(num) })),
    }));
  });
  body.append(picker.node, el("div", { class: "grid exp-charts" }, means.node, deltas.node), dists.node);
  picker.run();

  body.append(el("h3", { text: "Paired differences with the baseline" }),
    el("p", { class: "muted", text: "Each replication of every scenario drew the same random numbers, so a difference comes from the change, not from noise. " +
      (alternatives > 1 ? `With ${alternatives} alternatives, the Bonferroni interval holds for all of them together.` : "") }));
  const verdict = c => {
    if (c.better) return badge("better", "ok");
    if (c.worse) return badge("worse", "bad");
    if (c.significant) return badge("significant change", "info");
    return badge("no significant change", "info");
  };
  body.append(dataTable("Alternative − baseline, per KPI (paired-t, Law 2015 §10.2.1)",
    ["Alternative", "KPI", "Baseline mean", "Alternative mean", "Difference", "95% CI", ...(alternatives > 1 ? ["Bonferroni CI"] : []), "Change", "p-value", "Verdict"],
    comparisons.map(c => [c.alternative, kpiLabel(record, c.kpi), fmtValue(c.baselineMean), fmtValue(c.alternativeMean),
      { text: fmtValue(c.difference), attrs: { "data-kpi": c.kpi, "data-alternative": c.alternative, "data-stat": "difference", "data-value": String(c.difference) } },
      fmtCi(c.interval?.low, c.interval?.high), ...(alternatives > 1 ? [fmtCi(c.bonferroniInterval?.low, c.bonferroniInterval?.high)] : []),
      finite(c.relativeChangePercent) ? `${num(c.relativeChangePercent) > 0 ? "+" : ""}${fmt.num(num(c.relativeChangePercent), 1)}%` : "–",
      finite(c.pValue) ? (num(c.pValue) < 0.0001 ? "< 0.0001" : fmt.num(num(c.pValue), 4)) : "–",
      { node: verdict(c) }]),
    i => i >= 2 && i < (alternatives > 1 ? 9 : 8)));
  body.append(el("h3", { text: "KPIs per scenario" }), summaryTable(record, scenarios, "KPI summaries per scenario"));
}

/** Parameter value as a number when it is one. */
function paramNumber(scenario, name) { const v = Number(scenario.parameters?.[name]); return Number.isFinite(v) ? v : NaN; }

function sweepView(body, record, add) {
  const scenarios = record.scenarios || [];
  const factors = record.factors && record.factors.length ? record.factors : Object.keys(scenarios[0]?.parameters || {});
  body.append(el("h3", { text: "KPI against the swept parameters" }));
  const slots = [];
  const grid = el("div", { class: "grid exp-charts" });
  const picker = kpiPicker(record, "exp-sweep-kpi", name => {
    const mean = s => num(summaryOf(s, name)?.mean), lo = s => num(summaryOf(s, name)?.ciLow), hi = s => num(summaryOf(s, name)?.ciHigh);
    // Two factors: one line per level of the second. Otherwise one chart per factor.
    const plans = factors.length === 2
      ? [{ x: factors[0], groups: groupBy(scenarios, s => `${factors[1]} = ${s.parameters?.[factors[1]]}`) }]
      : factors.map(f => ({ x: f, groups: new Map([[name, scenarios]]) }));
    while (slots.length < plans.length) { const s = chartSlot(add); slots.push(s); grid.append(s.node); }
    plans.forEach((plan, i) => slots[i].draw(host => lineChart(host, {
      title: `${kpiLabel(record, name)} against ${plan.x} (mean, 95% CI band)`, xLabel: plan.x, yLabel: kpiLabel(record, name), height: 260,
      series: [...plan.groups].map(([label, list]) => {
        const pts = list.filter(s => Number.isFinite(paramNumber(s, plan.x)) && finite(mean(s))).sort((a, b) => paramNumber(a, plan.x) - paramNumber(b, plan.x));
        return { name: label, x: pts.map(s => paramNumber(s, plan.x)), y: pts.map(mean), band: { lo: pts.map(s => finite(lo(s)) ? lo(s) : mean(s)), hi: pts.map(s => finite(hi(s)) ? hi(s) : mean(s)), label: "95% CI" } };
      }),
    })));
  });
  body.append(picker.node, grid);
  picker.run();
  const names = kpiNames(record);
  body.append(el("h3", { text: "Every point" }), dataTable("Sweep points: KPI means with 95% CI",
    ["Point", ...factors, ...names.map(n => kpiLabel(record, n))],
    scenarios.map(s => [s.name, ...factors.map(f => s.parameters?.[f] ?? "–"), ...names.map(n => { const k = summaryOf(s, n); return k ? `${fmtValue(k.mean)} (${fmtCi(k.ciLow, k.ciHigh)})` : "–"; })])));
}

function groupBy(list, key) {
  const m = new Map();
  for (const x of list) { const k = key(x); if (!m.has(k)) m.set(k, []); m.get(k).push(x); }
  return m;
}

/** A line series of the points whose x and y are both finite numbers. */
function points(name, xs, ys) {
  const keep = xs.map((x, i) => Number.isFinite(x) && Number.isFinite(ys[i]));
  return { name, x: xs.filter((_, i) => keep[i]), y: ys.filter((_, i) => keep[i]) };
}

function optimiseView(body, record, add) {
  const o = record.optimisation;
  if (!o) { monteCarloView(body, record, add); return; }
  const better = o.bestSignificantlyBetter === true ? "yes" : o.bestSignificantlyBetter === false ? "no" : "not tested";
  body.append(el("h3", { text: "Best candidates" }),
    el("p", {}, `${o.direction === "minimise" ? "Minimise" : "Maximise"} `, el("code", { text: o.objective }), ` — ${o.method}, ${fmt.int(o.evaluations)} candidates simulated. `,
      `Best significantly better than the runner-up (paired CI on the confirmation runs): ${better}.`));
  const kpis = kpiNames(record);
  // The decision variables: the parameters whose value differs between candidates (the rest are the base scenario's).
  const candidates = [...(o.history || []), ...(o.best || [])];
  const all = Object.keys(candidates[0]?.parameters || {});
  const varying = all.filter(k => new Set(candidates.map(c => c.parameters?.[k])).size > 1);
  const params = varying.length ? varying : all;
  body.append(dataTable("Best candidates, best first (objective mean with 95% CI)",
    ["Rank", ...params, "Objective", "95% CI", "Feasible", "Replications", ...kpis.map(n => kpiLabel(record, n))],
    (o.best || []).map((c, i) => [String(i + 1), ...params.map(p => c.parameters?.[p] ?? "–"),
      { text: fmtValue(c.objective), attrs: { "data-stat": "objective", "data-value": String(c.objective) } }, fmtCi(c.ciLow, c.ciHigh),
      c.feasible ? "yes" : "no (breaks a constraint)", fmt.int(c.replications), ...kpis.map(n => fmtValue(c.kpiMeans?.[n]))]),
    i => i >= 1 + params.length && i !== 3 + params.length));
  const grid = el("div", { class: "grid exp-charts" });
  body.append(grid);
  const bestHost = el("div", { class: "exp-chart" });
  grid.append(bestHost);
  add(barChart(bestHost, {
    title: "Objective of the best candidates (95% CI)", xLabel: o.objective, format: fmtValue,
    items: (o.best || []).filter(c => finite(c.objective)).map(c => ({ label: c.name, value: num(c.objective), ...(finite(c.ciLow) && finite(c.ciHigh) ? { lo: num(c.ciLow), hi: num(c.ciHigh) } : {}) })),
  }));
  const history = (o.history || []).map((c, i) => ({ ...c, i: i + 1, objective: num(c.objective) }));
  if (history.length) {
    const sign = o.direction === "minimise" ? -1 : 1;
    let best = -Infinity;
    const bestSoFar = history.map(c => { if (c.feasible && Number.isFinite(c.objective)) best = Math.max(best, sign * c.objective); return Number.isFinite(best) ? sign * best : NaN; });
    const searchHost = el("div", { class: "exp-chart" });
    grid.append(searchHost);
    add(lineChart(searchHost, {
      title: "The search: objective of each candidate, and the best feasible so far", xLabel: "candidate", yLabel: o.objective, height: 260,
      series: [
        points("candidate", history.map(c => c.i), history.map(c => c.objective)),
        { ...points("best feasible so far", history.map(c => c.i), bestSoFar), step: true, dashed: true },
      ],
    }));
    // Objective against each parameter: the best feasible candidate at each value.
    for (const p of params) {
      const byValue = new Map();
      for (const c of history) {
        const v = Number(c.parameters?.[p]);
        if (!c.feasible || !Number.isFinite(v) || !Number.isFinite(c.objective)) continue;
        if (!byValue.has(v) || sign * c.objective > sign * byValue.get(v)) byValue.set(v, c.objective);
      }
      if (byValue.size < 2) continue;
      const xs = [...byValue.keys()].sort((a, b) => a - b);
      const host = el("div", { class: "exp-chart" });
      grid.append(host);
      add(lineChart(host, {
        title: `Best feasible objective for each value of ${p}`, xLabel: p, yLabel: o.objective, height: 240,
        series: [{ name: `best ${o.objective}`, x: xs, y: xs.map(x => byValue.get(x)) }],
      }));
    }
  }
}

function sensitivityView(body, record, add) {
  if (record.tornado && record.tornado.length) {
    const byKpi = new Map(record.tornado.map(t => [t.kpi, t]));
    body.append(el("h3", { text: "One factor at a time (tornado)" }),
      el("p", { class: "muted", text: "Each factor at its low and its high setting, the others at the base; widest swing first. The effect interval is paired (the runs share random numbers)." }));
    const slot = chartSlot(add);
    const tableHost = el("div");
    const picker = kpiPicker(record, "exp-tornado-kpi", name => {
      const t = byKpi.get(name);
      if (!t) return;
      const bars = (t.bars || []).filter(b => finite(b.low?.mean) && finite(b.high?.mean));
      slot.draw(host => tornado(host, {
        title: `${kpiLabel(record, name)} at each factor's low and high setting`, xLabel: kpiLabel(record, name), format: fmtValue,
        base: finite(t.base?.mean) ? num(t.base.mean) : 0,
        items: bars.map(b => ({ label: `${b.parameter} (${fmt.num(b.lowValue, 4)} → ${fmt.num(b.highValue, 4)})`, low: num(b.low.mean), high: num(b.high.mean) })),
      }));
      clear(tableHost).append(dataTable(`${kpiLabel(record, name)}: base ${fmtValue(t.base?.mean)} (${fmtCi(t.base?.ciLow, t.base?.ciHigh)})`,
        ["Factor", "Low value", "High value", "At low (95% CI)", "At high (95% CI)", "Effect high − low", "Effect 95% CI", "Swing"],
        (t.bars || []).slice().sort((a, b) => num(b.swing) - num(a.swing)).map(b => [b.parameter, fmt.num(b.lowValue, 4), fmt.num(b.highValue, 4),
          `${fmtValue(b.low?.mean)} (${fmtCi(b.low?.ciLow, b.low?.ciHigh)})`, `${fmtValue(b.high?.mean)} (${fmtCi(b.high?.ciLow, b.high?.ciHigh)})`,
          { text: fmtValue(b.effect?.mean), attrs: { "data-kpi": name, "data-factor": b.parameter, "data-stat": "effect", "data-value": String(b.effect?.mean) } },
          fmtCi(b.effect?.ciLow, b.effect?.ciHigh), fmtValue(b.swing)])));
    }, record.tornado.map(t => t.kpi));
    body.append(picker.node, slot.node, tableHost);
    picker.run();
  }
  if (record.sobol && record.sobol.length) {
    const byKpi = new Map(record.sobol.map(s => [s.name, s]));
    body.append(el("h3", { text: "Variance-based indices (Sobol')" }),
      el("p", { class: "muted", text: "First order: the share of the output's variance due to the factor alone; total: including its interactions (Saltelli 2010, Jansen 1999; bootstrap 95% intervals)." }));
    const first = chartSlot(add), total = chartSlot(add);
    const tableHost = el("div");
    const picker = kpiPicker(record, "exp-sobol-kpi", name => {
      const s = byKpi.get(name);
      if (!s) return;
      const items = key => (s.indices || []).filter(i => finite(i[key])).map(i => ({ label: i.factor, value: num(i[key]),
        ...(finite(i[key + "Low"]) && finite(i[key + "High"]) ? { lo: num(i[key + "Low"]), hi: num(i[key + "High"]) } : {}) }));
      first.draw(host => barChart(host, { title: `${name}: first-order index`, xLabel: "S1", items: items("first"), format: v => fmt.num(v, 3) }));
      total.draw(host => barChart(host, { title: `${name}: total-effect index`, xLabel: "ST", items: items("total"), format: v => fmt.num(v, 3) }));
      clear(tableHost).append(dataTable(`${name}: Sobol' indices (mean ${fmtValue(s.mean)}, variance ${fmtValue(s.variance)})`,
        ["Factor", "First order", "95% interval", "Total", "95% interval"],
        (s.indices || []).map(i => [i.factor, fmt.num(num(i.first), 3), `${fmt.num(num(i.firstLow), 3)} to ${fmt.num(num(i.firstHigh), 3)}`,
          fmt.num(num(i.total), 3), `${fmt.num(num(i.totalLow), 3)} to ${fmt.num(num(i.totalHigh), 3)}`])));
    }, record.sobol.map(s => s.name));
    body.append(picker.node, el("div", { class: "grid exp-charts" }, first.node, total.node), tableHost);
    picker.run();
  }
  if (!(record.tornado || []).length && !(record.sobol || []).length) monteCarloView(body, record, add);
}

function calibrateView(body, record, add) {
  const c = record.calibration;
  if (!c) { monteCarloView(body, record, add); return; }
  body.append(el("h3", { text: "Fitted parameters" }),
    el("p", {}, c.converged ? badge("converged", "ok") : badge("did not converge", "bad"), " ", c.message || ""));
  const iv = i => i ? fmtCi(i.low, i.high) : "–";
  body.append(dataTable("Estimates with standard errors and 95% intervals",
    ["Parameter", "Value", "Std error", "Asymptotic CI", "Profile-likelihood CI", "Bootstrap CI"],
    (c.parameters || []).map(p => [p.name, { text: fmtValue(p.value), attrs: { "data-parameter": p.name, "data-stat": "value", "data-value": String(p.value) } },
      fmtValue(p.standardError), iv(p.asymptotic), iv(p.profile), iv(p.bootstrap)])));
  const targets = c.targets || [];
  body.append(el("h3", { text: "Targets" }), dataTable("Observed KPI values against the calibrated model",
    ["KPI", "Observed", "± sd", "Simulated at the fit", "Residual (sd)"],
    targets.map(t => [kpiLabel(record, t.kpi), fmtValue(t.observed), fmtValue(t.sigma), fmtValue(t.simulated),
      finite(t.sigma) && num(t.sigma) > 0 ? fmt.num((num(t.simulated) - num(t.observed)) / num(t.sigma), 2) : "–"])));
  const host = el("div", { class: "exp-chart" });
  body.append(host);
  add(barChart(host, {
    title: "Simulated at the fit against observed (± sd)", xLabel: "value", format: fmtValue,
    items: targets.filter(t => finite(t.observed) && finite(t.simulated)).flatMap(t => [
      { label: `${t.kpi} observed`, value: num(t.observed), lo: num(t.observed) - num(t.sigma || 0), hi: num(t.observed) + num(t.sigma || 0) },
      { label: `${t.kpi} simulated`, value: num(t.simulated) },
    ]),
  }));
}

/** Time series with bands (mean and P5–P95 across replications), one chart per series, one line per scenario. */
function seriesView(body, record, add) {
  const byName = new Map();
  for (const s of record.scenarios || []) for (const band of s.series || []) {
    if (!byName.has(band.name)) byName.set(band.name, []);
    byName.get(band.name).push({ scenario: s.name, band });
  }
  if (!byName.size) return;
  body.append(el("h3", { text: "Over simulated time" }),
    el("p", { class: "muted", text: "Mean across replications, with the band from the 5th to the 95th percentile." }));
  const grid = el("div", { class: "grid exp-charts" });
  body.append(grid);
  for (const [name, list] of byName) {
    const host = el("div", { class: "exp-chart" });
    grid.append(host);
    add(lineChart(host, {
      title: name, xLabel: "simulated time", yLabel: name, height: 260,
      series: list.map(({ scenario, band }) => ({
        name: scenario, x: (band.times || []).map(num), y: (band.mean || []).map(num),
        band: { lo: (band.p5 || []).map(num), hi: (band.p95 || []).map(num), label: "P5–P95" },
      })),
    }));
  }
}
