using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary><c>/digitaltwins/{id}/telemetry</c> and <c>/digitaltwins/{id}/components/{path}/telemetry</c>: publish telemetry.</summary>
/// <remarks>The required <c>Message-Id</c> header de-duplicates: it becomes the write's idempotency key (scoped to the
/// twin and component), so a repeated message is acknowledged and recorded once, as with the CLI's
/// <c>telemetry append --idempotency-key</c>.</remarks>
public static class TelemetryApi
{
    /// <summary>Maps the telemetry endpoints.</summary>
    public static RouteGroupBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/digitaltwins/{id}");
        api.MapPost("/telemetry", PublishTelemetry).WithName("SendTelemetry").WithSummary("Publishes telemetry of a twin");
        api.MapPost("/components/{path}/telemetry", PublishComponentTelemetry).WithName("SendComponentTelemetry")
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
        var body = await RequestJson.ReadAsync(request, cancel);
        var key = $"telemetry:{id}:{component}:{messageId}";
        service.Write(BranchInfo.Main, RequestJson.Writer with { IdempotencyKey = key },
            g => g.AppendTelemetry(id, component, body, sourceTime).Count);
        return TypedResults.NoContent();
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
