using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using TwinLab.Core.Errors;

namespace TwinLab.Server.Hosting;

/// <summary>
/// Azure Digital Twins' protection limits on request content (learn.microsoft.com/azure/digital-twins/reference-service-limits):
/// a 32 KB request payload, 4 KB string property values, 1 KB property names, 250 models per upload. Query limits
/// (8,000 characters, 50 AND/OR terms, 50 IN items, 5 JOINs, 10 MATCH hops) are the query parser's.
/// </summary>
/// <remarks>A body over its limit is 413 <c>PayloadTooLarge</c>; a part of a body over its limit is 400
/// <c>LimitExceeded</c> (ADT's code for a broken service limit).</remarks>
internal static class RequestLimits
{
    /// <summary>ADT's largest request payload, also the largest twin, relationship, patch or telemetry body.</summary>
    public const int PayloadBytes = 32 * 1024;

    /// <summary>The largest body any endpoint reads (Kestrel's cap too); <c>POST /models</c> may use all of it.</summary>
    public const long MaxRequestBodyBytes = 32L * 1024 * 1024;

    /// <summary>The longest request line (method, URL and version): Kestrel answers a longer one 414 URI Too Long.
    /// ADT's query strings are short; a long query goes in a <c>POST /query</c> body.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>The most header bytes in one request: Kestrel answers more 431 Request Header Fields Too Large.</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>The most headers in one request (Kestrel answers more 431).</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>Most models in one <c>POST /models</c>.</summary>
    public const int MaxModelsPerUpload = 250;

    /// <summary>Largest string property value, in UTF-8 bytes.</summary>
    public const int MaxStringPropertyBytes = 4 * 1024;

    /// <summary>Largest property name, in UTF-8 bytes.</summary>
    public const int MaxPropertyNameBytes = 1024;

    /// <summary>The error code of a body over its limit (413).</summary>
    public const string PayloadTooLarge = "PayloadTooLarge";

    /// <summary>The error code of a part of a request over a service limit (400).</summary>
    public const string LimitExceeded = "LimitExceeded";

    /// <summary>Caps every request body at <see cref="MaxRequestBodyBytes"/> in Kestrel, so a huge body is refused before it
    /// is read (an endpoint may raise its own cap with <c>RequestSizeLimitAttribute</c> metadata), and the request line and
    /// headers at <see cref="MaxRequestLineBytes"/>, <see cref="MaxRequestHeadersBytes"/> and <see cref="MaxRequestHeaderCount"/>
    /// (Kestrel's defaults, set here so they are stated and tested rather than assumed).</summary>
    public static WebApplicationBuilder AddTwinLabRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            o.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            o.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
            o.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        });
        return builder;
    }

    /// <summary>The error for a body over <paramref name="max"/> bytes: <paramref name="declared"/> by its <c>Content-Length</c>,
    /// or found while reading one without.</summary>
    public static TwinLabException TooLarge(long? declared, long max) => new(PayloadTooLarge,
        $"The request body is {(declared is { } n ? $"{n:N0}" : $"more than {max:N0}")} bytes; this endpoint accepts at most {Size(max)}.");

    /// <summary>
    /// Rejects a twin, relationship or patch body holding a property name over 1 KB or a string value over 4 KB (UTF-8),
    /// naming the JSON path of the first offender.
    /// </summary>
    /// <exception cref="TwinLabException">LimitExceeded.</exception>
    public static void CheckContent(JsonElement body) => Check(body, "");

    private static void Check(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (Encoding.UTF8.GetByteCount(p.Name) > MaxPropertyNameBytes)
                        throw new TwinLabException(LimitExceeded,
                            $"Property name '{Shorten(p.Name)}' at '{path}/' is {Encoding.UTF8.GetByteCount(p.Name):N0} bytes; at most {MaxPropertyNameBytes:N0} are allowed.");
                    Check(p.Value, $"{path}/{p.Name}");
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray()) Check(item, $"{path}/{i++}");
                break;
            case JsonValueKind.String:
                // A character is at most 3 UTF-8 bytes (a surrogate pair 4 for two) and escapes only lengthen the raw text,
                // so only strings whose raw text is over a third of the limit need decoding.
                if (e.GetRawText().Length * 3 > MaxStringPropertyBytes && Encoding.UTF8.GetByteCount(e.GetString()!) is var n && n > MaxStringPropertyBytes)
                    throw new TwinLabException(LimitExceeded,
                        $"The string at '{Shorten(path)}' is {n:N0} bytes; string values may have at most {MaxStringPropertyBytes:N0} (UTF-8).");
                break;
        }
    }

    /// <summary>
    /// Counts the models of a <c>POST /models</c> body without building a document, so an over-long upload (or broken
    /// JSON) is refused before its parse takes memory proportional to it.
    /// </summary>
    /// <exception cref="TwinLabException">Not a JSON array (InvalidArgument), unreadable JSON (InvalidArgument), more
    /// than <see cref="MaxModelsPerUpload"/> items (LimitExceeded).</exception>
    public static void CheckModelCount(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be a JSON array of DTDL interfaces.");
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (++count > MaxModelsPerUpload)
                    throw new TwinLabException(LimitExceeded, $"The upload has more than {MaxModelsPerUpload} models; at most {MaxModelsPerUpload} may be uploaded at once.");
                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary><paramref name="text"/>, cut to <paramref name="max"/> characters (ending "...") for an error message.</summary>
    public static string Shorten(string text, int max = 80) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 3), "...");

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : bytes % 1024 == 0 ? $"{bytes / 1024} KB" : $"{bytes:N0} bytes";
}
