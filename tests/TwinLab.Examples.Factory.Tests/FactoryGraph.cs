using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Examples.Factory.Tests;

/// <summary>Loads examples/factory into a twin graph the way the CLI does: models first, then the graph file.</summary>
internal static class FactoryGraph
{
    public static string Folder { get; } = FindFolder();

    public static string GraphFilePath => Path.Combine(Folder, "twins.json");

    /// <summary>The sample factory.</summary>
    public static GraphSnapshot Load() => Load(JsonNode.Parse(File.ReadAllText(GraphFilePath))!);

    /// <summary>A graph file after <paramref name="edit"/> (to break it on purpose).</summary>
    public static GraphSnapshot Load(Action<JsonNode> edit)
    {
        var file = JsonNode.Parse(File.ReadAllText(GraphFilePath))!;
        edit(file);
        return Load(file);
    }

    /// <summary>A graph from a graph file's JSON.</summary>
    public static GraphSnapshot Load(JsonNode file)
    {
        var graph = new TwinGraph();
        var models = Directory.EnumerateFiles(Path.Combine(Folder, "models"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => new DtdlSource(File.ReadAllText(f), f));
        graph.ImportModels(models);
        GraphFile.Apply(graph, JsonSerializer.SerializeToElement(file), "twins.json");
        return graph.Snapshot();
    }

    /// <summary>The twin with that id in a graph file's JSON.</summary>
    public static JsonObject Twin(JsonNode file, string id) =>
        file["twins"]!.AsArray().Single(t => (string?)t!["$dtId"] == id)!.AsObject();

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "factory");
            if (File.Exists(Path.Combine(candidate, "twins.json"))) return candidate;
        }
        throw new InvalidOperationException("examples/factory not found above " + AppContext.BaseDirectory);
    }
}
