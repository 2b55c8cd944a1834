using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>
/// Builds result JSON directly from twin data, in the same shape as <see cref="TwinJson"/> writes, without the
/// serialize-and-parse round trip: property values are wrapped lazily, timestamps formatted once per distinct value.
/// </summary>
/// <remarks>One instance per execution (not thread-safe: it caches the last formatted timestamp).</remarks>
internal sealed class QueryJson
{
    private long _lastTicks = long.MinValue;
    private string _lastText = "";

    /// <summary>The JSON for a value; call only for defined values.</summary>
    public JsonNode? Value(in QValue v) => v.Kind switch
    {
        QKind.Null => null,
        QKind.Bool => JsonValue.Create(v.Bool),
        QKind.Number => v.HasElement ? Element(v.Element) : JsonValue.Create(v.Number),
        QKind.String => v.HasElement ? Element(v.Element) : JsonValue.Create(v.GetString()),
        QKind.Object or QKind.Array => Element(v.Element),
        QKind.Twin => Twin(v.Twin),
        QKind.Component => Component((TwinComponent)v.Reference!),
        QKind.Relationship => Relationship((Relationship)v.Reference!),
        QKind.TwinMetadata => TwinMetadata((Twin)v.Reference!),
        QKind.ComponentMetadata => ComponentMetadata((TwinComponent)v.Reference!),
        QKind.PropertyMetadata => PropertyMetadata((TwinProperty)v.Reference!),
        _ => throw new InvalidOperationException("An undefined value has no JSON."),
    };

    /// <summary>A twin as <see cref="TwinJson.ToNode(Twin)"/> gives it.</summary>
    public JsonObject Twin(Twin t)
    {
        var o = new JsonObject
        {
            ["$dtId"] = t.Id,
            ["$etag"] = t.ETag,
        };
        foreach (var (name, p) in t.Properties) o[name] = Element(p.Value);
        foreach (var (name, c) in t.Components) o[name] = Component(c);
        o["$metadata"] = TwinMetadata(t);
        return o;
    }

    /// <summary>A relationship as <see cref="TwinJson.ToNode(Relationship)"/> gives it.</summary>
    public static JsonObject Relationship(Relationship r)
    {
        var o = new JsonObject
        {
            ["$relationshipId"] = r.Id,
            ["$etag"] = r.ETag,
            ["$sourceId"] = r.SourceId,
            ["$relationshipName"] = r.Name,
            ["$targetId"] = r.TargetId,
        };
        foreach (var (name, v) in r.Properties) o[name] = Element(v);
        return o;
    }

    private JsonObject Component(TwinComponent c)
    {
        var o = new JsonObject();
        foreach (var (name, p) in c.Properties) o[name] = Element(p.Value);
        o["$metadata"] = ComponentMetadata(c);
        return o;
    }

    private JsonObject TwinMetadata(Twin t)
    {
        var m = new JsonObject
        {
            ["$model"] = t.ModelId,
            ["$lastUpdateTime"] = Time(t.LastUpdateTime),
        };
        foreach (var (name, p) in t.Properties) m[name] = PropertyMetadata(p);
        return m;
    }

    private JsonObject ComponentMetadata(TwinComponent c)
    {
        var m = new JsonObject { ["$lastUpdateTime"] = Time(c.LastUpdateTime) };
        foreach (var (name, p) in c.Properties) m[name] = PropertyMetadata(p);
        return m;
    }

    private JsonObject PropertyMetadata(TwinProperty p) => new() { ["lastUpdateTime"] = Time(p.LastUpdateTime) };

    private string Time(DateTimeOffset t)
    {
        var ticks = t.UtcTicks;
        if (ticks != _lastTicks)
        {
            _lastText = TwinJson.Format(t);
            _lastTicks = ticks;
        }
        return _lastText;
    }

    /// <summary>Wraps an element; objects and arrays are materialised only when the caller reads them.</summary>
    private static JsonNode? Element(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(e),
        JsonValueKind.Array => JsonArray.Create(e),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(e),
    };
}
