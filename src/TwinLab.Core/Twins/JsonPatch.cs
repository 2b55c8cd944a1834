using System.Text.Json;
using TwinLab.Core.Errors;

namespace TwinLab.Core.Twins;

/// <summary>The JSON Patch (RFC 6902) operations TwinLab applies, as Azure Digital Twins does.</summary>
public enum PatchOp
{
    /// <summary>Set a value, creating it if absent.</summary>
    Add,
    /// <summary>Set a value that must exist.</summary>
    Replace,
    /// <summary>Remove a value that must exist.</summary>
    Remove,
}

/// <summary>One JSON Patch operation.</summary>
/// <remarks>Immutable; the parsed pointer is cached, since a prepared patch may be applied many times.</remarks>
public sealed record JsonPatchOperation
{
    private readonly string _path = "";
    private string[]? _segments;

    /// <summary>Creates an operation.</summary>
    public JsonPatchOperation(PatchOp op, string path, JsonElement? value = null)
    {
        Op = op;
        Path = path;
        Value = value;
    }

    /// <summary>The operation.</summary>
    public PatchOp Op { get; init; }

    /// <summary>A JSON Pointer (RFC 6901), e.g. <c>/thermostat/targetTemperature</c>.</summary>
    public string Path
    {
        get => _path;
        init
        {
            _path = value;
            _segments = null;
        }
    }

    /// <summary>The value for add/replace; <c>null</c> for remove.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>An add operation.</summary>
    public static JsonPatchOperation Add(string path, JsonElement value) => new(PatchOp.Add, path, value);
    /// <summary>A replace operation.</summary>
    public static JsonPatchOperation Replace(string path, JsonElement value) => new(PatchOp.Replace, path, value);
    /// <summary>A remove operation.</summary>
    public static JsonPatchOperation Remove(string path) => new(PatchOp.Remove, path);

    /// <summary>The pointer's reference tokens, unescaped (<c>~1</c> → <c>/</c>, <c>~0</c> → <c>~</c>).</summary>
    /// <exception cref="TwinLabException">The pointer is not a valid JSON Pointer.</exception>
    public string[] Segments() => _segments ??= ParseSegments();

    private string[] ParseSegments()
    {
        if (Path.Length == 0 || Path[0] != '/')
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"JSON Patch path '{Path}' must start with '/'.");
        var parts = Path[1..].Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p.Contains('~'))
            {
                for (var j = 0; j < p.Length; j++)
                    if (p[j] == '~' && (j + 1 >= p.Length || (p[j + 1] != '0' && p[j + 1] != '1')))
                        throw new TwinLabException(ErrorCodes.InvalidArgument, $"JSON Patch path '{Path}' has an invalid escape '~' (use ~0 or ~1).");
                parts[i] = p.Replace("~1", "/").Replace("~0", "~");
            }
            if (parts[i].Length == 0)
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"JSON Patch path '{Path}' has an empty segment.");
        }
        return parts;
    }
}

/// <summary>Reads JSON Patch documents.</summary>
public static class JsonPatchDocument
{
    /// <summary>Parses a JSON Patch document (an array of operations).</summary>
    /// <exception cref="TwinLabException">Malformed JSON or an invalid operation; the message names the operation index and field.</exception>
    public static IReadOnlyList<JsonPatchOperation> Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"JSON Patch is not valid JSON: {e.Message}");
        }
        if (JsonSurrogates.FindLone(json) is var lone and >= 0)
        {
            doc.Dispose();
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"JSON Patch is not valid JSON text: {JsonSurrogates.Describe(lone)}.");
        }
        using (doc)
        {
            return Parse(doc.RootElement);
        }
    }

    /// <summary>Parses a JSON Patch document from an element; values are cloned so the result outlives the element's document.</summary>
    public static IReadOnlyList<JsonPatchOperation> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "JSON Patch must be an array of operations.");
        var ops = new List<JsonPatchOperation>();
        var i = 0;
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                throw Bad(i, "", "must be an object");
            if (!item.TryGetProperty("op", out var opEl) || opEl.ValueKind != JsonValueKind.String)
                throw Bad(i, "op", "is missing or not a string");
            if (!item.TryGetProperty("path", out var pathEl) || pathEl.ValueKind != JsonValueKind.String)
                throw Bad(i, "path", "is missing or not a string");
            var opText = JsonSurrogates.TryGetString(opEl) ?? throw Bad(i, "op", "is not text (a lone UTF-16 surrogate)");
            var path = JsonSurrogates.TryGetString(pathEl) ?? throw Bad(i, "path", "is not text (a lone UTF-16 surrogate)");
            var op = opText switch
            {
                "add" => PatchOp.Add,
                "replace" => PatchOp.Replace,
                "remove" => PatchOp.Remove,
                var other => throw Bad(i, "op", $"'{other}' is not supported (use add, replace or remove)"),
            };
            JsonElement? value = null;
            if (op != PatchOp.Remove)
            {
                if (!item.TryGetProperty("value", out var v))
                    throw Bad(i, "value", $"is required for '{opText}'");
                value = v.Clone();
            }
            var operation = new JsonPatchOperation(op, path, value);
            operation.Segments();
            ops.Add(operation);
            i++;
        }
        return ops;
    }

    private static TwinLabException Bad(int index, string field, string what) =>
        new(ErrorCodes.InvalidArgument, field.Length == 0 ? $"JSON Patch operation [{index}] {what}." : $"JSON Patch operation [{index}].{field} {what}.");
}
