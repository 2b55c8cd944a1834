// Data helpers shared by the explorer, twin, history and branches pages: the compact graph from GET /graph, model
// names, twin summaries, and side-by-side comparison of two JSON documents.
import { api } from "../api.js";
import { fmt } from "../ui.js";

/**
 * The twin graph of a branch from GET /graph (one request, compact rows) as {twins: [{id, model, name}],
 * relationships: [{source, target, name}], models, total, truncated, around(ids)}; around(ids) is the subgraph of
 * those twins and their neighbours.
 */
export async function loadGraph(branch, signal, { max } = {}) {
  const g = await api("/graph", { query: { branch, max }, signal });
  const twins = g.twins.map(([id, m, name]) => ({ id, model: g.models[m], name }));
  const relationships = g.relationships.map(([s, t, name]) => ({ source: twins[s].id, target: twins[t].id, name }));
  return {
    twins, relationships, models: g.models, total: g.total, truncated: g.truncated, sequence: g.sequence,
    around(ids) {
      const keep = new Set(ids);
      for (const r of relationships) {
        if (ids.has(r.source)) keep.add(r.target);
        if (ids.has(r.target)) keep.add(r.source);
      }
      return {
        twins: twins.filter(t => keep.has(t.id)),
        relationships: relationships.filter(r => keep.has(r.source) && keep.has(r.target)),
      };
    },
  };
}

/** A model's display name (English, else any) or its id. */
export function modelLabel(m) {
  const d = m.displayName;
  if (typeof d === "string") return d;
  if (d && typeof d === "object") return d.en || Object.values(d)[0] || m.id;
  return m.id;
}

/** The twin's display name and its scalar properties as text: {name, properties: [[name, text]]}. */
export function twinSummary(twin) {
  const name = typeof twin.name === "string" && twin.name ? twin.name : typeof twin.displayName === "string" ? twin.displayName : "";
  const properties = Object.entries(twin).filter(([k]) => !k.startsWith("$")).map(([k, v]) => [k, valueText(v)]);
  return { name, properties };
}

/** A property value as text: numbers formatted, objects (components, maps) as compact JSON without $metadata. */
export function valueText(v) {
  if (v === undefined) return "–";
  if (v === null) return "null";
  if (typeof v === "number") return fmt.num(v, 4);
  if (typeof v === "object") return JSON.stringify(withoutMetadata(v));
  return String(v);
}

function withoutMetadata(v) {
  if (Array.isArray(v)) return v.map(withoutMetadata);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "$metadata").map(([k, x]) => [k, withoutMetadata(x)]));
  return v;
}

/**
 * The property names a model (with everything it extends) declares, components' properties as "component.property";
 * every model's when modelId is empty. models: GET /models?includeModelDefinition=true items.
 */
export function propertyNames(models, modelId) {
  const byId = new Map(models.map(m => [m.id, m.model]));
  const names = new Set();
  const seen = new Set();
  const visit = (id, prefix, depth) => {
    const def = byId.get(id);
    if (!def || seen.has(prefix + id) || depth > 8) return;
    seen.add(prefix + id);
    const ext = def.extends ? (Array.isArray(def.extends) ? def.extends : [def.extends]) : [];
    for (const e of ext) visit(typeof e === "string" ? e : e["@id"], prefix, depth + 1);
    for (const c of def.contents || []) {
      const types = Array.isArray(c["@type"]) ? c["@type"] : [c["@type"]];
      if (types.includes("Property")) names.add(prefix + c.name);
      else if (types.includes("Component") && !prefix && typeof c.schema === "string") visit(c.schema, c.name + ".", depth + 1);
    }
  };
  if (modelId) visit(modelId, "", 0);
  else for (const m of models) visit(m.id, "", 0);
  return [...names].sort();
}

/**
 * The flat property paths of a twin (or relationship) document: [path, value] for every scalar or array, components
 * and objects entered ("thermostat/setpoint"); $metadata and $etag left out.
 */
export function flatten(doc, prefix = "") {
  const out = [];
  if (!doc || typeof doc !== "object") return out;
  for (const [k, v] of Object.entries(doc)) {
    if (k.startsWith("$")) continue;
    const path = prefix ? prefix + "/" + k : k;
    if (v && typeof v === "object" && !Array.isArray(v)) out.push(...flatten(v, path));
    else out.push([path, v]);
  }
  return out;
}

/** Rows comparing two documents: [{path, left, right, changed}] over the union of their paths, sorted. */
export function compareDocs(left, right) {
  const withModel = d => d ? [...(d.$metadata && d.$metadata.$model ? [["$model", d.$metadata.$model]] : []), ...flatten(d)] : [];
  const a = new Map(withModel(left));
  const b = new Map(withModel(right));
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.map(path => {
    const l = a.has(path) ? a.get(path) : undefined;
    const r = b.has(path) ? b.get(path) : undefined;
    return { path, left: l, right: r, changed: JSON.stringify(l) !== JSON.stringify(r) };
  });
}
