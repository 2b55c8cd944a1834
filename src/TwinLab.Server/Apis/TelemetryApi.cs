using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;

namespace TwinLab.Server;

/// <summary><c>/digitaltwins/{id}/telemetry</c> and <c>/digitaltwins/{id}/components/{path}/telemetry</c>: publish telemetry.</summary>
/// <remarks>The required <c>Message-Id</c> header de-duplicates: it becomes the write's idempotency key (scoped to the
/// branch, twin and component), so a repeated message is acknowledged and recorded once, as with the CLI's
/// <c>telemetry append --idempotency-key</c>. TwinLab extension: <c>?branch=NAME</c> records the telemetry on a branch.</remarks>
public static class TelemetryApi
{
    /// <summary>Maps the telemetry endpoints.</summary>
    public static RouteGroupBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/digitaltwins/{id}").RequireAccess(AccessScope.Twin).WithTags("Telemetry");
        api.MapPost("/telemetry", PublishTelemetry).WithBranchAndAsOf(read: false).WithName("SendTelemetry").WithSummary("Publishes telemetry of a twin");
        api.MapPost("/components/{path}/telemetry", PublishComponentTelemetry).WithBranchAndAsOf(read: false).WithName("SendComponentTelemetry")
            .WithSummary("Publishes telemetry of a twin's component");
        return api;
    }

    internal static Task<NoContent> PublishTelemetry(string id, TwinService service, HttpRequest request, CancellationToken cancel) =>
        Publish(id, null, service, request, cancel);

    internal static Task<NoContent> PublishComponentTelemetry(string id, string path, TwinService service, HttpRequest request, CancellationToken cancel) =>
        Publish(id, path, service, request, cancel);

    private static async Task<NoContent> Publish(string id, string? component, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var messageId = request.Headers["Message-Id"].ToString();
        if (messageId.Length == 0)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The Message-Id header is required to publish telemetry.");
        var sourceTime = SourceTime(request);
        var body = await RequestJson.ReadAsync(request, cancel, RequestLimits.PayloadBytes);
        if (body.ValueKind == System.Text.Json.JsonValueKind.String)
        {
            // The ADT SDKs take the payload as a JSON string and serialize it again: "{\"temperature\": 21}" is the object inside.
            // The JavaScript client (@azure/digital-twins-core 1.1.0) also sends publishComponentTelemetry's payload and
            // message id the wrong way round: the payload in the Message-Id header, the message id as the body.
            var text = body.GetString()!;
            if (JsonObjectIn(text) is { } inner) body = inner;
            else if (JsonObjectIn(messageId) is { } swapped) (body, messageId) = (swapped, text);
            else throw new TwinLabException(ErrorCodes.InvalidArgument, "The telemetry payload must be a JSON object of telemetry name to value (or a string holding one).");
        }
        var branch = BranchesApi.BranchOf(request.HttpContext);
        // Keys are global across branches; main keeps the key it had before branches could take telemetry.
        var key = branch == BranchInfo.Main ? $"telemetry:{id}:{component}:{messageId}" : $"telemetry@{branch}:{id}:{component}:{messageId}";
        service.Write(branch, request.HttpContext.WriteContext() with { IdempotencyKey = key },
            g => g.AppendTelemetry(id, component, body, sourceTime).Count).Recorded(request.HttpContext);
        return TypedResults.NoContent();
    }

    private static System.Text.Json.JsonElement? JsonObjectIn(string text)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? SourceTime(HttpRequest request)
    {
        var text = request.Headers["Telemetry-Source-Time"].ToString();
        if (text.Length == 0) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new TwinLabException(ErrorCodes.InvalidArgument, $"Telemetry-Source-Time must be an RFC 3339 time, not '{text}'.");
    }
}
