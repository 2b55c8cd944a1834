using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.Twins;

/// <summary>
/// A hypertension clinic, modelled by hand (no DTDL parser involved):
/// <list type="bullet">
/// <item><c>Person</c> (name, birthDate) and <c>Clinician extends Person</c> (specialty, relationship <c>worksAt</c> to anything).</item>
/// <item><c>Clinic</c> (name).</item>
/// <item><c>BloodPressureMonitor</c> (property serial; telemetry systolic/diastolic integers).</item>
/// <item><c>Patient</c>: one property per primitive kind used in practice, an enum, an object, a map, an array, a component
/// <c>monitor</c>, telemetry <c>heartRate</c>, a command, and relationships <c>treatedBy</c> (→ Clinician, max 1, property
/// <c>since</c>), <c>memberOf</c> (any target) and <c>emergencyContact</c> (→ Person, so a Clinician is accepted).</item>
/// <item><c>PatientV2 extends Patient</c> (adds riskScore): a compatible model for <c>/$metadata/$model</c> patches.</item>
/// <item><c>WristMonitor</c> and <c>RemotePatient</c> (component <c>monitor</c> of a different schema).</item>
/// </list>
/// Each test gets a fresh instance (xunit builds a test class per test).
/// </summary>
public sealed class TwinFixture
{
    public const string PersonId = "dtmi:clinic:Person;1";
    public const string ClinicianId = "dtmi:clinic:Clinician;1";
    public const string ClinicId = "dtmi:clinic:Clinic;1";
    public const string MonitorId = "dtmi:clinic:BloodPressureMonitor;1";
    public const string PatientId = "dtmi:clinic:Patient;1";
    public const string PatientV2Id = "dtmi:clinic:PatientV2;1";
    public const string WristMonitorId = "dtmi:clinic:WristMonitor;1";
    public const string RemotePatientId = "dtmi:clinic:RemotePatient;1";

    public static readonly DateTimeOffset Start = new(2024, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly EnumSchema RiskLevel = new(PrimitiveKind.String,
    [
        new EnumValue("low", "low"),
        new EnumValue("medium", "medium"),
        new EnumValue("high", "high"),
    ]);

    public static readonly ObjectSchema Address = new(
    [
        new ObjectField("street", P(PrimitiveKind.String)),
        new ObjectField("city", P(PrimitiveKind.String)),
        new ObjectField("postcode", P(PrimitiveKind.String)),
    ]);

    public static readonly MapSchema LabResults = new("test", "value", P(PrimitiveKind.Double));

    public static readonly ArraySchema Medications = new(P(PrimitiveKind.String));

    public static readonly ModelSet Models = BuildModels();

    public FakeTimeProvider Time { get; } = new(Start);

    public TwinGraph Graph { get; }

    public TwinFixture()
    {
        Graph = new TwinGraph(GraphSnapshot.Empty with { Models = Models }, Time);
    }

    // ---------------------------------------------------------------- model construction

    /// <summary>A primitive schema named as DTDL spells it (camelCase), as the parser produces it.</summary>
    public static PrimitiveSchema P(PrimitiveKind kind) => new(kind) { Name = char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..] };

    private static DtdlProperty Prop(string definedIn, string name, DtdlSchema schema) =>
        new() { Name = name, DefinedIn = definedIn, Schema = schema, Writable = true };

    private static DtdlInterface Interface(string id, IEnumerable<DtdlContent> contents, params string[] extends) => new()
    {
        Id = id,
        DtdlVersion = 3,
        Extends = extends,
        Contents = contents.ToDictionary(c => c.Name, StringComparer.Ordinal),
        Definition = $"{{\"@id\":\"{id}\",\"@type\":\"Interface\"}}",
    };

    private static ModelSet BuildModels()
    {
        var person = Interface(PersonId,
        [
            Prop(PersonId, "name", P(PrimitiveKind.String)),
            Prop(PersonId, "birthDate", P(PrimitiveKind.Date)),
        ]);
        var clinician = Interface(ClinicianId,
        [
            Prop(ClinicianId, "specialty", P(PrimitiveKind.String)),
            new DtdlRelationship { Name = "worksAt", DefinedIn = ClinicianId },
        ], PersonId);
        var clinic = Interface(ClinicId,
        [
            Prop(ClinicId, "name", P(PrimitiveKind.String)),
        ]);
        var monitor = Interface(MonitorId,
        [
            Prop(MonitorId, "serial", P(PrimitiveKind.String)),
            new DtdlTelemetry { Name = "systolic", DefinedIn = MonitorId, Schema = P(PrimitiveKind.Integer) },
            new DtdlTelemetry { Name = "diastolic", DefinedIn = MonitorId, Schema = P(PrimitiveKind.Integer) },
        ]);
        var patient = Interface(PatientId,
        [
            Prop(PatientId, "name", P(PrimitiveKind.String)),
            Prop(PatientId, "age", P(PrimitiveKind.Integer)),
            Prop(PatientId, "weightKg", P(PrimitiveKind.Double)),
            Prop(PatientId, "smoker", P(PrimitiveKind.Boolean)),
            Prop(PatientId, "birthDate", P(PrimitiveKind.Date)),
            Prop(PatientId, "admittedAt", P(PrimitiveKind.DateTime)),
            Prop(PatientId, "checkupInterval", P(PrimitiveKind.Duration)),
            Prop(PatientId, "riskLevel", RiskLevel),
            Prop(PatientId, "address", Address),
            Prop(PatientId, "labResults", LabResults),
            Prop(PatientId, "medications", Medications),
            new DtdlComponent { Name = "monitor", DefinedIn = PatientId, Schema = MonitorId },
            new DtdlTelemetry { Name = "heartRate", DefinedIn = PatientId, Schema = P(PrimitiveKind.Double) },
            new DtdlCommand { Name = "recalibrate", DefinedIn = PatientId },
            new DtdlRelationship
            {
                Name = "treatedBy", DefinedIn = PatientId, Target = ClinicianId, MaxMultiplicity = 1,
                Properties = [Prop(PatientId, "since", P(PrimitiveKind.Date))],
            },
            new DtdlRelationship { Name = "memberOf", DefinedIn = PatientId },
            new DtdlRelationship
            {
                Name = "emergencyContact", DefinedIn = PatientId, Target = PersonId,
                Properties = [Prop(PatientId, "priority", P(PrimitiveKind.Integer))],
            },
        ]);
        var patientV2 = Interface(PatientV2Id,
        [
            Prop(PatientV2Id, "riskScore", P(PrimitiveKind.Double)),
        ], PatientId);
        var wrist = Interface(WristMonitorId,
        [
            Prop(WristMonitorId, "strap", P(PrimitiveKind.String)),
        ]);
        var remote = Interface(RemotePatientId,
        [
            Prop(RemotePatientId, "name", P(PrimitiveKind.String)),
            new DtdlComponent { Name = "monitor", DefinedIn = RemotePatientId, Schema = WristMonitorId },
        ]);
        return ModelSet.Empty.With(new[] { person, clinician, clinic, monitor, patient, patientV2, wrist, remote }
            .Select(i => new ModelEntry(i, DateTimeOffset.UnixEpoch)));
    }

    // ---------------------------------------------------------------- JSON helpers

    /// <summary>Parses JSON into a self-contained element.</summary>
    public static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static JsonPatchOperation Add(string path, string json) => JsonPatchOperation.Add(path, Json(json));
    public static JsonPatchOperation Replace(string path, string json) => JsonPatchOperation.Replace(path, Json(json));
    public static JsonPatchOperation Remove(string path) => JsonPatchOperation.Remove(path);

    public static JsonPatchOperation[] Patch(params JsonPatchOperation[] ops) => ops;

    public const string FullPatientBody = """
        {
          "$metadata": { "$model": "dtmi:clinic:Patient;1" },
          "name": "Ada Lovelace",
          "age": 58,
          "weightKg": 71.5,
          "smoker": false,
          "birthDate": "1966-12-10",
          "admittedAt": "2024-02-28T09:30:00Z",
          "checkupInterval": "P30D",
          "riskLevel": "medium",
          "address": { "street": "12 St James's Square", "city": "London", "postcode": "SW1Y 4JH" },
          "labResults": { "ldl": 3.1, "hba1c": 5.4 },
          "medications": ["amlodipine", "ramipril"],
          "monitor": { "$metadata": {}, "serial": "BP-0042" }
        }
        """;

    public static JsonElement PatientBody(string extraMembers = "") => Json(
        "{\"$metadata\":{\"$model\":\"" + PatientId + "\"},\"monitor\":{\"$metadata\":{}}" +
        (extraMembers.Length > 0 ? "," + extraMembers : "") + "}");

    // ---------------------------------------------------------------- seeding

    public Twin CreateFullPatient(string id = "patient-ada") => Graph.CreateOrReplaceTwin(id, Json(FullPatientBody));

    public Twin CreateClinician(string id = "dr-house", string specialty = "cardiology") => Graph.CreateOrReplaceTwin(id, Json(
        $$"""{"$metadata":{"$model":"{{ClinicianId}}"},"name":"Gregory House","specialty":"{{specialty}}"}"""));

    public Twin CreatePerson(string id = "nok-bob") => Graph.CreateOrReplaceTwin(id, Json(
        $$"""{"$metadata":{"$model":"{{PersonId}}"},"name":"Bob"}"""));

    public Twin CreateClinic(string id = "clinic-north") => Graph.CreateOrReplaceTwin(id, Json(
        $$"""{"$metadata":{"$model":"{{ClinicId}}"},"name":"North Hypertension Clinic"}"""));

    public Relationship Relate(string source, string relId, string name, string target, string extra = "") =>
        Graph.CreateOrReplaceRelationship(source, relId, Json(
            $$"""{"$relationshipName":"{{name}}","$targetId":"{{target}}"{{(extra.Length > 0 ? "," + extra : "")}}}"""));

    /// <summary>Patient, clinician, next of kin and clinic, with treatedBy, memberOf and emergencyContact relationships; pending changes cleared.</summary>
    public void SeedClinic()
    {
        CreateFullPatient();
        CreateClinician();
        CreatePerson();
        CreateClinic();
        Relate("patient-ada", "rel-doc", "treatedBy", "dr-house", "\"since\":\"2023-05-01\"");
        Relate("patient-ada", "rel-clinic", "memberOf", "clinic-north");
        Relate("patient-ada", "rel-nok", "emergencyContact", "nok-bob", "\"priority\":1");
        Graph.TakeChanges();
    }

    // ---------------------------------------------------------------- "nothing changed" assertions

    /// <summary>Everything observable about the graph, as comparable text.</summary>
    public sealed record GraphState(
        long Version,
        int PendingChanges,
        int TwinCount,
        int RelationshipCount,
        IReadOnlyList<string> Twins,
        IReadOnlyList<string> Relationships,
        IReadOnlyList<string> Incoming);

    public static GraphState Capture(TwinGraph graph)
    {
        var s = graph.Snapshot();
        return new GraphState(
            s.Version,
            graph.PendingChanges.Count,
            graph.TwinCount,
            graph.RelationshipCount,
            s.Twins.Values.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => TwinJson.ToJson(t)).ToArray(),
            s.Relationships.OrderBy(r => r.SourceId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => TwinJson.ToJson(r)).ToArray(),
            s.Incoming.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => kv.Key + "<-" + string.Join(",", kv.Value.Select(k => k.SourceId + "/" + k.RelationshipId).Order(StringComparer.Ordinal)))
                .ToArray());
    }

    /// <summary>A snapshot as comparable text: version, model ids, twins, relationships and the incoming index.</summary>
    public static IReadOnlyList<string> Describe(GraphSnapshot s) =>
    [
        $"version {s.Version}",
        "models " + string.Join(",", s.Models.Entries.Select(e => e.Interface.Id + (e.Decommissioned ? "(decommissioned)" : "")).Order(StringComparer.Ordinal)),
        .. s.Twins.Values.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => TwinJson.ToJson(t)),
        .. s.Relationships.OrderBy(r => r.SourceId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => TwinJson.ToJson(r)),
        .. s.Incoming.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "<-" + string.Join(",", kv.Value.Select(k => k.SourceId + "/" + k.RelationshipId).Order(StringComparer.Ordinal))),
    ];

    public static void AssertSameState(GraphState expected, GraphState actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.PendingChanges, actual.PendingChanges);
        Assert.Equal(expected.TwinCount, actual.TwinCount);
        Assert.Equal(expected.RelationshipCount, actual.RelationshipCount);
        Assert.Equal(expected.Twins, actual.Twins);
        Assert.Equal(expected.Relationships, actual.Relationships);
        Assert.Equal(expected.Incoming, actual.Incoming);
    }

    /// <summary>
    /// Runs a write that must be rejected: asserts the error code, that the message names every given fragment
    /// (the offending twin, field or path), and that the graph (twins, ETags, relationships, version, pending changes) is unchanged.
    /// </summary>
    public TwinLabException Rejects(string code, Action write, params string[] messageNames)
    {
        var before = Capture(Graph);
        Time.Advance(TimeSpan.FromMinutes(1)); // a write that slipped through would carry a new time
        var ex = Assert.Throws<TwinLabException>(write);
        Assert.True(code == ex.Code, $"Expected code {code} but got {ex.Code}: {ex.Message}");
        foreach (var name in messageNames)
            Assert.True(ex.Message.Contains(name, StringComparison.Ordinal), $"Message does not name '{name}': {ex.Message}");
        AssertSameState(before, Capture(Graph));
        return ex;
    }

    /// <summary>A JSON value as compact text.</summary>
    public static string Compact(JsonElement e) => JsonSerializer.Serialize(e, CompactOptions);

    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A property value of a twin as compact JSON.</summary>
    public string Raw(string twinId, string property) => Graph.GetTwin(twinId).Properties.TryGetValue(property, out var p)
        ? Compact(p.Value)
        : throw new Xunit.Sdk.XunitException($"Twin '{twinId}' has no property '{property}'.");
}
