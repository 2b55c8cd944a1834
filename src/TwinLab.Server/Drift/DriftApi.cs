using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;
using TwinLab.Sync.Drift;
using TwinLab.Sync.Drift.Expectations;

namespace TwinLab.Server.Drift;

/// <summary>
/// <c>/drift</c> (a TwinLab extension): how well each twin's predictions fit the data arriving from its real counterpart,
/// per twin and telemetry, as <c>twinlab drift status</c> shows it; each twin's automatic re-calibration; resets; and the
/// declared expectations (YAML) the generic predictor uses.
/// </summary>
/// <remarks><c>/drift/expectations</c> is matched before <c>/drift/{twinId}</c>, so a twin named <c>expectations</c> is
/// reached with <c>twinlab drift status</c> only.</remarks>
public static class DriftApi
{
    /// <summary>The error code of an expectations file that is not stored (404).</summary>
    public const string ExpectationsNotFound = "DriftExpectationsNotFound";

    /// <summary>The error code of a reset sent to a server that does not hold the work lease (409): only the server that
    /// judges drift resets series, so a reset never races the monitor that is updating them.</summary>
    public const string NotLeaseHolder = "DriftNotLeaseHolder";

    /// <summary>The largest expectations file accepted.</summary>
    public const int MaxExpectationBytes = 256 * 1024;

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapDriftEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/drift").WithTags("Drift");
        api.MapGet("/", ListDrift).WithName("ListDrift")
            .WithSummary("Every judged twin telemetry: predictor, readings, share inside the interval, statistic vs threshold, in fit or drifting since when, last re-calibration (TwinLab extension)");
        api.MapGet("/expectations", ListExpectations).WithName("ListDriftExpectations").WithSummary("The stored expectations files (TwinLab extension)");
        api.MapGet("/expectations/{name}", GetExpectations).WithName("GetDriftExpectations").WithSummary("A stored expectations file, as YAML (TwinLab extension)");
        api.MapPut("/expectations/{name}", PutExpectations).WithName("PutDriftExpectations")
            .WithSummary("Stores an expectations file (application/yaml); 400 naming the line and field of a mistake (TwinLab extension)");
        api.MapDelete("/expectations/{name}", DeleteExpectations).WithName("DeleteDriftExpectations").WithSummary("Deletes an expectations file (TwinLab extension)");
        api.MapGet("/{twinId}", GetTwinDrift).WithName("GetTwinDrift").WithSummary("One twin's drift: each judged telemetry with its episodes (TwinLab extension)");
        api.MapPut("/{twinId}/settings", PutSettings).WithName("PutDriftSettings")
            .WithSummary("Turns a twin's automatic re-calibration on or off: {\"autoRecalibrate\": true} (TwinLab extension)");
        api.MapPost("/{twinId}/reset", Reset).WithName("ResetDrift")
            .WithSummary("Starts a twin's statistics afresh (?telemetry= for one); an episode in progress ends as 'reset' (TwinLab extension)");
        return api;
    }

    internal static Ok<JsonObject> ListDrift(DriftStore store, DriftMonitor monitor) =>
        TypedResults.Ok(new JsonObject
        {
            ["value"] = new JsonArray([.. store.List().Select(s => (JsonNode)DriftJson.Series(s, store.Settings(s.TwinId)))]),
            ["monitorError"] = monitor.LastError,
        });

    internal static Ok<JsonObject> GetTwinDrift(string twinId, DriftStore store, TwinService service)
    {
        var series = store.List(twinId);
        if (series.Count == 0 && !service.Snapshot.Twins.ContainsKey(twinId))
            throw new TwinLabException(ErrorCodes.DigitalTwinNotFound, $"Twin '{twinId}' not found, and no drift is recorded for it.");
        var settings = store.Settings(twinId);
        return TypedResults.Ok(new JsonObject
        {
            ["twinId"] = twinId,
            ["autoRecalibrate"] = settings.AutoRecalibrate,
            ["series"] = new JsonArray([.. series.Select(s => (JsonNode)DriftJson.Series(s, settings))]),
        });
    }

    internal static async Task<Ok<JsonObject>> PutSettings(string twinId, DriftStore store, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel, RequestLimits.PayloadBytes);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("autoRecalibrate", out var on) || on.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be {\"autoRecalibrate\": true} or {\"autoRecalibrate\": false}.");
        if (!service.Snapshot.Twins.ContainsKey(twinId))
            throw new TwinLabException(ErrorCodes.DigitalTwinNotFound, $"Twin '{twinId}' not found.");
        var settings = new DriftSettings { AutoRecalibrate = on.GetBoolean() };
        store.SaveSettings(twinId, settings);
        return TypedResults.Ok(new JsonObject { ["twinId"] = twinId, ["autoRecalibrate"] = settings.AutoRecalibrate });
    }

    internal static async Task<Ok<JsonObject>> Reset(string twinId, string? telemetry, DriftMonitor monitor, DriftStore store, IWorkLease lease, CancellationToken cancel)
    {
        // Only on the running monitor of the lease holder: a reset made beside another server's monitor would race its saves.
        var reset = lease.IsHeld ? await monitor.ResetOnLoopAsync(twinId, telemetry, cancel) : null;
        if (reset is null)
        {
            var holder = lease.Holder() ?? "none right now; a server takes it within the lease interval";
            throw new TwinLabException(NotLeaseHolder,
                $"This server ({lease.Node}) does not judge drift: the server holding the store's work lease does (holder: {holder}). Send the reset to that server.");
        }
        if (reset.Count == 0)
            throw new TwinLabException(ErrorCodes.DigitalTwinNotFound,
                $"No drift is recorded for twin '{twinId}'{(telemetry is null ? "" : $" and telemetry '{telemetry}'")}.");
        var settings = store.Settings(twinId);
        return TypedResults.Ok(new JsonObject { ["value"] = new JsonArray([.. reset.Select(s => (JsonNode)DriftJson.Series(s, settings))]) });
    }

    internal static Ok<JsonObject> ListExpectations(DriftStore store) =>
        TypedResults.Ok(new JsonObject
        {
            ["value"] = new JsonArray([.. new ExpectationStore(store).List().Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Id, ["title"] = d.Title, ["stored"] = Core.Twins.TwinJson.Format(d.Created),
            })]),
        });

    internal static Results<ContentHttpResult, BranchesApi.ErrorResult> GetExpectations(string name, DriftStore store) =>
        store.Store.LoadDocument(DriftStore.ExpectationsKind, name) is { } doc
            ? TypedResults.Text(doc.Json, "application/yaml")
            : NotFound(name);

    internal static async Task<Ok<JsonObject>> PutExpectations(string name, DriftStore store, HttpRequest request, CancellationToken cancel)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is not ("application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml" or "text/plain"))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Send the expectations file as application/yaml, not '{type ?? "(no Content-Type)"}'.");
        var text = await ReadTextAsync(request, cancel);
        var file = ExpectationsFile.Parse(text, name, name + ".yaml");
        new ExpectationStore(store).Save(file);
        return TypedResults.Ok(new JsonObject
        {
            ["name"] = file.Name,
            ["expectations"] = new JsonArray([.. file.Expectations.Select(e => (JsonNode)e.Name)]),
        });
    }

    internal static Results<NoContent, BranchesApi.ErrorResult> DeleteExpectations(string name, DriftStore store)
    {
        if (!store.Store.DeleteDocument(DriftStore.ExpectationsKind, name)) return NotFound(name);
        return TypedResults.NoContent();
    }

    private static BranchesApi.ErrorResult NotFound(string name) =>
        new(StatusCodes.Status404NotFound, ExpectationsNotFound, $"No expectations named '{name}' are stored; list them with GET /drift/expectations.");

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentLength > MaxExpectationBytes) throw RequestLimits.TooLarge(request.ContentLength, MaxExpectationBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + n > MaxExpectationBytes) throw RequestLimits.TooLarge(null, MaxExpectationBytes);
            buffer.Write(chunk, 0, n);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The expectations file must be UTF-8 text.");
        }
    }
}
