using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Cluster.Twins;

namespace TwinLab.Cluster.Tests;

/// <summary>An example's models and graph file put on a cluster through the twin grains, as an API client would.</summary>
internal static class ExampleGraphs
{
    /// <summary>The DTDL files of an example's <c>models</c> folder, by name.</summary>
    public static IReadOnlyList<string> Models(string example, params string[] files) =>
        files.Select(f => Examples.Read($"{example}/models/{f}")).ToArray();

    /// <summary>Imports <paramref name="models"/> on <paramref name="branch"/>, then puts every twin and relationship of the graph file.</summary>
    public static async Task LoadAsync(IGrainFactory grains, string branch, IReadOnlyList<string> models, JsonElement file)
    {
        await grains.GetGrain<IModelsGrain>(branch).ImportAsync(models);
        foreach (var twin in file.GetProperty("twins").EnumerateArray())
            await grains.GetGrain<ITwinGrain>(TwinKey.Of(branch, twin.GetProperty("$dtId").GetString()!)).PutAsync(twin.GetRawText());
        foreach (var rel in file.GetProperty("relationships").EnumerateArray())
        {
            var body = new JsonObject { ["$relationshipName"] = rel.GetProperty("name").GetString(), ["$targetId"] = rel.GetProperty("target").GetString() };
            if (rel.TryGetProperty("properties", out var props))
                foreach (var p in props.EnumerateObject()) body[p.Name] = JsonNode.Parse(p.Value.GetRawText());
            await grains.GetGrain<ITwinGrain>(TwinKey.Of(branch, rel.GetProperty("source").GetString()!))
                .PutRelationshipAsync(rel.GetProperty("id").GetString()!, body.ToJsonString());
        }
    }
}
