using System.Globalization;
using System.Text.Json;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>Typed access to JSON values that names the path of whatever is wrong.</summary>
internal sealed class JsonFields(string source)
{
    public string Source { get; } = source;

    /// <summary>Parses a JSON document; a syntax error names the source, line and path.</summary>
    public static JsonDocument Load(Stream stream, string source)
    {
        try
        {
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            // JsonException counts lines from 0.
            throw new VulnerabilityDataException(source, (e.LineNumber ?? -1) + 1, e.Path ?? "", $"not valid JSON: {message}");
        }
    }

    public VulnerabilityDataException Error(string path, string problem) => new(Source, 0, path, problem);

    public void Expect(JsonElement e, JsonValueKind kind, string path)
    {
        if (e.ValueKind != kind) throw Error(path, $"expected {Kind(kind)}, found {Kind(e.ValueKind)}");
    }

    public JsonElement Required(JsonElement obj, string name, string path, JsonValueKind kind)
    {
        Expect(obj, JsonValueKind.Object, path);
        if (!obj.TryGetProperty(name, out var v)) throw Error($"{path}.{name}", "missing");
        Expect(v, kind, $"{path}.{name}");
        return v;
    }

    public string RequiredString(JsonElement obj, string name, string path) => Text(Required(obj, name, path, JsonValueKind.String), $"{path}.{name}");

    /// <summary>A string value. JSON allows an escape such as <c>\uD800</c> (half a surrogate pair) that is not text;
    /// <see cref="JsonElement.GetString"/> throws InvalidOperationException on it, which is reported here with its path.</summary>
    public string Text(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Error(path, "not text: a \\u escape is half of a UTF-16 surrogate pair with no other half");
        }
    }

    public double RequiredNumber(JsonElement obj, string name, string path) => Required(obj, name, path, JsonValueKind.Number).GetDouble();

    public string? OptionalString(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        Expect(v, JsonValueKind.String, $"{path}.{name}");
        return Text(v, $"{path}.{name}");
    }

    public double? OptionalNumber(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        Expect(v, JsonValueKind.Number, $"{path}.{name}");
        return v.GetDouble();
    }

    public bool? OptionalBool(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Error($"{path}.{name}", $"expected true or false, found {Kind(v.ValueKind)}");
        return v.GetBoolean();
    }

    public CveOperator? Operator(JsonElement obj, string path, CveOperator? missing)
    {
        var text = OptionalString(obj, "operator", path);
        return text switch
        {
            null => missing,
            "AND" => CveOperator.And,
            "OR" => CveOperator.Or,
            _ => throw Error(path + ".operator", $"'{text}' is not AND or OR"),
        };
    }

    public DateTimeOffset Date(string text, string path)
    {
        // NVD writes "2021-10-05T09:15:07.593" without an offset; the API documents these as UTC.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)) return d;
        throw Error(path, $"'{text}' is not an ISO 8601 date-time");
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
