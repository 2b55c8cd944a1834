using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Sync;

/// <summary>One non-blank line of an NDJSON body.</summary>
/// <param name="Number">Its 1-based line number in the body (blank lines count).</param>
/// <param name="Bytes">Its UTF-8 text, without the line break.</param>
internal sealed record NdjsonLine(int Number, ReadOnlyMemory<byte> Bytes);

/// <summary>Reads NDJSON request bodies (one JSON value per line), within <see cref="SyncSettings"/>' limits.</summary>
internal static class NdjsonBody
{
    /// <summary>The error code of a body that is not NDJSON (415).</summary>
    public const string UnsupportedMediaType = "UnsupportedMediaType";

    /// <summary>The content types accepted.</summary>
    public static readonly IReadOnlyList<string> MediaTypes = ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"];

    /// <summary>The body's non-blank lines. A body over <see cref="SyncSettings.MaxBatchBytes"/> or with more than
    /// <see cref="SyncSettings.MaxBatchLines"/> lines is refused whole (413), before anything is applied.</summary>
    /// <exception cref="TwinLabException"><see cref="UnsupportedMediaType"/>, <see cref="RequestLimits.PayloadTooLarge"/>, or
    /// InvalidArgument (an empty body, or one of blank lines only).</exception>
    public static async Task<IReadOnlyList<NdjsonLine>> ReadAsync(HttpRequest request, SyncSettings settings, CancellationToken cancel)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        if (type is null || !MediaTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            throw new TwinLabException(UnsupportedMediaType,
                $"The body must be NDJSON (one JSON object per line) sent as Content-Type: application/x-ndjson, not '{type ?? "(none)"}'.");
        var body = await RequestJson.ReadBytesAsync(request, settings.MaxBatchBytes, cancel);
        var lines = new List<NdjsonLine>();
        var number = 0;
        var rest = body;
        while (rest.Length > 0)
        {
            number++;
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (line.Length > 0 && line.Span[^1] == (byte)'\r') line = line[..^1];
            if (IsBlank(line.Span)) continue;
            if (lines.Count == settings.MaxBatchLines)
                throw new TwinLabException(RequestLimits.PayloadTooLarge,
                    $"The body has more than {settings.MaxBatchLines:N0} lines; send at most {settings.MaxBatchLines:N0} per request.");
            lines.Add(new NdjsonLine(number, line));
        }
        if (lines.Count == 0) throw new TwinLabException(ErrorCodes.InvalidArgument, "The body holds no messages (only blank lines).");
        return lines;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }
}
