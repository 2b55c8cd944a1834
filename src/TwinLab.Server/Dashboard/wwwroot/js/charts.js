// Canvas charts (contract: docs/dashboard.md "Charts"). Every chart draws on a <canvas> sized to its container and the
// device pixel ratio, redraws on resize, is focusable with an aria-label summary, and offers its numbers as a table in
// <details class="chart-data">. Colours: Okabe & Ito's palette, distinguishable with every common colour-vision
// deficiency (Okabe M., Ito K., "Color Universal Design", 2002/2008, https://jfly.uni-koeln.de/color/).
import { el, clear, fmt } from "./ui.js";

/** Okabe–Ito colours, in the order series use them. */
export const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

const AXIS = "#4f5966", GRID = "#e3e7ec", TEXT = "#1b1f24", FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
const MAX_TABLE_ROWS = 500;

// ---------------------------------------------------------------------------------------------------------------------
// Shared frame: container attributes, title, canvases (base + overlay), legend, tooltip, data table, resize.

function frame(container, { title, height = 280, kind }) {
  if (!(container instanceof HTMLElement)) throw new TypeError(`${kind}: 'container' must be an element`);
  const added = [];
  const oldClass = container.className;
  container.classList.add("chart", "chart-" + kind);
  container.tabIndex = 0;
  container.setAttribute("role", "figure");
  const titleEl = title ? el("p", { class: "chart-title", text: title }) : null;
  const canvas = el("canvas", { "aria-hidden": "true" });
  const overlay = el("canvas", { class: "chart-overlay", "aria-hidden": "true" });
  const plot = el("div", { class: "chart-plot" }, canvas, overlay);
  plot.style.height = height + "px";
  const tooltip = el("div", { class: "tooltip", "aria-hidden": "true", hidden: true });
  // What the keyboard reaches is announced here (the tooltip itself follows the mouse silently).
  const live = el("p", { class: "sr-only", "aria-live": "polite" });
  const legend = el("div", { class: "legend" });
  const summary = el("summary", { text: "Data table" });
  const details = el("details", { class: "chart-data" }, summary);
  for (const node of [titleEl, plot, legend, live, details]) if (node) { container.append(node); added.push(node); }
  plot.append(tooltip);
  const f = {
    container, canvas, overlay, plot, tooltip, legend, details, summary, width: 0, height, dpr: 1, onResize: null,
    ctx: canvas.getContext("2d"), octx: overlay.getContext("2d"),
    listeners: [],
    on(target, type, fn, opts) { target.addEventListener(type, fn, opts); this.listeners.push(() => target.removeEventListener(type, fn, opts)); },
    setLabel(text) { container.setAttribute("aria-label", text); },
    size() {
      const w = Math.max(50, Math.floor(plot.clientWidth || container.clientWidth || 600));
      const dpr = window.devicePixelRatio || 1;
      if (w === this.width && dpr === this.dpr && canvas.width === Math.round(w * dpr)) return false;
      this.width = w; this.dpr = dpr;
      for (const c of [canvas, overlay]) { c.width = Math.round(w * dpr); c.height = Math.round(this.height * dpr); c.style.width = w + "px"; c.style.height = this.height + "px"; }
      return true;
    },
    begin(ctx = this.ctx) { ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0); ctx.clearRect(0, 0, this.width, this.height); ctx.font = FONT; return ctx; },
    showTip(lines, x, y) {
      clear(tooltip);
      lines.forEach((line, i) => tooltip.append(i ? el("div", { text: line }) : el("strong", { text: line })));
      tooltip.hidden = false;
      const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
      tooltip.style.left = Math.max(0, Math.min(this.width - tw, x + 12 > this.width - tw ? x - tw - 12 : x + 12)) + "px";
      tooltip.style.top = Math.max(0, Math.min(this.height - th, y - th - 8 < 0 ? y + 12 : y - th - 8)) + "px";
    },
    hideTip() { tooltip.hidden = true; },
    announce(lines) { live.textContent = lines.join(", "); },
    setTable(caption, build) {
      // Built when opened (big tables cost nothing until asked for), rebuilt on data changes while open.
      this.tableCaption = caption; this.tableBuild = build;
      summary.textContent = caption;
      if (details.open) this.renderTable();
    },
    renderTable() {
      while (details.childNodes.length > 1) details.lastChild.remove();
      if (this.tableBuild) details.append(this.tableBuild());
    },
    destroy() {
      this.destroyed = true;
      this.ro?.disconnect();
      for (const off of this.listeners) off();
      for (const node of added) node.remove();
      container.className = oldClass;
      for (const a of ["tabindex", "role", "aria-label", "data-points"]) container.removeAttribute(a);
    },
  };
  f.on(details, "toggle", () => { if (details.open) f.renderTable(); });
  f.ro = new ResizeObserver(() => { if (f.size() && f.onResize) f.onResize(); });
  f.ro.observe(plot);
  f.size();
  return f;
}

function legendItem(color, label, { dashed = false, band = false } = {}) {
  const sw = el("span", { class: "swatch" + (dashed ? " dashed" : "") + (band ? " band" : ""), "aria-hidden": "true" });
  sw.style.background = band ? hexAlpha(color, 0.25) : dashed ? "transparent" : color;
  sw.style.borderColor = color;
  return el("span", { class: "legend-item" }, sw, label);
}

function hexAlpha(hex, a) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${a})`;
}

function dataTable(caption, headers, rows) {
  const t = el("table", { class: "data" }, el("caption", { text: caption }));
  t.append(el("thead", {}, el("tr", {}, headers.map((h, i) => el("th", { scope: "col", class: i ? "num" : null, text: h })))));
  const body = el("tbody");
  for (const r of rows) body.append(el("tr", {}, r.map((v, i) => el(i ? "td" : "th", { class: i ? "num" : null, scope: i ? null : "row", text: v }))));
  t.append(body);
  return el("div", { class: "table-wrap" }, t);
}

// ---------------------------------------------------------------------------------------------------------------------
// Scales and ticks

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` ticks over [lo, hi]. */
export function niceStep(lo, hi, count = 6) {
  const span = Math.abs(hi - lo) || Math.abs(lo) || 1;
  const raw = span / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const r = raw / mag;
  return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
}

function numberTicks(lo, hi, count) {
  const step = niceStep(lo, hi, count);
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { values: out, step, label: v => formatTick(v, step) };
}

function formatTick(v, step) {
  const digits = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  if (Math.abs(v) >= 1e6 || (Math.abs(v) > 0 && Math.abs(v) < 1e-4)) return v.toExponential(Math.min(3, digits));
  return v.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const SEC = 1000, MIN = 60 * SEC, HOUR = 60 * MIN, DAY = 24 * HOUR;
const TIME_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, SEC, 2 * SEC, 5 * SEC, 10 * SEC, 15 * SEC, 30 * SEC, MIN, 2 * MIN, 5 * MIN, 10 * MIN,
  15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = n => String(n).padStart(2, "0");

/** Time ticks in UTC (the dashboard shows every time in UTC, as fmt.time does). Labels have one or two lines. */
function timeTicks(lo, hi, count) {
  const raw = (hi - lo) / Math.max(1, count);
  const values = [];
  let label;
  if (raw <= 7 * DAY) {
    const step = TIME_STEPS.find(s => s >= raw) || 7 * DAY;
    const start = step === 7 * DAY ? mondayOnOrAfter(lo) : Math.ceil(lo / step) * step;
    for (let v = start; v <= hi; v += step) values.push(v);
    let prevDay = null;
    label = v => {
      const d = new Date(v);
      const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
      if (step >= DAY) return [day, d.getUTCFullYear() !== new Date(values[0]).getUTCFullYear() || v === values[0] ? String(d.getUTCFullYear()) : ""];
      let clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      if (step < MIN) clock += `:${pad(d.getUTCSeconds())}`;
      if (step < SEC) clock += `.${String(d.getUTCMilliseconds()).padStart(3, "0")}`;
      const key = d.toISOString().slice(0, 10);
      const second = key !== prevDay ? day : "";
      prevDay = key;
      return [clock, second];
    };
  } else {
    const months = raw <= 31 * DAY ? 1 : raw <= 92 * DAY ? 3 : raw <= 183 * DAY ? 6 : 12 * Math.max(1, Math.round(niceStep(0, raw / (365 * DAY), 1)));
    const d0 = new Date(lo);
    let y = d0.getUTCFullYear(), m = d0.getUTCMonth();
    m = Math.ceil(m / months) * months;
    for (;;) {
      const v = Date.UTC(y + Math.floor(m / 12), m % 12, 1);
      if (v > hi) break;
      if (v >= lo) values.push(v);
      m += months;
    }
    label = v => { const d = new Date(v); return months >= 12 ? [String(d.getUTCFullYear()), ""] : [MONTHS[d.getUTCMonth()], d.getUTCMonth() < months || v === values[0] ? String(d.getUTCFullYear()) : ""]; };
  }
  return { values, label };
}

function mondayOnOrAfter(t) {
  const d = new Date(Math.ceil(t / DAY) * DAY);
  const shift = (8 - d.getUTCDay()) % 7;
  return d.getTime() + shift * DAY;
}

function formatX(v, type) { return type === "time" ? fmt.time(v) : fmt.num(v, 4); }

// ---------------------------------------------------------------------------------------------------------------------
// Line chart

/** Binary search: first index with a[i] >= v in a[0..n). */
function lowerBound(a, n, v) {
  let lo = 0, hi = n;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
  return lo;
}

/** A growable numeric column. */
function column(values, name) {
  if (values === undefined || values === null) return null;
  if (!(values instanceof Float64Array) && !Array.isArray(values) && !ArrayBuffer.isView(values)) throw new TypeError(`${name} must be an array of numbers`);
  const a = new Float64Array(Math.max(16, values.length));
  for (let i = 0; i < values.length; i++) { const v = values[i]; a[i] = v === null || v === undefined ? NaN : +v; }
  return a;
}

function prepareSeries(series, where) {
  if (!Array.isArray(series)) throw new TypeError(`${where}: 'series' must be an array`);
  return series.map((s, i) => {
    if (!s || s.x === undefined || s.y === undefined) throw new TypeError(`${where}: series[${i}] needs 'x' and 'y'`);
    if (s.x.length !== s.y.length) throw new RangeError(`${where}: series[${i}] 'x' has ${s.x.length} values but 'y' has ${s.y.length}`);
    if (s.band && (s.band.lo?.length !== s.x.length || s.band.hi?.length !== s.x.length)) throw new RangeError(`${where}: series[${i}].band 'lo' and 'hi' need ${s.x.length} values`);
    let x = column(s.x, `series[${i}].x`), y = column(s.y, `series[${i}].y`);
    let lo = s.band ? column(s.band.lo, `series[${i}].band.lo`) : null, hi = s.band ? column(s.band.hi, `series[${i}].band.hi`) : null;
    let n = s.x.length;
    let sorted = true;
    for (let k = 1; k < n; k++) if (!(x[k] >= x[k - 1])) { sorted = false; break; }
    if (!sorted) {
      // Unsorted (or with missing x): sort by x once, leaving out points without an x.
      const order = Array.from({ length: n }, (_, k) => k).filter(k => Number.isFinite(x[k])).sort((a, b) => x[a] - x[b]);
      const pick = a => { if (!a) return null; const b = new Float64Array(Math.max(16, n)); order.forEach((k, j) => { b[j] = a[k]; }); return b; };
      x = pick(x); y = pick(y); lo = pick(lo); hi = pick(hi);
      n = order.length;
    }
    const out = { name: s.name ?? `Series ${i + 1}`, x, y, lo, hi, n, color: s.color || palette[i % palette.length],
      dashed: !!s.dashed, step: !!s.step, bandLabel: s.band?.label || null, yMin: Infinity, yMax: -Infinity };
    extendRange(out, 0, out.n);
    return out;
  });
}

function extendRange(s, from, to) {
  for (let k = from; k < to; k++) {
    const v = s.y[k];
    if (v < s.yMin) s.yMin = v;
    if (v > s.yMax) s.yMax = v;
  }
}

/**
 * A line chart of one or more series (time or number x axis), with shaded bands, dashed/step lines, reference lines,
 * legend, nearest-point tooltip, zoom/pan (wheel, drag, + − ← → keys; double-click or Home resets) and live `append`.
 * Big series are drawn as min/max per pixel column, so 100,000+ points draw in a few milliseconds.
 * @returns {{update(series), append(seriesIndex, xs, ys, band?), view(), setView(xMin, xMax), reset(), pointCount(), stats(), destroy()}}
 */
export function lineChart(container, opts = {}) {
  const o = { xType: "number", height: 280, ...opts };
  if (o.xType !== "time" && o.xType !== "number") throw new RangeError(`lineChart: 'xType' must be "time" or "number", not "${o.xType}"`);
  const f = frame(container, { title: o.title, height: o.height, kind: "line" });
  let series = prepareSeries(o.series || [], "lineChart");
  let view = null;          // {xMin, xMax} when the user zoomed or panned; null = follow the data
  let hover = null;         // {s, i}
  let drag = null;
  let pending = false, draws = 0, lastDrawMs = 0;
  const drawTimes = []; // the last redraws' durations (ms), for the bench
  const margin = { right: 16, top: 10, bottom: o.xLabel ? 44 : 30 };

  function extent() {
    let lo = Infinity, hi = -Infinity;
    for (const s of series) if (s.n) { lo = Math.min(lo, s.x[0]); hi = Math.max(hi, s.x[s.n - 1]); }
    if (!Number.isFinite(lo)) return { xMin: 0, xMax: 1 };
    if (lo === hi) return { xMin: lo - (o.xType === "time" ? MIN : 0.5), xMax: hi + (o.xType === "time" ? MIN : 0.5) };
    return { xMin: lo, xMax: hi };
  }
  const currentView = () => view || extent();

  function yRange(xMin, xMax) {
    let lo = Infinity, hi = -Infinity;
    for (const s of series) {
      const a = Math.max(0, lowerBound(s.x, s.n, xMin) - 1), b = Math.min(s.n, lowerBound(s.x, s.n, xMax) + 1);
      if (a === 0 && b === s.n) { lo = Math.min(lo, s.yMin); hi = Math.max(hi, s.yMax); }
      else { const y = s.y; for (let k = a; k < b; k++) { const v = y[k]; if (v < lo) lo = v; if (v > hi) hi = v; } }
      if (s.lo) for (let k = a; k < b; k++) { if (s.lo[k] < lo) lo = s.lo[k]; if (s.hi[k] > hi) hi = s.hi[k]; }
    }
    for (const r of o.refLines || []) { if (r.y < lo) lo = r.y; if (r.y > hi) hi = r.y; }
    if (o.yMin !== undefined && o.yMin !== null) lo = o.yMin;
    if (o.yMax !== undefined && o.yMax !== null) hi = o.yMax;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
    if (lo === hi) { const d = Math.abs(lo) * 0.05 || 1; lo -= d; hi += d; }
    if (o.yMin === undefined || o.yMin === null || o.yMax === undefined || o.yMax === null) {
      const step = niceStep(lo, hi, 5);
      if (o.yMin === undefined || o.yMin === null) lo = Math.floor(lo / step) * step;
      if (o.yMax === undefined || o.yMax === null) hi = Math.ceil(hi / step) * step;
    }
    return { yMin: lo, yMax: hi };
  }

  let geo = null; // the last drawn geometry (for hover, tests)
  function draw() {
    pending = false;
    if (f.destroyed) return;
    const t0 = performance.now();
    const ctx = f.begin();
    const { xMin, xMax } = currentView();
    const { yMin, yMax } = yRange(xMin, xMax);
    const W = f.width, H = f.height;
    const py0 = margin.top, py1 = H - margin.bottom;
    const yt = numberTicks(yMin, yMax, Math.max(2, Math.floor((py1 - py0) / 40)));
    // The left margin fits the widest y label (and the rotated axis title).
    const px0 = Math.max(36, measureLabels(ctx, yt.values.map(yt.label), 120) + 12) + (o.yLabel ? 16 : 0), px1 = W - margin.right;
    const sx = (px1 - px0) / (xMax - xMin), sy = (py1 - py0) / (yMax - yMin);
    const X = v => px0 + (v - xMin) * sx, Y = v => py1 - (v - yMin) * sy;
    geo = { xMin, xMax, yMin, yMax, px0, px1, py0, py1, sx, sy, X, Y, invX: p => xMin + (p - px0) / sx };

    // grid and axes
    ctx.lineWidth = 1;
    ctx.strokeStyle = GRID; ctx.fillStyle = AXIS; ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const v of yt.values) { const y = Math.round(Y(v)) + 0.5; ctx.beginPath(); ctx.moveTo(px0, y); ctx.lineTo(px1, y); ctx.stroke(); ctx.fillText(yt.label(v), px0 - 6, y); }
    const xCount = Math.max(2, Math.floor((px1 - px0) / (o.xType === "time" ? 90 : 70)));
    const xt = o.xType === "time" ? timeTicks(xMin, xMax, xCount) : numberTicks(xMin, xMax, xCount);
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (const v of xt.values) {
      const x = Math.round(X(v)) + 0.5;
      ctx.strokeStyle = GRID; ctx.beginPath(); ctx.moveTo(x, py0); ctx.lineTo(x, py1); ctx.stroke();
      const lab = xt.label(v);
      const [l1, l2] = Array.isArray(lab) ? lab : [lab, ""];
      ctx.fillText(l1, x, py1 + 5);
      if (l2) ctx.fillText(l2, x, py1 + 18);
    }
    ctx.strokeStyle = AXIS; ctx.beginPath(); ctx.moveTo(px0 + 0.5, py0); ctx.lineTo(px0 + 0.5, py1 + 0.5); ctx.lineTo(px1, py1 + 0.5); ctx.stroke();
    if (o.xLabel) { ctx.textBaseline = "bottom"; ctx.fillText(o.xLabel + (o.xType === "time" ? " (UTC)" : ""), (px0 + px1) / 2, H - 1); }
    if (o.yLabel) { ctx.save(); ctx.translate(11, (py0 + py1) / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = "middle"; ctx.fillText(o.yLabel, 0, 0); ctx.restore(); }

    ctx.save();
    ctx.beginPath(); ctx.rect(px0, py0 - 1, px1 - px0, py1 - py0 + 2); ctx.clip();
    for (const s of series) if (s.lo) drawBand(ctx, s, geo);
    for (const s of series) drawLine(ctx, s, geo);
    for (const r of o.refLines || []) {
      const y = Math.round(Y(r.y)) + 0.5;
      ctx.strokeStyle = TEXT; ctx.setLineDash([4, 4]); ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(px0, y); ctx.lineTo(px1, y); ctx.stroke(); ctx.setLineDash([]);
      if (r.label) { ctx.fillStyle = TEXT; ctx.textAlign = "right"; ctx.textBaseline = "bottom"; ctx.fillText(r.label, px1 - 4, y - 2); }
    }
    ctx.restore();
    drawOverlay();
    draws++;
    lastDrawMs = performance.now() - t0;
    drawTimes.push(lastDrawMs);
    if (drawTimes.length > 5000) drawTimes.splice(0, 1000);
  }

  function columnsOf(s, g) {
    // [a, b): the visible points plus one on each side so lines run to the edges.
    const a = Math.max(0, lowerBound(s.x, s.n, g.xMin) - 1);
    const b = Math.min(s.n, lowerBound(s.x, s.n, g.xMax) + 1);
    return [a, b];
  }

  function drawLine(ctx, s, g) {
    const [a, b] = columnsOf(s, g);
    if (b <= a) return;
    // Round joins only where points are few: on the dense min/max zigzag they cost 3× and look the same as bevels.
    ctx.strokeStyle = s.color; ctx.lineWidth = 1.6; ctx.lineJoin = b - a <= 2 * (g.px1 - g.px0) ? "round" : "bevel";
    ctx.setLineDash(s.dashed ? [7, 5] : []);
    ctx.beginPath();
    const { X, Y } = g;
    const x = s.x, y = s.y;
    let pen = false;
    if (b - a <= 2 * (g.px1 - g.px0)) {
      let prevY = NaN;
      for (let k = a; k < b; k++) {
        const yv = y[k];
        if (yv !== yv) { pen = false; continue; }
        const px = X(x[k]), py = Y(yv);
        if (!pen) { ctx.moveTo(px, py); pen = true; }
        else { if (s.step) ctx.lineTo(px, prevY); ctx.lineTo(px, py); }
        prevY = py;
      }
    } else {
      // Min/max per pixel column (M4: first, min, max and last value of each column; Jugel et al., "M4: a
      // visualization-oriented time series data aggregation", PVLDB 7(10), 2014): the same pixels as drawing every
      // point, in one tight O(visible points) pass over the raw values; only 4 points per column are transformed.
      const xMin = g.xMin, sx = g.sx, px0 = g.px0, yMin = g.yMin, sy = g.sy, py1 = g.py1;
      let col = -Infinity, first = 0, mn = 0, mx = 0, last = 0, has = false;
      const flush = () => {
        if (!has) return;
        const c = col + 0.5;
        if (!pen) { ctx.moveTo(c, py1 - (first - yMin) * sy); pen = true; } else ctx.lineTo(c, py1 - (first - yMin) * sy);
        ctx.lineTo(c, py1 - (mn - yMin) * sy); ctx.lineTo(c, py1 - (mx - yMin) * sy); ctx.lineTo(c, py1 - (last - yMin) * sy);
      };
      for (let k = a; k < b; k++) {
        const yv = y[k];
        if (yv !== yv) { flush(); has = false; pen = false; continue; }
        const c = Math.floor(px0 + (x[k] - xMin) * sx);
        if (c !== col || !has) { flush(); col = c; first = mn = mx = last = yv; has = true; }
        else { if (yv < mn) mn = yv; else if (yv > mx) mx = yv; last = yv; }
      }
      flush();
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }

  function drawBand(ctx, s, g) {
    const [a, b] = columnsOf(s, g);
    if (b <= a) return;
    const { X, Y } = g;
    const upper = [], lower = [];
    let col = null, lo = 0, hi = 0;
    const push = () => { if (col !== null) { upper.push(col, Y(hi)); lower.push(col, Y(lo)); } };
    const dense = b - a > 2 * (g.px1 - g.px0);
    for (let k = a; k < b; k++) {
      const l = s.lo[k], h = s.hi[k];
      if (l !== l || h !== h) { push(); col = null; fillBand(ctx, s, upper, lower); upper.length = lower.length = 0; continue; }
      const c = dense ? Math.round(X(s.x[k])) : X(s.x[k]);
      if (c !== col) { push(); col = c; lo = l; hi = h; } else { if (l < lo) lo = l; if (h > hi) hi = h; }
    }
    push();
    fillBand(ctx, s, upper, lower);
  }

  function fillBand(ctx, s, upper, lower) {
    if (upper.length < 4) return;
    ctx.fillStyle = hexAlpha(s.color, 0.2);
    ctx.beginPath();
    ctx.moveTo(upper[0], upper[1]);
    for (let k = 2; k < upper.length; k += 2) ctx.lineTo(upper[k], upper[k + 1]);
    for (let k = lower.length - 2; k >= 0; k -= 2) ctx.lineTo(lower[k], lower[k + 1]);
    ctx.closePath(); ctx.fill();
  }

  function drawOverlay() {
    const ctx = f.begin(f.octx);
    if (drag && drag.box) {
      ctx.fillStyle = "rgba(11,79,138,.12)"; ctx.strokeStyle = "#0b4f8a";
      const x = Math.min(drag.x0, drag.x1), w = Math.abs(drag.x1 - drag.x0);
      ctx.fillRect(x, geo.py0, w, geo.py1 - geo.py0); ctx.strokeRect(x + 0.5, geo.py0 + 0.5, w, geo.py1 - geo.py0);
    }
    if (!hover || !geo) return;
    const s = series[hover.s];
    if (!s || hover.i >= s.n) return;
    const px = geo.X(s.x[hover.i]), py = geo.Y(s.y[hover.i]);
    ctx.strokeStyle = AXIS; ctx.setLineDash([2, 3]);
    ctx.beginPath(); ctx.moveTo(Math.round(px) + 0.5, geo.py0); ctx.lineTo(Math.round(px) + 0.5, geo.py1); ctx.stroke(); ctx.setLineDash([]);
    ctx.fillStyle = "#fff"; ctx.strokeStyle = s.color; ctx.lineWidth = 2.5;
    ctx.beginPath(); ctx.arc(px, py, 4.5, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  }

  function invalidate() { if (!pending && !f.destroyed) { pending = true; requestAnimationFrame(draw); } }

  function nearest(mx, my) {
    if (!geo) return null;
    let best = null, bestD = Infinity;
    series.forEach((s, si) => {
      if (!s.n) return;
      const xv = geo.invX(mx);
      let k = lowerBound(s.x, s.n, xv);
      for (const j of [k - 1, k]) {
        if (j < 0 || j >= s.n || s.y[j] !== s.y[j]) continue;
        const dx = geo.X(s.x[j]) - mx, dy = geo.Y(s.y[j]) - my;
        const d = dx * dx + dy * dy * 0.25;
        if (d < bestD) { bestD = d; best = { s: si, i: j }; }
      }
    });
    return best;
  }

  function showHover(h, anchor, fromKeyboard = false) {
    hover = h;
    drawOverlay();
    if (!h) { f.hideTip(); return; }
    const s = series[h.s];
    const lines = [s.name, formatX(s.x[h.i], o.xType), `${o.yLabel ? o.yLabel + ": " : ""}${fmt.num(s.y[h.i], 4)}`];
    if (s.lo) lines.push(`${s.bandLabel || "band"}: ${fmt.num(s.lo[h.i], 4)} – ${fmt.num(s.hi[h.i], 4)}`);
    f.showTip(lines, anchor ? anchor.x : geo.X(s.x[h.i]), anchor ? anchor.y : geo.Y(s.y[h.i]));
    if (fromKeyboard) f.announce(lines);
    o.onHover?.(h.s, h.i);
  }

  // zoom and pan
  function setView(xMin, xMax, user = true) {
    if (!Number.isFinite(xMin) || !Number.isFinite(xMax) || !(xMax > xMin)) throw new RangeError(`lineChart.setView: needs finite xMin < xMax, not ${xMin}, ${xMax}`);
    const e = extent(), full = e.xMax - e.xMin;
    const span = Math.min(full, Math.max(xMax - xMin, minSpan()));
    const a = Math.max(e.xMin, Math.min(e.xMax - span, (xMin + xMax) / 2 - span / 2));
    view = span >= full * 0.999999 ? null : { xMin: a, xMax: a + span };
    if (user) hover = null;
    invalidate();
  }
  function minSpan() {
    let n = 0; for (const s of series) n = Math.max(n, s.n);
    const e = extent();
    // Down to half the mean spacing of the points (a line between two points), and never below 10 ms on a time axis.
    return Math.max((e.xMax - e.xMin) / Math.max(1, n - 1) / 2, o.xType === "time" ? 10 : (e.xMax - e.xMin) * 1e-9);
  }
  /** Zooms by `factor` (< 1 zooms in) keeping the x under pixel `px` (default: the middle) where it is. */
  function zoomAt(factor, px) {
    const v = currentView();
    const at = geo ? geo.invX(px ?? (geo.px0 + geo.px1) / 2) : (v.xMin + v.xMax) / 2;
    const frac = (at - v.xMin) / (v.xMax - v.xMin);
    const span = Math.max(minSpan(), (v.xMax - v.xMin) * factor);
    const lo = at - frac * span;
    const e = extent();
    // keep the anchor, then slide back inside the data
    const a = Math.max(e.xMin, Math.min(e.xMax - Math.min(span, e.xMax - e.xMin), lo));
    setView(a, a + span);
  }
  function panBy(fraction) { const v = currentView(); const d = (v.xMax - v.xMin) * fraction; setView(v.xMin + d, v.xMax + d); }

  f.on(f.overlay, "wheel", e => { e.preventDefault(); const r = f.overlay.getBoundingClientRect(); zoomAt(Math.exp(e.deltaY * (e.deltaMode ? 0.05 : 0.0015)), e.clientX - r.left); }, { passive: false });
  f.on(f.overlay, "pointerdown", e => {
    if (e.button !== 0) return;
    const r = f.overlay.getBoundingClientRect();
    drag = { x0: e.clientX - r.left, x1: e.clientX - r.left, view: currentView(), box: e.shiftKey, id: e.pointerId };
    f.overlay.setPointerCapture(e.pointerId);
  });
  f.on(f.overlay, "pointermove", e => {
    const r = f.overlay.getBoundingClientRect();
    const mx = e.clientX - r.left, my = e.clientY - r.top;
    if (drag) {
      drag.x1 = mx;
      if (drag.box) { drawOverlay(); return; }
      const dx = (mx - drag.x0) / (geo.px1 - geo.px0) * (drag.view.xMax - drag.view.xMin);
      if (Math.abs(mx - drag.x0) > 2) { drag.moved = true; f.hideTip(); hover = null; setView(drag.view.xMin - dx, drag.view.xMax - dx); }
      return;
    }
    const h = nearest(mx, my);
    showHover(h, { x: mx, y: my });
  });
  const endDrag = e => {
    if (!drag) return;
    if (drag.box && Math.abs(drag.x1 - drag.x0) > 4) { const a = geo.invX(Math.min(drag.x0, drag.x1)), b = geo.invX(Math.max(drag.x0, drag.x1)); drag = null; setView(a, b); }
    drag = null;
    if (e && f.overlay.hasPointerCapture?.(e.pointerId)) f.overlay.releasePointerCapture(e.pointerId);
    drawOverlay();
  };
  f.on(f.overlay, "pointerup", endDrag);
  f.on(f.overlay, "pointercancel", endDrag);
  f.on(f.overlay, "pointerleave", () => { if (!drag) showHover(null); });
  f.on(f.overlay, "dblclick", () => reset());
  f.on(container, "keydown", e => {
    if (e.target !== container) return;
    const k = e.key;
    if (k === "+" || k === "=") zoomAt(1 / 1.5);
    else if (k === "-" || k === "_") zoomAt(1.5);
    else if (k === "ArrowLeft") { if (e.shiftKey) panBy(-0.1); else stepHover(-1); }
    else if (k === "ArrowRight") { if (e.shiftKey) panBy(0.1); else stepHover(1); }
    else if (k === "PageUp") panBy(-0.5);
    else if (k === "PageDown") panBy(0.5);
    else if (k === "Home" || k === "0") reset();
    else if (k === "Escape") { showHover(null); return; }
    else return;
    e.preventDefault();
  });
  f.on(container, "blur", () => showHover(null));

  // Arrow keys walk the points of the first series in view (and pan when they reach an edge).
  function stepHover(dir) {
    const si = hover ? hover.s : series.findIndex(s => s.n > 0);
    if (si < 0) return;
    const s = series[si], v = currentView();
    let i;
    if (!hover) i = dir > 0 ? lowerBound(s.x, s.n, v.xMin) : Math.max(0, lowerBound(s.x, s.n, v.xMax) - 1);
    else {
      // Move by about one pixel column's worth of points so big series are walkable.
      const visible = lowerBound(s.x, s.n, v.xMax) - lowerBound(s.x, s.n, v.xMin);
      const stride = Math.max(1, Math.floor(visible / Math.max(1, geo ? (geo.px1 - geo.px0) / 4 : 100)));
      i = Math.max(0, Math.min(s.n - 1, hover.i + dir * stride));
    }
    if (s.x[i] < v.xMin || s.x[i] > v.xMax) { const w = v.xMax - v.xMin; setView(s.x[i] - w / 2, s.x[i] + w / 2); draw(); }
    showHover({ s: si, i }, null, true);
  }

  function reset() { view = null; hover = null; f.hideTip(); invalidate(); }

  function summaryText() {
    const kind = "Line chart";
    const parts = series.map(s => {
      if (!s.n) return `${s.name}, no points`;
      return `${s.name}, ${fmt.int(s.n)} points from ${formatX(s.x[0], o.xType)} to ${formatX(s.x[s.n - 1], o.xType)}, min ${fmt.num(s.yMin, 3)}, max ${fmt.num(s.yMax, 3)}`;
    });
    return `${kind}: ${o.title ? o.title + ". " : ""}${parts.join("; ") || "no data"}`;
  }

  function renderLegend() {
    clear(f.legend);
    for (const s of series) {
      f.legend.append(legendItem(s.color, s.name, { dashed: s.dashed }));
      if (s.lo) f.legend.append(legendItem(s.color, s.bandLabel || `${s.name} band`, { band: true }));
    }
    for (const r of o.refLines || []) if (r.label) f.legend.append(legendItem(TEXT, r.label, { dashed: true }));
    f.legend.hidden = series.length < 2 && !series.some(s => s.lo) && !(o.refLines || []).length;
  }

  function buildTable() {
    const xh = o.xLabel || (o.xType === "time" ? "Time (UTC)" : "x");
    const blocks = el("div");
    for (const s of series) {
      const caption = s.n > MAX_TABLE_ROWS ? `${s.name}: ${fmt.int(s.n)} points summarised in ${MAX_TABLE_ROWS} intervals` : `${s.name}: ${fmt.int(s.n)} points`;
      if (s.n <= MAX_TABLE_ROWS) {
        const headers = [xh, s.name, ...(s.lo ? [`${s.bandLabel || "band"} low`, `${s.bandLabel || "band"} high`] : [])];
        const rows = [];
        for (let k = 0; k < s.n; k++) rows.push([formatX(s.x[k], o.xType), fmt.num(s.y[k], 4), ...(s.lo ? [fmt.num(s.lo[k], 4), fmt.num(s.hi[k], 4)] : [])]);
        blocks.append(dataTable(caption, headers, rows));
      } else {
        const rows = [];
        for (let r = 0; r < MAX_TABLE_ROWS; r++) {
          const a = Math.floor(r * s.n / MAX_TABLE_ROWS), b = Math.floor((r + 1) * s.n / MAX_TABLE_ROWS);
          let mn = Infinity, mx = -Infinity, sum = 0, c = 0;
          for (let k = a; k < b; k++) { const v = s.y[k]; if (v === v) { if (v < mn) mn = v; if (v > mx) mx = v; sum += v; c++; } }
          rows.push([formatX(s.x[a], o.xType), formatX(s.x[b - 1], o.xType), fmt.int(b - a), fmt.num(c ? mn : NaN, 4), fmt.num(c ? sum / c : NaN, 4), fmt.num(c ? mx : NaN, 4)]);
        }
        blocks.append(dataTable(caption, ["From", "To", "Points", "Min", "Mean", "Max"], rows));
      }
    }
    return blocks;
  }

  let labelPending = false;
  function refreshText(delay = 0) {
    let total = 0; for (const s of series) total += s.n;
    container.dataset.points = String(total);
    if (labelPending) return;
    labelPending = true;
    // The summary and the table follow live data at most once a second (a changing label is re-read by some readers).
    setTimeout(() => {
      labelPending = false;
      if (f.destroyed) return;
      let total = 0; for (const s of series) total += s.n;
      f.setLabel(summaryText() + ". Arrow keys move between points, Shift+arrows pan, + and − zoom, Home resets.");
      f.setTable(`Data table (${fmt.int(total)} points)`, buildTable);
    }, delay);
  }

  f.onResize = () => { draw(); };
  renderLegend();
  refreshText();
  f.setLabel(summaryText());
  draw();

  return {
    update(newSeries) {
      series = prepareSeries(newSeries || [], "lineChart.update");
      hover = null; f.hideTip();
      if (view) setView(view.xMin, view.xMax, false);
      renderLegend(); refreshText(); invalidate();
    },
    append(seriesIndex, xs, ys, band) {
      const s = series[seriesIndex];
      if (!s) throw new RangeError(`lineChart.append: no series ${seriesIndex} (there are ${series.length})`);
      if (!xs || !ys || xs.length !== ys.length) throw new RangeError("lineChart.append: 'xs' and 'ys' need the same length");
      const k = xs.length, need = s.n + k;
      if (need > s.x.length) {
        const cap = Math.max(need, s.x.length * 2);
        const grow = a => { if (!a) return a; const b = new Float64Array(cap); b.set(a.subarray(0, s.n)); return b; };
        s.x = grow(s.x); s.y = grow(s.y); s.lo = grow(s.lo); s.hi = grow(s.hi);
      }
      for (let j = 0; j < k; j++) {
        const xv = +xs[j];
        if (s.n && xv < s.x[s.n - 1]) throw new RangeError(`lineChart.append: xs[${j}] (${xs[j]}) is before the series' last x`);
        s.x[s.n + j] = xv; s.y[s.n + j] = ys[j] === null || ys[j] === undefined ? NaN : +ys[j];
        if (s.lo) { s.lo[s.n + j] = band?.lo?.[j] ?? NaN; s.hi[s.n + j] = band?.hi?.[j] ?? NaN; }
      }
      extendRange(s, s.n, need);
      s.n = need;
      refreshText(1000); invalidate();
    },
    view() { const v = currentView(); return { xMin: v.xMin, xMax: v.xMax, following: view === null, ...(geo ? { yMin: geo.yMin, yMax: geo.yMax } : {}) }; },
    setView(xMin, xMax) { setView(xMin, xMax); },
    reset,
    pointCount() { let t = 0; for (const s of series) t += s.n; return t; },
    stats() { return { draws, lastDrawMs, drawTimes }; },
    redraw() { draw(); return lastDrawMs; },
    destroy() { f.destroy(); },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Category charts share a simple hover/keyboard model: items have hit boxes; arrow keys move between them.

function hitModel(f, describe, onChange) {
  let boxes = [], current = -1;
  function show(i, anchor) {
    current = i;
    onChange?.(i);
    if (i < 0 || !boxes[i]) { f.hideTip(); return; }
    const b = boxes[i], lines = describe(b.item, b.index);
    f.showTip(lines, anchor ? anchor.x : b.x + b.w / 2, anchor ? anchor.y : b.y + Math.min(b.h / 2, 20));
    if (!anchor) f.announce(lines);
  }
  f.on(f.overlay, "pointermove", e => {
    const r = f.overlay.getBoundingClientRect();
    const mx = e.clientX - r.left, my = e.clientY - r.top;
    const i = boxes.findIndex(b => mx >= b.x && mx <= b.x + b.w && my >= b.y && my <= b.y + b.h);
    show(i, { x: mx, y: my });
  });
  f.on(f.overlay, "pointerleave", () => show(-1));
  f.on(f.container, "blur", () => show(-1));
  f.on(f.container, "keydown", e => {
    if (e.target !== f.container || !boxes.length) return;
    const next = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (next) { show(current < 0 ? (next > 0 ? 0 : boxes.length - 1) : (current + next + boxes.length) % boxes.length); e.preventDefault(); }
    else if (e.key === "Home") { show(0); e.preventDefault(); }
    else if (e.key === "End") { show(boxes.length - 1); e.preventDefault(); }
    else if (e.key === "Escape") show(-1);
  });
  return { setBoxes(b) { boxes = b; if (current >= boxes.length) current = -1; }, get current() { return current; } };
}

function valueAxisRange(values) {
  let lo = Math.min(0, ...values), hi = Math.max(0, ...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (lo === hi) hi = lo + 1;
  const step = niceStep(lo, hi, 5);
  return { lo: Math.floor(lo / step - 1e-9) * step, hi: Math.ceil(hi / step - 1e-9) * step };
}

function measureLabels(ctx, labels, max) {
  let w = 0;
  for (const l of labels) w = Math.max(w, ctx.measureText(l).width);
  return Math.min(max, Math.ceil(w));
}

function ellipsize(ctx, text, width) {
  if (ctx.measureText(text).width <= width) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(s + "…").width > width) s = s.slice(0, -1);
  return s + "…";
}

// ---------------------------------------------------------------------------------------------------------------------
// Histogram

/**
 * Histograms of one or more series over shared bins, overlaid (semi-transparent fills with distinct outlines).
 * @returns {{update(series), bins(), destroy()}}
 */
export function histogram(container, opts = {}) {
  const o = { bins: 30, height: 240, ...opts };
  if (!(Number.isInteger(o.bins) && o.bins >= 1 && o.bins <= 1000)) throw new RangeError(`histogram: 'bins' must be an integer from 1 to 1000, not ${o.bins}`);
  const f = frame(container, { title: o.title, height: o.height, kind: "histogram" });
  let series = [], edges = [], counts = [], pending = false;
  const dashes = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

  function prepare(list) {
    if (!Array.isArray(list)) throw new TypeError("histogram: 'series' must be an array");
    series = list.map((s, i) => {
      if (!s || !s.values || typeof s.values.length !== "number") throw new TypeError(`histogram: series[${i}] needs 'values'`);
      const vals = Array.from(s.values, Number).filter(Number.isFinite);
      return { name: s.name ?? `Series ${i + 1}`, values: vals, color: s.color || palette[i % palette.length] };
    });
    let lo = Infinity, hi = -Infinity;
    for (const s of series) for (const v of s.values) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
    if (lo === hi) { lo -= 0.5; hi += 0.5; }
    // Nice bin width (1/2/5 × 10^k) close to the asked number of bins, edges on multiples of it.
    const width = niceStep(lo, hi, o.bins);
    const start = Math.floor(lo / width) * width;
    // The last bin is closed: the maximum lands in it rather than opening a bin of its own.
    const n = Math.max(1, Math.ceil((hi - start) / width - 1e-9));
    edges = Array.from({ length: n + 1 }, (_, i) => start + i * width);
    counts = series.map(s => {
      const c = new Array(n).fill(0);
      for (const v of s.values) c[Math.min(n - 1, Math.max(0, Math.floor((v - start) / width)))]++;
      return c;
    });
  }

  const hits = hitModel(f, (_, b) => [`${fmt.num(edges[b], 4)} – ${fmt.num(edges[b + 1], 4)}`, ...series.map((s, i) => `${s.name}: ${fmt.int(counts[i][b])}`)], () => drawOverlay());

  function draw() {
    pending = false;
    if (f.destroyed) return;
    const ctx = f.begin();
    const W = f.width, H = f.height, m = { left: 52, right: 14, top: 8, bottom: o.xLabel ? 44 : 28 };
    const px0 = m.left, px1 = W - m.right, py0 = m.top, py1 = H - m.bottom;
    const nb = edges.length - 1;
    let maxC = 1; for (const c of counts) for (const v of c) maxC = Math.max(maxC, v);
    const yt = numberTicks(0, maxC, Math.max(2, Math.floor((py1 - py0) / 40)));
    const yHi = Math.max(maxC, yt.values[yt.values.length - 1]);
    const X = v => px0 + (v - edges[0]) / (edges[nb] - edges[0]) * (px1 - px0), Y = v => py1 - v / yHi * (py1 - py0);
    ctx.strokeStyle = GRID; ctx.fillStyle = AXIS; ctx.textAlign = "right"; ctx.textBaseline = "middle"; ctx.lineWidth = 1;
    for (const v of yt.values) { if (!Number.isInteger(v)) continue; const y = Math.round(Y(v)) + 0.5; ctx.beginPath(); ctx.moveTo(px0, y); ctx.lineTo(px1, y); ctx.stroke(); ctx.fillText(fmt.int(v), px0 - 6, y); }
    const xt = numberTicks(edges[0], edges[nb], Math.max(2, Math.floor((px1 - px0) / 70)));
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (const v of xt.values) { if (v < edges[0] - 1e-9 || v > edges[nb] + 1e-9) continue; const x = X(v); ctx.beginPath(); ctx.moveTo(x, py1); ctx.lineTo(x, py1 + 4); ctx.strokeStyle = AXIS; ctx.stroke(); ctx.fillText(xt.label(v), x, py1 + 6); }
    if (o.xLabel) { ctx.textBaseline = "bottom"; ctx.fillText(o.xLabel, (px0 + px1) / 2, H - 1); }
    ctx.save(); ctx.translate(11, (py0 + py1) / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = "middle"; ctx.fillText("Count", 0, 0); ctx.restore();
    const alpha = series.length > 1 ? 0.35 : 0.75;
    series.forEach((s, si) => {
      ctx.fillStyle = hexAlpha(s.color, alpha);
      for (let b = 0; b < nb; b++) if (counts[si][b]) { const x0 = X(edges[b]), x1 = X(edges[b + 1]); ctx.fillRect(x0, Y(counts[si][b]), Math.max(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0)), py1 - Y(counts[si][b])); }
    });
    series.forEach((s, si) => {
      // Outline as a step line, dashed differently per series: overlaps stay readable without colour.
      ctx.strokeStyle = s.color; ctx.lineWidth = 2; ctx.setLineDash(dashes[si % dashes.length]);
      ctx.beginPath(); ctx.moveTo(X(edges[0]), py1);
      for (let b = 0; b < nb; b++) { ctx.lineTo(X(edges[b]), Y(counts[si][b])); ctx.lineTo(X(edges[b + 1]), Y(counts[si][b])); }
      ctx.lineTo(X(edges[nb]), py1); ctx.stroke(); ctx.setLineDash([]);
    });
    ctx.strokeStyle = AXIS; ctx.lineWidth = 1; ctx.beginPath(); ctx.moveTo(px0 + 0.5, py0); ctx.lineTo(px0 + 0.5, py1 + 0.5); ctx.lineTo(px1, py1 + 0.5); ctx.stroke();
    hits.setBoxes(Array.from({ length: nb }, (_, b) => ({ x: X(edges[b]), y: py0, w: X(edges[b + 1]) - X(edges[b]), h: py1 - py0, item: null, index: b })));
    geo = { X, py0, py1 };
    drawOverlay();
  }
  let geo = null;
  function drawOverlay() {
    const ctx = f.begin(f.octx);
    const b = hits.current;
    if (b < 0 || !geo) return;
    ctx.fillStyle = "rgba(27,31,36,.08)"; ctx.strokeStyle = AXIS;
    ctx.fillRect(geo.X(edges[b]), geo.py0, geo.X(edges[b + 1]) - geo.X(edges[b]), geo.py1 - geo.py0);
  }
  function invalidate() { if (!pending) { pending = true; requestAnimationFrame(draw); } }

  function refresh() {
    clear(f.legend);
    series.forEach((s, i) => f.legend.append(legendItem(s.color, `${s.name} (${fmt.int(s.values.length)})`, { dashed: i % dashes.length > 0 })));
    f.legend.hidden = series.length < 2;
    const nb = edges.length - 1;
    const desc = series.map(s => {
      if (!s.values.length) return `${s.name}, no values`;
      let sum = 0, mn = Infinity, mx = -Infinity; for (const v of s.values) { sum += v; if (v < mn) mn = v; if (v > mx) mx = v; }
      return `${s.name}, ${fmt.int(s.values.length)} values, mean ${fmt.num(sum / s.values.length, 3)}, min ${fmt.num(mn, 3)}, max ${fmt.num(mx, 3)}`;
    }).join("; ");
    f.setLabel(`Histogram: ${o.title ? o.title + ". " : ""}${desc || "no data"}; ${nb} bins from ${fmt.num(edges[0], 4)} to ${fmt.num(edges[nb], 4)}. Arrow keys move between bins.`);
    container.dataset.points = String(series.reduce((t, s) => t + s.values.length, 0));
    f.setTable(`Data table (${nb} bins)`, () => dataTable(o.title || "Histogram", [o.xLabel ? `${o.xLabel} from` : "From", "To", ...series.map(s => s.name)],
      Array.from({ length: nb }, (_, b) => [fmt.num(edges[b], 4), fmt.num(edges[b + 1], 4), ...series.map((_, i) => fmt.int(counts[i][b]))])));
  }

  prepare(o.series || []);
  refresh();
  f.onResize = draw;
  draw();
  return {
    update(list) { prepare(list || []); refresh(); invalidate(); },
    bins() { return edges.slice(0, -1).map((e, b) => ({ from: e, to: edges[b + 1], counts: counts.map(c => c[b]) })); },
    pointCount() { return series.reduce((t, s) => t + s.values.length, 0); },
    destroy() { f.destroy(); },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Bar chart (with intervals as whiskers) and tornado

function checkItems(items, where, fields) {
  if (!Array.isArray(items)) throw new TypeError(`${where}: 'items' must be an array`);
  items.forEach((it, i) => {
    for (const k of fields) if (typeof it?.[k] !== "number" || Number.isNaN(it[k])) throw new TypeError(`${where}: items[${i}].${k} must be a number`);
  });
}

/**
 * Bars with optional intervals (whiskers from lo to hi), horizontal (default) or vertical.
 * @returns {{update(items), destroy()}}
 */
export function barChart(container, opts = {}) {
  const o = { horizontal: true, format: v => fmt.num(v, 3), ...opts };
  let items = [];
  const rowH = 26;
  const heightFor = n => o.height || (o.horizontal ? Math.max(80, n * rowH + (o.xLabel ? 50 : 34)) : 260);
  const f = frame(container, { title: o.title, height: heightFor((o.items || []).length), kind: "bar" });
  let pending = false;
  const hits = hitModel(f, it => [it.label, `${o.xLabel ? o.xLabel + ": " : ""}${o.format(it.value)}`, ...(it.lo !== undefined && it.hi !== undefined ? [`interval ${o.format(it.lo)} – ${o.format(it.hi)}`] : [])], () => invalidate());

  function prepare(list) {
    checkItems(list, "barChart", ["value"]);
    list.forEach((it, i) => { if ((it.lo === undefined) !== (it.hi === undefined)) throw new TypeError(`barChart: items[${i}] needs both 'lo' and 'hi' or neither`); });
    items = list.map(it => ({ ...it, label: String(it.label ?? "") }));
    const h = heightFor(items.length);
    if (h !== f.height) { f.height = h; f.plot.style.height = h + "px"; f.width = 0; f.size(); }
  }

  function draw() {
    pending = false;
    if (f.destroyed) return;
    const ctx = f.begin();
    const W = f.width, H = f.height;
    const vals = items.flatMap(it => [it.value, ...(it.lo !== undefined ? [it.lo, it.hi] : [])]);
    const { lo, hi } = valueAxisRange(vals);
    const labW = o.horizontal ? measureLabels(ctx, items.map(i => i.label), Math.min(240, W * 0.35)) + 12 : 48;
    const valW = o.horizontal ? measureLabels(ctx, items.map(i => o.format(i.value)), 100) + 8 : 0;
    const anyNeg = items.some(it => it.value < 0), anyPos = items.some(it => it.value >= 0);
    const m = o.horizontal ? { left: labW + (anyNeg ? valW : 0), right: 12 + (anyPos ? valW : 0), top: 6, bottom: o.xLabel ? 40 : 24 }
      : { left: 52, right: 12, top: anyPos ? 18 : 6, bottom: 50 + (anyNeg ? 14 : 0) };
    const px0 = m.left, px1 = W - m.right, py0 = m.top, py1 = H - m.bottom;
    const boxes = [];
    const ticks = numberTicks(lo, hi, Math.max(2, Math.floor((o.horizontal ? px1 - px0 : py1 - py0) / (o.horizontal ? 80 : 40))));
    ctx.lineWidth = 1;
    if (o.horizontal) {
      const V = v => px0 + (v - lo) / (hi - lo) * (px1 - px0);
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      for (const t of ticks.values) { const x = Math.round(V(t)) + 0.5; ctx.strokeStyle = GRID; ctx.beginPath(); ctx.moveTo(x, py0); ctx.lineTo(x, py1); ctx.stroke(); ctx.fillStyle = AXIS; ctx.fillText(o.format(t), x, py1 + 5); }
      if (o.xLabel) { ctx.textBaseline = "bottom"; ctx.fillText(o.xLabel, (px0 + px1) / 2, H - 1); }
      const band = (py1 - py0) / Math.max(1, items.length);
      items.forEach((it, i) => {
        const y = py0 + i * band, bh = Math.min(18, band * 0.7), yc = y + band / 2;
        const x0 = V(Math.min(0, it.value)), x1 = V(Math.max(0, it.value));
        ctx.fillStyle = hits.current === i ? shade(it.color || palette[0]) : it.color || palette[0];
        ctx.fillRect(x0, yc - bh / 2, Math.max(1, x1 - x0), bh);
        if (it.lo !== undefined) whisker(ctx, V(it.lo), V(it.hi), yc, bh * 0.8, true);
        ctx.fillStyle = TEXT; ctx.textAlign = "right"; ctx.textBaseline = "middle";
        ctx.fillText(ellipsize(ctx, it.label, labW - 10), px0 - 6, yc);
        // the value beyond the bar's end (and its whisker), on the bar's side of zero
        ctx.fillStyle = AXIS;
        if (it.value < 0) { ctx.textAlign = "right"; ctx.fillText(o.format(it.value), Math.min(x0, it.lo !== undefined ? V(it.lo) : x0) - 4, yc); }
        else { ctx.textAlign = "left"; ctx.fillText(o.format(it.value), Math.max(x1, it.hi !== undefined ? V(it.hi) : x1) + 4, yc); }
        boxes.push({ x: 0, y, w: W, h: band, item: it, index: i });
      });
      ctx.strokeStyle = AXIS; ctx.beginPath(); const z = Math.round(V(0)) + 0.5; ctx.moveTo(z, py0); ctx.lineTo(z, py1); ctx.stroke();
    } else {
      const V = v => py1 - (v - lo) / (hi - lo) * (py1 - py0);
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      for (const t of ticks.values) { const y = Math.round(V(t)) + 0.5; ctx.strokeStyle = GRID; ctx.beginPath(); ctx.moveTo(px0, y); ctx.lineTo(px1, y); ctx.stroke(); ctx.fillStyle = AXIS; ctx.fillText(o.format(t), px0 - 6, y); }
      if (o.xLabel) { ctx.save(); ctx.translate(11, (py0 + py1) / 2); ctx.rotate(-Math.PI / 2); ctx.textAlign = "center"; ctx.fillText(o.xLabel, 0, 0); ctx.restore(); }
      const band = (px1 - px0) / Math.max(1, items.length);
      items.forEach((it, i) => {
        const x = px0 + i * band, bw = Math.min(60, band * 0.7), xc = x + band / 2;
        const y0 = V(Math.max(0, it.value)), y1 = V(Math.min(0, it.value));
        ctx.fillStyle = hits.current === i ? shade(it.color || palette[0]) : it.color || palette[0];
        ctx.fillRect(xc - bw / 2, y0, bw, Math.max(1, y1 - y0));
        if (it.lo !== undefined) whisker(ctx, V(it.lo), V(it.hi), xc, bw * 0.6, false);
        ctx.fillStyle = AXIS; ctx.textAlign = "center";
        if (it.value < 0) { ctx.textBaseline = "top"; ctx.fillText(o.format(it.value), xc, Math.max(y1, it.lo !== undefined ? V(it.lo) : y1) + 2); }
        else { ctx.textBaseline = "bottom"; ctx.fillText(o.format(it.value), xc, Math.min(y0, it.hi !== undefined ? V(it.hi) : y0) - 2); }
        ctx.fillStyle = TEXT; ctx.textBaseline = "top";
        ctx.fillText(ellipsize(ctx, it.label, band - 4), xc, py1 + 6);
        boxes.push({ x, y: 0, w: band, h: H, item: it, index: i });
      });
      ctx.strokeStyle = AXIS; ctx.beginPath(); const z = Math.round(V(0)) + 0.5; ctx.moveTo(px0, z); ctx.lineTo(px1, z); ctx.stroke();
    }
    hits.setBoxes(boxes);
  }
  function invalidate() { if (!pending) { pending = true; requestAnimationFrame(draw); } }
  function refresh() {
    const shown = items.slice(0, 6).map(it => `${it.label} ${o.format(it.value)}${it.lo !== undefined ? ` (${o.format(it.lo)} to ${o.format(it.hi)})` : ""}`).join(", ");
    f.setLabel(`Bar chart: ${o.title ? o.title + ". " : ""}${items.length} bars${o.xLabel ? " of " + o.xLabel : ""}${shown ? ": " + shown : ""}${items.length > 6 ? ", …" : ""}. Arrow keys move between bars.`);
    container.dataset.points = String(items.length);
    f.legend.hidden = true;
    const hasInt = items.some(it => it.lo !== undefined);
    f.setTable(`Data table (${items.length} rows)`, () => dataTable(o.title || "Bars", ["Label", o.xLabel || "Value", ...(hasInt ? ["Low", "High"] : [])],
      items.map(it => [it.label, o.format(it.value), ...(hasInt ? [it.lo !== undefined ? o.format(it.lo) : "–", it.hi !== undefined ? o.format(it.hi) : "–"] : [])])));
  }
  prepare(o.items || []);
  refresh();
  f.onResize = draw;
  draw();
  return {
    update(list) { prepare(list || []); refresh(); invalidate(); },
    pointCount() { return items.length; },
    destroy() { f.destroy(); },
  };
}

function whisker(ctx, a, b, c, cap, horizontal) {
  ctx.strokeStyle = TEXT; ctx.lineWidth = 1.5;
  ctx.beginPath();
  if (horizontal) { ctx.moveTo(a, c); ctx.lineTo(b, c); ctx.moveTo(a, c - cap / 2); ctx.lineTo(a, c + cap / 2); ctx.moveTo(b, c - cap / 2); ctx.lineTo(b, c + cap / 2); }
  else { ctx.moveTo(c, a); ctx.lineTo(c, b); ctx.moveTo(c - cap / 2, a); ctx.lineTo(c + cap / 2, a); ctx.moveTo(c - cap / 2, b); ctx.lineTo(c + cap / 2, b); }
  ctx.stroke();
  ctx.lineWidth = 1;
}

function shade(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
  if (!m) return hex;
  const n = parseInt(m[1], 16), k = 0.75;
  return `rgb(${Math.round((n >> 16) * k)},${Math.round(((n >> 8) & 255) * k)},${Math.round((n & 255) * k)})`;
}

/**
 * A tornado (one-at-a-time sensitivity) chart: for each input, the output at its low and high setting around `base`,
 * widest swing first. Low side blue, high side vermillion, each end labelled.
 * @returns {{update(items, base?), destroy()}}
 */
export function tornado(container, opts = {}) {
  const o = { format: v => fmt.num(v, 3), ...opts };
  if (typeof o.base !== "number" || Number.isNaN(o.base)) throw new TypeError("tornado: 'base' must be a number");
  let items = [];
  const rowH = 28;
  const heightFor = n => o.height || Math.max(90, n * rowH + (o.xLabel ? 54 : 38));
  const f = frame(container, { title: o.title, height: heightFor((o.items || []).length), kind: "tornado" });
  const LOW = palette[0], HIGH = palette[5];
  let pending = false;
  const hits = hitModel(f, it => [it.label, `${it.lowLabel ? it.lowLabel : "low"}: ${o.format(it.low)}`, `${it.highLabel ? it.highLabel : "high"}: ${o.format(it.high)}`, `swing ${o.format(Math.abs(it.high - it.low))}`], () => invalidate());
  function prepare(list) {
    checkItems(list, "tornado", ["low", "high"]);
    items = list.map((it, i) => ({ ...it, label: String(it.label ?? ""), order: i })).sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low) || a.order - b.order);
    const h = heightFor(items.length);
    if (h !== f.height) { f.height = h; f.plot.style.height = h + "px"; f.width = 0; f.size(); }
  }
  function draw() {
    pending = false;
    if (f.destroyed) return;
    const ctx = f.begin();
    const W = f.width, H = f.height;
    let lo = o.base, hi = o.base;
    for (const it of items) { lo = Math.min(lo, it.low, it.high); hi = Math.max(hi, it.low, it.high); }
    if (lo === hi) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.12; lo -= pad; hi += pad;
    const labW = measureLabels(ctx, items.map(i => i.label), Math.min(220, W * 0.3)) + 12;
    const px0 = labW, px1 = W - 12, py0 = 18, py1 = H - (o.xLabel ? 40 : 24);
    const V = v => px0 + (v - lo) / (hi - lo) * (px1 - px0);
    const ticks = numberTicks(lo, hi, Math.max(2, Math.floor((px1 - px0) / 90)));
    ctx.lineWidth = 1; ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (const t of ticks.values) { const x = Math.round(V(t)) + 0.5; ctx.strokeStyle = GRID; ctx.beginPath(); ctx.moveTo(x, py0); ctx.lineTo(x, py1); ctx.stroke(); ctx.fillStyle = AXIS; ctx.fillText(o.format(t), x, py1 + 5); }
    if (o.xLabel) { ctx.textBaseline = "bottom"; ctx.fillText(o.xLabel, (px0 + px1) / 2, H - 1); }
    const band = (py1 - py0) / Math.max(1, items.length);
    const boxes = [];
    items.forEach((it, i) => {
      const y = py0 + i * band, bh = Math.min(18, band * 0.7), yc = y + band / 2;
      const xb = V(o.base);
      for (const [v, color, text] of [[it.low, LOW, it.lowLabel], [it.high, HIGH, it.highLabel]]) {
        const xv = V(v);
        ctx.fillStyle = hits.current === i ? shade(color) : color;
        ctx.fillRect(Math.min(xb, xv), yc - bh / 2, Math.max(1, Math.abs(xv - xb)), bh);
        const label = text ?? o.format(v);
        ctx.fillStyle = TEXT; ctx.textBaseline = "middle";
        ctx.textAlign = xv < xb ? "right" : "left";
        ctx.fillText(label, xv + (xv < xb ? -4 : 4), yc);
      }
      ctx.textAlign = "right"; ctx.fillStyle = TEXT;
      ctx.fillText(ellipsize(ctx, it.label, labW - 10), px0 - 6, yc);
      boxes.push({ x: 0, y, w: W, h: band, item: it, index: i });
    });
    ctx.strokeStyle = TEXT; ctx.lineWidth = 1.5; const xb = Math.round(V(o.base)) + 0.5;
    ctx.beginPath(); ctx.moveTo(xb, py0 - 4); ctx.lineTo(xb, py1); ctx.stroke();
    ctx.fillStyle = TEXT; ctx.textAlign = "center"; ctx.textBaseline = "bottom"; ctx.fillText(`base ${o.format(o.base)}`, xb, py0 - 4);
    hits.setBoxes(boxes);
  }
  function invalidate() { if (!pending) { pending = true; requestAnimationFrame(draw); } }
  function refresh() {
    clear(f.legend);
    f.legend.append(legendItem(LOW, "Input at its low setting"), legendItem(HIGH, "Input at its high setting"));
    const shown = items.slice(0, 5).map(it => `${it.label} ${o.format(it.low)} to ${o.format(it.high)}`).join(", ");
    f.setLabel(`Tornado chart: ${o.title ? o.title + ". " : ""}base ${o.format(o.base)}; ${items.length} inputs, widest first${shown ? ": " + shown : ""}${items.length > 5 ? ", …" : ""}. Arrow keys move between inputs.`);
    container.dataset.points = String(items.length);
    f.setTable(`Data table (${items.length} rows)`, () => dataTable(o.title || "Tornado", ["Input", "Low", "High", "Swing"],
      items.map(it => [it.label, `${o.format(it.low)}${it.lowLabel ? ` (${it.lowLabel})` : ""}`, `${o.format(it.high)}${it.highLabel ? ` (${it.highLabel})` : ""}`, o.format(Math.abs(it.high - it.low))])));
  }
  prepare(o.items || []);
  refresh();
  f.onResize = draw;
  draw();
  return {
    update(list, base) { if (base !== undefined) o.base = base; prepare(list || []); refresh(); invalidate(); },
    pointCount() { return items.length; },
    destroy() { f.destroy(); },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Heat strip

// Viridis (van der Walt & Smith, matplotlib, 2015): perceptually uniform, readable in greyscale and with colour-vision
// deficiencies. 9 stops, linearly interpolated.
const VIRIDIS = [[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37]];
function viridis(t) {
  const x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x)), u = x - i;
  const a = VIRIDIS[i], b = VIRIDIS[i + 1];
  return [0, 1, 2].map(k => Math.round(a[k] + (b[k] - a[k]) * u));
}

/**
 * A heat strip: rows of values against shared x labels (e.g. hours), coloured with viridis; values are written in the
 * cells when they fit, so colour is never the only cue.
 * @returns {{update(rows, xLabels?), destroy()}}
 */
export function heatStrip(container, opts = {}) {
  const o = { format: v => fmt.num(v, 2), ...opts };
  let rows = [], xLabels = [], lo = 0, hi = 1, pending = false;
  const rowH = 24;
  const heightFor = n => o.height || Math.max(70, n * rowH + 58);
  const f = frame(container, { title: o.title, height: heightFor((o.rows || []).length), kind: "heat" });
  const hits = hitModel(f, c => [`${c.row}, ${c.x}`, Number.isFinite(c.v) ? o.format(c.v) : "no value"], () => invalidate());
  function prepare(list, labels) {
    if (!Array.isArray(list)) throw new TypeError("heatStrip: 'rows' must be an array");
    if (!Array.isArray(labels)) throw new TypeError("heatStrip: 'xLabels' must be an array");
    list.forEach((r, i) => { if (!r || !Array.isArray(r.values) && !ArrayBuffer.isView(r.values)) throw new TypeError(`heatStrip: rows[${i}].values must be an array`); if (r.values.length !== labels.length) throw new RangeError(`heatStrip: rows[${i}].values has ${r.values.length} values but there are ${labels.length} xLabels`); });
    rows = list.map(r => ({ label: String(r.label ?? ""), values: Array.from(r.values, v => v === null || v === undefined ? NaN : +v) }));
    xLabels = labels.map(String);
    lo = Infinity; hi = -Infinity;
    for (const r of rows) for (const v of r.values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
    if (o.min !== undefined) lo = o.min;
    if (o.max !== undefined) hi = o.max;
    if (lo === hi) hi = lo + 1;
    const h = heightFor(rows.length);
    if (h !== f.height) { f.height = h; f.plot.style.height = h + "px"; f.width = 0; f.size(); }
  }
  function draw() {
    pending = false;
    if (f.destroyed) return;
    const ctx = f.begin();
    const W = f.width, H = f.height;
    const labW = measureLabels(ctx, rows.map(r => r.label), Math.min(200, W * 0.3)) + 12;
    const px0 = labW, px1 = W - 10, py0 = 4, py1 = H - 54;
    const cw = (px1 - px0) / Math.max(1, xLabels.length), ch = (py1 - py0) / Math.max(1, rows.length);
    const boxes = [];
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    rows.forEach((r, ri) => {
      const y = py0 + ri * ch;
      r.values.forEach((v, xi) => {
        const x = px0 + xi * cw;
        if (Number.isFinite(v)) {
          const [R, G, B] = viridis((v - lo) / (hi - lo));
          ctx.fillStyle = `rgb(${R},${G},${B})`;
          ctx.fillRect(x, y, Math.ceil(cw) - (cw > 6 ? 1 : 0), Math.ceil(ch) - 1);
          const text = o.format(v);
          if (ctx.measureText(text).width + 4 < cw && ch >= 14) { ctx.fillStyle = 0.299 * R + 0.587 * G + 0.114 * B > 140 ? TEXT : "#fff"; ctx.fillText(text, x + cw / 2, y + ch / 2); }
        } else {
          ctx.strokeStyle = GRID; ctx.strokeRect(x + 0.5, y + 0.5, cw - 1, ch - 2);
        }
        if (hits.current === boxes.length) { ctx.strokeStyle = TEXT; ctx.lineWidth = 2; ctx.strokeRect(x + 1, y + 1, cw - 2, ch - 3); ctx.lineWidth = 1; }
        boxes.push({ x, y, w: cw, h: ch, item: { row: r.label, x: xLabels[xi], v }, index: boxes.length });
      });
      ctx.fillStyle = TEXT; ctx.textAlign = "right";
      ctx.fillText(ellipsize(ctx, r.label, labW - 10), px0 - 6, y + ch / 2);
      ctx.textAlign = "center";
    });
    // x labels: as many as fit
    ctx.fillStyle = AXIS; ctx.textBaseline = "top";
    let every = 1; const widest = measureLabels(ctx, xLabels, 200) + 8;
    while (cw * every < widest && every < xLabels.length) every++;
    xLabels.forEach((l, xi) => { if (xi % every === 0) ctx.fillText(l, px0 + xi * cw + cw / 2, py1 + 3); });
    // colour scale
    const sy = H - 22, sw = Math.min(240, px1 - px0);
    for (let i = 0; i < sw; i++) { const [R, G, B] = viridis(i / (sw - 1)); ctx.fillStyle = `rgb(${R},${G},${B})`; ctx.fillRect(px0 + i, sy, 1, 10); }
    ctx.fillStyle = AXIS; ctx.textBaseline = "middle"; ctx.textAlign = "right"; ctx.fillText(o.format(lo), px0 - 4, sy + 5);
    ctx.textAlign = "left"; ctx.fillText(o.format(hi), px0 + sw + 4, sy + 5);
    hits.setBoxes(boxes);
  }
  function invalidate() { if (!pending) { pending = true; requestAnimationFrame(draw); } }
  function refresh() {
    f.legend.hidden = true;
    f.setLabel(`Heat strip: ${o.title ? o.title + ". " : ""}${rows.length} rows by ${xLabels.length} columns (${xLabels[0] ?? ""} to ${xLabels[xLabels.length - 1] ?? ""}), values from ${o.format(lo)} to ${o.format(hi)}. Arrow keys move between cells.`);
    container.dataset.points = String(rows.length * xLabels.length);
    f.setTable(`Data table (${rows.length} rows)`, () => dataTable(o.title || "Heat strip", ["", ...xLabels], rows.map(r => [r.label, ...r.values.map(v => Number.isFinite(v) ? o.format(v) : "–")])));
  }
  prepare(o.rows || [], o.xLabels || []);
  refresh();
  f.onResize = draw;
  draw();
  return {
    update(list, labels) { prepare(list || [], labels || xLabels); refresh(); invalidate(); },
    pointCount() { return rows.length * xLabels.length; },
    destroy() { f.destroy(); },
  };
}
