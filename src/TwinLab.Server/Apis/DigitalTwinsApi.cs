using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Erasure;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;
using TwinLab.Server.Twins;

namespace TwinLab.Server;

/// <summary>
/// <c>/digitaltwins/{id}</c>: get, create or replace, patch and delete a twin. TwinLab extensions: <c>?branch=NAME</c> on
/// each (default main) and <c>?asOf=SEQ|ISO-TIME</c> on GET (time travel; writes refuse it).
/// </summary>
public static class DigitalTwinsApi
{
    /// <summary>Maps the twin endpoints.</summary>
    public static RouteGroupBuilder MapDigitalTwinsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/digitaltwins").WithTags("DigitalTwins").RequireAccess(AccessScope.Twin);
        api.MapGet("/{id}", GetTwin).WithBranchAndAsOf(read: true).WithName("GetDigitalTwin").WithSummary("Gets a twin");
        api.MapPut("/{id}", PutTwin).RequireAccess(AccessScope.Handler).WithBranchAndAsOf(read: false).WithName("AddDigitalTwin").WithSummary("Creates or replaces a twin");
        api.MapPatch("/{id}", PatchTwin).WithBranchAndAsOf(read: false).WithName("UpdateDigitalTwin").WithSummary("Updates a twin with JSON Patch");
        api.MapDelete("/{id}", DeleteTwin).WithBranchAndAsOf(read: false).WithName("DeleteDigitalTwin")
            .WithSummary("Deletes a twin without relationships; with ?purge=true erases it and every trace of it instead (see the purge endpoint)");
        // Erasing is more than a write: ADMIN on the twin (and, with ?cascade, on everything, as the twins it takes along are
        // not named in the request).
        api.MapPost("/{id}/purge", PurgeTwin).RequireAccess(AccessScope.Twin, Core.Security.Permissions.Admin).WithName("PurgeDigitalTwin")
            .WithSummary("Right to erasure: erases a twin from every branch with its history, telemetry, snapshots, keys and documents (?cascade=true: also the twins only it points at)");
        return api;
    }

    internal static async Task<ContentHttpResult> GetTwin(string id, ITwinGraphBackend twins, HttpResponse response)
    {
        var twin = await twins.GetTwinAsync(BranchesApi.BranchOf(response.HttpContext), BranchesApi.AsOfOf(response.HttpContext), id);
        return TwinResult(twin, response);
    }

    internal static async Task<ContentHttpResult> PutTwin(string id, ITwinGraphBackend twins, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadContentAsync(request, cancel);
        // Creating or replacing is judged with the model the body gives too (a model: grant covers twins of that model).
        request.HttpContext.RequireTwin(id, Core.Security.Permissions.Write, RequestAccess.ModelOf(body));
        var ifNoneMatch = RequestJson.IfNoneMatchAny(request);
        var ifMatch = RequestJson.IfMatch(request);
        var twin = (await twins.PutTwinAsync(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), id, body, ifMatch, ifNoneMatch))
            .Recorded(request.HttpContext).Value;
        return TwinResult(twin, request.HttpContext.Response);
    }

    internal static async Task<NoContent> PatchTwin(string id, ITwinGraphBackend twins, HttpRequest request, CancellationToken cancel)
    {
        var patch = await RequestJson.ReadPatchBodyAsync(request, cancel);
        var ifMatch = RequestJson.IfMatch(request);
        var twin = (await twins.PatchTwinAsync(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), id, patch, ifMatch))
            .Recorded(request.HttpContext).Value;
        request.HttpContext.Response.Headers.ETag = twin.ETag;
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ContentHttpResult>> DeleteTwin(string id, ITwinGraphBackend twins, TwinService service, HttpRequest request)
    {
        if (bool.TryParse(request.Query["purge"], out var purge) && purge)
        {
            request.HttpContext.RequireTwin(id, Core.Security.Permissions.Admin);
            return await PurgeTwin(id, service, request);
        }
        var ifMatch = RequestJson.IfMatch(request);
        (await twins.DeleteTwinAsync(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), id, ifMatch)).Recorded(request.HttpContext);
        return TypedResults.NoContent();
    }

    /// <summary>Purges a twin (on every branch: <c>?branch</c> does not apply); answers what was erased.</summary>
    internal static async Task<ContentHttpResult> PurgeTwin(string id, TwinService service, HttpRequest request)
    {
        if (request.Query.ContainsKey("branch"))
            throw new TwinLabException(ErrorCodes.InvalidArgument, "A purge erases the twin from every branch; ?branch does not apply.");
        // Not undoable, so the request names the twin twice (as `twins purge` wants --yes): the POST body
        // {"confirm": "ID"}, or DELETE …?purge=true&confirm=ID. A stray or malformed request erases nothing.
        var confirmation = HttpMethods.IsDelete(request.Method)
            ? request.Query["confirm"].ToString()
            : (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
              && await RequestJson.ReadAsync(request, request.HttpContext.RequestAborted) is { ValueKind: System.Text.Json.JsonValueKind.Object } body
              && body.TryGetProperty("confirm", out var c1) && c1.ValueKind == System.Text.Json.JsonValueKind.String ? c1.GetString() : null;
        if (!string.Equals(confirmation, id, StringComparison.Ordinal))
            throw new TwinLabException(ErrorCodes.InvalidArgument, HttpMethods.IsDelete(request.Method)
                ? $"A purge erases twin '{id}' for good: confirm it by naming the twin again, DELETE …/digitaltwins/{id}?purge=true&confirm={id}."
                : $"A purge erases twin '{id}' for good: confirm it by naming the twin again in the body, {{\"confirm\": \"{id}\"}}.");
        var cascade = bool.TryParse(request.Query["cascade"], out var cascadeValue) && cascadeValue;
        var access = request.HttpContext.Access();
        if (cascade && !access.IsUnrestricted)
            AccessDenied.Unless(access.OnEverything(Core.Security.Permissions.Admin), Core.Security.Permissions.Admin, "everything ('*'), which a purge with ?cascade=true needs");
        // The audit log keeps who did what, not the erased ids: records still queued are written first, so the purge
        // (which redacts the stored ones) finds them, and this request's own record names them redacted.
        if (request.HttpContext.RequestServices.GetService<Audit.AuditRecorder>() is { } recorder)
            await recorder.FlushAsync(TimeSpan.FromSeconds(2), request.HttpContext.RequestAborted);
        var outcome = service.Purge([id], cascade, request.HttpContext.WriteContext().Actor);
        Audit.RequestAudit.Erased(request.HttpContext, outcome.Plan.Twins);
        return TypedResults.Text(PurgeJson.Outcome(outcome).ToJsonString(), "application/json");
    }

    private static ContentHttpResult TwinResult(Twin twin, HttpResponse response)
    {
        response.Headers.ETag = twin.ETag;
        return TypedResults.Text(TwinJson.ToJson(twin), "application/json");
    }
}
