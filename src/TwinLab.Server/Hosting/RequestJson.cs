using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Hosting;

/// <summary>Reads request bodies and conditional headers the way ADT expects them.</summary>
internal static class RequestJson
{
    /// <summary>The body as JSON; unreadable JSON is a 400 InvalidArgument, a body over <paramref name="maxBytes"/> (by
    /// default ADT's 32 KB request payload) a 413 PayloadTooLarge, refused from its <c>Content-Length</c> before anything is
    /// read when it has one.</summary>
    public static async Task<JsonElement> ReadAsync(HttpRequest request, CancellationToken cancel, long maxBytes = RequestLimits.PayloadBytes) =>
        Parse(await ReadBytesAsync(request, maxBytes, cancel));

    /// <summary>The body's bytes, at most <paramref name="maxBytes"/> of them (413 PayloadTooLarge beyond); empty is a 400.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancel)
    {
        if (request.ContentLength is { } declared && declared > maxBytes) throw RequestLimits.TooLarge(declared, maxBytes);
        var bytes = await ReadBoundedAsync(request.Body, maxBytes, cancel);
        if (bytes.Length == 0)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The request body is empty; a JSON document is required.");
        return bytes;
    }

    /// <summary>The string property <paramref name="name"/> of an object body, or <c>null</c> when it is missing or null;
    /// any other kind is a 400 with error code <paramref name="code"/> naming the field.</summary>
    public static string? OptionalString(JsonElement body, string name, string code)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new TwinLabException(code, $"{name} must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}.");
        return value.GetString();
    }

    /// <summary>One JSON value; anything else (nothing, two values, a syntax error) is a 400 InvalidArgument.</summary>
    public static JsonElement Parse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes.Span);
            var root = JsonElement.ParseValue(ref reader);
            if (reader.Read()) throw new JsonException($"Unexpected content after the JSON value at byte {reader.TokenStartIndex}.");
            if (JsonSurrogates.FindLone(bytes.Span) is var lone and >= 0)
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"The request body is not valid JSON text: {JsonSurrogates.Describe(lone)}.");
            return root;
        }
        catch (JsonException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>A twin or relationship body: at most 32 KB, property names at most 1 KB and strings at most 4 KB.</summary>
    public static async Task<JsonElement> ReadContentAsync(HttpRequest request, CancellationToken cancel)
    {
        var body = await ReadAsync(request, cancel, RequestLimits.PayloadBytes);
        RequestLimits.CheckContent(body);
        return body;
    }

    /// <summary>A JSON Patch body (<c>application/json-patch+json</c>, or plain <c>application/json</c>), with the limits of
    /// <see cref="ReadContentAsync"/>.</summary>
    public static async Task<IReadOnlyList<JsonPatchOperation>> ReadPatchAsync(HttpRequest request, CancellationToken cancel) =>
        JsonPatchDocument.Parse(await ReadPatchBodyAsync(request, cancel));

    /// <summary>As <see cref="ReadPatchAsync"/>, checked the same way, but the body itself (for a backend that sends it on).</summary>
    public static async Task<JsonElement> ReadPatchBodyAsync(HttpRequest request, CancellationToken cancel)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        if (type is null || !(type.Equals("application/json-patch+json", StringComparison.OrdinalIgnoreCase) || type.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"A patch must be sent as application/json-patch+json, not '{type ?? "(none)"}'.");
        var body = await ReadContentAsync(request, cancel);
        JsonPatchDocument.Parse(body);
        return body;
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> bytes, so a body without a <c>Content-Length</c> cannot grow the
    /// buffer past the limit either.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + n > maxBytes) throw RequestLimits.TooLarge(null, maxBytes);
            buffer.Write(chunk, 0, n);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>The <c>If-Match</c> header, or <c>null</c>.</summary>
    public static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.ToString() is { Length: > 0 } v ? v : null;

    /// <summary>Whether <c>If-None-Match: *</c> was sent; any other value is rejected, as in ADT.</summary>
    public static bool IfNoneMatchAny(HttpRequest request)
    {
        var v = request.Headers.IfNoneMatch.ToString();
        if (v.Length == 0) return false;
        if (v == "*") return true;
        throw new TwinLabException(ErrorCodes.InvalidArgument, $"If-None-Match supports only '*', not '{v}'.");
    }
}
