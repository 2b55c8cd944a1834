// Page 'health': the hypertension twin. #/health lists the patients; #/health/ID shows one patient's BP history,
// calibration, and the regimens tried on their twin (GET /domains/health/…): predicted trajectories with 80%/95% bands,
// the ranking with P(target), side effects and pills, the reasons for each recommendation and each exclusion.
import { api } from "../api.js";
import { el, clear, fmt, table, kpi, badge, errorView, loading, href } from "../ui.js";
import { lineChart, palette } from "../charts.js";

const DAY_MS = 86400000;
const pct = p => (p === null || p === undefined ? "–" : fmt.pct(p, 0));
const bp = v => (v ? `${fmt.num(v.systolic, 0)}/${fmt.num(v.diastolic, 0)}` : "–");
const day = s => Date.parse(s + "T00:00:00Z");

function disclaimer(text) {
  return el("p", { class: "hc-disclaimer", role: "note" }, el("strong", { text: "Decision support only. " }), text);
}

function section(root, title, id) {
  const s = el("section", { class: "panel", "aria-labelledby": id });
  s.append(el("h2", { id, text: title }));
  root.append(s);
  return s;
}

/** A container for a chart, attached before the chart measures it. */
function chartBox(parent, cls = "") {
  const box = el("div", { class: "hc-chart " + cls });
  parent.append(box);
  return box;
}

function findings(list) {
  if (!list || !list.length) return null;
  return el("ul", { class: "hc-findings" }, list.map(f => el("li", {},
    badge(f.severity, f.severity === "excluded" ? "bad" : "warn"), " ", f.explanation, " ",
    el("span", { class: "muted", text: `(${f.rule}; ${f.source})` }))));
}

async function renderList(root, { signal, branch }) {
  root.append(el("h1", { text: "Hypertension" }));
  const box = el("div", {}, loading("Loading patients…"));
  root.append(box);
  const list = await api("/domains/health/patients", { query: { branch }, signal });
  clear(box);
  box.append(disclaimer(list.disclaimer));
  if (!list.value.length) {
    box.append(el("p", { class: "muted", text: `No patient is stored on branch '${list.branch}'. Import one with 'twinlab health import FILE|DIR' (or run 'twinlab demo').` }));
    return;
  }
  box.append(table({
    caption: `Patients on branch '${list.branch}'`,
    columns: [
      { key: "id", label: "Patient", sort: true },
      { key: "name", label: "Name", sort: true },
      { key: "readings", label: "Readings", num: true, sort: true },
      { key: "lastReading", label: "Last reading", format: v => fmt.time(v) },
      { key: "currentRegimen", label: "Current regimen" },
      { key: "calibrationStored", label: "Calibrated", format: v => (v ? "yes" : "not yet") },
    ],
    rows: list.value,
    onRow: row => { location.hash = href("health", row.id); },
    rowLabel: row => `Open ${row.name || row.id}`,
  }));
}

function patientPicker(list, id) {
  const select = el("select", { id: "hc-patient", onChange: e => { location.hash = href("health", e.target.value); } },
    list.value.map(p => el("option", { value: p.id, text: p.name ? `${p.name} (${p.id})` : p.id, selected: p.id === id })));
  return el("div", { class: "row" }, el("label", { for: "hc-patient", text: "Patient" }), select);
}

function renderProfile(root, p) {
  const s = section(root, "Patient", "hc-profile");
  const active = p.conditions.filter(c => c.active).map(c => c.display);
  s.append(el("div", { class: "kpis" },
    kpi("Age", p.ageAtLastReading ?? "–", p.sex),
    kpi("Current regimen", p.currentRegimen.text, `${p.currentRegimen.pills} pill${p.currentRegimen.pills === 1 ? "" : "s"} a day`),
    kpi("Readings", fmt.int(p.readings.count), `${fmt.int(p.readings.home)} home, ${fmt.int(p.readings.office)} office`),
    kpi("Last reading", fmt.date(p.readings.last)),
    kpi("Target", `< ${bp(p.target.home)} mmHg`, p.target.name)));
  if (active.length) s.append(el("p", {}, el("strong", { text: "Conditions: " }), active.join(", ")));
  if (p.labs.length) {
    const latest = new Map();
    for (const l of p.labs) latest.set(l.kind, l);
    s.append(el("p", {}, el("strong", { text: "Latest labs: " }), [...latest.values()].map(l => `${l.kind} ${fmt.num(l.value, 2)} ${l.unit} (${fmt.date(l.time)})`).join("; ")));
  }
}

function renderHistory(root, p) {
  const s = section(root, "Blood pressure history", "hc-history");
  const items = p.readings.items;
  const pick = (setting, key) => {
    const rows = items.filter(r => r.setting === setting);
    return { x: rows.map(r => Date.parse(r.time)), y: rows.map(r => r[key]) };
  };
  const series = [
    { name: "Home systolic", ...pick("home", "systolic"), color: palette[0] },
    { name: "Home diastolic", ...pick("home", "diastolic"), color: palette[2] },
    { name: "Office systolic", ...pick("office", "systolic"), color: palette[5], dashed: true },
    { name: "Office diastolic", ...pick("office", "diastolic"), color: palette[3], dashed: true },
  ].filter(x => x.x.length);
  s.append(el("p", { class: "muted", text: `${fmt.int(items.length)} readings; office readings dashed. Target lines: ${p.target.description}.` }));
  lineChart(chartBox(s, "hc-history-chart"), {
    title: `${p.name || p.id}: home and office blood pressure`, xType: "time", yLabel: "mmHg", height: 300, series,
    refLines: [{ y: p.target.home.systolic, label: `target systolic < ${fmt.num(p.target.home.systolic, 1)}` }, { y: p.target.home.diastolic, label: `target diastolic < ${fmt.num(p.target.home.diastolic, 1)}` }],
  });
  const details = el("details", { class: "hc-readings" }, el("summary", { text: `Readings table (${fmt.int(items.length)})` }));
  details.append(table({
    caption: "Blood pressure readings (mmHg)",
    columns: [
      { key: "time", label: "Time", format: v => fmt.time(v), sort: true },
      { key: "setting", label: "Where", sort: true },
      { key: "systolic", label: "Systolic", num: true, sort: true },
      { key: "diastolic", label: "Diastolic", num: true, sort: true },
      { key: "pulse", label: "Pulse", num: true, format: v => (v === null ? "–" : fmt.num(v, 0)) },
    ],
    rows: [...items].reverse(),
  }));
  s.append(details);
}

function renderCalibration(root, c) {
  const s = section(root, "Calibration (what the twin learned)", "hc-calibration");
  s.append(el("p", {}, c.fromPopulationOnly ? badge("population prior only", "warn") : badge("fitted to the readings", "ok"), " ", c.evidence,
    el("span", { class: "muted", text: ` — ${c.source}${c.savedAt ? ", " + fmt.time(c.savedAt) : ""}.` })));
  const u = c.untreatedHome;
  s.append(el("div", { class: "kpis" },
    kpi("Untreated home BP", `${bp(u.mean)} mmHg`, `80%: ${fmt.num(u.lower80.systolic, 0)}–${fmt.num(u.upper80.systolic, 0)} / ${fmt.num(u.lower80.diastolic, 0)}–${fmt.num(u.upper80.diastolic, 0)}`),
    kpi("Readings used", fmt.int(c.readingsUsed), `${fmt.int(c.daysUsed)} days, ${c.regimenChanges} regimen changes`),
    kpi("Residual scatter", `${bp(c.noise.residualSd)} mmHg`, `noise model ${bp(c.noise.modelSd)}`)));
  s.append(table({
    caption: "Response to each drug class (1 = the Law 2003 population average for this BP), 80% intervals",
    columns: [
      { key: "class", label: "Class" },
      { key: "mean", label: "Sensitivity", num: true, format: v => fmt.fixed(v, 2) },
      { key: "lower80", label: "80% interval", num: true, format: (v, r) => `${fmt.fixed(r.lower80, 2)}–${fmt.fixed(r.upper80, 2)}` },
      { key: "standardDoseEffect", label: "Standard-dose effect (mmHg)", num: true, format: v => `−${bp(v.mean)}` },
      { key: "daysOfEvidence", label: "Days of evidence", num: true },
      { key: "basis", label: "Basis" },
    ],
    rows: c.classes,
  }));
  if (c.warnings.length) s.append(el("ul", { class: "hc-warnings" }, c.warnings.map(w => el("li", {}, badge(w.code, "warn"), " ", w.message))));
}

function trajectoryChart(parent, title, prediction, target, note) {
  const t = prediction.trajectory;
  const x = t.days.map(day);
  const box = el("figure", { class: "hc-trajectory" });
  parent.append(box);
  const chart = chartBox(box);
  lineChart(chart, {
    title, xType: "time", yLabel: "mmHg (mean home BP)", height: 240,
    series: [
      { name: "Systolic, 95% band", x, y: t.systolic.median, color: palette[0], band: { lo: t.systolic.low95, hi: t.systolic.high95, label: "95%" } },
      { name: "Systolic median, 80% band", x, y: t.systolic.median, color: palette[0], band: { lo: t.systolic.low80, hi: t.systolic.high80, label: "80%" } },
      { name: "Diastolic, 95% band", x, y: t.diastolic.median, color: palette[2], band: { lo: t.diastolic.low95, hi: t.diastolic.high95, label: "95%" } },
      { name: "Diastolic median, 80% band", x, y: t.diastolic.median, color: palette[2], band: { lo: t.diastolic.low80, hi: t.diastolic.high80, label: "80%" } },
    ],
    refLines: [{ y: target.home.systolic, label: "target systolic" }, { y: target.home.diastolic, label: "target diastolic" }],
  });
  const last = prediction.horizons[prediction.horizons.length - 1];
  box.append(el("figcaption", { class: "muted" },
    note ? note + " " : "",
    last ? `Week ${last.week}: ${fmt.num(last.systolic.median, 0)}/${fmt.num(last.diastolic.median, 0)} mmHg (80%: ${fmt.num(last.systolic.low80, 0)}–${fmt.num(last.systolic.high80, 0)} / ${fmt.num(last.diastolic.low80, 0)}–${fmt.num(last.diastolic.high80, 0)}), P(target) ${pct(last.probabilityAtTarget)}.` : ""));
}

function recommendationForm(query, id) {
  const field = (name, label, value, attrs) => el("label", { class: "hc-field" }, label, " ", el("input", { name, type: "number", value, ...attrs }));
  const form = el("form", { class: "row hc-form", "aria-label": "Recommendation settings" },
    field("samples", "Twin samples", query.get("samples") || "300", { min: 50, max: 5000, step: 50 }),
    field("seed", "Seed", query.get("seed") || "20260101", { min: 0, step: 1 }),
    field("top", "Top choices", query.get("top") || "3", { min: 1, max: 10, step: 1 }),
    el("button", { type: "submit", class: "primary", text: "Recompute" }));
  form.addEventListener("submit", e => {
    e.preventDefault();
    const q = new URLSearchParams(new FormData(form));
    location.hash = href("health", id) + "?" + q.toString();
  });
  return form;
}

function renderRecommendation(s, r) {
  clear(s);
  s.append(el("h2", { id: "hc-reco-title", text: "Regimens tried on the twin" }));
  s.append(disclaimer(r.disclaimer));
  s.append(el("p", {}, `From ${r.startDay}, target ${r.target.description}. `,
    `${fmt.int(r.searched)} regimens searched: ${fmt.int(r.allowed)} allowed, ${fmt.int(r.excluded.count)} excluded by safety rules; ${fmt.int(r.samples)} twin samples each (seed ${r.seed}). `,
    el("span", { class: "muted", text: r.uncertainty })));
  if (r.fromPopulationOnly) s.append(el("p", { class: "error-box", role: "alert", text: "Population prior only: the twin has not seen this person's response to treatment; every figure is a population average." }));
  if (r.targetWarning) s.append(el("p", { class: "hc-warning", role: "alert" }, badge("warning", "warn"), " ", r.targetWarning));

  const weeks = r.top.length ? r.top[0].probabilityByWeek.map(w => w.week) : [];
  s.append(el("h3", { text: "Top choices" }));
  s.append(el("div", { id: "hc-ranked" }, table({
    caption: "Top regimens, best first (P(target): week-average home BP below target on both systolic and diastolic)",
    columns: [
      { key: "rank", label: "#", num: true },
      { key: "regimen", label: "Regimen", format: v => v.text },
      { key: "probabilityAtTarget", label: `P(target) week ${weeks[weeks.length - 1] ?? ""}`, num: true, format: v => pct(v) },
      ...weeks.slice(0, -1).map((w, i) => ({ key: "probabilityByWeek", label: `P week ${w}`, num: true, format: v => pct(v[i].probability) })),
      { key: "sideEffects", label: "Any side effect", num: true, format: v => pct(v.anySymptomatic) },
      { key: "sideEffects", label: "Most likely effects", format: v => v.effects.slice(0, 2).map(e => `${e.name} ${pct(e.probability)}`).join(", ") || "–" },
      { key: "pills", label: "Pills", num: true },
      { key: "cautions", label: "Cautions", num: true, format: v => String(v.length) },
      { key: "score", label: "Score", num: true, format: v => fmt.fixed(v.total, 3) },
    ],
    rows: r.top,
  })));

  s.append(el("h3", { text: "Predicted blood pressure under each choice" }));
  s.append(el("p", { class: "muted", text: "Mean home BP day by day: median with 80% (darker) and 95% bands over what the twin believes about this person. " + r.intervalCoverage }));
  const charts = el("div", { class: "grid hc-trajectories" });
  s.append(charts);
  for (const c of r.top) trajectoryChart(charts, `#${c.rank} ${c.regimen.text}`, c.prediction, r.target);
  trajectoryChart(charts, `Current: ${r.current.regimen.text}`, r.current.prediction, r.target, `If continued (${r.current.standing}).`);

  s.append(el("h3", { text: "Why these regimens" }));
  const reasons = el("ol", { class: "hc-reasons" });
  for (const c of r.top) {
    reasons.append(el("li", {},
      el("strong", { text: `${c.regimen.text} ` }), el("span", { class: "muted", text: `(${c.pattern})` }),
      el("p", { class: "hc-explanation", text: c.explanation }),
      findings(c.cautions),
      c.alternatives.length ? el("p", { class: "muted", text: "Same pattern: " + c.alternatives.slice(0, 4).join("; ") }) : null));
  }
  s.append(reasons);
  if (r.notableLosers.length) {
    s.append(el("h3", { text: "Ranked lower" }));
    s.append(el("ul", { class: "hc-losers" }, r.notableLosers.map(l => el("li", {}, el("strong", { text: l.regimen }), l.rank ? ` (#${l.rank})` : " (excluded)", `: ${l.reason}`))));
  }

  s.append(el("h3", { text: `Excluded regimens (${fmt.int(r.excluded.count)})` }));
  s.append(el("div", { id: "hc-excluded" }, table({
    caption: "Regimens the safety rules exclude for this person, by rule",
    empty: "None: no safety rule excludes a regimen for this person.",
    columns: [
      { key: "rule", label: "Rule" },
      { key: "regimens", label: "Regimens", num: true },
      { key: "example", label: "For example" },
      { key: "explanation", label: "Why" },
      { key: "source", label: "Source" },
    ],
    rows: r.excluded.byRule,
  })));

  const cur = r.current;
  s.append(el("h3", { text: "Current regimen" }));
  s.append(el("p", {}, cur.excluded ? badge("excluded", "bad") : cur.atTarget ? badge("at target", "ok") : badge("not at target", "warn"), " ",
    el("strong", { text: cur.regimen.text }), ` — ${cur.standing}. ${cur.atTargetReason}`,
    cur.recentHomeAverage ? ` Recent home average ${bp(cur.recentHomeAverage)} mmHg (${cur.recentReadings} readings).` : ""));
  const curFindings = findings(cur.safety);
  if (curFindings) s.append(curFindings);
  if (r.stepDown.length) {
    s.append(el("h3", { text: "Step-down options" }));
    s.append(table({
      caption: "Fewer or lower-dose drugs that keep the target likely",
      columns: [
        { key: "regimen", label: "Regimen" }, { key: "change", label: "Change" },
        { key: "probabilityAtTarget", label: "P(target)", num: true, format: v => pct(v) },
        { key: "anySideEffect", label: "Any side effect", num: true, format: v => pct(v) }, { key: "pills", label: "Pills", num: true },
      ],
      rows: r.stepDown,
    }));
  }
}

async function renderPatient(root, id, { signal, branch, query }) {
  root.append(el("h1", { id: "hc-title", text: "Hypertension" }));
  const [list, p] = await Promise.all([
    api("/domains/health/patients", { query: { branch }, signal }),
    api(`/domains/health/patients/${encodeURIComponent(id)}`, { query: { branch }, signal }),
  ]);
  root.querySelector("#hc-title").textContent = `Hypertension: ${p.name || p.id}`;
  root.append(disclaimer(p.disclaimer));
  root.append(patientPicker(list, id));
  renderProfile(root, p);
  renderHistory(root, p);
  renderCalibration(root, p.calibration);
  const s = section(root, "Regimens tried on the twin", "hc-reco-title");
  s.append(recommendationForm(query, id), loading("Trying every allowed regimen on the twin…"));
  try {
    const r = await api(`/domains/health/patients/${encodeURIComponent(id)}/recommendation`, {
      query: { branch, samples: query.get("samples"), seed: query.get("seed"), top: query.get("top") }, signal,
    });
    renderRecommendation(s, r);
    s.insertBefore(recommendationForm(query, id), s.children[1]);
  } catch (e) {
    if (signal.aborted) throw e;
    clear(s);
    s.append(el("h2", { id: "hc-reco-title", text: "Regimens tried on the twin" }), recommendationForm(query, id), errorView(e, "Recommendation"));
  }
}

export default {
  route: "health",
  title: "Hypertension",
  async render(root, ctx) {
    if (ctx.params.length) await renderPatient(root, ctx.params[0], ctx);
    else await renderList(root, ctx);
  },
};
