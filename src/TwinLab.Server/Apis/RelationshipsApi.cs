using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;
using TwinLab.Server.Twins;

namespace TwinLab.Server;

/// <summary><c>/digitaltwins/{id}/relationships</c>: list, get, create or replace, patch and delete relationships; and
/// <c>/digitaltwins/{id}/incomingrelationships</c>. TwinLab extensions: <c>?branch=NAME</c> on each and
/// <c>?asOf=SEQ|ISO-TIME</c> on the reads.</summary>
/// <remarks>Lists come in pages of at most <see cref="MaxPageSize"/> (fewer with <c>x-ms-max-item-count</c>), ordered by id,
/// with a <c>nextLink</c> that continues after the last one returned.</remarks>
public static class RelationshipsApi
{
    /// <summary>The most relationships on one page.</summary>
    internal const int MaxPageSize = 1000;

    /// <summary>Maps the relationship endpoints.</summary>
    public static RouteGroupBuilder MapRelationshipsApi(this IEndpointRouteBuilder app)
    {
        // The source twin's READ (GET) or WRITE (otherwise) is checked for every endpoint; the handlers add READ on the target.
        var api = app.MapAdtGroup("/digitaltwins/{id}/relationships").WithTags("Relationships").RequireAccess(AccessScope.Twin);
        api.MapGet("/", ListRelationships).WithBranchAndAsOf(read: true).WithName("ListRelationships")
            .WithSummary("Lists a twin's outgoing relationships, optionally of one name, paged by nextLink");
        api.MapGet("/{relId}", GetRelationship).WithBranchAndAsOf(read: true).WithName("GetRelationship").WithSummary("Gets a relationship");
        api.MapPut("/{relId}", PutRelationship).WithBranchAndAsOf(read: false).WithName("AddRelationship").WithSummary("Creates or replaces a relationship");
        api.MapPatch("/{relId}", PatchRelationship).WithBranchAndAsOf(read: false).WithName("UpdateRelationship").WithSummary("Updates a relationship's properties with JSON Patch");
        api.MapDelete("/{relId}", DeleteRelationship).WithBranchAndAsOf(read: false).WithName("DeleteRelationship").WithSummary("Deletes a relationship");
        app.MapAdtGroup("/digitaltwins/{id}/incomingrelationships").WithTags("Relationships").RequireAccess(AccessScope.Twin)
            .MapGet("/", ListIncomingRelationships).WithBranchAndAsOf(read: true).WithName("ListIncomingRelationships")
            .WithSummary("Lists the relationships that point at a twin, paged by nextLink");
        return api;
    }

    internal static async Task<ContentHttpResult> ListIncomingRelationships(string id, string? continuationToken, ITwinGraphBackend twins, HttpRequest request)
    {
        var incoming = await twins.IncomingAsync(BranchesApi.BranchOf(request.HttpContext), BranchesApi.AsOfOf(request.HttpContext), id);
        var after = continuationToken is null ? null : IncomingPosition(continuationToken);
        var size = Paging.PageSize(request, MaxPageSize);
        var readable = request.HttpContext.Readable();
        var ordered = incoming
            .Where(r => (after is null || Compare(r, after.Value) > 0) && readable(r.SourceId))
            .OrderBy(r => r.SourceId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(size + 1).ToArray();
        var page = ordered.Take(size).ToArray();
        // ADT's IncomingRelationship: the relationship's id, name, source and link.
        var value = new JsonArray(page.Select(r => (JsonNode)new JsonObject
        {
            ["$relationshipId"] = r.Id,
            ["$sourceId"] = r.SourceId,
            ["$relationshipName"] = r.Name,
            ["$relationshipLink"] = $"/digitaltwins/{Uri.EscapeDataString(r.SourceId)}/relationships/{Uri.EscapeDataString(r.Id)}",
        }).ToArray());
        var next = ordered.Length > size
            ? Paging.NextLink(request, Paging.EncodeToken(new JsonArray(page[^1].SourceId, page[^1].Id).ToJsonString()))
            : null;
        return PageResult(value, next);
    }

    internal static async Task<ContentHttpResult> ListRelationships(string id, string? relationshipName, string? continuationToken, ITwinGraphBackend twins, HttpRequest request)
    {
        var outgoing = await twins.OutgoingAsync(BranchesApi.BranchOf(request.HttpContext), BranchesApi.AsOfOf(request.HttpContext), id, relationshipName);
        var after = continuationToken is null ? null : Paging.DecodeToken(continuationToken);
        var size = Paging.PageSize(request, MaxPageSize);
        var readable = request.HttpContext.Readable();
        var ordered = outgoing
            .Where(r => (after is null || string.CompareOrdinal(r.Id, after) > 0) && readable(r.TargetId))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Take(size + 1).ToArray();
        var page = ordered.Take(size).ToArray();
        var value = new JsonArray(page.Select(r => (JsonNode)TwinJson.ToNode(r)).ToArray());
        return PageResult(value, ordered.Length > size ? Paging.NextLink(request, Paging.EncodeToken(page[^1].Id)) : null);
    }

    internal static async Task<ContentHttpResult> GetRelationship(string id, string relId, ITwinGraphBackend twins, HttpResponse response)
    {
        var outgoing = await twins.OutgoingAsync(BranchesApi.BranchOf(response.HttpContext), BranchesApi.AsOfOf(response.HttpContext), id);
        var rel = outgoing.FirstOrDefault(r => r.Id == relId && response.HttpContext.Readable()(r.TargetId))
            ?? throw new TwinLabException(ErrorCodes.RelationshipNotFound, $"Relationship '{relId}' of twin '{id}' not found.");
        return RelationshipResult(rel, response);
    }

    internal static async Task<ContentHttpResult> PutRelationship(string id, string relId, ITwinGraphBackend twins, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadContentAsync(request, cancel);
        if (body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("$targetId", out var target) && target.ValueKind == System.Text.Json.JsonValueKind.String)
            request.HttpContext.RequireReadableTarget(target.GetString()!);
        RequireReadableExisting(request.HttpContext, twins, id, relId);
        var ifNoneMatch = RequestJson.IfNoneMatchAny(request);
        var ifMatch = RequestJson.IfMatch(request);
        var rel = (await twins.PutRelationshipAsync(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), id, relId, body, ifMatch, ifNoneMatch))
            .Recorded(request.HttpContext).Value;
        return RelationshipResult(rel, request.HttpContext.Response);
    }

    internal static async Task<NoContent> PatchRelationship(string id, string relId, ITwinGraphBackend twins, HttpRequest request, CancellationToken cancel)
    {
        var patch = await RequestJson.ReadPatchBodyAsync(request, cancel);
        RequireReadableExisting(request.HttpContext, twins, id, relId);
        var ifMatch = RequestJson.IfMatch(request);
        var rel = (await twins.PatchRelationshipAsync(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), id, relId, patch, ifMatch))
            .Recorded(request.HttpContext).Value;
        request.HttpContext.Response.Headers.ETag = rel.ETag;
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> DeleteRelationship(string id, string relId, ITwinGraphBackend twins, HttpRequest request)
    {
        RequireReadableExisting(request.HttpContext, twins, id, relId);
        var ifMatch = RequestJson.IfMatch(request);
        (await twins.DeleteRelationshipAsync(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), id, relId, ifMatch)).Recorded(request.HttpContext);
        return TypedResults.NoContent();
    }

    /// <summary>A relationship whose target the caller cannot read is answered as missing, also when changing it.</summary>
    private static void RequireReadableExisting(HttpContext http, ITwinGraphBackend twins, string id, string relId)
    {
        // Unrestricted callers read everything: no need to ask the backend for the branch.
        if (http.Access().IsUnrestricted) return;
        if (twins.Current(BranchesApi.BranchOf(http)).OutgoingOf(id).FirstOrDefault(r => r.Id == relId) is { } existing && !http.Readable()(existing.TargetId))
            throw new TwinLabException(ErrorCodes.RelationshipNotFound, $"Relationship '{relId}' of twin '{id}' not found.");
    }

    /// <summary>The (source, id) an incoming-relationships token continues after.</summary>
    private static (string Source, string Id)? IncomingPosition(string token)
    {
        try
        {
            if (JsonNode.Parse(Paging.DecodeToken(token)) is JsonArray and [JsonValue source, JsonValue rel])
                return (source.GetValue<string>(), rel.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
        }
        throw new TwinLabException(ErrorCodes.InvalidArgument, "The continuation token is not valid.");
    }

    private static int Compare(Relationship r, (string Source, string Id) position)
    {
        var bySource = string.CompareOrdinal(r.SourceId, position.Source);
        return bySource != 0 ? bySource : string.CompareOrdinal(r.Id, position.Id);
    }

    private static ContentHttpResult PageResult(JsonArray value, string? nextLink) =>
        TypedResults.Text(new JsonObject { ["value"] = value, ["nextLink"] = nextLink }.ToJsonString(), "application/json");

    private static ContentHttpResult RelationshipResult(Relationship rel, HttpResponse response)
    {
        response.Headers.ETag = rel.ETag;
        return TypedResults.Text(TwinJson.ToJson(rel), "application/json");
    }
}
