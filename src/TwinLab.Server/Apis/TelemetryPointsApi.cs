using System.ComponentModel;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Server.Dashboard;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary>
/// <c>GET /digitaltwins/{id}/telemetry/points</c> (TwinLab extension): a twin's stored telemetry points in a time range,
/// every name and component, in the order they were stored, with full-precision times — as <c>twinlab telemetry read
/// --json</c> lists them — paged by <c>nextLink</c>.
/// </summary>
/// <remarks><c>GET /digitaltwins/{id}/telemetry</c> serves the dashboard's charts (one series, millisecond times); this
/// endpoint is the raw log a client such as <c>twinlab --server</c> downsamples or prints itself.</remarks>
public static class TelemetryPointsApi
{
    /// <summary>The most points on a page.</summary>
    internal const int PageSize = 10_000;

    /// <summary>Names this endpoint's continuation tokens, which carry the number of points already sent.</summary>
    private const string TokenPrefix = "p";

    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapTelemetryPointsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/digitaltwins/{id}").WithTags("Telemetry");
        api.MapGet("/telemetry/points", ListPoints).WithBranchAndAsOf(read: true).WithName("ListTelemetryPoints")
            .WithSummary("A twin's stored telemetry points, oldest first: time, name, component, value; paged by nextLink (TwinLab extension)");
        return api;
    }

    internal static JsonObject ListPoints(
        string id, TwinService service, HttpRequest request,
        [FromQuery, Description("Only this telemetry name.")] string? name,
        [FromQuery, Description("Only points at or after this ISO 8601 time.")] string? from,
        [FromQuery, Description("Only points before this ISO 8601 time.")] string? to,
        [FromQuery, Description("Continues from the previous page (follow nextLink as it is).")] string? continuationToken)
    {
        var start = InsightParameters.Time(from, "from") ?? DateTimeOffset.MinValue;
        var end = InsightParameters.Time(to, "to") ?? DateTimeOffset.MaxValue;
        if (end <= start) throw new TwinLabException(ErrorCodes.InvalidArgument, "to must be after from.");
        var size = Paging.PageSize(request, PageSize);
        var skip = continuationToken is { Length: > 0 } token ? (int)Math.Min(PositionToken.Decode(TokenPrefix, token), int.MaxValue) : 0;
        var http = request.HttpContext;
        // Points are stored in time order; the token counts the points already sent, so a page reads the range again and
        // skips them (the range is fixed by the first page's asOf for a client that wants a stable read).
        var points = service.ReadTelemetry(id, string.IsNullOrEmpty(name) ? null : name, start, end, BranchesApi.BranchOf(http), BranchesApi.AsOfOf(http));
        var page = points.Skip(skip).Take(size).ToArray();
        return new JsonObject
        {
            ["twin"] = id,
            ["value"] = new JsonArray([.. page.Select(p => (JsonNode)new JsonObject
            {
                ["time"] = TwinJson.Format(p.Timestamp),
                ["name"] = p.Name,
                ["component"] = p.Component,
                ["value"] = JsonNode.Parse(p.Value.GetRawText()),
            })]),
            ["nextLink"] = points.Count > skip + size ? Paging.NextLink(request, PositionToken.Encode(TokenPrefix, skip + size)) : null,
        };
    }
}
