using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary><c>/digitaltwins/{id}/relationships</c>: list, get, create or replace, patch and delete relationships; and
/// <c>/digitaltwins/{id}/incomingrelationships</c>.</summary>
public static class RelationshipsApi
{
    /// <summary>Maps the relationship endpoints.</summary>
    public static RouteGroupBuilder MapRelationshipsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/digitaltwins/{id}/relationships");
        api.MapGet("/", ListRelationships).WithName("ListRelationships").WithSummary("Lists a twin's outgoing relationships");
        api.MapGet("/{relId}", GetRelationship).WithName("GetRelationship").WithSummary("Gets a relationship");
        api.MapPut("/{relId}", PutRelationship).WithName("AddRelationship").WithSummary("Creates or replaces a relationship");
        api.MapPatch("/{relId}", PatchRelationship).WithName("UpdateRelationship").WithSummary("Updates a relationship's properties with JSON Patch");
        api.MapDelete("/{relId}", DeleteRelationship).WithName("DeleteRelationship").WithSummary("Deletes a relationship");
        app.MapAdtGroup("/digitaltwins/{id}/incomingrelationships")
            .MapGet("/", ListIncomingRelationships).WithName("ListIncomingRelationships").WithSummary("Lists the relationships that point at a twin");
        return api;
    }

    internal static ContentHttpResult ListIncomingRelationships(string id, TwinService service)
    {
        var snapshot = service.SnapshotOf(BranchInfo.Main);
        snapshot.GetTwin(id);
        // ADT's IncomingRelationship: the relationship's id, name, source and link.
        var value = new JsonArray(snapshot.IncomingOf(id).OrderBy(r => r.SourceId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => (JsonNode)new JsonObject
            {
                ["$relationshipId"] = r.Id,
                ["$sourceId"] = r.SourceId,
                ["$relationshipName"] = r.Name,
                ["$relationshipLink"] = $"/digitaltwins/{Uri.EscapeDataString(r.SourceId)}/relationships/{Uri.EscapeDataString(r.Id)}",
            }).ToArray());
        var page = new JsonObject { ["value"] = value, ["nextLink"] = null };
        return TypedResults.Text(page.ToJsonString(), "application/json");
    }

    internal static async Task<NoContent> PatchRelationship(string id, string relId, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var patch = await RequestJson.ReadPatchAsync(request, cancel);
        var ifMatch = RequestJson.IfMatch(request);
        var rel = service.Write(BranchInfo.Main, RequestJson.Writer, g => g.UpdateRelationship(id, relId, patch, ifMatch)).Value;
        request.HttpContext.Response.Headers.ETag = rel.ETag;
        return TypedResults.NoContent();
    }

    internal static ContentHttpResult ListRelationships(string id, string? relationshipName, TwinService service)
    {
        var snapshot = service.SnapshotOf(BranchInfo.Main);
        snapshot.GetTwin(id);
        var value = new JsonArray(snapshot.OutgoingOf(id, relationshipName).OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => (JsonNode)TwinJson.ToNode(r)).ToArray());
        var page = new JsonObject { ["value"] = value, ["nextLink"] = null };
        return TypedResults.Text(page.ToJsonString(), "application/json");
    }

    internal static ContentHttpResult GetRelationship(string id, string relId, TwinService service, HttpResponse response)
    {
        var snapshot = service.SnapshotOf(BranchInfo.Main);
        snapshot.GetTwin(id);
        var rel = snapshot.OutgoingOf(id).FirstOrDefault(r => r.Id == relId)
            ?? throw new TwinLabException(ErrorCodes.RelationshipNotFound, $"Relationship '{relId}' of twin '{id}' not found.");
        return RelationshipResult(rel, response);
    }

    internal static async Task<ContentHttpResult> PutRelationship(string id, string relId, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel);
        var ifNoneMatch = RequestJson.IfNoneMatchAny(request);
        var ifMatch = RequestJson.IfMatch(request);
        var rel = service.Write(BranchInfo.Main, RequestJson.Writer, g => g.CreateOrReplaceRelationship(id, relId, body, ifMatch, ifNoneMatch)).Value;
        return RelationshipResult(rel, request.HttpContext.Response);
    }

    internal static NoContent DeleteRelationship(string id, string relId, TwinService service, HttpRequest request)
    {
        var ifMatch = RequestJson.IfMatch(request);
        service.Write(BranchInfo.Main, RequestJson.Writer, g =>
        {
            g.DeleteRelationship(id, relId, ifMatch);
            return true;
        });
        return TypedResults.NoContent();
    }

    private static ContentHttpResult RelationshipResult(Relationship rel, HttpResponse response)
    {
        response.Headers.ETag = rel.ETag;
        return TypedResults.Text(TwinJson.ToJson(rel), "application/json");
    }
}
