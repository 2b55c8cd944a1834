using System.Text.Json;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Twins.TwinFixture;

namespace TwinLab.Core.Tests.Twins;

public sealed class TwinJsonTests
{
    private readonly TwinFixture _f = new();

    private static Twin RoundTrip(Twin twin)
    {
        using var doc = JsonDocument.Parse(TwinJson.ToJson(twin));
        return TwinJson.ReadTwin(doc.RootElement);
    }

    private static void AssertSameTwin(Twin expected, Twin actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ModelId, actual.ModelId);
        Assert.Equal(expected.ETag, actual.ETag);
        Assert.Equal(expected.LastUpdateTime, actual.LastUpdateTime);
        AssertSameProperties(expected.Properties, actual.Properties);
        Assert.Equal(expected.Components.Keys, actual.Components.Keys);
        foreach (var (name, component) in expected.Components)
        {
            Assert.True(actual.Components.TryGetValue(name, out var other));
            Assert.Equal(component.LastUpdateTime, other.LastUpdateTime);
            AssertSameProperties(component.Properties, other.Properties);
        }
    }

    private static void AssertSameProperties(SmallMap<TwinProperty> expected, SmallMap<TwinProperty> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, p) in expected)
        {
            Assert.True(actual.TryGetValue(name, out var q));
            Assert.True(JsonElement.DeepEquals(p.Value, q.Value), $"'{name}': {Compact(p.Value)} vs {Compact(q.Value)}");
            Assert.Equal(p.LastUpdateTime, q.LastUpdateTime);
        }
    }

    [Fact]
    public void ToJsonThenReadTwin_FullTwinWithDistinctPropertyTimes_EqualsOriginal()
    {
        _f.CreateFullPatient();
        _f.Time.Advance(TimeSpan.FromMinutes(3).Add(TimeSpan.FromTicks(1234567)));
        _f.Graph.UpdateTwin("patient-ada", [Replace("/age", "59"), Add("/labResults/k", "4.4")]);
        _f.Time.Advance(TimeSpan.FromHours(5));
        var twin = _f.Graph.UpdateTwin("patient-ada", [Replace("/monitor/serial", "\"BP-0043\"")]);

        var read = RoundTrip(twin);

        AssertSameTwin(twin, read);
        Assert.Equal(3, twin.Properties.Select(p => p.Value.LastUpdateTime).Append(twin.Components.Single().Value.LastUpdateTime).Distinct().Count());
    }

    [Fact]
    public void ToJsonThenReadTwin_MinimalTwinWithEmptyComponent_KeepsTheComponent()
    {
        var twin = _f.Graph.CreateOrReplaceTwin("patient-min", PatientBody());

        var read = RoundTrip(twin);

        AssertSameTwin(twin, read);
        Assert.Empty(Assert.Single(read.Components).Value.Properties);
    }

    [Fact]
    public void ToJsonThenReadTwin_NonAsciiAndEscapedText_ValuesPreserved()
    {
        var twin = _f.Graph.CreateOrReplaceTwin("patient-zoë", PatientBody(
            "\"name\":\"Zoë \\\"Zed\\\" O'Brien 🫀\",\"address\":{\"street\":\"Straße 1\\n2. OG\",\"city\":\"Köln\"}"));

        var read = RoundTrip(twin);

        AssertSameTwin(twin, read);
        Assert.Equal("patient-zoë", read.Id);
        Assert.Equal("Zoë \"Zed\" O'Brien 🫀", read.Properties.Single(p => p.Key == "name").Value.Value.GetString());
    }

    [Fact]
    public void ToJsonThenReadTwin_EmptyObjectAndMapProperties_StayProperties()
    {
        var twin = _f.Graph.CreateOrReplaceTwin("patient-min", PatientBody("\"address\":{},\"labResults\":{},\"medications\":[]"));

        var read = RoundTrip(twin);

        AssertSameTwin(twin, read);
        Assert.Single(read.Components);
    }

    [Fact]
    public void ToJson_Twin_HasAdtShape()
    {
        var twin = _f.CreateFullPatient();

        using var doc = JsonDocument.Parse(TwinJson.ToJson(twin));
        var root = doc.RootElement;

        Assert.Equal("patient-ada", root.GetProperty("$dtId").GetString());
        Assert.Equal("W/\"1\"", root.GetProperty("$etag").GetString());
        var meta = root.GetProperty("$metadata");
        Assert.Equal(PatientId, meta.GetProperty("$model").GetString());
        Assert.Equal("2024-03-01T08:00:00.0000000Z", meta.GetProperty("$lastUpdateTime").GetString());
        Assert.Equal("2024-03-01T08:00:00.0000000Z", meta.GetProperty("age").GetProperty("lastUpdateTime").GetString());
        Assert.Equal(58, root.GetProperty("age").GetInt32());
        var monitor = root.GetProperty("monitor");
        Assert.Equal("BP-0042", monitor.GetProperty("serial").GetString());
        Assert.Equal("2024-03-01T08:00:00.0000000Z", monitor.GetProperty("$metadata").GetProperty("$lastUpdateTime").GetString());
        Assert.Equal("2024-03-01T08:00:00.0000000Z", monitor.GetProperty("$metadata").GetProperty("serial").GetProperty("lastUpdateTime").GetString());
        Assert.Equal(["$dtId", "$etag"], root.EnumerateObject().Take(2).Select(m => m.Name));
    }

    [Fact]
    public void ToJson_Indented_IsSameDocument()
    {
        var twin = _f.CreateFullPatient();

        var compact = TwinJson.ToJson(twin);
        var indented = TwinJson.ToJson(twin, indented: true);

        Assert.Contains("\n", indented);
        Assert.DoesNotContain("\n", compact);
        using var a = JsonDocument.Parse(compact);
        using var b = JsonDocument.Parse(indented);
        Assert.True(JsonElement.DeepEquals(a.RootElement, b.RootElement));
    }

    [Fact]
    public void ToNode_Twin_IsAFreshMutableCopy()
    {
        var twin = _f.CreateFullPatient();

        var node = TwinJson.ToNode(twin);
        node["age"] = 99;

        Assert.Equal("58", Compact(twin.Properties.Single(p => p.Key == "age").Value.Value));
        Assert.Equal(58, TwinJson.ToNode(twin)["age"]!.GetValue<int>());
    }

    [Fact]
    public void ReadTwin_NoPerPropertyMetadata_UsesUnixEpochForPropertyTimes()
    {
        var twin = TwinJson.ReadTwin(Json("""
            {"$dtId":"p","$etag":"W/\"4\"","age":3,"$metadata":{"$model":"dtmi:clinic:Patient;1","$lastUpdateTime":"2024-03-01T08:00:00Z"}}
            """));

        Assert.Equal(DateTimeOffset.UnixEpoch, twin.Properties.Single().Value.LastUpdateTime);
        Assert.Equal(Start, twin.LastUpdateTime);
        Assert.Equal("W/\"4\"", twin.ETag);
    }

    [Fact]
    public void ReadTwin_TimeWithOffset_NormalizedToUtcInstant()
    {
        var twin = TwinJson.ReadTwin(Json("""
            {"$dtId":"p","$etag":"W/\"1\"","$metadata":{"$model":"m","$lastUpdateTime":"2024-03-01T10:00:00+02:00"}}
            """));

        Assert.Equal(Start, twin.LastUpdateTime);
        Assert.Equal(TimeSpan.Zero, twin.LastUpdateTime.Offset);
    }

    [Fact]
    public void Format_AnyOffset_WritesUtcWithSevenFractionDigits()
    {
        Assert.Equal("2024-03-01T06:00:00.0000000Z", TwinJson.Format(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.FromHours(2))));
        Assert.Equal("2024-03-01T08:00:00.1234567Z", TwinJson.Format(Start.AddTicks(1234567)));
    }

    [Fact]
    public void ToJsonThenReadRelationship_WithProperties_EqualsOriginal()
    {
        _f.SeedClinic();
        var rel = _f.Graph.GetRelationship("patient-ada", "rel-doc");

        using var doc = JsonDocument.Parse(TwinJson.ToJson(rel));
        var read = TwinJson.ReadRelationship(doc.RootElement);

        Assert.Equal((rel.Id, rel.SourceId, rel.TargetId, rel.Name, rel.ETag), (read.Id, read.SourceId, read.TargetId, read.Name, read.ETag));
        Assert.Equal(rel.Properties.Keys, read.Properties.Keys);
        Assert.Equal("\"2023-05-01\"", Compact(read.Properties.Single().Value));
        Assert.Equal("dr-house", doc.RootElement.GetProperty("$targetId").GetString());
        Assert.Equal("treatedBy", TwinJson.ToNode(rel)["$relationshipName"]!.GetValue<string>());
    }

    [Fact]
    public void ToJsonThenReadRelationship_NoProperties_EqualsOriginal()
    {
        _f.SeedClinic();
        var rel = _f.Graph.GetRelationship("patient-ada", "rel-clinic");

        using var doc = JsonDocument.Parse(TwinJson.ToJson(rel));
        var read = TwinJson.ReadRelationship(doc.RootElement);

        Assert.Equal(rel with { Properties = read.Properties }, read);
        Assert.Empty(read.Properties);
    }
}
