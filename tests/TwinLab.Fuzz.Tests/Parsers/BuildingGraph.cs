using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Fuzz.Tests.Harness;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>The building example (examples/building: models and twins), loaded once: what queries run against and
/// patches apply to.</summary>
internal static class BuildingGraph
{
    /// <summary>The example graph's snapshot (immutable, so each case starts from the same state).</summary>
    public static GraphSnapshot Snapshot { get; } = Load();

    /// <summary>A fresh graph holding the example.</summary>
    public static TwinGraph Fresh() => new(Snapshot);

    private static GraphSnapshot Load()
    {
        var graph = new TwinGraph();
        graph.ImportModels(Corpus.Files("examples/building/models/*.json").Select((text, i) => new DtdlSource(text, $"model{i}.json")));
        using var file = JsonDocument.Parse(Corpus.Files("examples/building/twins.json")[0]);
        GraphFile.Apply(graph, file.RootElement, "twins.json");
        return graph.Snapshot();
    }
}
