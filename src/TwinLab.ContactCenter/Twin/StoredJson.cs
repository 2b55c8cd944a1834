using System.Text.Json;
using System.Text.Json.Nodes;

namespace TwinLab.ContactCenter.Twin;

/// <summary>Reads typed values out of stored JSON, naming the path of anything missing or mistyped.</summary>
internal static class StoredJson
{
    public static JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw new StoredTwinException($"{path}: expected an object.");

    public static JsonArray Array(JsonObject o, string name, string path) =>
        o[name] as JsonArray ?? throw new StoredTwinException($"{path}.{name}: missing or not an array.");

    public static string Text(JsonObject o, string name, string path) =>
        TextOrNull(o, name, path) ?? throw new StoredTwinException($"{path}.{name}: missing.");

    public static string? TextOrNull(JsonObject o, string name, string path) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new StoredTwinException($"{path}.{name}: expected a string."),
    };

    public static double Number(JsonObject o, string name, string path) =>
        NumberOrNull(o, name, path) ?? throw new StoredTwinException($"{path}.{name}: missing.");

    /// <summary>A number; null when absent or JSON null.</summary>
    public static double? NumberOrNull(JsonObject o, string name, string path) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        _ => throw new StoredTwinException($"{path}.{name}: expected a number."),
    };

    /// <summary>A number written by <see cref="Finite"/>: null stands for NaN.</summary>
    public static double NumberOrNaN(JsonObject o, string name, string path) => NumberOrNull(o, name, path) ?? double.NaN;

    public static int Integer(JsonObject o, string name, string path)
    {
        var value = Number(o, name, path);
        return value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new StoredTwinException($"{path}.{name}: expected an integer, got {value}.");
    }

    /// <summary>The value as a JSON number, or null when it is NaN or infinite (JSON has no such numbers).</summary>
    public static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>The format tag every stored document starts with; a different one is refused.</summary>
    public static void CheckFormat(JsonObject o, string expected, string source)
    {
        var format = TextOrNull(o, "format", source);
        if (format != expected)
            throw new StoredTwinException($"{source}: format '{format ?? "(none)"}' is not '{expected}'; it may come from a newer TwinLab.");
    }

    /// <summary>Parses a stored document, turning malformed JSON into a <see cref="StoredTwinException"/>.</summary>
    public static JsonObject Parse(string json, string source)
    {
        try
        {
            return Object(JsonNode.Parse(json), source);
        }
        catch (JsonException e)
        {
            throw new StoredTwinException($"{source}: not valid JSON: {e.Message}");
        }
    }
}
