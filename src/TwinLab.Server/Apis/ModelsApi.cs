using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Core.Security;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;
using TwinLab.Server.Twins;

namespace TwinLab.Server;

/// <summary><c>/models</c>: upload DTDL models (all or nothing), list them (paged), read one, decommission one, delete one.
/// TwinLab extensions: <c>?branch=NAME</c> on each and <c>?asOf=SEQ|ISO-TIME</c> on the reads.</summary>
public static class ModelsApi
{
    /// <summary>ADT's code for a JSON Patch it does not accept.</summary>
    internal const string JsonPatchInvalid = "JsonPatchInvalid";

    /// <summary>Maps the model endpoints.</summary>
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        // Each model is checked against model: and * grants in the handler; uploading needs WRITE on everything (a new
        // model's place in the hierarchy, and so which model: grants cover it, is only known once it is imported).
        var api = app.MapAdtGroup("/models").WithTags("Models").RequireAccess(AccessScope.Handler);
        api.MapPost("/", AddModels).RequireAccess(AccessScope.Everything, Permissions.Write).WithBranchAndAsOf(read: false).WithName("AddModels").WithSummary("Uploads up to 250 DTDL models in one batch, all or nothing");
        api.MapGet("/", ListModels).WithBranchAndAsOf(read: true).WithName("ListModels").WithSummary("Lists models, optionally only some and their dependencies, paged by nextLink");
        api.MapGet("/{id}", GetModel).WithBranchAndAsOf(read: true).WithName("GetModel").WithSummary("Gets a model");
        api.MapPatch("/{id}", DecommissionModel).WithBranchAndAsOf(read: false).WithName("UpdateModel")
            .WithSummary("Decommissions a model (the only change allowed): [{\"op\":\"replace\",\"path\":\"/decommissioned\",\"value\":true}]");
        api.MapDelete("/{id}", DeleteModel).WithBranchAndAsOf(read: false).WithName("DeleteModel").WithSummary("Deletes a model no twin or model uses");
        return api;
    }

    internal static async Task<ContentHttpResult> AddModels(ITwinGraphBackend twins, HttpRequest request, CancellationToken cancel)
    {
        // Up to 250 interfaces of up to 1 MiB each: the body may be far over ADT's 32 KB payload, up to Kestrel's cap.
        var bytes = await RequestJson.ReadBytesAsync(request, RequestLimits.MaxRequestBodyBytes, cancel);
        RequestLimits.CheckModelCount(bytes.Span);
        var body = RequestJson.Parse(bytes);
        var sources = body.EnumerateArray().Select(m => m.GetRawText()).ToArray();
        var branch = BranchesApi.BranchOf(request.HttpContext);
        // ADT refuses to upload a model id twice, even with the same content; the graph would replace nothing silently.
        var existing = await twins.ModelsAsync(branch, null);
        foreach (var m in body.EnumerateArray())
            if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("@id", out var idProp) && idProp.ValueKind == JsonValueKind.String
                && existing.Contains(idProp.GetString()!))
                throw new TwinLabException(ErrorCodes.ModelAlreadyExists, $"Model '{idProp.GetString()}' already exists.");
        var imported = (await twins.ImportModelsAsync(branch, request.HttpContext.WriteContext(), sources)).Recorded(request.HttpContext).Value;
        var models = await twins.ModelsAsync(branch, null);
        var value = new JsonArray(imported.Select(id => (JsonNode)ModelData(models, id, includeDefinition: false)).ToArray());
        return TypedResults.Text(value.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
    }

    internal static async Task<ContentHttpResult> GetModel(string id, bool? includeModelDefinition, ITwinGraphBackend twins, HttpContext context)
    {
        var models = await Models(twins, context);
        RequireModel(context, models, id, Permissions.Read);
        return TypedResults.Text(ModelData(models, id, includeModelDefinition ?? false).ToJsonString(), "application/json");
    }

    /// <summary>The most models on one page, as in ADT (also the page size when the client sends no <c>x-ms-max-item-count</c>).</summary>
    internal const int DefaultPageSize = 100;

    internal static async Task<ContentHttpResult> ListModels(string[]? dependenciesFor, bool? includeModelDefinition, string? continuationToken,
        ITwinGraphBackend twins, HttpRequest request)
    {
        var models = await Models(twins, request.HttpContext);
        IEnumerable<string> ids;
        if (dependenciesFor is { Length: > 0 })
        {
            // ADT: the named models and everything they depend on, transitively.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            // The ADT REST spec sends the list comma-separated (dependenciesFor=a,b), as the JavaScript client does;
            // repeated parameters work too. DTMIs cannot contain commas.
            foreach (var id in dependenciesFor.SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!models.Contains(id)) throw new TwinLabException(ErrorCodes.ModelNotFound, $"Model '{id}' not found.");
                stack.Push(id);
            }
            while (stack.Count > 0)
            {
                var id = stack.Pop();
                if (!seen.Add(id) || models.Find(id) is not { } i) continue;
                foreach (var r in ModelSet.References(i)) stack.Push(r);
            }
            ids = seen.Where(models.Contains);
        }
        else ids = models.Entries.Select(e => e.Interface.Id);
        var access = request.HttpContext.Access();
        if (!access.IsUnrestricted) ids = ids.Where(id => access.OnModel(Permissions.Read, id, models).Allowed);
        var after = continuationToken is null ? null : Paging.DecodeToken(continuationToken);
        var size = Paging.PageSize(request, DefaultPageSize);
        var ordered = ids.Order(StringComparer.Ordinal).Where(id => after is null || string.CompareOrdinal(id, after) > 0).Take(size + 1).ToArray();
        var page = ordered.Take(size).ToArray();
        var value = new JsonArray(page.Select(id => (JsonNode)ModelData(models, id, includeModelDefinition ?? false)).ToArray());
        var body = new JsonObject
        {
            ["value"] = value,
            ["nextLink"] = ordered.Length > size ? Paging.NextLink(request, Paging.EncodeToken(page[^1])) : null,
        };
        return TypedResults.Text(body.ToJsonString(), "application/json");
    }

    internal static async Task<NoContent> DecommissionModel(string id, TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        if (type is null || !(type.Equals("application/json-patch+json", StringComparison.OrdinalIgnoreCase) || type.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"A patch must be sent as application/json-patch+json, not '{type ?? "(none)"}'.");
        var body = await RequestJson.ReadAsync(request, cancel, RequestLimits.PayloadBytes);
        // ADT: "Only the decommissioned property can be replaced", and a decommissioned model cannot be recommissioned.
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() == 0)
            throw new TwinLabException(JsonPatchInvalid, "The body must be a JSON Patch array: [{\"op\":\"replace\",\"path\":\"/decommissioned\",\"value\":true}].");
        foreach (var op in body.EnumerateArray())
        {
            if (op.ValueKind != JsonValueKind.Object
                || !op.TryGetProperty("op", out var o) || o.ValueKind != JsonValueKind.String || o.GetString() != "replace"
                || !op.TryGetProperty("path", out var p) || p.ValueKind != JsonValueKind.String || p.GetString() != "/decommissioned")
                throw new TwinLabException(JsonPatchInvalid,
                    $"Only the decommissioned property of a model can be replaced ({{\"op\":\"replace\",\"path\":\"/decommissioned\",\"value\":true}}), not {RequestLimits.Shorten(op.GetRawText(), 100)}.");
            if (!op.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.True)
                throw new TwinLabException(JsonPatchInvalid, "/decommissioned can only be set to true: a decommissioned model cannot be recommissioned.");
        }
        RequireModel(request.HttpContext, service.SnapshotOf(BranchesApi.BranchOf(request.HttpContext)).Models, id, Permissions.Write);
        service.Write(BranchesApi.BranchOf(request.HttpContext), request.HttpContext.WriteContext(), g =>
        {
            if (!g.Models.TryGet(id, out var entry))
                throw new TwinLabException(ErrorCodes.ModelNotFound, $"Model '{id}' not found.");
            if (!entry.Decommissioned) g.DecommissionModel(id);
            return true;
        }).Recorded(request.HttpContext);
        return TypedResults.NoContent();
    }

    internal static NoContent DeleteModel(string id, TwinService service, HttpContext context)
    {
        RequireModel(context, service.SnapshotOf(BranchesApi.BranchOf(context)).Models, id, Permissions.Write);
        service.Write(BranchesApi.BranchOf(context), context.WriteContext(), g =>
        {
            g.DeleteModel(id);
            return true;
        }).Recorded(context);
        return TypedResults.NoContent();
    }

    /// <summary>404 ModelNotFound unless the model exists and the caller may read it; then 403 unless <paramref name="permission"/>.</summary>
    private static void RequireModel(HttpContext context, ModelSet models, string id, Permissions permission)
    {
        var access = context.Access();
        if (!models.Contains(id) || !access.OnModel(Permissions.Read, id, models).Allowed)
            throw new TwinLabException(ErrorCodes.ModelNotFound, $"Model '{id}' not found.");
        AccessDenied.Unless(access.OnModel(permission, id, models), permission, $"model '{id}'");
    }

    private static Task<ModelSet> Models(ITwinGraphBackend twins, HttpContext context) =>
        twins.ModelsAsync(BranchesApi.BranchOf(context), BranchesApi.AsOfOf(context));

    /// <summary>ADT's DigitalTwinsModelData: id, display name and description by language, upload time, decommissioned, definition.</summary>
    private static JsonObject ModelData(ModelSet models, string id, bool includeDefinition)
    {
        models.TryGet(id, out var entry);
        var data = new JsonObject
        {
            ["id"] = id,
            ["displayName"] = Localized(entry.Interface.DisplayName),
            ["description"] = Localized(entry.Interface.Description),
            ["uploadTime"] = TwinJson.Format(entry.UploadTime),
            ["decommissioned"] = entry.Decommissioned,
        };
        if (includeDefinition) data["model"] = JsonNode.Parse(entry.Interface.Definition);
        return data;
    }

    private static JsonObject Localized(LocalizedText text) =>
        new(text.ByLanguage.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
}

/// <summary>ADT-style paging: a page size from <c>x-ms-max-item-count</c> and a <c>nextLink</c> carrying an opaque token.</summary>
internal static class Paging
{
    /// <summary>The page size the client asked for with <c>x-ms-max-item-count</c> (1 to <paramref name="max"/>), else <paramref name="max"/>.</summary>
    public static int PageSize(HttpRequest request, int max)
    {
        // max-items-per-page: api-version 2022-05-31 and later; x-ms-max-item-count: 2020-10-31.
        var name = request.Headers.ContainsKey("max-items-per-page") ? "max-items-per-page" : "x-ms-max-item-count";
        var header = request.Headers[name].ToString();
        if (header.Length == 0) return max;
        if (!int.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{name} must be a positive integer, not '{header}'.");
        return Math.Min(n, max);
    }

    /// <summary>
    /// One page of a list ordered by <paramref name="key"/> (ordinal): the items after the <paramref name="continuationToken"/>'s
    /// key, as many as the client asked for (at most <paramref name="max"/>), as <c>{"value": [...], "nextLink": ...}</c>.
    /// </summary>
    public static JsonObject Page<T>(IEnumerable<T> items, Func<T, string> key, Func<T, JsonNode?> json, string? continuationToken,
        HttpRequest request, int max)
    {
        var after = continuationToken is null ? null : DecodeToken(continuationToken);
        var size = PageSize(request, max);
        var candidates = items.Where(i => after is null || string.CompareOrdinal(key(i), after) > 0).Take(size + 1).ToArray();
        var page = candidates.Take(size).ToArray();
        return new JsonObject
        {
            ["value"] = new JsonArray([.. page.Select(json)]),
            ["nextLink"] = candidates.Length > size ? NextLink(request, EncodeToken(key(page[^1]))) : null,
        };
    }

    /// <summary>The same request's URL with <c>continuationToken</c> set to <paramref name="token"/>.</summary>
    public static string NextLink(HttpRequest request, string token)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
        query["continuationToken"] = token;
        var qs = Microsoft.AspNetCore.Http.QueryString.Create(query);
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{qs}";
    }

    /// <summary>An opaque token for a position (base64url of its text).</summary>
    public static string EncodeToken(string position) =>
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(position));

    /// <summary>The position in a token; a token that cannot be read is a 400 InvalidArgument.</summary>
    public static string DecodeToken(string token)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The continuation token is not valid.");
        }
    }
}
