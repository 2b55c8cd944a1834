// Page 'experiments': every experiment the server runs or has stored (#/experiments, with a form to start one from a
// scenario template or from YAML), and one experiment (#/experiments/ID): live progress from the event stream, Cancel,
// then its results drawn by experiment type, with results.json and the HTML report to download.
import { api, apiUrl, eventStream, token } from "../api.js";
import { el, clear, fmt, badge, errorView, loading, toast, download, href } from "../ui.js";
import { renderResults } from "./experiment-results.js";

const STATUS_KIND = { queued: "info", running: "info", succeeded: "ok", failed: "bad", cancelled: "warn" };
const FINISHED = new Set(["succeeded", "failed", "cancelled"]);
const DOMAINS = { queueing: "Queueing (M/M/c)", factory: "Factory line", health: "Hypertension", "contact-center": "Contact centre", network: "Network security" };
const BLANK = `name: my experiment
simulator: mmc
horizon: 0
seed: 1
replications: 20
parameters: { arrival_rate: 2.4, service_rate: 1.0, servers: 3, customers: 5000, warmup: 500 }
experiment:
  type: montecarlo
`;

export default {
  route: "experiments",
  title: "Experiments",
  async render(root, ctx) {
    if (ctx.params.length) return renderExperiment(root, ctx.params[0], ctx);
    return renderIndex(root, ctx);
  },
};

function statusBadge(status) { return badge(status || "unknown", STATUS_KIND[status] || "info"); }

/** A progress bar (role=progressbar with aria-valuenow), its fill set through style.width. */
function progressBar(label) {
  const fill = el("div", { class: "exp-progress-fill" });
  const bar = el("div", { class: "exp-progress", role: "progressbar", "aria-label": label, "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0" }, fill);
  return {
    node: bar,
    set(p, status) {
      const done = status === "succeeded" ? 1 : Math.max(0, Math.min(1, Number(p?.fraction) || 0));
      const pct = Math.round(done * 100);
      bar.setAttribute("aria-valuenow", String(pct));
      bar.setAttribute("aria-valuetext", `${pct}%${p?.total ? `, ${fmt.int(p.completed)} of ${fmt.int(p.total)}` : ""}${p?.stage ? `, ${p.stage}` : ""}`);
      fill.style.width = pct + "%";
      bar.dataset.status = status || "";
    },
  };
}

function progressText(exp) {
  const p = exp.progress || {};
  if (exp.status === "queued") return "waiting for a runner";
  const parts = [];
  if (p.stage) parts.push(p.stage);
  if (p.total) parts.push(`${fmt.int(p.completed)} / ${fmt.int(p.total)}`);
  return parts.join(" · ") || exp.status;
}

// ---------------------------------------------------------------------------------------------------------------------
// #/experiments: the list and the form

async function renderIndex(root, { signal, branch, navigate, query }) {
  root.append(
    el("div", { class: "row exp-head" }, el("h1", { text: "Experiments" }),
      el("a", { class: "button", href: "#exp-new", onClick: e => { e.preventDefault(); document.getElementById("exp-new-h")?.scrollIntoView(); document.getElementById("exp-branch")?.focus(); }, text: "New experiment" })),
    el("p", { class: "muted", text: "Scenario files run on a fresh branch of the twin, so the live twin is never written; results are stored with everything that reproduces them (docs/scenarios.md)." }));
  const listSection = el("section", { class: "exp-list", "aria-labelledby": "exp-list-h" }, el("h2", { id: "exp-list-h", text: "Experiments run" }));
  const formSection = el("section", { class: "panel exp-new", id: "exp-new", "aria-labelledby": "exp-new-h" }, el("h2", { id: "exp-new-h", text: "New experiment" }));
  root.append(listSection, formSection);
  const status = loading("Loading experiments and templates…");
  listSection.append(status);

  const [experiments, branches] = await Promise.all([
    api("/experiments", { signal }),
    api("/branches", { signal }).then(b => (b.value || b || []).map(x => x.name)).catch(() => ["main"]),
  ]);
  status.remove();
  const list = experimentList(experiments.value || []);
  listSection.append(list.node);
  eventStream({ type: "experiment" }, { signal, onEvent: ev => { if (ev && ev.data && ev.data.id) list.upsert(ev.data); } });

  const start = branches.includes(query.get("branch")) ? query.get("branch") : branches.includes(branch) ? branch : branches[0] || "main";
  await newExperimentForm(formSection, { branches, branch: start, template: query.get("template"), signal, navigate });
}

/** The experiments table; rows update in place from progress events. */
function experimentList(items) {
  const tbody = el("tbody");
  const rows = new Map();
  const empty = el("tr", {}, el("td", { colspan: "8", class: "muted", text: "No experiments yet: start one below, or run a scenario with 'twinlab run'." }));
  const t = el("table", { class: "data exp-table" },
    el("caption", { class: "sr-only", text: "Experiments, newest first" }),
    el("thead", {}, el("tr", {}, ["Experiment", "Type", "Simulator", "Branch", "Status", "Progress", "Submitted", "By"].map((h, i) => el("th", { scope: "col", text: h, class: i === 5 ? "exp-progress-col" : null })))),
    tbody);
  function cells(exp) {
    const bar = progressBar(`Progress of ${exp.name}`);
    bar.set(exp.progress, exp.status);
    return [
      el("th", { scope: "row" }, el("a", { href: href("experiments", exp.id), text: exp.name || exp.id })),
      el("td", { text: exp.type || "–" }), el("td", { text: exp.simulator || "–" }), el("td", { text: exp.branch || "–" }),
      el("td", {}, statusBadge(exp.status)),
      el("td", { class: "exp-progress-col" }, FINISHED.has(exp.status) ? null : bar.node,
        el("span", { class: "muted small", text: FINISHED.has(exp.status) ? (exp.finished ? `finished ${fmt.time(exp.finished)}` : "") : progressText(exp) })),
      el("td", { text: fmt.time(exp.submitted) }), el("td", { text: exp.submittedBy || "–" }),
    ];
  }
  function upsert(exp, prepend = true) {
    empty.remove();
    let tr = rows.get(exp.id);
    if (!tr) {
      tr = el("tr", { "data-id": exp.id });
      rows.set(exp.id, tr);
      prepend ? tbody.prepend(tr) : tbody.append(tr);
    }
    tr.dataset.status = exp.status;
    clear(tr).append(...cells(exp));
  }
  for (const exp of items) upsert(exp, false);
  if (!items.length) tbody.append(empty);
  return { node: el("div", { class: "table-wrap exp-list-wrap" }, t), upsert };
}

/** The form: branch to fork, templates grouped by domain, YAML editor, seed, threads, Start. */
async function newExperimentForm(section, { branches, branch, template, signal, navigate }) {
  const branchSelect = el("select", { id: "exp-branch", name: "branch" }, branches.map(b => el("option", { value: b, text: b, selected: b === branch })));
  const seed = el("input", { id: "exp-seed", name: "seed", type: "number", min: "0", step: "1", inputmode: "numeric", placeholder: "from the file", "aria-describedby": "exp-seed-hint" });
  const threads = el("input", { id: "exp-threads", name: "threads", type: "number", min: "1", step: "1", inputmode: "numeric", placeholder: "server default", "aria-describedby": "exp-threads-hint" });
  const templatesBox = el("div", { class: "exp-templates" });
  const editor = yamlEditor();
  const errorHost = el("div", { id: "exp-error", class: "exp-error" });
  const startButton = el("button", { type: "submit", class: "primary", id: "exp-start", text: "Start experiment" });
  const source = el("p", { class: "hint", id: "exp-source" });
  const form = el("form", { class: "exp-form", novalidate: true, "aria-labelledby": "exp-new-h" },
    el("div", { class: "exp-settings" },
      el("div", { class: "field" }, el("label", { for: "exp-branch", text: "Branch to fork" }), branchSelect,
        el("p", { class: "hint", text: "The experiment runs on a fresh copy of this branch." })),
      el("div", { class: "field" }, el("label", { for: "exp-seed", text: "Seed" }), seed, el("p", { class: "hint", id: "exp-seed-hint", text: "Overrides the file's seed; same seed, same numbers." })),
      el("div", { class: "field" }, el("label", { for: "exp-threads", text: "Threads" }), threads, el("p", { class: "hint", id: "exp-threads-hint", text: "Results do not depend on it." }))),
    el("fieldset", { class: "exp-template-set" }, el("legend", { text: "Start from a template" }), templatesBox),
    el("div", { class: "exp-yaml" }, el("label", { for: "exp-yaml", text: "Scenario (YAML)" }), source, editor.node, editor.caret, errorHost),
    el("div", { class: "row exp-actions" }, startButton, el("span", { class: "hint", text: "The scenario file format is described in docs/scenarios.md." })));
  section.append(form);

  let templates = [];
  let selected = null;          // template name, "" for blank
  let pristine = true;          // editor holds the selected template's text unchanged
  editor.textarea.addEventListener("input", () => { pristine = false; });

  function load(name) {
    const t = templates.find(x => x.name === name);
    selected = name;
    editor.setValue(t ? t.yaml : BLANK);
    pristine = true;
    source.textContent = t ? `From ${t.file}${t.yaml !== undefined && t.requires?.graphFile ? ` — the twin is read from branch '${t.branch}' instead of ${t.requires.graphFile}` : ""}.` : "A blank M/M/c scenario to edit.";
    clear(errorHost);
  }

  async function loadTemplates() {
    clear(templatesBox).append(loading("Loading templates…"));
    try {
      templates = (await api("/scenario-templates", { query: { branch: branchSelect.value }, signal })).value || [];
    } catch (e) {
      if (signal.aborted) return;
      clear(templatesBox).append(errorView(e, "Templates"));
      templates = [];
      if (selected === null) load("");
      return;
    }
    clear(templatesBox);
    const groups = new Map();
    for (const t of templates) { if (!groups.has(t.domain)) groups.set(t.domain, []); groups.get(t.domain).push(t); }
    const order = ["queueing", "factory", "health", "contact-center"];
    const domains = [...groups.keys()].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
    for (const d of domains) {
      const id = `exp-domain-${d}`;
      templatesBox.append(el("div", { class: "exp-domain", role: "group", "aria-labelledby": id },
        el("h3", { id, text: DOMAINS[d] || d }),
        el("ul", { class: "exp-template-list" }, groups.get(d).map(templateOption))));
    }
    templatesBox.append(el("div", { class: "exp-domain", role: "group", "aria-labelledby": "exp-domain-own" },
      el("h3", { id: "exp-domain-own", text: "Your own" }),
      el("ul", { class: "exp-template-list" }, el("li", { class: "exp-template" },
        el("input", { type: "radio", name: "template", id: "exp-t-blank", value: "", checked: selected === "", onChange: () => load("") }),
        el("label", { for: "exp-t-blank" }, el("span", { class: "exp-template-title", text: "Blank scenario" }),
          el("span", { class: "exp-template-desc muted", text: "An M/M/c queue to start from; or paste any scenario file into the editor." }))))));
    // Keep the choice across branches; refresh the text when it was not edited (the twin section names the branch).
    const current = templates.find(t => t.name === selected);
    if (selected === null) {
      const initial = templates.find(t => t.name === template && t.runnable) || templates.find(t => t.runnable && t.domain === "queueing") || templates.find(t => t.runnable);
      if (initial) { load(initial.name); check(initial.name); } else load("");
    } else if (current && pristine) {
      load(current.name);
      check(current.name);
    } else check(selected);
  }

  function check(name) {
    const input = templatesBox.querySelector(`input[name=template][value="${CSS.escape(name)}"]`);
    if (input && !input.disabled) input.checked = true;
  }

  function templateOption(t) {
    const id = `exp-t-${t.name}`;
    const reasonId = `${id}-why`;
    return el("li", { class: "exp-template" + (t.runnable ? "" : " disabled"), "data-template": t.name },
      el("input", { type: "radio", name: "template", id, value: t.name, disabled: !t.runnable, "aria-describedby": t.runnable ? `${id}-desc` : `${id}-desc ${reasonId}`, onChange: () => load(t.name) }),
      el("label", { for: id },
        el("span", { class: "exp-template-title", text: t.title }), " ",
        el("span", { class: "badge info", text: t.type }), " ",
        el("span", { class: "muted small", text: `${t.simulator}${t.replications ? ` · ${t.replications} replications` : ""}` }),
        el("span", { class: "exp-template-desc muted", id: `${id}-desc`, text: t.description || t.file })),
      t.runnable ? null : el("p", { class: "exp-template-why", id: reasonId }, el("strong", { text: "Cannot run here: " }), t.reasons.join(" ")));
  }

  branchSelect.addEventListener("change", () => loadTemplates());
  await loadTemplates();

  form.addEventListener("submit", async e => {
    e.preventDefault();
    clear(errorHost);
    editor.clearMark();
    const yaml = editor.textarea.value;
    if (!yaml.trim()) { showError(new Error("The scenario is empty: choose a template or write one.")); editor.textarea.focus(); return; }
    startButton.disabled = true;
    startButton.textContent = "Starting…";
    try {
      const exp = await api("/experiments", {
        method: "POST", body: yaml, contentType: "application/yaml",
        query: { branch: branchSelect.value, seed: seed.value.trim(), threads: threads.value.trim() }, signal,
      });
      navigate(href("experiments", exp.id));
    } catch (err) {
      if (signal.aborted) return;
      showError(err);
    } finally {
      startButton.disabled = false;
      startButton.textContent = "Start experiment";
    }
  });

  function showError(err) {
    const m = /^scenario:(\d+):(\d+):\s*([\s\S]*)$/.exec(err?.message || "");
    if (m) {
      const line = Number(m[1]), column = Number(m[2]);
      editor.mark(line, column);
      errorHost.append(el("div", { class: "error-box", role: "alert", "data-line": String(line), "data-column": String(column) },
        el("strong", { text: `Line ${line}, column ${column}: ` }), m[3], " ",
        el("button", { type: "button", class: "link", text: `Go to line ${line}`, onClick: () => editor.goTo(line, column) })));
      editor.goTo(line, column);
    } else {
      const field = /^(seed|threads)\b/.exec(err?.message || "");
      errorHost.append(errorView(err, "Not started"));
      if (field) (field[1] === "seed" ? seed : threads).focus();
    }
  }
}

/**
 * A textarea with a line-number gutter and a caret position readout ("Line 3, column 7"); mark(line, column) highlights
 * a line in the gutter and behind the text, goTo(line, column) selects it and scrolls to it.
 */
function yamlEditor() {
  const gutter = el("div", { class: "yaml-gutter", "aria-hidden": "true" });
  const band = el("div", { class: "yaml-band", hidden: true, "aria-hidden": "true" });
  const textarea = el("textarea", { id: "exp-yaml", name: "yaml", spellcheck: "false", wrap: "off", autocapitalize: "off", autocomplete: "off", rows: "20", "aria-describedby": "exp-caret exp-error" });
  const caret = el("p", { class: "hint yaml-caret", id: "exp-caret", text: "Line 1, column 1" });
  const node = el("div", { class: "yaml-editor" }, gutter, el("div", { class: "yaml-text" }, band, textarea));
  let marked = null;
  let count = 0;
  const lineHeight = () => parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  const padTop = () => parseFloat(getComputedStyle(textarea).paddingTop) || 0;

  function renumber() {
    const n = textarea.value.split("\n").length;
    if (n !== count) {
      count = n;
      clear(gutter);
      const frag = document.createDocumentFragment();
      for (let i = 1; i <= n; i++) frag.append(el("div", { class: i === marked ? "err" : null, text: i === marked ? `▶ ${i}` : String(i) }));
      gutter.append(frag);
    }
    sync();
  }
  function sync() {
    gutter.scrollTop = textarea.scrollTop;
    if (marked) {
      const top = padTop() + (marked - 1) * lineHeight() - textarea.scrollTop;
      band.hidden = top < -lineHeight() || top > textarea.clientHeight;
      band.style.top = top + "px";
      band.style.height = lineHeight() + "px";
    }
  }
  function updateCaret() {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    caret.textContent = `Line ${line}, column ${column}`;
  }
  textarea.addEventListener("input", () => { if (marked) clearMark(); renumber(); updateCaret(); });
  textarea.addEventListener("scroll", sync);
  for (const type of ["keyup", "click", "select", "focus"]) textarea.addEventListener(type, updateCaret);
  // Tab indents (two spaces, YAML has no tabs); Escape then Tab leaves the editor, so the keyboard is never trapped.
  let escaped = false;
  textarea.addEventListener("keydown", e => {
    if (e.key === "Escape") { escaped = true; return; }
    if (e.key === "Tab" && !e.shiftKey && !escaped && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      textarea.setRangeText("  ", textarea.selectionStart, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input"));
    }
    if (e.key !== "Escape") escaped = false;
  });

  function clearMark() { marked = null; band.hidden = true; count = 0; renumber(); textarea.removeAttribute("aria-invalid"); }
  function mark(line) { marked = line; count = 0; renumber(); textarea.setAttribute("aria-invalid", "true"); }
  function goTo(line, column = 1) {
    const lines = textarea.value.split("\n");
    const l = Math.max(1, Math.min(lines.length, line));
    let start = 0;
    for (let i = 0; i < l - 1; i++) start += lines[i].length + 1;
    const end = start + lines[l - 1].length;
    textarea.focus({ preventScroll: true });
    textarea.setSelectionRange(Math.min(end, start + Math.max(0, column - 1)), end);
    textarea.scrollTop = Math.max(0, (l - 1) * lineHeight() - textarea.clientHeight / 3);
    textarea.closest(".yaml-editor")?.scrollIntoView({ block: "nearest" });
    sync();
    updateCaret();
  }
  function setValue(text) { textarea.value = text; marked = null; band.hidden = true; count = 0; textarea.scrollTop = 0; renumber(); updateCaret(); textarea.removeAttribute("aria-invalid"); }
  renumber();
  return { node, caret, textarea, mark, clearMark, goTo, setValue };
}

// ---------------------------------------------------------------------------------------------------------------------
// #/experiments/ID: one experiment

async function renderExperiment(root, id, { signal }) {
  let exp = await api(`/experiments/${encodeURIComponent(id)}`, { signal });
  root.dataset.status = exp.status;
  const title = el("h1", { text: exp.name || id });
  const badgeHost = el("span", { class: "exp-status" }, statusBadge(exp.status));
  const meta = el("dl", { class: "exp-meta" });
  const bar = progressBar(`Progress of ${exp.name || id}`);
  const stage = el("p", { class: "exp-stage", id: "exp-stage", "aria-live": "polite" });
  const counts = el("span", { class: "exp-counts" });
  const cancel = el("button", { type: "button", id: "exp-cancel", text: "Cancel experiment", onClick: onCancel });
  const progressSection = el("section", { class: "panel exp-run", "aria-labelledby": "exp-run-h" },
    el("h2", { id: "exp-run-h", text: "Progress" }), bar.node, el("div", { class: "row" }, stage, counts), el("div", { class: "row" }, cancel));
  const results = el("section", { class: "exp-results", "aria-labelledby": "exp-results-h" });
  root.append(el("p", {}, el("a", { href: href("experiments"), text: "← All experiments" })),
    el("div", { class: "row exp-head" }, title, badgeHost), meta, progressSection, results);
  let charts = [];
  signal.addEventListener("abort", () => { charts.forEach(c => c.destroy()); charts = []; }, { once: true });

  let shown = false;
  let resultsPromise = null;
  function update(next) {
    if (!next || (next.id !== exp.id && next.id !== id)) return;
    // An event may arrive after a fresher answer: never step back from a finished status.
    if (FINISHED.has(exp.status) && !FINISHED.has(next.status)) return;
    exp = { ...exp, ...next };
    root.dataset.status = exp.status;
    clear(badgeHost).append(statusBadge(exp.status));
    fillMeta(meta, exp);
    bar.set(exp.progress, exp.status);
    stage.textContent = exp.status === "queued" ? "Queued: waiting for a runner." : exp.status === "running" ? `Running: ${exp.progress?.stage || "starting"}` : `Finished: ${exp.status}.`;
    counts.textContent = exp.progress?.total ? `${fmt.int(exp.progress.completed)} / ${fmt.int(exp.progress.total)} replications` : "";
    cancel.hidden = FINISHED.has(exp.status);
    if (FINISHED.has(exp.status) && !shown) { shown = true; stream?.close(); resultsPromise = showResults(); }
  }

  async function refresh() {
    try { update(await api(`/experiments/${encodeURIComponent(id)}`, { signal })); } catch (e) { if (!signal.aborted) console.warn(e); }
  }

  async function onCancel() {
    cancel.disabled = true;
    try {
      update(await api(`/experiments/${encodeURIComponent(exp.id)}/cancel`, { method: "POST", signal }));
      toast("Cancelling: the finished replications are kept.");
    } catch (e) {
      if (e.code !== "ExperimentFinished") toast(`Not cancelled: ${e.message}`, "bad");
      await refresh();
    } finally { cancel.disabled = false; }
  }

  async function showResults() {
    clear(results);
    results.append(el("h2", { id: "exp-results-h", text: "Results" }));
    if (exp.status === "failed" && !exp.resultId) { results.append(errorView(new Error(exp.error || "The experiment failed."), "Failed")); return; }
    if (!exp.resultId) { results.append(el("p", { class: "muted", text: "Cancelled before it started: there are no results." })); return; }
    const wait = loading("Loading results…");
    results.append(wait);
    try {
      const record = await api(`/experiments/${encodeURIComponent(id)}/results`, { signal });
      wait.remove();
      results.append(downloads(record));
      const body = el("div", { class: "exp-results-content", "data-type": record.type });
      results.append(body);
      charts = renderResults(body, record);
      results.dataset.ready = "true";
    } catch (e) {
      if (signal.aborted) return;
      wait.remove();
      results.append(errorView(e, "Results"));
    }
  }

  function downloads(record) {
    const get = async (path, name, type) => {
      try { download(name, await api(path, { as: "blob", signal }), type); } catch (e) { toast(`Download failed: ${e.message}`, "bad"); }
    };
    const base = `/experiments/${encodeURIComponent(id)}`;
    return el("div", { class: "row exp-downloads" },
      el("button", { type: "button", id: "exp-download-json", onClick: () => get(base + "/results", `${record.id}-results.json`, "application/json"), text: "Download results.json" }),
      el("button", { type: "button", id: "exp-download-report", onClick: () => get(base + "/report", `${record.id}-report.html`, "text/html"), text: "Download report (HTML)" }),
      // The report is a page of its own (its own strict policy); a new tab cannot send a token, so only when anonymous.
      token() ? null : el("a", { href: apiUrl(base + "/report"), target: "_blank", rel: "noopener", text: "Open the report in a new tab" }));
  }

  let stream = null;
  update(exp);
  if (!FINISHED.has(exp.status)) {
    stream = eventStream({ type: "experiment" }, {
      signal,
      onEvent: ev => { if (ev?.subject === `experiments/${exp.id}`) update(ev.data); },
      // Progress sent before the stream opened is not replayed: read the state once it is open.
      onOpen: () => refresh(),
    });
    // A safety net if the stream is cut off by a proxy: a slow poll while the experiment runs.
    const timer = setInterval(() => { if (FINISHED.has(exp.status)) clearInterval(timer); else refresh(); }, 10000);
    signal.addEventListener("abort", () => clearInterval(timer), { once: true });
  }
  if (resultsPromise) await resultsPromise;
}

function fillMeta(dl, exp) {
  const rows = [
    ["Type", exp.type], ["Simulator", exp.simulator], ["Branch forked", exp.branch], ["Seed", exp.seed],
    ["Submitted", `${fmt.time(exp.submitted)}${exp.submittedBy ? ` by ${exp.submittedBy}` : ""}`],
    ["Started", fmt.time(exp.started)], ["Finished", fmt.time(exp.finished)], ["Result id", exp.resultId || "–"],
  ];
  if (exp.error) rows.push(["Error", exp.error]);
  clear(dl).append(...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v === undefined || v === null || v === "" ? "–" : String(v) })]));
}
