using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;

namespace TwinLab.Server;

/// <summary><c>/digitaltwins/{id}/components/{path}</c>: read and patch one component of a twin. TwinLab extensions:
/// <c>?branch=NAME</c> on both and <c>?asOf=SEQ|ISO-TIME</c> on GET.</summary>
public static class ComponentsApi
{
    /// <summary>ADT's code for a component path the twin's model does not have.</summary>
    internal const string ComponentNotFound = "ComponentNotFound";

    /// <summary>Maps the component endpoints.</summary>
    public static RouteGroupBuilder MapComponentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/digitaltwins/{id}/components").RequireAccess(AccessScope.Twin).WithTags("Components");
        api.MapGet("/{path}", GetComponent).WithBranchAndAsOf(read: true).WithName("GetComponent").WithSummary("Gets a component of a twin");
        api.MapPatch("/{path}", PatchComponent).WithBranchAndAsOf(read: false).WithName("UpdateComponent").WithSummary("Updates a component with JSON Patch");
        return api;
    }

    internal static async Task<IResult> GetComponent(string id, string path, TwinService service, HttpResponse response)
    {
        var snapshot = service.SnapshotOf(BranchesApi.BranchOf(response.HttpContext), BranchesApi.AsOfOf(response.HttpContext));
        var twin = snapshot.GetTwin(id);
        if (snapshot.Models.FindContent(twin.ModelId, path) is not DtdlComponent)
        {
            await NotFound(response, id, twin.ModelId, path);
            return Results.Empty;
        }
        if (!twin.Components.TryGetValue(path, out var component))
            component = new TwinComponent(SmallMap<TwinProperty>.Empty, twin.LastUpdateTime);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) TwinJson.WriteComponent(w, component);
        response.Headers.ETag = twin.ETag;
        return TypedResults.Text(Encoding.UTF8.GetString(buffer.ToArray()), "application/json");
    }

    internal static async Task<IResult> PatchComponent(string id, string path, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var patch = await RequestJson.ReadPatchAsync(request, cancel);
        var ifMatch = RequestJson.IfMatch(request);
        var branch = BranchesApi.BranchOf(request.HttpContext);
        var snapshot = service.SnapshotOf(branch);
        var existing = snapshot.GetTwin(id);
        if (snapshot.Models.FindContent(existing.ModelId, path) is not DtdlComponent)
        {
            await NotFound(request.HttpContext.Response, id, existing.ModelId, path);
            return Results.Empty;
        }
        var twin = service.Write(branch, request.HttpContext.WriteContext(), g => g.UpdateComponent(id, path, patch, ifMatch)).Recorded(request.HttpContext).Value;
        request.HttpContext.Response.Headers.ETag = twin.ETag;
        return TypedResults.NoContent();
    }

    private static Task NotFound(HttpResponse response, string id, string modelId, string path) =>
        AdtError.WriteAsync(response, StatusCodes.Status404NotFound, ComponentNotFound,
            $"Twin '{id}': model '{modelId}' has no component '{path}'.");
}
