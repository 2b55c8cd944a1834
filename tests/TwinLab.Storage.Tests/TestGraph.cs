using System.Text.Json;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Storage.Tests;

/// <summary>Small real DTDL models, hand-built graph changes and deep comparisons of graphs.</summary>
internal static class TestGraph
{
    public const string Thermostat = "dtmi:com:example:Thermostat;1";
    public const string Device = "dtmi:com:example:Device;1";
    public const string Room = "dtmi:com:example:Room;1";
    public const string MeetingRoom = "dtmi:com:example:MeetingRoom;1";

    public const string Building = "dtmi:com:example:Building;1";
    public const string Hvac = "dtmi:com:example:Hvac;1";
    public const string Equipment = "dtmi:com:example:Equipment;1";

    /// <summary>DTDL v2 with an inline component interface that itself extends an inline interface.</summary>
    public const string BuildingModel = """
        {
          "@context": "dtmi:dtdl:context;2",
          "@id": "dtmi:com:example:Building;1",
          "@type": "Interface",
          "contents": [
            { "@type": "Property", "name": "address", "schema": "string" },
            {
              "@type": "Component", "name": "hvac",
              "schema": {
                "@id": "dtmi:com:example:Hvac;1",
                "@type": "Interface",
                "extends": {
                  "@id": "dtmi:com:example:Equipment;1", "@type": "Interface",
                  "contents": [ { "@type": "Property", "name": "vendor", "schema": "string" } ]
                },
                "contents": [ { "@type": "Property", "name": "mode", "schema": "string" } ]
              }
            }
          ]
        }
        """;

    /// <summary>Two interfaces in one array document.</summary>
    public const string BaseModels = """
        [
          {
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:example:Thermostat;1",
            "@type": "Interface",
            "displayName": "Thermostat",
            "contents": [
              { "@type": "Property", "name": "setpoint", "schema": "double", "writable": true },
              { "@type": "Telemetry", "name": "temperature", "schema": "double" }
            ]
          },
          {
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:example:Device;1",
            "@type": "Interface",
            "contents": [
              { "@type": "Property", "name": "serial", "schema": "string" },
              { "@type": "Telemetry", "name": "temperature", "schema": "double" },
              { "@type": "Telemetry", "name": "humidity", "schema": "double" }
            ]
          }
        ]
        """;

    /// <summary>A second batch that references the first (component schema and relationship target).</summary>
    public const string RoomModel = """
        {
          "@context": "dtmi:dtdl:context;3",
          "@id": "dtmi:com:example:Room;1",
          "@type": "Interface",
          "description": "A room.",
          "contents": [
            { "@type": "Property", "name": "name", "schema": "string" },
            { "@type": "Property", "name": "area", "schema": "double" },
            {
              "@type": "Property", "name": "tags",
              "schema": { "@type": "Map", "mapKey": { "name": "key", "schema": "string" }, "mapValue": { "name": "value", "schema": "string" } }
            },
            { "@type": "Component", "name": "thermostat", "schema": "dtmi:com:example:Thermostat;1" },
            {
              "@type": "Relationship", "name": "contains", "target": "dtmi:com:example:Device;1",
              "properties": [ { "@type": "Property", "name": "since", "schema": "dateTime" } ]
            }
          ]
        }
        """;

    /// <summary>A third batch, inline (no file), extending the second.</summary>
    public const string MeetingRoomModel = """
        {
          "@context": "dtmi:dtdl:context;3",
          "@id": "dtmi:com:example:MeetingRoom;1",
          "@type": "Interface",
          "extends": "dtmi:com:example:Room;1",
          "contents": [
            { "@type": "Property", "name": "capacity", "schema": "integer" }
          ]
        }
        """;

    /// <summary>The value under <paramref name="key"/>; fails the test when absent.</summary>
    public static T At<T>(this SmallMap<T> map, string key) =>
        map.TryGetValue(key, out var v) ? v : throw new Xunit.Sdk.XunitException($"'{key}' is missing; keys: {string.Join(", ", map.Keys)}");

    public static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static DateTimeOffset T(int seconds) =>
        new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(seconds).AddTicks(1_234_567);

    /// <summary>A twin built by hand (stores do not validate, so no model is needed).</summary>
    public static Twin HandTwin(string id, long etag, DateTimeOffset time, string modelId = "dtmi:test:Any;1") => new()
    {
        Id = id,
        ModelId = modelId,
        ETag = $"W/\"{etag}\"",
        LastUpdateTime = time,
        Properties = SmallMap<TwinProperty>.Empty
            .SetItem("name", new TwinProperty(Json("\"Twin " + id + "\""), time.AddMinutes(-1)))
            .SetItem("size", new TwinProperty(Json("12.75"), time.AddTicks(-7)))
            .SetItem("shape", new TwinProperty(Json("""{ "w": 1, "h": [2, 3], "note": "ünïcødé \u0001" }"""), time)),
        Components = SmallMap<TwinComponent>.Empty
            .SetItem("thermostat", new TwinComponent(
                SmallMap<TwinProperty>.Empty.SetItem("setpoint", new TwinProperty(Json("21.5"), time.AddSeconds(-3))),
                time.AddSeconds(-2)))
            .SetItem("empty", new TwinComponent(SmallMap<TwinProperty>.Empty, time.AddSeconds(-9))),
    };

    public static Relationship HandRelationship(string source, string id, string target, long etag, string name = "contains") => new()
    {
        Id = id,
        SourceId = source,
        TargetId = target,
        Name = name,
        ETag = $"W/\"{etag}\"",
        Properties = SmallMap<JsonElement>.Empty.SetItem("since", Json("\"2024-01-01T00:00:00Z\"")).SetItem("weight", Json("0.5")),
    };

    public static TelemetryPoint Point(string twin, string name, DateTimeOffset time, double value, string? component = null) =>
        new(twin, component, name, time, Json(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Asserts that two snapshots hold the same graph: version, models, twins, relationships, incoming index.</summary>
    public static void AssertSameGraph(GraphSnapshot expected, GraphSnapshot actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        AssertSameModels(expected.Models, actual.Models);

        Assert.Equal(expected.Twins.Keys.Order(StringComparer.Ordinal), actual.Twins.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, twin) in expected.Twins) AssertSameTwin(twin, actual.Twins[id]);

        Assert.Equal(expected.Outgoing.Keys.Order(StringComparer.Ordinal), actual.Outgoing.Keys.Order(StringComparer.Ordinal));
        foreach (var (source, rels) in expected.Outgoing)
        {
            Assert.Equal(rels.Keys.Order(StringComparer.Ordinal), actual.Outgoing[source].Keys.Order(StringComparer.Ordinal));
            foreach (var (id, r) in rels) AssertSameRelationship(r, actual.Outgoing[source][id]);
        }

        Assert.Equal(expected.Incoming.Keys.Order(StringComparer.Ordinal), actual.Incoming.Keys.Order(StringComparer.Ordinal));
        foreach (var (target, keys) in expected.Incoming)
            Assert.True(keys.SetEquals(actual.Incoming[target]), $"incoming of '{target}' differs");
    }

    public static void AssertSameModels(ModelSet expected, ModelSet actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var e in expected.Entries)
        {
            Assert.True(actual.TryGet(e.Interface.Id, out var a), $"model '{e.Interface.Id}' missing");
            Assert.Equal(e.UploadTime, a.UploadTime);
            Assert.Equal(e.UploadTime.UtcTicks, a.UploadTime.UtcTicks);
            Assert.Equal(e.Decommissioned, a.Decommissioned);
            var (x, y) = (e.Interface, a.Interface);
            Assert.Equal(x.Definition, y.Definition);
            Assert.Equal(x.SourceFile, y.SourceFile);
            Assert.Equal(x.DtdlVersion, y.DtdlVersion);
            Assert.Equal(x.Extends, y.Extends);
            Assert.Equal(x.SemanticTypes, y.SemanticTypes);
            Assert.Equal(x.Comment, y.Comment);
            Assert.Equal(x.Contents.Keys.Order(StringComparer.Ordinal), y.Contents.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, c) in x.Contents)
            {
                var d = y.Contents[name];
                Assert.Equal(c.GetType(), d.GetType());
                Assert.Equal(c.DefinedIn, d.DefinedIn);
            }
            // Inheritance resolves the same way.
            Assert.Equal(expected.AllContents(x.Id).Keys.Order(StringComparer.Ordinal), actual.AllContents(x.Id).Keys.Order(StringComparer.Ordinal));
        }
    }

    public static void AssertSameTwin(Twin expected, Twin actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ModelId, actual.ModelId);
        Assert.Equal(expected.ETag, actual.ETag);
        Assert.Equal(expected.LastUpdateTime.UtcTicks, actual.LastUpdateTime.UtcTicks);
        Assert.Equal(expected.Properties.Keys, actual.Properties.Keys);
        foreach (var (name, p) in expected.Properties)
        {
            Assert.True(actual.Properties.TryGetValue(name, out var q));
            Assert.True(JsonElement.DeepEquals(p.Value, q.Value), $"property '{name}': {p.Value} != {q.Value}");
            Assert.Equal(p.LastUpdateTime.UtcTicks, q.LastUpdateTime.UtcTicks);
        }
        Assert.Equal(expected.Components.Keys, actual.Components.Keys);
        foreach (var (name, c) in expected.Components)
        {
            Assert.True(actual.Components.TryGetValue(name, out var d));
            Assert.Equal(c.LastUpdateTime.UtcTicks, d.LastUpdateTime.UtcTicks);
            Assert.Equal(c.Properties.Keys, d.Properties.Keys);
            foreach (var (pn, p) in c.Properties)
            {
                Assert.True(d.Properties.TryGetValue(pn, out var q));
                Assert.True(JsonElement.DeepEquals(p.Value, q.Value), $"{name}/{pn}: {p.Value} != {q.Value}");
                Assert.Equal(p.LastUpdateTime.UtcTicks, q.LastUpdateTime.UtcTicks);
            }
        }
        Assert.Equal(TwinJson.ToJson(expected), TwinJson.ToJson(actual));
    }

    public static void AssertSameRelationship(Relationship expected, Relationship actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.SourceId, actual.SourceId);
        Assert.Equal(expected.TargetId, actual.TargetId);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.ETag, actual.ETag);
        Assert.Equal(TwinJson.ToJson(expected), TwinJson.ToJson(actual));
    }

    public static void AssertSamePoints(IEnumerable<TelemetryPoint> expected, IReadOnlyList<TelemetryPoint> actual)
    {
        var e = expected.ToArray();
        Assert.Equal(e.Length, actual.Count);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i].TwinId, actual[i].TwinId);
            Assert.Equal(e[i].Component, actual[i].Component);
            Assert.Equal(e[i].Name, actual[i].Name);
            Assert.Equal(e[i].Timestamp.UtcTicks, actual[i].Timestamp.UtcTicks);
            Assert.True(JsonElement.DeepEquals(e[i].Value, actual[i].Value), $"point {i}: {e[i].Value} != {actual[i].Value}");
        }
    }
}
