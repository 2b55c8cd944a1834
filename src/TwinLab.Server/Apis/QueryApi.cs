using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary><c>/query</c>: the ADT query language over the twin graph, paged by continuation token. TwinLab extensions:
/// <c>?branch=NAME</c> queries a branch, <c>?asOf=SEQ|ISO-TIME</c> its state at an earlier point.</summary>
/// <remarks>A continuation token carries the query, the branch, the log position the first page was read at, and the
/// offset, so every page of one query reads the same state of the same branch (whatever the later request's
/// <c>branch</c> and <c>asOf</c> say) and the server keeps nothing between pages.</remarks>
public static class QueryApi
{
    /// <summary>The most items on one page, as in ADT.</summary>
    internal const int MaxPageSize = 1000;

    /// <summary>Maps the query endpoint.</summary>
    public static RouteGroupBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/query").WithTags("Query");
        api.MapPost("/", QueryTwins).WithBranchAndAsOf(read: true).WithName("QueryTwins").WithSummary("Runs a query, or continues one from its continuationToken");
        return api;
    }

    internal static async Task<ContentHttpResult> QueryTwins(TwinService service, HttpRequest request, HttpResponse response, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel, RequestLimits.PayloadBytes);
        if (body.ValueKind != JsonValueKind.Object)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be {\"query\": \"SELECT ...\"} or {\"continuationToken\": \"...\"}.");
        var http = request.HttpContext;
        Position position;
        if (body.TryGetProperty("continuationToken", out var t) && t.ValueKind == JsonValueKind.String)
        {
            position = Position.Decode(t.GetString()!);
            if (BranchesApi.BranchGiven(http) && BranchesApi.BranchOf(http) != position.Branch)
                throw new TwinLabException(ErrorCodes.InvalidArgument,
                    $"The continuation token continues a query of branch '{position.Branch}', not '{BranchesApi.BranchOf(http)}'.");
            BranchesApi.EnsureExists(service, position.Branch);
        }
        else if (body.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String)
            position = new Position(q.GetString()!, BranchesApi.BranchOf(http), BranchesApi.AsOfOf(http) ?? service.LastSequence, 0);
        else
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be {\"query\": \"SELECT ...\"} or {\"continuationToken\": \"...\"}.");
        var size = PageSize(request);
        var items = service.Query(position.Query, position.Branch, position.Sequence).Items;
        var page = items.Skip(position.Offset).Take(size).ToArray();
        var end = position.Offset + page.Length;
        var result = new JsonObject
        {
            // The rows are fresh objects of this execution (over one parsed buffer): attach them as they are, no copy.
            ["value"] = new JsonArray(page.Select(i => (JsonNode)i).ToArray()),
            ["continuationToken"] = end < items.Count ? (position with { Offset = end }).Encode() : null,
        };
        // A nominal charge in ADT's units: one per page plus one per hundred items returned.
        response.Headers["query-charge"] = (1 + page.Length / 100.0).ToString("0.##", CultureInfo.InvariantCulture);
        return TypedResults.Text(result.ToJsonString(), "application/json");
    }

    /// <summary>The page size: ADT's <c>max-items-per-page</c> header (or <c>x-ms-max-item-count</c>), at most 1,000.</summary>
    private static int PageSize(HttpRequest request)
    {
        var header = request.Headers["max-items-per-page"].ToString();
        if (header.Length == 0) return Paging.PageSize(request, MaxPageSize);
        if (!int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"max-items-per-page must be a positive integer, not '{header}'.");
        return Math.Min(n, MaxPageSize);
    }

    /// <summary>Where a paged query stands: its text, the branch and log position it reads, and how many items were returned.</summary>
    private sealed record Position(string Query, string Branch, long Sequence, int Offset)
    {
        public string Encode() =>
            Paging.EncodeToken(new JsonObject { ["q"] = Query, ["b"] = Branch, ["s"] = Sequence, ["o"] = Offset }.ToJsonString());

        public static Position Decode(string token)
        {
            try
            {
                var node = JsonNode.Parse(Paging.DecodeToken(token)) as JsonObject ?? throw new FormatException();
                var position = new Position(
                    node["q"]?.GetValue<string>() ?? throw new FormatException(),
                    // Tokens from before branches could be queried read main.
                    node["b"]?.GetValue<string>() ?? BranchInfo.Main,
                    node["s"]?.GetValue<long>() ?? throw new FormatException(),
                    node["o"]?.GetValue<int>() ?? throw new FormatException());
                if (position.Sequence < 0 || position.Offset < 0) throw new FormatException();
                return position;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new TwinLabException(ErrorCodes.InvalidArgument, "The continuation token is not valid.");
            }
        }
    }
}
