using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Events;

/// <summary>
/// The JSON Patch (RFC 6902: add, replace, remove) that turns one version of a twin or relationship into the next, as
/// Azure Digital Twins puts in <c>Twin.Update</c> and <c>Relationship.Update</c> notifications.
/// </summary>
/// <remarks>
/// Property and component values are compared; <c>$metadata</c> (last-update times) and <c>$etag</c> are left out, as in
/// ADT, except a model change, which ADT's patch API writes as <c>replace /$metadata/$model</c>. Object values are diffed
/// member by member (<c>/address/city</c>), arrays and primitives are replaced whole.
/// </remarks>
internal static class TwinPatch
{
    /// <summary>The patch from <paramref name="before"/> (or nothing) to <paramref name="after"/>.</summary>
    public static JsonArray Between(Twin? before, Twin after)
    {
        var ops = new JsonArray();
        if (before is not null && before.ModelId != after.ModelId)
            ops.Add(Op("replace", "/$metadata/$model", JsonValue.Create(after.ModelId)));
        Values(ops, "", before?.Properties ?? SmallMap<TwinProperty>.Empty, after.Properties);
        var beforeComponents = before?.Components ?? SmallMap<TwinComponent>.Empty;
        foreach (var (name, component) in after.Components)
        {
            var path = "/" + Escape(name);
            if (beforeComponents.TryGetValue(name, out var old))
            {
                Values(ops, path, old.Properties, component.Properties);
                continue;
            }
            var value = new JsonObject();
            foreach (var (p, v) in component.Properties) value[p] = Node(v.Value);
            value["$metadata"] = new JsonObject();
            ops.Add(Op("add", path, value));
        }
        foreach (var (name, _) in beforeComponents)
            if (!after.Components.ContainsKey(name)) ops.Add(Op("remove", "/" + Escape(name), null));
        return ops;
    }

    /// <summary>The patch between two versions of a relationship's properties.</summary>
    public static JsonArray Between(Relationship? before, Relationship after)
    {
        var ops = new JsonArray();
        var old = before?.Properties ?? SmallMap<JsonElement>.Empty;
        foreach (var (name, value) in after.Properties)
        {
            if (old.TryGetValue(name, out var was)) Diff(ops, "/" + Escape(name), was, value);
            else ops.Add(Op("add", "/" + Escape(name), Node(value)));
        }
        foreach (var (name, _) in old)
            if (!after.Properties.ContainsKey(name)) ops.Add(Op("remove", "/" + Escape(name), null));
        return ops;
    }

    /// <summary>A JSON Pointer reference token: <c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>.</summary>
    public static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

    /// <summary>A mutable copy of a value.</summary>
    public static JsonNode? Node(JsonElement value) => JsonNode.Parse(value.GetRawText());

    private static void Values(JsonArray ops, string prefix, SmallMap<TwinProperty> before, SmallMap<TwinProperty> after)
    {
        foreach (var (name, p) in after)
        {
            var path = prefix + "/" + Escape(name);
            if (before.TryGetValue(name, out var old)) Diff(ops, path, old.Value, p.Value);
            else ops.Add(Op("add", path, Node(p.Value)));
        }
        foreach (var (name, _) in before)
            if (!after.ContainsKey(name)) ops.Add(Op("remove", prefix + "/" + Escape(name), null));
    }

    private static void Diff(JsonArray ops, string path, JsonElement before, JsonElement after)
    {
        if (JsonElement.DeepEquals(before, after)) return;
        if (before.ValueKind != JsonValueKind.Object || after.ValueKind != JsonValueKind.Object)
        {
            ops.Add(Op("replace", path, Node(after)));
            return;
        }
        foreach (var member in after.EnumerateObject())
        {
            var memberPath = path + "/" + Escape(member.Name);
            if (before.TryGetProperty(member.Name, out var old)) Diff(ops, memberPath, old, member.Value);
            else ops.Add(Op("add", memberPath, Node(member.Value)));
        }
        foreach (var member in before.EnumerateObject())
            if (!after.TryGetProperty(member.Name, out _)) ops.Add(Op("remove", path + "/" + Escape(member.Name), null));
    }

    private static JsonObject Op(string op, string path, JsonNode? value)
    {
        var o = new JsonObject { ["op"] = op, ["path"] = path };
        if (op != "remove") o["value"] = value;
        return o;
    }
}
