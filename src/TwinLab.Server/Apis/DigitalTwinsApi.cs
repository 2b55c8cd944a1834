using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary><c>/digitaltwins/{id}</c>: get, create or replace, patch and delete a twin.</summary>
public static class DigitalTwinsApi
{
    /// <summary>Maps the twin endpoints.</summary>
    public static RouteGroupBuilder MapDigitalTwinsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/digitaltwins");
        api.MapGet("/{id}", GetTwin).WithName("GetDigitalTwin").WithSummary("Gets a twin");
        api.MapPut("/{id}", PutTwin).WithName("AddDigitalTwin").WithSummary("Creates or replaces a twin");
        api.MapPatch("/{id}", PatchTwin).WithName("UpdateDigitalTwin").WithSummary("Updates a twin with JSON Patch");
        api.MapDelete("/{id}", DeleteTwin).WithName("DeleteDigitalTwin").WithSummary("Deletes a twin without relationships");
        return api;
    }

    internal static ContentHttpResult GetTwin(string id, TwinService service, HttpResponse response)
    {
        var twin = service.SnapshotOf(BranchInfo.Main).GetTwin(id);
        return TwinResult(twin, response);
    }

    internal static async Task<ContentHttpResult> PutTwin(string id, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel);
        var ifNoneMatch = RequestJson.IfNoneMatchAny(request);
        var ifMatch = RequestJson.IfMatch(request);
        var twin = service.Write(BranchInfo.Main, RequestJson.Writer, g => g.CreateOrReplaceTwin(id, body, ifMatch, ifNoneMatch)).Value;
        return TwinResult(twin, request.HttpContext.Response);
    }

    internal static async Task<NoContent> PatchTwin(string id, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var patch = await RequestJson.ReadPatchAsync(request, cancel);
        var ifMatch = RequestJson.IfMatch(request);
        var twin = service.Write(BranchInfo.Main, RequestJson.Writer, g => g.UpdateTwin(id, patch, ifMatch)).Value;
        request.HttpContext.Response.Headers.ETag = twin.ETag;
        return TypedResults.NoContent();
    }

    internal static NoContent DeleteTwin(string id, TwinService service, HttpRequest request)
    {
        var ifMatch = RequestJson.IfMatch(request);
        service.Write(BranchInfo.Main, RequestJson.Writer, g =>
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
