using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary><c>/query</c>: the ADT query language over the live twin graph, paged by continuation token.</summary>
/// <remarks>A continuation token carries the query, the log position the first page was read at, and the offset, so
/// every page of one query reads the same state (the current one while nothing has been written since) and the server
/// keeps nothing between pages.</remarks>
public static class QueryApi
{
    /// <summary>The most items on one page, as in ADT.</summary>
    internal const int MaxPageSize = 1000;

    /// <summary>Maps the query endpoint.</summary>
    public static RouteGroupBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/query");
        api.MapPost("/", QueryTwins).WithName("QueryTwins").WithSummary("Runs a query, or continues one from its continuationToken");
        return api;
    }

    internal static async Task<ContentHttpResult> QueryTwins(TwinService service, HttpRequest request, HttpResponse response, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel);
        if (body.ValueKind != JsonValueKind.Object)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be {\"query\": \"SELECT ...\"} or {\"continuationToken\": \"...\"}.");
        Position position;
        if (body.TryGetProperty("continuationToken", out var t) && t.ValueKind == JsonValueKind.String)
            position = Position.Decode(t.GetString()!);
        else if (body.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String)
            position = new Position(q.GetString()!, service.LastSequence, 0);
        else
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be {\"query\": \"SELECT ...\"} or {\"continuationToken\": \"...\"}.");
        var size = PageSize(request);
        var items = service.Query(position.Query, BranchInfo.Main, position.Sequence).Items;
        var page = items.Skip(position.Offset).Take(size).ToArray();
        var end = position.Offset + page.Length;
        var result = new JsonObject
        {
            ["value"] = new JsonArray(page.Select(i => (JsonNode)i.DeepClone()).ToArray()),
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

    /// <summary>Where a paged query stands: its text, the log position it reads, and how many items were returned.</summary>
    private sealed record Position(string Query, long Sequence, int Offset)
    {
        public string Encode() =>
            Paging.EncodeToken(new JsonObject { ["q"] = Query, ["s"] = Sequence, ["o"] = Offset }.ToJsonString());

        public static Position Decode(string token)
        {
            try
            {
                var node = JsonNode.Parse(Paging.DecodeToken(token)) as JsonObject ?? throw new FormatException();
                var position = new Position(
                    node["q"]?.GetValue<string>() ?? throw new FormatException(),
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
