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

/// <summary><c>/models</c>: upload DTDL models (all or nothing) and read one back.</summary>
public static class ModelsApi
{
    /// <summary>Maps the model endpoints.</summary>
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/models");
        api.MapPost("/", AddModels).WithName("AddModels").WithSummary("Uploads DTDL models in one batch");
        api.MapGet("/{id}", GetModel).WithName("GetModel").WithSummary("Gets a model");
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
