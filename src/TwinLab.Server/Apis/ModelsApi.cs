using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;

namespace TwinLab.Server;

/// <summary><c>/models</c>: upload DTDL models (all or nothing), list them (paged), read and delete one.</summary>
public static class ModelsApi
{
    /// <summary>Maps the model endpoints.</summary>
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/models");
        api.MapPost("/", AddModels).WithName("AddModels").WithSummary("Uploads DTDL models in one batch");
        api.MapGet("/", ListModels).WithName("ListModels").WithSummary("Lists models, optionally only some and their dependencies, paged by nextLink");
        api.MapGet("/{id}", GetModel).WithName("GetModel").WithSummary("Gets a model");
        api.MapDelete("/{id}", DeleteModel).WithName("DeleteModel").WithSummary("Deletes a model no twin or model uses");
        return api;
    }

    internal static async Task<ContentHttpResult> AddModels(TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel);
        if (body.ValueKind != JsonValueKind.Array)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be a JSON array of DTDL interfaces.");
        var sources = body.EnumerateArray().Select(m => new DtdlSource(m.GetRawText())).ToArray();
        // ADT refuses to upload a model id twice, even with the same content; the graph would replace nothing silently.
        var snapshot = service.SnapshotOf(BranchInfo.Main);
        foreach (var m in body.EnumerateArray())
            if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("@id", out var idProp) && idProp.ValueKind == JsonValueKind.String
                && snapshot.Models.Contains(idProp.GetString()!))
                throw new TwinLabException(ErrorCodes.ModelAlreadyExists, $"Model '{idProp.GetString()}' already exists.");
        var imported = service.Write(BranchInfo.Main, RequestJson.Writer, g => g.ImportModels(sources)).Value;
        var models = service.SnapshotOf(BranchInfo.Main).Models;
        var value = new JsonArray(imported.Select(i => (JsonNode)ModelData(models, i.Id, includeDefinition: false)).ToArray());
        return TypedResults.Text(value.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
    }

    internal static ContentHttpResult GetModel(string id, bool? includeModelDefinition, TwinService service)
    {
        var models = service.SnapshotOf(BranchInfo.Main).Models;
        if (!models.Contains(id)) throw new TwinLabException(ErrorCodes.ModelNotFound, $"Model '{id}' not found.");
        return TypedResults.Text(ModelData(models, id, includeModelDefinition ?? false).ToJsonString(), "application/json");
    }

    /// <summary>Items per page when the client sends no <c>x-ms-max-item-count</c>.</summary>
    internal const int DefaultPageSize = 1000;

    internal static ContentHttpResult ListModels(string[]? dependenciesFor, bool? includeModelDefinition, string? continuationToken,
        TwinService service, HttpRequest request)
    {
        var models = service.SnapshotOf(BranchInfo.Main).Models;
        IEnumerable<string> ids;
        if (dependenciesFor is { Length: > 0 })
        {
            // ADT: the named models and everything they depend on, transitively.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            foreach (var id in dependenciesFor)
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

    internal static NoContent DeleteModel(string id, TwinService service)
    {
        service.Write(BranchInfo.Main, RequestJson.Writer, g =>
        {
            g.DeleteModel(id);
            return true;
        });
        return TypedResults.NoContent();
    }

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
        var header = request.Headers["x-ms-max-item-count"].ToString();
        if (header.Length == 0) return max;
        if (!int.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"x-ms-max-item-count must be a positive integer, not '{header}'.");
        return Math.Min(n, max);
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
