// Page 'branches' (#/branches; #/branches/NAME): the branches with their parent, fork point and creation time; creating
// one; and a branch's differences from its parent side by side (parent value | branch value per twin and property,
// added and removed twins and relationships), with merge (conflicts shown as the server reports them) and discard, each
// after a confirmation.
import { api } from "../api.js";
import { el, clear, table, fmt, href, badge, errorView, toast } from "../ui.js";
import { valueText, compareDocs } from "./twin-data.js";

export default {
  route: "branches",
  title: "Branches",
  async render(root, ctx) {
    const name = ctx.params[0];
    const list = await api("/branches", { signal: ctx.signal });
    const branches = list.value || [];
    if (name) return detail(root, ctx, name, branches);
    root.append(el("h1", { text: "Branches" }),
      el("p", { class: "muted", text: "A branch is a copy-on-write fork of the twin graph: change it freely, compare it with its parent, then merge it or discard it. The header's branch picker shows any page on a branch." }));
    root.append(el("section", { class: "panel", "aria-labelledby": "br-list-title" }, el("h2", { id: "br-list-title", text: "All branches" }),
      table({
        caption: `${branches.length} ${branches.length === 1 ? "branch" : "branches"}`,
        columns: [
          { key: "name", label: "Branch", sort: true, format: v => v === "main" ? el("span", {}, v, " ", badge("live", "ok")) : el("a", { href: href("branches", v), text: v }) },
          { key: "parent", label: "Parent", sort: true, format: v => v ?? "—" },
          { key: "forkSequence", label: "Fork point (sequence)", num: true, sort: true, format: v => v === null || v === undefined ? "—" : "#" + v },
          { key: "created", label: "Created (UTC)", sort: true, format: v => v ? fmt.time(v) : "—" },
        ],
        rows: branches,
      })));
    root.append(createForm(branches, ctx));
  },
};

function createForm(branches, { navigate, signal }) {
  const nameInput = el("input", { id: "br-name", type: "text", required: true, autocomplete: "off", spellcheck: "false", placeholder: "e.g. what-if-ahu-2-off" });
  const from = el("select", { id: "br-from" }, branches.map(b => el("option", { value: b.name, text: b.name })));
  const at = el("input", { id: "br-at", type: "text", autocomplete: "off", placeholder: "now", "aria-describedby": "br-at-hint" });
  const message = el("div", { role: "alert" });
  const submit = el("button", { type: "submit", class: "primary", text: "Create branch" });
  const form = el("form", { class: "panel br-create", "aria-labelledby": "br-create-title" },
    el("h2", { id: "br-create-title", text: "Create a branch" }),
    el("div", { class: "row" },
      el("div", { class: "ex-field" }, el("label", { for: "br-name", text: "Name" }), nameInput),
      el("div", { class: "ex-field" }, el("label", { for: "br-from", text: "From branch" }), from),
      el("div", { class: "ex-field" }, el("label", { for: "br-at", text: "At (optional)" }), at)),
    el("p", { id: "br-at-hint", class: "hint", text: "Leave 'At' empty to fork the branch as it is now, or give a sequence number or an ISO 8601 time (e.g. 2026-11-24T09:00:00Z) to fork an earlier state." }),
    message, submit);
  form.addEventListener("submit", async e => {
    e.preventDefault();
    clear(message);
    const name = nameInput.value.trim();
    if (!name) { nameInput.focus(); return; }
    const body = { name, from: from.value };
    const point = at.value.trim();
    if (point) body.at = /^\d+$/.test(point) ? Number(point) : point;
    if (!(await confirmDialog(`Create branch '${name}'?`, `It starts as a copy of '${from.value}'${point ? " as of " + point : " now"}.`, "Create branch"))) return;
    submit.disabled = true;
    try {
      await api("/branches", { method: "POST", body, signal });
      toast(`Branch '${name}' created.`);
      navigate(href("branches", name));
    } catch (err) {
      if (!signal.aborted) message.append(errorView(err, "Create"));
    } finally { submit.disabled = false; }
  });
  return form;
}

async function detail(root, { signal, navigate }, name, branches) {
  const info = branches.find(b => b.name === name);
  root.append(el("h1", {}, "Branch ", el("code", { text: name })), el("p", {}, el("a", { href: "#/branches", text: "← All branches" })));
  if (!info) { root.append(errorView(new Error(`There is no branch '${name}'.`), "Branch")); return; }
  if (!info.parent) { root.append(el("p", { text: "main is the live twin: it has no parent to compare with. Pick another branch." })); return; }
  const diff = await api(`/branches/${encodeURIComponent(name)}/diff`, { signal });
  const message = el("div", { class: "br-message", "aria-live": "polite" });
  const mergeButton = el("button", { type: "button", class: "primary", text: `Merge into ${info.parent}` });
  const discardButton = el("button", { type: "button", class: "danger", text: "Discard branch" });
  root.append(
    el("dl", { class: "br-facts" },
      el("dt", { text: "Parent" }), el("dd", {}, info.parent === "main" ? info.parent : el("a", { href: href("branches", info.parent), text: info.parent })),
      el("dt", { text: "Fork point" }), el("dd", { text: "#" + info.forkSequence }),
      el("dt", { text: "Created" }), el("dd", { text: fmt.time(info.created) }),
      el("dt", { text: "Differences" }), el("dd", { class: "br-counts", text: `${diff.twins.length} twins, ${diff.relationships.length} relationships, ${diff.telemetry.length} telemetry series` })),
    el("div", { class: "row br-actions" }, mergeButton, discardButton,
      el("span", { class: "hint", text: "To change the branch, pick it in the header and edit twins through the API or the CLI (--branch)." })),
    message);

  mergeButton.addEventListener("click", async () => {
    if (!(await confirmDialog(`Merge '${name}' into '${info.parent}'?`, `Its ${diff.twins.length} twin and ${diff.relationships.length} relationship changes are applied to ${info.parent}. If both sides changed the same thing, nothing is applied and the conflicts are listed.`, "Merge"))) return;
    clear(message);
    mergeButton.disabled = true;
    try {
      const m = await api(`/branches/${encodeURIComponent(name)}/merge`, { method: "POST", signal });
      message.append(el("p", { class: "br-merged", role: "status" }, badge("merged", "ok"),
        m.applied ? ` Applied ${m.twins} twins, ${m.relationships} relationships and ${m.telemetryPoints} telemetry points to ${m.parent} (sequence #${m.firstSequence}–#${m.lastSequence}).` : ` Nothing to apply: ${m.parent} already has every change.`));
    } catch (e) {
      if (signal.aborted) return;
      if (e.status === 409 && e.body?.error?.conflicts) message.append(conflictsView(e));
      else message.append(errorView(e, "Merge"));
    } finally { mergeButton.disabled = false; }
  });
  discardButton.addEventListener("click", async () => {
    if (!(await confirmDialog(`Discard '${name}'?`, "The branch and everything written on it are deleted. This cannot be undone.", "Discard", true))) return;
    discardButton.disabled = true;
    try {
      await api(`/branches/${encodeURIComponent(name)}`, { method: "DELETE", signal });
      toast(`Branch '${name}' discarded.`);
      navigate("#/branches");
    } catch (e) {
      if (!signal.aborted) { clear(message); message.append(errorView(e, "Discard")); }
    } finally { discardButton.disabled = false; }
  });

  root.append(diffView(diff, info.parent, name));
}

function conflictsView(e) {
  const conflicts = e.body.error.conflicts;
  return el("div", { class: "error-box br-conflicts", role: "alert" },
    el("p", {}, el("strong", { text: "Merge refused: " }), /nothing was applied/i.test(e.message) ? e.message : `${e.message} Nothing was applied.`),
    table({
      caption: `${conflicts.length} ${conflicts.length === 1 ? "conflict" : "conflicts"}`,
      columns: [{ key: "entity", label: "Twin or relationship" }, { key: "path", label: "Property" }, { key: "reason", label: "Why" }],
      rows: conflicts,
    }));
}

const KIND = { onlyInBranch: ["added on the branch", "ok"], onlyInParent: ["only in the parent (removed on the branch, or added to the parent since)", "bad"], changed: ["changed", "info"] };

function diffView(diff, parent, branch) {
  const box = el("section", { class: "panel", "aria-labelledby": "br-diff-title" }, el("h2", { id: "br-diff-title", text: `Differences: ${parent} | ${branch}` }));
  if (!diff.twins.length && !diff.relationships.length && !diff.telemetry.length) {
    box.append(el("p", { class: "muted br-same", text: `No differences: ${branch} and ${parent} are the same.` }));
    return box;
  }
  if (diff.twins.length) {
    box.append(el("h3", { text: `Twins (${diff.twins.length})` }));
    const t = el("table", { class: "data br-diff" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Twin" }), el("th", { scope: "col", text: "Property" }),
        el("th", { scope: "col", text: `${parent} (parent)` }), el("th", { scope: "col", text: `${branch} (branch)` }))));
    const body = el("tbody");
    for (const tw of diff.twins) {
      const [kindText, kindClass] = KIND[tw.kind] || [tw.kind, "info"];
      const props = tw.properties.length ? tw.properties : [{ path: "", parent: undefined, branch: undefined }];
      if (tw.parentModel !== tw.branchModel && tw.parentModel && tw.branchModel) props.unshift({ path: "$model", parent: tw.parentModel, branch: tw.branchModel });
      props.forEach((p, i) => body.append(el("tr", { class: "br-row br-" + tw.kind, "data-twin": tw.twin, "data-path": p.path },
        i === 0 ? el("th", { scope: "rowgroup", rowspan: props.length }, el("a", { href: href("twin", tw.twin), text: tw.twin }), el("br"), badge(kindText, kindClass)) : null,
        el("td", { text: p.path || "(whole twin)" }),
        el("td", { class: "br-parent", text: cell(p.parent, tw.kind === "onlyInBranch") }),
        el("td", { class: "br-branch", text: cell(p.branch, tw.kind === "onlyInParent") }))));
    }
    t.append(body);
    box.append(el("div", { class: "table-wrap" }, t));
  }
  if (diff.relationships.length) {
    box.append(el("h3", { text: `Relationships (${diff.relationships.length})` }));
    box.append(table({
      columns: [
        { key: "label", label: "Relationship" },
        { key: "kind", label: "Change", format: v => badge((KIND[v] || [v])[0], (KIND[v] || [v, "info"])[1]) },
        { key: "parentText", label: `${parent} (parent)` },
        { key: "branchText", label: `${branch} (branch)` },
      ],
      rows: diff.relationships.map(r => ({ ...r, label: `${r.source} / ${r.id}`, parentText: relText(r.parent), branchText: relText(r.branch) })),
    }));
  }
  if (diff.telemetry.length) {
    box.append(el("h3", { text: `Telemetry (${diff.telemetry.length})` }));
    box.append(table({
      columns: [{ key: "twin", label: "Twin" }, { key: "name", label: "Telemetry" }, { key: "parentPoints", label: `${parent} points`, num: true }, { key: "branchPoints", label: `${branch} points`, num: true }],
      rows: diff.telemetry,
    }));
  }
  return box;
}

function cell(v, absentBecauseNew) { return v === undefined || v === null ? (absentBecauseNew ? "— (absent)" : "—") : valueText(v); }

function relText(r) {
  if (!r) return "— (absent)";
  const props = compareDocs(r, {}).filter(x => !x.path.startsWith("$")).map(x => `${x.path}: ${valueText(x.left)}`);
  return `${r.$sourceId} —${r.$relationshipName}→ ${r.$targetId}` + (props.length ? ` (${props.join(", ")})` : "");
}

/** A modal confirmation (a <dialog>, keyboard-usable, Escape cancels); resolves true when confirmed. */
export function confirmDialog(title, text, action, danger = false) {
  return new Promise(resolve => {
    const yes = el("button", { type: "button", class: danger ? "danger" : "primary", text: action });
    const no = el("button", { type: "button", text: "Cancel" });
    const d = el("dialog", { class: "br-confirm", "aria-labelledby": "br-confirm-title", "aria-describedby": "br-confirm-text" },
      el("h2", { id: "br-confirm-title", text: title }), el("p", { id: "br-confirm-text", text }), el("div", { class: "actions" }, no, yes));
    const done = ok => { d.close(); d.remove(); resolve(ok); };
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
    d.addEventListener("cancel", e => { e.preventDefault(); done(false); });
    document.body.append(d);
    d.showModal();
    no.focus();
  });
}
