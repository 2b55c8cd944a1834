using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Storage.Tests.History;

/// <summary>
/// A small hypertension ward in real DTDL (parsed by the real parser): patients with blood pressure properties, a cuff
/// component and vital-sign telemetry, treated by clinicians; a second batch adds wards that house patients and an
/// inpatient model derived from the patient. Also the helpers the history tests share: bodies, patches, clocks and
/// deep comparisons of graph states.
/// </summary>
internal static class Clinic
{
    public const string Clinician = "dtmi:com:twinlab:health:Clinician;1";
    public const string Patient = "dtmi:com:twinlab:health:Patient;1";
    public const string Cuff = "dtmi:com:twinlab:health:BloodPressureCuff;1";
    public const string Ward = "dtmi:com:twinlab:health:Ward;1";
    public const string Inpatient = "dtmi:com:twinlab:health:Inpatient;1";
    public const string Bed = "dtmi:com:twinlab:health:Bed;1";

    /// <summary>First batch: clinician, cuff, patient (one array document).</summary>
    public const string CoreModels = """
        [
          {
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:twinlab:health:Clinician;1",
            "@type": "Interface",
            "displayName": "Clinician",
            "contents": [
              { "@type": "Property", "name": "name", "schema": "string" },
              { "@type": "Property", "name": "specialty", "schema": "string", "writable": true },
              { "@type": "Property", "name": "onCall", "schema": "boolean", "writable": true }
            ]
          },
          {
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:twinlab:health:BloodPressureCuff;1",
            "@type": "Interface",
            "contents": [
              { "@type": "Property", "name": "serial", "schema": "string" },
              { "@type": "Property", "name": "mode", "schema": "string", "writable": true },
              { "@type": "Telemetry", "name": "systolic", "schema": "integer" },
              { "@type": "Telemetry", "name": "diastolic", "schema": "integer" }
            ]
          },
          {
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:twinlab:health:Patient;1",
            "@type": "Interface",
            "displayName": "Patient",
            "contents": [
              { "@type": "Property", "name": "name", "schema": "string" },
              { "@type": "Property", "name": "systolic", "schema": "integer", "writable": true },
              { "@type": "Property", "name": "diastolic", "schema": "integer", "writable": true },
              { "@type": "Property", "name": "ward", "schema": "string", "writable": true },
              {
                "@type": "Property", "name": "target", "writable": true,
                "schema": { "@type": "Object", "fields": [
                  { "name": "systolic", "schema": "integer" },
                  { "name": "diastolic", "schema": "integer" } ] }
              },
              { "@type": "Telemetry", "name": "heartRate", "schema": "double" },
              { "@type": "Telemetry", "name": "spo2", "schema": "double" },
              { "@type": "Component", "name": "cuff", "schema": "dtmi:com:twinlab:health:BloodPressureCuff;1" },
              {
                "@type": "Relationship", "name": "treatedBy", "target": "dtmi:com:twinlab:health:Clinician;1",
                "properties": [
                  { "@type": "Property", "name": "since", "schema": "dateTime" },
                  { "@type": "Property", "name": "role", "schema": "string" }
                ]
              }
            ]
          }
        ]
        """;

    /// <summary>Second batch, referencing the first.</summary>
    public const string WardModels = """
        [
          {
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:twinlab:health:Ward;1",
            "@type": "Interface",
            "contents": [
              { "@type": "Property", "name": "name", "schema": "string" },
              { "@type": "Property", "name": "beds", "schema": "integer" },
              { "@type": "Relationship", "name": "houses", "target": "dtmi:com:twinlab:health:Patient;1" }
            ]
          },
          {
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:twinlab:health:Inpatient;1",
            "@type": "Interface",
            "extends": "dtmi:com:twinlab:health:Patient;1",
            "contents": [ { "@type": "Property", "name": "bed", "schema": "string", "writable": true } ]
          },
          {
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:twinlab:health:Bed;1",
            "@type": "Interface",
            "contents": [ { "@type": "Property", "name": "label", "schema": "string" } ]
          }
        ]
        """;

    public static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A clock that moves only when told (so every event's time is known).</summary>
    public static FakeTimeProvider Clock() => new(Start.AddTicks(1_234_567));

    public static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static JsonElement PatientBody(string name, int systolic, int diastolic, string ward = "cardiology", string cuffMode = "auto") => Json($$"""
        {
          "$metadata": { "$model": "{{Patient}}" },
          "name": {{JsonSerializer.Serialize(name)}}, "systolic": {{systolic}}, "diastolic": {{diastolic}}, "ward": {{JsonSerializer.Serialize(ward)}},
          "target": { "systolic": 130, "diastolic": 80 },
          "cuff": { "$metadata": {}, "serial": "CUFF-{{name.Length}}", "mode": {{JsonSerializer.Serialize(cuffMode)}} }
        }
        """);

    public static JsonElement ClinicianBody(string name, string specialty = "cardiology") => Json($$"""
        { "$metadata": { "$model": "{{Clinician}}" }, "name": {{JsonSerializer.Serialize(name)}}, "specialty": {{JsonSerializer.Serialize(specialty)}}, "onCall": false }
        """);

    public static JsonElement TreatedBy(string clinician, string role = "attending") => Json($$"""
        { "$relationshipName": "treatedBy", "$targetId": {{JsonSerializer.Serialize(clinician)}}, "since": "2025-01-15T09:30:00Z", "role": {{JsonSerializer.Serialize(role)}} }
        """);

    public static JsonElement Houses(string patient) => Json($$"""
        { "$relationshipName": "houses", "$targetId": {{JsonSerializer.Serialize(patient)}} }
        """);

    public static JsonElement Vitals(double heartRate) => Json($$"""{ "heartRate": {{heartRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}} }""");

    /// <summary>A patch that sets (adds or replaces) one property.</summary>
    public static JsonPatchOperation[] Set(string path, string json) => [JsonPatchOperation.Add(path, Json(json))];

    public static void ImportCore(TwinGraph g) => g.ImportModels([new DtdlSource(CoreModels, "models/clinic.json")]);

    public static void ImportWards(TwinGraph g) => g.ImportModels([new DtdlSource(WardModels, "models/ward.json")]);

    /// <summary>A write on a branch with an actor, the clock moved one second first.</summary>
    public static WriteOutcome<int> Do(this TwinService service, FakeTimeProvider clock, string branch, Action<TwinGraph> operation, string actor = "test", string? key = null)
    {
        clock.Advance(TimeSpan.FromSeconds(1));
        return service.Write(branch, new WriteContext(actor, key), g =>
        {
            operation(g);
            return 0;
        });
    }

    /// <summary>Main's models, the clinician c-house and the patients p-ada (treated by c-house) and p-bob.</summary>
    public static void Seed(TwinService service, FakeTimeProvider clock)
    {
        service.Do(clock, BranchInfo.Main, ImportCore, "admin");
        service.Do(clock, BranchInfo.Main, g =>
        {
            g.CreateOrReplaceTwin("c-house", ClinicianBody("Gregory House", "diagnostics"));
            g.CreateOrReplaceTwin("c-cuddy", ClinicianBody("Lisa Cuddy", "endocrinology"));
            g.CreateOrReplaceTwin("p-ada", PatientBody("Ada Lovelace", 150, 95));
            g.CreateOrReplaceTwin("p-bob", PatientBody("Bob Dylan", 128, 82, "nephrology"));
            g.CreateOrReplaceRelationship("p-ada", "r-ada-house", TreatedBy("c-house"));
        }, "admin");
    }

    /// <summary>The entry under <paramref name="key"/>; fails the test when absent.</summary>
    public static T Get<T>(this SmallMap<T> map, string key) =>
        map.TryGetValue(key, out var v) ? v : throw new Xunit.Sdk.XunitException($"'{key}' is missing; keys: {string.Join(", ", map.Keys)}");

    /// <summary>The value of a top-level property, or <c>null</c> when unset.</summary>
    public static string? Prop(this GraphSnapshot s, string twin, string property) =>
        s.Twins.TryGetValue(twin, out var t) && t.Properties.TryGetValue(property, out var p) ? p.Value.GetRawText() : null;

    /// <summary>A fold of main's events up to <paramref name="k"/> from the empty graph: the log as the source of truth.</summary>
    public static GraphSnapshot Replay(ITwinStore store, long k, string branch = BranchInfo.Main) =>
        EventFold.Apply(GraphSnapshot.Empty, store.ReadEvents(new EventFilter(branch, UpToSequence: k)));

    /// <summary>Twins (ids, ETags, full JSON), relationships (full JSON), the incoming index and the model ids agree.</summary>
    public static void AssertSameState(GraphSnapshot expected, GraphSnapshot actual, string because = "")
    {
        var at = because.Length == 0 ? "" : $" ({because})";
        Assert.True(expected.Twins.Keys.Order(StringComparer.Ordinal).SequenceEqual(actual.Twins.Keys.Order(StringComparer.Ordinal)),
            $"twin ids differ{at}: expected [{string.Join(", ", expected.Twins.Keys.Order(StringComparer.Ordinal))}], got [{string.Join(", ", actual.Twins.Keys.Order(StringComparer.Ordinal))}]");
        foreach (var (id, t) in expected.Twins)
        {
            var a = actual.Twins[id];
            Assert.True(t.ETag == a.ETag, $"twin '{id}' ETag{at}: expected {t.ETag}, got {a.ETag}");
            Assert.True(TwinJson.ToJson(t) == TwinJson.ToJson(a), $"twin '{id}'{at}:\n expected {TwinJson.ToJson(t)}\n got      {TwinJson.ToJson(a)}");
        }
        var er = expected.Relationships.Select(r => TwinJson.ToJson(r)).Order(StringComparer.Ordinal).ToArray();
        var ar = actual.Relationships.Select(r => TwinJson.ToJson(r)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(er.SequenceEqual(ar), $"relationships differ{at}:\n expected {string.Join("\n   ", er)}\n got      {string.Join("\n   ", ar)}");
        Assert.True(expected.RelationshipCount == actual.RelationshipCount, $"relationship count{at}: {expected.RelationshipCount} != {actual.RelationshipCount}");
        foreach (var t in expected.Twins.Keys)
        {
            var ei = expected.IncomingOf(t).Select(r => $"{r.SourceId}/{r.Id}").Order(StringComparer.Ordinal);
            var ai = actual.IncomingOf(t).Select(r => $"{r.SourceId}/{r.Id}").Order(StringComparer.Ordinal);
            Assert.True(ei.SequenceEqual(ai), $"incoming of '{t}' differs{at}");
        }
        var em = expected.Models.Entries.Select(e => $"{e.Interface.Id}{(e.Decommissioned ? " (decommissioned)" : "")}").Order(StringComparer.Ordinal);
        var am = actual.Models.Entries.Select(e => $"{e.Interface.Id}{(e.Decommissioned ? " (decommissioned)" : "")}").Order(StringComparer.Ordinal);
        Assert.True(em.SequenceEqual(am), $"models differ{at}: [{string.Join(", ", em)}] vs [{string.Join(", ", am)}]");
    }
}
