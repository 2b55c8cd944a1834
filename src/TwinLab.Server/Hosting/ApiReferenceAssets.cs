namespace TwinLab.Server.Hosting;

/// <summary>The page, script and style sheet of the API reference (<see cref="ApiReference"/>), written here so the server
/// needs no files beside it and the page loads nothing from elsewhere.</summary>
internal static class ApiReferenceAssets
{
    /// <summary>The page; <c>{{base}}</c> is the path base and <c>{{versions}}</c> the supported api-versions.</summary>
    public const string Page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>TwinLab API reference</title>
        <link rel="stylesheet" href="{{base}}/docs/api-reference.css">
        <script src="{{base}}/docs/api-reference.js" defer></script>
        </head>
        <body data-base="{{base}}" data-openapi="{{base}}/openapi/v1.json" data-versions="{{versions}}">
        <header>
          <h1 id="title">TwinLab API reference</h1>
          <p id="description"></p>
          <p class="note">Every Azure Digital Twins endpoint needs <code>?api-version=</code> (one of <code id="versions"></code>).
            The machine-readable description is <a id="openapi-link" href="{{base}}/openapi/v1.json">/openapi/v1.json</a>.</p>
          <input id="filter" type="search" placeholder="Filter by path, method, name or summary" autocomplete="off">
          <span id="status">Loading the OpenAPI document…</span>
        </header>
        <nav><ul id="tags"></ul></nav>
        <main id="operations"></main>
        <noscript>This page lists the operations of /openapi/v1.json and needs JavaScript; the document itself is plain JSON.</noscript>
        </body>
        </html>
        """;

    /// <summary>Reads the OpenAPI document and renders it with DOM calls only (no HTML from the document is interpreted).</summary>
    public const string Script = """
        "use strict";
        (function () {
          const body = document.body;
          const base = body.dataset.base || "";
          const versions = (body.dataset.versions || "").split(" ").filter(Boolean);
          const latest = versions.length ? versions[versions.length - 1] : "";
          const methods = ["get", "put", "post", "patch", "delete", "head", "options"];
          const status = document.getElementById("status");
          const nav = document.getElementById("tags");
          const main = document.getElementById("operations");
          const filter = document.getElementById("filter");
          document.getElementById("versions").textContent = versions.join(", ");

          function el(tag, cls, text) {
            const e = document.createElement(tag);
            if (cls) e.className = cls;
            if (text !== undefined && text !== null) e.textContent = String(text);
            return e;
          }

          function schemaText(schema) {
            if (!schema) return "";
            if (schema.$ref) return schema.$ref.split("/").pop();
            if (schema.enum) return schema.enum.join(" | ");
            if (schema.type === "array") return schemaText(schema.items) + "[]";
            if (Array.isArray(schema.type)) return schema.type.join(" | ");
            return schema.type || "object";
          }

          function table(headings) {
            const t = el("table");
            const tr = el("tr");
            for (const h of headings) tr.append(el("th", null, h));
            t.append(tr);
            return t;
          }

          function row(t, cells) {
            const tr = el("tr");
            for (const c of cells) tr.append(el("td", null, c));
            t.append(tr);
          }

          function example(o) {
            const needsVersion = o.params.some(p => p.name === "api-version");
            let url = location.origin + base + o.path + (needsVersion ? "?api-version=" + latest : "");
            const lines = ["curl -X " + o.method.toUpperCase() + " \"" + url + "\"", "  -H \"Authorization: Bearer $TOKEN\""];
            const content = o.op.requestBody && Object.keys(o.op.requestBody.content || {})[0];
            if (content) lines.push("  -H \"Content-Type: " + content + "\" --data @body.json");
            return lines.join(" \\\n");
          }

          function operation(o) {
            const op = o.op;
            const details = el("details", "op op-" + o.method);
            details.dataset.search = [o.method, o.path, op.operationId, op.summary, op.description].join(" ").toLowerCase();
            if (op.operationId) details.id = "op-" + op.operationId;
            const summary = el("summary");
            summary.append(el("span", "method", o.method.toUpperCase()), el("code", "path", o.path), el("span", "summary", op.summary || ""));
            details.append(summary);
            if (op.operationId) details.append(el("p", "opid", "Operation " + op.operationId));
            if (op.description) details.append(el("p", "description", op.description));
            if (o.params.length) {
              details.append(el("h3", null, "Parameters"));
              const t = table(["Name", "In", "Type", "Required", "Description"]);
              for (const p of o.params) row(t, [p.name, p.in, schemaText(p.schema), p.required ? "yes" : "", p.description || ""]);
              details.append(t);
            }
            if (op.requestBody) {
              details.append(el("h3", null, "Request body"));
              const t = table(["Content type", "Schema"]);
              for (const [type, media] of Object.entries(op.requestBody.content || {})) row(t, [type, schemaText(media.schema)]);
              details.append(t);
            }
            const responses = Object.entries(op.responses || {});
            if (responses.length) {
              details.append(el("h3", null, "Responses"));
              const t = table(["Status", "Description", "Content"]);
              for (const [code, r] of responses) row(t, [code, r.description || "", Object.keys(r.content || {}).join(", ")]);
              details.append(t);
            }
            details.append(el("h3", null, "Example"), el("pre", "example", example(o)));
            return details;
          }

          function render(doc) {
            const info = doc.info || {};
            if (info.title) { document.title = info.title + " - API reference"; document.getElementById("title").textContent = info.title; }
            document.getElementById("description").textContent = info.description || "";
            const byTag = new Map();
            for (const [path, item] of Object.entries(doc.paths || {})) {
              for (const m of methods) {
                const op = item[m];
                if (!op) continue;
                const tag = (op.tags && op.tags.length ? op.tags[0].name || op.tags[0] : "Other");
                if (!byTag.has(tag)) byTag.set(tag, []);
                byTag.get(tag).push({ path: path, method: m, op: op, params: [...(item.parameters || []), ...(op.parameters || [])] });
              }
            }
            let count = 0;
            for (const tag of [...byTag.keys()].sort()) {
              const section = el("section", "tag");
              section.id = "tag-" + tag;
              section.append(el("h2", null, tag));
              const link = el("a", null, tag);
              link.href = "#tag-" + tag;
              const li = el("li");
              li.append(link);
              nav.append(li);
              for (const o of byTag.get(tag)) { section.append(operation(o)); count++; }
              main.append(section);
            }
            status.textContent = count + " operations";
            if (location.hash.startsWith("#op-")) {
              const target = document.getElementById(decodeURIComponent(location.hash.substring(1)));
              if (target) { target.open = true; target.scrollIntoView(); }
            }
          }

          filter.addEventListener("input", function () {
            const q = filter.value.trim().toLowerCase();
            for (const section of main.querySelectorAll("section")) {
              let shown = 0;
              for (const d of section.querySelectorAll("details")) {
                const match = !q || d.dataset.search.includes(q);
                d.hidden = !match;
                if (match) shown++;
              }
              section.hidden = shown === 0;
            }
          });

          fetch(body.dataset.openapi, { headers: { Accept: "application/json" } })
            .then(r => { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
            .then(render)
            .catch(e => { status.textContent = "Could not load the OpenAPI document: " + e.message; status.className = "error"; });
        })();
        """;

    /// <summary>The page's style: readable, one colour per HTTP method.</summary>
    public const string StyleSheet = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2327; background: #fafafa; display: grid; grid-template-columns: 14rem 1fr; grid-template-areas: "head head" "nav main"; }
        header { grid-area: head; padding: 1rem 2rem; background: #fff; border-bottom: 1px solid #ddd; }
        header h1 { margin: 0 0 .25rem; font-size: 1.4rem; }
        header .note { color: #555; font-size: .9rem; }
        #filter { width: min(36rem, 90%); padding: .4rem .6rem; font-size: 1rem; margin-right: 1rem; }
        #status { color: #555; font-size: .9rem; }
        #status.error { color: #b00020; }
        nav { grid-area: nav; padding: 1rem; position: sticky; top: 0; align-self: start; }
        nav ul { list-style: none; padding: 0; margin: 0; }
        nav li { margin: .3rem 0; }
        nav a { color: #0b5cad; text-decoration: none; }
        main { grid-area: main; padding: 1rem 2rem 4rem; min-width: 0; }
        section h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        details.op { background: #fff; border: 1px solid #ddd; border-left-width: 6px; border-radius: 4px; margin: .5rem 0; padding: .3rem .8rem; }
        details.op summary { cursor: pointer; display: flex; gap: .8rem; align-items: baseline; flex-wrap: wrap; }
        .method { font-weight: 700; font-family: ui-monospace, monospace; min-width: 4.5rem; }
        .path { font-size: .95rem; }
        .summary { color: #444; }
        .opid { color: #666; font-size: .85rem; }
        .op-get { border-left-color: #2f80ed; } .op-get .method { color: #2f80ed; }
        .op-put { border-left-color: #c77700; } .op-put .method { color: #c77700; }
        .op-post { border-left-color: #219653; } .op-post .method { color: #219653; }
        .op-patch { border-left-color: #8e44ad; } .op-patch .method { color: #8e44ad; }
        .op-delete { border-left-color: #c0392b; } .op-delete .method { color: #c0392b; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; margin-bottom: .5rem; }
        th, td { text-align: left; border-bottom: 1px solid #eee; padding: .25rem .5rem; vertical-align: top; }
        h3 { font-size: .95rem; margin: .8rem 0 .3rem; }
        pre.example { background: #f3f3f3; padding: .6rem; overflow-x: auto; font-size: .85rem; }
        @media (max-width: 800px) { body { grid-template-columns: 1fr; grid-template-areas: "head" "nav" "main"; } nav { position: static; } }
        """;
}
