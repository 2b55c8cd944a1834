// The interactive twin graph (contract: docs/dashboard.md "Graph"): a force-directed layout on a canvas that stays
// readable and responsive at thousands of nodes.
//
// Layout: velocity-Verlet style simulation with cooling, as in d3-force (Bostock, https://d3js.org/d3-force): many-body
// repulsion approximated with a Barnes–Hut quadtree (Barnes J., Hut P., "A hierarchical O(N log N) force-calculation
// algorithm", Nature 324, 446–449, 1986; opening angle θ = 0.9), springs along edges (strength 1/min(degree) so hubs do
// not collapse), and a weak pull to the centre so unconnected parts stay in view. Cooling: alpha decays from 1 to 0.001
// over 300 steps; the layout stops there ("settled"). Initial positions on a phyllotaxis spiral, so runs repeat exactly.
// Steps run in slices of ~10 ms per animation frame so zooming and panning stay smooth while the layout settles.
import { el, clear, fmt } from "./ui.js";
import { palette } from "./charts.js";

const THETA2 = 0.81, ALPHA_MIN = 0.001, ALPHA_DECAY = 1 - Math.pow(ALPHA_MIN, 1 / 300), VELOCITY_KEEP = 0.6;
const CHARGE = -40, LINK_DISTANCE = 36, GRAVITY = 0.03, SLICE_MS = 10;
const FONT = "11px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
const EDGE = "rgba(79,89,102,.35)", EDGE_STRONG = "#1b1f24", SELECTED = "#0b4f8a", TEXT = "#1b1f24";

/** How each highlight kind looks: a distinct shape AND outline colour (never colour alone). */
export const highlightStyles = {
  crown: { shape: "diamond", color: "#D55E00", label: "Crown jewel", glyph: "◆" },
  entry: { shape: "triangle", color: "#000000", label: "Entry point", glyph: "▲" },
  path: { shape: "circle", color: "#E69F00", label: "On the path", glyph: "◎" },
};
const DASHES = [[], [6, 4], [2, 3], [9, 3, 2, 3]];
// Groups take the Okabe–Ito colours the highlight outlines do not use, so an outline colour always means a highlight.
const GROUP_COLORS = palette.filter(c => !Object.values(highlightStyles).some(h => h.color.toLowerCase() === c.toLowerCase()));

// ---------------------------------------------------------------------------------------------------------------------
// Barnes–Hut quadtree over typed arrays (rebuilt each step: O(n log n)).

class QuadTree {
  constructor() {
    this.cap = 0; this.count = 0;
    this.ensure(1024);
  }
  /** Room for `cells` cells, keeping the first `count`. */
  ensure(cells) {
    if (cells <= this.cap) return;
    let cap = Math.max(1024, this.cap);
    while (cap < cells) cap *= 2;
    const realloc = (A, old, per = 1) => { const a = new A(cap * per); if (old) a.set(old.subarray(0, this.count * per)); return a; };
    this.child = realloc(Int32Array, this.child, 4);
    this.body = realloc(Int32Array, this.body);
    this.parent = realloc(Int32Array, this.parent);
    for (const k of ["cx", "cy", "mass", "size", "x0", "y0"]) this[k] = realloc(Float64Array, this[k]);
    this.cap = cap;
  }
  newCell(x0, y0, size, parent) {
    this.ensure(this.count + 1);
    const c = this.count++;
    this.child.fill(-1, c * 4, c * 4 + 4);
    this.body[c] = -1; this.mass[c] = 0; this.cx[c] = 0; this.cy[c] = 0;
    this.x0[c] = x0; this.y0[c] = y0; this.size[c] = size; this.parent[c] = parent;
    return c;
  }
  build(xs, ys, n, next) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) { const x = xs[i], y = ys[i]; if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y; }
    const size = Math.max(maxX - minX, maxY - minY, 1) * 1.0001;
    this.count = 0;
    this.next = next;
    const root = this.newCell(minX, minY, size, -1);
    for (let i = 0; i < n; i++) this.insert(root, i, xs, ys);
    // Centre of mass bottom-up: children are always created after their parent.
    for (let c = this.count - 1; c >= 0; c--) {
      if (this.body[c] >= 0) {
        let m = 0, sx = 0, sy = 0;
        for (let b = this.body[c]; b >= 0; b = next[b]) { m++; sx += xs[b]; sy += ys[b]; }
        this.mass[c] = m; this.cx[c] = sx / m; this.cy[c] = sy / m;
      } else if (this.mass[c] > 0) { this.cx[c] /= this.mass[c]; this.cy[c] /= this.mass[c]; }
      const p = this.parent[c];
      if (p >= 0 && this.mass[c] > 0) { this.mass[p] += this.mass[c]; this.cx[p] += this.cx[c] * this.mass[c]; this.cy[p] += this.cy[c] * this.mass[c]; }
    }
  }
  insert(cell, i, xs, ys) {
    const next = this.next;
    for (let depth = 0; ; depth++) {
      const b = this.body[cell];
      const leafEmpty = b === -1 && this.child[cell * 4] === -1 && this.child[cell * 4 + 1] === -1 && this.child[cell * 4 + 2] === -1 && this.child[cell * 4 + 3] === -1;
      if (leafEmpty) { this.body[cell] = i; next[i] = -1; return; }
      if (b >= 0) {
        // A leaf holding bodies: keep coincident points (or very deep cells) together in the leaf's list.
        if ((xs[b] === xs[i] && ys[b] === ys[i]) || depth > 48) { next[i] = next[b]; next[b] = i; return; }
        this.body[cell] = -2;
        let rest = b;
        while (rest >= 0) { const nx = next[rest]; this.insert(this.quadrant(cell, rest, xs, ys), rest, xs, ys); rest = nx; }
      }
      cell = this.quadrant(cell, i, xs, ys);
    }
  }
  quadrant(cell, i, xs, ys) {
    const h = this.size[cell] / 2, x0 = this.x0[cell], y0 = this.y0[cell];
    const q = (xs[i] >= x0 + h ? 1 : 0) + (ys[i] >= y0 + h ? 2 : 0);
    let c = this.child[cell * 4 + q];
    if (c === -1) { c = this.newCell(x0 + (q & 1 ? h : 0), y0 + (q & 2 ? h : 0), h, cell); this.child[cell * 4 + q] = c; }
    return c;
  }
}

// Deterministic jiggle for exactly coincident points (a fixed-seed mulberry32 stream).
function mulberry32(seed) {
  return () => { seed |= 0; seed = seed + 0x6D2B79F5 | 0; let t = Math.imul(seed ^ seed >>> 15, 1 | seed); t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; return ((t ^ t >>> 14) >>> 0) / 4294967296; };
}

/** The force simulation over typed arrays; runs in a worker (see the end of this file) or, failing that, here. */
class Layout {
  constructor({ xs, ys, es, et, degree, alpha }) {
    this.N = xs.length; this.E = es.length;
    this.xs = xs; this.ys = ys; this.es = es; this.et = et; this.degree = degree;
    this.vx = new Float64Array(this.N); this.vy = new Float64Array(this.N); this.next = new Int32Array(this.N);
    this.tree = new QuadTree(); this.jiggle = mulberry32(7);
    this.alpha = alpha; this.ticks = 0;
  }
  get running() { return this.alpha >= ALPHA_MIN && this.N > 0; }
  step() {
    const { N, E, xs, ys, vx, vy, next, es, et, degree, jiggle, alpha } = this;
    const C = this.tree;
    C.build(xs, ys, N, next);
    const stack = new Int32Array(Math.max(64, C.count));
    for (let i = 0; i < N; i++) {
      const xi = xs[i], yi = ys[i];
      let fx = 0, fy = 0, sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const c = stack[--sp];
        const m = C.mass[c];
        if (m === 0) continue;
        let dx = C.cx[c] - xi, dy = C.cy[c] - yi, d2 = dx * dx + dy * dy;
        const w = C.size[c];
        if (C.body[c] >= 0) {
          for (let b = C.body[c]; b >= 0; b = next[b]) {
            if (b === i) continue;
            dx = xs[b] - xi; dy = ys[b] - yi; d2 = dx * dx + dy * dy;
            if (d2 === 0) { dx = (jiggle() - 0.5) * 1e-3; dy = (jiggle() - 0.5) * 1e-3; d2 = dx * dx + dy * dy; }
            if (d2 < 1) d2 = Math.sqrt(d2);
            const f = CHARGE / d2; fx += dx * f; fy += dy * f;
          }
        } else if (w * w < THETA2 * d2) {
          if (d2 < 1) d2 = Math.sqrt(d2);
          const f = CHARGE * m / d2; fx += dx * f; fy += dy * f;
        } else {
          const base = c * 4;
          for (let q = 0; q < 4; q++) { const ch = C.child[base + q]; if (ch >= 0) stack[sp++] = ch; }
        }
      }
      vx[i] += fx * alpha; vy[i] += fy * alpha;
    }
    for (let j = 0; j < E; j++) {
      const s = es[j], t = et[j];
      if (s === t) continue;
      let dx = xs[t] + vx[t] - xs[s] - vx[s], dy = ys[t] + vy[t] - ys[s] - vy[s];
      let l = Math.sqrt(dx * dx + dy * dy) || 1e-6;
      const strength = 1 / Math.min(degree[s], degree[t]);
      l = (l - LINK_DISTANCE) / l * alpha * strength;
      dx *= l; dy *= l;
      const bias = degree[s] / (degree[s] + degree[t]);
      vx[t] -= dx * bias; vy[t] -= dy * bias;
      vx[s] += dx * (1 - bias); vy[s] += dy * (1 - bias);
    }
    for (let i = 0; i < N; i++) {
      vx[i] -= xs[i] * GRAVITY * alpha; vy[i] -= ys[i] * GRAVITY * alpha;
      xs[i] += (vx[i] *= VELOCITY_KEEP); ys[i] += (vy[i] *= VELOCITY_KEEP);
    }
    this.alpha += (0 - alpha) * ALPHA_DECAY;
    this.ticks++;
  }
}

// ---------------------------------------------------------------------------------------------------------------------

/**
 * An interactive graph of nodes and edges on a canvas.
 * @returns {{select(id), setHighlight(map), setEdgeHighlight(set), fit(), update({nodes, edges}), settled(), selected(),
 *   view(), screenPosition(id), stats(), destroy()}}
 */
export function graphView(container, opts = {}) {
  if (!(container instanceof HTMLElement)) throw new TypeError("graphView: 'container' must be an element");
  const o = { height: 560, directed: true, ...opts };
  const oldClass = container.className;
  container.classList.add("graph");
  container.tabIndex = 0;
  container.setAttribute("role", "group");
  container.setAttribute("aria-roledescription", "graph");
  const canvas = el("canvas", { "aria-hidden": "true" });
  const plot = el("div", { class: "graph-plot" }, canvas);
  plot.style.height = o.height + "px";
  const tooltip = el("div", { class: "tooltip", hidden: true });
  plot.append(tooltip);
  const legend = el("div", { class: "legend" });
  const status = el("p", { class: "sr-only", "aria-live": "polite" });
  const list = el("ul", { class: "sr-only graph-list" });
  const listBox = el("div", { class: "sr-only" }, el("p", { text: "Nodes of the graph:" }), list);
  const added = [plot, legend, status, listBox];
  container.append(...added);
  const ctx = canvas.getContext("2d");

  // state
  let N = 0, ids = [], labels = [], groups = [], radius, degree, inDeg;
  let xs, ys;
  let E = 0, es, et, ekind, ekeys = [], edgeLabels = [];
  let index = new Map();
  let groupColor = new Map(), kinds = [];
  let highlight = new Map(), edgeHighlight = new Set();
  let selectedIndex = -1, hoverIndex = -1, skipped = 0;
  let alpha = 1, ticks = 0, settledAt = 0, startedAt = 0;
  let k = 1, tx = 0, ty = 0, userMoved = false;
  let width = 0, height = o.height, dpr = 1;
  let raf = 0, destroyed = false, lastDrawMs = 0, draws = 0, lastInput = -Infinity;
  const drawTimes = []; // the last redraws' durations (ms), for the bench
  const listeners = [];
  const on = (t, type, fn, opt) => { t.addEventListener(type, fn, opt); listeners.push(() => t.removeEventListener(type, fn, opt)); };

  function load(nodes, edges, keep) {
    if (!Array.isArray(nodes)) throw new TypeError("graphView: 'nodes' must be an array");
    if (!Array.isArray(edges)) throw new TypeError("graphView: 'edges' must be an array");
    const oldPos = keep ? new Map(ids.map((id, i) => [id, [xs[i], ys[i]]])) : new Map();
    const oldSelected = selectedIndex >= 0 ? ids[selectedIndex] : null;
    N = nodes.length;
    ids = new Array(N); labels = new Array(N); groups = new Array(N);
    radius = new Float64Array(N); degree = new Int32Array(N); inDeg = new Int32Array(N);
    xs = new Float64Array(N); ys = new Float64Array(N);
    index = new Map();
    highlight = new Map();
    nodes.forEach((n, i) => {
      if (!n || n.id === undefined || n.id === null || n.id === "") throw new TypeError(`graphView: nodes[${i}].id is missing`);
      const id = String(n.id);
      if (index.has(id)) throw new RangeError(`graphView: nodes[${i}].id '${id}' appears twice`);
      if (n.highlight && !highlightStyles[n.highlight]) throw new RangeError(`graphView: nodes[${i}].highlight must be crown, entry, path or null, not '${n.highlight}'`);
      index.set(id, i);
      ids[i] = id; labels[i] = String(n.label ?? id); groups[i] = String(n.group ?? "");
      radius[i] = Math.max(3, Math.min(18, 5 * Math.sqrt(n.size > 0 ? n.size : 1)));
      if (n.highlight) highlight.set(i, n.highlight);
    });
    const groupNames = [...new Set(groups)];
    groupColor = new Map(groupNames.map((g, i) => [g, GROUP_COLORS[i % GROUP_COLORS.length]]));
    const keptEdges = [];
    skipped = 0;
    edges.forEach((e, i) => {
      if (!e || e.source === undefined || e.target === undefined) throw new TypeError(`graphView: edges[${i}] needs 'source' and 'target'`);
      const s = index.get(String(e.source)), t = index.get(String(e.target));
      if (s === undefined || t === undefined) { skipped++; return; } // an edge to a node not shown
      keptEdges.push([s, t, e]);
    });
    E = keptEdges.length;
    es = new Int32Array(E); et = new Int32Array(E); ekind = new Int8Array(E); ekeys = new Array(E); edgeLabels = new Array(E);
    kinds = [...new Set(keptEdges.map(([, , e]) => e.kind).filter(x => x !== undefined && x !== null).map(String))];
    keptEdges.forEach(([s, t, e], j) => {
      es[j] = s; et[j] = t; ekind[j] = e.kind === undefined || e.kind === null ? 0 : Math.min(DASHES.length - 1, kinds.indexOf(String(e.kind)));
      ekeys[j] = ids[s] + "→" + ids[t]; edgeLabels[j] = e.label ? String(e.label) : "";
      degree[s]++; degree[t]++; inDeg[t]++;
    });
    // positions: kept, else next to a placed neighbour, else on a phyllotaxis spiral
    const rnd = mulberry32(42);
    let placedNew = 0;
    for (let i = 0; i < N; i++) {
      const p = oldPos.get(ids[i]);
      if (p) { xs[i] = p[0]; ys[i] = p[1]; continue; }
      const r = 10 * Math.sqrt(0.5 + i), a = i * Math.PI * (3 - Math.sqrt(5));
      xs[i] = r * Math.cos(a); ys[i] = r * Math.sin(a);
      placedNew++;
    }
    if (keep && oldPos.size) for (let j = 0; j < E; j++) {
      // a new node next to a kept neighbour
      const s = es[j], t = et[j];
      if (oldPos.has(ids[s]) && !oldPos.has(ids[t])) { xs[t] = xs[s] + (rnd() - 0.5) * 20; ys[t] = ys[s] + (rnd() - 0.5) * 20; }
      else if (oldPos.has(ids[t]) && !oldPos.has(ids[s])) { xs[s] = xs[t] + (rnd() - 0.5) * 20; ys[s] = ys[t] + (rnd() - 0.5) * 20; }
    }
    selectedIndex = oldSelected !== null && index.has(oldSelected) ? index.get(oldSelected) : -1;
    hoverIndex = -1;
    alpha = keep && oldPos.size ? Math.max(alpha, placedNew ? 0.3 : 0.05) : 1;
    ticks = 0; settledAt = 0; startedAt = performance.now();
    container.dataset.settled = "false";
    container.dataset.nodes = String(N);
    container.dataset.edges = String(E);
    renderLegend();
    renderList();
    updateLabel();
  }

  // ---- simulation: in a worker when one starts (the page stays responsive whatever the layout costs), else here in
  // slices between frames. Each start has a generation number so answers from an earlier start are ignored.
  // The page asks for positions after each frame it drew (awaiting), so a slow page gets fewer, not queued, updates.
  let worker = null, local = null, generation = 0, awaiting = false;
  try {
    worker = new Worker(import.meta.url, { type: "module" });
    worker.onmessage = ({ data }) => {
      if (destroyed || data.generation !== generation) return;
      xs.set(data.xs); ys.set(data.ys); alpha = data.alpha; ticks = data.ticks;
      awaiting = false;
      schedule();
    };
    worker.onerror = e => { e.preventDefault?.(); worker?.terminate(); worker = null; startLayout(); };
  } catch { worker = null; }

  function startLayout() {
    generation++;
    if (worker) {
      local = null;
      worker.postMessage({ type: "start", generation, xs, ys, es, et, degree, alpha });
      awaiting = true;
    } else local = new Layout({ xs, ys, es, et, degree, alpha });
    schedule();
  }
  const running = () => alpha >= ALPHA_MIN && N > 0;

  function frame() {
    raf = 0;
    if (destroyed) return;
    if (local && local.running) {
      // Layout time per frame: about twice the last draw (so drawing never takes most of the time), 10–30 ms, and
      // only SLICE_MS while the user is zooming or panning so the view answers at once.
      const t0 = performance.now();
      const slice = t0 - lastInput < 400 ? SLICE_MS : Math.min(30, Math.max(SLICE_MS, 2 * lastDrawMs));
      do local.step(); while (local.running && performance.now() - t0 < slice);
      alpha = local.alpha; ticks = local.ticks;
    }
    if (!settledAt) {
      if (!userMoved) fitView();
      if (!running()) {
        settledAt = performance.now();
        container.dataset.settled = "true";
        container.dataset.settleMs = String(Math.round(settledAt - startedAt));
        container.dispatchEvent(new CustomEvent("graphsettled", { detail: { ticks, ms: settledAt - startedAt } }));
      }
    }
    draw();
    if (local && local.running) schedule();
    else if (worker && !settledAt && !awaiting) { awaiting = true; worker.postMessage({ type: "want", generation }); }
  }
  function schedule() { if (!raf && !destroyed) raf = requestAnimationFrame(frame); }

  // ---- view
  function resize() {
    const w = Math.max(100, Math.floor(plot.clientWidth || 600)), d = window.devicePixelRatio || 1;
    if (w === width && d === dpr && canvas.width === Math.round(w * d)) return false;
    const cx = (width / 2 - tx) / k, cy = (height / 2 - ty) / k;
    width = w; dpr = d;
    canvas.width = Math.round(w * d); canvas.height = Math.round(height * d);
    canvas.style.width = w + "px"; canvas.style.height = height + "px";
    if (userMoved) { tx = width / 2 - cx * k; ty = height / 2 - cy * k; } else fitView();
    return true;
  }

  function fitView() {
    if (!N) { k = 1; tx = width / 2; ty = height / 2; return; }
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < N; i++) { minX = Math.min(minX, xs[i] - radius[i]); maxX = Math.max(maxX, xs[i] + radius[i]); minY = Math.min(minY, ys[i] - radius[i]); maxY = Math.max(maxY, ys[i] + radius[i]); }
    const pad = 24;
    k = Math.min((width - 2 * pad) / Math.max(1, maxX - minX), (height - 2 * pad) / Math.max(1, maxY - minY), 2.5);
    tx = width / 2 - (minX + maxX) / 2 * k; ty = height / 2 - (minY + maxY) / 2 * k;
  }

  function zoomAt(factor, sx, sy) {
    lastInput = performance.now();
    const nk = Math.max(0.02, Math.min(20, k * factor));
    const wx = (sx - tx) / k, wy = (sy - ty) / k;
    k = nk; tx = sx - wx * k; ty = sy - wy * k;
    userMoved = true;
    requestDraw();
  }
  function panBy(dx, dy) { lastInput = performance.now(); tx += dx; ty += dy; userMoved = true; requestDraw(); }

  let drawPending = false;
  function requestDraw() {
    if (raf) return; // a frame is coming anyway
    if (!drawPending && !destroyed) { drawPending = true; requestAnimationFrame(() => { drawPending = false; if (!destroyed) draw(); }); }
  }

  // ---- drawing
  function nodeColor(i) { return groupColor.get(groups[i]) || palette[0]; }

  function draw() {
    const t0 = performance.now();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = FONT;
    const minR = N > 1000 ? 1.6 : 2.5;
    const sxOf = i => xs[i] * k + tx, syOf = i => ys[i] * k + ty;
    const visible = (x, y, m) => x > -m && x < width + m && y > -m && y < height + m;
    const neighbourOfSelected = selectedIndex >= 0;

    // edges, batched by dash pattern; highlighted and selected-node edges drawn on top
    const strong = [];
    for (let d = 0; d < DASHES.length; d++) {
      ctx.beginPath();
      let any = false;
      for (let j = 0; j < E; j++) {
        if (ekind[j] !== d) continue;
        const s = es[j], t = et[j];
        if ((edgeHighlight.size && edgeHighlight.has(ekeys[j])) || (neighbourOfSelected && (s === selectedIndex || t === selectedIndex))) { strong.push(j); continue; }
        const x1 = sxOf(s), y1 = syOf(s), x2 = sxOf(t), y2 = syOf(t);
        if ((x1 < 0 && x2 < 0) || (x1 > width && x2 > width) || (y1 < 0 && y2 < 0) || (y1 > height && y2 > height)) continue;
        ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); any = true;
      }
      if (any) { ctx.strokeStyle = EDGE; ctx.lineWidth = 1; ctx.setLineDash(DASHES[d]); ctx.stroke(); }
    }
    ctx.setLineDash([]);
    // arrows on ordinary edges when they are long enough on screen to carry one
    if (o.directed && k >= 0.5) {
      ctx.beginPath();
      for (let j = 0; j < E; j++) arrow(es[j], et[j], 5, false);
      ctx.fillStyle = "rgba(79,89,102,.6)"; ctx.fill();
    }
    for (const j of strong) {
      const s = es[j], t = et[j], hl = edgeHighlight.has(ekeys[j]);
      ctx.beginPath(); ctx.moveTo(sxOf(s), syOf(s)); ctx.lineTo(sxOf(t), syOf(t));
      ctx.strokeStyle = hl ? highlightStyles.crown.color : EDGE_STRONG; ctx.lineWidth = hl ? 3 : 1.6; ctx.setLineDash(DASHES[ekind[j]]); ctx.stroke();
      ctx.setLineDash([]);
      if (o.directed) { ctx.beginPath(); arrow(s, t, hl ? 8 : 6, true); ctx.fillStyle = hl ? highlightStyles.crown.color : EDGE_STRONG; ctx.fill(); }
    }
    ctx.lineWidth = 1;

    // nodes, batched by colour
    const byColor = new Map();
    for (let i = 0; i < N; i++) {
      const x = sxOf(i), y = syOf(i);
      if (!visible(x, y, 20)) continue;
      const c = nodeColor(i);
      let a = byColor.get(c); if (!a) byColor.set(c, a = []);
      a.push(i);
    }
    for (const [c, arr] of byColor) {
      ctx.beginPath();
      for (const i of arr) {
        const x = sxOf(i), y = syOf(i), r = Math.max(minR, radius[i] * k);
        const kind = highlight.get(i);
        if (kind) continue; // drawn with its shape below
        if (r < 2) { ctx.rect(x - r, y - r, 2 * r, 2 * r); }
        else { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI); }
      }
      ctx.fillStyle = c; ctx.fill();
      // a thin dark rim keeps light colours (sky blue, yellow) visible on white
      if (k * 5 >= 2) { ctx.strokeStyle = "rgba(27,31,36,.45)"; ctx.lineWidth = 0.75; ctx.stroke(); }
    }
    // highlighted nodes: shape + thick outline in the kind's colour
    for (const [i, kind] of highlight) {
      const x = sxOf(i), y = syOf(i);
      if (!visible(x, y, 30)) continue;
      const st = highlightStyles[kind];
      const r = Math.max(5, radius[i] * k * 1.25);
      shapePath(st.shape, x, y, r);
      ctx.fillStyle = nodeColor(i); ctx.fill();
      ctx.lineWidth = 3; ctx.strokeStyle = st.color; ctx.stroke();
      if (kind === "path") { ctx.beginPath(); ctx.arc(x, y, r + 3.5, 0, 2 * Math.PI); ctx.lineWidth = 1.5; ctx.stroke(); }
    }
    // Hover: a thin grey ring; selection: a thick ring in the interface's accent blue on a white halo (not an
    // Okabe–Ito highlight colour, and a ring rather than a shape, so it never reads as a highlight kind).
    for (const [i, ring] of [[hoverIndex, "#4f5966"], [selectedIndex, SELECTED]]) {
      if (i < 0) continue;
      const r = Math.max(6, radius[i] * k * 1.25) + 6, sel = i === selectedIndex;
      if (sel) { ctx.beginPath(); ctx.arc(sxOf(i), syOf(i), r, 0, 2 * Math.PI); ctx.lineWidth = 7; ctx.strokeStyle = "rgba(255,255,255,.9)"; ctx.stroke(); }
      ctx.beginPath(); ctx.arc(sxOf(i), syOf(i), r, 0, 2 * Math.PI);
      ctx.lineWidth = sel ? 3.5 : 2; ctx.strokeStyle = ring; ctx.stroke();
    }
    ctx.lineWidth = 1;
    drawLabels(sxOf, syOf);
    lastDrawMs = performance.now() - t0;
    draws++;
    drawTimes.push(lastDrawMs);
    if (drawTimes.length > 5000) drawTimes.splice(0, 1000);

    function arrow(s, t, size, force) {
      const x1 = sxOf(s), y1 = syOf(s), x2 = sxOf(t), y2 = syOf(t);
      const dx = x2 - x1, dy = y2 - y1, len = Math.sqrt(dx * dx + dy * dy);
      if (len < (force ? 10 : 30) || (!force && !visible(x2, y2, 10))) return;
      const ux = dx / len, uy = dy / len;
      const rt = Math.max(minR, radius[t] * k * (highlight.has(t) ? 1.25 : 1)) + 1.5;
      const ax = x2 - ux * rt, ay = y2 - uy * rt;
      ctx.moveTo(ax, ay);
      ctx.lineTo(ax - ux * size * 1.6 - uy * size * 0.7, ay - uy * size * 1.6 + ux * size * 0.7);
      ctx.lineTo(ax - ux * size * 1.6 + uy * size * 0.7, ay - uy * size * 1.6 - ux * size * 0.7);
      ctx.closePath();
    }
  }

  function shapePath(shape, x, y, r) {
    ctx.beginPath();
    if (shape === "diamond") { const d = r * 1.35; ctx.moveTo(x, y - d); ctx.lineTo(x + d, y); ctx.lineTo(x, y + d); ctx.lineTo(x - d, y); ctx.closePath(); }
    else if (shape === "triangle") { const d = r * 1.45; ctx.moveTo(x, y - d); ctx.lineTo(x + d * 0.9, y + d * 0.6); ctx.lineTo(x - d * 0.9, y + d * 0.6); ctx.closePath(); }
    else ctx.arc(x, y, r, 0, 2 * Math.PI);
  }

  // Labels where they are readable: the selected, hovered and highlighted nodes first, then by degree; a label is only
  // drawn where it overlaps no other label (a coarse occupancy grid), at most 400 per frame.
  let labelOrder = null;
  function drawLabels(sxOf, syOf) {
    if (!labelOrder) labelOrder = Array.from({ length: N }, (_, i) => i).sort((a, b) => (highlight.has(b) - highlight.has(a)) || degree[b] - degree[a] || a - b);
    const CELL = 8, cols = Math.ceil(width / CELL) + 1, rows = Math.ceil(height / CELL) + 1;
    const grid = new Uint8Array(cols * rows);
    // node discs occupy space too (so labels don't cover nodes) when zoomed in
    const free = (x0, y0, x1, y1) => {
      const c0 = Math.max(0, Math.floor(x0 / CELL)), c1 = Math.min(cols - 1, Math.floor(x1 / CELL)), r0 = Math.max(0, Math.floor(y0 / CELL)), r1 = Math.min(rows - 1, Math.floor(y1 / CELL));
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (grid[r * cols + c]) return false;
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) grid[r * cols + c] = 1;
      return true;
    };
    const first = [selectedIndex, hoverIndex].filter(i => i >= 0);
    let drawn = 0;
    ctx.textBaseline = "middle"; ctx.textAlign = "left";
    // Zoomed out, only the best-connected few (hubs: sites, buildings, floors) are named, for orientation.
    const readable = k >= 0.45 || N <= 60, budget = readable ? 400 : 25;
    const tryLabel = (i, always) => {
      const x = sxOf(i), y = syOf(i);
      if (x < -50 || x > width + 50 || y < -20 || y > height + 20) return;
      const r = Math.max(2, radius[i] * k * (highlight.has(i) ? 1.6 : 1)) + 3;
      const text = labels[i].length > 40 ? labels[i].slice(0, 39) + "…" : labels[i];
      const w = ctx.measureText(text).width;
      if (!free(x + r, y - 7, x + r + w, y + 7) && !always) return;
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,.92)"; ctx.strokeText(text, x + r, y);
      ctx.fillStyle = TEXT; ctx.fillText(text, x + r, y);
      drawn++;
    };
    for (const i of first) tryLabel(i, true);
    for (const i of labelOrder) {
      if (drawn >= budget) break;
      if (!first.includes(i)) tryLabel(i, false);
    }
    // edge labels when zoomed in far enough
    if (k >= 1.2) {
      ctx.textAlign = "center"; ctx.fillStyle = "#4f5966";
      for (let j = 0; j < E && drawn < 600; j++) {
        if (!edgeLabels[j]) continue;
        const x1 = sxOf(es[j]), y1 = syOf(es[j]), x2 = sxOf(et[j]), y2 = syOf(et[j]);
        const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
        if (mx < 0 || mx > width || my < 0 || my > height) continue;
        const w = ctx.measureText(edgeLabels[j]).width;
        if (Math.hypot(x2 - x1, y2 - y1) < w + 24) continue;
        if (!free(mx - w / 2, my - 6, mx + w / 2, my + 6)) continue;
        ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,.92)"; ctx.strokeText(edgeLabels[j], mx, my);
        ctx.fillText(edgeLabels[j], mx, my);
        drawn++;
      }
    }
    ctx.lineWidth = 1;
  }

  // ---- interaction
  function nodeAt(sx, sy) {
    let best = -1, bestD = Infinity;
    for (let i = 0; i < N; i++) {
      const dx = xs[i] * k + tx - sx, dy = ys[i] * k + ty - sy, d = dx * dx + dy * dy;
      const r = Math.max(6, radius[i] * k * 1.4);
      if (d <= r * r && d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  function describe(i) {
    const hl = highlight.get(i);
    const out = [];
    for (let j = 0; j < E; j++) if (es[j] === i) out.push(j);
    return `${labels[i]}${labels[i] !== ids[i] ? ` (${ids[i]})` : ""}${groups[i] ? `, ${groups[i]}` : ""}${hl ? `, ${highlightStyles[hl].label.toLowerCase()}` : ""}, ${degree[i] - inDeg[i]} outgoing and ${inDeg[i]} incoming links`;
  }

  function showTip(i, sx, sy) {
    if (i < 0) { tooltip.hidden = true; return; }
    clear(tooltip);
    tooltip.append(el("strong", { text: labels[i] }));
    if (labels[i] !== ids[i]) tooltip.append(el("div", { text: ids[i] }));
    if (groups[i]) tooltip.append(el("div", { text: groups[i] }));
    const hl = highlight.get(i);
    if (hl) tooltip.append(el("div", { text: `${highlightStyles[hl].glyph} ${highlightStyles[hl].label}` }));
    tooltip.append(el("div", { text: `${fmt.int(degree[i] - inDeg[i])} out, ${fmt.int(inDeg[i])} in` }));
    tooltip.hidden = false;
    const w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    tooltip.style.left = Math.max(0, Math.min(width - w, sx + 14)) + "px";
    tooltip.style.top = Math.max(0, Math.min(height - h, sy - h - 10 < 0 ? sy + 14 : sy - h - 10)) + "px";
  }

  function selectIndex(i, { notify = true, reveal = false } = {}) {
    selectedIndex = i;
    container.dataset.selected = i >= 0 ? ids[i] : "";
    if (i >= 0) {
      status.textContent = "Selected " + describe(i) + ".";
      if (reveal) {
        const x = xs[i] * k + tx, y = ys[i] * k + ty, m = 40;
        if (x < m || x > width - m || y < m || y > height - m) { tx += width / 2 - x; ty += height / 2 - y; userMoved = true; }
      }
      if (notify) o.onSelect?.(ids[i]);
    }
    updateLabel();
    requestDraw();
  }

  let dragging = null, lastClick = { t: 0, i: -1 };
  on(canvas, "wheel", e => { e.preventDefault(); const r = canvas.getBoundingClientRect(); zoomAt(Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.0015)), e.clientX - r.left, e.clientY - r.top); }, { passive: false });
  on(canvas, "pointerdown", e => {
    if (e.button !== 0) return;
    const r = canvas.getBoundingClientRect();
    dragging = { x: e.clientX, y: e.clientY, tx, ty, moved: false, sx: e.clientX - r.left, sy: e.clientY - r.top };
    canvas.setPointerCapture(e.pointerId);
  });
  on(canvas, "pointermove", e => {
    const r = canvas.getBoundingClientRect();
    const sx = e.clientX - r.left, sy = e.clientY - r.top;
    if (dragging) {
      const dx = e.clientX - dragging.x, dy = e.clientY - dragging.y;
      if (dragging.moved || Math.abs(dx) + Math.abs(dy) > 3) { dragging.moved = true; lastInput = performance.now(); tx = dragging.tx + dx; ty = dragging.ty + dy; userMoved = true; tooltip.hidden = true; requestDraw(); }
      return;
    }
    const i = nodeAt(sx, sy);
    if (i !== hoverIndex) { hoverIndex = i; requestDraw(); }
    canvas.style.cursor = i >= 0 ? "pointer" : "grab";
    showTip(i, sx, sy);
  });
  on(canvas, "pointerup", e => {
    if (!dragging) return;
    const d = dragging; dragging = null;
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    if (d.moved) return;
    const i = nodeAt(d.sx, d.sy);
    container.focus({ preventScroll: true });
    if (i >= 0) selectIndex(i);
    else if (selectedIndex >= 0) { selectedIndex = -1; container.dataset.selected = ""; updateLabel(); requestDraw(); }
  });
  on(canvas, "pointercancel", () => { dragging = null; });
  on(canvas, "pointerleave", () => { if (hoverIndex >= 0) { hoverIndex = -1; requestDraw(); } tooltip.hidden = true; });
  on(canvas, "dblclick", e => {
    const r = canvas.getBoundingClientRect();
    const i = nodeAt(e.clientX - r.left, e.clientY - r.top);
    if (i >= 0) o.onOpen?.(ids[i]); else { userMoved = false; fitView(); requestDraw(); }
  });
  void lastClick;

  const DIRS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
  on(container, "keydown", e => {
    if (e.target !== container) return;
    const dir = DIRS[e.key];
    if (dir && e.shiftKey) { panBy(-dir[0] * width * 0.1, -dir[1] * height * 0.1); }
    else if (dir) {
      if (selectedIndex < 0) selectIndex(nearestTo(width / 2, height / 2), { reveal: true });
      else { const j = nearestInDirection(selectedIndex, dir); if (j >= 0) selectIndex(j, { reveal: true }); }
    }
    else if (e.key === "Enter") {
      if (selectedIndex >= 0) o.onOpen?.(ids[selectedIndex]);
      else selectIndex(nearestTo(width / 2, height / 2), { reveal: true });
    }
    else if (e.key === "+" || e.key === "=") zoomAt(1.4, width / 2, height / 2);
    else if (e.key === "-" || e.key === "_") zoomAt(1 / 1.4, width / 2, height / 2);
    else if (e.key === "0" || e.key === "Home") { userMoved = false; fitView(); requestDraw(); }
    else if (e.key === "Escape") { selectedIndex = -1; container.dataset.selected = ""; status.textContent = "Selection cleared."; updateLabel(); requestDraw(); }
    else return;
    e.preventDefault();
  });

  function nearestTo(sx, sy) {
    let best = -1, bestD = Infinity;
    for (let i = 0; i < N; i++) { const dx = xs[i] * k + tx - sx, dy = ys[i] * k + ty - sy, d = dx * dx + dy * dy; if (d < bestD) { bestD = d; best = i; } }
    return best;
  }

  // The nearest node within 45° of the direction; distance along the direction counts, sideways distance counts double.
  function nearestInDirection(from, [ux, uy]) {
    let best = -1, bestScore = Infinity;
    for (let i = 0; i < N; i++) {
      if (i === from) continue;
      const dx = xs[i] - xs[from], dy = ys[i] - ys[from];
      const along = dx * ux + dy * uy, side = Math.abs(dx * uy - dy * ux);
      if (along <= 0 || side > along) continue;
      const score = along + 2 * side;
      if (score < bestScore) { bestScore = score; best = i; }
    }
    return best;
  }

  // ---- text alternatives
  function updateLabel() {
    const hl = { crown: 0, entry: 0, path: 0 };
    for (const kind of highlight.values()) hl[kind]++;
    const hlText = Object.entries(hl).filter(([, n]) => n).map(([kind, n]) => `${fmt.int(n)} ${highlightStyles[kind].label.toLowerCase()}${n > 1 ? "s" : ""}`).join(", ");
    container.setAttribute("aria-label",
      `Graph: ${fmt.int(N)} nodes, ${fmt.int(E)} links${skipped ? ` (${fmt.int(skipped)} to nodes not shown left out)` : ""}${hlText ? "; " + hlText : ""}` +
      `${selectedIndex >= 0 ? "; selected " + labels[selectedIndex] : ""}. Arrow keys move the selection, Enter opens, + and − zoom, Shift+arrows pan, 0 fits. The nodes are also listed after the graph.`);
  }

  function renderLegend() {
    clear(legend);
    for (const [g, c] of groupColor) {
      if (!g && groupColor.size === 1) continue;
      const sw = el("span", { class: "swatch round", "aria-hidden": "true" }); sw.style.background = c;
      legend.append(el("span", { class: "legend-item" }, sw, g || "(no group)"));
    }
    for (const [kind, st] of Object.entries(highlightStyles)) {
      const g = el("span", { class: "glyph", "aria-hidden": "true", text: st.glyph }); g.style.color = st.color;
      legend.append(el("span", { class: "legend-item legend-" + kind }, g, st.label));
    }
    kinds.forEach((kind, i) => {
      const sw = el("span", { class: "swatch line" + (i ? " dashed" : ""), "aria-hidden": "true" });
      legend.append(el("span", { class: "legend-item" }, sw, kind));
    });
  }

  // The list is built in slices of 500 items between tasks, so thousands of twins never hold up the first frame.
  let listJob = 0;
  function renderList() {
    clear(list);
    const job = ++listJob;
    const outs = Array.from({ length: N }, () => []);
    for (let j = 0; j < E; j++) outs[es[j]].push(j);
    const item = i => {
      const hl = highlight.get(i);
      const targets = outs[i].slice(0, 12).map(j => (edgeLabels[j] ? edgeLabels[j] + " " : "→ ") + labels[et[j]]).join(", ");
      return el("li", { "data-id": ids[i], text: `${labels[i]}${groups[i] ? ` (${groups[i]})` : ""}${hl ? `, ${highlightStyles[hl].label.toLowerCase()}` : ""}${targets ? ": " + targets : ""}${outs[i].length > 12 ? `, and ${outs[i].length - 12} more` : ""}` });
    };
    let from = 0;
    const slice = () => {
      if (job !== listJob || destroyed) return;
      const frag = document.createDocumentFragment();
      const to = Math.min(N, from + 500);
      for (let i = from; i < to; i++) frag.append(item(i));
      list.append(frag);
      from = to;
      if (from < N) setTimeout(slice, 0); else container.dataset.listed = String(N);
    };
    container.dataset.listed = "0";
    slice();
  }

  // ---- start
  load(o.nodes || [], o.edges || [], false);
  const ro = new ResizeObserver(() => { if (resize()) requestDraw(); });
  ro.observe(plot);
  resize();
  draw();
  startLayout();

  return {
    select(id) {
      if (id === null || id === undefined) { selectIndex(-1, { notify: false }); return; }
      const i = index.get(String(id));
      if (i === undefined) throw new RangeError(`graphView.select: no node '${id}'`);
      selectIndex(i, { notify: false, reveal: true });
    },
    setHighlight(map) {
      highlight = new Map();
      const entries = map instanceof Map ? map.entries() : Object.entries(map || {});
      for (const [id, kind] of entries) {
        if (!kind) continue;
        if (!highlightStyles[kind]) throw new RangeError(`graphView.setHighlight: '${id}' has kind '${kind}'; kinds are crown, entry, path`);
        const i = index.get(String(id));
        if (i !== undefined) highlight.set(i, kind);
      }
      labelOrder = null;
      renderList(); updateLabel(); requestDraw();
    },
    setEdgeHighlight(set) { edgeHighlight = new Set(set ? [...set].map(String) : []); container.dataset.edgeHighlights = String(ekeys.filter(x => edgeHighlight.has(x)).length); requestDraw(); },
    fit() { userMoved = false; fitView(); requestDraw(); },
    update({ nodes, edges } = {}) { load(nodes || [], edges || [], true); labelOrder = null; if (!userMoved) fitView(); startLayout(); requestDraw(); },
    settled() { return !running(); },
    selected() { return selectedIndex >= 0 ? ids[selectedIndex] : null; },
    highlightOf(id) { const i = index.get(String(id)); return i === undefined ? null : highlight.get(i) || null; },
    view() { return { k, tx, ty }; },
    position(id) { const i = index.get(String(id)); return i === undefined ? null : { x: xs[i], y: ys[i] }; },
    screenPosition(id) { const i = index.get(String(id)); return i === undefined ? null : { x: xs[i] * k + tx, y: ys[i] * k + ty }; },
    stats() { return { nodes: N, edges: E, ticks, alpha, settleMs: settledAt ? settledAt - startedAt : null, lastDrawMs, draws, drawTimes }; },
    redraw() { draw(); return lastDrawMs; },
    destroy() {
      destroyed = true;
      if (raf) cancelAnimationFrame(raf);
      worker?.terminate();
      ro.disconnect();
      for (const off of listeners) off();
      for (const n of added) n.remove();
      container.className = oldClass;
      for (const a of ["tabindex", "role", "aria-roledescription", "aria-label", "data-settled", "data-settle-ms", "data-nodes", "data-edges", "data-selected", "data-edge-highlights", "data-listed"]) container.removeAttribute(a);
    },
  };
}

// In a worker (started by graphView above with this very file): run layouts and send the positions back about 60 times
// a second until they settle. Nothing here touches the DOM; ui.js and charts.js only define things when imported.
if (typeof document === "undefined" && typeof self !== "undefined" && typeof self.postMessage === "function") {
  let layout = null, generation = 0, timer = 0, wanted = false;
  const send = () => { wanted = false; self.postMessage({ generation, xs: layout.xs, ys: layout.ys, alpha: layout.alpha, ticks: layout.ticks }); };
  const run = () => {
    timer = 0;
    if (!layout || !layout.running) return;
    const t0 = performance.now();
    do layout.step(); while (layout.running && performance.now() - t0 < 16);
    if (wanted || !layout.running) send();
    if (layout.running) timer = setTimeout(run, 0);
  };
  self.onmessage = ({ data }) => {
    if (data.type === "start") {
      generation = data.generation;
      layout = new Layout(data);
      wanted = true;
      if (!layout.running) send();
      else if (!timer) timer = setTimeout(run, 0);
    } else if (data.type === "want" && data.generation === generation) wanted = true;
  };
}
