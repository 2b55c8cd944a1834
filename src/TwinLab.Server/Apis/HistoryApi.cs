using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary>
/// <c>GET /history</c> (TwinLab extension): the event log, oldest first, as <c>twinlab history</c> lists it — one branch
/// (<c>?branch=</c>, default main) or all (<c>?allBranches=true</c>), only the events touching a twin (<c>?twin=</c>), from a
/// sequence number or time on (<c>?since=</c>), up to <c>?asOf=</c> — paged by <c>nextLink</c>.
/// </summary>
/// <remarks>Each entry is <see cref="EventJson"/>'s, the JSON of <c>twinlab history --json</c>, so <c>twinlab --server</c>
/// prints the same lines as on the database file. (<c>GET /digitaltwins/{id}/history</c> is the dashboard's view of one
/// twin, newest first, with patches.)</remarks>
public static class HistoryApi
{
    /// <summary>The most events on a page.</summary>
    internal const int PageSize = 1_000;

    /// <summary>Names this endpoint's continuation tokens, which carry the last sequence number sent.</summary>
    private const string TokenPrefix = "e";

    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/history").WithTags("Branches");
        api.MapGet("/", ListEvents).WithBranchAndAsOf(read: true).WithName("ListHistory")
            .WithSummary("The event log, oldest first: sequence, time, actor, branch, type, twin and what each write changed, paged by nextLink (TwinLab extension)");
        return api;
    }

    internal static JsonObject ListEvents(
        TwinService service, HttpRequest request,
        [FromQuery, Description("Only events that touch this twin (its state, its relationships, its telemetry).")] string? twin,
        [FromQuery, Description("Only events from this sequence number on (an integer), or at or after this ISO 8601 time.")] string? since,
        [FromQuery, Description("Events of every branch (true/false, default false: only ?branch=, which is main unless given).")] string? allBranches,
        [FromQuery, Description("Continues from the previous page (follow nextLink as it is).")] string? continuationToken)
    {
        var http = request.HttpContext;
        var all = allBranches is { Length: > 0 } flag
            ? bool.TryParse(flag, out var b) ? b : throw new TwinLabException(ErrorCodes.InvalidArgument, $"allBranches must be true or false, not '{flag}'.")
            : false;
        if (all && BranchesApi.BranchGiven(http))
            throw new TwinLabException(ErrorCodes.InvalidArgument, "Give branch=NAME or allBranches=true, not both.");
        var size = Paging.PageSize(request, PageSize);
        var filter = new EventFilter(all ? null : BranchesApi.BranchOf(http), twin is { Length: > 0 } ? twin : null,
            UpToSequence: BranchesApi.AsOfOf(http) ?? long.MaxValue, Limit: size + 1);
        if (since is { Length: > 0 })
            filter = long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? filter with { AfterSequence = Math.Max(0, seq - 1) }
                : filter with { Since = DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                    ? t
                    : throw new TwinLabException(ErrorCodes.InvalidArgument, $"since='{since}' is neither a sequence number nor an ISO 8601 time such as 2026-11-20T10:00:00Z.") };
        if (continuationToken is { Length: > 0 })
            filter = filter with { AfterSequence = Math.Max(filter.AfterSequence, PositionToken.Decode(TokenPrefix, continuationToken)) };
        var events = service.History(filter);
        var page = events.Take(size).ToArray();
        return new JsonObject
        {
            ["value"] = new JsonArray([.. page.Select(e => (JsonNode)EventJson.ToJson(e))]),
            ["nextLink"] = events.Count > size ? Paging.NextLink(request, PositionToken.Encode(TokenPrefix, page[^1].Sequence)) : null,
        };
    }
}
