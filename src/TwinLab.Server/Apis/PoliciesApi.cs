using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Errors;
using TwinLab.Core.Security;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;

namespace TwinLab.Server;

/// <summary><c>/policies</c>: list, read, create or replace, and delete access policies (TwinLab extension). Every
/// endpoint needs ADMIN on <c>*</c>.</summary>
public static class PoliciesApi
{
    /// <summary>Error code of an unknown policy (404).</summary>
    public const string PolicyNotFound = "PolicyNotFound";

    /// <summary>Maps the policy endpoints.</summary>
    public static RouteGroupBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/policies").WithTags("Policies").RequireAccess(AccessScope.Everything, Permissions.Admin);
        api.MapGet("/", List).WithName("ListPolicies").WithSummary("Lists the access policies (TwinLab extension; ADMIN on *)");
        api.MapGet("/{id}", Get).WithName("GetPolicy").WithSummary("Gets an access policy (TwinLab extension; ADMIN on *)");
        api.MapPut("/{id}", Put).WithName("PutPolicy").WithSummary("Creates or replaces an access policy: {entries: {LABEL: {subjects, resources, grant, revoke}}} (TwinLab extension; ADMIN on *)");
        api.MapDelete("/{id}", Delete).WithName("DeletePolicy").WithSummary("Deletes an access policy (TwinLab extension; ADMIN on *)");
        return api;
    }

    internal static Ok<JsonObject> List(AccessControl access) =>
        TypedResults.Ok(new JsonObject { ["value"] = new JsonArray([.. access.Policies.List().Select(p => (JsonNode)PolicyJson.Write(p))]) });

    internal static Ok<JsonObject> Get(string id, AccessControl access) =>
        TypedResults.Ok(PolicyJson.Write(access.Policies.Find(AccessPolicy.CheckId(id)) ?? throw NotFound(id)));

    internal static async Task<Ok<JsonObject>> Put(string id, AccessControl access, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel, RequestLimits.PayloadBytes);
        return TypedResults.Ok(PolicyJson.Write(access.Policies.Save(PolicyJson.Read(id, body, "the request body"))));
    }

    internal static NoContent Delete(string id, AccessControl access) =>
        access.Policies.Remove(AccessPolicy.CheckId(id)) ? TypedResults.NoContent() : throw NotFound(id);

    private static TwinLabException NotFound(string id) => new(PolicyNotFound, $"No policy has id '{id}'; GET /policies lists them.");
}
