using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.History;

/// <summary>The durable JSON form of graph changes (what the event log stores) and the fold that reads it back.</summary>
public sealed class GraphChangeJsonTests
{
    private const string Clinician = "dtmi:com:twinlab:health:Clinician;1";
    private const string Patient = "dtmi:com:twinlab:health:Patient;1";
    private const string Cuff = "dtmi:com:twinlab:health:BloodPressureCuff;1";

    private const string Models = """
        [
          { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:twinlab:health:Clinician;1", "@type": "Interface",
            "contents": [ { "@type": "Property", "name": "name", "schema": "string" } ] },
          { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:twinlab:health:BloodPressureCuff;1", "@type": "Interface",
            "contents": [ { "@type": "Property", "name": "mode", "schema": "string", "writable": true } ] },
          { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:twinlab:health:Patient;1", "@type": "Interface",
            "contents": [
              { "@type": "Property", "name": "name", "schema": "string" },
              { "@type": "Property", "name": "systolic", "schema": "integer", "writable": true },
              { "@type": "Property", "name": "notes", "schema": { "@type": "Array", "elementSchema": "string" }, "writable": true },
              { "@type": "Telemetry", "name": "heartRate", "schema": "double" },
              { "@type": "Component", "name": "cuff", "schema": "dtmi:com:twinlab:health:BloodPressureCuff;1" },
              { "@type": "Relationship", "name": "treatedBy", "target": "dtmi:com:twinlab:health:Clinician;1",
                "properties": [ { "@type": "Property", "name": "role", "schema": "string" } ] }
            ] }
        ]
        """;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(7)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    private static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Every kind of change, made by a real graph: (models before the change, the change).</summary>
    private List<(ModelSet Before, GraphChange Change)> EveryKindOfChange()
    {
        var graph = new TwinGraph(_clock);
        var result = new List<(ModelSet, GraphChange)>();
        void Do(Action<TwinGraph> op)
        {
            var before = graph.Models;
            op(graph);
            foreach (var c in graph.TakeChanges()) result.Add((before, c));
        }
        Do(g => g.ImportModels([new DtdlSource(Models, "models/clinic.json")]));
        Do(g => g.ImportModels([new DtdlSource("""{ "@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:twinlab:health:Bed;1", "@type": "Interface" }""")]));
        Do(g => g.CreateOrReplaceTwin("c-günther", Json($$"""{ "$metadata": { "$model": "{{Clinician}}" }, "name": "Günther \"Gü\" Müller" }""")));
        Do(g => g.CreateOrReplaceTwin("p-ada", Json($$"""
            { "$metadata": { "$model": "{{Patient}}" }, "name": "Ada", "systolic": 150, "notes": ["salt", "stress \u2013 work"],
              "cuff": { "$metadata": {}, "mode": "auto" } }
            """)));
        Do(g => g.UpdateTwin("p-ada", [JsonPatchOperation.Replace("/systolic", Json("142")), JsonPatchOperation.Add("/notes/-", Json("\"sleep\""))]));
        Do(g => g.UpdateComponent("p-ada", "cuff", [JsonPatchOperation.Replace("/mode", Json("\"manual\""))]));
        Do(g => g.CreateOrReplaceRelationship("p-ada", "r-1", Json("""{ "$relationshipName": "treatedBy", "$targetId": "c-günther", "role": "attending" }""")));
        Do(g => g.UpdateRelationship("p-ada", "r-1", [JsonPatchOperation.Replace("/role", Json("\"consultant\""))]));
        Do(g => g.AppendTelemetry("p-ada", null, Json("""{ "heartRate": 71.25 }"""), _clock.GetUtcNow()));
        Do(g => g.DeleteRelationship("p-ada", "r-1"));
        Do(g => g.DeleteTwin("c-günther"));
        Do(g => g.DecommissionModel(Clinician));
        Do(g => g.DecommissionModel(Clinician, false));
        Do(g => g.DeleteModel("dtmi:com:twinlab:health:Bed;1"));
        return result;
    }

    [Fact]
    public void Deserialize_EveryStateChange_RoundTripsThroughItsPayload()
    {
        var changes = EveryKindOfChange();
        Assert.Equal(
            ["ModelsImported", "ModelsImported", "TwinWritten", "TwinWritten", "TwinWritten", "TwinWritten", "RelationshipWritten", "RelationshipWritten",
             "TelemetryAppended", "RelationshipDeleted", "TwinDeleted", "ModelDecommissioned", "ModelDecommissioned", "ModelDeleted"],
            changes.Select(c => GraphChangeJson.TypeOf(c.Change)));
        var time = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        foreach (var (before, change) in changes)
        {
            if (change is TelemetryAppended) continue;
            var payload = GraphChangeJson.Serialize(change);
            using (JsonDocument.Parse(payload)) { } // well-formed JSON
            var back = GraphChangeJson.Deserialize(GraphChangeJson.TypeOf(change), payload, before, time);
            Assert.Equal(change.GetType(), back.GetType());
            switch (change, back)
            {
                case (ModelsImported a, ModelsImported b):
                    Assert.Equal(a.Models.Select(m => m.Interface.Id).Order(StringComparer.Ordinal), b.Models.Select(m => m.Interface.Id).Order(StringComparer.Ordinal));
                    Assert.Equal(a.Sources, b.Sources);
                    // The import's own time survives the round trip (not the time the event is read back).
                    Assert.All(b.Models, m => Assert.Equal(a.Models[0].UploadTime, m.UploadTime));
                    break;
                case (TwinWritten a, TwinWritten b):
                    Assert.Equal(a.Created, b.Created);
                    Assert.Equal(TwinJson.ToJson(a.Twin), TwinJson.ToJson(b.Twin));
                    Assert.Equal(a.Twin.LastUpdateTime, b.Twin.LastUpdateTime);
                    break;
                case (RelationshipWritten a, RelationshipWritten b):
                    Assert.Equal(a.Created, b.Created);
                    Assert.Equal(TwinJson.ToJson(a.Relationship), TwinJson.ToJson(b.Relationship));
                    break;
                default:
                    Assert.Equal(change, back); // plain records: TwinDeleted, RelationshipDeleted, ModelDeleted, ModelDecommissioned
                    break;
            }
        }
    }

    [Fact]
    public void EventFold_EveryKindOfChange_RebuildsTheGraphsState()
    {
        var changes = EveryKindOfChange();
        var events = changes.Select((c, i) => new StoredEvent(i + 1, _clock.GetUtcNow(), "test", BranchInfo.Main, null,
            GraphChangeJson.TypeOf(c.Change), GraphChangeJson.TwinsOf(c.Change).FirstOrDefault(), GraphChangeJson.Serialize(c.Change))).ToArray();
        var folded = EventFold.Apply(GraphSnapshot.Empty, events);
        Assert.Equal(events.Length, folded.Version);
        Assert.Equal(["p-ada"], folded.Twins.Keys);
        Assert.Empty(folded.Relationships);
        Assert.Equal([Cuff, Clinician, Patient], folded.Models.Entries.Select(e => e.Interface.Id).Order(StringComparer.Ordinal));
        Assert.False(folded.Models.TryGet(Clinician, out var c) && c.Decommissioned);
        var ada = folded.Twins["p-ada"];
        Assert.Equal("142", ada.Properties.TryGetValue("systolic", out var s) ? s.Value.GetRawText() : null);
        Assert.True(ada.Components.TryGetValue("cuff", out var cuff) && cuff.Properties.TryGetValue("mode", out var mode) && mode.Value.GetString() == "manual");

        // Folding in two parts equals folding at once; a telemetry event moves the version only.
        var half = EventFold.Apply(GraphSnapshot.Empty, events.Take(9));
        Assert.Equal(9, half.Version);
        Assert.Equal(TwinJson.ToJson(EventFold.Apply(GraphSnapshot.Empty, events.Take(8)).Twins["p-ada"]), TwinJson.ToJson(half.Twins["p-ada"]));
        var rest = EventFold.Apply(half, events.Skip(9));
        Assert.Equal(folded.Version, rest.Version);
        Assert.Equal(TwinJson.ToJson(folded.Twins["p-ada"]), TwinJson.ToJson(rest.Twins["p-ada"]));
        Assert.Equal(folded.Models.Count, rest.Models.Count);
    }

    [Fact]
    public void Describe_EachEvent_GivesOneReadableLine()
    {
        var changes = EveryKindOfChange();
        var lines = changes.Select((c, i) => GraphChangeJson.Describe(new StoredEvent(i + 1, _clock.GetUtcNow(), "test", BranchInfo.Main, null,
            GraphChangeJson.TypeOf(c.Change), null, GraphChangeJson.Serialize(c.Change)))).ToArray();
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        Assert.StartsWith("imported 3 model(s): ", lines[0]);
        Assert.Equal("created twin c-günther → W/\"3\"", lines[2]);
        Assert.Equal("updated twin p-ada → W/\"5\"", lines[4]);
        Assert.Equal("added p-ada -[treatedBy]-> c-günther", lines[6]);
        Assert.Equal("updated p-ada -[treatedBy]-> c-günther", lines[7]);
        Assert.Equal("appended 1 telemetry point(s) to p-ada", lines[8]);
        Assert.Equal("deleted relationship r-1 of p-ada", lines[9]);
        Assert.Equal("deleted twin c-günther", lines[10]);
        Assert.Equal($"decommissioned model {Clinician}", lines[11]);
        Assert.Equal($"recommissioned model {Clinician}", lines[12]);
        Assert.Equal("deleted model dtmi:com:twinlab:health:Bed;1", lines[13]);
    }

    [Fact]
    public void Deserialize_UnknownType_ThrowsTwinLabException()
    {
        var ex = Assert.Throws<TwinLabException>(() => GraphChangeJson.Deserialize("TwinTeleported", "{}", ModelSet.Empty, DateTimeOffset.UnixEpoch));
        Assert.Contains("TwinTeleported", ex.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Z9")]
    [InlineData("what-if_2025.03.01")]
    [InlineData("MAIN")]
    public void Validate_ValidBranchName_Accepted(string name) => BranchNames.Validate(name);

    [Theory]
    [InlineData("")]
    [InlineData("main")]
    [InlineData("-x")]
    [InlineData(".x")]
    [InlineData("x y")]
    [InlineData("x/y")]
    [InlineData("x:y")]
    [InlineData("ß")]
    [InlineData("x\r")]
    public void Validate_InvalidBranchName_ThrowsInvalidArgument(string name)
    {
        var ex = Assert.Throws<TwinLabException>(() => BranchNames.Validate(name));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
    }

    [Fact]
    public void Validate_BranchNameLength_SixtyFourAcceptedSixtyFiveRejected()
    {
        BranchNames.Validate(new string('b', 64));
        Assert.Throws<TwinLabException>(() => BranchNames.Validate(new string('b', 65)));
    }
}
