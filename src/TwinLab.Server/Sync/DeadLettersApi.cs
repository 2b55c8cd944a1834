using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Server.Hosting;
using TwinLab.Sync.Connections;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Server.Sync;

/// <summary>
/// <c>/deadletters</c> (a TwinLab extension): the messages that could not be applied (and routed events that could not be
/// delivered), with why; replay one through its connection's mapping after fixing the cause, or delete it.
/// </summary>
public static class DeadLettersApi
{
    /// <summary>Dead letters per page when the client asks for no size.</summary>
    internal const int DefaultPageSize = 100;

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/deadletters").WithTags("DeadLetters").AddEndpointFilter(SyncErrors.Translate);
        api.MapGet("/", ListDeadLetters).WithName("ListDeadLetters")
            .WithSummary("Lists dead letters, newest first (?source= one connection's), paged by nextLink (TwinLab extension)");
        api.MapGet("/{id}", GetDeadLetter).WithName("GetDeadLetter").WithSummary("A dead letter with its payload and reason (TwinLab extension)");
        api.MapDelete("/{id}", DeleteDeadLetter).WithName("DeleteDeadLetter").WithSummary("Deletes a dead letter (TwinLab extension)");
        api.MapPost("/{id}/replay", ReplayDeadLetter).WithName("ReplayDeadLetter")
            .WithSummary("Submits a dead letter's payload again through its connection's mapping; applied, it is deleted (TwinLab extension)");
        return api;
    }

    internal static ContentHttpResult ListDeadLetters(string? source, string? continuationToken, ConnectionManager manager, HttpRequest request)
    {
        // Newest first: the page key orders by time descending, then id.
        var letters = manager.DeadLetters.List(source, int.MaxValue);
        var ordered = letters.Select(l => (Key: $"{(long.MaxValue - l.Time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{l.Id}", Letter: l))
            .OrderBy(x => x.Key, StringComparer.Ordinal);
        var page = Paging.Page(ordered, x => x.Key, x => JsonSerializer.SerializeToNode(x.Letter), continuationToken, request, DefaultPageSize);
        return TypedResults.Text(page.ToJsonString(), "application/json");
    }

    internal static ContentHttpResult GetDeadLetter(string id, ConnectionManager manager) =>
        TypedResults.Text(JsonSerializer.Serialize(manager.DeadLetters.Get(id) ?? throw DeadLetterReplay.NotFound(id)), "application/json");

    internal static NoContent DeleteDeadLetter(string id, ConnectionManager manager)
    {
        if (!manager.DeadLetters.Delete(id)) throw DeadLetterReplay.NotFound(id);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<JsonObject>> ReplayDeadLetter(string id, ConnectionManager manager, CancellationToken cancel)
    {
        var outcome = await manager.ReplayAsync(id, cancel);
        return TypedResults.Ok(new JsonObject
        {
            ["id"] = outcome.LetterId,
            ["status"] = outcome.Status.ToString(),
            ["reason"] = outcome.Reason,
            ["deleted"] = outcome.Status != global::TwinLab.Sync.Ingest.IngestStatus.DeadLettered,
        });
    }
}
