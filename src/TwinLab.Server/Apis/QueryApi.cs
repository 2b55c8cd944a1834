using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary><c>/query</c>: the ADT query language over the live twin graph.</summary>
public static class QueryApi
{
    /// <summary>Maps the query endpoint.</summary>
    public static RouteGroupBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/query");
        api.MapPost("/", QueryTwins).WithName("QueryTwins").WithSummary("Runs a query");
        return api;
    }

    internal static async Task<ContentHttpResult> QueryTwins(TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("query", out var q) || q.ValueKind != JsonValueKind.String)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be {\"query\": \"SELECT ...\"}.");
        var items = service.Query(q.GetString()!).Items;
        var page = new JsonObject
        {
            ["value"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()),
            ["continuationToken"] = null,
        };
        return TypedResults.Text(page.ToJsonString(), "application/json");
    }
}
