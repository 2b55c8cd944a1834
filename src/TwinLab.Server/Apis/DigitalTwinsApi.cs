using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;

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
        api.MapDelete("/{id}", DeleteTwin).WithBranchAndAsOf(read: false).WithName("DeleteDigitalTwin").WithSummary("Deletes a twin without relationships");
        return api;
    }

    internal static ContentHttpResult GetTwin(string id, TwinService service, HttpResponse response)
    {
        var twin = service.SnapshotOf(BranchesApi.BranchOf(response.HttpContext), BranchesApi.AsOfOf(response.HttpContext)).GetTwin(id);
        return TwinResult(twin, response);
    }

    internal static async Task<ContentHttpResult> PutTwin(string id, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadContentAsync(request, cancel);
        // Creating or replacing is judged with the model the body gives too (a model: grant covers twins of that model).
        request.HttpContext.RequireTwin(id, Core.Security.Permissions.Write, RequestAccess.ModelOf(body));
        var ifNoneMatch = RequestJson.IfNoneMatchAny(request);
        var ifMatch = RequestJson.IfMatch(request);
        var twin = service.Write(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), g => g.CreateOrReplaceTwin(id, body, ifMatch, ifNoneMatch)).Value;
        return TwinResult(twin, request.HttpContext.Response);
    }

    internal static async Task<NoContent> PatchTwin(string id, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var patch = await RequestJson.ReadPatchAsync(request, cancel);
        var ifMatch = RequestJson.IfMatch(request);
        var twin = service.Write(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), g => g.UpdateTwin(id, patch, ifMatch)).Value;
        request.HttpContext.Response.Headers.ETag = twin.ETag;
        return TypedResults.NoContent();
    }

    internal static NoContent DeleteTwin(string id, TwinService service, HttpRequest request)
    {
        var ifMatch = RequestJson.IfMatch(request);
        service.Write(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), g =>
        {
            g.DeleteTwin(id, ifMatch);
            return true;
        });
        return TypedResults.NoContent();
    }

    private static ContentHttpResult TwinResult(Twin twin, HttpResponse response)
    {
        response.Headers.ETag = twin.ETag;
        return TypedResults.Text(TwinJson.ToJson(twin), "application/json");
    }
}
