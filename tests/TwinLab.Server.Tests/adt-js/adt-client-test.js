// Drives every public method of the official Azure Digital Twins JavaScript client (@azure/digital-twins-core 1.1.0)
// against a TwinLab server and checks each result. Prints one "ok" line per method; on the first failure prints a
// "FAIL" line naming the method and exits 1. Exit 2: the environment is not set up.
//
//   TWINLAB_URL    the server, e.g. https://127.0.0.1:5443 (the client refuses bearer tokens over plain HTTP)
//   TWINLAB_TOKEN  the bearer token the credential hands the client
//   NODE_EXTRA_CA_CERTS  the server's development certificate (PEM), so TLS is really verified
//
// The script assumes an empty database: it creates its models and twins with fixed ids and leaves room-1 (with the
// telemetry it published) for the caller to inspect.
"use strict";

const assert = require("node:assert/strict");
const { DigitalTwinsClient } = require("@azure/digital-twins-core");

const url = process.env.TWINLAB_URL;
const token = process.env.TWINLAB_TOKEN;
if (!url || !token) {
  console.error("set TWINLAB_URL (https://host:port of a TwinLab server) and TWINLAB_TOKEN (a bearer token it accepts)");
  process.exit(2);
}

// A TokenCredential is any object with getToken(); the client asks for the ADT scope.
const scopesAsked = new Set();
const credential = {
  async getToken(scopes) {
    for (const s of [].concat(scopes)) scopesAsked.add(s);
    return { token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
  },
};
const client = new DigitalTwinsClient(url, credential);

const ROOM = "dtmi:twinlab:jsclient:Room;1";
const THERMOSTAT = "dtmi:twinlab:jsclient:Thermostat;1";
const SPARE = "dtmi:twinlab:jsclient:Spare;1";
const models = [
  {
    "@id": THERMOSTAT, "@type": "Interface", "@context": "dtmi:dtdl:context;3", displayName: "Thermostat",
    contents: [
      { "@type": "Property", name: "setpoint", schema: "double", writable: true },
      { "@type": "Telemetry", name: "humidity", schema: "double" },
    ],
  },
  {
    "@id": ROOM, "@type": "Interface", "@context": "dtmi:dtdl:context;3",
    displayName: { en: "Room", fr: "Pièce" }, description: "A room with a thermostat",
    contents: [
      { "@type": "Property", name: "temperature", schema: "double", writable: true },
      { "@type": "Property", name: "name", schema: "string", writable: true },
      { "@type": "Telemetry", name: "occupancy", schema: "integer" },
      { "@type": "Component", name: "thermostat", schema: THERMOSTAT },
      {
        "@type": "Relationship", name: "adjacent", target: ROOM,
        properties: [{ "@type": "Property", name: "distance", schema: "double", writable: true }],
      },
    ],
  },
  { "@id": SPARE, "@type": "Interface", "@context": "dtmi:dtdl:context;3", displayName: "Spare", contents: [] },
];

const room = (temperature, name) => JSON.stringify({
  $metadata: { $model: ROOM }, temperature, name, thermostat: { $metadata: {}, setpoint: 20 },
});

// TWINLAB_ADT_JS_KEEP_GOING=1: report every failing method instead of stopping at the first (exit 1 at the end).
const keepGoing = process.env.TWINLAB_ADT_JS_KEEP_GOING === "1";
const done = new Set();
const failed = [];

/** Runs one check of `method`; the first failure ends the script (unless keepGoing). */
async function check(method, what, fn) {
  try {
    const detail = await fn();
    done.add(method);
    console.log(`ok   ${method}: ${what}${detail ? ` (${detail})` : ""}`);
  } catch (e) {
    report(method, e);
    failed.push(method);
    if (!keepGoing) process.exit(1);
  }
}

/** One FAIL line naming the method, with the HTTP request and response when the error came from the server. */
function report(method, e) {
  const status = e && e.statusCode ? ` [HTTP ${e.statusCode}${e.code ? ` ${e.code}` : ""}]` : "";
  console.log(`FAIL ${method}: ${e && e.message ? e.message : e}${status}`);
  if (e && e.request) console.log(`     request: ${e.request.method} ${e.request.url}`);
  if (e && e.response && e.response.bodyAsText) console.log(`     response: ${e.response.bodyAsText.slice(0, 500)}`);
}

/**
 * Expects `promise` to fail with ADT's documented HTTP `status` (and error `code`, when given). `known` names a documented
 * difference of TwinLab's ({ status, code, note }): that answer is accepted too, with a "note" line, so each difference
 * stays visible in the output until the server matches ADT and the entry is removed.
 */
async function rejects(promise, status, code, known) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected HTTP ${status}${code ? ` ${code}` : ""}, but the call succeeded`);
  if (known && error.statusCode === known.status && (!known.code || error.code === known.code)
      && (error.statusCode !== status || (code && error.code !== code))) {
    console.log(`note ${known.note}: ADT answers ${status}${code ? ` ${code}` : ""}, TwinLab ${error.statusCode} ${error.code || ""}`.trimEnd());
    return;
  }
  assert.equal(error.statusCode, status, `expected HTTP ${status}, got ${error.statusCode}: ${error.message}`);
  if (code) assert.equal(error.code, code, `expected error code ${code}, got ${error.code}: ${error.message}`);
}

/** All items of a paged iterator. */
async function all(iterator) {
  const items = [];
  for await (const item of iterator) items.push(item);
  return items;
}

/** The pages of a paged iterator's byPage(). */
async function pages(iterator, settings) {
  const result = [];
  for await (const page of iterator.byPage(settings)) result.push(page);
  return result;
}

async function main() {
  // ---- models ----
  await check("createModels", "uploads three interfaces in one batch", async () => {
    const created = await client.createModels(models);
    assert.equal(created._response.status, 201);
    assert.deepEqual(created.map((m) => m.id).sort(), [ROOM, SPARE, THERMOSTAT].sort());
    const r = created.find((m) => m.id === ROOM);
    assert.equal(r.displayName.en, "Room");
    assert.equal(r.decommissioned, false);
    assert.ok(r.uploadTime instanceof Date && !Number.isNaN(r.uploadTime.getTime()), "uploadTime is a date");
    await rejects(client.createModels([models[2]]), 409, "ModelAlreadyExists");
    return "409 ModelAlreadyExists on a repeat";
  });

  await check("getModel", "reads metadata, and the definition on request", async () => {
    const m = await client.getModel(ROOM);
    assert.equal(m.id, ROOM);
    assert.deepEqual(m.displayName, { en: "Room", fr: "Pièce" });
    assert.equal(m.description.en, "A room with a thermostat");
    assert.equal(m.decommissioned, false);
    assert.equal(m.model, undefined, "no definition unless asked");
    const withDefinition = await client.getModel(ROOM, true);
    assert.equal(withDefinition.model["@id"], ROOM);
    assert.equal(withDefinition.model.contents.length, 5);
    await rejects(client.getModel("dtmi:twinlab:jsclient:Missing;1"), 404, "ModelNotFound");
  });

  await check("listModels", "lists all, by dependencies, and page by page", async () => {
    const everything = await all(client.listModels());
    assert.deepEqual(everything.map((m) => m.id).sort(), [ROOM, SPARE, THERMOSTAT].sort());
    assert.ok(everything.every((m) => m.model === undefined), "no definitions unless asked");
    const deps = await all(client.listModels([ROOM], true));
    assert.deepEqual(deps.map((m) => m.id).sort(), [ROOM, THERMOSTAT].sort(), "Room and the Thermostat it uses");
    assert.ok(deps.every((m) => m.model && m.model["@id"] === m.id), "definitions included");
    const two = await all(client.listModels([THERMOSTAT, SPARE]));
    assert.deepEqual(two.map((m) => m.id).sort(), [SPARE, THERMOSTAT].sort(), "dependenciesFor with two ids (sent comma-separated)");
    const paged = await pages(client.listModels(), { maxPageSize: 1 });
    assert.ok(paged.every((p) => p.value.length <= 1), `max-items-per-page 1 honoured (page sizes ${paged.map((p) => p.value.length)})`);
    assert.deepEqual(paged.flatMap((p) => p.value.map((m) => m.id)).sort(), [ROOM, SPARE, THERMOSTAT].sort());
    return `${paged.length} pages of 1`;
  });

  // ---- twins ----
  let etag1;
  await check("upsertDigitalTwin", "creates twins, refuses If-None-Match * on an existing one", async () => {
    const created = await client.upsertDigitalTwin("room-1", room(21.5, "Lab"));
    assert.equal(created.body.$dtId, "room-1");
    assert.equal(created.body.$metadata.$model, ROOM);
    assert.equal(created.body.temperature, 21.5);
    assert.ok(created.etag, "an ETag");
    etag1 = created.etag;
    for (const id of ["room-2", "room-3", "room-4", "room-5"])
      await client.upsertDigitalTwin(id, room(18, id), { ifNoneMatch: "*" });
    await rejects(client.upsertDigitalTwin("room-2", room(19, "again"), { ifNoneMatch: "*" }), 412);
    await rejects(client.upsertDigitalTwin("room-x", JSON.stringify({ $metadata: { $model: ROOM }, temperature: "warm" })), 400);
    return `ETag ${etag1}`;
  });

  await check("getDigitalTwin", "reads a twin and its ETag; 404 for a missing one", async () => {
    const got = await client.getDigitalTwin("room-1");
    assert.equal(got.body.$dtId, "room-1");
    assert.equal(got.body.name, "Lab");
    assert.equal(got.body.thermostat.setpoint, 20);
    assert.equal(got.etag, etag1);
    assert.equal(got.body.$etag, etag1);
    await rejects(client.getDigitalTwin("nobody"), 404, "DigitalTwinNotFound");
  });

  await check("updateDigitalTwin", "JSON Patch with If-Match; 412 on a stale ETag", async () => {
    const patched = await client.updateDigitalTwin("room-1", [{ op: "replace", path: "/temperature", value: 23 }], { ifMatch: etag1 });
    assert.equal(patched._response.status, 204);
    assert.ok(patched.etag && patched.etag !== etag1, "a new ETag");
    await rejects(client.updateDigitalTwin("room-1", [{ op: "replace", path: "/temperature", value: 99 }], { ifMatch: etag1 }), 412);
    const got = await client.getDigitalTwin("room-1");
    assert.equal(got.body.temperature, 23);
    assert.equal(got.etag, patched.etag);
    etag1 = got.etag;
  });

  // ---- components ----
  await check("getComponent", "reads a component; 404 for an unknown one", async () => {
    const c = await client.getComponent("room-1", "thermostat");
    assert.equal(c.body.setpoint, 20);
    assert.ok(c.body.$metadata, "component $metadata");
    await rejects(client.getComponent("room-1", "nozzle"), 404);
  });

  await check("updateComponent", "JSON Patch on a component property", async () => {
    const r = await client.updateComponent("room-1", "thermostat", [{ op: "replace", path: "/setpoint", value: 22.5 }]);
    assert.equal(r._response.status, 204);
    const c = await client.getComponent("room-1", "thermostat");
    assert.equal(c.body.setpoint, 22.5);
    const twin = await client.getDigitalTwin("room-1");
    assert.equal(twin.body.thermostat.setpoint, 22.5);
    etag1 = twin.etag;
  });

  // ---- relationships ----
  let relEtag;
  await check("upsertRelationship", "creates relationships with properties", async () => {
    const r = await client.upsertRelationship("room-1", "r12", { $relationshipName: "adjacent", $targetId: "room-2", distance: 3 });
    assert.equal(r.body.$relationshipId, "r12");
    assert.equal(r.body.$sourceId, "room-1");
    assert.equal(r.body.$targetId, "room-2");
    assert.equal(r.body.distance, 3);
    assert.ok(r.etag, "an ETag");
    relEtag = r.etag;
    await client.upsertRelationship("room-1", "r13", { $relationshipName: "adjacent", $targetId: "room-3" }, { ifNoneMatch: "*" });
    await client.upsertRelationship("room-3", "r32", { $relationshipName: "adjacent", $targetId: "room-2" });
    await rejects(client.upsertRelationship("room-1", "r13", { $relationshipName: "adjacent", $targetId: "room-3" }, { ifNoneMatch: "*" }), 412);
    await rejects(client.upsertRelationship("room-1", "bad", { $relationshipName: "adjacent", $targetId: "nobody" }), 404, "TargetTwinNotFound");
  });

  await check("getRelationship", "reads a relationship; 404 for a missing one", async () => {
    const r = await client.getRelationship("room-1", "r12");
    assert.equal(r.body.$relationshipName, "adjacent");
    assert.equal(r.body.distance, 3);
    assert.equal(r.etag, relEtag);
    await rejects(client.getRelationship("room-1", "nope"), 404, "RelationshipNotFound");
  });

  await check("updateRelationship", "JSON Patch with If-Match; 412 on a stale ETag", async () => {
    const r = await client.updateRelationship("room-1", "r12", [{ op: "replace", path: "/distance", value: 4.5 }], { ifMatch: relEtag });
    assert.equal(r._response.status, 204);
    assert.ok(r.etag && r.etag !== relEtag, "a new ETag");
    await rejects(client.updateRelationship("room-1", "r12", [{ op: "replace", path: "/distance", value: 9 }], { ifMatch: relEtag }), 412);
    const got = await client.getRelationship("room-1", "r12");
    assert.equal(got.body.distance, 4.5);
    relEtag = got.etag;
  });

  await check("listRelationships", "lists a twin's outgoing relationships, also by page", async () => {
    const rels = await all(client.listRelationships("room-1"));
    assert.deepEqual(rels.map((r) => r.$relationshipId).sort(), ["r12", "r13"]);
    assert.ok(rels.every((r) => r.$sourceId === "room-1" && r.$relationshipName === "adjacent"));
    const paged = await pages(client.listRelationships("room-1"));
    assert.deepEqual(paged.flatMap((p) => p.value.map((r) => r.$relationshipId)).sort(), ["r12", "r13"]);
    assert.deepEqual(await all(client.listRelationships("room-4")), []);
    return `${paged.length} page(s)`;
  });

  await check("listIncomingRelationships", "lists the relationships pointing at a twin", async () => {
    const incoming = await all(client.listIncomingRelationships("room-2"));
    incoming.sort((a, b) => a.relationshipId.localeCompare(b.relationshipId));
    assert.deepEqual(incoming.map((r) => [r.relationshipId, r.sourceId, r.relationshipName]),
      [["r12", "room-1", "adjacent"], ["r32", "room-3", "adjacent"]]);
    assert.ok(incoming.every((r) => typeof r.relationshipLink === "string" && r.relationshipLink.includes(r.relationshipId)));
    const paged = await pages(client.listIncomingRelationships("room-2"));
    assert.equal(paged.flatMap((p) => p.value).length, 2);
  });

  // ---- telemetry ----
  await check("publishTelemetry", "publishes twin telemetry (object payload, Message-Id and Telemetry-Source-Time sent)", async () => {
    const r = await client.publishTelemetry("room-1", { occupancy: 3 }, "js-msg-1");
    assert.equal(r._response.status, 204);
    // The README's usage: the payload as a JSON string.
    const s = await client.publishTelemetry("room-1", '{"occupancy": 4}', "js-msg-2");
    assert.equal(s._response.status, 204);
    // A repeated Message-Id is acknowledged (and recorded once).
    const again = await client.publishTelemetry("room-1", { occupancy: 3 }, "js-msg-1");
    assert.equal(again._response.status, 204);
    await rejects(client.publishTelemetry("nobody", { occupancy: 1 }, "js-msg-3"), 404, "DigitalTwinNotFound");
  });

  // Client 1.1.0 hands this method's payload and messageId to the wire the wrong way round (the payload goes in the
  // Message-Id header, the message id becomes the body); called here as its README documents, so the server must cope.
  await check("publishComponentTelemetry", "publishes component telemetry (string payload, as the client documents)", async () => {
    const r = await client.publishComponentTelemetry("room-1", "thermostat", '{"humidity": 41.5}', "js-msg-4");
    assert.equal(r._response.status, 204);
  });

  // ---- event routes ----
  await check("upsertEventRoute", "creates and replaces routes", async () => {
    const r = await client.upsertEventRoute("route-1", "endpoint-a", "type = 'Microsoft.DigitalTwins.Twin.Create'");
    assert.equal(r._response.status, 204);
    await client.upsertEventRoute("route-2", "endpoint-b", "true");
    await client.upsertEventRoute("route-1", "endpoint-a", "type = 'Microsoft.DigitalTwins.Twin.Update'");
  });

  await check("getEventRoute", "reads a route; 404 for a missing one", async () => {
    const r = await client.getEventRoute("route-1");
    assert.equal(r.id, "route-1");
    assert.equal(r.endpointName, "endpoint-a");
    assert.equal(r.filter, "type = 'Microsoft.DigitalTwins.Twin.Update'", "replaced by the second upsert");
    await rejects(client.getEventRoute("route-missing"), 404);
  });

  await check("listEventRoutes", "lists routes, also one per page", async () => {
    const routes = await all(client.listEventRoutes());
    assert.deepEqual(routes.map((r) => r.id).sort(), ["route-1", "route-2"]);
    assert.equal(routes.find((r) => r.id === "route-2").endpointName, "endpoint-b");
    const paged = await pages(client.listEventRoutes(), { maxPageSize: 1 });
    assert.ok(paged.every((p) => p.value.length <= 1), `max-items-per-page 1 honoured (page sizes ${paged.map((p) => p.value.length)})`);
    assert.deepEqual(paged.flatMap((p) => p.value.map((r) => r.id)).sort(), ["route-1", "route-2"]);
    return `${paged.length} pages`;
  });

  await check("deleteEventRoute", "deletes a route; 404 afterwards", async () => {
    const r = await client.deleteEventRoute("route-2");
    assert.equal(r._response.status, 204);
    await rejects(client.getEventRoute("route-2"), 404);
    await rejects(client.deleteEventRoute("route-2"), 404);
    assert.deepEqual((await all(client.listEventRoutes())).map((x) => x.id), ["route-1"]);
  });

  // ---- query ----
  await check("queryTwins", "queries, paging through byPage with max-items-per-page and continuation tokens", async () => {
    const q = `SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL('${ROOM}')`;
    const items = await all(client.queryTwins(q));
    assert.deepEqual(items.map((t) => t.$dtId).sort(), ["room-1", "room-2", "room-3", "room-4", "room-5"]);
    const paged = await pages(client.queryTwins(q, 2));
    assert.deepEqual(paged.map((p) => p.value.length), [2, 2, 1], "pages of 2, 2 and 1");
    assert.ok(paged.slice(0, -1).every((p) => typeof p.continuationToken === "string"), "continuation tokens on all but the last page");
    assert.equal(paged[paged.length - 1].continuationToken ?? null, null, "no continuation token on the last page");
    assert.ok(paged.every((p) => typeof p.queryCharge === "number" && p.queryCharge > 0), "query-charge header read");
    assert.deepEqual(paged.flatMap((p) => p.value.map((t) => t.$dtId)).sort(), items.map((t) => t.$dtId).sort());
    const warm = await all(client.queryTwins(`SELECT T.$dtId, T.temperature FROM DIGITALTWINS T WHERE T.temperature > 20`));
    assert.deepEqual(warm, [{ $dtId: "room-1", temperature: 23 }]);
    const joined = await all(client.queryTwins(
      "SELECT N FROM DIGITALTWINS T JOIN N RELATED T.adjacent WHERE T.$dtId = 'room-1'"));
    assert.deepEqual(joined.map((r) => r.N.$dtId).sort(), ["room-2", "room-3"]);
    await rejects(all(client.queryTwins("SELEKT nonsense")), 400);
    return `${paged.length} pages`;
  });

  // ---- deletes ----
  await check("deleteRelationship", "If-Match checked; deleted; 404 afterwards", async () => {
    await rejects(client.deleteRelationship("room-1", "r12", { ifMatch: 'W/"stale"' }), 412);
    const r = await client.deleteRelationship("room-1", "r12", { ifMatch: relEtag });
    assert.equal(r._response.status, 204);
    await rejects(client.getRelationship("room-1", "r12"), 404, "RelationshipNotFound");
    await client.deleteRelationship("room-3", "r32");
    assert.deepEqual(await all(client.listIncomingRelationships("room-2")), []);
  });

  await check("deleteDigitalTwin", "If-Match checked; deleted; 404 afterwards", async () => {
    const twin = await client.getDigitalTwin("room-2");
    await rejects(client.deleteDigitalTwin("room-2", { ifMatch: 'W/"stale"' }), 412);
    const r = await client.deleteDigitalTwin("room-2", { ifMatch: twin.etag });
    assert.equal(r._response.status, 204);
    await rejects(client.getDigitalTwin("room-2"), 404, "DigitalTwinNotFound");
    await client.deleteDigitalTwin("room-5");
    // room-1 still has relationship r13: ADT refuses to delete a twin with relationships.
    await rejects(client.deleteDigitalTwin("room-1"), 400, "RelationshipsNotDeleted");
  });

  await check("decomissionModel", "marks a model decommissioned; new twins of it are refused", async () => {
    await client.upsertDigitalTwin("spare-1", JSON.stringify({ $metadata: { $model: SPARE } }));
    const r = await client.decomissionModel(SPARE);
    assert.equal(r._response.status, 204);
    const m = await client.getModel(SPARE);
    assert.equal(m.decommissioned, true);
    assert.equal((await client.getModel(ROOM)).decommissioned, false);
    await rejects(client.upsertDigitalTwin("spare-2", JSON.stringify({ $metadata: { $model: SPARE } })), 400);
    assert.equal((await client.getDigitalTwin("spare-1")).body.$metadata.$model, SPARE, "existing twins keep the model");
  });

  await check("deleteModel", "refused while used; deleted; 404 afterwards", async () => {
    await rejects(client.deleteModel(SPARE), 409);
    await client.deleteDigitalTwin("spare-1");
    const r = await client.deleteModel(SPARE);
    assert.equal(r._response.status, 204);
    await rejects(client.getModel(SPARE), 404, "ModelNotFound");
    assert.deepEqual((await all(client.listModels())).map((m) => m.id).sort(), [ROOM, THERMOSTAT].sort());
  });

  // Every public method of the client was exercised (the private paging helpers end in Page or All).
  const methods = Object.getOwnPropertyNames(DigitalTwinsClient.prototype)
    .filter((n) => n !== "constructor" && !/(Page|All)$/.test(n));
  if (failed.length > 0) {
    console.log(`${failed.length} of ${methods.length} DigitalTwinsClient methods failed: ${failed.join(", ")}`);
    process.exit(1);
  }
  const missed = methods.filter((m) => !done.has(m));
  assert.deepEqual(missed, [], `methods not exercised: ${missed.join(", ")}`);
  assert.deepEqual([...scopesAsked], ["https://digitaltwins.azure.net/.default"], "the credential was asked for the ADT scope");
  console.log(`all ${methods.length} DigitalTwinsClient methods passed`);
}

main().catch((e) => {
  report("setup", e);
  process.exit(1);
});
