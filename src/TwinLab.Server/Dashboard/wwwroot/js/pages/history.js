// Page 'history' (#/history/ID?asOf=…; #/history lets the user pick a twin): the twin's changes newest first (time,
// actor, what changed), and time travel — choosing a change, moving the slider or entering a time shows the twin as of
// that point beside the twin now, with the differences marked.
import { api } from "../api.js";
import { el, clear, fmt, href, badge, loading, errorView } from "../ui.js";
import { loadGraph, compareDocs, valueText } from "./twin-data.js";

const PAGE = 100;

export default {
  route: "history",
  title: "History",
  async render(root, { params, query, signal, branch, navigate }) {
    const id = params[0];
    root.append(el("h1", {}, "History", id ? [" of ", el("code", { text: id })] : null));
    root.append(await picker(id, branch, signal, navigate));
    if (!id) {
      root.append(el("p", { class: "muted", text: "Pick a twin to see its changes and travel back in time." }));
      return;
    }
    const path = "/digitaltwins/" + encodeURIComponent(id);
    const [first, now] = await Promise.all([
      api(path + "/history", { query: { branch, top: PAGE }, signal }),
      api(path, { query: { branch }, signal }).catch(e => { if (e.status === 404) return null; throw e; }),
    ]);
    const entries = [...first.value];
    let token = first.continuationToken;

    const timeline = el("ol", { class: "hi-timeline", "aria-label": "Changes, newest first" });
    const more = el("button", { type: "button", text: "Load older changes", onClick: loadMore });
    const slider = el("input", { type: "range", id: "hi-slider", min: 0, step: 1, "aria-describedby": "hi-slider-value" });
    const sliderValue = el("output", { id: "hi-slider-value", for: "hi-slider" });
    const timeInput = el("input", { type: "datetime-local", id: "hi-time", step: 1 });
    const compareBox = el("div", { class: "hi-compare", "aria-live": "polite" });
    let selected = null; // sequence number shown, or an ISO time

    root.append(
      el("p", { class: "row" }, el("a", { href: href("twin", id), text: "Open the twin" }), branch !== "main" ? badge("branch " + branch, "warn") : null,
        now ? null : badge("deleted", "bad"),
        el("span", { class: "muted", text: `${entries.length}${token ? "+" : ""} changes on ${branch}` })),
      el("section", { class: "panel hi-travel", "aria-labelledby": "hi-travel-title" },
        el("h2", { id: "hi-travel-title", text: "Time travel" }),
        el("div", { class: "row" },
          el("label", { for: "hi-slider", text: "Change" }), slider, sliderValue),
        el("form", { class: "row", onSubmit: e => { e.preventDefault(); travelToTime(); } },
          el("label", { for: "hi-time", text: "Or any time (UTC)" }), timeInput, el("button", { type: "submit", text: "Show as of this time" }))),
      el("div", { class: "hi-layout" },
        el("section", { class: "panel hi-list", "aria-labelledby": "hi-list-title" }, el("h2", { id: "hi-list-title", text: "Changes" }), timeline, token ? more : null),
        el("section", { class: "panel", "aria-labelledby": "hi-compare-title" }, el("h2", { id: "hi-compare-title", text: "Then and now" }), compareBox)));

    function renderTimeline() {
      clear(timeline);
      if (!entries.length) timeline.append(el("li", { class: "muted", text: "No changes in this range." }));
      for (const e of entries) timeline.append(entryItem(e));
      slider.max = String(Math.max(0, entries.length - 1));
      slider.disabled = entries.length === 0;
      more.hidden = !token;
    }

    function entryItem(e) {
      const pressed = selected === e.sequence;
      return el("li", { class: "hi-entry" + (pressed ? " selected" : ""), "data-sequence": e.sequence },
        el("button", { type: "button", class: "hi-entry-button", "aria-pressed": String(pressed), onClick: () => select(e.sequence) },
          el("span", { class: "hi-when" }, el("time", { datetime: e.time, text: fmt.time(e.time) }), " ", el("span", { class: "muted", text: `#${e.sequence}` })),
          el("span", { class: "hi-what" }, badge(e.kind, kindBadge(e.kind)), " ", el("span", { class: "hi-actor", text: e.actor }), e.branch !== branch ? el("span", { class: "muted", text: ` (on ${e.branch})` }) : null),
          el("span", { class: "hi-change", text: changeText(e) })));
    }

    // Slider: left is the oldest loaded change, right the newest.
    const indexOf = seq => entries.findIndex(e => e.sequence === seq);
    function syncSlider() {
      const i = typeof selected === "number" ? indexOf(selected) : -1;
      if (i >= 0) slider.value = String(entries.length - 1 - i);
      const e = i >= 0 ? entries[i] : null;
      sliderValue.textContent = e ? `#${e.sequence} · ${fmt.time(e.time)}` : typeof selected === "string" ? fmt.time(selected) : "";
    }
    slider.addEventListener("input", () => {
      const e = entries[entries.length - 1 - Number(slider.value)];
      if (e) sliderValue.textContent = `#${e.sequence} · ${fmt.time(e.time)}`;
    });
    slider.addEventListener("change", () => { const e = entries[entries.length - 1 - Number(slider.value)]; if (e) select(e.sequence); });

    async function loadMore() {
      more.disabled = true;
      try {
        const page = await api(path + "/history", { query: { branch, top: PAGE, continuationToken: token }, signal });
        entries.push(...page.value);
        token = page.continuationToken;
        renderTimeline();
        syncSlider();
      } catch (e) {
        if (!signal.aborted) timeline.after(errorView(e, "Older changes"));
      } finally { more.disabled = false; }
    }

    function travelToTime() {
      if (!timeInput.value) { timeInput.focus(); return; }
      const iso = new Date(timeInput.value + (timeInput.value.length === 16 ? ":00" : "") + "Z").toISOString();
      select(iso);
    }

    async function select(point) {
      selected = point;
      renderTimeline();
      syncSlider();
      history.replaceState(null, "", href("history", id) + "?asOf=" + encodeURIComponent(point));
      const pressed = timeline.querySelector("[aria-pressed=true]");
      if (pressed && document.activeElement && document.activeElement.classList.contains("hi-entry-button")) pressed.focus();
      clear(compareBox);
      compareBox.setAttribute("aria-busy", "true");
      compareBox.append(loading("Reading the twin as of that point…"));
      try {
        const then = await api(path, { query: { branch, asOf: point }, signal }).catch(e => { if (e.status === 404) return null; throw e; });
        if (selected !== point) return;
        clear(compareBox);
        compareBox.append(comparison(point, then, now));
      } catch (e) {
        if (signal.aborted || selected !== point) return;
        clear(compareBox);
        compareBox.append(errorView(e, "Time travel"));
      } finally {
        if (selected === point) compareBox.setAttribute("aria-busy", "false");
      }
    }

    function comparison(point, then, current) {
      const e = typeof point === "number" ? entries[indexOf(point)] : null;
      const label = typeof point === "number" ? `As of #${point}${e ? " (" + fmt.time(e.time) + ")" : ""}` : `As of ${fmt.time(point)}`;
      const rows = compareDocs(then, current);
      const changed = rows.filter(r => r.changed).length;
      const t = el("table", { class: "data hi-table" },
        el("caption", { text: `${label} and now: ${changed} ${changed === 1 ? "difference" : "differences"}` }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Property" }), el("th", { scope: "col", text: label, class: "hi-then" }),
          el("th", { scope: "col", text: "Now" }), el("th", { scope: "col", text: "Differs" }))),
        el("tbody", {}, rows.map(r => el("tr", { class: r.changed ? "changed" : null, "data-path": r.path },
          el("th", { scope: "row", text: r.path }),
          el("td", { class: "hi-then-value", text: r.left === undefined ? "—" : valueText(r.left) }),
          el("td", { class: "hi-now-value", text: r.right === undefined ? "—" : valueText(r.right) }),
          el("td", { class: "hi-flag" }, r.changed ? el("span", { class: "hi-changed", text: "≠ changed" }) : el("span", { class: "muted", text: "same" }))))));
      return el("div", {},
        then ? null : el("p", { class: "hi-missing", text: "The twin did not exist at that point." }),
        current ? null : el("p", { class: "hi-missing", text: "The twin does not exist now (it was deleted)." }),
        el("div", { class: "table-wrap" }, t));
    }

    renderTimeline();
    const asked = query.get("asOf");
    const start = asked ? (/^\d+$/.test(asked) ? Number(asked) : asked) : entries.length > 1 ? entries[1].sequence : entries[0]?.sequence;
    if (start !== undefined) await select(start);
    else compareBox.append(el("p", { class: "muted", text: "Nothing to compare yet." }));
  },
};

async function picker(id, branch, signal, navigate) {
  const input = el("input", { id: "hi-twin", type: "text", list: "hi-twins", value: id || "", autocomplete: "off", required: true, spellcheck: "false" });
  const list = el("datalist", { id: "hi-twins" });
  const form = el("form", { class: "row hi-picker", onSubmit: e => { e.preventDefault(); if (input.value.trim()) navigate(href("history", input.value.trim())); } },
    el("label", { for: "hi-twin", text: "Twin" }), input, list, el("button", { type: "submit", class: "primary", text: "Show history" }));
  try {
    const g = await loadGraph(branch, signal, { max: 5000 });
    for (const t of g.twins) list.append(el("option", { value: t.id, label: t.name ? `${t.name}` : null }));
  } catch (e) {
    if (signal.aborted) throw e;
  }
  return form;
}

function kindBadge(kind) { return kind.endsWith("Delete") ? "bad" : kind.endsWith("Create") ? "ok" : "info"; }

/** What a change did, in words: the patch's operations, or what was created or deleted. */
export function changeText(e) {
  const ops = Array.isArray(e.patch) ? e.patch : null;
  const rel = e.relationship;
  const relText = rel ? `${rel.$sourceId} —${rel.$relationshipName}→ ${rel.$targetId}` : "";
  if (e.kind === "Twin.Create") return "created";
  if (e.kind === "Twin.Delete") return "deleted";
  if (e.kind === "Relationship.Create") return "added " + relText;
  if (e.kind === "Relationship.Delete") return "removed " + relText;
  const parts = (ops || []).map(op => {
    const p = op.path.replace(/^\//, "").replace(/~1/g, "/").replace(/~0/g, "~");
    return op.op === "remove" ? `removed ${p}` : `${p} → ${valueText(op.value)}`;
  });
  const text = parts.length ? parts.join("; ") : "no value changed";
  return rel ? `${relText}: ${text}` : text;
}
