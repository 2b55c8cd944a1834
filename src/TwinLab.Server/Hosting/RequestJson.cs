using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Hosting;

/// <summary>Reads request bodies and conditional headers the way ADT expects them.</summary>
internal static class RequestJson
{
    /// <summary>Who the server's writes are recorded as in the history.</summary>
    public static readonly WriteContext Writer = new("api");

    /// <summary>The body as JSON; unreadable JSON is a 400 InvalidArgument.</summary>
    public static async Task<JsonElement> ReadAsync(HttpRequest request, CancellationToken cancel)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancel);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>A JSON Patch body (<c>application/json-patch+json</c>, or plain <c>application/json</c>).</summary>
    public static async Task<IReadOnlyList<JsonPatchOperation>> ReadPatchAsync(HttpRequest request, CancellationToken cancel)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        if (type is not ("application/json-patch+json" or "application/json"))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"A patch must be sent as application/json-patch+json, not '{type ?? "(none)"}'.");
        return JsonPatchDocument.Parse(await ReadAsync(request, cancel));
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
