using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;
using TwinLab.Sync.Connections;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Ingest;
using TwinLab.Core.Security;
using TwinLab.Server.Security;

namespace TwinLab.Server.Sync;

/// <summary>
/// <c>/connections</c> (a TwinLab extension): add, change, pause, resume and remove the live connections the server runs
/// (the same store <c>twinlab connections</c> changes), see their state and counters, and post messages to an
/// <c>http</c> connection.
/// </summary>
public static class ConnectionsApi
{
    /// <summary>Connections per page when the client asks for no size.</summary>
    internal const int DefaultPageSize = 1000;

    /// <summary>Largest connection definition (its mapping's text included).</summary>
    internal const int MaxDefinitionBytes = 256 * 1024;

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        // connection:NAME (or *): READ to see one, WRITE to post messages to it, ADMIN to add, change, pause or remove it.
        var api = app.MapAdtGroup("/connections").WithTags("Connections").AddEndpointFilter(SyncErrors.Translate)
            .RequireAccess(AccessScope.Connection, Permissions.Admin);
        api.MapGet("/", ListConnections).RequireAccess(AccessScope.Handler).WithName("ListConnections")
            .WithSummary("Lists the connections with their state, lag and counters, paged by nextLink (TwinLab extension)");
        api.MapGet("/{id}", GetConnection).RequireAccess(AccessScope.Connection, Permissions.Read).WithName("GetConnection")
            .WithSummary("A connection: settings, mapping, state, lag and counters (TwinLab extension)");
        api.MapPut("/{id}", PutConnection).WithName("PutConnection")
            .WithSummary("Adds or replaces a connection: {\"type\": \"mqtt|folder|http\", \"mapping\": YAML, \"mappingName\"?, \"mqtt\"?: {\"broker\", \"topics\", \"clientId\"?, \"qos\"?, \"passwordEnv\"?}, \"folder\"?: {\"path\", \"glob\"?, \"doneFolder\"?}, \"paused\"?}; it runs at once (TwinLab extension)");
        api.MapDelete("/{id}", DeleteConnection).WithName("DeleteConnection")
            .WithSummary("Stops and removes a connection; its dead letters stay (TwinLab extension)");
        api.MapPost("/{id}/pause", PauseConnection).WithName("PauseConnection")
            .WithSummary("Pauses a connection: its source stops (an MQTT broker keeps queueing for its session) (TwinLab extension)");
        api.MapPost("/{id}/resume", ResumeConnection).WithName("ResumeConnection")
            .WithSummary("Resumes a paused connection (TwinLab extension)");
        api.MapPost("/{id}/messages", PostMessages).RequireAccess(AccessScope.Connection, Permissions.Write).WithName("PostConnectionMessages")
            .WithSummary("Posts messages to an http connection (NDJSON, one message per line, mapped by its mapping; optional Message-Id header makes a retry exactly-once); answers after the commit (TwinLab extension)");
        return api;
    }

    internal static ContentHttpResult ListConnections(string? continuationToken, ConnectionManager manager, IWorkLease lease, HttpRequest request)
    {
        var letters = LetterCounts(manager.DeadLetters);
        var access = request.HttpContext.Access();
        var runner = Runner.Of(manager, lease);
        var page = Paging.Page([.. manager.Connections.List().Where(c => access.OnConnection(Permissions.Read, c.Id).Allowed)], c => c.Id,
            c => Json(manager, runner, c, letters.GetValueOrDefault(c.Id), withMapping: false), continuationToken, request, DefaultPageSize);
        return TypedResults.Text(page.ToJsonString(), "application/json");
    }

    internal static Ok<JsonObject> GetConnection(string id, ConnectionManager manager, IWorkLease lease)
    {
        var c = manager.Connections.Get(id);
        return TypedResults.Ok(Json(manager, Runner.Of(manager, lease), c, manager.DeadLetters.Count(id), withMapping: true));
    }

    internal static async Task<Results<Created<JsonObject>, Ok<JsonObject>>> PutConnection(string id, ConnectionManager manager, IWorkLease lease,
        HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel, MaxDefinitionBytes);
        var (c, created) = manager.Connections.Put(ConnectionJson.FromJson(body, id));
        await manager.RefreshAsync(cancel);
        var json = Json(manager, Runner.Of(manager, lease), c, manager.DeadLetters.Count(id), withMapping: false);
        return created ? TypedResults.Created($"/connections/{Uri.EscapeDataString(id)}", json) : TypedResults.Ok(json);
    }

    internal static async Task<NoContent> DeleteConnection(string id, ConnectionManager manager, CancellationToken cancel)
    {
        manager.Connections.Remove(id);
        await manager.RefreshAsync(cancel);
        return TypedResults.NoContent();
    }

    internal static Task<Ok<JsonObject>> PauseConnection(string id, ConnectionManager manager, IWorkLease lease, CancellationToken cancel) =>
        SetPaused(id, true, manager, lease, cancel);

    internal static Task<Ok<JsonObject>> ResumeConnection(string id, ConnectionManager manager, IWorkLease lease, CancellationToken cancel) =>
        SetPaused(id, false, manager, lease, cancel);

    internal static async Task<Ok<JsonObject>> PostMessages(string id, ConnectionManager manager, SyncSettings settings, HttpRequest request,
        CancellationToken cancel)
    {
        // Refuse before reading the body: an unknown, paused or non-http connection takes nothing.
        var c = manager.Connections.Get(id);
        if (c.Type != ConnectionTypes.Http)
            throw new TwinLabException(ConnectionManager.ConnectionNotHttp, $"Connection '{id}' is an {c.Type} connection; only http connections take posted messages.");
        var lines = await NdjsonBody.ReadAsync(request, settings, cancel);
        var messageId = request.Headers["Message-Id"].ToString() is { Length: > 0 } given ? given : null;
        var results = await manager.SubmitAsync(id, [.. lines.Select(l => l.Bytes)], messageId, cancel);
        var errors = new JsonArray();
        long applied = 0, duplicates = 0, deadLettered = 0;
        for (var i = 0; i < results.Count; i++)
        {
            switch (results[i].Status)
            {
                case IngestStatus.Applied:
                    applied++;
                    break;
                case IngestStatus.Duplicate:
                    duplicates++;
                    break;
                default:
                    deadLettered++;
                    if (errors.Count < TelemetryBatchApi.MaxErrorsListed)
                        errors.Add(new JsonObject { ["line"] = lines[i].Number, ["error"] = results[i].Reason });
                    break;
            }
        }
        return TypedResults.Ok(new JsonObject
        {
            ["lines"] = lines.Count,
            ["accepted"] = applied,
            ["duplicates"] = duplicates,
            ["deadLettered"] = deadLettered,
            ["errors"] = errors,
            ["errorsNotListed"] = Math.Max(0, deadLettered - errors.Count),
        });
    }

    /// <summary>The connection as JSON, with its state, live status and dead-letter count.</summary>
    /// <remarks>On a server without the work lease an MQTT or folder connection is <see cref="ConnectionStates.Paused"/> when
    /// its definition is, else <see cref="ConnectionStates.Standby"/>, with <c>leaseHolder</c> naming the server that runs it
    /// (<c>HOST/PID</c>, or null when nobody holds the lease) and <c>status</c> as that server last wrote it. The state comes
    /// from the definition, not from that status, because the status lags: the holder takes a pause or resume sent here up
    /// at its next poll (within about a second), and until then its status still shows the state before the change.</remarks>
    internal static JsonObject Json(ConnectionManager manager, Runner runner, ConnectionDefinition c, int deadLetters, bool withMapping)
    {
        var json = ConnectionJson.ToJson(c);
        if (!withMapping) json.Remove("mapping");
        // This process's live status when it runs the connection; else whatever another process last wrote.
        var status = manager.StatusOf(c.Id) ?? manager.Connections.StatusOf(c.Id);
        json["state"] = manager.Runs(c) ? manager.Connections.StateOf(c, status) : c.Paused ? ConnectionStates.Paused : ConnectionStates.Standby;
        if (!manager.IsActive) json["leaseHolder"] = runner.Holder;
        json["status"] = status is null ? null : JsonSerializer.SerializeToNode(status);
        json["deadLetters"] = deadLetters;
        return json;
    }

    /// <summary>Who runs the connections' sources, read once per request: this server, or (on standby) the lease holder.</summary>
    internal sealed class Runner(ConnectionManager manager, IWorkLease lease)
    {
        private string? _holder;
        private bool _read;

        /// <summary>Reads the lease holder only when the answer needs it (it costs a query over PostgreSQL).</summary>
        public static Runner Of(ConnectionManager manager, IWorkLease lease) => new(manager, lease);

        /// <summary>The lease holder's name (<c>HOST/PID</c>), or <c>null</c> when nobody holds it.</summary>
        public string? Holder
        {
            get
            {
                if (manager.IsActive) return lease.Node;
                if (!_read) (_holder, _read) = (lease.Holder(), true);
                return _holder;
            }
        }
    }

    /// <summary>The number of dead letters of each source (one pass over the store).</summary>
    internal static Dictionary<string, int> LetterCounts(DeadLetterStore letters) =>
        letters.List(null, int.MaxValue).GroupBy(l => l.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static async Task<Ok<JsonObject>> SetPaused(string id, bool paused, ConnectionManager manager, IWorkLease lease, CancellationToken cancel)
    {
        var c = paused ? manager.Connections.Pause(id) : manager.Connections.Resume(id);
        await manager.RefreshAsync(cancel);
        return TypedResults.Ok(Json(manager, Runner.Of(manager, lease), c, manager.DeadLetters.Count(id), withMapping: false));
    }
}
