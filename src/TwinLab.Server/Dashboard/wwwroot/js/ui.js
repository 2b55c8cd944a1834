// Small DOM helpers shared by every page. Text is always set with textContent: nothing from the API is parsed as HTML.

/**
 * Creates an element. attrs: class, text, html is NOT supported (on purpose); on<Event>: listener; aria-* / data-* /
 * any other: attribute (false/null/undefined leave it out, true sets it empty); style: object. Children may be nodes,
 * strings, numbers, arrays or null.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "style" && typeof value === "object") Object.assign(node.style, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "value" && "value" in node) node.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled") node[key] = !!value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

/** Number and time formats (en-GB style, unambiguous dates). */
export const fmt = {
  num(x, digits = 2) { return x === null || x === undefined || Number.isNaN(x) ? "–" : Number(x).toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 }); },
  fixed(x, digits = 2) { return x === null || x === undefined || Number.isNaN(x) ? "–" : Number(x).toFixed(digits); },
  pct(x, digits = 0) { return x === null || x === undefined || Number.isNaN(x) ? "–" : (x * 100).toFixed(digits) + "%"; },
  int(x) { return x === null || x === undefined ? "–" : Math.round(x).toLocaleString("en-GB"); },
  time(iso) { if (!iso) return "–"; const d = new Date(iso); return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z").replace(/:00Z$/, "Z"); },
  date(iso) { if (!iso) return "–"; const d = new Date(iso); return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().slice(0, 10); },
  json(value) { return JSON.stringify(value, null, 2); },
};

/**
 * A data table. columns: [{key, label, format?(value,row)→string|Node, num?: bool, sort?: bool}]; rows: objects.
 * Sortable columns sort on click (and Enter/Space on the header button). onRow(row) makes rows clickable links.
 */
export function table({ columns, rows, caption, empty = "Nothing to show.", onRow, rowLabel } = {}) {
  const t = el("table", { class: "data" });
  if (caption) t.append(el("caption", { text: caption }));
  const thead = el("thead");
  const tbody = el("tbody");
  let sortKey = null, sortDir = 1;
  const headRow = el("tr");
  for (const c of columns) {
    const th = el("th", { class: c.num ? "num" : null, scope: "col" });
    if (c.sort) {
      th.append(el("button", { type: "button", class: "link", text: c.label, onClick: () => { sortDir = sortKey === c.key ? -sortDir : 1; sortKey = c.key; render(); } }));
    } else th.textContent = c.label;
    headRow.append(th);
  }
  thead.append(headRow);
  t.append(thead, tbody);
  function render() {
    clear(tbody);
    const data = [...rows];
    if (sortKey) data.sort((a, b) => { const x = a[sortKey], y = b[sortKey]; return (x > y ? 1 : x < y ? -1 : 0) * sortDir; });
    if (!data.length) tbody.append(el("tr", {}, el("td", { colspan: columns.length, class: "muted", text: empty })));
    for (const row of data) {
      const tr = el("tr");
      columns.forEach((c, i) => {
        const v = c.format ? c.format(row[c.key], row) : row[c.key];
        const td = el(i === 0 ? "th" : "td", { class: c.num ? "num" : null, scope: i === 0 ? "row" : null });
        if (i === 0 && onRow) td.append(el("a", { href: "#", text: v instanceof Node ? null : String(v ?? ""), "aria-label": rowLabel ? rowLabel(row) : null, onClick: e => { e.preventDefault(); onRow(row); } }, v instanceof Node ? v : null));
        else td.append(v instanceof Node ? v : document.createTextNode(v === null || v === undefined ? "" : String(v)));
        tr.append(td);
      });
      tbody.append(tr);
    }
  }
  render();
  return el("div", { class: "table-wrap" }, t);
}

export function loading(text = "Loading…") { return el("p", { class: "loading", role: "status", text }); }

/** An error, with the API's code when there is one. */
export function errorView(err, context) {
  const code = err && err.code ? ` (${err.code})` : "";
  return el("div", { class: "error-box", role: "alert" }, context ? el("strong", { text: context + ": " }) : null, (err && err.message ? err.message : String(err)) + code);
}

export function toast(message, kind = "") {
  const box = document.getElementById("toasts");
  const t = el("div", { class: "toast " + kind, text: message });
  box.append(t);
  setTimeout(() => t.remove(), 5000);
}

export function badge(text, kind = "info") { return el("span", { class: "badge " + kind, text }); }

export function kpi(label, value, note) {
  return el("div", { class: "kpi" }, el("div", { class: "label", text: label }), el("div", { class: "value", text: value }), note ? el("div", { class: "muted", text: note }) : null);
}

/** Offers text or a Blob as a file download. */
export function download(filename, content, type = "application/octet-stream") {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The current route's link: "#/twin/room%201" for ("twin", "room 1"). */
export function href(page, ...parts) { return "#/" + [page, ...parts.map(p => encodeURIComponent(p))].join("/"); }

/** Tabs with the WAI-ARIA tab pattern (arrow keys move between tabs). tabs: [{id, label, render(panel)}]. */
export function tabs(items, initial) {
  const list = el("div", { role: "tablist", class: "tabs" });
  const panel = el("div", { role: "tabpanel", tabindex: "0" });
  const buttons = items.map((item, i) => el("button", {
    type: "button", role: "tab", id: "tab-" + item.id, "aria-selected": "false", tabindex: "-1",
    onClick: () => select(i),
    onKeydown: e => { if (e.key === "ArrowRight" || e.key === "ArrowLeft") { e.preventDefault(); const j = (i + (e.key === "ArrowRight" ? 1 : items.length - 1)) % items.length; select(j); buttons[j].focus(); } },
  }, item.label));
  list.append(...buttons);
  function select(i) {
    buttons.forEach((b, j) => { b.setAttribute("aria-selected", String(i === j)); b.tabIndex = i === j ? 0 : -1; });
    panel.setAttribute("aria-labelledby", buttons[i].id);
    clear(panel);
    items[i].render(panel);
  }
  select(Math.max(0, items.findIndex(x => x.id === initial)));
  return el("div", { class: "tabs-box" }, list, panel);
}
