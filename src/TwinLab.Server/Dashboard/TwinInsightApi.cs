using TwinLab.Server.Security;
using System.ComponentModel;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using TwinLab.Core.Application;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Dashboard;

/// <summary>Reads the dashboard needs beyond ADT's API: a twin's history, its stored telemetry, the whole graph in one answer.</summary>
/// <remarks>TwinLab extensions in the api-version group; each takes <c>?branch=</c> and <c>?asOf=</c> like the twin endpoints.</remarks>
public static class TwinInsightApi
{
    /// <summary>The default (and largest) <c>max</c> of <c>GET /graph</c>.</summary>
    internal const int DefaultGraphMax = 20_000, LargestGraphMax = 1_000_000;

    /// <summary>The default and largest <c>top</c> of a history page.</summary>
    internal const int DefaultHistoryTop = 100, LargestHistoryTop = 1_000;

    /// <summary>The default and largest <c>max</c> of a telemetry series.</summary>
    internal const int DefaultTelemetryMax = 100_000, LargestTelemetryMax = 1_000_000;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapTwinInsightApi(this IEndpointRouteBuilder app)
    {
        var graph = app.MapAdtGroup("/graph").WithTags("Dashboard").RequireAccess(AccessScope.Handler);
        graph.MapGet("/", GetGraph).WithBranchAndAsOf(read: true).WithName("GetTwinGraph")
            .WithSummary("The twin graph in one compact answer: twins [id, model, name] and relationships [source, target, name] (TwinLab extension)");
        var twins = app.MapAdtGroup("/digitaltwins/{id}").RequireAccess(AccessScope.Twin).WithTags("Dashboard");
        twins.MapGet("/history", GetHistory).WithBranchAndAsOf(read: true).WithName("GetTwinHistory")
            .WithSummary("A twin's changes from the event log, newest first, with their JSON Patches (TwinLab extension)");
        twins.MapGet("/telemetry", GetTelemetry).WithBranchAndAsOf(read: true).WithName("GetTwinTelemetry")
            .WithSummary("A twin's stored telemetry: its names, or one series as [t, value] rows, optionally per time bucket (TwinLab extension)");
        return app;
    }

    internal static IResult GetGraph(
        TwinService service, HttpContext http,
        [FromQuery, Description("Only twins of this model or of models derived from it; repeat or separate with commas for several.")] string[]? model,
        [FromQuery, Description("With model: also the twins one relationship away from the matching ones (true/false, default false).")] string? neighbours,
        [FromQuery, Description("The most twins returned (1 to 1,000,000; default 20,000); the answer says truncated when more match.")] string? max)
    {
        var models = InsightParameters.List(model);
        var withNeighbours = InsightParameters.Flag(neighbours, "neighbours", false);
        var cap = InsightParameters.Integer(max, "max", DefaultGraphMax, 1, LargestGraphMax);
        var branch = BranchesApi.BranchOf(http);
        var asOf = BranchesApi.AsOfOf(http);
        var sequence = asOf ?? service.LastSequence;
        // Only what the caller may read: hidden twins, and relationships touching them, are not in the graph it gets.
        var snapshot = http.View(service.SnapshotOf(branch, asOf)).Visible;
        return Results.Bytes(TwinGraphExport.Write(snapshot, branch, sequence, models, withNeighbours, cap), "application/json");
    }

    internal static JsonObject GetHistory(
        string id, TwinService service, HttpRequest request,
        [FromQuery, Description("Only changes at or after this ISO 8601 time.")] string? from,
        [FromQuery, Description("Only changes before this ISO 8601 time.")] string? to,
        [FromQuery, Description("The most entries on a page (1 to 1,000; default 100).")] string? top,
        [FromQuery, Description("Continues from the previous page (follow nextLink as it is).")] string? continuationToken)
    {
        var start = InsightParameters.Time(from, "from");
        var end = InsightParameters.Time(to, "to");
        InsightParameters.Range(start, end);
        var size = InsightParameters.Integer(top, "top", DefaultHistoryTop, 1, LargestHistoryTop);
        var http = request.HttpContext;
        var branch = BranchesApi.BranchOf(http);
        var upTo = BranchesApi.AsOfOf(http) ?? service.LastSequence;
        if (continuationToken is { Length: > 0 }) upTo = Math.Min(upTo, TwinHistoryReader.FromToken(continuationToken));
        var (entries, next) = TwinHistoryReader.Read(service, id, branch, upTo, start, end, size);
        // A relationship whose other end the caller cannot read is left out, so the history does not reveal that twin.
        var readable = http.Readable();
        foreach (var hidden in entries.Where(e => e?["relationship"] is JsonObject r && r["$targetId"]?.GetValue<string>() is { } target && !readable(target)).ToList())
            entries.Remove(hidden);
        return new JsonObject
        {
            ["twin"] = id,
            ["branch"] = branch,
            ["value"] = entries,
            ["continuationToken"] = next is { } n ? TwinHistoryReader.Token(n) : null,
            ["nextLink"] = next is { } m ? Paging.NextLink(request, TwinHistoryReader.Token(m)) : null,
        };
    }

    internal static IResult GetTelemetry(
        string id, TwinService service, HttpContext http,
        [FromQuery, Description("The telemetry name; without it, the list of the twin's telemetry names.")] string? name,
        [FromQuery, Description("The component whose telemetry is read (default: the twin's own).")] string? component,
        [FromQuery, Description("Only points at or after this ISO 8601 time.")] string? from,
        [FromQuery, Description("Only points before this ISO 8601 time.")] string? to,
        [FromQuery, Description("Summarize per time bucket (min, max, mean, count): 30s, 15m, 1h, 1d or an ISO 8601 duration.")] string? bucket,
        [FromQuery, Description("The most points (or buckets) returned, the newest (1 to 1,000,000; default 100,000).")] string? max)
    {
        var start = InsightParameters.Time(from, "from");
        var end = InsightParameters.Time(to, "to");
        InsightParameters.Range(start, end);
        var width = InsightParameters.Duration(bucket, "bucket");
        var cap = InsightParameters.Integer(max, "max", DefaultTelemetryMax, 1, LargestTelemetryMax);
        // Read before the points: a client resuming /events after it may see a point twice, never miss one.
        var sequence = BranchesApi.AsOfOf(http) ?? service.LastSequence;
        var points = service.ReadTelemetry(id, string.IsNullOrEmpty(name) ? null : name, start ?? DateTimeOffset.MinValue, end ?? DateTimeOffset.MaxValue,
            BranchesApi.BranchOf(http), BranchesApi.AsOfOf(http));
        if (string.IsNullOrEmpty(name))
            return Results.Bytes(TelemetrySeries.Names(id, sequence, points), "application/json");
        var wanted = string.IsNullOrEmpty(component) ? null : component;
        var series = points.Where(p => p.Component == wanted).ToList();
        return Results.Bytes(TelemetrySeries.Series(id, name, wanted, sequence, series, width, cap), "application/json");
    }
}
