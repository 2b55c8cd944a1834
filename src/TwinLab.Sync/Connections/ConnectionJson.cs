using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Errors;

namespace TwinLab.Sync.Connections;

/// <summary>
/// The JSON form of a connection, as stored and as the API reads and writes it:
/// <c>{"id", "type", "mapping", "mappingName", "mqtt": {"broker", "topics", "clientId", "qos", "passwordEnv"},
/// "folder": {"path", "glob", "doneFolder"}, "paused", "created", "updated"}</c>.
/// </summary>
public static class ConnectionJson
{
    /// <summary>The connection as JSON.</summary>
    public static JsonObject ToJson(ConnectionDefinition c)
    {
        var json = new JsonObject
        {
            ["id"] = c.Id,
            ["type"] = c.Type,
            ["mappingName"] = c.MappingName,
            ["mapping"] = c.Mapping,
            ["paused"] = c.Paused,
            ["created"] = Format(c.Created),
            ["updated"] = Format(c.Updated),
        };
        if (c.Mqtt is { } m)
            json["mqtt"] = new JsonObject
            {
                ["broker"] = m.Broker,
                ["topics"] = new JsonArray([.. m.Topics.Select(t => (JsonNode)t)]),
                ["clientId"] = m.ClientId,
                ["qos"] = m.Qos,
                ["passwordEnv"] = m.PasswordVariable,
            };
        if (c.Folder is { } f)
            json["folder"] = new JsonObject { ["path"] = f.Path, ["glob"] = f.Glob, ["doneFolder"] = f.DoneFolder };
        return json;
    }

    /// <summary>
    /// Reads a connection from JSON. <c>id</c>, when present, must equal <paramref name="id"/>; <c>created</c>,
    /// <c>updated</c> and <c>paused</c> are read when present (the store sets them on a write). Values are not validated
    /// beyond their JSON kinds (see <see cref="ConnectionValidation"/>).
    /// </summary>
    /// <exception cref="TwinLabException">(InvalidArgument) A field is missing or of the wrong kind; the message names it.</exception>
    public static ConnectionDefinition FromJson(JsonElement body, string id)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw Invalid(id, "", $"the connection must be a JSON object, not {Kind(body)}");
        if (OptionalString(body, id, "", "id") is { } given && given != id)
            throw Invalid(id, "id", $"'{given}' does not match the connection id '{id}'");
        var type = RequiredString(body, id, "", "type");
        var mapping = RequiredString(body, id, "", "mapping");
        var definition = new ConnectionDefinition(id, type, mapping, OptionalString(body, id, "", "mappingName") ?? "mapping")
        {
            Paused = OptionalBool(body, id, "paused") ?? false,
            Created = OptionalTime(body, id, "created") ?? default,
            Updated = OptionalTime(body, id, "updated") ?? default,
        };
        if (body.TryGetProperty("mqtt", out var mqtt) && mqtt.ValueKind != JsonValueKind.Null)
            definition = definition with { Mqtt = ReadMqtt(mqtt, id) };
        if (body.TryGetProperty("folder", out var folder) && folder.ValueKind != JsonValueKind.Null)
            definition = definition with { Folder = ReadFolder(folder, id) };
        return definition;
    }

    /// <summary>A connection from its stored text.</summary>
    public static ConnectionDefinition Parse(string json, string id)
    {
        using var doc = JsonDocument.Parse(json);
        return FromJson(doc.RootElement, id);
    }

    /// <summary>An ISO 8601 UTC time with milliseconds.</summary>
    public static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static MqttSettings ReadMqtt(JsonElement e, string id)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Invalid(id, "mqtt", $"must be an object, not {Kind(e)}");
        var topics = new List<string>();
        if (!e.TryGetProperty("topics", out var list) || list.ValueKind == JsonValueKind.Null)
            throw Invalid(id, "mqtt.topics", "is required (a list of topic filters)");
        if (list.ValueKind == JsonValueKind.String) topics.Add(list.GetString()!);
        else if (list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var t in list.EnumerateArray())
            {
                if (t.ValueKind != JsonValueKind.String) throw Invalid(id, $"mqtt.topics[{i}]", $"must be a string, not {Kind(t)}");
                topics.Add(t.GetString()!);
                i++;
            }
        }
        else throw Invalid(id, "mqtt.topics", $"must be a list of strings, not {Kind(list)}");
        int qos = 1;
        if (e.TryGetProperty("qos", out var q) && q.ValueKind != JsonValueKind.Null)
        {
            if (q.ValueKind != JsonValueKind.Number || !q.TryGetInt32(out qos)) throw Invalid(id, "mqtt.qos", $"must be 0 or 1, not {q.GetRawText()}");
        }
        return new MqttSettings(RequiredString(e, id, "mqtt.", "broker"), topics,
            OptionalString(e, id, "mqtt.", "clientId") ?? ConnectionValidation.DefaultClientId(id), qos,
            OptionalString(e, id, "mqtt.", "passwordEnv"));
    }

    private static FolderSettings ReadFolder(JsonElement e, string id)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Invalid(id, "folder", $"must be an object, not {Kind(e)}");
        return new FolderSettings(RequiredString(e, id, "folder.", "path"), OptionalString(e, id, "folder.", "glob") ?? ConnectionValidation.DefaultGlob,
            OptionalString(e, id, "folder.", "doneFolder"));
    }

    private static string RequiredString(JsonElement e, string id, string prefix, string name) =>
        OptionalString(e, id, prefix, name) ?? throw Invalid(id, prefix + name, "is required");

    private static string? OptionalString(JsonElement e, string id, string prefix, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Invalid(id, prefix + name, $"must be a string, not {Kind(v)}");
    }

    private static bool? OptionalBool(JsonElement e, string id, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(id, name, $"must be true or false, not {Kind(v)}"),
        };
    }

    private static DateTimeOffset? OptionalTime(JsonElement e, string id, string name)
    {
        if (OptionalString(e, id, "", name) is not { } text) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw Invalid(id, name, $"'{text}' is not an ISO 8601 time");
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static TwinLabException Invalid(string id, string field, string problem) =>
        ConnectionValidation.Invalid(id, field, problem);
}
