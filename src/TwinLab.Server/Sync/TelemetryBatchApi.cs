using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;

namespace TwinLab.Server.Sync;

/// <summary>
/// <c>POST /telemetry/batch</c> (a TwinLab extension): many telemetry messages of many twins in one request, for
/// high-rate producers. The body is NDJSON, one message per line:
/// <c>{"$dtId": "room-1", "$component": "thermostat", "messageId": "m-17", "sourceTime": "2026-11-24T09:00:00Z", "telemetry": {"temp": 21.5}}</c>
/// (<c>$component</c> and <c>sourceTime</c> optional). The answer comes after the commit: how many lines were applied,
/// how many were duplicates, and an error per bad line.
/// </summary>
/// <remarks>
/// <para>Exactly once: each line's key is its <c>messageId</c> scoped like <c>POST /digitaltwins/{id}/telemetry</c>'s
/// <c>Message-Id</c> (branch, twin and component), recorded in the same transaction as its telemetry, so a retried
/// batch (or a message also sent singly) applies nothing twice.</para>
/// <para>Lines are committed in chunks of <see cref="ChunkLines"/>, one transaction each (<see cref="TwinService.WriteBatch{T}"/>);
/// a bad line is left out of its chunk without holding up the others. A batch cut short (a crash, a dropped connection)
/// has its committed chunks kept; sent again, only the rest is applied.</para>
/// <para>This endpoint writes with <see cref="TwinService.WriteBatch{T}"/> itself rather than through the connections'
/// ingest pipeline: its lines are already in the twin's terms (twin, component, telemetry object), which a mapping cannot
/// express, and its caller waits for the answer, so a bad line is answered rather than dead-lettered.</para>
/// </remarks>
public static class TelemetryBatchApi
{
    /// <summary>Lines per transaction.</summary>
    internal const int ChunkLines = 256;

    /// <summary>Per-line errors listed in an answer, at most (the rest are counted).</summary>
    internal const int MaxErrorsListed = 1000;

    private static readonly HashSet<string> Members = new(StringComparer.Ordinal) { "$dtId", "$component", "messageId", "sourceTime", "telemetry" };

    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapTelemetryBatchApi(this IEndpointRouteBuilder app)
    {
        // Many twins per request: WRITE on everything (per-twin grants are for /digitaltwins/{id}/telemetry).
        var api = app.MapAdtGroup("/telemetry").WithTags("Telemetry").AddEndpointFilter(SyncErrors.Translate)
            .RequireAccess(Security.AccessScope.Everything, Core.Security.Permissions.Write);
        api.MapPost("/batch", PublishBatch).WithBranchAndAsOf(read: false).WithName("SendTelemetryBatch")
            .WithSummary("Publishes telemetry of many twins (NDJSON, one {\"$dtId\", \"$component\"?, \"messageId\", \"sourceTime\"?, \"telemetry\"} per line), each line exactly once by its messageId; answers after the commit with the counts and an error per bad line (TwinLab extension)");
        return api;
    }

    internal static async Task<Ok<JsonObject>> PublishBatch(TwinService service, SyncSettings settings, HttpRequest request, CancellationToken cancel)
    {
        var lines = await NdjsonBody.ReadAsync(request, settings, cancel);
        var branch = BranchesApi.BranchOf(request.HttpContext);
        var context = request.HttpContext.WriteContext();
        var errors = new List<(int Line, string? MessageId, string Error)>();
        var messages = new List<(int Line, string MessageId, BatchItem<int> Item)>(lines.Count);
        foreach (var line in lines)
        {
            if (Read(line, branch, out var messageId, out var item) is { } error) errors.Add((line.Number, messageId, error));
            else messages.Add((line.Number, messageId!, item!));
        }
        long applied = 0, duplicates = 0;
        long? first = null, last = null;
        for (var start = 0; start < messages.Count; start += ChunkLines)
        {
            // A client that gave up is not answered; what is committed so far stays, and its retry applies only the rest.
            cancel.ThrowIfCancellationRequested();
            var chunk = messages.GetRange(start, Math.Min(ChunkLines, messages.Count - start));
            var outcome = service.WriteBatch(branch, context, [.. chunk.Select(m => m.Item)]);
            if (outcome.LastSequence >= outcome.FirstSequence)
            {
                first ??= outcome.FirstSequence;
                last = outcome.LastSequence;
            }
            for (var i = 0; i < chunk.Count; i++)
            {
                var item = outcome.Items[i];
                switch (item.Status)
                {
                    case BatchItemStatus.Applied:
                        applied++;
                        break;
                    case BatchItemStatus.Duplicate:
                        duplicates++;
                        break;
                    default:
                        errors.Add((chunk[i].Line, chunk[i].MessageId, item.Error?.Message ?? "the write failed"));
                        break;
                }
            }
        }
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        var listed = new JsonArray();
        foreach (var (line, messageId, error) in errors.Take(MaxErrorsListed))
            listed.Add(new JsonObject { ["line"] = line, ["messageId"] = messageId, ["error"] = error });
        return TypedResults.Ok(new JsonObject
        {
            ["lines"] = lines.Count,
            ["accepted"] = applied,
            ["duplicates"] = duplicates,
            ["rejected"] = errors.Count,
            ["firstSequence"] = first,
            ["lastSequence"] = last,
            ["errors"] = listed,
            ["errorsNotListed"] = Math.Max(0, errors.Count - MaxErrorsListed),
        });
    }

    /// <summary>Reads one line into a write; returns why it cannot be, or <c>null</c>.</summary>
    private static string? Read(NdjsonLine line, string branch, out string? messageId, out BatchItem<int>? item)
    {
        messageId = null;
        item = null;
        JsonElement message;
        try
        {
            var reader = new Utf8JsonReader(line.Bytes.Span);
            message = JsonElement.ParseValue(ref reader);
            if (reader.Read()) return $"unexpected content after the JSON object at byte {reader.TokenStartIndex}";
        }
        catch (JsonException e)
        {
            return $"not valid JSON: {e.Message}";
        }
        if (message.ValueKind != JsonValueKind.Object)
            return "each line must be a JSON object {\"$dtId\", \"messageId\", \"telemetry\", \"$component\"?, \"sourceTime\"?}";
        foreach (var member in message.EnumerateObject())
            if (!Members.Contains(member.Name))
                return $"unknown member '{RequestLimits.Shorten(member.Name)}'; a line has $dtId, $component, messageId, sourceTime and telemetry";
        if (String(message, "messageId", out messageId) is { } badId) return badId;
        if (messageId is null or { Length: 0 }) return "messageId is required (it makes the message exactly-once)";
        if (String(message, "$dtId", out var twin) is { } badTwin) return badTwin;
        if (twin is null or { Length: 0 }) return "$dtId is required";
        if (String(message, "$component", out var component) is { } badComponent) return badComponent;
        if (String(message, "sourceTime", out var timeText) is { } badTime) return badTime;
        DateTimeOffset? sourceTime = null;
        if (timeText is not null)
        {
            if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                return $"sourceTime must be an RFC 3339 time, not '{RequestLimits.Shorten(timeText)}'";
            sourceTime = t;
        }
        if (!message.TryGetProperty("telemetry", out var telemetry) || telemetry.ValueKind == JsonValueKind.Null) return "telemetry is required (an object of telemetry name to value)";
        if (telemetry.ValueKind != JsonValueKind.Object) return $"telemetry must be an object of telemetry name to value, not {telemetry.ValueKind.ToString().ToLowerInvariant()}";
        if (Encoding.GetByteCount(telemetry.GetRawText()) > RequestLimits.PayloadBytes)
            return $"telemetry is larger than {RequestLimits.PayloadBytes / 1024} KB, the largest telemetry message";
        try
        {
            RequestLimits.CheckContent(telemetry);
        }
        catch (TwinLabException e)
        {
            return e.Message;
        }
        // The same key as POST /digitaltwins/{id}/telemetry with this Message-Id.
        var key = branch == BranchInfo.Main ? $"telemetry:{twin}:{component}:{messageId}" : $"telemetry@{branch}:{twin}:{component}:{messageId}";
        var values = telemetry.Clone();
        item = new BatchItem<int>(key, g => g.AppendTelemetry(twin, component, values, sourceTime).Count);
        return null;
    }

    private static System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    private static string? String(JsonElement message, string name, out string? value)
    {
        value = null;
        if (!message.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) return $"{name} must be a string, not {v.ValueKind.ToString().ToLowerInvariant()}";
        value = v.GetString();
        return null;
    }
}
